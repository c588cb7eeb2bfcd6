"""The package's own SemVer version (independent of the API version, which lives in _provenance.py)."""

__all__ = ["__version__"]

__version__ = "0.5.0"

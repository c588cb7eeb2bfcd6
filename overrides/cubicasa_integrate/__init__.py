"""Python client for the CubiCasa Integrate API v3."""

from ._client_factory import DEFAULT_TIMEOUT, PRODUCTION_BASE_URL, make_generated_client
from ._provenance import API_VERSION as __api_version__
from ._provenance import GENERATOR as __generator__
from ._provenance import SPEC_SHA256 as __spec_sha256__
from ._version import __version__

__all__ = [
    "DEFAULT_TIMEOUT",
    "PRODUCTION_BASE_URL",
    "__api_version__",
    "__generator__",
    "__spec_sha256__",
    "__version__",
    "make_generated_client",
]

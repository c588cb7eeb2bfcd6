"""Where the generated package came from. Written by `make generate` (tools/codegen.py); do not edit."""

__all__ = ["API_VERSION", "FORMATTER", "GENERATOR", "SPEC_SHA256"]

API_VERSION = "v3"
"""`info.version` of openapi/cubicasa-integrate-v3.yaml."""
SPEC_SHA256 = "aec0f158276fd6b3a4055dc0ce8ef66ee5a269fba4a30416ae5250d9a880a5cf"
"""sha256 of the exact spec bytes that generated/ was generated from."""
GENERATOR = "openapi-python-client 0.29.1"
FORMATTER = "ruff 0.17.6"

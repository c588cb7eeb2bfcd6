"""Where the generated package came from. Written by `make generate` (tools/codegen.py); do not edit."""

__all__ = ["API_VERSION", "FORMATTER", "GENERATOR", "SPEC_SHA256"]

API_VERSION = "v3"
"""`info.version` of openapi/cubicasa-integrate-v3.yaml."""
SPEC_SHA256 = "8a5ddb58afc987aa50896790b0c5a151f34452f22a7d44fd5b649ffdeb0ee014"
"""sha256 of the exact spec bytes that generated/ was generated from."""
GENERATOR = "openapi-python-client 0.29.1"
FORMATTER = "ruff 0.17.6"

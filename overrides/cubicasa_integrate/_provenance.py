"""Where the generated package came from. Written by `make generate` (tools/codegen.py); do not edit."""

__all__ = ["API_VERSION", "FORMATTER", "GENERATOR", "SPEC_SHA256"]

API_VERSION = "v3"
"""`info.version` of openapi/cubicasa-integrate-v3.yaml."""
SPEC_SHA256 = "3538aade40058f6bf13b525e12b2776cd0e6efa596bca453eed676dc7144d341"
"""sha256 of the exact spec bytes that generated/ was generated from."""
GENERATOR = "openapi-python-client 0.29.1"
FORMATTER = "ruff 0.17.6"

"""Where the generated package came from. Written by `make generate` (tools/codegen.py); do not edit."""

__all__ = ["API_VERSION", "FORMATTER", "GENERATOR", "SPEC_SHA256"]

API_VERSION = "v3"
"""`info.version` of openapi/cubicasa-integrate-v3.yaml."""
SPEC_SHA256 = "d57987e35576e9cf345a49f1aaedbf7491c00198c8ab1b0a1e6ddfa66b021c82"
"""sha256 of the exact spec bytes that generated/ was generated from."""
GENERATOR = "openapi-python-client 0.29.1"
FORMATTER = "ruff 0.17.6"

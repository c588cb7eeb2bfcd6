"""Where the generated package came from. Written by `make generate` (tools/codegen.py); do not edit."""

__all__ = ["API_VERSION", "FORMATTER", "GENERATOR", "SPEC_SHA256"]

API_VERSION = "v3"
"""`info.version` of openapi/cubicasa-integrate-v3.yaml."""
SPEC_SHA256 = "b4c29f8351291240124a2db38b59f3b6ef11bed05eaeece1fc7ee19328d8daee"
"""sha256 of the exact spec bytes that generated/ was generated from."""
GENERATOR = "openapi-python-client 0.29.1"
FORMATTER = "ruff 0.17.6"

"""Defaults shared by the sync and async clients."""

from __future__ import annotations

import httpx

__all__ = [
    "API_KEY_ENV",
    "API_KEY_HEADER",
    "BASE_URL_ENV",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "LOG_ENV",
    "MAX_RETRY_AFTER",
    "PRODUCTION_BASE_URL",
]

PRODUCTION_BASE_URL = "https://app.cubi.casa/api/integrate/v3"
API_KEY_HEADER = "api-key"
API_KEY_ENV = "CUBICASA_API_KEY"
BASE_URL_ENV = "CUBICASA_BASE_URL"
LOG_ENV = "CUBICASA_LOG"

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
"""Finite by default (the generated client has no timeout at all): 5 s to connect, 30 s per read/write."""
DEFAULT_MAX_RETRIES = 2
MAX_RETRY_AFTER = 60.0
"""A Retry-After longer than this (seconds) is not waited for: the call fails with RateLimitError instead."""
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""A response body larger than this fails cleanly instead of filling memory (a 1,000-order page is ~4 MB)."""

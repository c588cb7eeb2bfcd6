"""The settings of one client, resolved and checked once: arguments first, then the environment, then defaults."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from ._constants import API_KEY_ENV, BASE_URL_ENV, PRODUCTION_BASE_URL
from ._urls import validated_base_url
from .errors import ConfigurationError

__all__ = ["ClientOptions"]

_KEY_SHAPE = re.compile(r"^[\x21-\x7e]+$")  # one printable ASCII token: anything else cannot go in a header


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """What a CubiCasa / AsyncCubiCasa client was configured with. Immutable; the key never shows in its repr."""

    api_key: str = field(repr=False)
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    max_response_bytes: int

    @classmethod
    def resolve(
        cls,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: float | httpx.Timeout,
        max_retries: int,
        allow_insecure_http: bool,
        max_response_bytes: int,
        environ: Mapping[str, str] = os.environ,
    ) -> ClientOptions:
        """The options for these arguments, or ConfigurationError saying which one is wrong. No side effects."""
        key = api_key if api_key is not None else environ.get(API_KEY_ENV, "")
        if not key:
            raise ConfigurationError(
                f"no API key: pass api_key=... or set {API_KEY_ENV} "
                "(the key is in the CubiCasa web app under Settings → Company → Developers)"
            )
        if not _KEY_SHAPE.match(key):
            raise ConfigurationError("the API key must be a single token of printable ASCII characters (no spaces)")
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ConfigurationError(f"max_retries must be an int >= 0, got {max_retries!r}")
        if isinstance(max_response_bytes, bool) or not isinstance(max_response_bytes, int) or max_response_bytes < 1:
            raise ConfigurationError(f"max_response_bytes must be a positive int, got {max_response_bytes!r}")
        url = validated_base_url(
            base_url or environ.get(BASE_URL_ENV) or PRODUCTION_BASE_URL, allow_insecure_http=allow_insecure_http
        )
        return cls(
            api_key=key,
            base_url=url,
            timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
            max_retries=max_retries,
            max_response_bytes=max_response_bytes,
        )

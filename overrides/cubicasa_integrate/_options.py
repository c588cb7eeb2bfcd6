"""The settings of one client, resolved and checked once: arguments first, then the environment, then defaults."""

from __future__ import annotations

import os
import platform
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import httpx

from ._constants import API_KEY_ENV, BASE_URL_ENV, PRODUCTION_BASE_URL
from ._urls import validated_base_url
from .errors import ConfigurationError

__all__ = ["ClientOptions", "user_agent"]

_KEY_SHAPE = re.compile(r"^[\x21-\x7e]+$")  # one printable ASCII token: anything else cannot go in a header


def user_agent() -> str:
    """`cubicasa-integrate/<version> python/<version> httpx/<version>`: what every request says it is, unless
    default_headers names another User-Agent."""
    from ._version import __version__

    return f"cubicasa-integrate/{__version__} python/{platform.python_version()} httpx/{httpx.__version__}"


def _headers(headers: Mapping[str, str] | None, *, what: str) -> Mapping[str, str]:
    """Headers checked once (str names and values httpx can send), read-only. ConfigurationError otherwise."""
    if headers is None:
        return MappingProxyType({})
    if not isinstance(headers, Mapping):
        raise ConfigurationError(f"{what} must be a mapping of header names to values, got {type(headers).__name__}")
    checked: dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str) or not _HEADER_NAME.fullmatch(name):
            raise ConfigurationError(f"{what}: {name!r} is not a header name with a str value")
        if not _HEADER_VALUE.fullmatch(value):
            raise ConfigurationError(f"{what}: the value of {name} holds characters a header cannot carry")
        checked[name] = value
    return MappingProxyType(checked)


_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110 token
_HEADER_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")  # no CR, LF or other control characters


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """What a CubiCasa / AsyncCubiCasa client was configured with. Immutable; the key never shows in its repr."""

    api_key: str = field(repr=False)
    base_url: str
    timeout: httpx.Timeout
    max_retries: int
    max_response_bytes: int
    default_headers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Sent with every request (User-Agent included unless named here), before each call's extra_headers."""

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
        default_headers: Mapping[str, str] | None = None,
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
            default_headers=_headers(default_headers, what="default_headers"),
        )

    def copy_with(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> ClientOptions:
        """These options with some replaced (with_options): checked as the constructor checks them."""
        if max_retries is not None and (
            isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0
        ):
            raise ConfigurationError(f"max_retries must be an int >= 0, got {max_retries!r}")
        changes: dict[str, object] = {}
        if timeout is not None:
            changes["timeout"] = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        if max_retries is not None:
            changes["max_retries"] = max_retries
        if default_headers is not None:
            merged = dict(self.default_headers)
            merged.update(_headers(default_headers, what="default_headers"))
            changes["default_headers"] = MappingProxyType(merged)
        return replace(self, **changes)  # type: ignore[arg-type]

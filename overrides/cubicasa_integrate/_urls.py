"""Validation of what ends up in a request URL: the base URL and the ids placed in the path."""

from __future__ import annotations

import ipaddress

import httpx

from .errors import ConfigurationError

__all__ = ["is_loopback", "path_id", "validated_base_url"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validated_base_url(base_url: str, *, allow_insecure_http: bool = False) -> str:
    """The base URL without a trailing slash, or ConfigurationError.

    Only http(s); no credentials in the URL (they would end up in logs and errors); plain http only to a
    loopback host (the sandbox) unless explicitly allowed, because the api-key would travel in clear text.
    """
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL as exc:
        raise ConfigurationError(f"invalid base URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError("the base URL must be an absolute http:// or https:// URL")
    if url.userinfo:
        raise ConfigurationError("the base URL must not contain credentials; pass api_key= instead")
    if url.query or url.fragment:
        raise ConfigurationError("the base URL must not have a query or fragment")
    if url.scheme == "http" and not is_loopback(url.host) and not allow_insecure_http:
        raise ConfigurationError(
            f"refusing plain http:// to {url.host}: the api-key would be sent in clear text "
            "(use https, or pass allow_insecure_http=True if you really mean it)"
        )
    return str(url).rstrip("/")


def path_id(value: object, name: str) -> str:
    """An id that is safe to put in one path segment on any server or proxy, or ValueError (TypeError for a
    non-string). The rule lives in the generated package (`types.path_segment`), which applies it to every path
    parameter of every generated operation; the facade checks early with the same rule, before any request."""
    from cubicasa_integrate_api.types import path_segment

    return path_segment(value, name)  # type: ignore[arg-type]  # path_segment checks the type itself

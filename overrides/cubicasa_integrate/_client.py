"""CubiCasa and AsyncCubiCasa: the entry points. One connection pool per client; use them as context managers."""

from __future__ import annotations

import os
import re
from types import TracebackType
from typing import Any, Self

import httpx

from ._base_client import AsyncCore, SyncCore
from ._constants import (
    API_KEY_ENV,
    BASE_URL_ENV,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    PRODUCTION_BASE_URL,
)
from ._logging import remember_secret, setup_from_environment
from ._urls import validated_base_url
from .errors import ConfigurationError
from .resources.change_requests import AsyncChangeRequests, ChangeRequests
from .resources.drafts import AsyncDrafts, Drafts
from .resources.orders import AsyncOrders, Orders
from .resources.users import AsyncUsers, Users
from .resources.webhooks import AsyncWebhooks, Webhooks

__all__ = ["AsyncCubiCasa", "CubiCasa"]

_KEY_SHAPE = re.compile(r"^[\x21-\x7e]+$")  # one printable ASCII token: anything else cannot go in a header


def _options(
    api_key: str | None,
    base_url: str | None,
    timeout: float | httpx.Timeout,
    max_retries: int,
    allow_insecure_http: bool,
    max_response_bytes: int,
) -> tuple[str, dict[str, Any]]:
    key = api_key if api_key is not None else os.environ.get(API_KEY_ENV, "")
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
        base_url or os.environ.get(BASE_URL_ENV) or PRODUCTION_BASE_URL, allow_insecure_http=allow_insecure_http
    )
    remember_secret(key)
    setup_from_environment()
    options = {
        "base_url": url,
        "timeout": timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
        "max_retries": max_retries,
        "max_response_bytes": max_response_bytes,
    }
    return key, options


class CubiCasa:
    """Client for the CubiCasa Integrate API v3.

    Usage:

        with CubiCasa() as client:               # api key from CUBICASA_API_KEY
            for order in client.orders.list(status=["Ready"]):
                print(order.id, order.info.status)

    Parameters:
        api_key: the company API key; defaults to the CUBICASA_API_KEY environment variable.
        base_url: defaults to CUBICASA_BASE_URL, then production. Plain http is accepted only for loopback
            hosts (the sandbox) unless allow_insecure_http=True.
        timeout: seconds, or an httpx.Timeout; by default 5 s to connect and 30 s per read.
        max_retries: retries after a transient failure (connection errors, 408, 429, 5xx) of requests that are
            safe to repeat; purchases are never repeated (see Orders.upgrade).
        transport: an httpx transport to send through (for tests, proxies, or the sandbox in-process).
        max_response_bytes: a response body larger than this (64 MiB by default) fails with ResponseDecodeError
            instead of filling memory.
    """

    orders: Orders
    users: Users
    webhooks: Webhooks
    drafts: Drafts
    change_requests: ChangeRequests

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        allow_insecure_http: bool = False,
        transport: httpx.BaseTransport | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        key, options = _options(api_key, base_url, timeout, max_retries, allow_insecure_http, max_response_bytes)
        self._core = SyncCore(key, transport=transport, **options)
        self.orders = Orders(self._core)
        self.users = Users(self._core)
        self.webhooks = Webhooks(self._core)
        self.drafts = Drafts(self._core)
        self.change_requests = ChangeRequests(self._core)

    @property
    def base_url(self) -> str:
        return self._core.base_url

    def close(self) -> None:
        """Close the connection pool."""
        self._core.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, api_key=<redacted>, "
            f"max_retries={self._core.retry_policy.max_retries})"
        )


class AsyncCubiCasa:
    """The asyncio twin of CubiCasa: the same resources and methods, awaited.

    async with AsyncCubiCasa() as client:
        order = await client.orders.get(order_id)
        async for order in client.orders.list():
            ...
    """

    orders: AsyncOrders
    users: AsyncUsers
    webhooks: AsyncWebhooks
    drafts: AsyncDrafts
    change_requests: AsyncChangeRequests

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        allow_insecure_http: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        key, options = _options(api_key, base_url, timeout, max_retries, allow_insecure_http, max_response_bytes)
        self._core = AsyncCore(key, transport=transport, **options)
        self.orders = AsyncOrders(self._core)
        self.users = AsyncUsers(self._core)
        self.webhooks = AsyncWebhooks(self._core)
        self.drafts = AsyncDrafts(self._core)
        self.change_requests = AsyncChangeRequests(self._core)

    @property
    def base_url(self) -> str:
        return self._core.base_url

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._core.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, api_key=<redacted>, "
            f"max_retries={self._core.retry_policy.max_retries})"
        )

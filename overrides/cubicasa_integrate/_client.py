"""CubiCasa and AsyncCubiCasa: the entry points. One connection pool per client; use them as context managers."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

import httpx

from ._base_client import AsyncAPIClient, SyncAPIClient
from ._constants import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._logging import remember_secret, setup_from_environment
from ._options import ClientOptions
from .resources.change_requests import AsyncChangeRequests, ChangeRequests
from .resources.drafts import AsyncDrafts, Drafts
from .resources.orders import AsyncOrders, Orders
from .resources.users import AsyncUsers, Users
from .resources.webhooks import AsyncWebhooks, Webhooks

__all__ = ["AsyncCubiCasa", "CubiCasa"]


def _options(**arguments: Any) -> ClientOptions:
    """The resolved options, and the two process-wide effects of building a client: the key joins the set that
    every log record and error is scrubbed of, and CUBICASA_LOG is honoured."""
    options = ClientOptions.resolve(**arguments)
    remember_secret(options.api_key)
    setup_from_environment()
    return options


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
        options = _options(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            allow_insecure_http=allow_insecure_http,
            max_response_bytes=max_response_bytes,
        )
        self._api = SyncAPIClient(options, transport=transport)
        self.orders = Orders(self._api)
        self.users = Users(self._api)
        self.webhooks = Webhooks(self._api)
        self.drafts = Drafts(self._api)
        self.change_requests = ChangeRequests(self._api)

    @property
    def base_url(self) -> str:
        return self._api.base_url

    def close(self) -> None:
        """Close the connection pool."""
        self._api.close()

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
            f"max_retries={self._api.retry_policy.max_retries})"
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
        options = _options(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            allow_insecure_http=allow_insecure_http,
            max_response_bytes=max_response_bytes,
        )
        self._api = AsyncAPIClient(options, transport=transport)
        self.orders = AsyncOrders(self._api)
        self.users = AsyncUsers(self._api)
        self.webhooks = AsyncWebhooks(self._api)
        self.drafts = AsyncDrafts(self._api)
        self.change_requests = AsyncChangeRequests(self._api)

    @property
    def base_url(self) -> str:
        return self._api.base_url

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._api.aclose()

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
            f"max_retries={self._api.retry_policy.max_retries})"
        )

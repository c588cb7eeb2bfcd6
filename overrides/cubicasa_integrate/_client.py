"""CubiCasa and AsyncCubiCasa: the entry points. One connection pool per client; use them as context managers."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Self

import httpx

from . import _drift
from ._base_client import AsyncAPIClient, SyncAPIClient
from ._constants import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._options import ClientOptions
from .errors import ConfigurationError
from .resources.change_requests import AsyncChangeRequests, ChangeRequests
from .resources.drafts import AsyncDrafts, Drafts
from .resources.orders import AsyncOrders, Orders
from .resources.users import AsyncUsers, Users
from .resources.webhooks import AsyncWebhooks, Webhooks

__all__ = ["AsyncCubiCasa", "CubiCasa"]


def _one_of(transport: object, http_client: object) -> None:
    if transport is not None and http_client is not None:
        raise ConfigurationError("pass transport= or http_client=, not both (give your client the transport)")


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
        transport: an httpx transport to send through (for tests or the sandbox in-process). Without one, proxy
            and certificate settings come from the environment (HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE, ...) exactly
            as for a plain httpx.Client.
        http_client: your own httpx.Client (proxies, certificates, event hooks, ...). Requests go to base_url with
            the api-key whatever its base_url; it is yours: closing this client leaves it open.
        default_headers: headers sent with every request (a User-Agent here replaces the client's own).
        max_response_bytes: a response body larger than this (64 MiB by default) fails with ResponseDecodeError
            instead of filling memory.

    Every method also takes `extra_headers=` and `timeout=` for that call alone, and `with_options(...)` gives a
    client with other settings on the same connection pool.
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
        http_client: httpx.Client | None = None,
        default_headers: Mapping[str, str] | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        _one_of(transport, http_client)
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise ConfigurationError(f"http_client must be an httpx.Client, got {type(http_client).__name__}")
        options = ClientOptions.resolve(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            allow_insecure_http=allow_insecure_http,
            max_response_bytes=max_response_bytes,
            default_headers=default_headers,
        )
        self._attach(SyncAPIClient(options, transport=transport, http_client=http_client))

    def _attach(self, api: SyncAPIClient) -> None:
        self._api = api
        self.orders = Orders(self._api)
        self.users = Users(self._api)
        self.webhooks = Webhooks(self._api)
        self.drafts = Drafts(self._api)
        self.change_requests = ChangeRequests(self._api)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> CubiCasa:
        """A client with these settings changed (default_headers are merged), sharing this one's connection pool:

            client.with_options(timeout=120, max_retries=5).orders.get(order_id)

        Cheap (no new connections); closing the copy leaves the pool open, closing this client closes it."""
        copy = object.__new__(type(self))
        copy._attach(self._api.copy(self._api.options.copy_with(timeout=timeout, max_retries=max_retries,
                                                                default_headers=default_headers)))  # fmt: skip
        return copy

    @property
    def base_url(self) -> str:
        return self._api.base_url

    @property
    def drift(self) -> _drift.DriftReport:
        """What CubiCasa sent that the spec of this client does not describe: unknown fields and enum values,
        fields of another type, required fields left out (paths and types, never values). Process-wide: what the
        responses of every client and thread of this process held (README, DRIFT)."""
        return _drift.report()

    def close(self) -> None:
        """Close the connection pool (unless it is an http_client you passed, or this is a with_options copy), and
        take this client's credentials out of the package's log redaction (its calls still redact them)."""
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
        http_client: httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        _one_of(transport, http_client)
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise ConfigurationError(f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}")
        options = ClientOptions.resolve(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            allow_insecure_http=allow_insecure_http,
            max_response_bytes=max_response_bytes,
            default_headers=default_headers,
        )
        self._attach(AsyncAPIClient(options, transport=transport, http_client=http_client))

    def _attach(self, api: AsyncAPIClient) -> None:
        self._api = api
        self.orders = AsyncOrders(self._api)
        self.users = AsyncUsers(self._api)
        self.webhooks = AsyncWebhooks(self._api)
        self.drafts = AsyncDrafts(self._api)
        self.change_requests = AsyncChangeRequests(self._api)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> AsyncCubiCasa:
        """A client with these settings changed, sharing this one's connection pool (see CubiCasa.with_options)."""
        copy = object.__new__(type(self))
        copy._attach(self._api.copy(self._api.options.copy_with(timeout=timeout, max_retries=max_retries,
                                                                default_headers=default_headers)))  # fmt: skip
        return copy

    @property
    def base_url(self) -> str:
        return self._api.base_url

    @property
    def drift(self) -> _drift.DriftReport:
        """What CubiCasa sent that the spec of this client does not describe: unknown fields and enum values,
        fields of another type, required fields left out (paths and types, never values). Process-wide: what the
        responses of every client and thread of this process held (README, DRIFT)."""
        return _drift.report()

    async def aclose(self) -> None:
        """Close the connection pool (unless it is an http_client you passed, or this is a with_options copy)."""
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

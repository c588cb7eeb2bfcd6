"""CubiCasa and AsyncCubiCasa: the entry points. One connection pool per client; use them as context managers."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from types import TracebackType
from typing import Self, TypeVar

import httpx

from . import _drift
from ._base_client import AsyncAPIClient, RequestOptions, SyncAPIClient
from ._constants import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._options import ClientOptions
from ._raw import raw_call, raw_result
from ._response import async_to_raw_response_wrapper, respond, to_raw_response_wrapper
from .errors import ConfigurationError
from .resources.change_requests import AsyncChangeRequests, ChangeRequests
from .resources.drafts import AsyncDrafts, Drafts
from .resources.orders import AsyncOrders, Orders
from .resources.users import AsyncUsers, Users
from .resources.webhooks import AsyncWebhooks, Webhooks

__all__ = ["AsyncCubiCasa", "AsyncCubiCasaWithRawResponse", "CubiCasa", "CubiCasaWithRawResponse"]

T = TypeVar("T")
Timeout = float | httpx.Timeout | None


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

    Every method also takes `extra_headers=`, `extra_query=`, `extra_body=` (added to what it sends, never
    replacing it) and `timeout=` for that call alone, and `with_options(...)` gives a client with other settings
    on the same connection pool. A route the client has no method for: `client.get/post/patch/delete(path,
    cast_to=...)`, with the same guarantees (docs/raw-requests.md).
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

    # ------------------------------------------------------------------- requests the client does not cover yet
    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        params: Mapping[str, object] | None = None,
        path_params: Mapping[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout = None,
        idempotent: bool | None = None,
    ) -> T:
        """Send a request the client has no method for (a route the spec does not describe), with every guarantee
        of the methods: the api-key to the base URL's host only, no redirect followed, typed and redacted errors,
        max_response_bytes, and retries only when the request is safe to repeat: GET, PUT and DELETE are, POST and
        PATCH only with `idempotent=True` (docs/raw-requests.md).

            info = client.get("/companies/info", cast_to=dict)
            client.post("/orders/{order_id}/redraw", path_params={"order_id": order_id}, body={...}, cast_to=dict)

        `path` is relative to the base URL; each segment, and each `{name}` filled from `path_params`, must be a
        safe path segment (like an id: no '/', '%', '..', '?', '#', control characters), else ValueError before
        anything is sent. `params` is the query, `body` the JSON body (a mapping, a list or a generated model).
        `cast_to`: a generated model, dict, list, bytes, str, or httpx.Response (a copy, credentials redacted);
        a 2xx body that does not decode raises ResponseDecodeError, an error status its typed error."""
        call = raw_call(method, path, cast_to=cast_to, body=body, params=params, path_params=path_params,
                        idempotent=idempotent)  # fmt: skip
        options = RequestOptions(extra_headers, timeout)
        answer = self._api.answer(call, options)
        return respond(options, answer, raw_result(answer, cast_to))

    def get(
        self,
        path: str,
        *,
        cast_to: type[T],
        params: Mapping[str, object] | None = None,
        path_params: Mapping[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout = None,
        idempotent: bool | None = None,
    ) -> T:
        """GET a route the client has no method for (see request); retried like every read."""
        return self.request("GET", path, cast_to=cast_to, params=params, path_params=path_params,
                            extra_headers=extra_headers, timeout=timeout, idempotent=idempotent)  # fmt: skip

    def post(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        params: Mapping[str, object] | None = None,
        path_params: Mapping[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout = None,
        idempotent: bool | None = False,
    ) -> T:
        """POST to a route the client has no method for (see request): never retried once it may have
        been sent, unless `idempotent=True` says sending it twice does no harm."""
        return self.request("POST", path, cast_to=cast_to, body=body, params=params, path_params=path_params,
                            extra_headers=extra_headers, timeout=timeout, idempotent=idempotent)  # fmt: skip

    def patch(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        params: Mapping[str, object] | None = None,
        path_params: Mapping[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout = None,
        idempotent: bool | None = False,
    ) -> T:
        """PATCH a route the client has no method for (see request): not retried unless `idempotent=True`."""
        return self.request("PATCH", path, cast_to=cast_to, body=body, params=params, path_params=path_params,
                            extra_headers=extra_headers, timeout=timeout, idempotent=idempotent)  # fmt: skip

    def delete(
        self,
        path: str,
        *,
        cast_to: type[T],
        params: Mapping[str, object] | None = None,
        path_params: Mapping[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout = None,
        idempotent: bool | None = None,
    ) -> T:
        """DELETE at a route the client has no method for (see request); retried (DELETE is idempotent)."""
        return self.request("DELETE", path, cast_to=cast_to, params=params, path_params=path_params,
                            extra_headers=extra_headers, timeout=timeout, idempotent=idempotent)  # fmt: skip

    @cached_property
    def with_raw_response(self) -> CubiCasaWithRawResponse:
        """request/get/post/patch/delete returning the APIResponse with the result (`.parse()`)."""
        return CubiCasaWithRawResponse(self)

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

    # ------------------------------------------------------------------- requests the client does not cover yet
    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        params: Mapping[str, object] | None = None,
        path_params: Mapping[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout = None,
        idempotent: bool | None = None,
    ) -> T:
        """Send a request the client has no method for (a route the spec does not describe), with every guarantee
        of the methods: the api-key to the base URL's host only, no redirect followed, typed and redacted errors,
        max_response_bytes, and retries only when the request is safe to repeat: GET, PUT and DELETE are, POST and
        PATCH only with `idempotent=True` (docs/raw-requests.md).

            info = await client.get("/companies/info", cast_to=dict)
            await client.post("/orders/{order_id}/redraw", path_params={"order_id": order_id}, body={...}, cast_to=dict)

        `path` is relative to the base URL; each segment, and each `{name}` filled from `path_params`, must be a
        safe path segment (like an id: no '/', '%', '..', '?', '#', control characters), else ValueError before
        anything is sent. `params` is the query, `body` the JSON body (a mapping, a list or a generated model).
        `cast_to`: a generated model, dict, list, bytes, str, or httpx.Response (a copy, credentials redacted);
        a 2xx body that does not decode raises ResponseDecodeError, an error status its typed error."""
        call = raw_call(method, path, cast_to=cast_to, body=body, params=params, path_params=path_params,
                        idempotent=idempotent)  # fmt: skip
        options = RequestOptions(extra_headers, timeout)
        answer = await self._api.answer(call, options)
        return respond(options, answer, raw_result(answer, cast_to))

    async def get(
        self,
        path: str,
        *,
        cast_to: type[T],
        params: Mapping[str, object] | None = None,
        path_params: Mapping[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout = None,
        idempotent: bool | None = None,
    ) -> T:
        """GET a route the client has no method for (see request); retried like every read."""
        return await self.request("GET", path, cast_to=cast_to, params=params, path_params=path_params,
                            extra_headers=extra_headers, timeout=timeout, idempotent=idempotent)  # fmt: skip

    async def post(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        params: Mapping[str, object] | None = None,
        path_params: Mapping[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout = None,
        idempotent: bool | None = False,
    ) -> T:
        """POST to a route the client has no method for (see request): never retried once it may have
        been sent, unless `idempotent=True` says sending it twice does no harm."""
        return await self.request("POST", path, cast_to=cast_to, body=body, params=params, path_params=path_params,
                            extra_headers=extra_headers, timeout=timeout, idempotent=idempotent)  # fmt: skip

    async def patch(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = None,
        params: Mapping[str, object] | None = None,
        path_params: Mapping[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout = None,
        idempotent: bool | None = False,
    ) -> T:
        """PATCH a route the client has no method for (see request): not retried unless `idempotent=True`."""
        return await self.request("PATCH", path, cast_to=cast_to, body=body, params=params, path_params=path_params,
                            extra_headers=extra_headers, timeout=timeout, idempotent=idempotent)  # fmt: skip

    async def delete(
        self,
        path: str,
        *,
        cast_to: type[T],
        params: Mapping[str, object] | None = None,
        path_params: Mapping[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: Timeout = None,
        idempotent: bool | None = None,
    ) -> T:
        """DELETE at a route the client has no method for (see request); retried (DELETE is idempotent)."""
        return await self.request("DELETE", path, cast_to=cast_to, params=params, path_params=path_params,
                            extra_headers=extra_headers, timeout=timeout, idempotent=idempotent)  # fmt: skip

    @cached_property
    def with_raw_response(self) -> AsyncCubiCasaWithRawResponse:
        """request/get/post/patch/delete returning the APIResponse with the result (`.parse()`)."""
        return AsyncCubiCasaWithRawResponse(self)

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


class CubiCasaWithRawResponse:
    """The client's own request methods returning `APIResponse[...]` (see cubicasa_integrate._response)."""

    def __init__(self, client: CubiCasa) -> None:
        self.request = to_raw_response_wrapper(client.request)
        self.get = to_raw_response_wrapper(client.get)
        self.post = to_raw_response_wrapper(client.post)
        self.patch = to_raw_response_wrapper(client.patch)
        self.delete = to_raw_response_wrapper(client.delete)


class AsyncCubiCasaWithRawResponse:
    """AsyncCubiCasa's own request methods returning `APIResponse[...]`."""

    def __init__(self, client: AsyncCubiCasa) -> None:
        self.request = async_to_raw_response_wrapper(client.request)
        self.get = async_to_raw_response_wrapper(client.get)
        self.post = async_to_raw_response_wrapper(client.post)
        self.patch = async_to_raw_response_wrapper(client.patch)
        self.delete = async_to_raw_response_wrapper(client.delete)

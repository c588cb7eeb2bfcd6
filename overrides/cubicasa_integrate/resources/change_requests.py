"""client.change_requests: ask the production team to revisit an order's floor plan (the order moves to Fixing).

The documentation of these bodies was cut off: requests take whatever fields you pass, and responses are open
objects (read them with `to_dict()` or `additional_properties`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

import httpx

from .._base_client import AsyncAPIClient, Call, RequestOptions, SyncAPIClient
from .._response import async_to_raw_response_wrapper, to_raw_response_wrapper

if TYPE_CHECKING:
    from cubicasa_integrate_api.models import ChangeRequest, ChangeRequestList

__all__ = [
    "AsyncChangeRequests",
    "AsyncChangeRequestsWithRawResponse",
    "ChangeRequests",
    "ChangeRequestsWithRawResponse",
]

# The generated endpoint modules and models are imported by the functions that use them, on the first call
# of each operation, so that `from cubicasa_integrate import CubiCasa` does not load every model (and attrs).


def _create(order_id: str, fields: Mapping[str, Any]) -> Call[ChangeRequest]:
    from cubicasa_integrate_api.api.change_requests import add_change_request
    from cubicasa_integrate_api.models import ChangeRequest, ChangeRequestInput

    body = ChangeRequestInput.from_dict(dict(fields))
    return Call(add_change_request, ChangeRequest, {"order_id": order_id, "body": body}, idempotent=False)


def _list(order_id: str) -> Call[ChangeRequestList]:
    from cubicasa_integrate_api.api.change_requests import list_change_requests
    from cubicasa_integrate_api.models import ChangeRequestList

    return Call(list_change_requests, ChangeRequestList, {"order_id": order_id})


def _get(order_id: str, change_request_id: str) -> Call[ChangeRequest]:
    from cubicasa_integrate_api.api.change_requests import get_change_request
    from cubicasa_integrate_api.models import ChangeRequest

    return Call(get_change_request, ChangeRequest, {"order_id": order_id, "change_request_id": change_request_id})


class ChangeRequests:
    def __init__(self, api: SyncAPIClient) -> None:
        self._api = api

    @cached_property
    def with_raw_response(self) -> ChangeRequestsWithRawResponse:
        """The same methods, returning the HTTP response with the result."""
        return ChangeRequestsWithRawResponse(self)

    def create(
        self,
        order_id: str,
        fields: Mapping[str, Any],
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> ChangeRequest:
        """Submit a change request for an order (never sent twice)."""
        return self._api.request(
            _create(order_id, fields), RequestOptions(extra_headers, timeout, extra_query, extra_body)
        )

    def list(
        self,
        order_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> ChangeRequestList:
        """The order's change requests (one answer: the API documents no paging for this list)."""
        return self._api.request(_list(order_id), RequestOptions(extra_headers, timeout, extra_query, extra_body))

    def get(
        self,
        order_id: str,
        change_request_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> ChangeRequest:
        """One change request of an order."""
        return self._api.request(
            _get(order_id, change_request_id), RequestOptions(extra_headers, timeout, extra_query, extra_body)
        )


class ChangeRequestsWithRawResponse:
    def __init__(self, change_requests: ChangeRequests) -> None:
        self.create = to_raw_response_wrapper(change_requests.create)
        self.list = to_raw_response_wrapper(change_requests.list)
        self.get = to_raw_response_wrapper(change_requests.get)


class AsyncChangeRequests:
    def __init__(self, api: AsyncAPIClient) -> None:
        self._api = api

    @cached_property
    def with_raw_response(self) -> AsyncChangeRequestsWithRawResponse:
        """The same methods, returning the HTTP response with the result."""
        return AsyncChangeRequestsWithRawResponse(self)

    async def create(
        self,
        order_id: str,
        fields: Mapping[str, Any],
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> ChangeRequest:
        """Submit a change request for an order (never sent twice)."""
        return await self._api.request(
            _create(order_id, fields), RequestOptions(extra_headers, timeout, extra_query, extra_body)
        )

    async def list(
        self,
        order_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> ChangeRequestList:
        """The order's change requests (one answer: the API documents no paging for this list)."""
        return await self._api.request(_list(order_id), RequestOptions(extra_headers, timeout, extra_query, extra_body))

    async def get(
        self,
        order_id: str,
        change_request_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> ChangeRequest:
        """One change request of an order."""
        return await self._api.request(
            _get(order_id, change_request_id), RequestOptions(extra_headers, timeout, extra_query, extra_body)
        )


class AsyncChangeRequestsWithRawResponse:
    def __init__(self, change_requests: AsyncChangeRequests) -> None:
        self.create = async_to_raw_response_wrapper(change_requests.create)
        self.list = async_to_raw_response_wrapper(change_requests.list)
        self.get = async_to_raw_response_wrapper(change_requests.get)

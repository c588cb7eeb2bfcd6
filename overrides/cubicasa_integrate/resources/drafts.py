"""client.drafts: draft orders, created ahead of a scan and completed later in the mobile app."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import httpx

from .._base_client import AsyncAPIClient, Call, RequestOptions, SyncAPIClient
from .._response import async_to_raw_response_wrapper, to_raw_response_wrapper

if TYPE_CHECKING:
    from cubicasa_integrate_api.models import DraftOrderInput, DraftOrderResult

# The generated endpoint modules and models are imported by the functions that use them, on the first call
# of each operation, so that `from cubicasa_integrate import CubiCasa` does not load every model (and attrs).

__all__ = ["AsyncDrafts", "AsyncDraftsWithRawResponse", "DraftFields", "Drafts", "DraftsWithRawResponse"]

DraftFields = Mapping[str, Any]
"""Optional draft fields, by their Python names: suite, state, postal_code, info, latitude, longitude, external_id,
package_type, add_ons, order_preferences (an OrderPreferences or the JSON object)."""

_OPTIONAL = ("suite", "state", "postal_code", "info", "latitude", "longitude", "external_id")


def _body(street: str, city: str, country: str, owner_email: str, optional: DraftFields) -> DraftOrderInput:
    from cubicasa_integrate_api.models import AddOn, DraftOrderInput, OrderPreferences, PackageType
    from cubicasa_integrate_api.types import UNSET

    unknown = set(optional) - {*_OPTIONAL, "package_type", "add_ons", "order_preferences"}
    if unknown:
        raise TypeError(f"unknown draft fields: {sorted(unknown)}")
    for name, value in (("street", street), ("city", city), ("country", country), ("owner_email", owner_email)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} is required (a non-empty string)")
    add_ons: Sequence[str] | None = optional.get("add_ons")
    if isinstance(add_ons, str):
        raise TypeError("add_ons must be a list of add-on names, e.g. ['gla']")
    preferences = optional.get("order_preferences")
    if isinstance(preferences, Mapping):
        preferences = OrderPreferences.from_dict(preferences)
    package_type = optional.get("package_type")
    return DraftOrderInput(
        street=street,
        city=city,
        country=country,
        owner_email=owner_email,
        **{name: optional.get(name, UNSET) for name in _OPTIONAL},
        package_type=UNSET if package_type is None else PackageType(package_type),
        add_ons=UNSET if add_ons is None else [AddOn(a) for a in add_ons],
        order_preferences=UNSET if preferences is None else preferences,
    )


def _create(body: DraftOrderInput) -> Call[DraftOrderResult]:
    from cubicasa_integrate_api.api.drafts import create_draft_order
    from cubicasa_integrate_api.models import DraftOrderResult

    return Call(create_draft_order, DraftOrderResult, {"body": body}, idempotent=False)


def _update(order_id: str, body: DraftOrderInput) -> Call[DraftOrderResult]:
    from cubicasa_integrate_api.api.drafts import update_draft_order
    from cubicasa_integrate_api.models import DraftOrderResult

    return Call(update_draft_order, DraftOrderResult, {"order_id": order_id, "body": body})


class Drafts:
    def __init__(self, api: SyncAPIClient) -> None:
        self._api = api

    @cached_property
    def with_raw_response(self) -> DraftsWithRawResponse:
        """The same methods, returning the HTTP response with the result."""
        return DraftsWithRawResponse(self)

    def create(
        self,
        *,
        street: str,
        city: str,
        country: str,
        owner_email: str,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **optional: Any,
    ) -> DraftOrderResult:
        """Create a draft order owned by an existing user of the company (never sent twice)."""
        body = _body(street, city, country, owner_email, optional)
        return self._api.request(_create(body), RequestOptions(extra_headers, timeout, extra_query, extra_body))

    def update(
        self,
        order_id: str,
        *,
        street: str,
        city: str,
        country: str,
        owner_email: str,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **optional: Any,
    ) -> DraftOrderResult:
        """Update a draft order. The API requires street, city, country and owner_email even on update."""
        body = _body(street, city, country, owner_email, optional)
        return self._api.request(
            _update(order_id, body), RequestOptions(extra_headers, timeout, extra_query, extra_body)
        )


class DraftsWithRawResponse:
    def __init__(self, drafts: Drafts) -> None:
        self.create = to_raw_response_wrapper(drafts.create)
        self.update = to_raw_response_wrapper(drafts.update)


class AsyncDrafts:
    def __init__(self, api: AsyncAPIClient) -> None:
        self._api = api

    @cached_property
    def with_raw_response(self) -> AsyncDraftsWithRawResponse:
        return AsyncDraftsWithRawResponse(self)

    async def create(
        self,
        *,
        street: str,
        city: str,
        country: str,
        owner_email: str,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **optional: Any,
    ) -> DraftOrderResult:
        """Create a draft order owned by an existing user of the company (never sent twice)."""
        body = _body(street, city, country, owner_email, optional)
        return await self._api.request(_create(body), RequestOptions(extra_headers, timeout, extra_query, extra_body))

    async def update(
        self,
        order_id: str,
        *,
        street: str,
        city: str,
        country: str,
        owner_email: str,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **optional: Any,
    ) -> DraftOrderResult:
        """Update a draft order. The API requires street, city, country and owner_email even on update."""
        body = _body(street, city, country, owner_email, optional)
        return await self._api.request(
            _update(order_id, body), RequestOptions(extra_headers, timeout, extra_query, extra_body)
        )


class AsyncDraftsWithRawResponse:
    def __init__(self, drafts: AsyncDrafts) -> None:
        self.create = async_to_raw_response_wrapper(drafts.create)
        self.update = async_to_raw_response_wrapper(drafts.update)

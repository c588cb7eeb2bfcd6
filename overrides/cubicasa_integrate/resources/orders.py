"""client.orders: list, get and upgrade (buy add-ons or a better package for) orders."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cached_property, partial
from typing import TYPE_CHECKING, Literal, TypeAlias, TypeVar

import httpx

from .. import _retries
from .._base_client import AsyncAPIClient, Call, RequestOptions, SyncAPIClient
from .._logging import logger
from .._response import async_to_raw_response_wrapper, respond, to_raw_response_wrapper
from .._urls import path_id
from ..errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    NoRawResponseError,
    NotPurchasableError,
    PurchaseStateUnknownError,
    ResponseDecodeError,
)
from ..pagination import MAX_PAGES, AsyncPager, Pager
from ._waiting import DEFAULT_INTERVAL, DEFAULT_MAX_INTERVAL, DEFAULT_WAIT_TIMEOUT, Waiting

if TYPE_CHECKING:
    from cubicasa_integrate_api.models import AddOn, Order, OrderList, OrderStatus, PackageType

    from .._response import Answer
    from ._upgraded import UpgradedOrder

__all__ = [
    "AddOnName",
    "AsyncOrders",
    "AsyncOrdersWithRawResponse",
    "DocumentedAddOn",
    "DocumentedPackage",
    "Orders",
    "OrdersWithRawResponse",
    "PackageName",
]

DocumentedAddOn: TypeAlias = Literal["gla", "3d_cad_files"]
DocumentedPackage: TypeAlias = Literal["base", "plus", "plus_3d"]
AddOnName: TypeAlias = "AddOn | DocumentedAddOn"
"""What `upgrade(add_ons=...)` accepts, for type checkers: the documented add-on names (a typo such as "glaa" fails
mypy) or AddOn members. A name the spec does not list yet passes as `AddOn("name")` (an open enum); at run time
any string is accepted and checked against the order's purchasable list instead (see Orders.upgrade)."""
PackageName: TypeAlias = "PackageType | DocumentedPackage"
"""What `upgrade(package_type=...)` accepts, for type checkers: the documented package names or PackageType."""

# The generated endpoint modules and models are imported by the functions that use them, on the first call
# of each operation, so that `from cubicasa_integrate import CubiCasa` does not load every model (and attrs).

MAX_PAGE_SIZE = 1000
APIClient = TypeVar("APIClient", SyncAPIClient, AsyncAPIClient)


def _get(order_id: str) -> Call[Order]:
    from cubicasa_integrate_api.api.orders import get_order
    from cubicasa_integrate_api.models import Order

    # The spec calls this path parameter `id`; errors about it should name what the caller passed.
    return Call(get_order, Order, {"order_id": path_id(order_id, "order_id")})


def _statuses(status: str | Iterable[str] | None) -> list[OrderStatus] | None:
    if status is None:
        return None
    from cubicasa_integrate_api.models import OrderStatus

    values = [status] if isinstance(status, str) else list(status)
    return [OrderStatus(value) for value in values] or None


def _page(page_size: int, statuses: list[OrderStatus] | None, offset: int | None) -> Call[OrderList]:
    from cubicasa_integrate_api.api.orders import list_orders
    from cubicasa_integrate_api.models import OrderList
    from cubicasa_integrate_api.types import UNSET

    arguments = {"limit": page_size, "offset": UNSET if offset is None else offset, "status": statuses or UNSET}
    return Call(list_orders, OrderList, arguments)


def _fetch_page(
    api: SyncAPIClient, size: int, statuses: list[OrderStatus] | None, options: RequestOptions, offset: int | None
) -> OrderList:
    return api.request(_page(size, statuses, offset), options)


async def _async_fetch_page(
    api: AsyncAPIClient, size: int, statuses: list[OrderStatus] | None, options: RequestOptions, offset: int | None
) -> OrderList:
    return await api.request(_page(size, statuses, offset), options)


def _one_attempt(api: APIClient) -> APIClient:
    """`api` on the same pool with no retries of its own, for orders.wait: the wait is itself the retry loop,
    and only its pauses are bounded by the deadline (the request loop would sleep a Retry-After of up to
    MAX_RETRY_AFTER seconds past it)."""
    return api.copy(api.options.copy_with(max_retries=0))


def _check_page_size(page_size: int) -> int:
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be an int from 1 to {MAX_PAGE_SIZE}, got {page_size!r}")
    return page_size


_PURCHASE_WORDS = re.compile(r"addon|package|product")


def _letters(name: str) -> str:
    """`name` lowercased, letters and digits only: `Add-Ons`, `addOns`, `add_ons` all read `addons`."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


# Outcomes after which a purchase may or may not have been applied: the request may have reached the server
# and we cannot tell from the answer what it did. 408/425/499 (timeouts a proxy or server may report after
# forwarding), 409 (a conflict, e.g. with a concurrent purchase), any 5xx.
UNSETTLED_STATUSES = frozenset({408, 409, 425, 499})


class Purchase:
    """What one `upgrade` call asks to buy, what it sends, and how to tell from two reads of the order whether
    it was applied.

    `snapshot` is the order as read just before the purchase would be sent. Without force, what it already
    shows is not bought again (`already_had`; `add_ons` and `package_type` keep only the rest, which is what is
    sent), and what is left must be offered by its purchasable lists, if it has them.

    After an outcome that leaves the purchase open, the order is read again: it counts as bought only if the
    re-read shows every add-on and the package sent AND at least one of them was missing from the snapshot - a
    change the purchase explains. What the two reads cannot tell apart: another client buying the same thing
    between them looks exactly like this purchase; and when the snapshot already showed everything sent
    (possible only with force=True), nothing can show a change, so the outcome stays unknown
    (PurchaseStateUnknownError).
    """

    def __init__(self, order_id: str, add_ons: Iterable[str], package_type: str | None, *, force: bool = False) -> None:
        if isinstance(add_ons, str):
            raise TypeError(f"add_ons must be a list of add-on names, e.g. [{add_ons!r}], not a string")
        from cubicasa_integrate_api.models import AddOn, PackageType

        self.order_id = order_id  # checked by the snapshot read, before anything is sent
        self.add_ons: list[AddOn | str] = list(dict.fromkeys(AddOn(name) for name in add_ons))
        self.package_type: PackageType | None = None if package_type is None else PackageType(package_type)
        if not self.add_ons and self.package_type is None:
            raise ValueError("nothing to buy: pass add_ons=[...] and/or package_type=...")
        self.force = force
        self.snapshot: Order | None = None
        self.already_had: list[str] = []

    def checked_extras(self, options: RequestOptions) -> RequestOptions:
        """Refuse (ValueError, before anything is sent) extra_body / extra_query keys that could change what the
        purchase buys - a name holding "add on", "package" or "product", however spelled - unless force=True:
        what is bought must be what add_ons and package_type say, or neither the snapshot nor the re-read could
        tell what happened. Returns the options of the order reads: extras go with the purchase request only."""
        for where, extras in (("extra_body", options.extra_body), ("extra_query", options.extra_query)):
            chosen = [str(key) for key in extras or {} if _PURCHASE_WORDS.search(_letters(str(key)))]
            if not chosen:
                continue
            if not self.force:
                raise ValueError(
                    f"{where} {chosen} could change what the purchase for order {self.order_id} buys; nothing was "
                    "sent. Say what to buy with add_ons= and package_type=, or pass force=True to send these "
                    "anyway (then .purchase reports only what add_ons and package_type asked for)."
                )
            logger.warning(
                "force=True: %s %s sent with the purchase for order %s; .purchase reports only add_ons and "
                "package_type.",
                where,
                chosen,
                self.order_id,
            )
        return replace(options, extra_query=None, extra_body=None)

    def call(self) -> Call[Order]:
        from cubicasa_integrate_api.api.orders import upgrade_order
        from cubicasa_integrate_api.models import Order, UpgradeOrderRequest

        # package_type is optional in the spec, but None is sent as null, never left out: `null` is what the
        # documented example sends to keep the package; leaving the key out was never observed (a purchase is no
        # place to try). The body on the wire is what it was when the spec required the key.
        body = UpgradeOrderRequest(package_type=self.package_type, add_ons=self.add_ons)
        return Call(upgrade_order, Order, {"order_id": self.order_id, "body": body}, idempotent=False)

    def read_before(self, order: Order) -> None:
        """Take the snapshot; without force, drop what it already shows and refuse what it does not offer."""
        self.snapshot = order
        if self.force:
            if not self.missing_from(order):
                logger.warning(
                    "Order %s already shows %s; force=True sends the purchase anyway and the API decides. If its "
                    "outcome is unknown, re-reading cannot tell whether it was applied.",
                    self.order_id,
                    self.describe(),
                )
            return
        missing = set(self.missing_from(order))
        self.already_had = [str(a) for a in self.add_ons if str(a) not in missing]
        self.add_ons = [a for a in self.add_ons if str(a) in missing]
        if self.package_type is not None and f"package {self.package_type}" not in missing:
            self.already_had.append(f"package {self.package_type}")
            self.package_type = None
        self.refuse_what_is_not_offered(order)

    @property
    def needed(self) -> bool:
        """Whether anything is left to send (False: the order already shows all of it, so nothing is bought)."""
        return bool(self.add_ons) or self.package_type is not None

    def refuse_what_is_not_offered(self, order: Order) -> None:
        """NotPurchasableError for what is left to send that the order's purchasable lists do not offer.

        A list the order does not have refuses nothing (the client does not invent a refusal the API did not
        state). Evidence: `purchasable_add_ons` is in the documented Order example (["3d_cad_files"], on an
        order that has "gla"); that it lists exactly what can still be bought is inferred from its name and that
        example, not documented. `purchasable_package_types` is in the same example, listing the order's own
        package too, so what the order already has is decided by add_ons and package_type, never by the lists.
        """
        from cubicasa_integrate_api.models import OrderProduct

        product = order.info.product
        if not isinstance(product, OrderProduct):
            return
        listed_add_ons, listed_packages = product.purchasable_add_ons, product.purchasable_package_types
        offered = None if not isinstance(listed_add_ons, list) else [str(a) for a in listed_add_ons]
        packages = None if not isinstance(listed_packages, list) else [str(p) for p in listed_packages]
        refused = [str(a) for a in self.add_ons if offered is not None and str(a) not in offered]
        if self.package_type is not None and packages is not None and str(self.package_type) not in packages:
            refused.append(f"package {self.package_type}")
        if not refused:
            return
        can_buy = [*(offered or []), *(f"package {p}" for p in packages or [])]
        raise NotPurchasableError(
            f"order {self.order_id} does not offer {', '.join(refused)}; nothing was sent. It offers: "
            f"{', '.join(can_buy) or 'nothing'}. Pass force=True to send it anyway.",
            order_id=self.order_id,
            not_offered=refused,
            purchasable_add_ons=offered,
            purchasable_package_types=packages,
        )

    @staticmethod
    def outcome_unknown(error: APIError) -> bool:
        """Whether `error` leaves open if the purchase was applied (so the order must be re-read)."""
        if isinstance(error, APIConnectionError):
            return error.request_sent
        if isinstance(error, APIStatusError):
            return error.status_code in UNSETTLED_STATUSES or error.status_code >= 500
        return isinstance(error, ResponseDecodeError)

    def missing_from(self, order: Order) -> list[str]:
        """What of this purchase `order` does not show: add-on names, and `package <name>` if it is not the package."""
        from cubicasa_integrate_api.models import OrderProduct

        product = order.info.product
        owned = {str(a) for a in product.add_ons or []} if isinstance(product, OrderProduct) else set()
        package = str(product.package_type) if isinstance(product, OrderProduct) else None
        missing = [str(a) for a in self.add_ons if str(a) not in owned]
        if self.package_type is not None and package != str(self.package_type):
            missing.append(f"package {self.package_type}")
        return missing

    def describe(self) -> str:
        parts = [f"add-ons {[str(a) for a in self.add_ons]}"] if self.add_ons else []
        if self.package_type is not None:
            parts.append(f"package {self.package_type}")
        return " and ".join(parts)

    def sent_items(self) -> tuple[str, ...]:
        return (*(str(a) for a in self.add_ons), *([f"package {self.package_type}"] if self.package_type else []))

    def nothing_to_buy(self) -> UpgradedOrder:
        """The snapshot, returned without sending: it already shows everything asked for."""
        from ._upgraded import PurchaseOutcome, upgraded

        assert self.snapshot is not None, "read_before() runs first"
        logger.info(
            "Order %s already has %s: nothing was bought (force=True sends it anyway).",
            self.order_id,
            ", ".join(self.already_had),
        )
        return upgraded(self.snapshot, PurchaseOutcome(sent=False, bought=(), already_had=tuple(self.already_had)))

    def bought(self, order: Order) -> UpgradedOrder:
        from ._upgraded import PurchaseOutcome, upgraded

        return upgraded(
            order, PurchaseOutcome(sent=True, bought=self.sent_items(), already_had=tuple(self.already_had))
        )

    def reconciled(self, order: Order, error: APIError) -> UpgradedOrder:
        """`order` (the re-read) if it shows this purchase as a change from the snapshot; else the unknown error."""
        assert self.snapshot is not None, "read_before() runs before the purchase is sent"
        was_missing = self.missing_from(self.snapshot)
        still_missing = self.missing_from(order)
        if not was_missing:
            raise self.state_unknown_error(
                error, "the order already showed all of it before the purchase, so it cannot show a change"
            )
        if still_missing:
            raise self.state_unknown_error(error, f"the order does not show {', '.join(still_missing)}")
        logger.warning(
            "The purchase of %s for order %s had an unknown outcome (%s); the order now shows it (it did not before), "
            "so it is returned without buying again.",
            self.describe(),
            self.order_id,
            error,
        )
        return self.bought(order)

    def answered(
        self, options: RequestOptions, posted: Answer[Order] | None, order: UpgradedOrder, unsettled: APIError
    ) -> UpgradedOrder:
        """What upgrade returns for a purchase the re-read settled: `order`, or with with_raw_response the POST's
        response with it - and NoRawResponseError (carrying `order`) when the POST got no response at all."""
        if posted is not None:
            return respond(options, posted, order)
        if options.raw_response:
            raise NoRawResponseError(
                f"The purchase of {self.describe()} for order {self.order_id} got no response ({unsettled}), so "
                "with_raw_response has no response of it to return. The order was re-read and shows the purchase "
                "applied: the error's .result is the order (do not buy again).",
                method=unsettled.method,
                path=unsettled.path,
                result=order,
                cause=unsettled,
            )
        return order

    def state_unknown_error(self, error: APIError, finding: str) -> PurchaseStateUnknownError:
        return PurchaseStateUnknownError(
            f"The purchase of {self.describe()} for order {self.order_id} may or may not have been applied "
            f"({error}); {finding}. Do not retry blindly: check client.orders.get({self.order_id!r})"
            ".info.product (or the order in the CubiCasa web app) first, then buy only what is missing.",
            order_id=self.order_id,
            add_ons=[str(a) for a in self.add_ons],
            package_type=None if self.package_type is None else str(self.package_type),
            cause=error,
        )


class Orders:
    def __init__(self, api: SyncAPIClient) -> None:
        self._api = api

    @cached_property
    def with_raw_response(self) -> OrdersWithRawResponse:
        """The same methods, returning the HTTP response with the result: `.with_raw_response.get(id).headers`."""
        return OrdersWithRawResponse(self)

    def get(
        self,
        order_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> Order:
        """One order, with its delivery_assets (download links)."""
        return self._api.request(_get(order_id), RequestOptions(extra_headers, timeout, extra_query, extra_body))

    def list(
        self,
        *,
        status: str | Sequence[str] | None = None,
        page_size: int = 20,
        max_pages: int = MAX_PAGES,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> Pager[OrderList, Order]:
        """Every order (optionally only those in the given statuses), fetched lazily page by page.

        A list whose pages repeat, overlap or never end raises ResponseDecodeError instead of looping; more than
        `max_pages` pages too.
        """
        statuses, size = _statuses(status), _check_page_size(page_size)
        fetch = partial(
            _fetch_page, self._api, size, statuses, RequestOptions(extra_headers, timeout, extra_query, extra_body)
        )
        return Pager(fetch, describe=lambda: _page(size, statuses, None).route, max_pages=max_pages)

    def upgrade(
        self,
        order_id: str,
        *,
        add_ons: Sequence[AddOnName] = (),
        package_type: PackageName | None = None,
        force: bool = False,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> UpgradedOrder:
        """Buy add-ons and/or a package upgrade for an order; returns the order, with `.purchase` saying what
        this call did (an UpgradedOrder: an Order with a PurchaseOutcome).

        The order is read first (a snapshot). What it already shows is not bought again, so a script that runs
        twice buys once: if it shows everything asked for, no purchase request is sent and the snapshot is
        returned with `.purchase.sent` False; if it shows some of it, only the rest is sent, and
        `.purchase.already_had` names what was left out. What is left must be offered by the order's
        `purchasable_add_ons` / `purchasable_package_types`, where the order lists them: anything else raises
        NotPurchasableError, naming what can be bought, before anything is sent. Evidence: both lists are in
        the documented Order example; that they list exactly what can still be bought is inferred, not
        documented. `force=True` skips both checks and sends everything asked for (the API decides), e.g. for an
        add-on the order does not list.

        `with_raw_response.upgrade` returns the purchase POST's response (after its retries; parse() is this
        method's result), the snapshot GET's when nothing was sent. If the POST got no response at all and the
        re-read shows the purchase applied, there is none to return: NoRawResponseError, whose `.result` is the
        UpgradedOrder (bought: do not buy again).

        The purchase request is never sent twice. If its outcome is unknown (a timeout or dropped connection
        after sending, 408/409/425/499/5xx, an unreadable success body), the order is read again and returned
        only if it shows the purchase as a change from the snapshot; otherwise PurchaseStateUnknownError says
        how to check before trying again (see Purchase for what two reads cannot tell apart).
        """
        sending = RequestOptions(extra_headers, timeout, extra_query, extra_body)
        purchase = Purchase(order_id, add_ons, package_type, force=force)
        options = purchase.checked_extras(sending)  # the order reads': the extras go with the purchase only
        snapshot = self._api.answer(_get(purchase.order_id), options)
        purchase.read_before(snapshot.result())
        if not purchase.needed:
            return respond(options, snapshot, purchase.nothing_to_buy())
        posted: Answer[Order] | None = None  # the POST's response: what with_raw_response returns
        try:
            posted = self._api.answer(purchase.call(), sending)
            return respond(options, posted, purchase.bought(posted.result()))
        except APIError as error:
            if not purchase.outcome_unknown(error):
                raise
            unsettled = error
        try:
            after = (self._api.answer(_get(purchase.order_id), options)).result()
        except APIError as reread:
            raise purchase.state_unknown_error(unsettled, f"re-reading the order failed too ({reread})") from None
        return purchase.answered(options, posted, purchase.reconciled(after, unsettled), unsettled)

    def wait(
        self,
        order_id: str,
        *,
        until: str | Sequence[str] = "Ready",
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        interval: float = DEFAULT_INTERVAL,
        max_interval: float = DEFAULT_MAX_INTERVAL,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        request_timeout: float | httpx.Timeout | None = None,
    ) -> Order:
        """Poll the order until its status is `until` (a status or several); returns the order as last read.

        Waits grow from `interval` to `max_interval` seconds with jitter; a transient failure (connection, 429,
        5xx) does not end the wait, and a Retry-After is honoured up to the deadline, never past it (each read is
        one attempt: the wait is the retry loop). After `timeout` seconds, WaitTimeoutError (a TimeoutError)
        with the last status seen. `request_timeout` is each read's own timeout.
        """
        waiting = Waiting(order_id, until, timeout=timeout, interval=interval, max_interval=max_interval)
        call, options, reader = (
            _get(order_id),
            RequestOptions(extra_headers, request_timeout, extra_query, extra_body),
            _one_attempt(self._api),
        )
        while True:
            try:
                order = reader.request(call, options)
            except APIError as error:
                if not waiting.transient(error):
                    raise
                pause = waiting.after_failure(error)
            else:
                if waiting.reached(order):
                    return order
                pause = waiting.next_wait()
            if pause is None:
                raise waiting.timed_out()
            _retries.sleep(pause)


class OrdersWithRawResponse:
    """Orders' methods returning `APIResponse[...]`: status, headers and request id with `.parse()` (see _response)."""

    def __init__(self, orders: Orders) -> None:
        self.get = to_raw_response_wrapper(orders.get)
        self.upgrade = to_raw_response_wrapper(orders.upgrade)


class AsyncOrders:
    def __init__(self, api: AsyncAPIClient) -> None:
        self._api = api

    @cached_property
    def with_raw_response(self) -> AsyncOrdersWithRawResponse:
        """The same methods, returning the HTTP response with the result."""
        return AsyncOrdersWithRawResponse(self)

    async def get(
        self,
        order_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> Order:
        """One order, with its delivery_assets (download links)."""
        return await self._api.request(_get(order_id), RequestOptions(extra_headers, timeout, extra_query, extra_body))

    def list(
        self,
        *,
        status: str | Sequence[str] | None = None,
        page_size: int = 20,
        max_pages: int = MAX_PAGES,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> AsyncPager[OrderList, Order]:
        """Every order (optionally only those in the given statuses), fetched lazily: `async for order in ...`."""
        statuses, size = _statuses(status), _check_page_size(page_size)
        fetch = partial(
            _async_fetch_page,
            self._api,
            size,
            statuses,
            RequestOptions(extra_headers, timeout, extra_query, extra_body),
        )
        return AsyncPager(fetch, describe=lambda: _page(size, statuses, None).route, max_pages=max_pages)

    async def upgrade(
        self,
        order_id: str,
        *,
        add_ons: Sequence[AddOnName] = (),
        package_type: PackageName | None = None,
        force: bool = False,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> UpgradedOrder:
        """Buy add-ons and/or a package upgrade for an order: only what it does not show yet, only what it offers
        (unless force=True), never sent twice; `.purchase` says what was bought (see Orders.upgrade)."""
        sending = RequestOptions(extra_headers, timeout, extra_query, extra_body)
        purchase = Purchase(order_id, add_ons, package_type, force=force)
        options = purchase.checked_extras(sending)  # the order reads': the extras go with the purchase only
        snapshot = await self._api.answer(_get(purchase.order_id), options)
        purchase.read_before(snapshot.result())
        if not purchase.needed:
            return respond(options, snapshot, purchase.nothing_to_buy())
        posted: Answer[Order] | None = None  # the POST's response: what with_raw_response returns
        try:
            posted = await self._api.answer(purchase.call(), sending)
            return respond(options, posted, purchase.bought(posted.result()))
        except APIError as error:
            if not purchase.outcome_unknown(error):
                raise
            unsettled = error
        try:
            after = (await self._api.answer(_get(purchase.order_id), options)).result()
        except APIError as reread:
            raise purchase.state_unknown_error(unsettled, f"re-reading the order failed too ({reread})") from None
        return purchase.answered(options, posted, purchase.reconciled(after, unsettled), unsettled)

    async def wait(
        self,
        order_id: str,
        *,
        until: str | Sequence[str] = "Ready",
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        interval: float = DEFAULT_INTERVAL,
        max_interval: float = DEFAULT_MAX_INTERVAL,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        request_timeout: float | httpx.Timeout | None = None,
    ) -> Order:
        """Poll the order until its status is `until`; see Orders.wait."""
        waiting = Waiting(order_id, until, timeout=timeout, interval=interval, max_interval=max_interval)
        call, options, reader = (
            _get(order_id),
            RequestOptions(extra_headers, request_timeout, extra_query, extra_body),
            _one_attempt(self._api),
        )
        while True:
            try:
                order = await reader.request(call, options)
            except APIError as error:
                if not waiting.transient(error):
                    raise
                pause = waiting.after_failure(error)
            else:
                if waiting.reached(order):
                    return order
                pause = waiting.next_wait()
            if pause is None:
                raise waiting.timed_out()
            await _retries.async_sleep(pause)


class AsyncOrdersWithRawResponse:
    """AsyncOrders' methods returning `APIResponse[...]` (see _response)."""

    def __init__(self, orders: AsyncOrders) -> None:
        self.get = async_to_raw_response_wrapper(orders.get)
        self.upgrade = async_to_raw_response_wrapper(orders.upgrade)

"""client.orders: list, get and upgrade (buy add-ons or a better package for) orders."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from .._base_client import AsyncCore, Call, SyncCore
from .._logging import logger
from .._urls import path_id
from ..errors import APIConnectionError, APIError, InternalServerError, PurchaseStateUnknownError, ResponseDecodeError
from ..pagination import AsyncPager, Pager

if TYPE_CHECKING:
    from cubicasa_integrate_api.models import AddOn, Order, OrderList, OrderStatus, PackageType

__all__ = ["AsyncOrders", "Orders"]

# The generated endpoint modules and models are imported by the functions that use them, on the first call
# of each operation, so that `from cubicasa_integrate import CubiCasa` does not load all 44 models (and attrs).

MAX_PAGE_SIZE = 1000


def _get(order_id: str) -> Call[Order]:
    from cubicasa_integrate_api.api.orders import get_order
    from cubicasa_integrate_api.models import Order

    order_id = path_id(order_id, "order_id")
    return Call(
        "GET",
        f"/orders/{order_id}",
        Order,
        partial(get_order.sync_detailed, order_id),
        partial(get_order.asyncio_detailed, order_id),
    )


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

    start = UNSET if offset is None else offset
    status = statuses or UNSET
    return Call(
        "GET",
        "/orders",
        OrderList,
        partial(list_orders.sync_detailed, limit=page_size, offset=start, status=status),
        partial(list_orders.asyncio_detailed, limit=page_size, offset=start, status=status),
    )


def _check_page_size(page_size: int) -> int:
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be an int from 1 to {MAX_PAGE_SIZE}, got {page_size!r}")
    return page_size


class Purchase:
    """What one `upgrade` call asks to buy, and whether an order already shows it."""

    def __init__(self, order_id: str, add_ons: Iterable[str], package_type: str | None) -> None:
        if isinstance(add_ons, str):
            raise TypeError(f"add_ons must be a list of add-on names, e.g. [{add_ons!r}], not a string")
        from cubicasa_integrate_api.models import AddOn, PackageType

        self.order_id = path_id(order_id, "order_id")
        self.add_ons: list[AddOn | str] = list(dict.fromkeys(AddOn(name) for name in add_ons))
        self.package_type: PackageType | None = None if package_type is None else PackageType(package_type)
        if not self.add_ons and self.package_type is None:
            raise ValueError("nothing to buy: pass add_ons=[...] and/or package_type=...")

    def call(self) -> Call[Order]:
        from cubicasa_integrate_api.api.orders import upgrade_order
        from cubicasa_integrate_api.models import Order, UpgradeOrderRequest

        body = UpgradeOrderRequest(package_type=self.package_type, add_ons=self.add_ons)
        return Call(
            "POST",
            f"/orders/{self.order_id}/post-purchase",
            Order,
            partial(upgrade_order.sync_detailed, self.order_id, body=body),
            partial(upgrade_order.asyncio_detailed, self.order_id, body=body),
            idempotent=False,
        )

    def outcome_unknown(self, error: APIError) -> bool:
        """Whether `error` leaves open if the purchase was applied (so the order must be re-read)."""
        if isinstance(error, APIConnectionError):
            return error.request_sent
        return isinstance(error, InternalServerError | ResponseDecodeError)

    def applied_to(self, order: Order) -> bool:
        from cubicasa_integrate_api.models import OrderProduct

        product = order.info.product
        if not isinstance(product, OrderProduct):
            return False
        owned = {str(add_on) for add_on in product.add_ons or []}
        has_package = self.package_type is None or str(product.package_type) == str(self.package_type)
        return has_package and {str(add_on) for add_on in self.add_ons} <= owned

    def describe(self) -> str:
        parts = [f"add-ons {[str(a) for a in self.add_ons]}"] if self.add_ons else []
        if self.package_type is not None:
            parts.append(f"package {self.package_type}")
        return " and ".join(parts)

    def reconciled(self, order: Order, error: APIError) -> Order:
        if self.applied_to(order):
            logger.warning(
                "The purchase of %s for order %s had an unknown outcome (%s); the order now has it, so it is "
                "returned without buying again.",
                self.describe(),
                self.order_id,
                error,
            )
            return order
        raise self.unknown(error, "the order does not show it yet")

    def unknown(self, error: BaseException, finding: str) -> PurchaseStateUnknownError:
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
    def __init__(self, core: SyncCore) -> None:
        self._core = core

    def get(self, order_id: str) -> Order:
        """One order, with its delivery_assets (download links)."""
        return self._core.request(_get(order_id))

    def list(self, *, status: str | Sequence[str] | None = None, page_size: int = 20) -> Pager[OrderList, Order]:
        """Every order (optionally only those in the given statuses), newest first, fetched lazily page by page."""
        statuses, size = _statuses(status), _check_page_size(page_size)
        return Pager(lambda offset: self._core.request(_page(size, statuses, offset)), describe="GET /orders")

    def upgrade(self, order_id: str, *, add_ons: Sequence[str] = (), package_type: str | None = None) -> Order:
        """Buy add-ons and/or a package upgrade for an order; returns the updated order.

        The purchase request is never sent twice. If its outcome is unknown (timeout, dropped connection, 5xx),
        the order is re-read: if it shows the purchase, it is returned; otherwise PurchaseStateUnknownError says
        how to check before trying again.
        """
        purchase = Purchase(order_id, add_ons, package_type)
        try:
            return self._core.request(purchase.call())
        except APIError as error:
            if not purchase.outcome_unknown(error):
                raise
            try:
                order = self.get(purchase.order_id)
            except APIError as reread:
                raise purchase.unknown(error, f"re-reading the order failed too ({reread})") from error
            return purchase.reconciled(order, error)


class AsyncOrders:
    def __init__(self, core: AsyncCore) -> None:
        self._core = core

    async def get(self, order_id: str) -> Order:
        """One order, with its delivery_assets (download links)."""
        return await self._core.request(_get(order_id))

    def list(self, *, status: str | Sequence[str] | None = None, page_size: int = 20) -> AsyncPager[OrderList, Order]:
        """Every order (optionally only those in the given statuses), fetched lazily: `async for order in ...`."""
        statuses, size = _statuses(status), _check_page_size(page_size)
        return AsyncPager(lambda offset: self._core.request(_page(size, statuses, offset)), describe="GET /orders")

    async def upgrade(self, order_id: str, *, add_ons: Sequence[str] = (), package_type: str | None = None) -> Order:
        """Buy add-ons and/or a package upgrade for an order; never sent twice (see Orders.upgrade)."""
        purchase = Purchase(order_id, add_ons, package_type)
        try:
            return await self._core.request(purchase.call())
        except APIError as error:
            if not purchase.outcome_unknown(error):
                raise
            try:
                order = await self.get(purchase.order_id)
            except APIError as reread:
                raise purchase.unknown(error, f"re-reading the order failed too ({reread})") from error
            return purchase.reconciled(order, error)

"""The orders: seeded lazily, listed in pages, bought from, moved between statuses, drafted and changed."""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Literal

from ._company import Company
from ._evolved import EVOLVED_ADD_ONS, evolve_status
from ._model import InvalidRequest, LedgerEntry, NotFound, now
from ._orders import (
    ADD_ONS,
    DELIVERED_STATUSES,
    OrderRecord,
    full_address,
    higher_packages,
    seed_heads,
    seed_record,
)
from ._records import PurchaseLedger
from ._spec import ErrorItem

__all__ = ["OrderStore"]


class OrderStore:
    """Every order of the sandbox, newest first. Records are built from the seed on first use, so a sandbox of
    10,000 orders starts at once. Purchases are written to the ledger under the same lock as the order."""

    def __init__(
        self,
        lock: threading.RLock,
        *,
        seed: int,
        orders: int,
        company: Company,
        ledger: PurchaseLedger,
        has_more: Literal["exact", "full_page"] = "exact",
        max_limit: int | None = None,
        evolved: bool = False,
    ) -> None:
        self._lock = lock
        self._evolved = evolved
        self._add_ons = ADD_ONS + EVOLVED_ADD_ONS if evolved else ADD_ONS
        self._seed, self._count, self._has_more, self._max_limit = seed, orders, has_more, max_limit
        self._company, self._ledger = company, ledger
        self.reset()

    def reset(self) -> None:
        with self._lock:
            heads = seed_heads(self._seed, self._count)
            if self._evolved:
                heads = [(order_id, evolve_status(index, status)) for index, (order_id, status) in enumerate(heads)]
            # Orders newest first by id, their current status, and the records built so far (see find).
            self._ids: list[str] = [order_id for order_id, _ in heads]
            self._statuses: dict[str, str] = dict(heads)
            self._seed_index: dict[str, int] = {order_id: index for index, (order_id, _) in enumerate(heads)}
            self._records: dict[str, OrderRecord] = {}

    def ids(self, *statuses: str) -> list[str]:
        """Ids of the orders, newest first, optionally only those in the given statuses."""
        with self._lock:
            return [i for i in self._ids if not statuses or self._statuses[i] in statuses]

    def find(self, order_id: str) -> OrderRecord | None:
        """The order's live record, built from the seed on first use. Call with the lock held."""
        record = self._records.get(order_id)
        if record is None and order_id in self._seed_index:
            index = self._seed_index[order_id]
            record = seed_record(self._seed, index, self._company.seed_emails)
            if self._evolved:
                record.status = evolve_status(index, record.status)
                record.purchasable_add_ons += [a for a in EVOLVED_ADD_ONS if a not in record.add_ons]
            self._records[order_id] = record
        return record

    def get(self, order_id: str) -> OrderRecord:
        """The order's live record (call with the lock held), or NotFound."""
        record = self.find(order_id)
        if record is None:
            raise NotFound("Order not found")
        return record

    def copy_of(self, order_id: str) -> OrderRecord:
        """A copy of the order's record. Raises NotFound."""
        with self._lock:
            return copy.deepcopy(self.get(order_id))

    def page(self, limit: int, offset: int, statuses: Sequence[str]) -> tuple[list[OrderRecord], dict[str, Any]]:
        """A page of orders, newest first, and its `pagination` block.

        The documentation leaves open what the block holds at the ends, so the sandbox chooses (the spec allows
        it): `next_offset` is `offset + len(items)` while `has_more` is true and `null` on the last page;
        `previous_offset` is `max(0, offset - limit)`, so `0` on the first page as in the documented example.
        The documented example's `next_offset: 21` after a first page of 20 is not copied: following it would
        skip an order. `has_more` follows `SandboxConfig.has_more`; an offset past the end gives an empty page.
        """
        if self._max_limit is not None:
            limit = min(limit, self._max_limit)
        with self._lock:
            wanted = set(statuses)
            matching = [i for i in self._ids if self._statuses[i] in wanted] if wanted else self._ids
            page = [copy.deepcopy(self.get(i)) for i in matching[offset : offset + limit]]
            total = len(matching)
        full_page_rule = self._has_more == "full_page" and limit > 0
        has_more = len(page) == limit if full_page_rule else offset + len(page) < total
        pagination = {
            "has_more": has_more,
            "limit": limit,
            "next_offset": offset + len(page) if has_more else None,
            "previous_offset": max(0, offset - limit),
        }
        return page, pagination

    def purchase(
        self, order_id: str, package_type: str | None, add_ons: Sequence[str], request_id: str, faults: Sequence[str]
    ) -> OrderRecord:
        """Apply a purchase all-or-nothing, record it in the ledger, return the updated order."""
        wanted = list(dict.fromkeys(add_ons))
        with self._lock:
            order = self.get(order_id)
            errors = [
                ErrorItem(
                    "body_params",
                    ("add_ons", index),
                    f"add-on {add_on!r} is not purchasable for this order (purchasable: {order.purchasable_add_ons})",
                    "value_error.not_purchasable",
                )
                for index, add_on in enumerate(add_ons)
                if add_on not in order.purchasable_add_ons and add_ons.index(add_on) == index
            ]
            if package_type is not None and package_type not in order.purchasable_package_types:
                errors.append(
                    ErrorItem(
                        "body_params",
                        ("package_type",),
                        f"package {package_type!r} is not purchasable for this order "
                        f"(purchasable: {order.purchasable_package_types})",
                        "value_error.not_purchasable",
                    )
                )
            if errors:
                raise InvalidRequest(errors)
            if not wanted and package_type is None:
                return copy.deepcopy(order)  # nothing bought, nothing recorded
            order.add_ons += [a for a in wanted if a not in order.add_ons]
            order.purchasable_add_ons = [a for a in order.purchasable_add_ons if a not in wanted]
            if package_type is not None:
                order.package_type = package_type
                order.purchasable_package_types = [
                    p for p in order.purchasable_package_types if p in higher_packages(package_type)
                ]
            self._ledger.append(LedgerEntry(request_id, order_id, tuple(wanted), package_type, now(), tuple(faults)))
            return copy.deepcopy(order)

    def move(self, order: OrderRecord, status: str, product_type: str = "products_2d") -> dict[str, Any]:
        """Set the order's status (call with the lock held). Returns the OrderStatusEvent to fire."""
        previous, order.status = order.status, status
        self._statuses[order.id] = status
        if previous == "Fixing" and status == "Ready":
            order.revision += 1  # a fix was delivered: the floor plan files change
        if status in DELIVERED_STATUSES and order.first_delivered_at is None and not order.documented:
            order.first_delivered_at = now()
        return {
            "id": order.id,
            "current_status": status,
            "previous_status": previous,
            "model_id": order.model_id,
            "product_type": product_type,
            "delivery_type": "new",
        }

    def move_by_id(self, order_id: str, status: str, product_type: str) -> dict[str, Any]:
        with self._lock:
            return self.move(self.get(order_id), status, product_type)

    # ------------------------------------------------------------------------------------------ change requests
    def add_change_request(self, order_id: str, body: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """Record a change request; the order moves to `Fixing` (documented). Returns (change request, event)."""
        with self._lock:
            order = self.get(order_id)
            change_request = {**copy.deepcopy(dict(body)), "id": str(uuid.uuid4()), "order_id": order_id}
            change_request["created_at"] = now()
            order.change_requests.append(change_request)
            event = self.move(order, "Fixing")
            return copy.deepcopy(change_request), event

    def change_requests(self, order_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self.get(order_id).change_requests)

    # ------------------------------------------------------------------------------------------ drafts
    def create_draft(self, body: Mapping[str, Any]) -> tuple[OrderRecord, dict[str, Any]]:
        """A new order in status `Draft` (fires `moved_to_draft`). Returns (order, event)."""
        with self._lock:
            owner = self._company.owner(body)
            package = str(body.get("package_type", "base"))
            owned = list(dict.fromkeys(body.get("add_ons", [])))
            order = OrderRecord(
                id=str(uuid.uuid4()),
                created_at=now(),
                status="New",
                package_type=package,
                add_ons=owned,
                purchasable_add_ons=[a for a in self._add_ons if a not in owned],
                purchasable_package_types=higher_packages(package),
                address=_draft_address(body),
                created_by=owner,
                external_id=body.get("external_id"),
                add_info=body.get("info", ""),
                is_scan_order=None,
                total_scanned_area=None,
                order_type=None,
                model_id=str(uuid.uuid4()),
            )
            # A new draft has no status before this one: `previous_status` is null (allowed by the spec).
            self._ids.insert(0, order.id)
            self._records[order.id] = order
            event = {**self.move(order, "Draft"), "previous_status": None}
            return copy.deepcopy(order), event

    def update_draft(self, order_id: str, body: Mapping[str, Any]) -> OrderRecord:
        with self._lock:
            order = self.find(order_id)
            if order is None or order.status != "Draft":
                raise NotFound("Draft order not found")
            updated = replace(
                order,
                address=_draft_address(body),
                created_by=self._company.owner(body),
                external_id=body.get("external_id", order.external_id),
                add_info=body.get("info", order.add_info),
            )
            if "package_type" in body:
                updated.package_type = body["package_type"]
                updated.purchasable_package_types = higher_packages(updated.package_type)
            if "add_ons" in body:
                updated.add_ons = list(dict.fromkeys(body["add_ons"]))
                updated.purchasable_add_ons = [a for a in self._add_ons if a not in updated.add_ons]
            self._records[order_id] = updated
            return copy.deepcopy(updated)


def _draft_address(body: Mapping[str, Any]) -> dict[str, Any]:
    address: dict[str, Any] = {"number": ""}
    for key in ("street", "suite", "city", "state", "postalCode", "country", "latitude", "longitude"):
        if key in body:
            address[key] = body[key]
    address["full_address"] = full_address(address)
    return {key: address[key] for key in sorted(address)}

"""The evolved API (`SandboxConfig(evolved_api=True)`): what a newer CubiCasa might send, for drift tests.

Every evolution is listed once, in `EVOLUTIONS`; the sandbox applies exactly these and tests (the sandbox's, the
drift radar's) import the list instead of repeating it. The field names, enum values and the type change are
INVENTED for the tests: CubiCasa has announced none of them. Each entry is phrased as the drift radar's finding
would be (`kind`, `schema`, field or value, `path`, JSON `types`), so a test can compare a radar report with it.

What the switch changes, and where:

* order responses (`getOrder`, `listOrders` items, `upgradeOrder`, draft orders), rendered by `evolve_order`:
  a top-level `revision`, `info.floor_count`, `info.product.bundle_id`, `address.county`, a
  `delivery_assets.floorplans_webp` group on delivered orders (its `webp_urls` link the PNG floor plan: the
  sandbox has no WebP encoder, and the drift is in the shape, not the bytes), and `info.total_scanned_area` as a
  string (`"12.5"`) wherever it is a number: the one type change, which the client passes through as it is;
* seeded orders (`evolve_status`, `EVOLVED_ADD_ONS`): status `Archived` for every tenth generated order past the
  fixed ones (indices 9, 19, ...), and the add-on `drone_photos`, purchasable on every order (buying it works);
* webhook events (`evolve_event`): `occurred_at` on every event, and `delivery_type: fix` when a fix is delivered
  (`Fixing` -> `Ready`).

The spec allows all of it (objects and enums are open) except the type change, so with `validate_responses` an
evolved sandbox checks its responses against `evolved_document`: the spec with each changed type widened to the
type sent. Everything else is checked as strictly as without the switch.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "ARCHIVED_STATUS",
    "EVOLUTIONS",
    "EVOLVED_ADD_ONS",
    "Evolution",
    "evolve_event",
    "evolve_order",
    "evolve_status",
    "evolved_document",
]


@dataclass(frozen=True)
class Evolution:
    """One deliberate departure from the spec, described as the drift radar reports it."""

    kind: Literal["unknown_field", "unknown_enum_value", "type_conflict"]
    schema: str
    """The components/schemas name: the object holding the field, or the enum component."""
    name: str
    """The JSON key (unknown_field, type_conflict) or the enum value (unknown_enum_value)."""
    path: str
    """Dotted JSON path relative to the resource (list items unprefixed), as in the drift report."""
    types: tuple[str, ...] = ()
    """The JSON types sent (sorted); empty for an enum value (always a string)."""
    expected: tuple[str, ...] = ()
    """type_conflict only: the JSON types the spec allows (sorted)."""
    where: str = ""
    """Which responses or events carry it."""

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes a drift finding unique: (kind, schema, field or value)."""
        return self.kind, self.schema, self.name


ARCHIVED_STATUS = "Archived"
EVOLVED_ADD_ONS = ("drone_photos",)
"""Add-ons only the evolved API sells (after the documented ones)."""
_FIX_DELIVERY = "fix"
_FIRST_ARCHIVED, _ARCHIVED_EVERY = 9, 10

EVOLUTIONS: tuple[Evolution, ...] = (
    Evolution("unknown_field", "Order", "revision", "revision", ("integer",), where="every order"),
    Evolution("unknown_field", "OrderInfo", "floor_count", "info.floor_count", ("integer",), where="every order"),
    Evolution("unknown_field", "OrderProduct", "bundle_id", "info.product.bundle_id", ("string",), where="every order"),
    Evolution("unknown_field", "Address", "county", "address.county", ("string",), where="every order"),
    Evolution(
        "unknown_field",
        "DeliveryAssets",
        "floorplans_webp",
        "delivery_assets.floorplans_webp",
        ("object",),
        where="delivered orders (Ready, Fixing)",
    ),
    Evolution(
        "unknown_field", "OrderStatusEvent", "occurred_at", "occurred_at", ("number",), where="every webhook event"
    ),
    Evolution(
        "unknown_enum_value", "OrderStatus", ARCHIVED_STATUS, "info.status", where="seeded orders 9, 19, 29, ..."
    ),
    Evolution(
        "unknown_enum_value",
        "AddOn",
        EVOLVED_ADD_ONS[0],
        "info.product.purchasable_add_ons",
        where="every order that does not own it (and add_ons once bought)",
    ),
    Evolution(
        "unknown_enum_value", "DeliveryType", _FIX_DELIVERY, "delivery_type", where="webhook events Fixing -> Ready"
    ),
    Evolution(
        "type_conflict",
        "OrderInfo",
        "total_scanned_area",
        "info.total_scanned_area",
        ("string",),
        expected=("null", "number"),
        where="every order whose area is a number",
    ),
)


def evolve_status(index: int, status: str) -> str:
    """The status of seeded order `index` in the evolved API (`Archived` for 9, 19, 29, ...)."""
    if index >= _FIRST_ARCHIVED and index % _ARCHIVED_EVERY == _FIRST_ARCHIVED % _ARCHIVED_EVERY:
        return ARCHIVED_STATUS
    return status


_COUNTIES = {"Minneapolis": "Hennepin", "New Orleans": "Orleans Parish", "Lutherville Timonium": "Baltimore County"}


def evolve_order(order: dict[str, Any], revision: int) -> dict[str, Any]:
    """Add the evolved fields to a rendered order (in place; returned for convenience)."""
    order["revision"] = revision
    info = order["info"]
    info["floor_count"] = 1 + int(order["id"][:2], 16) % 3
    area = info.get("total_scanned_area")
    if isinstance(area, int | float) and not isinstance(area, bool):
        info["total_scanned_area"] = str(area)
    product = info.get("product")
    if isinstance(product, dict):
        product["bundle_id"] = f"bundle-{product.get('package_type', 'none')}"
    address = order.get("address")
    if isinstance(address, dict):
        address["county"] = _COUNTIES.get(str(address.get("city", "")), "")
    assets = order.get("delivery_assets")
    if isinstance(assets, dict):
        listing = assets.get("listing_floorplans")
        png_urls = listing.get("png_urls") if isinstance(listing, dict) else None
        assets["floorplans_webp"] = {"webp_urls": list(png_urls or [])}
    return order


def evolve_event(event: Mapping[str, Any], occurred_at: float) -> dict[str, Any]:
    """A webhook event as the evolved API sends it (a new dict; an already evolved event is returned unchanged)."""
    evolved = dict(event)
    evolved.setdefault("occurred_at", occurred_at)
    if evolved.get("previous_status") == "Fixing" and evolved.get("current_status") == "Ready":
        evolved["delivery_type"] = _FIX_DELIVERY
    return evolved


def evolved_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """The spec with each type change of `EVOLUTIONS` allowed (the property's `type` list widened), for checking
    an evolved sandbox's responses: every other rule stays as strict."""
    widened = copy.deepcopy(dict(document))
    for evolution in EVOLUTIONS:
        if evolution.kind != "type_conflict":
            continue
        prop = widened["components"]["schemas"][evolution.schema]["properties"][evolution.name]
        types = prop["type"] if isinstance(prop["type"], list) else [prop["type"]]
        prop["type"] = [*types, *(t for t in evolution.types if t not in types)]
    return widened

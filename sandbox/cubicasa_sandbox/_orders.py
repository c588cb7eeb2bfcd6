"""Seeded orders and users, and how an order is rendered as the API's JSON.

Order 0 is CubiCasa's documented example (`_examples/upgrade_order.response.json`) with the same id, info and
address, and with its asset URLs pointing at the sandbox. The others are derived from it, deterministically from
`(seed, index)`. Only each order's id and status are computed up front (`seed_heads`, a few microseconds each);
the full record is built the first time the order is read, and its JSON only when it is served, so 10,000 orders
cost little.

Where the documentation is silent, the sandbox chooses, and says so here:

* Delivered assets exist only for orders in `Ready` or `Fixing` (delivered once); other orders have
  `delivery_assets: null`. A purchase on an undelivered order shows up in its assets once it is `Ready`.
* Groups follow what was bought: `gla_package` with the `gla` add-on, `cad_files` with `3d_cad_files`,
  `home_report` from the `plus` package up ("Available from PLUS", documented), `floorplans_3d` and `video_3d`
  with `plus_3d`. Some orders have `null` groups (`snapshot`, `property_data`) or `null` URL arrays, and some a
  `tour` group, as seen in a live third-party payload.
* An order that moves from `Fixing` back to `Ready` has had a fix delivered: its `revision` goes up by one and
  its floor plan files change (bytes and ETag; see `_assets`). The order's JSON does not show the revision.
* `SandboxConfig.signed_asset_urls` appends a fresh pre-signed-looking query to every asset URL at every read,
  as storage links do; the asset route ignores the query.
* A package can be upgraded to a higher one only (`base` < `plus` < `plus_3d`), and every add-on not owned is
  purchasable. The documented example lists its own package (`plus`) as purchasable; order 0 keeps that.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from ._assets import gla_formula_text

__all__ = [
    "ADD_ONS",
    "DELIVERED_STATUSES",
    "DOCUMENTED_ORDER_ID",
    "ORDER_STATUSES",
    "PACKAGES",
    "OrderRecord",
    "asset_names",
    "documented_example",
    "higher_packages",
    "render_order",
    "seed_heads",
    "seed_record",
    "seed_users",
]

ORDER_STATUSES = ("New", "Draft", "Pending", "Ready", "Fixing")
DELIVERED_STATUSES = frozenset({"Ready", "Fixing"})
PACKAGES = ("base", "plus", "plus_3d")
ADD_ONS = ("gla", "3d_cad_files")
DOCUMENTED_ORDER_ID = "312babc6-e742-4d54-ac49-e0f7b16ec15a"
_STEP = 21_600.0  # six hours between seeded orders, newest first


def documented_example(name: str) -> Any:
    return json.loads(files("cubicasa_integrate").joinpath("_examples", name).read_bytes())


@cache
def _documented_order() -> dict[str, Any]:
    loaded: dict[str, Any] = documented_example("upgrade_order.response.json")
    return loaded


def higher_packages(package: str) -> list[str]:
    rank = PACKAGES.index(package) if package in PACKAGES else -1
    return [p for p in PACKAGES if PACKAGES.index(p) > rank]


# Addresses of the documentation's examples (upgrade order, draft order) and a third-party live payload.
_ADDRESSES: tuple[dict[str, Any], ...] = (
    {
        "street": "North Washington Avenue",
        "suite": "Cubi suite",
        "city": "Minneapolis",
        "state": "Minnesota",
        "postalCode": "55411",
        "country": "United States",
        "latitude": 44.986947,
        "longitude": -93.275918,
    },
    {
        "street": "Bourbon St",
        "suite": "A1",
        "city": "New Orleans",
        "state": "Louisiana",
        "postalCode": "70130",
        "country": "United States",
        "latitude": 29.958365,
        "longitude": -90.066198,
    },
    {
        "street": "Brightfield Road",
        "suite": "",
        "city": "Lutherville Timonium",
        "state": "Maryland",
        "postalCode": "21093",
        "country": "United States",
        "latitude": 39.40732,
        "longitude": -76.66468,
    },
)


def full_address(address: dict[str, Any]) -> str:
    street = " ".join(part for part in (address.get("number", ""), address.get("street", "")) if part)
    region = " ".join(part for part in (address.get("state", ""), address.get("postalCode", "")) if part)
    return ", ".join(part for part in (street, address.get("city", ""), region, address.get("country", "")) if part)


@dataclass
class OrderRecord:
    """The state of one order; `render_order` turns it into the API's JSON."""

    id: str
    created_at: float
    status: str
    package_type: str
    add_ons: list[str]
    purchasable_add_ons: list[str]
    purchasable_package_types: list[str]
    address: dict[str, Any]
    created_by: str | None
    external_id: str | None = None
    first_delivered_at: float | None = None
    order_type: str | None = "vbim"
    is_scan_order: bool | None = True
    total_scanned_area: float | None = 0
    add_info: str | None = ""
    model_id: str = ""
    null_url_arrays: bool = False
    null_groups: bool = False
    has_tour: bool = False
    documented: bool = False
    revision: int = 0
    """Fixes delivered so far (moves from Fixing to Ready); the floor plan files carry it."""
    change_requests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.address.get("full_address") or full_address(self.address))


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


# The first generated orders cover every status and package, so that even a small sandbox has each case.
_FIXED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Ready", "base", ()),
    ("Pending", "plus", ("gla",)),
    ("Fixing", "plus_3d", ("3d_cad_files",)),
    ("New", "base", ()),
    ("Draft", "base", ()),
    ("Ready", "plus", ()),
    ("Ready", "plus_3d", ("gla", "3d_cad_files")),
)
# Status of the other generated orders: one draw from this wheel (half of them Ready).
_STATUS_WHEEL = ("New", "Draft", "Pending", "Pending", "Ready", "Ready", "Ready", "Ready", "Ready", "Fixing")


def _documented_record(emails: list[str]) -> OrderRecord:
    doc = _documented_order()
    info, product = doc["info"], doc["info"]["product"]
    rng = random.Random(f"model|{doc['id']}")
    return OrderRecord(
        id=doc["id"],
        created_at=float(info["created_at"]),
        status=info["status"],
        package_type=product["package_type"],
        add_ons=list(product["add_ons"]),
        purchasable_add_ons=list(product["purchasable_add_ons"]),
        purchasable_package_types=list(product["purchasable_package_types"]),
        address=dict(doc["address"]),
        created_by=info["created_by"],
        external_id=info["external_id"],
        first_delivered_at=info["first_delivered_at"],
        order_type=info["order_type"],
        is_scan_order=info["is_scan_order"],
        total_scanned_area=info["total_scanned_area"],
        add_info=info["add_info"],
        model_id=_uuid(rng),
        documented=True,
    )


def _head(seed: int, index: int) -> tuple[str, str, random.Random]:
    """The id and status of generated order `index`, cheaply, and a generator for the rest of it."""
    digest = hashlib.blake2b(f"{seed}|order|{index}".encode(), digest_size=24).digest()
    order_id = str(uuid.UUID(bytes=digest[:16], version=4))
    status = _FIXED[index - 1][0] if index <= len(_FIXED) else _STATUS_WHEEL[digest[16] % len(_STATUS_WHEEL)]
    return order_id, status, random.Random(digest)


def seed_heads(seed: int, count: int) -> list[tuple[str, str]]:
    """(id, status) of each of `count` seeded orders, newest first; about 3 µs per order."""
    heads = [(DOCUMENTED_ORDER_ID, str(_documented_order()["info"]["status"]))] if count >= 1 else []
    heads += [_head(seed, index)[:2] for index in range(1, count)]
    return heads


def seed_record(seed: int, index: int, emails: list[str]) -> OrderRecord:
    """The full record of seeded order `index` (0 is the documented example)."""
    if index == 0:
        return _documented_record(emails)
    order_id, status, rng = _head(seed, index)
    if index <= len(_FIXED):
        _, package, owned = _FIXED[index - 1]
    else:
        package = rng.choice(PACKAGES)
        owned = tuple(add_on for add_on in ADD_ONS if rng.random() < 0.35)
    template = _ADDRESSES[index % len(_ADDRESSES)]
    address = {"number": str(rng.randint(1, 999)), **template}
    address["full_address"] = full_address(address)
    address = {key: address[key] for key in sorted(address)}
    created_at = round(float(_documented_order()["info"]["created_at"]) - index * _STEP - rng.random() * 1000, 6)
    delivered = status in DELIVERED_STATUSES
    return OrderRecord(
        id=order_id,
        created_at=created_at,
        status=status,
        package_type=package,
        add_ons=list(owned),
        purchasable_add_ons=[a for a in ADD_ONS if a not in owned],
        purchasable_package_types=higher_packages(package),
        address=address,
        created_by=emails[index % len(emails)],
        external_id=None if index % 9 == 4 else f"SBX{10000 + index}",
        first_delivered_at=round(created_at + 3600 + rng.random() * 80_000, 6) if delivered else None,
        order_type="Tier3-LiDAR" if index % 5 == 2 else "vbim",
        is_scan_order=index % 7 != 3,
        total_scanned_area=round(rng.uniform(40, 400), 1) if index % 3 else 0,
        add_info="" if index % 4 else "Gate code at the back door",
        model_id=_uuid(rng),
        null_url_arrays=index % 3 == 0,
        null_groups=index % 4 == 1,
        has_tour=index % 4 == 2 or index == 1,
    )


def seed_users() -> list[dict[str, Any]]:
    """The users of the documented "List all users" example, the third (cut off after its surname, so its role
    is the sandbox's choice) and the documented example order's creator (a Manager, also the sandbox's choice)."""
    users: list[dict[str, Any]] = copy.deepcopy(documented_example("list_users.response.partial.json")["items"])
    users.append(
        {
            "id": "6549d877-dde8-45de-b87a-eb68207d0b3c",
            "email": "linus@computer.com",
            "name": "Linus",
            "surname": "Torvalds",
            "role": "User",
            "email_confirmed": True,
            "created_at": 1748553790.0,
        }
    )
    users.append(
        {
            "id": "0f5d4c1e-8a51-4d8e-9a43-2b1f6f8c0a11",
            "email": "manager@cubicasa.com",
            "name": None,
            "surname": None,
            "role": "Manager",
            "email_confirmed": True,
            "created_at": 1716238000.0,
        }
    )
    return users


# ------------------------------------------------------------------------------------------------ rendering
# Which sandbox file each documented URL array downloads.
_FILES: dict[tuple[str, str], str] = {
    ("listing_floorplans", "jpg_urls"): "floorplan.jpg",
    ("listing_floorplans", "png_urls"): "floorplan.png",
    ("listing_floorplans", "svg_urls"): "floorplan.svg",
    ("listing_floorplans", "pdf_urls"): "floorplan.pdf",
    ("listing_floorplans", "zip_urls"): "floorplan.zip",
    ("listing_floorplans", "jpg_urls_dim"): "floorplan_dim.jpg",
    ("listing_floorplans", "png_urls_dim"): "floorplan_dim.png",
    ("listing_floorplans", "svg_urls_dim"): "floorplan_dim.svg",
    ("listing_floorplans", "pdf_urls_dim"): "floorplan_dim.pdf",
    ("listing_floorplans", "zip_urls_dim"): "floorplan_dim.zip",
    ("floorplans_3d", "jpg_urls"): "floorplan_3d.jpg",
    ("video_3d", "video_urls"): "video_3d.mp4",
    ("cad_files", "zip_urls"): "cad_files.zip",
    ("gla_package", "image_urls"): "gla.png",
    ("gla_package", "report_urls"): "gla_report.pdf",
    ("home_report", "pdf_urls"): "home_report.pdf",
    ("snapshot", "pdf_urls"): "snapshot.pdf",
    ("snapshot", "image_urls"): "snapshot.png",
    ("property_data", "json_urls"): "property_data.json",
}
_LISTING_KEYS = (
    "jpg_urls",
    "png_urls",
    "svg_urls",
    "jpg_urls_dim",
    "png_urls_dim",
    "svg_urls_dim",
    "zip_urls",
    "zip_urls_dim",
    "pdf_urls",
    "pdf_urls_dim",
)


Link = Callable[[str], str]
"""The URL of one of the order's files, by file name."""


def _group(
    record: OrderRecord, link: Link, group: str, keys: tuple[str, ...], nullable: tuple[str, ...] = ()
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in keys:
        if record.null_url_arrays and key in nullable:
            out[key] = None
        else:
            out[key] = [link(_FILES[(group, key)])]
    return out


def _delivered(record: OrderRecord) -> bool:
    """Whether the order has files. An order in a status the sandbox does not know (`Archived`, evolved API only)
    keeps the files it was delivered, if any: the new status must not change anything else."""
    if record.status in ORDER_STATUSES:
        return record.status in DELIVERED_STATUSES
    return record.first_delivered_at is not None


def _delivery_assets(record: OrderRecord, link: Link) -> dict[str, Any] | None:
    if not _delivered(record):
        return None
    if record.documented:
        return _documented_assets(record, link)
    three_d = record.package_type == "plus_3d"
    assets: dict[str, Any] = {
        "listing_floorplans": _group(
            record, link, "listing_floorplans", _LISTING_KEYS, nullable=("zip_urls", "zip_urls_dim", "pdf_urls_dim")
        ),
        "floorplans_3d": _group(record, link, "floorplans_3d", ("jpg_urls",)) if three_d else None,
        "video_3d": _group(record, link, "video_3d", ("video_urls",)) if three_d else None,
        "cad_files": _group(record, link, "cad_files", ("zip_urls",)) if "3d_cad_files" in record.add_ons else None,
        "gla_package": (
            {
                **_group(record, link, "gla_package", ("image_urls", "report_urls")),
                "gla_formula_text": gla_formula_text(),
            }
            if "gla" in record.add_ons
            else None
        ),
        "home_report": _group(record, link, "home_report", ("pdf_urls",)) if record.package_type != "base" else None,
        "snapshot": None
        if record.null_groups
        else _group(record, link, "snapshot", ("pdf_urls", "image_urls"), nullable=("image_urls",)),
        "property_data": None if record.null_groups else _group(record, link, "property_data", ("json_urls",)),
    }
    if record.has_tour:
        assets["tour"] = {
            "link": link("tour.html"),
            "mls_compliance_link": link("tour_unbranded.html"),
            "type": "floorplan_tour",
        }
    return assets


def _documented_assets(record: OrderRecord, link: Link) -> dict[str, Any]:
    """The documented example's groups, key order and empty arrays, with sandbox URLs."""
    assets: dict[str, Any] = copy.deepcopy(_documented_order()["delivery_assets"])
    for group, value in assets.items():
        if not isinstance(value, dict):
            continue
        for key, urls in value.items():
            if isinstance(urls, list) and urls:
                value[key] = [link(_FILES[(group, key)])]
    if "gla" not in record.add_ons:
        assets["gla_package"] = None
    return assets


def asset_base(root_url: str, order_id: str) -> str:
    return f"{root_url}/_sandbox/assets/{order_id}/"


def _signed_query() -> str:
    """A query shaped like an S3 pre-signed URL's, new at every call: real asset links change on every read."""
    date = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return (
        f"?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={date}&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
        f"&X-Amz-Signature={secrets.token_hex(32)}"
    )


def render_order(record: OrderRecord, root_url: str, *, signed_urls: bool = False) -> dict[str, Any]:
    """The order as the API returns it; asset URLs start with `root_url` (scheme, host and port) and, with
    `signed_urls`, end with a query that differs at every call (see `_signed_query`)."""
    base = asset_base(root_url, record.id)

    def link(name: str) -> str:
        return base + name + (_signed_query() if signed_urls else "")

    return {
        "id": record.id,
        "info": {
            "status": record.status,
            "created_by": record.created_by,
            "location": _location(record),
            "order_type": record.order_type,
            "first_delivered_at": record.first_delivered_at,
            "created_at": record.created_at,
            "is_scan_order": record.is_scan_order,
            "total_scanned_area": record.total_scanned_area,
            "go2scan": None,
            "external_id": record.external_id,
            "add_info": record.add_info,
            "style_template": None,
            "product": {
                "add_ons": list(record.add_ons),
                "over_limits": [],
                "package_type": record.package_type,
                "purchasable_add_ons": list(record.purchasable_add_ons),
                "purchasable_package_types": list(record.purchasable_package_types),
            },
        },
        "address": dict(record.address),
        "delivery_assets": _delivery_assets(record, link),
    }


def _location(record: OrderRecord) -> str:
    if record.documented:
        return str(_documented_order()["info"]["location"])
    a = record.address
    return " ".join(str(part) for part in (a.get("number"), a.get("street"), a.get("suite"), a.get("city")) if part)


def asset_names(record: OrderRecord) -> set[str]:
    """The file names the order's current `delivery_assets` link to."""
    marker = "\x00/"
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and node.startswith(marker):
            names.add(node[len(marker) :])

    walk(_delivery_assets(record, lambda name: marker + name))
    return names

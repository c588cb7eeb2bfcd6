"""Realistic, deterministic order payloads: the documented Order shape with pre-signed-URL-like download links.

Each order is about 4 KB of JSON with about 15 download URLs on average (pre-signed storage links of ~200-250
characters, as the API sends them). Orders vary: 1-3 floors, optional add-ons, some still Pending (empty or
null asset groups), some without an address, a few with the third-party `tour` group. Nothing random at run
time: the same index always gives the same order, so every decoder sees exactly the same bytes.
"""

from __future__ import annotations

import copy
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "DOCUMENTED_ORDER",
    "PAGE_SIZES",
    "documented_page",
    "documented_page_bytes",
    "drifting_page_bytes",
    "order",
    "page",
    "page_bytes",
]

PAGE_SIZES = (20, 1000)
STATUSES = ("Ready", "Ready", "Ready", "Pending", "Ready", "Fixing", "Ready", "Ready", "New", "Ready")
PACKAGES = ("base", "plus", "plus_3d")
CITIES = (
    ("Minneapolis", "Minnesota", "55411", "North Washington Avenue"),
    ("Helsinki", "Uusimaa", "00100", "Aurinkotuulenkatu"),
    ("Austin", "Texas", "78701", "Congress Avenue"),
    ("Portland", "Oregon", "97205", "Southwest Broadway"),
)
BUCKET = "https://s3-us-west-2.amazonaws.com/cubi.casa.exporter.output"


def _hex(*parts: object, length: int = 32) -> str:
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:length]


def _signed(n: int, kind: str, floor: int, ext: str, slug: str) -> str:
    """A pre-signed storage URL shaped like the ones the API returns (~230 characters)."""
    key = _hex(n, kind, floor)
    return (
        f"{BUCKET}/{key}/{floor}_{slug}_{floor}.{ext}"
        f"?X-Amz-Expires=604800&X-Amz-Signature={_hex(key, 'sig', length=40)}"
    )


def _urls(n: int, kind: str, floors: int, ext: str, slug: str, *, present: bool) -> list[str]:
    return [_signed(n, kind, floor, ext, slug) for floor in range(floors)] if present else []


def order(n: int) -> dict[str, Any]:
    """Order number `n` of the benchmark data set (a plain JSON-compatible dict)."""
    status = STATUSES[n % len(STATUSES)]
    delivered = status in ("Ready", "Fixing")
    floors = 1 + n % 3
    package = PACKAGES[n % len(PACKAGES)]
    gla = n % 2 == 0
    cad = n % 5 == 0
    city, state, postal, street = CITIES[n % len(CITIES)]
    number = str(100 + n % 900)
    slug = f"{number}-{street.lower().replace(' ', '-')}-{city.lower()}"
    order_id = (
        "-".join(
            (
                _hex(n, "id", length=8),
                _hex(n, "a", length=4),
                "4" + _hex(n, "b", length=3),
                "8" + _hex(n, "c", length=3),
            )
        )
        + "-"
        + _hex(n, "d", length=12)
    )

    def urls(kind: str, ext: str, *, present: bool = True, count: int | None = None) -> list[str]:
        return _urls(n, kind, floors if count is None else count, ext, slug, present=delivered and present)

    assets: dict[str, Any] | None = {
        "listing_floorplans": {
            "jpg_urls": urls("jpg", "jpg"),
            "png_urls": urls("png", "png"),
            "svg_urls": urls("svg", "svg"),
            "pdf_urls": urls("pdf", "pdf", count=1),
            "zip_urls": [],
            "jpg_urls_dim": urls("jpg_dim", "jpg"),
            "png_urls_dim": urls("png_dim", "png"),
            "svg_urls_dim": urls("svg_dim", "svg", present=floors < 3),
            "pdf_urls_dim": urls("pdf_dim", "pdf", count=1),
            "zip_urls_dim": [],
        },
        "floorplans_3d": {"jpg_urls": urls("3d", "jpg", present=package == "plus_3d")}
        if package == "plus_3d"
        else None,
        "video_3d": {"video_urls": urls("video", "mp4", count=1, present=package == "plus_3d")},
        "cad_files": {"zip_urls": urls("cad", "zip", count=1, present=cad)},
        "gla_package": {
            "image_urls": urls("gla_img", "png", present=gla),
            "report_urls": urls("gla_pdf", "pdf", count=1, present=gla),
            "gla_formula_text": (
                f"GLA total: {50 + n % 200} m\u00b2, excluded areas: 0 m\u00b2\n\nFLOOR 1: {50 + n % 200} m\u00b2\n"
                if gla and delivered
                else None
            ),
        },
        "home_report": {"pdf_urls": urls("home", "pdf", count=1, present=package != "base")},
        "snapshot": {"pdf_urls": urls("snap", "pdf", count=1), "image_urls": []},
        "property_data": {"json_urls": urls("data", "json", count=1, present=package == "plus_3d")},
    }
    if assets is not None and n % 7 == 3:
        assets["tour"] = {
            "link": f"https://visithome.ai/{_hex(n, 'tour', length=12)}",
            "mls_compliance_link": f"https://visithome.ai/mls/{_hex(n, 'tour', length=12)}",
            "type": "floorplan_tour",
        }
    if status in ("New", "Draft"):
        assets = None
    owned = ["gla"] if gla else []
    if cad:
        owned.append("3d_cad_files")
    data: dict[str, Any] = {
        "id": order_id,
        "info": {
            "status": status,
            "created_by": f"photographer{n % 37}@example.com",
            "location": f"{number} {street} {city}",
            "order_type": "vbim" if n % 4 else "Tier3-LiDAR",
            "first_delivered_at": 1716241586.25 + n if delivered else None,
            "created_at": 1716238626.904049 + n,
            "is_scan_order": n % 3 != 0,
            "total_scanned_area": float(n % 250),
            "go2scan": None,
            "external_id": f"EXT{10000 + n}" if n % 2 else None,
            "add_info": "",
            "style_template": None,
            "product": {
                "add_ons": owned,
                "over_limits": [],
                "package_type": package,
                "purchasable_add_ons": [a for a in ("gla", "3d_cad_files") if a not in owned],
                "purchasable_package_types": list(PACKAGES[PACKAGES.index(package) + 1 :]),
            },
        },
        "delivery_assets": assets,
    }
    if n % 11 != 5:
        data["address"] = {
            "city": city,
            "country": "United States" if city != "Helsinki" else "Finland",
            "full_address": f"{number} {street}, {city}, {state} {postal}",
            "latitude": 44.986947 + n / 1000,
            "longitude": -93.275918 - n / 1000,
            "number": number,
            "postalCode": postal,
            "state": state,
            "street": street,
            "suite": "" if n % 3 else f"Suite {n % 40}",
        }
    return data


def page(size: int, *, offset: int = 0, has_more: bool = False) -> dict[str, Any]:
    """An OrderList page of `size` orders starting at order `offset`."""
    return {
        "pagination": {
            "has_more": has_more,
            "limit": size,
            "next_offset": offset + size if has_more else None,
            "previous_offset": offset if offset else None,
        },
        "items": [order(offset + i) for i in range(size)],
    }


@cache
def page_bytes(size: int, *, has_more: bool = False) -> bytes:
    """The page as the server sends it: compact UTF-8 JSON."""
    return json.dumps(page(size, has_more=has_more), separators=(",", ":"), ensure_ascii=False).encode()


@cache
def drifting_page_bytes(size: int) -> bytes:
    """The page with drift in every order: a field and a status the spec does not know (for the radar's cost)."""
    data = page(size)
    for n, item in enumerate(data["items"]):
        item["info"]["floor_count"] = 1 + n % 3
        item["info"]["status"] = "Failed"
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


DOCUMENTED_ORDER = (
    Path(__file__).resolve().parent.parent / "overrides/cubicasa_integrate/_examples/upgrade_order.response.json"
)
"""The full Order the API reference documents (every group delivered), as the spec's example ships it."""


def documented_page(size: int) -> dict[str, Any]:
    """A last page of `size` copies of the documented Order, each with its own id (a page repeating an id is what
    a broken server sends, and the copies should be as independent as the orders of a real page)."""
    documented = json.loads(DOCUMENTED_ORDER.read_text(encoding="utf-8"))
    items = []
    for n in range(size):
        item = copy.deepcopy(documented)
        item["id"] = f"00000000-0000-4000-8000-{n:012d}"
        items.append(item)
    return {
        "pagination": {"has_more": False, "limit": size, "next_offset": None, "previous_offset": None},
        "items": items,
    }


@cache
def documented_page_bytes(size: int) -> bytes:
    return json.dumps(documented_page(size), separators=(",", ":"), ensure_ascii=False).encode()

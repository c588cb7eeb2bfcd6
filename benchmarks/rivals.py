"""The OrderList schema written by hand for pydantic v2 and for msgspec, as close to the spec as each allows.

Both follow openapi/cubicasa-integrate-v3.yaml field by field: the same required keys, the same nullable and
optional fields (absent stays absent: pydantic through `exclude_unset`, msgspec through `UNSET`), the same
numbers and strings. Two choices keep the comparison fair to the rivals rather than to this client:

- The open enums (status, package type, add-ons) are plain `str`: an Enum would reject the values the API may
  add, which the generated client must accept. So the rivals skip the enum conversion the client does.
- pydantic keeps unknown keys (`extra="allow"`), as the generated models do. msgspec cannot keep them and drops
  them silently; the benchmark payloads carry none, so its output still round-trips.
"""

from __future__ import annotations

from typing import Any

import msgspec
from msgspec import UNSET, UnsetType
from pydantic import BaseModel, ConfigDict

__all__ = ["MsgspecOrderList", "PydanticOrderList"]


# ------------------------------------------------------------------------------------------------ pydantic


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class PPagination(_Open):
    has_more: bool
    limit: int | None = None
    next_offset: int | None = None
    previous_offset: int | None = None


class PProduct(_Open):
    add_ons: list[str] | None = None
    over_limits: list[Any] | None = None
    package_type: str | None = None
    purchasable_add_ons: list[str] | None = None
    purchasable_package_types: list[str] | None = None


class PInfo(_Open):
    status: str
    created_at: float
    created_by: str | None = None
    location: str | None = None
    order_type: str | None = None
    first_delivered_at: float | None = None
    is_scan_order: bool | None = None
    total_scanned_area: float | None = None
    go2scan: Any = None
    external_id: str | None = None
    add_info: str | None = None
    style_template: Any = None
    product: PProduct | None = None


class PAddress(_Open):
    city: str | None = None
    country: str | None = None
    full_address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    number: str | None = None
    postalCode: str | None = None
    state: str | None = None
    street: str | None = None
    suite: str | None = None


Urls = list[str] | None


class PListing(_Open):
    jpg_urls: Urls = None
    png_urls: Urls = None
    svg_urls: Urls = None
    pdf_urls: Urls = None
    zip_urls: Urls = None
    jpg_urls_dim: Urls = None
    png_urls_dim: Urls = None
    svg_urls_dim: Urls = None
    pdf_urls_dim: Urls = None
    zip_urls_dim: Urls = None


class PFloorplans3d(_Open):
    jpg_urls: Urls = None


class PVideo3d(_Open):
    video_urls: Urls = None


class PCad(_Open):
    zip_urls: Urls = None


class PGla(_Open):
    image_urls: Urls = None
    report_urls: Urls = None
    gla_formula_text: str | None = None


class PHomeReport(_Open):
    pdf_urls: Urls = None


class PSnapshot(_Open):
    pdf_urls: Urls = None
    image_urls: Urls = None


class PPropertyData(_Open):
    json_urls: Urls = None


class PTour(_Open):
    link: str | None = None
    mls_compliance_link: str | None = None
    type: str | None = None


class PAssets(_Open):
    listing_floorplans: PListing | None = None
    floorplans_3d: PFloorplans3d | None = None
    video_3d: PVideo3d | None = None
    cad_files: PCad | None = None
    gla_package: PGla | None = None
    home_report: PHomeReport | None = None
    snapshot: PSnapshot | None = None
    property_data: PPropertyData | None = None
    tour: PTour | None = None


class POrder(_Open):
    id: str
    info: PInfo
    address: PAddress | None = None
    delivery_assets: PAssets | None = None


class PydanticOrderList(_Open):
    pagination: PPagination
    items: list[POrder]


# ------------------------------------------------------------------------------------------------- msgspec

Opt = UnsetType  # shorthand: `T | Opt = UNSET` is an optional key that stays absent when absent
MUrls = list[str] | None | Opt


class MPagination(msgspec.Struct):
    has_more: bool
    limit: int | Opt = UNSET
    next_offset: int | Opt | None = UNSET
    previous_offset: int | Opt | None = UNSET


class MProduct(msgspec.Struct):
    add_ons: list[str] | Opt = UNSET
    over_limits: list[Any] | Opt = UNSET
    package_type: str | Opt = UNSET
    purchasable_add_ons: list[str] | Opt = UNSET
    purchasable_package_types: list[str] | Opt = UNSET


class MInfo(msgspec.Struct):
    status: str
    created_at: float
    created_by: str | Opt | None = UNSET
    location: str | Opt | None = UNSET
    order_type: str | Opt | None = UNSET
    first_delivered_at: float | Opt | None = UNSET
    is_scan_order: bool | Opt | None = UNSET
    total_scanned_area: float | Opt | None = UNSET
    go2scan: Any | Opt = UNSET
    external_id: str | Opt | None = UNSET
    add_info: str | Opt | None = UNSET
    style_template: Any | Opt = UNSET
    product: MProduct | Opt | None = UNSET


class MAddress(msgspec.Struct):
    city: str | Opt = UNSET
    country: str | Opt = UNSET
    full_address: str | Opt = UNSET
    latitude: float | Opt = UNSET
    longitude: float | Opt = UNSET
    number: str | Opt = UNSET
    postalCode: str | Opt = UNSET
    state: str | Opt = UNSET
    street: str | Opt = UNSET
    suite: str | Opt = UNSET


class MListing(msgspec.Struct):
    jpg_urls: MUrls = UNSET
    png_urls: MUrls = UNSET
    svg_urls: MUrls = UNSET
    pdf_urls: MUrls = UNSET
    zip_urls: MUrls = UNSET
    jpg_urls_dim: MUrls = UNSET
    png_urls_dim: MUrls = UNSET
    svg_urls_dim: MUrls = UNSET
    pdf_urls_dim: MUrls = UNSET
    zip_urls_dim: MUrls = UNSET


class MFloorplans3d(msgspec.Struct):
    jpg_urls: MUrls = UNSET


class MVideo3d(msgspec.Struct):
    video_urls: MUrls = UNSET


class MCad(msgspec.Struct):
    zip_urls: MUrls = UNSET


class MGla(msgspec.Struct):
    image_urls: MUrls = UNSET
    report_urls: MUrls = UNSET
    gla_formula_text: str | Opt | None = UNSET


class MHomeReport(msgspec.Struct):
    pdf_urls: MUrls = UNSET


class MSnapshot(msgspec.Struct):
    pdf_urls: MUrls = UNSET
    image_urls: MUrls = UNSET


class MPropertyData(msgspec.Struct):
    json_urls: MUrls = UNSET


class MTour(msgspec.Struct):
    link: str | Opt = UNSET
    mls_compliance_link: str | Opt = UNSET
    type: str | Opt = UNSET


class MAssets(msgspec.Struct):
    listing_floorplans: MListing | Opt | None = UNSET
    floorplans_3d: MFloorplans3d | Opt | None = UNSET
    video_3d: MVideo3d | Opt | None = UNSET
    cad_files: MCad | Opt | None = UNSET
    gla_package: MGla | Opt | None = UNSET
    home_report: MHomeReport | Opt | None = UNSET
    snapshot: MSnapshot | Opt | None = UNSET
    property_data: MPropertyData | Opt | None = UNSET
    tour: MTour | Opt | None = UNSET


class MOrder(msgspec.Struct):
    id: str
    info: MInfo
    address: MAddress | Opt | None = UNSET
    delivery_assets: MAssets | Opt | None = UNSET


class MsgspecOrderList(msgspec.Struct):
    pagination: MPagination
    items: list[MOrder]

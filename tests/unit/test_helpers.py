"""overrides/cubicasa_integrate/helpers.py: timestamps and asset URLs over the generated models."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from cubicasa_integrate import AssetUrl, asset_urls, created_at, first_delivered_at
from cubicasa_integrate.types import Order
from tests.unit.fakes import order_json


def test_timestamps_are_aware_utc_datetimes() -> None:
    order = Order.from_dict(order_json(first_delivered_at=1778406163.891521))
    assert created_at(order) == datetime(2024, 5, 20, 20, 57, 6, 904049, tzinfo=UTC)
    assert first_delivered_at(order) == datetime(2026, 5, 10, 9, 42, 43, 891521, tzinfo=UTC)
    assert first_delivered_at(Order.from_dict(order_json())) is None


def test_asset_urls_lists_every_file_of_every_group() -> None:
    urls = list(asset_urls(Order.from_dict(order_json())))
    assert len(urls) == 13
    assert AssetUrl("cad_files", "zip_urls", "https://download.cubi.casa/sample_bundle/cad_files.zip") in urls
    assert {url.group for url in urls} == {
        "listing_floorplans",
        "floorplans_3d",
        "video_3d",
        "cad_files",
        "gla_package",
        "home_report",
        "snapshot",
    }


def test_asset_urls_list_the_documented_groups_skip_links_and_leave_new_ones_to_the_drift_radar() -> None:
    """A group or list the spec does not know is skipped by the typed decode: no file of it is listed (a download
    must not guess at an undocumented shape); the drift radar reports it, and regenerating brings it in."""
    from cubicasa_integrate._decode import decode

    data = order_json()
    data["delivery_assets"]["matterport"] = {"glb_urls": ["https://cdn.example/model.glb"], "note": "x"}
    data["delivery_assets"]["home_report"]["docx_urls"] = ["https://cdn.example/report.docx"]
    data["delivery_assets"]["tour"] = {"link": "https://visithome.ai/x", "type": "floorplan_tour"}
    data["delivery_assets"]["snapshot"] = None
    data["delivery_assets"]["video_3d"]["video_urls"] = None
    urls = list(asset_urls(decode(Order, json.dumps(data).encode())))
    assert urls == list(asset_urls(Order.from_dict(data)))
    assert not any("cdn.example" in url.url for url in urls)
    assert not any(url.group in ("tour", "snapshot", "video_3d") for url in urls)
    assert {url.group for url in urls} == {"listing_floorplans", "floorplans_3d", "cad_files", "gla_package"} | {
        "home_report"
    }


def test_an_order_without_delivery_assets_has_no_files() -> None:
    data = order_json()
    del data["delivery_assets"]
    assert list(asset_urls(Order.from_dict(data))) == []
    data["delivery_assets"] = None
    assert list(asset_urls(Order.from_dict(data))) == []

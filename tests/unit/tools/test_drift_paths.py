"""tools/drift_paths.py: the drift radar's table is current, and places schemas where a reader looks for them."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from cubicasa_integrate import __spec_sha256__
from cubicasa_integrate._drift_paths import ENUM_FIELDS, ENUM_PATHS, ENUMS, SCHEMAS, SPEC_SHA256
from tests.support import load_spec, load_tool


@pytest.fixture(scope="module")
def drift_paths() -> ModuleType:
    return load_tool("drift_paths")


def test_committed_table_is_current(drift_paths: ModuleType) -> None:
    assert drift_paths.main(["--check"]) == 0
    assert __spec_sha256__ == SPEC_SHA256


def test_a_stale_table_is_caught(drift_paths: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "_drift_paths.py"
    stale.write_text(drift_paths.OUTPUT.read_text().replace('"info.status"', '"status"'))
    monkeypatch.setattr(drift_paths, "OUTPUT", stale)
    assert drift_paths.main(["--check"]) == 1
    assert drift_paths.main([]) == 0
    assert drift_paths.main(["--check"]) == 0


def test_paths_types_and_requirements_come_from_the_spec(drift_paths: ModuleType) -> None:
    fields, enums = drift_paths.table(load_spec())
    assert fields == SCHEMAS
    assert enums == ENUM_PATHS
    assert SCHEMAS["Order"][0] == ""  # list items are not prefixed: an Order of GET /orders is at the root
    assert SCHEMAS["OrderInfo"][0] == "info"
    assert SCHEMAS["ListingFloorplans"][0] == "delivery_assets.listing_floorplans"
    assert SCHEMAS["ListingFloorplans"][1]["png_urls"] == (("array", "null"), False)
    assert SCHEMAS["OrderInfo"][1]["status"] == (("string",), True)  # an open enum is a string
    assert SCHEMAS["OrderInfo"][1]["created_at"] == (("number",), True)
    assert SCHEMAS["OrderInfo"][1]["go2scan"] == (None, False)  # type not documented: anything goes
    assert ENUM_PATHS["OrderStatus"] == "info.status"
    assert ENUM_PATHS["AddOn"] == "info.product.add_ons"
    assert drift_paths.enums(load_spec()) == (ENUMS, ENUM_FIELDS)
    assert ENUMS["OrderStatus"] == ("New", "Draft", "Pending", "Ready", "Fixing")
    assert ENUM_FIELDS["OrderInfo"] == {"status": ("OrderStatus", False)}
    assert ENUM_FIELDS["OrderProduct"]["purchasable_add_ons"] == ("AddOn", True)  # list items
    assert ENUM_FIELDS["OrderStatusEvent"]["previous_status"] == ("OrderStatus", False)  # nullable

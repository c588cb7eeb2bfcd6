"""Forward compatibility, done once in generation (overrides/templates/str_enum.py.jinja): values and fields the
spec does not list yet never crash a decode; unknown enum values survive to_dict(), unknown keys are skipped by
the typed decode (the drift radar reports them, tests/unit/test_drift.py)."""

from __future__ import annotations

import copy
import json

import httpx
import msgspec
import pytest

from cubicasa_integrate.types import AddOn, Order, OrderStatus, PackageType
from tests.support import as_read
from tests.unit.fakes import FakeAPI, order_json, page_json


def future_order() -> dict[str, object]:
    data = order_json(status="Archived", order_type="Tier4-Drone", brand_new_field={"nested": [1, 2]})
    product = data["info"]["product"]  # type: ignore[index]
    product["add_ons"] = ["gla", "6h_turnaround"]
    product["package_type"] = "premium"
    product["purchasable_package_types"] = ["premium_3d"]
    return data


@pytest.mark.parametrize("decode", ["from_dict", "client"])
def test_unknown_enum_values_compare_equal_to_their_string_and_round_trip(decode: str) -> None:
    data = future_order()
    order = Order.from_dict(data) if decode == "from_dict" else msgspec.json.decode(json.dumps(data), type=Order)
    assert order.info.status == "Archived"
    assert isinstance(order.info.status, OrderStatus)
    assert order.info.product.add_ons == [AddOn.GLA, "6h_turnaround"]  # type: ignore[union-attr]
    assert order.info.product.package_type == "premium"  # type: ignore[union-attr]
    known = copy.deepcopy(data)
    del known["info"]["brand_new_field"]  # type: ignore[attr-defined]
    assert order.to_dict() == as_read(Order, known)


def test_unknown_values_do_not_join_the_members() -> None:
    OrderStatus("Archived")
    assert sorted(status.value for status in OrderStatus) == ["Draft", "Fixing", "New", "Pending", "Ready"]
    assert PackageType("plus") is PackageType.PLUS


def test_a_page_with_one_future_order_still_lists(api: FakeAPI) -> None:
    api.on("GET", "/orders", httpx.Response(200, json=page_json([order_json(), future_order()], has_more=False)))
    with api.client() as client:
        statuses = [order.info.status for order in client.orders.list()]
    assert statuses == ["Ready", "Archived"]

"""The batch against a listing a hostile or broken server sends (issue 25): an order id that could leave its path
segment, or with terminal controls, is skipped and never put in a purchase's URL; its text is escaped."""

from __future__ import annotations

from pathlib import Path

import httpx

from cubicasa_integrate.batch import upgrade_orders
from tests.unit.fakes import ORDER_ID, FakeAPI, order_json, page_json

HOSTILE = ["../../companies/webhook", "a\x1b[2Jb", "x?y=1"]


def test_an_order_id_that_is_not_a_safe_segment_is_skipped_and_never_sent(tmp_path: Path) -> None:
    api = FakeAPI()
    lacking = order_json()
    lacking["info"]["product"]["add_ons"] = []
    lacking["info"]["product"]["purchasable_add_ons"] = ["gla", "3d_cad_files"]
    orders = [{**lacking, "id": bad} for bad in HOSTILE] + [lacking]
    api.on("GET", "/orders", httpx.Response(200, json=page_json(orders, has_more=False)))
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=lacking))
    bought = {**lacking, "info": {**lacking["info"], "product": {**lacking["info"]["product"], "add_ons": ["gla"]}}}
    api.on("POST", f"/orders/{ORDER_ID}/post-purchase", httpx.Response(200, json=bought))
    with api.client() as client:
        report = upgrade_orders(client, add_ons=["gla"], max_purchases=10, journal=tmp_path / "j")
    skipped = [o for o in report.outcomes if o.reason == "invalid_id"]
    assert len(skipped) == len(HOSTILE)
    assert all("\x1b" not in o.order_id and "\x1b" not in o.detail for o in skipped)
    assert [o.order_id for o in report.outcomes if o.outcome == "bought"] == [ORDER_ID]
    assert [r.url.path for r in api.requests if r.method == "POST"] == [
        f"/api/integrate/v3/orders/{ORDER_ID}/post-purchase"
    ]

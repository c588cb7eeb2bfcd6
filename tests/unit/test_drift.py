"""The drift radar: what the API sends that the spec does not describe is recorded once, bounded, without values."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from cubicasa_integrate import AsyncCubiCasa, CubiCasa, __spec_sha256__, _drift, drift, webhooks
from cubicasa_integrate._decode import decode
from cubicasa_integrate._drift import _RADAR, AUDIT_EVERY, AUDIT_FIRST, MAX_FINDINGS, audit
from cubicasa_integrate.drift_proposal import propose
from cubicasa_integrate.errors import ResponseDecodeError
from cubicasa_integrate_api import types as generated_types
from cubicasa_integrate_api.models import Order, OrderList
from tests.support import ROOT, load_example
from tests.unit.fakes import KEY, order_json, page_json

ORDER_ID = "312babc6-e742-4d54-ac49-e0f7b16ec15a"
EMAIL = "jane.doe@example.com"
PHONE = "+358 40 1234567"
LOGGER = "cubicasa_integrate.drift"


@pytest.fixture(autouse=True)
def radar() -> Iterator[None]:
    """A radar that has seen nothing, and no operation audited yet (so the next responses are)."""
    _RADAR.reset()
    _drift._audited.clear()
    yield
    _RADAR.reset()
    _drift._audited.clear()


def findings() -> dict[tuple[str, str, str], dict[str, Any]]:
    """The report's findings by (kind, schema, field or value), each as the JSON the report gives."""
    report = json.loads(drift.report().to_json())
    return {(f["kind"], f["schema"], f.get("field") or f["value"]): f for f in report["findings"]}


def drifting_order() -> dict[str, Any]:
    order = order_json(status="Failed", floor_count=2, total_scanned_area="12.5")
    order["info"]["product"]["add_ons"].append("drone_photos")
    return order


def decode_page(*orders: dict[str, Any]) -> OrderList:
    return OrderList.from_dict(page_json(list(orders), has_more=False))


def list_page(*orders: dict[str, Any]) -> OrderList:
    """The first page of orders.list() through the client, whose request loop audits the response body."""
    answer = httpx.MockTransport(lambda request: httpx.Response(200, json=page_json(list(orders), has_more=False)))
    with CubiCasa(KEY, transport=answer) as client:
        return next(client.orders.list().pages())


def test_each_kind_of_drift_is_recorded_with_its_schema_path_and_types() -> None:
    order = drifting_order()
    order["address"]["floors"] = [1, 2]
    list_page(order)
    seen = findings()
    assert seen[("unknown_field", "OrderInfo", "floor_count")] | {"first_seen": "-"} == {
        "kind": "unknown_field",
        "schema": "OrderInfo",
        "field": "floor_count",
        "path": "info.floor_count",
        "types": ["integer"],
        "first_seen": "-",
        "count": 1,  # by the audit of the response (the typed decode skips the key)
    }
    enum = seen[("unknown_enum_value", "OrderStatus", "Failed")]
    assert (enum["path"], "field" in enum, enum["count"]) == ("info.status", False, 1)  # by the audit
    add_on = seen[("unknown_enum_value", "AddOn", "drone_photos")]
    assert add_on["path"] == "info.product.add_ons"
    conflict = seen[("type_conflict", "OrderInfo", "total_scanned_area")]
    assert (conflict["path"], conflict["expected"], conflict["types"]) == (
        "info.total_scanned_area",
        ["null", "number"],
        ["string"],
    )
    # The address was never read: the audit of the response body saw its drift.
    assert seen[("unknown_field", "Address", "floors")]["path"] == "address.floors"
    assert set(seen) == {
        ("unknown_field", "OrderInfo", "floor_count"),
        ("unknown_field", "Address", "floors"),
        ("unknown_enum_value", "OrderStatus", "Failed"),
        ("unknown_enum_value", "AddOn", "drone_photos"),
        ("type_conflict", "OrderInfo", "total_scanned_area"),
    }


def test_drift_inside_an_object_nobody_reads_is_seen_by_the_audit() -> None:
    order = order_json()
    order["address"]["floors"] = [1, 2]
    order["address"]["latitude"] = "north"
    decoded = list_page(order).items[0]
    seen = findings()
    assert seen[("unknown_field", "Address", "floors")]["path"] == "address.floors"
    assert seen[("unknown_field", "Address", "floors")]["types"] == ["array"]
    assert seen[("type_conflict", "Address", "latitude")]["expected"] == ["number"]
    assert decoded.address.latitude == "north"  # type: ignore[union-attr]  # an optional field: kept as it came


def test_a_required_field_missing_or_of_another_type_is_recorded_and_the_call_fails() -> None:
    missing = order_json()
    del missing["info"]["created_at"]
    not_an_object = order_json()
    not_an_object["info"] = "Ready"
    for body in (missing, order_json(created_at="yesterday"), not_an_object):
        with pytest.raises(ResponseDecodeError):
            list_page(body)
    seen = findings()
    assert seen[("missing_field", "OrderInfo", "created_at")]["path"] == "info.created_at"
    assert "types" not in seen[("missing_field", "OrderInfo", "created_at")]
    assert seen[("type_conflict", "OrderInfo", "created_at")]["types"] == ["string"]
    assert seen[("type_conflict", "Order", "info")] | {"first_seen": "-"} == {
        "kind": "type_conflict",
        "schema": "Order",
        "field": "info",
        "path": "info",
        "expected": ["object"],
        "types": ["string"],
        "first_seen": "-",
        "count": 1,
    }


def test_an_optional_object_field_of_another_type_is_a_conflict_and_kept_as_it_came() -> None:
    order = order_json()
    order["delivery_assets"] = ["not", "an", "object"]
    assert list_page(order).items[0].delivery_assets == ["not", "an", "object"]
    conflict = findings()[("type_conflict", "Order", "delivery_assets")]
    assert (conflict["expected"], conflict["types"]) == (["null", "object"], ["array"])


def test_an_integer_where_a_number_is_documented_is_no_drift() -> None:
    list_page(order_json(total_scanned_area=12, first_delivered_at=None))
    assert findings() == {}
    failing = order_json(total_scanned_area=12, created_at=1716238626)
    del failing["info"]["status"]
    with pytest.raises(ResponseDecodeError):
        list_page(failing)  # the radar judges every field of a body whose decode fails
    assert set(findings()) == {("missing_field", "OrderInfo", "status")}


def test_each_new_finding_is_logged_once_and_then_only_counted(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    for _ in range(3):
        list_page(drifting_order(), drifting_order())
    records = [r for r in caplog.records if r.name == LOGGER]
    messages = sorted(r.getMessage() for r in records)
    spec = __spec_sha256__[:12]
    assert messages == sorted(
        [
            f"API sent field info.floor_count (integer) that spec {spec} does not know; see DRIFT in the README",
            f"API sent OrderStatus value 'Failed' in info.status that spec {spec} does not know; see DRIFT in the "
            "README",
            f"API sent AddOn value 'drone_photos' in info.product.add_ons that spec {spec} does not know; see DRIFT "
            "in the README",
            f"API sent field info.total_scanned_area as string where spec {spec} says null or number; see DRIFT in "
            "the README",
        ]
    )
    assert {r.levelno for r in records} == {logging.WARNING}
    # Each by the audit of each of the 3 responses (2 orders each).
    counts = {name: f["count"] for (_kind, _schema, name), f in findings().items()}
    assert counts == {"floor_count": 6, "total_scanned_area": 6, "Failed": 6, "drone_photos": 6}


def test_findings_are_bounded_and_the_rest_counted_as_dropped(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    order = order_json()
    order.update({f"extra_{n:04d}": n for n in range(MAX_FINDINGS + 1)})
    audit("Order", order)
    report = drift.report()
    assert (len(report.findings), report.dropped) == (1000, 1)
    assert MAX_FINDINGS == 1000
    audit("Order", order)
    report = drift.report()
    assert (len(report.findings), report.dropped) == (1000, 2)
    assert {f.count for f in report.findings} == {2}
    full = [r for r in caplog.records if "keeps 1000 findings" in r.getMessage()]
    assert len(full) == 1


def test_an_overlong_key_or_enum_value_is_cut() -> None:
    order = order_json(status="S" * 10_000)
    order["k" * 10_000] = 1
    list_page(order)
    names = [f.field or f.value or "" for f in drift.report().findings]
    assert sorted(map(len, names)) == [200, 200]


def test_threads_decoding_at_once_lose_no_count_and_log_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    page = page_json([order_json(status="Failed", floor_count=2) for _ in range(50)], has_more=False)
    content = json.dumps(page).encode()
    start = threading.Barrier(8)

    def work() -> None:
        start.wait()
        for _ in range(20):
            decode(OrderList, content)
            audit("OrderList", page)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counts = {name: f["count"] for (_kind, _schema, name), f in findings().items()}
    assert counts == {"floor_count": 8 * 20 * 50, "Failed": 8 * 20 * 50}
    assert len([r for r in caplog.records if r.name == LOGGER]) == 2


def test_no_value_of_a_field_reaches_the_report_or_the_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    order = order_json(created_by=EMAIL, total_scanned_area=PHONE, contact={"email": EMAIL, "phone": PHONE})
    order["owner_phone"] = PHONE
    order["address"]["street"] = {"line": EMAIL}
    order["address"]["resident"] = EMAIL
    list_page(order)
    missing = order_json(created_by=PHONE, referrer=EMAIL)
    del missing["info"]["created_at"]
    with pytest.raises(ResponseDecodeError):
        list_page(missing)
    report = drift.report()
    kinds = {f.kind for f in report.findings}
    assert kinds == {"unknown_field", "type_conflict", "missing_field"}
    records = [r for r in caplog.records if r.name == LOGGER]
    assert len(records) == len(report.findings)
    texts = [report.to_json(), json.dumps(report.as_dict()), repr(report), str(report)]
    texts += [repr(finding) for finding in report.findings]
    texts += [r.getMessage() for r in records] + [repr(r.args) for r in records] + [caplog.text]
    proposal = propose(report.to_json(), (ROOT / "openapi" / "cubicasa-integrate-v3.yaml").read_text())
    assert proposal.patch  # the planted unknown fields are proposed, by name and type only
    texts += [proposal.patch, *proposal.notes]
    for text in texts:
        for value in (EMAIL, PHONE, "jane.doe", "1234567"):
            assert value not in text


def test_no_drift_means_an_empty_report_and_no_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    list_page(order_json(), order_json(status="Pending"))
    report = drift.report()
    assert not report
    assert report.as_dict() == {
        "format": "cubicasa-drift/1",
        "source": "api",
        "spec_sha256": __spec_sha256__,
        "client_version": drift.report().client_version,
        "findings": [],
        "dropped": 0,
    }
    assert [r for r in caplog.records if r.name == LOGGER] == []


def test_the_raw_generated_client_and_the_decode_alone_record_nothing() -> None:
    """The generated code has no hook: it decodes unknown values (open enums) and tells nobody, whatever clients
    were built; only the client's request loop (and webhooks.parse) audits."""
    with CubiCasa(KEY):
        pass
    assert not hasattr(generated_types, "drift_hook")
    order = Order.from_dict(drifting_order())
    assert (order.info.status, order.info.status.name) == ("Failed", "UNKNOWN")
    page = decode(OrderList, json.dumps(page_json([drifting_order()], has_more=False)).encode())
    assert page.items[0].info.product.add_ons[-1] == "drone_photos"  # type: ignore[union-attr]
    assert not drift.report()


def test_every_enum_the_spec_lists_is_checked_where_it_occurs() -> None:
    order = order_json(status="Failed")
    order["info"]["product"].update(
        {"package_type": "ultra", "purchasable_add_ons": ["gla", "drone"], "purchasable_package_types": ["mega"]}
    )
    audit("Order", order)
    audit("User", {"id": "u", "email": "e", "role": "Owner"})
    audit("WebhookConfig", {"webhook_urls": [], "webhook_triggers": ["moved_to_ready", "moved_to_space"]})
    audit("Order", order_json(status=5))  # not a string: a type conflict, not an enum value
    assert {(f.kind, f.schema, f.value or f.field, f.path) for f in drift.report().findings} == {
        ("unknown_enum_value", "OrderStatus", "Failed", "info.status"),
        ("unknown_enum_value", "PackageType", "ultra", "info.product.package_type"),
        ("unknown_enum_value", "AddOn", "drone", "info.product.add_ons"),
        ("unknown_enum_value", "PackageType", "mega", "info.product.package_type"),
        ("unknown_enum_value", "UserRole", "Owner", "role"),
        ("unknown_enum_value", "WebhookTrigger", "moved_to_space", "webhook_triggers"),
        ("type_conflict", "OrderInfo", "status", "info.status"),
    }


def test_the_radar_never_fails_a_call(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    _RADAR.hear("unknown", "Order", object())  # not a mapping of keys to types: nothing to record, nothing raised
    assert not drift.report()
    assert any("could not record" in r.getMessage() for r in caplog.records)


def test_webhook_findings_are_kept_apart_from_the_clients() -> None:
    payload = load_example("webhook_order_status.payload.json")
    webhooks.parse(json.dumps(payload | {"current_status": "Failed", "region": "eu"}))
    answer = httpx.MockTransport(lambda request: httpx.Response(200, json=order_json(floor_count=1)))
    with CubiCasa(KEY, transport=answer) as client:
        client.orders.get(ORDER_ID)
        sync_report = client.drift
    aclient = AsyncCubiCasa(KEY, transport=httpx.MockTransport(lambda request: httpx.Response(404)))
    assert aclient.drift == sync_report == drift.report()
    assert set(findings()) == {("unknown_field", "OrderInfo", "floor_count")}
    # What an unsigned webhook body held is reported on its own, never mixed into the API's report.
    from_webhooks = drift.webhook_report()
    assert from_webhooks.source == from_webhooks.as_dict()["source"] == "webhooks"
    assert {(f.kind, f.schema, f.field or f.value) for f in from_webhooks.findings} == {
        ("unknown_enum_value", "OrderStatus", "Failed"),
        ("unknown_field", "OrderStatusEvent", "region"),
    }


def test_the_request_loop_audits_the_first_responses_of_an_operation_then_one_in_every_few() -> None:
    calls = AUDIT_FIRST + 2 * AUDIT_EVERY
    for _ in range(calls):
        list_page(order_json(total_scanned_area="12.5"))
    [conflict] = findings().values()
    assert conflict["count"] == AUDIT_FIRST + 2  # the first ones, then the 64th and the 128th
    list_page(order_json(status="Failed"))  # not sampled: an unknown value only it carries is not seen
    assert set(findings()) == {("type_conflict", "OrderInfo", "total_scanned_area")}


def test_an_audit_never_raises_and_stops_at_its_bound() -> None:
    audit("Order", "not an object")
    audit("NoSuchSchema", {"x": 1})
    deep: dict[str, Any] = {"items": [order_json() | {"extra": 1} for _ in range(3)], "pagination": {"has_more": 1}}
    audit("OrderList", deep)
    seen = findings()
    assert seen[("unknown_field", "Order", "extra")]["count"] == 3
    assert seen[("type_conflict", "Pagination", "has_more")]["types"] == ["integer"]


def test_the_json_report_keeps_names_exactly_and_writes_control_characters_as_escapes() -> None:
    name = "x\x1b[2J\u202eevil\n\x9b"
    finding = drift.Finding("unknown_field", "OrderInfo", name, None, f"info.{name}", ("integer",), (), "", 1)
    text = drift.DriftReport("0" * 64, "0.5.0", (finding,), 0).to_json()
    assert not any(char in text for char in "\x1b\u202e\x9b"), text
    assert json.loads(text)["findings"][0]["field"] == name

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
from cubicasa_integrate._drift import _RADAR, AUDIT_EVERY, AUDIT_FIRST, MAX_FINDINGS, audit, install
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
def radar(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A radar that has seen nothing, listening (whatever hook another test left behind)."""
    install()
    monkeypatch.setattr(generated_types, "drift_hook", _RADAR.hook)
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
    assert (enum["path"], "field" in enum) == ("info.status", False)
    assert enum["count"] >= 1  # a body with a type conflict is converted twice (_decode._lenient): both see it
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
    # Unknown fields and conflicts: by the audit of each of the 3 responses (2 orders each). Enum values: by the
    # decode, at least once per order (a body with a type conflict is converted twice, _decode._lenient).
    counts = {name: f["count"] for (_kind, _schema, name), f in findings().items()}
    assert (counts.pop("floor_count"), counts.pop("total_scanned_area")) == (6, 6)
    assert counts.keys() == {"Failed", "drone_photos"}
    assert all(6 <= count <= 12 for count in counts.values()), counts


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


def test_the_raw_generated_client_records_nothing_without_the_radar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generated_types, "drift_hook", None)
    assert Order.from_dict(drifting_order()).info.status == "Failed"
    assert not drift.report()


def test_the_hook_never_fails_a_decode(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    _RADAR.hook("unknown", "Order", object())  # not a mapping of keys to types: nothing to record, nothing raised
    assert not drift.report()
    assert any("could not record" in r.getMessage() for r in caplog.records)


def test_clients_and_webhooks_install_it_and_keep_webhook_findings_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    import cubicasa_integrate._drift as radar_module

    payload = load_example("webhook_order_status.payload.json")
    for install_it in (lambda: AsyncCubiCasa(KEY), lambda: CubiCasa(KEY).close(), lambda: webhooks.parse(payload)):
        monkeypatch.setattr(generated_types, "drift_hook", None)
        monkeypatch.setattr(radar_module, "_installed", False)
        install_it()
        assert generated_types.drift_hook == _RADAR.hook
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


def test_install_keeps_a_hook_someone_else_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import cubicasa_integrate._drift as radar_module

    heard: list[tuple[str, str]] = []
    monkeypatch.setattr(generated_types, "drift_hook", lambda event, schema, detail: heard.append((event, schema)))
    monkeypatch.setattr(radar_module, "_installed", False)
    install()
    Order.from_dict(order_json(status="Failed"))
    assert heard == [("enum", "OrderStatus")]
    assert not drift.report()


def test_the_request_loop_audits_the_first_responses_of_an_operation_then_one_in_every_few() -> None:
    calls = AUDIT_FIRST + 2 * AUDIT_EVERY
    for _ in range(calls):
        list_page(order_json(total_scanned_area="12.5"))
    [conflict] = findings().values()
    assert conflict["count"] == AUDIT_FIRST + 2  # the first ones, then the 64th and the 128th
    install()
    generated_types.drift_hook = None  # not listening (another hook, or none): no audit
    list_page(order_json(total_scanned_area="12.5"))
    assert findings()[("type_conflict", "OrderInfo", "total_scanned_area")]["count"] == AUDIT_FIRST + 2


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

"""SandboxConfig(evolved_api=True): exactly the evolutions of cubicasa_sandbox.EVOLUTIONS, at their places; off,
the sandbox answers as before."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cubicasa_sandbox import EVOLUTIONS, Sandbox, SandboxConfig
from cubicasa_sandbox._evolved import evolved_document
from cubicasa_sandbox._respcheck import evolved_checker, shared_checker
from cubicasa_sandbox._spec import BASE_PATH, spec_document

ORDERS = 45


def json_type(value: Any) -> str:
    names = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object"}
    return "null" if value is None else names[type(value)]


def differences(before: Any, after: Any, path: str = "") -> list[tuple[str, str, Any]]:
    """(change, dotted path, new value) for every key added, removed or changed from `before` to `after`."""
    if isinstance(before, dict) and isinstance(after, dict):
        found: list[tuple[str, str, Any]] = []
        for key in sorted(set(before) | set(after)):
            where = f"{path}.{key}" if path else key
            if key not in before:
                found.append(("added", where, after[key]))
            elif key not in after:
                found.append(("removed", where, None))
            else:
                found += differences(before[key], after[key], where)
        return found
    return [] if before == after and type(before) is type(after) else [("changed", path, after)]


def both(**options: Any) -> tuple[Sandbox, Sandbox]:
    return Sandbox(SandboxConfig(orders=ORDERS, **options)), Sandbox(SandboxConfig(orders=ORDERS, evolved_api=True))


def test_the_evolved_api_adds_exactly_the_listed_fields_and_values_at_their_places() -> None:
    plain, evolved = both()
    assert plain.order_ids() == evolved.order_ids()
    changes: dict[str, set[tuple[str, str]]] = {}
    for order_id in plain.order_ids():
        for change, path, value in differences(plain.order(order_id), evolved.order(order_id)):
            changes.setdefault(path, set()).add((change, json_type(value)))
    order_fields = {e.path: e for e in EVOLUTIONS if e.kind == "unknown_field" and e.schema != "OrderStatusEvent"}
    values = {e.path: e for e in EVOLUTIONS if e.kind == "unknown_enum_value" and e.schema != "DeliveryType"}
    conflicts = {e.path: e for e in EVOLUTIONS if e.kind == "type_conflict"}
    assert set(changes) == set(order_fields) | set(values) | set(conflicts)
    for path, evolution in order_fields.items():
        assert changes[path] == {("added", t) for t in evolution.types}, path
    for path, evolution in conflicts.items():
        assert changes[path] == {("changed", t) for t in evolution.types}, path
    assert changes["info.status"] == {("changed", "string")}
    assert changes["info.product.purchasable_add_ons"] == {("changed", "array")}


def test_the_new_enum_values_are_the_listed_ones_on_some_orders() -> None:
    plain, evolved = both()
    statuses = {evolved.order(i)["info"]["status"] for i in evolved.order_ids()}
    known = {plain.order(i)["info"]["status"] for i in plain.order_ids()}
    assert statuses - known == {"Archived"}
    assert known <= statuses, "every documented status is still served"
    assert len(evolved.order_ids("Archived")) == 4  # 9, 19, 29, 39 of 45
    for order_id in evolved.order_ids():
        before = plain.order(order_id)["info"]["product"]["purchasable_add_ons"]
        assert evolved.order(order_id)["info"]["product"]["purchasable_add_ons"] == [*before, "drone_photos"]
    listed = {e.name for e in EVOLUTIONS if e.kind == "unknown_enum_value" and e.schema in ("OrderStatus", "AddOn")}
    assert listed == {"Archived", "drone_photos"}


def test_the_type_change_sends_the_number_as_a_string() -> None:
    plain, evolved = both()
    for order_id in plain.order_ids():
        area = plain.order(order_id)["info"]["total_scanned_area"]
        sent = evolved.order(order_id)["info"]["total_scanned_area"]
        assert sent == (None if area is None else str(area))


def test_the_new_add_on_can_be_bought_and_drafts_offer_it() -> None:
    _, evolved = both()
    order_id = evolved.order_ids("Ready")[0]
    evolved.purchase(order_id, None, ["drone_photos"], "request-1")
    product = evolved.order(order_id)["info"]["product"]
    assert "drone_photos" in product["add_ons"]
    assert "drone_photos" not in product["purchasable_add_ons"]
    body = {"street": "Main St", "city": "Minneapolis", "owner_email": evolved.users[0]["email"]}
    assert "drone_photos" in evolved.create_draft(body)[0].purchasable_add_ons
    assert "drone_photos" not in Sandbox(SandboxConfig(orders=1)).create_draft(body)[0].purchasable_add_ons


def test_webhook_events_carry_the_new_field_and_a_fix_the_new_delivery_type() -> None:
    plain, evolved = both()
    order_id = plain.order_ids("Fixing")[0]
    for sandbox in (plain, evolved):
        sandbox.set_order_status(order_id, "Ready")
    assert evolved.webhook_deliveries == () == plain.webhook_deliveries  # no URL registered: nothing sent
    plain_event = plain.set_order_status(order_id, "Fixing")
    evolved_event = evolved.set_order_status(order_id, "Fixing")
    assert set(evolved_event) - set(plain_event) == {"occurred_at"}
    assert isinstance(evolved_event["occurred_at"], float)
    assert evolved_event["delivery_type"] == plain_event["delivery_type"] == "new"
    assert evolved.set_order_status(order_id, "Ready")["delivery_type"] == "fix"
    assert plain.set_order_status(order_id, "Ready")["delivery_type"] == "new"
    assert {e.path for e in EVOLUTIONS if e.schema in ("OrderStatusEvent", "DeliveryType")} == {
        "occurred_at",
        "delivery_type",
    }


def test_off_nothing_evolved_appears() -> None:
    plain = Sandbox(SandboxConfig(orders=ORDERS))
    text = json.dumps([plain.order(i) for i in plain.order_ids()])
    for evolution in EVOLUTIONS:
        if evolution.kind != "type_conflict":  # a changed field exists before; its type is checked elsewhere
            assert f'"{evolution.name}"' not in text, evolution


def test_every_evolution_is_described_as_the_drift_radar_reports_it() -> None:
    schemas = spec_document()["components"]["schemas"]
    assert len({e.key for e in EVOLUTIONS}) == len(EVOLUTIONS)
    for evolution in EVOLUTIONS:
        schema = schemas[evolution.schema]
        if evolution.kind == "unknown_enum_value":
            assert evolution.name not in schema["enum"]
            assert evolution.types == ()
        else:
            assert evolution.types == tuple(sorted(evolution.types))
            assert evolution.types
            assert (evolution.name in schema["properties"]) is (evolution.kind == "type_conflict")
        assert evolution.expected == tuple(sorted(evolution.expected))


def order_response_errors(checker: Any, order: dict[str, Any]) -> list[str]:
    path = f"{BASE_PATH}/orders/{order['id']}"
    body = json.dumps(order).encode()
    return list(checker.response_errors("GET", path, [], {}, 200, {"content-type": "application/json"}, body))


def test_the_evolved_checker_allows_the_type_change_and_nothing_else() -> None:
    _, evolved = both()
    order = evolved.order(evolved.order_ids("Ready")[0])
    assert isinstance(order["info"]["total_scanned_area"], str)
    assert order_response_errors(evolved_checker(), order) == []
    strict = order_response_errors(shared_checker(), order)
    assert strict
    assert all("total_scanned_area" in error for error in strict)
    order["info"]["created_at"] = "yesterday"  # still a violation under the evolved checker
    assert order_response_errors(evolved_checker(), order)


def test_evolved_document_widens_only_the_changed_types() -> None:
    document = spec_document()
    widened = evolved_document(document)
    area = widened["components"]["schemas"]["OrderInfo"]["properties"]["total_scanned_area"]
    assert area["type"] == ["number", "null", "string"]
    area["type"] = document["components"]["schemas"]["OrderInfo"]["properties"]["total_scanned_area"]["type"]
    assert widened == document


@pytest.mark.parametrize("evolved_api", [False, True])
def test_the_audit_uses_the_checker_of_the_api_version(evolved_api: bool) -> None:
    sandbox = Sandbox(SandboxConfig(orders=1, validate_responses=True, evolved_api=evolved_api))
    assert sandbox.checker is (evolved_checker() if evolved_api else shared_checker())

"""overrides/cubicasa_integrate/webhooks.py: parsing CubiCasa's webhook calls, and the documented receiver."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import httpx
import pytest

from cubicasa_integrate import webhooks
from cubicasa_integrate.errors import WebhookPayloadError
from cubicasa_integrate.types import OrderStatus, OrderStatusEvent, ProductType
from tests.support import load_example

PAYLOAD = load_example("webhook_order_status.payload.json")


@pytest.mark.parametrize("form", [json.dumps(PAYLOAD).encode(), json.dumps(PAYLOAD), PAYLOAD])
def test_parse_accepts_bytes_text_and_dicts(form: Any) -> None:
    event = webhooks.parse(form)
    assert isinstance(event, OrderStatusEvent)
    assert event.current_status is OrderStatus.READY
    assert event.product_type is ProductType.PRODUCTS_2D
    assert event.to_dict() == PAYLOAD


def test_parse_accepts_new_statuses_and_fields() -> None:
    event = webhooks.parse(PAYLOAD | {"current_status": "Failed", "reason": "blurry scan"})
    assert event.current_status == "Failed"
    assert event["reason"] == "blurry scan"
    assert event.to_dict()["current_status"] == "Failed"


def test_parse_accepts_the_minimal_documented_call() -> None:
    event = webhooks.parse(load_example("webhook_order_status_call.payload.partial.json"))
    assert event.current_status is OrderStatus.NEW


BAD_PAYLOADS = [
    (b"<html>", "not JSON"),
    (b'{"id": "x", "current_status": ', "not JSON"),
    (b"[1, 2]", "must be a JSON object, got list"),
    ({"id": "x"}, "lacks current_status"),
    ({}, "lacks id, current_status"),
    ({"id": 5, "current_status": "Ready"}, "id must be a string"),
    ({"id": "x", "current_status": None}, "current_status must be a string"),
    ({"id": "x", "current_status": "Ready", "previous_status": 3}, "previous_status must be a string or null"),
    ({"id": "x", "current_status": "Ready", "product_type": ["tour"]}, "product_type must be a string"),
]
"""Bodies that are not an OrderStatusEvent, with what the refusal says (also posted to the receiver's app)."""


@pytest.mark.parametrize(("body", "message"), BAD_PAYLOADS)
def test_bad_payloads_get_a_clear_error(body: Any, message: str) -> None:
    with pytest.raises(WebhookPayloadError, match=message) as caught:
        webhooks.parse(body)
    assert isinstance(caught.value, ValueError)


def test_dedupe_key_is_equal_for_redeliveries_and_differs_between_changes() -> None:
    first, again = webhooks.parse(PAYLOAD), webhooks.parse(json.dumps(PAYLOAD))
    fixed = webhooks.parse(PAYLOAD | {"previous_status": "Fixing"})
    assert webhooks.dedupe_key(first) == webhooks.dedupe_key(again)
    assert webhooks.dedupe_key(first) != webhooks.dedupe_key(fixed)


def test_dedupe_key_is_equal_for_a_redelivery_however_it_is_spelled() -> None:
    """A redelivery is the same event: key order and whitespace of the JSON text must not matter."""
    respelled = json.dumps(dict(reversed(list(PAYLOAD.items()))), indent=4).encode()
    assert webhooks.dedupe_key(webhooks.parse(respelled)) == webhooks.dedupe_key(webhooks.parse(PAYLOAD))


@pytest.mark.parametrize(
    "change",
    [
        {"id": "0a5c0b5e-0000-4000-8000-000000000001"},
        {"current_status": "Fixing"},  # the surviving mutant: a key that ignored current_status
        {"previous_status": "Fixing"},
        {"previous_status": None},
        {"model_id": "0a5c0b5e-0000-4000-8000-000000000002"},
        {"model_id": None},
        {"product_type": "products_3d"},
        {"delivery_type": "fix"},
        {"event_id": "e-2"},  # a field the API may add later (a timestamp, an event id) tells events apart too
    ],
)
def test_dedupe_key_differs_when_any_field_differs(change: dict[str, Any]) -> None:
    assert webhooks.dedupe_key(webhooks.parse(PAYLOAD | change)) != webhooks.dedupe_key(webhooks.parse(PAYLOAD))


def test_dedupe_key_cannot_be_collided_by_moving_text_between_fields() -> None:
    one = webhooks.parse(PAYLOAD | {"previous_status": "A|B", "current_status": "C"})
    two = webhooks.parse(PAYLOAD | {"previous_status": "A", "current_status": "B|C"})
    assert webhooks.dedupe_key(one) != webhooks.dedupe_key(two)


def receiver_namespace() -> dict[str, Any]:
    """The example in the module docstring, executed as it is written."""
    namespace: dict[str, Any] = {}
    source = webhooks.__doc__.split("A complete receiver", 1)[1].split(":\n", 1)[1]  # type: ignore[union-attr]
    code = "\n".join(line.removeprefix("    ") for line in source.splitlines())
    exec(compile(code, "webhooks-example", "exec"), namespace)
    return namespace


@pytest.mark.anyio
async def test_the_documented_receiver_coalesces_redeliveries_but_not_a_second_genuine_event() -> None:
    """Two genuine Fixing->Ready deliveries of one order carry identical payloads: both must trigger work.

    A redelivery that arrives while the first copy's work is still running is coalesced; once that work is
    done, the same payload is acted on again (the work is idempotent, so a late redelivery costs one re-read).
    """
    namespace = receiver_namespace()
    handled: list[Any] = []
    gate = asyncio.Event()

    async def handle(event: Any) -> None:
        handled.append(event)
        await gate.wait()

    namespace["handle"] = handle
    in_flight: dict[str, asyncio.Task[None]] = namespace["in_flight"]
    fixed = json.dumps(PAYLOAD | {"previous_status": "Fixing"})
    transport = httpx.ASGITransport(app=namespace["app"])
    async with httpx.AsyncClient(transport=transport, base_url="http://receiver") as http:
        first = await http.post("/cubicasa", content=fixed)
        redelivered = await http.post("/cubicasa", content=fixed)  # CubiCasa retried: still in flight
        assert len(in_flight) == 1
        gate.set()
        await asyncio.gather(*in_flight.values())
        await asyncio.sleep(0)  # let the done-callback that forgets the key run
        assert in_flight == {}  # nothing is remembered once the work is done: the set cannot grow forever
        second = await http.post("/cubicasa", content=fixed)  # the order was fixed again: a new, genuine event
        await asyncio.gather(*in_flight.values())
        bad = await http.post("/cubicasa", content=b"not json")
    assert [r.status_code for r in (first, redelivered, second, bad)] == [200, 200, 200, 400]
    assert len(handled) == 2
    assert all(event.to_dict() == json.loads(fixed) for event in handled)


@pytest.mark.anyio
async def test_the_documented_receiver_stops_reading_an_oversized_body() -> None:
    namespace = receiver_namespace()
    chunks = 0

    async def receive() -> dict[str, Any]:
        nonlocal chunks
        chunks += 1
        if chunks > webhooks.MAX_BODY_BYTES // 65536 + 10:  # the receiver kept reading: stop it, fail below
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": b" " * 65536, "more_body": True}  # never ends

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await namespace["app"]({"type": "http"}, receive, send)
    assert sent[0]["status"] == 400
    assert chunks == webhooks.MAX_BODY_BYTES // 65536 + 1


@pytest.mark.parametrize(
    "safe_id", ["363c38cd-9682-4ff3-9100-9ef4e755f275", "order-1", "A.b_c-9", "x" * 256, "7", "v1..2", "a~b"]
)
def test_ids_that_are_one_safe_path_segment_are_accepted(safe_id: str) -> None:
    event = webhooks.parse(PAYLOAD | {"id": safe_id, "model_id": safe_id})
    assert (event.id, event.model_id) == (safe_id, safe_id)


HOSTILE_BODIES = [
    ({"id": "../x", "current_status": "Ready"}, "id is not a valid id: '../x'"),
    ({"id": "x", "current_status": "Ready", "model_id": "a/b"}, "model_id is not a valid id: 'a/b'"),
    (b"\xef\xbb\xbf" + json.dumps(PAYLOAD).encode(), "byte-order mark"),
    (json.dumps(PAYLOAD).encode("utf-16"), "not UTF-8"),
    (b'{"id": "a", "id": "b", "current_status": "Ready"}', "repeats the key 'id'"),
    (b'{"id": "a", "current_status": "Ready", "n": NaN}', "contains NaN"),
    (b"[" * 100_000, "nests deeper than 32 levels"),
    (b" " * (webhooks.MAX_BODY_BYTES + 1), "larger than 1048576 bytes"),
]
"""Bodies built to hurt a receiver, with what the refusal says (also posted to the receiver's app)."""


@pytest.mark.parametrize(("body", "message"), HOSTILE_BODIES)
def test_hostile_bodies_get_a_message_that_says_what_is_wrong(body: Any, message: str) -> None:
    with pytest.raises(WebhookPayloadError, match=re.escape(message)):
        webhooks.parse(body)


def test_a_surprise_inside_the_generated_model_stays_a_webhook_payload_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks before from_dict cover every field it reads today; a field added later must not let a bare
    KeyError out either."""

    def from_dict(data: Any) -> Any:
        return data["event_id"]

    monkeypatch.setattr(webhooks.OrderStatusEvent, "from_dict", from_dict)
    with pytest.raises(WebhookPayloadError, match="not an OrderStatusEvent: KeyError"):
        webhooks.parse(PAYLOAD)

"""overrides/cubicasa_integrate/webhooks.py: parsing CubiCasa's webhook calls, and the documented receiver."""

from __future__ import annotations

import json
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


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>", "not JSON"),
        (b'{"id": "x", "current_status": ', "not JSON"),
        (b"[1, 2]", "must be a JSON object, got list"),
        ({"id": "x"}, "lacks current_status"),
        ({}, "lacks id, current_status"),
        ({"id": 5, "current_status": "Ready"}, "id must be a string"),
        ({"id": "x", "current_status": None}, "current_status must be a string"),
        ({"id": "x", "current_status": "Ready", "previous_status": 3}, "previous_status must be a string or null"),
        ({"id": "x", "current_status": "Ready", "product_type": ["tour"]}, "product_type must be a string"),
    ],
)
def test_bad_payloads_get_a_clear_error(body: Any, message: str) -> None:
    with pytest.raises(WebhookPayloadError, match=message) as caught:
        webhooks.parse(body)
    assert isinstance(caught.value, ValueError)


def test_dedupe_key_is_equal_for_redeliveries_and_differs_between_changes() -> None:
    first, again = webhooks.parse(PAYLOAD), webhooks.parse(json.dumps(PAYLOAD))
    fixed = webhooks.parse(PAYLOAD | {"previous_status": "Fixing"})
    assert webhooks.dedupe_key(first) == webhooks.dedupe_key(again)
    assert webhooks.dedupe_key(first) != webhooks.dedupe_key(fixed)


@pytest.mark.anyio
async def test_the_documented_asgi_receiver_works_and_is_idempotent() -> None:
    """The example in the module docstring, run as it is written."""
    namespace: dict[str, Any] = {}
    source = webhooks.__doc__.split("A complete receiver", 1)[1].split(":\n", 1)[1]  # type: ignore[union-attr]
    code = "\n".join(line.removeprefix("    ") for line in source.splitlines())
    exec(compile(code.replace("...  ", "handled.append(event)  "), "webhooks-example", "exec"), namespace)
    namespace["handled"] = handled = []
    transport = httpx.ASGITransport(app=namespace["app"])
    async with httpx.AsyncClient(transport=transport, base_url="http://receiver") as http:
        first = await http.post("/cubicasa", content=json.dumps(PAYLOAD))
        again = await http.post("/cubicasa", content=json.dumps(PAYLOAD))
        bad = await http.post("/cubicasa", content=b"not json")
    assert (first.status_code, again.status_code, bad.status_code) == (200, 200, 400)
    assert len(handled) == 1

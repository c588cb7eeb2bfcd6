"""Hostile pages and webhook bodies: a list that never ends, repeats or overlaps, and webhook calls built to crash
or mislead a receiver. Each ends in the documented error (ResponseDecodeError, WebhookPayloadError), never in a
loop, a duplicate item or a bare KeyError/RecursionError; every input tried is counted in the tally."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from cubicasa_integrate import errors, webhooks
from tests.reliability.tally import Tally
from tests.support import load_example
from tests.unit.fakes import FakeAPI, order_json

PAYLOAD: dict[str, Any] = load_example("webhook_order_status.payload.json")
RUNAWAY = 200
"""Offsets past this mean the pager kept going: the fake answers 418, which no_escape counts as an escape."""

# ------------------------------------------------------------------------------------------------- pages


def endless(pagination: Any, *, ignore_offset: bool = False) -> Any:
    """A server with fresh orders at every offset (or the same ones, if it ignores the offset), whose pagination
    block is `pagination(offset)`."""

    def reply(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        if offset > RUNAWAY:
            return httpx.Response(418, json={"detail": "the pager was looping"})
        first = 0 if ignore_offset else offset
        items = [{**order_json(), "id": f"order-{n}"} for n in range(first, first + 2)]
        return httpx.Response(200, json={"pagination": pagination(offset), "items": items})

    return reply


HOSTILE_PAGINATION = {
    **{
        f"has_more={value!r}": endless(lambda o, v=value: {"has_more": v, "next_offset": o + 2})
        for value in ["false", "False", "true", "", 0, 1, None, [], {}, [False]]
    },
    **{
        f"next_offset={value!r}": endless(lambda o, v=value: {"has_more": True, "next_offset": v})
        for value in ["4", 4.5, True, False, -1, 0, 1, [4], {"n": 4}]
    },
    "next_offset overlaps the page": endless(lambda o: {"has_more": True, "next_offset": o + 1}),
    "next_offset stays put": endless(lambda o: {"has_more": True, "next_offset": o}),
    "server ignores the offset": endless(lambda o: {"has_more": True, "next_offset": o + 2}, ignore_offset=True),
}


@pytest.mark.parametrize("twin", ["sync", "async"])
@pytest.mark.parametrize("name", list(HOSTILE_PAGINATION))
def test_hostile_pagination_ends_in_a_decode_error(tally: Tally, twin: str, name: str) -> None:
    api = FakeAPI().on("GET", "/orders", HOSTILE_PAGINATION[name])
    ids: list[str] = []

    async def walk_async() -> None:
        async with api.async_client() as client:
            async for order in client.orders.list(page_size=2):
                ids.append(order.id)

    with tally.no_escape(errors.ResponseDecodeError) as raised:
        if twin == "sync":
            with api.client() as client:
                ids.extend(order.id for order in client.orders.list(page_size=2))
        else:
            asyncio.run(walk_async())
    tally.calls += len(api.requests)
    assert raised, f"{name}: iteration ended without an error after {len(api.requests)} pages"
    assert len(api.requests) <= 2
    assert len(ids) == len(set(ids)), f"{name}: an item was handed out twice"


# ------------------------------------------------------------------------------------------------- webhooks


def body(**changes: Any) -> bytes:
    return json.dumps(PAYLOAD | changes).encode()


def padded_to(size: int) -> bytes:
    """A valid OrderStatusEvent of exactly `size` bytes (an extra field carries the padding)."""
    empty = body(padding="")
    return body(padding="x" * (size - len(empty)))


def nested(depth: int) -> dict[str, Any]:
    """A valid event whose extra field nests `depth` lists deep, built without recursion."""
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return PAYLOAD | {"extra": value}


FIELDS = ("id", "current_status", "previous_status", "model_id", "product_type", "delivery_type")
UNSAFE_IDS = [
    "../x",
    "a/b",
    "%2e%2e",
    "..",
    ".",
    "",
    ".hidden",
    "a\\b",
    "C:",
    "a?b",
    "a#b",
    "a b",
    "x" * 257,
    "a\x00b",
    "a\nb",
    "\x1b[31mred",
    "é",
    "\u202eevil",
    "a\ud800",
]

HOSTILE_BODIES: dict[str, Any] = {
    # Deep nesting: 100k levels used to raise a bare RecursionError.
    "100k nested lists": b"[" * 100_000 + b"]" * 100_000,
    "100k nested objects": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "100k nested in a field": body()[:-1] + b', "extra": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "nested one past MAX_DEPTH": json.dumps(nested(webhooks.MAX_DEPTH)).encode(),
    "a mapping nested 100k deep": nested(100_000),
    # Size.
    "one byte over the cap": padded_to(webhooks.MAX_BODY_BYTES + 1),
    "text one byte over the cap": padded_to(webhooks.MAX_BODY_BYTES + 1).decode(),
    "text over the cap in UTF-8 only": body(padding="é" * (webhooks.MAX_BODY_BYTES // 2)).decode(),
    "5 MiB of whitespace": b" " * (5 * 1024 * 1024),
    # Encoding.
    "invalid UTF-8": body()[:-1] + b', "x": "\xff\xfe"}',
    "UTF-16": json.dumps(PAYLOAD).encode("utf-16"),
    "UTF-32": json.dumps(PAYLOAD).encode("utf-32"),
    "Latin-1": json.dumps(PAYLOAD | {"x": "é"}, ensure_ascii=False).encode("latin-1"),
    "text with a lone surrogate": json.dumps(PAYLOAD, ensure_ascii=False)[:-1] + ', "x": "\ud800"}',
    "UTF-8 BOM": b"\xef\xbb\xbf" + body(),
    "text BOM": "\ufeff" + body().decode(),
    # Not JSON, or JSON that is not JSON.
    "NaN": body()[:-1] + b', "score": NaN}',
    "Infinity": body()[:-1] + b', "score": Infinity}',
    "-Infinity": body()[:-1] + b', "score": -Infinity}',
    "a mapping with NaN": PAYLOAD | {"score": float("nan")},
    "a mapping with inf": PAYLOAD | {"score": float("inf")},
    "empty": b"",
    "whitespace": b"  \n ",
    "truncated": body()[:-5],
    "html": b"<html><body>502</body></html>",
    "trailing garbage": body() + b"{}",
    # Duplicate keys: which id would a receiver act on?
    "duplicate id": b'{"id": "order-1", "id": "../etc", "current_status": "Ready"}',
    "duplicate status": b'{"id": "order-1", "current_status": "Ready", "current_status": "Draft"}',
    "duplicate nested key": body()[:-1] + b', "x": {"a": 1, "a": 2}}',
    # Not an object.
    **{f"JSON {text!r}": text for text in [b"[]", b"[{}]", b'"Ready"', b"1", b"1.5", b"null", b"true", b"false"]},
    # Missing what every event has.
    "no id": {k: v for k, v in PAYLOAD.items() if k != "id"},
    "no current_status": {k: v for k, v in PAYLOAD.items() if k != "current_status"},
    "empty object": b"{}",
    # Wrong types in every field.
    **{
        f"{field}={value!r}": body(**{field: value})
        for field in FIELDS
        for value in [1, 1.5, True, [], {}, ["Ready"], {"value": "Ready"}]
    },
    **{f"{field}=None": body(**{field: None}) for field in ("id", "current_status", "product_type", "delivery_type")},
    # Mappings that are not JSON.
    "a mapping with a non-string key": PAYLOAD | {1: "x"},
    "a mapping with an object value": PAYLOAD | {"x": object()},
    "a mapping with a bytes id": PAYLOAD | {"id": b"order-1"},
    # Ids a receiver would put in a URL or a folder name.
    **{f"{field}={value!r}": body(**{field: value}) for field in ("id", "model_id") for value in UNSAFE_IDS},
    **{
        f"{field}={value!r} (text)": json.dumps(PAYLOAD | {field: value}, ensure_ascii=False)
        for field in ("id", "model_id")
        for value in UNSAFE_IDS
    },
}


@pytest.mark.parametrize("name", list(HOSTILE_BODIES))
def test_hostile_webhook_bodies_get_a_webhook_payload_error(tally: Tally, name: str) -> None:
    with tally.no_escape(errors.WebhookPayloadError) as raised:
        event = webhooks.parse(HOSTILE_BODIES[name])
        webhooks.dedupe_key(event)  # reached only if parse accepted it: the test fails below either way
    assert raised, f"{name}: parse accepted it"
    assert isinstance(raised[0], ValueError)
    # No JSONDecodeError/RecursionError rides along in the traceback a receiver logs.
    assert raised[0].__cause__ is None
    assert raised[0].__context__ is None or raised[0].__suppress_context__


def test_the_cap_itself_is_accepted(tally: Tally) -> None:
    """The other side of the size and depth limits: a body exactly at them is a valid event."""
    for accepted in (padded_to(webhooks.MAX_BODY_BYTES), json.dumps(nested(webhooks.MAX_DEPTH - 1)).encode()):
        with tally.no_escape() as raised:
            event = webhooks.parse(accepted)
        assert not raised
        assert event.id == PAYLOAD["id"]
        assert len(webhooks.dedupe_key(event)) == 64

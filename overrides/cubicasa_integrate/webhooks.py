"""Receiving CubiCasa's webhook calls: `parse` turns the POSTed body into an OrderStatusEvent.

CubiCasa POSTs an OrderStatusEvent to each registered URL when an order moves into a status whose trigger you
selected (`client.webhooks.update(urls=[...], triggers=["moved_to_ready"])`). Reply 200 quickly. It tries 3 times
and then gives up, so the same event can arrive more than once, and a slow or failing handler can lose it.
No signature or secret is documented, so treat the payload as a hint: re-read the order from the API and sync
what changed. That makes the work idempotent, which is what makes duplicates harmless.

What `dedupe_key` can and cannot tell apart: the payload carries no event id or timestamp, so two genuine
events with the same content (an order fixed twice: Fixing -> Ready, then Fixing -> Ready again) have identical
payloads and the same key, exactly like a redelivery of one event. No key can separate them, so a receiver must
not drop a key forever once seen: that would lose the second fix. The receiver below coalesces a copy only
while the work for its key is still running, then forgets the key. A redelivery that arrives later is acted on
again, and that costs one more idempotent re-read. What it buys is that no genuine event is ever dropped. Its
memory holds only work in flight, so it cannot grow without bound.

`parse` refuses (WebhookPayloadError, a ValueError: answer 400) whatever is not a plain OrderStatusEvent:
bodies over MAX_BODY_BYTES (1 MiB) or nested deeper than MAX_DEPTH, text that is not UTF-8 or starts with a
byte-order mark, NaN/Infinity, duplicate keys, wrong types, and order or model ids that are not a safe path
segment (letters, digits, `.`, `_`, `-`, up to 128, not starting with `.`). Receivers put those ids in URLs and
folder names, and nothing signs them. For the same reason the drift radar keeps what a body holds beyond the
spec (unknown fields, statuses) apart from what API responses hold: `cubicasa_integrate.drift.webhook_report()`,
not `client.drift`, and its log lines say "An unsigned webhook body sent ...", escaped like every log line.

A complete receiver as a plain ASGI app (serve it with any ASGI server, e.g. `uvicorn module:app`):

    import asyncio

    from cubicasa_integrate import webhooks
    from cubicasa_integrate.errors import WebhookPayloadError

    in_flight: dict[str, asyncio.Task[None]] = {}   # only work still running: a key leaves when its work ends

    async def handle(event: webhooks.OrderStatusEvent) -> None:
        ...  # re-read the order (await client.orders.get(event.id)) and sync what changed; log failures

    async def app(scope, receive, send):
        body = b""
        while len(body) <= webhooks.MAX_BODY_BYTES:   # a larger body is refused unread, not buffered
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        try:
            event = webhooks.parse(body)
            status = 200
        except WebhookPayloadError:
            status = 400
        else:
            key = webhooks.dedupe_key(event)
            if key not in in_flight:   # a copy arriving while its event is being handled adds nothing
                in_flight[key] = asyncio.create_task(handle(event))   # reply first, work after
                in_flight[key].add_done_callback(lambda _: in_flight.pop(key, None))
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b""})
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from typing import Any

from cubicasa_integrate_api.models import OrderStatusEvent
from cubicasa_integrate_api.types import path_segment

from . import _drift
from .errors import WebhookPayloadError

__all__ = ["MAX_BODY_BYTES", "MAX_DEPTH", "OrderStatusEvent", "dedupe_key", "parse"]

MAX_BODY_BYTES = 1024 * 1024
"""The largest webhook body `parse` reads: a real OrderStatusEvent is a few hundred bytes."""

MAX_DEPTH = 32
"""How deeply values may nest: the documented payload is flat, and deep nesting only serves to exhaust the stack."""

_STRING_FIELDS = ("id", "current_status", "product_type", "delivery_type")
_NULLABLE_STRING_FIELDS = ("previous_status", "model_id")
_ID_FIELDS = ("id", "model_id")
_BOM = "\ufeff"


def _refuse_constant(name: str) -> Any:
    raise WebhookPayloadError(f"the webhook body contains {name}, which is not JSON")


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # With duplicate keys, which `id` a receiver sees would depend on the parser: refuse the ambiguity.
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise WebhookPayloadError(f"the webhook body repeats the key {key[:40]!r}")
        data[key] = value
    return data


def _decode(body: bytes | bytearray | str) -> Any:
    if isinstance(body, str):
        size = len(body)  # characters: never fewer than the UTF-8 bytes, so a cheap first bound
        if size <= MAX_BODY_BYTES:
            try:
                size = len(body.encode("utf-8"))
            except UnicodeEncodeError:
                raise WebhookPayloadError("the webhook body is not valid Unicode text") from None
    else:
        size = len(body)
    if size > MAX_BODY_BYTES:
        raise WebhookPayloadError(f"the webhook body is larger than {MAX_BODY_BYTES} bytes")
    if isinstance(body, bytes | bytearray):
        try:
            # Strict UTF-8, as JSON over HTTP must be: json.loads would also guess UTF-16/32 from bytes.
            body = bytes(body).decode("utf-8")
        except UnicodeDecodeError as error:
            raise WebhookPayloadError(f"the webhook body is not UTF-8 (byte {error.start})") from None
    if body.startswith(_BOM):
        raise WebhookPayloadError("the webhook body starts with a byte-order mark, which JSON does not allow")
    try:
        return json.loads(body, parse_constant=_refuse_constant, object_pairs_hook=_refuse_duplicates)
    except RecursionError:
        raise WebhookPayloadError(f"the webhook body nests deeper than {MAX_DEPTH} levels") from None
    except WebhookPayloadError:
        raise
    except ValueError as error:
        raise WebhookPayloadError(f"the webhook body is not JSON: {error}") from None


def _check_json_value(data: Mapping[Any, Any]) -> None:
    """Every value is plain, finite JSON nested at most MAX_DEPTH deep (checked without recursion)."""
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise WebhookPayloadError(f"the webhook body nests deeper than {MAX_DEPTH} levels")
        if isinstance(value, Mapping):
            if not all(isinstance(key, str) for key in value):
                raise WebhookPayloadError("the webhook body has a key that is not a string")
            pending.extend((inner, depth + 1) for inner in value.values())
        elif isinstance(value, list | tuple):
            pending.extend((inner, depth + 1) for inner in value)
        elif isinstance(value, float) and not math.isfinite(value):
            raise WebhookPayloadError(f"the webhook body contains {value}, which is not JSON")
        elif value is not None and not isinstance(value, str | int | float):
            raise WebhookPayloadError(f"the webhook body contains a {type(value).__name__}, which is not JSON")


def parse(body: bytes | bytearray | str | Mapping[str, Any]) -> OrderStatusEvent:
    """The OrderStatusEvent in a webhook body; WebhookPayloadError (a ValueError) if it is not one.

    Unknown statuses, product types and extra fields are accepted (the API may add them). See the module
    docstring for what is refused.
    """
    data: Any = _decode(body) if isinstance(body, bytes | bytearray | str) else body
    if not isinstance(data, Mapping):
        raise WebhookPayloadError(f"the webhook body must be a JSON object, got {type(data).__name__}")
    data = dict(data)  # a plain copy: what is checked below is what from_dict reads
    _check_json_value(data)
    missing = [name for name in ("id", "current_status") if name not in data]
    if missing:
        raise WebhookPayloadError(f"the webhook body lacks {', '.join(missing)}")
    for name in _STRING_FIELDS:
        if name in data and not isinstance(data[name], str):
            raise WebhookPayloadError(f"{name} must be a string, got {type(data[name]).__name__}")
    for name in _NULLABLE_STRING_FIELDS:
        if data.get(name) is not None and not isinstance(data[name], str):
            raise WebhookPayloadError(f"{name} must be a string or null, got {type(data[name]).__name__}")
    for name in _ID_FIELDS:
        # Receivers put these ids in URLs and folder names: the client's own rule for a path segment applies.
        if data.get(name) is not None:
            try:
                path_segment(data[name], name)
            except ValueError as error:
                raise WebhookPayloadError(str(error)) from None
    try:
        event = OrderStatusEvent.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        # Everything from_dict reads was checked above; this keeps a future field's surprise in the family.
        raise WebhookPayloadError(f"the webhook body is not an OrderStatusEvent: {error!r}") from None
    _drift.audit("OrderStatusEvent", data, webhook=True)  # nothing signs the body: kept apart from the API's drift
    return event


def dedupe_key(event: OrderStatusEvent) -> str:
    """Equal for copies of one event, different whenever any field differs (extra fields the API may add too).

    It is a digest of the whole payload in a canonical form (sorted keys, no whitespace): key order and spelling
    of the JSON do not matter, and no text moved between fields can collide. Two genuine events with identical
    payloads get the same key; see the module docstring for how a receiver handles both.
    """
    canonical = json.dumps(event.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()

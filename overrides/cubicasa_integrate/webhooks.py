"""Receiving CubiCasa's webhook calls: `parse` turns the POSTed body into an OrderStatusEvent.

CubiCasa POSTs an OrderStatusEvent to each registered URL when an order moves into a status whose trigger you
selected (`client.webhooks.update(urls=[...], triggers=["moved_to_ready"])`). Reply 200 quickly. It tries 3 times
and then gives up, so the same event can arrive more than once, and a slow or failing handler can lose it:
make handlers idempotent (`dedupe_key`) and do the real work (e.g. fetching the order's assets) after replying.
No signature or secret is documented, so treat the payload as a hint and re-read the order from the API.

A complete receiver as a plain ASGI app (serve it with any ASGI server, e.g. `uvicorn module:app`):

    from cubicasa_integrate import webhooks
    from cubicasa_integrate.errors import WebhookPayloadError

    seen: set[str] = set()

    async def app(scope, receive, send):
        body = b""
        while True:
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
            if webhooks.dedupe_key(event) not in seen:   # the same event may be delivered again
                seen.add(webhooks.dedupe_key(event))
                ...                                       # queue the work; reply first
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b""})
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from cubicasa_integrate_api.models import OrderStatusEvent

from .errors import WebhookPayloadError

__all__ = ["OrderStatusEvent", "dedupe_key", "parse"]

_STRING_FIELDS = ("id", "current_status", "product_type", "delivery_type")
_NULLABLE_STRING_FIELDS = ("previous_status", "model_id")


def parse(body: bytes | bytearray | str | Mapping[str, Any]) -> OrderStatusEvent:
    """The OrderStatusEvent in a webhook body; WebhookPayloadError (a ValueError) if it is not one.

    Unknown statuses, product types and extra fields are accepted (the API may add them).
    """
    data: Any = body
    if isinstance(body, bytes | bytearray | str):
        try:
            data = json.loads(body)
        except ValueError as error:
            raise WebhookPayloadError(f"the webhook body is not JSON: {error}") from None
    if not isinstance(data, Mapping):
        raise WebhookPayloadError(f"the webhook body must be a JSON object, got {type(data).__name__}")
    missing = [name for name in ("id", "current_status") if name not in data]
    if missing:
        raise WebhookPayloadError(f"the webhook body lacks {', '.join(missing)}")
    for name in _STRING_FIELDS:
        if name in data and not isinstance(data[name], str):
            raise WebhookPayloadError(f"{name} must be a string, got {type(data[name]).__name__}")
    for name in _NULLABLE_STRING_FIELDS:
        if data.get(name) is not None and not isinstance(data[name], str):
            raise WebhookPayloadError(f"{name} must be a string or null, got {type(data[name]).__name__}")
    return OrderStatusEvent.from_dict(data)


def dedupe_key(event: OrderStatusEvent) -> str:
    """Identifies one status change of one order: equal for redeliveries of the same event."""
    fields = (event.id, event.previous_status, event.current_status, event.product_type, event.model_id)
    return "|".join("" if value is None or not isinstance(value, str) else str(value) for value in fields)

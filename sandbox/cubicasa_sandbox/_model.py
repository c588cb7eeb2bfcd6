"""The sandbox's vocabulary: its configuration, the records it hands out (ledger entries, webhook deliveries,
response violations) and the two refusals its state raises (NotFound, InvalidRequest).

Plain data with no behaviour of its own, so every other module can import it and none of them imports another
for a type.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from ._faults import FaultRule
from ._spec import ErrorItem

__all__ = [
    "STATUS_TRIGGERS",
    "InvalidRequest",
    "LedgerEntry",
    "NotFound",
    "Outcome",
    "ResponseViolation",
    "SandboxConfig",
    "WebhookDelivery",
    "now",
]

STATUS_TRIGGERS = {
    "Draft": "moved_to_draft",
    "Pending": "moved_to_pending",
    "Ready": "moved_to_ready",
    "Fixing": "moved_to_fixing",
}
"""Documented webhook triggers by the status an order moves to. `New` has no trigger."""


@dataclass(frozen=True)
class SandboxConfig:
    """How a sandbox behaves. Every field has a default; `SandboxConfig()` is a sandbox ready for the demo."""

    api_key: str = "sandbox-key"
    """The only `api-key` header value the API routes accept."""
    orders: int = 45
    """How many seeded orders (order 0 is the documented example). 10,000 is fine for load tests."""
    seed: int = 0
    """Seeds the generated orders and every probabilistic fault rule."""
    faults: tuple[str | FaultRule, ...] = ()
    """Fault rules active from the start, e.g. `("503;route=upgradeOrder;times=2", "latency;ms=50;p=0.1")`."""
    validate_responses: bool = False
    """Check every API response against the spec with openapi-core (a dev dependency) and record violations."""
    public_url: str | None = None
    """Scheme, host and port put into asset URLs. Default: those the client called (its Host header)."""
    signed_asset_urls: bool = False
    """Give every asset URL a pre-signed-looking query (`?X-Amz-...&X-Amz-Signature=<random>`) that changes at
    every read of the order, as real storage links do; the asset route ignores it. Off: the documented shape."""
    webhook_urls: tuple[str, ...] = ()
    webhook_triggers: tuple[str, ...] = ()
    webhook_attempts: int = 3
    """Attempts per webhook call ("We'll try to call your webhook for 3 times and then give up", documented)."""
    webhook_retry_delay: float = 0.5
    """Seconds between attempts; CubiCasa's own interval is not documented."""
    webhook_timeout: float = 5.0
    """Seconds one webhook attempt may take."""
    has_more: Literal["exact", "full_page"] = "exact"
    """`exact`: `has_more` is true only if more orders follow. `full_page`: true whenever the page is full, so a
    total that is a multiple of the limit ends with an empty page (the real API's behaviour is unknown)."""
    max_limit: int | None = None
    """Cap on `limit` (the documented API states none). The applied value is echoed in `pagination.limit`."""
    max_fault_seconds: float = 30.0
    """Upper bound of any fault's sleep (`latency`, `slow`)."""
    evolved_api: bool = False
    """Answer as a newer, invented version of the API would: new fields at several levels, new enum values and
    one type change, exactly those of `cubicasa_sandbox.EVOLUTIONS` (for drift tests). Off: the spec's shapes."""

    def __post_init__(self) -> None:
        if not self.api_key:
            raise ValueError("api_key must not be empty")
        if self.orders < 0:
            raise ValueError("orders must be >= 0")
        if self.webhook_attempts < 1:
            raise ValueError("webhook_attempts must be >= 1")
        if self.has_more not in ("exact", "full_page"):
            raise ValueError("has_more must be 'exact' or 'full_page'")
        if self.public_url is not None and urlsplit(self.public_url).scheme not in ("http", "https"):
            raise ValueError("public_url must be an http(s) URL, e.g. http://127.0.0.1:8080")


@dataclass(frozen=True)
class LedgerEntry:
    """One purchase the sandbox applied (`POST /orders/{order_id}/post-purchase`)."""

    request_id: str
    """The sandbox's id of the HTTP request (also sent back as `x-request-id`, when a response is sent at all)."""
    order_id: str
    add_ons: tuple[str, ...]
    package_type: str | None
    at: float
    faults: tuple[str, ...] = ()
    """Faults that hit the request that made this purchase, e.g. `("drop_after",)`."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id,
            "order_id": self.order_id,
            "add_ons": list(self.add_ons),
            "package_type": self.package_type,
            "at": self.at,
            "faults": list(self.faults),
        }


Outcome = Literal["pending", "delivered", "gave_up", "skipped", "cancelled"]


@dataclass(frozen=True)
class WebhookDelivery:
    """One webhook call (one URL, one copy of one event) and what became of it."""

    delivery_id: str
    url: str
    event: Mapping[str, Any]
    copy: int
    """1 for the original, 2.. for duplicates (`webhook_duplicate` fault)."""
    attempts: tuple[str, ...] = ()
    """Per attempt: the receiver's status code, or the transport error."""
    outcome: Outcome = "pending"

    def to_dict(self) -> dict[str, Any]:
        return {
            "delivery_id": self.delivery_id,
            "url": self.url,
            "event": dict(self.event),
            "copy": self.copy,
            "attempts": list(self.attempts),
            "outcome": self.outcome,
        }


@dataclass(frozen=True)
class ResponseViolation:
    """A response the sandbox sent that the spec does not allow."""

    operation_id: str
    method: str
    path: str
    status: int
    errors: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "operation_id": self.operation_id,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "errors": list(self.errors),
        }


class NotFound(Exception):
    """The order, draft, user or change request does not exist (404)."""


class InvalidRequest(Exception):
    """A request the spec allows but the sandbox's state refuses (400, documented validation-error shape)."""

    def __init__(self, items: Sequence[ErrorItem]) -> None:
        super().__init__("; ".join(f"{list(i.loc)}: {i.msg}" for i in items))
        self.items = list(items)


def now() -> float:
    """Seconds since the epoch, to the microsecond (what the sandbox writes into `created_at` and the ledger)."""
    return round(time.time(), 6)

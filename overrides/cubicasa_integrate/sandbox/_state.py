"""The sandbox's state: configuration, orders, users, webhooks, the purchase ledger, and webhook delivery.

Everything here is plain Python guarded by one lock, so tests may read the ledger or change faults from their own
thread while the server thread handles requests. The HTTP layer (`_app.py`) is a thin shell around it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import hmac
import ipaddress
import json
import threading
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import httpx

from ._faults import Fault, FaultPlan, FaultRule, parse_fault
from ._orders import (
    ADD_ONS,
    DELIVERED_STATUSES,
    ORDER_STATUSES,
    OrderRecord,
    full_address,
    higher_packages,
    render_order,
    seed_heads,
    seed_record,
    seed_users,
)
from ._spec import ErrorItem, RequestValidator, SpecIndex, spec_document

if TYPE_CHECKING:
    from ._respcheck import ResponseChecker

__all__ = [
    "STATUS_TRIGGERS",
    "InvalidRequest",
    "LedgerEntry",
    "NotFound",
    "ResponseViolation",
    "Sandbox",
    "SandboxConfig",
    "WebhookDelivery",
    "is_loopback_url",
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


def is_loopback_url(url: str) -> bool:
    """Whether an http(s) URL points at this machine (127.0.0.0/8, ::1 or `localhost`), without DNS."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def _now() -> float:
    return round(time.time(), 6)


@dataclass
class _Delivery:
    delivery_id: str
    url: str
    event: dict[str, Any]
    copy: int
    attempts: list[str] = field(default_factory=list)
    outcome: Outcome = "pending"

    def snapshot(self) -> WebhookDelivery:
        return WebhookDelivery(
            self.delivery_id, self.url, copy.deepcopy(self.event), self.copy, tuple(self.attempts), self.outcome
        )


class Sandbox:
    """A stateful fake CubiCasa Integrate API v3. `sandbox.app` is its ASGI application."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self.spec = SpecIndex(spec_document())
        self.validator = RequestValidator(spec_document())
        self.faults = FaultPlan(self.config.seed, [op.operation_id for op in self.spec.operations])
        self._lock = threading.RLock()
        self._checker: ResponseChecker | None = None
        if self.config.validate_responses:
            from ._respcheck import shared_checker

            self._checker = shared_checker()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._futures: set[concurrent.futures.Future[None]] = set()
        self._connections: dict[tuple[str, int], asyncio.BaseTransport] = {}
        self._app: Any = None
        # What the sandbox has sent is history, not state: reset() keeps it.
        self._violations: list[ResponseViolation] = []
        self._checked = 0
        self.reset()

    # ------------------------------------------------------------------------------------------ lifecycle
    def reset(self) -> None:
        """Back to the seeded state: orders, users, webhook configuration, ledger, deliveries, fault rules.

        Response violations and the count of checked responses are kept."""
        with self._lock:
            self._users: list[dict[str, Any]] = seed_users()
            self._seed_emails = [user["email"] for user in self._users]
            heads = seed_heads(self.config.seed, self.config.orders)
            # Orders newest first by id, their current status, and the records built so far (see _find).
            self._ids: list[str] = [order_id for order_id, _ in heads]
            self._statuses: dict[str, str] = dict(heads)
            self._seed_index: dict[str, int] = {order_id: index for index, (order_id, _) in enumerate(heads)}
            self._records: dict[str, OrderRecord] = {}
            self._webhooks: dict[str, list[str]] = {
                "webhook_urls": list(self.config.webhook_urls),
                "webhook_triggers": list(self.config.webhook_triggers),
            }
            self._ledger: list[LedgerEntry] = []
            self._deliveries: list[_Delivery] = []
            self.faults.replace(
                rule if isinstance(rule, FaultRule) else parse_fault(rule) for rule in self.config.faults
            )

    @property
    def app(self) -> Any:
        """The Starlette application serving this sandbox (built once)."""
        if self._app is None:
            from ._app import build_app

            self._app = build_app(self)
        return self._app

    def bind_loop(self) -> None:
        """Remember the event loop serving requests (webhooks are delivered on it)."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop = loop

    async def aclose(self) -> None:
        """Cancel webhook deliveries still running on this loop (server shutdown)."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=2.0)
        for future in list(self._futures):
            future.cancel()
        self._loop = None

    # ------------------------------------------------------------------------------------------ read views
    @property
    def ledger(self) -> tuple[LedgerEntry, ...]:
        """Every purchase applied since the last reset, oldest first."""
        with self._lock:
            return tuple(self._ledger)

    def purchases(self, order_id: str) -> tuple[LedgerEntry, ...]:
        return tuple(entry for entry in self.ledger if entry.order_id == order_id)

    @property
    def webhook_deliveries(self) -> tuple[WebhookDelivery, ...]:
        with self._lock:
            return tuple(delivery.snapshot() for delivery in self._deliveries)

    @property
    def response_violations(self) -> tuple[ResponseViolation, ...]:
        with self._lock:
            return tuple(self._violations)

    @property
    def responses_checked(self) -> int:
        """How many API responses were validated against the spec (with `validate_responses=True`)."""
        with self._lock:
            return self._checked

    @property
    def webhook_config(self) -> dict[str, list[str]]:
        with self._lock:
            return copy.deepcopy(self._webhooks)

    @property
    def users(self) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self._users)

    def order_ids(self, *statuses: str) -> list[str]:
        """Ids of the orders, newest first, optionally only those in the given statuses."""
        with self._lock:
            return [i for i in self._ids if not statuses or self._statuses[i] in statuses]

    def _find(self, order_id: str) -> OrderRecord | None:
        """The order's record, built from the seed on first use. Call with the lock held."""
        record = self._records.get(order_id)
        if record is None and order_id in self._seed_index:
            record = seed_record(self.config.seed, self._seed_index[order_id], self._seed_emails)
            self._records[order_id] = record
        return record

    def _get(self, order_id: str) -> OrderRecord:
        record = self._find(order_id)
        if record is None:
            raise NotFound("Order not found")
        return record

    def order(self, order_id: str, root_url: str = "http://127.0.0.1") -> dict[str, Any]:
        """The order's JSON as `getOrder` returns it (asset URLs under `root_url`). Raises NotFound."""
        with self._lock:
            return render_order(self._get(order_id), root_url)

    def record(self, order_id: str) -> OrderRecord:
        """A copy of the order's internal record. Raises NotFound."""
        with self._lock:
            return copy.deepcopy(self._get(order_id))

    # ------------------------------------------------------------------------------------------ faults
    def set_faults(self, *rules: str | FaultRule) -> None:
        """Replace the fault plan, e.g. `sandbox.set_faults("drop_after;route=upgradeOrder;times=1")`."""
        self.faults.replace(rule if isinstance(rule, FaultRule) else parse_fault(rule) for rule in rules)

    def add_fault(self, rule: str | FaultRule) -> None:
        self.faults.add(rule if isinstance(rule, FaultRule) else parse_fault(rule))

    def clear_faults(self) -> None:
        self.faults.clear()

    # ------------------------------------------------------------------------------------------ orders
    def list_orders(self, limit: int, offset: int, statuses: Sequence[str]) -> tuple[list[OrderRecord], dict[str, Any]]:
        """A page of orders, newest first, and its `pagination` block.

        The documentation leaves open what the block holds at the ends, so the sandbox chooses (the spec allows
        it): `next_offset` is `offset + len(items)` while `has_more` is true and `null` on the last page;
        `previous_offset` is `max(0, offset - limit)`, so `0` on the first page as in the documented example.
        The documented example's `next_offset: 21` after a first page of 20 is not copied: following it would
        skip an order. `has_more` follows `SandboxConfig.has_more`; an offset past the end gives an empty page.
        """
        if self.config.max_limit is not None:
            limit = min(limit, self.config.max_limit)
        with self._lock:
            wanted = set(statuses)
            matching = [i for i in self._ids if self._statuses[i] in wanted] if wanted else self._ids
            page = [copy.deepcopy(self._get(i)) for i in matching[offset : offset + limit]]
            total = len(matching)
        if self.config.has_more == "full_page" and limit > 0:
            has_more = len(page) == limit
        else:
            has_more = offset + len(page) < total
        pagination = {
            "has_more": has_more,
            "limit": limit,
            "next_offset": offset + len(page) if has_more else None,
            "previous_offset": max(0, offset - limit),
        }
        return page, pagination

    def get_order(self, order_id: str) -> OrderRecord:
        with self._lock:
            return copy.deepcopy(self._get(order_id))

    def purchase(
        self,
        order_id: str,
        package_type: str | None,
        add_ons: Sequence[str],
        request_id: str,
        faults: Sequence[str] = (),
    ) -> OrderRecord:
        """Apply a purchase all-or-nothing, record it in the ledger, return the updated order."""
        wanted = list(dict.fromkeys(add_ons))
        with self._lock:
            order = self._get(order_id)
            errors = [
                ErrorItem(
                    "body_params",
                    ("add_ons", index),
                    f"add-on {add_on!r} is not purchasable for this order (purchasable: {order.purchasable_add_ons})",
                    "value_error.not_purchasable",
                )
                for index, add_on in enumerate(add_ons)
                if add_on not in order.purchasable_add_ons and add_ons.index(add_on) == index
            ]
            if package_type is not None and package_type not in order.purchasable_package_types:
                errors.append(
                    ErrorItem(
                        "body_params",
                        ("package_type",),
                        f"package {package_type!r} is not purchasable for this order "
                        f"(purchasable: {order.purchasable_package_types})",
                        "value_error.not_purchasable",
                    )
                )
            if errors:
                raise InvalidRequest(errors)
            if not wanted and package_type is None:
                return copy.deepcopy(order)  # nothing bought, nothing recorded
            order.add_ons += [a for a in wanted if a not in order.add_ons]
            order.purchasable_add_ons = [a for a in order.purchasable_add_ons if a not in wanted]
            if package_type is not None:
                order.package_type = package_type
                order.purchasable_package_types = [
                    p for p in order.purchasable_package_types if p in higher_packages(package_type)
                ]
            self._ledger.append(LedgerEntry(request_id, order_id, tuple(wanted), package_type, _now(), tuple(faults)))
            return copy.deepcopy(order)

    def set_order_status(
        self, order_id: str, status: str, *, product_type: str = "products_2d", webhook_copies: int = 1
    ) -> dict[str, Any]:
        """Move an order to `status` and fire the matching webhook. Returns the OrderStatusEvent."""
        if status not in ORDER_STATUSES:
            raise ValueError(f"unknown status {status!r} (known: {', '.join(ORDER_STATUSES)})")
        with self._lock:
            event = self._move(self._get(order_id), status, product_type)
        self.fire(event, copies=webhook_copies)
        return event

    def _move(self, order: OrderRecord, status: str, product_type: str = "products_2d") -> dict[str, Any]:
        previous, order.status = order.status, status
        self._statuses[order.id] = status
        if status in DELIVERED_STATUSES and order.first_delivered_at is None and not order.documented:
            order.first_delivered_at = _now()
        return {
            "id": order.id,
            "current_status": status,
            "previous_status": previous,
            "model_id": order.model_id,
            "product_type": product_type,
            "delivery_type": "new",
        }

    # ------------------------------------------------------------------------------------------ change requests
    def add_change_request(self, order_id: str, body: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """Record a change request; the order moves to `Fixing` (documented). Returns (change request, event)."""
        with self._lock:
            order = self._get(order_id)
            change_request = {
                **copy.deepcopy(dict(body)),
                "id": str(uuid.uuid4()),
                "order_id": order_id,
                "created_at": _now(),
            }
            order.change_requests.append(change_request)
            event = self._move(order, "Fixing")
            return copy.deepcopy(change_request), event

    def change_requests(self, order_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self._get(order_id).change_requests)

    def change_request(self, order_id: str, change_request_id: str) -> dict[str, Any]:
        for item in self.change_requests(order_id):
            if item["id"] == change_request_id:
                return item
        raise NotFound("Change request not found")

    # ------------------------------------------------------------------------------------------ drafts
    def _owner(self, body: Mapping[str, Any]) -> str:
        email = str(body["owner_email"])
        if not any(user["email"] == email for user in self._users):
            raise InvalidRequest(
                [
                    ErrorItem(
                        "body_params",
                        ("owner_email",),
                        "no user with this e-mail in the company",
                        "value_error.owner_email",
                    )
                ]
            )
        return email

    @staticmethod
    def _draft_address(body: Mapping[str, Any]) -> dict[str, Any]:
        address: dict[str, Any] = {"number": ""}
        for key in ("street", "suite", "city", "state", "postalCode", "country", "latitude", "longitude"):
            if key in body:
                address[key] = body[key]
        address["full_address"] = full_address(address)
        return {key: address[key] for key in sorted(address)}

    def create_draft(self, body: Mapping[str, Any]) -> tuple[OrderRecord, dict[str, Any]]:
        """A new order in status `Draft` (fires `moved_to_draft`). Returns (order, event)."""
        with self._lock:
            owner = self._owner(body)
            package = str(body.get("package_type", "base"))
            owned = [a for a in dict.fromkeys(body.get("add_ons", []))]
            order = OrderRecord(
                id=str(uuid.uuid4()),
                created_at=_now(),
                status="New",
                package_type=package,
                add_ons=owned,
                purchasable_add_ons=[a for a in ADD_ONS if a not in owned],
                purchasable_package_types=higher_packages(package),
                address=self._draft_address(body),
                created_by=owner,
                external_id=body.get("external_id"),
                add_info=body.get("info", ""),
                is_scan_order=None,
                total_scanned_area=None,
                order_type=None,
                model_id=str(uuid.uuid4()),
            )
            # A new draft has no status before this one: `previous_status` is null (allowed by the spec).
            self._ids.insert(0, order.id)
            self._records[order.id] = order
            event = {**self._move(order, "Draft"), "previous_status": None}
            return copy.deepcopy(order), event

    def update_draft(self, order_id: str, body: Mapping[str, Any]) -> OrderRecord:
        with self._lock:
            order = self._find(order_id)
            if order is None or order.status != "Draft":
                raise NotFound("Draft order not found")
            owner = self._owner(body)
            updated = replace(
                order,
                address=self._draft_address(body),
                created_by=owner,
                external_id=body.get("external_id", order.external_id),
                add_info=body.get("info", order.add_info),
            )
            if "package_type" in body:
                updated.package_type = body["package_type"]
                updated.purchasable_package_types = higher_packages(updated.package_type)
            if "add_ons" in body:
                updated.add_ons = list(dict.fromkeys(body["add_ons"]))
                updated.purchasable_add_ons = [a for a in ADD_ONS if a not in updated.add_ons]
            self._records[order_id] = updated
            return copy.deepcopy(updated)

    # ------------------------------------------------------------------------------------------ users, webhooks
    def add_user(self, body: Mapping[str, Any]) -> dict[str, Any]:
        with self._lock:
            email = str(body["email"])
            if any(user["email"] == email for user in self._users):
                raise InvalidRequest(
                    [
                        ErrorItem(
                            "body_params",
                            ("email",),
                            "a user with this e-mail already exists",
                            "value_error.email_taken",
                        )
                    ]
                )
            user = {
                "id": str(uuid.uuid4()),
                "email": email,
                "name": None,
                "surname": None,
                "role": body.get("role", "User"),
                "email_confirmed": "password" in body,
                "created_at": _now(),
            }
            self._users.append(user)
        message = (
            "User was created with the given password."
            if "password" in body
            else "Invitation email was sent to user email and needs to be finished before first login."
        )
        return {"email": email, "id": user["id"], "message": message, "role": user["role"]}

    def update_webhooks(self, body: Mapping[str, Any]) -> dict[str, list[str]]:
        """Replace the webhook URLs and/or triggers (a key that is absent keeps its value)."""
        with self._lock:
            for key in ("webhook_urls", "webhook_triggers"):
                if key in body:
                    self._webhooks[key] = list(body[key])
            return copy.deepcopy(self._webhooks)

    # ------------------------------------------------------------------------------------------ webhook delivery
    def fire(self, event: Mapping[str, Any], copies: int = 1) -> list[str]:
        """Deliver an OrderStatusEvent to every registered URL whose trigger matches. Returns delivery ids."""
        trigger = STATUS_TRIGGERS.get(str(event["current_status"]))
        with self._lock:
            if trigger is None or trigger not in self._webhooks["webhook_triggers"]:
                return []
            deliveries = [
                _Delivery(str(uuid.uuid4()), url, dict(event), number)
                for url in dict.fromkeys(self._webhooks["webhook_urls"])
                for number in range(1, max(1, copies) + 1)
            ]
            self._deliveries.extend(deliveries)
        if self._checker is not None and deliveries:
            errors = self._checker.webhook_errors("orderStatus", json.dumps(dict(event)).encode())
            self.record_check(
                ResponseViolation("orderStatusChanged", "POST", "webhooks.orderStatus", 0, tuple(errors))
                if errors
                else None
            )
        for delivery in deliveries:
            self._schedule(delivery)
        return [delivery.delivery_id for delivery in deliveries]

    def _schedule(self, delivery: _Delivery) -> None:
        loop = self._loop
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is not None:
            if loop is None:
                self._loop = running
            task = running.create_task(self._deliver(delivery))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        elif loop is not None and loop.is_running():
            future = asyncio.run_coroutine_threadsafe(self._deliver(delivery), loop)
            self._futures.add(future)
            future.add_done_callback(self._futures.discard)
        else:
            with self._lock:
                delivery.attempts.append("not sent: no running server")
                delivery.outcome = "skipped"

    async def _deliver(self, delivery: _Delivery) -> None:
        config = self.config
        if not is_loopback_url(delivery.url):
            with self._lock:
                delivery.attempts.append("not sent: the sandbox calls loopback URLs only")
                delivery.outcome = "skipped"
            return
        try:
            async with httpx.AsyncClient(timeout=config.webhook_timeout, trust_env=False) as client:
                for attempt in range(1, config.webhook_attempts + 1):
                    try:
                        response = await asyncio.wait_for(
                            client.post(delivery.url, json=delivery.event, headers={"user-agent": "cubicasa-sandbox"}),
                            config.webhook_timeout,
                        )
                        result, ok = str(response.status_code), response.is_success
                    except (httpx.HTTPError, TimeoutError) as error:
                        result, ok = f"{type(error).__name__}: {error}".rstrip(": "), False
                    with self._lock:
                        delivery.attempts.append(result)
                        if ok:
                            delivery.outcome = "delivered"
                            return
                    if attempt < config.webhook_attempts:
                        await asyncio.sleep(config.webhook_retry_delay)
            with self._lock:
                delivery.outcome = "gave_up"
        except asyncio.CancelledError:
            with self._lock:
                delivery.outcome = "cancelled"
            raise

    def webhooks_idle(self) -> bool:
        with self._lock:
            return all(delivery.outcome != "pending" for delivery in self._deliveries)

    def wait_for_webhooks(self, timeout: float = 10.0) -> bool:
        """Block (from another thread) until no webhook delivery is pending, at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.webhooks_idle():
                return True
            time.sleep(0.01)
        return self.webhooks_idle()

    # ------------------------------------------------------------------------------------------ helpers for _app
    def api_key_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.config.api_key.encode())

    def record_check(self, violation: ResponseViolation | None) -> None:
        with self._lock:
            self._checked += 1
            if violation is not None:
                self._violations.append(violation)

    @property
    def checker(self) -> ResponseChecker | None:
        return self._checker

    def register_connection(self, peer: tuple[str, int], transport: asyncio.BaseTransport | None) -> None:
        """Called by the sandbox's uvicorn protocol: lets drop faults abort a real connection."""
        if transport is None:
            self._connections.pop(peer, None)
        else:
            self._connections[peer] = transport

    @property
    def open_connections(self) -> int:
        """How many client connections the server holds open right now (to prove clients close theirs)."""
        return len(self._connections)

    def connection(self, peer: Iterable[Any] | None) -> asyncio.BaseTransport | None:
        if peer is None:
            return None
        host, port, *_ = peer
        return self._connections.get((str(host), int(port)))

    def render(self, order: OrderRecord, root_url: str) -> dict[str, Any]:
        return render_order(order, root_url)

    @staticmethod
    def webhook_fault(faults: Sequence[Fault]) -> int:
        for fault in faults:
            if fault.kind == "webhook_duplicate":
                return max(1, int(fault.param("copies", 2)))
        return 1

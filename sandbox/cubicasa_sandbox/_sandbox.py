"""`Sandbox`: one fake CubiCasa, put together from the parts that each own one concern.

    config        SandboxConfig            how it behaves (_model.py)
    company       Company                  users and webhook settings (_company.py)
    store         OrderStore               orders, purchases, drafts, change requests (_store.py)
    purchase_log  PurchaseLedger           every purchase applied (_records.py)
    audit         ResponseAudit            responses checked against the spec (_records.py)
    asset_traffic AssetTraffic             asset responses and the bytes they carried (_records.py)
    webhooks      WebhookDispatcher        webhook calls and their outcomes (_webhooks.py)
    connections   Connections              TCP transports, for the drop faults (_connections.py)
    faults        FaultPlan                the active fault rules (_faults.py)
    app           the Starlette app        the HTTP shell around all of it (_app.py)

The methods below are the sandbox's public surface (tests, the demo); each hands over to the part that owns it.
The parts share one re-entrant lock, so a purchase and its ledger entry are one step and tests may read from their
own thread while the server thread writes.

The HTTP app sees the sandbox only as a `SandboxBackend` (_backend.py): some of these methods, the config, the spec
and its validator, the fault plan, the audit and the asset traffic. `app` builds it with `build_app(self)`, so this
module imports `_app` and `_app` never imports this one.
"""

from __future__ import annotations

import asyncio
import hmac
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from starlette.applications import Starlette

from ._app import build_app
from ._assets import render_asset
from ._company import Company
from ._connections import Connections
from ._evolved import evolve_event, evolve_order
from ._faults import FaultPlan, FaultRule, parse_fault
from ._model import LedgerEntry, NotFound, ResponseViolation, SandboxConfig, WebhookDelivery, now
from ._orders import ORDER_STATUSES, OrderRecord, asset_names, render_order
from ._records import AssetTraffic, PurchaseLedger, ResponseAudit
from ._respcheck import ResponseChecker
from ._spec import RequestValidator, SpecIndex, spec_document
from ._store import OrderStore
from ._webhooks import WebhookDispatcher

__all__ = ["Sandbox"]


class Sandbox:
    """A stateful fake CubiCasa Integrate API v3. `sandbox.app` is its ASGI application."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config = config or SandboxConfig()
        self.spec = SpecIndex(spec_document())
        self.validator = RequestValidator(spec_document())
        self.faults = FaultPlan(config.seed, [op.operation_id for op in self.spec.operations])
        lock = threading.RLock()
        self.audit = ResponseAudit(lock, config.validate_responses, config.evolved_api)
        self.purchase_log = PurchaseLedger(lock)
        self.asset_traffic = AssetTraffic(lock)
        self.company = Company(lock, config.webhook_urls, config.webhook_triggers)
        self.store = OrderStore(
            lock,
            seed=config.seed,
            orders=config.orders,
            company=self.company,
            ledger=self.purchase_log,
            has_more=config.has_more,
            max_limit=config.max_limit,
            evolved=config.evolved_api,
        )
        self.webhooks = WebhookDispatcher(lock, config, self.audit)
        self.connections = Connections()
        self._app: Starlette | None = None
        self.reset()

    def reset(self) -> None:
        """Back to the seeded state: orders, users, webhook configuration, ledger, deliveries, fault rules, asset
        traffic.

        Response violations and the count of checked responses are kept (history, not state)."""
        self.company.reset()
        self.store.reset()
        self.purchase_log.clear()
        self.asset_traffic.clear()
        self.webhooks.reset()
        self.set_faults(*self.config.faults)

    @property
    def app(self) -> Starlette:
        """The Starlette application serving this sandbox (built once)."""
        if self._app is None:
            self._app = build_app(self)
        return self._app

    # ------------------------------------------------------------------------------------------ read views
    @property
    def ledger(self) -> tuple[LedgerEntry, ...]:
        """Every purchase applied since the last reset, oldest first."""
        return self.purchase_log.entries

    def purchases(self, order_id: str) -> tuple[LedgerEntry, ...]:
        return self.purchase_log.of_order(order_id)

    @property
    def webhook_deliveries(self) -> tuple[WebhookDelivery, ...]:
        return self.webhooks.deliveries

    @property
    def response_violations(self) -> tuple[ResponseViolation, ...]:
        return self.audit.violations

    @property
    def responses_checked(self) -> int:
        """How many API responses were validated against the spec (with `validate_responses=True`)."""
        return self.audit.checked

    @property
    def asset_bytes_sent(self) -> int:
        """Body bytes of the 200 and 206 asset responses since the last reset (a 304 or a HEAD sends none)."""
        return self.asset_traffic.bytes_sent

    @property
    def webhook_config(self) -> dict[str, list[str]]:
        return self.company.webhooks

    @property
    def users(self) -> list[dict[str, Any]]:
        return self.company.users

    def order_ids(self, *statuses: str) -> list[str]:
        """Ids of the orders, newest first, optionally only those in the given statuses."""
        return self.store.ids(*statuses)

    def order(self, order_id: str, root_url: str = "http://127.0.0.1") -> dict[str, Any]:
        """The order's JSON as `getOrder` returns it (asset URLs under `root_url`). Raises NotFound."""
        return self.render(self.store.copy_of(order_id), root_url)

    def record(self, order_id: str) -> OrderRecord:
        """A copy of the order's internal record. Raises NotFound."""
        return self.store.copy_of(order_id)

    def asset_names(self, order_id: str) -> set[str]:
        """The file names the order's `delivery_assets` link to now (empty until it is delivered). Raises NotFound."""
        return asset_names(self.store.copy_of(order_id))

    def asset(self, order_id: str, name: str) -> tuple[bytes, str]:
        """One of the order's files, as the asset route serves it now: bytes and Content-Type. Raises NotFound
        if the order does not exist or its `delivery_assets` do not link to `name`."""
        order = self.store.copy_of(order_id)
        if name not in asset_names(order):
            raise NotFound("Asset not found")
        return render_asset(name, order.id, order.label, order.revision)

    def render_file(self, order_id: str, name: str) -> bytes:
        """The bytes the asset route serves now for the order's file `name` (to compare a synced copy with)."""
        return self.asset(order_id, name)[0]

    # ------------------------------------------------------------------------------------------ faults
    def set_faults(self, *rules: str | FaultRule) -> None:
        """Replace the fault plan, e.g. `sandbox.set_faults("drop_after;route=upgradeOrder;times=1")`."""
        self.faults.replace(rule if isinstance(rule, FaultRule) else parse_fault(rule) for rule in rules)

    def add_fault(self, rule: str | FaultRule) -> None:
        self.faults.add(rule if isinstance(rule, FaultRule) else parse_fault(rule))

    def clear_faults(self) -> None:
        self.faults.clear()

    # ------------------------------------------------------------------------------------------ the API's operations
    def list_orders(self, limit: int, offset: int, statuses: Sequence[str]) -> tuple[list[OrderRecord], dict[str, Any]]:
        """A page of orders, newest first, and its `pagination` block (see `OrderStore.page`)."""
        return self.store.page(limit, offset, statuses)

    def get_order(self, order_id: str) -> OrderRecord:
        return self.store.copy_of(order_id)

    def purchase(
        self,
        order_id: str,
        package_type: str | None,
        add_ons: Sequence[str],
        request_id: str,
        faults: Sequence[str] = (),
    ) -> OrderRecord:
        """Apply a purchase all-or-nothing, record it in the ledger, return the updated order."""
        return self.store.purchase(order_id, package_type, add_ons, request_id, faults)

    def set_order_status(
        self, order_id: str, status: str, *, product_type: str = "products_2d", webhook_copies: int = 1
    ) -> dict[str, Any]:
        """Move an order to `status` and fire the matching webhook. Returns the OrderStatusEvent."""
        if status not in ORDER_STATUSES:
            raise ValueError(f"unknown status {status!r} (known: {', '.join(ORDER_STATUSES)})")
        event = self.store.move_by_id(order_id, status, product_type)
        if self.config.evolved_api:
            event = evolve_event(event, now())
        self.fire(event, copies=webhook_copies)
        return event

    def add_change_request(self, order_id: str, body: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """Record a change request; the order moves to `Fixing` (documented). Returns (change request, event)."""
        return self.store.add_change_request(order_id, body)

    def change_requests(self, order_id: str) -> list[dict[str, Any]]:
        return self.store.change_requests(order_id)

    def change_request(self, order_id: str, change_request_id: str) -> dict[str, Any]:
        for item in self.change_requests(order_id):
            if item["id"] == change_request_id:
                return item
        raise NotFound("Change request not found")

    def create_draft(self, body: Mapping[str, Any]) -> tuple[OrderRecord, dict[str, Any]]:
        """A new order in status `Draft` (fires `moved_to_draft`). Returns (order, event)."""
        return self.store.create_draft(body)

    def update_draft(self, order_id: str, body: Mapping[str, Any]) -> OrderRecord:
        return self.store.update_draft(order_id, body)

    def add_user(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self.company.add_user(body)

    def update_webhooks(self, body: Mapping[str, Any]) -> dict[str, list[str]]:
        """Replace the webhook URLs and/or triggers (a key that is absent keeps its value)."""
        return self.company.update_webhooks(body)

    # ------------------------------------------------------------------------------------------ webhook delivery
    def fire(self, event: Mapping[str, Any], copies: int = 1) -> list[str]:
        """Deliver an OrderStatusEvent to every registered URL whose trigger matches. Returns delivery ids."""
        return self.webhooks.fire(self._sent_event(event), self.company.webhooks, copies)

    def _sent_event(self, event: Mapping[str, Any]) -> Mapping[str, Any]:
        """The event as this sandbox's API version sends it (the evolved API adds to it; see `_evolved`)."""
        return evolve_event(event, now()) if self.config.evolved_api else event

    def webhooks_idle(self) -> bool:
        return self.webhooks.idle()

    def wait_for_webhooks(self, timeout: float = 10.0) -> bool:
        """Block (from another thread) until no webhook delivery is pending, at most `timeout` seconds."""
        return self.webhooks.wait(timeout)

    def bind_loop(self) -> None:
        """Remember the event loop serving requests (webhooks are delivered on it)."""
        self.webhooks.bind_loop()

    async def aclose(self) -> None:
        """Cancel webhook deliveries still running on this loop (server shutdown)."""
        await self.webhooks.aclose()

    # ------------------------------------------------------------------------------------------ for _app and _server
    def api_key_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.config.api_key.encode())

    @property
    def checker(self) -> ResponseChecker | None:
        return self.audit.checker

    def register_connection(self, peer: tuple[str, int], transport: asyncio.BaseTransport | None) -> None:
        """Called by the sandbox's uvicorn protocol: lets drop faults abort a real connection."""
        self.connections.register(peer, transport)

    @property
    def open_connections(self) -> int:
        """How many client connections the server holds open right now (to prove clients close theirs)."""
        return self.connections.open

    def connection(self, peer: Iterable[Any] | None) -> asyncio.BaseTransport | None:
        return self.connections.of(peer)

    def render(self, order: OrderRecord, root_url: str) -> dict[str, Any]:
        rendered = render_order(order, root_url, signed_urls=self.config.signed_asset_urls)
        return evolve_order(rendered, order.revision) if self.config.evolved_api else rendered

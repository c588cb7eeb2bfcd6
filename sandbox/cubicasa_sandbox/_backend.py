"""`SandboxBackend`: what the HTTP app (`_app.build_app`) needs from the sandbox behind it, and nothing more.

`Sandbox` satisfies it (structurally: mypy checks it where `Sandbox.app` calls `build_app(self)`), so `_app`
depends on this protocol and the data types it names, never on `_sandbox`: `_sandbox` imports `_app` to build its
app and nothing imports back. Before, `_app` imported `Sandbox` under `TYPE_CHECKING` and called 38 of its members.

The app drives five parts through their own narrow API (the fault plan, the response audit, the asset traffic
count, the spec's routing and its request validator); for those it needs no pass-through on the sandbox. What is
left are the steps only the sandbox can do: the spec's operations, which may change state, fire webhooks and
render orders as this sandbox's API version does, the controls under `/_sandbox/`, and the serving hooks.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from ._faults import FaultPlan
from ._model import LedgerEntry, SandboxConfig, WebhookDelivery
from ._orders import OrderRecord
from ._records import AssetTraffic, ResponseAudit
from ._spec import RequestValidator, SpecIndex

__all__ = ["SandboxBackend"]


class SandboxBackend(Protocol):
    """The sandbox as the HTTP app sees it. Every member is used by `_app`; see `Sandbox` for what each does."""

    # -------------------------------------------------------------------- parts the app drives directly
    @property
    def config(self) -> SandboxConfig: ...  # public_url (asset URLs), max_fault_seconds (latency, slow)

    @property
    def spec(self) -> SpecIndex: ...  # routing by method and path

    @property
    def validator(self) -> RequestValidator: ...  # query strings and bodies against the spec

    @property
    def faults(self) -> FaultPlan: ...  # decided per request; read, replaced, appended to, cleared by the controls

    @property
    def audit(self) -> ResponseAudit: ...  # its checker validates each response; it records the verdicts

    @property
    def asset_traffic(self) -> AssetTraffic: ...  # counted where the asset route's bytes leave the app

    # -------------------------------------------------------------------- serving
    def api_key_ok(self, given: str | None) -> bool: ...

    def bind_loop(self) -> None: ...

    async def aclose(self) -> None: ...

    def connection(self, peer: Iterable[Any] | None) -> asyncio.BaseTransport | None: ...

    def fire(self, event: Mapping[str, Any], copies: int = 1) -> list[str]: ...

    # -------------------------------------------------------------------- the spec's operations (HANDLERS)
    def render(self, order: OrderRecord, root_url: str) -> dict[str, Any]: ...

    def list_orders(
        self, limit: int, offset: int, statuses: Sequence[str]
    ) -> tuple[list[OrderRecord], dict[str, Any]]: ...

    def get_order(self, order_id: str) -> OrderRecord: ...

    def purchase(
        self, order_id: str, package_type: str | None, add_ons: Sequence[str], request_id: str, faults: Sequence[str]
    ) -> OrderRecord: ...

    def change_requests(self, order_id: str) -> list[dict[str, Any]]: ...

    def change_request(self, order_id: str, change_request_id: str) -> dict[str, Any]: ...

    def add_change_request(self, order_id: str, body: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]: ...

    def create_draft(self, body: Mapping[str, Any]) -> tuple[OrderRecord, dict[str, Any]]: ...

    def update_draft(self, order_id: str, body: Mapping[str, Any]) -> OrderRecord: ...

    @property
    def users(self) -> list[dict[str, Any]]: ...

    def add_user(self, body: Mapping[str, Any]) -> dict[str, Any]: ...

    def update_webhooks(self, body: Mapping[str, Any]) -> dict[str, list[str]]: ...

    # -------------------------------------------------------------------- assets and the /_sandbox/ controls
    def asset(self, order_id: str, name: str) -> tuple[bytes, str]: ...

    def reset(self) -> None: ...

    def order_ids(self, *statuses: str) -> list[str]: ...

    @property
    def ledger(self) -> tuple[LedgerEntry, ...]: ...

    def set_order_status(
        self, order_id: str, status: str, *, product_type: str = ..., webhook_copies: int = ...
    ) -> dict[str, Any]: ...

    @property
    def webhook_config(self) -> dict[str, list[str]]: ...

    @property
    def webhook_deliveries(self) -> tuple[WebhookDelivery, ...]: ...

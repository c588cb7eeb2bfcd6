"""The client against the evolved sandbox (SandboxConfig(evolved_api=True)): every call still succeeds, every
evolution of cubicasa_sandbox.EVOLUTIONS is decoded (new enum values as members, the type change kept as it came)
or reported by the drift radar (new fields: the typed decode skips them), and the sandbox's own response check
(relaxed only for the deliberate type change) records no violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cubicasa_integrate import CubiCasa, _drift, webhooks
from cubicasa_integrate._drift import _RADAR
from cubicasa_integrate.sync import sync_orders
from cubicasa_sandbox import EVOLUTIONS
from tests.e2e.support import checked_sandbox, receiver


def extra(model: Any) -> dict[str, Any]:
    found: dict[str, Any] = model.additional_properties
    return found


@pytest.fixture(autouse=True)
def radar() -> Iterator[None]:
    """The radar audits the first responses of each operation in the process, then one in 64: a worker that ran
    many listings before this test (the batch tests list hundreds of orders) would leave these unaudited."""
    _RADAR.reset()
    _drift._audited.clear()
    yield
    _RADAR.reset()


def reported_fields(client: CubiCasa) -> dict[str, tuple[str, ...]]:
    return {f.path: f.types for f in client.drift.findings if f.kind == "unknown_field"}


def test_the_client_reads_and_buys_from_the_evolved_api_and_keeps_every_evolution(tmp_path: Path) -> None:
    with (
        checked_sandbox(evolved_api=True, orders=20) as running,
        CubiCasa(running.api_key, base_url=running.base_url) as client,
    ):
        orders = list(client.orders.list())
        assert len(orders) == 20
        statuses = {str(order.info.status) for order in orders}
        assert "Archived" in statuses
        archived = [order for order in orders if str(order.info.status) == "Archived"]
        assert [str(client.orders.get(order.id).info.status) for order in archived] == ["Archived"] * 2  # 9, 19

        ready = next(order for order in orders if str(order.info.status) == "Ready" and order.delivery_assets)
        expected = {e.path: e.types for e in EVOLUTIONS if e.kind == "unknown_field" and e.schema != "OrderStatusEvent"}
        assert reported_fields(client) == expected  # each new field, with its JSON type, by the radar's audit
        assert isinstance(ready.info.total_scanned_area, str)  # the type change passes through, not a failure
        assert "drone_photos" in [str(a) for a in ready.info.product.purchasable_add_ons]

        bought = client.orders.upgrade(ready.id, add_ons=["drone_photos"])
        assert "drone_photos" in [str(a) for a in bought.info.product.add_ons]
        summary = sync_orders(client, tmp_path, order_ids=[ready.id])
        assert summary.failed == 0
        assert summary.new > 0
        # A group the spec does not list is not guessed at: reported (above), fetched once the spec has it.
        assert not list(tmp_path.rglob("*floorplans_webp*"))

        with receiver() as hook:
            with httpx.Client(timeout=5.0) as web:
                web.patch(
                    f"{running.base_url}/companies/webhook",
                    headers={"api-key": running.api_key},
                    json={"webhook_urls": [hook.url], "webhook_triggers": ["moved_to_ready"]},
                ).raise_for_status()
            fixing = next(order for order in orders if str(order.info.status) == "Fixing")
            running.sandbox.set_order_status(fixing.id, "Ready")
            (body,) = hook.wait_for(1)
        event = webhooks.parse(body)
        assert str(event.delivery_type) == "fix"
        assert isinstance(extra(event).get("occurred_at"), float)
    assert running.sandbox.responses_checked >= 6  # list, 2 gets, upgrade, the sync's get, webhook set, event

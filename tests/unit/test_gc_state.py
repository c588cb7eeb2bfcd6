"""No call of the library changes the process's garbage-collector state (issue 12).

0.3.x paused the cyclic GC around every decode (`types.without_gc`): a process-wide side effect that another thread
of the application could see. The decode now allocates few enough objects not to need it (fields converted on
first read, benchmarks/RESULTS.md); these tests hold every call path to that.
"""

from __future__ import annotations

import ast
import gc
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from cubicasa_integrate import webhooks
from tests.support import ROOT, load_example
from tests.unit.fakes import ORDER_ID, FakeAPI, order_json, page_json

STATE_CHANGES = ("disable", "enable", "freeze", "unfreeze", "set_threshold", "set_debug", "collect")
PACKAGES = ("overrides/cubicasa_integrate", "generated/cubicasa_integrate_api")


@pytest.fixture
def gc_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call to a gc function that changes its state (or forces a collection), by name."""
    calls: list[str] = []

    def spy(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def recorded(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return real(*args, **kwargs)

        return recorded

    for name in STATE_CHANGES:
        monkeypatch.setattr(gc, name, spy(name, getattr(gc, name)))
    return calls


def routes(api: FakeAPI) -> FakeAPI:
    bought = order_json()
    bought["info"]["product"]["add_ons"] = ["gla"]
    not_yet = order_json()
    not_yet["info"]["product"]["add_ons"] = []
    not_yet["info"]["product"]["purchasable_add_ons"] = ["gla", "3d_cad_files"]  # what it lacks, it offers
    return (
        api.on("GET", "/orders", httpx.Response(200, json=page_json([order_json()] * 20, has_more=False)))
        .on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=not_yet))
        .on("POST", f"/orders/{ORDER_ID}/post-purchase", httpx.Response(200, json=bought))
    )


def test_sync_calls_leave_the_collector_alone(api: FakeAPI, gc_calls: list[str]) -> None:
    with routes(api).client() as client:
        orders = list(client.orders.list())
        orders[0].delivery_assets  # noqa: B018 - a field converted on first read
        client.orders.upgrade(ORDER_ID, add_ons=["gla"])
    assert len(orders) == 20
    assert gc_calls == []


@pytest.mark.anyio
async def test_async_calls_leave_the_collector_alone(api: FakeAPI, gc_calls: list[str]) -> None:
    async with routes(api).async_client() as client:
        orders = [order async for order in client.orders.list()]
        await client.orders.get(ORDER_ID)
        await client.orders.upgrade(ORDER_ID, add_ons=["gla"])
    assert len(orders) == 20
    assert gc_calls == []


def test_generated_functions_and_webhooks_leave_the_collector_alone(gc_calls: list[str]) -> None:
    from cubicasa_integrate import make_generated_client
    from cubicasa_integrate_api.api.orders import list_orders

    client = make_generated_client("gc-state-key-0123456789", base_url="https://example.invalid")
    response = httpx.Response(200, json=page_json([order_json()] * 3, has_more=False))
    assert list_orders._build_response(client=client, response=response).parsed is not None
    assert webhooks.parse(json.dumps(load_example("webhook_order_status.payload.json"))).current_status == "Ready"
    assert gc_calls == []


def test_the_spy_sees_a_library_that_pauses_the_collector(gc_calls: list[str]) -> None:
    """The check above can fail: the 0.3.x pause, as it was, is seen."""

    def without_gc(parse: Callable[[], Any]) -> Any:
        gc.disable()
        try:
            return parse()
        finally:
            gc.enable()

    without_gc(lambda: None)
    assert gc_calls == ["disable", "enable"]


def gc_uses(source: str) -> list[str]:
    """The gc functions a module's source calls or imports."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import) and any(alias.name == "gc" for alias in node.names):
            found.append("import gc")
        elif isinstance(node, ast.ImportFrom) and node.module == "gc":
            found.append("from gc import")
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_of_the_client_imports_gc(package: str) -> None:
    """Every path at once, including those no test above takes: neither package imports gc."""
    offenders = {
        str(path.relative_to(ROOT)): uses
        for path in sorted((ROOT / package).rglob("*.py"))
        if (uses := gc_uses(path.read_text()))
    }
    assert offenders == {}


def test_the_import_check_sees_an_import_of_gc() -> None:
    assert gc_uses("import json\n\ndef f():\n    import gc\n    gc.disable()\n") == ["import gc"]
    assert gc_uses("from gc import disable\n") == ["from gc import"]
    assert gc_uses(Path(__file__).read_text())  # this module imports it

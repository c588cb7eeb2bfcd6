"""tools/api_md.py: api.md is current, maps what the code really does, and refuses to paper over gaps."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import load_spec, load_tool


@pytest.fixture(scope="module")
def api_md() -> ModuleType:
    return load_tool("api_md")


def test_committed_api_md_is_current(api_md: ModuleType) -> None:
    assert api_md.main(["--check"]) == 0


def test_a_stale_api_md_is_caught(api_md: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "api.md"
    stale.write_text(api_md.API_MD.read_text().replace("client.orders.upgrade", "client.orders.buy"))
    monkeypatch.setattr(api_md, "API_MD", stale)
    assert api_md.main(["--check"]) == 1
    assert api_md.main([]) == 0
    assert api_md.main(["--check"]) == 0


def test_each_route_maps_to_its_generated_function_and_facade_method(api_md: ModuleType) -> None:
    text = api_md.render(load_spec())
    rows = {line.split(" | ")[1].strip("`"): line for line in text.splitlines() if line.startswith("| `")}
    assert "`orders.upgrade_order.sync(order_id, *, client, body)`" in rows["upgradeOrder"]
    assert (
        "`client.orders.upgrade(order_id, *, add_ons, package_type, force, extra_headers, extra_query, extra_body, "
        "timeout) → UpgradedOrder`" in rows["upgradeOrder"]
    )
    assert "`await → UpgradedOrder`" in rows["upgradeOrder"]
    assert "`cubicasa orders upgrade`" in rows["upgradeOrder"]
    # `upgrade` re-reads the order through self.get, which is not its route.
    assert "client.orders.upgrade" not in rows["getOrder"]
    assert (
        "`client.orders.list(*, status, page_size, max_pages, extra_headers, extra_query, extra_body, timeout) → "
        "Pager[OrderList, Order]`" in rows["listOrders"]
    )
    assert "`→ AsyncPager[OrderList, Order]`" in rows["listOrders"]
    assert "`cubicasa_integrate.webhooks.parse(body) → OrderStatusEvent`" in rows["orderStatusChanged"]
    operations = {op["operationId"] for item in load_spec()["paths"].values() for op in item.values()}
    assert operations <= rows.keys()


def test_a_route_without_generated_code_is_an_error(api_md: ModuleType) -> None:
    spec = load_spec()
    spec["paths"]["/offices"] = {"get": {"operationId": "listOffices", "responses": {"200": {"description": "ok"}}}}
    with pytest.raises(SystemExit, match="GET /offices"):
        api_md.render(spec)


def test_a_facade_method_without_async_twin_is_found(api_md: ModuleType, tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(api_md.FACADE / "resources", resources)
    users = resources / "users.py"
    users.write_text(users.read_text().replace("    async def add(", "    async def add_user("))
    uses = api_md.facade_methods(resources)
    ((resource, method, twin),) = uses["users.add_user"]
    assert (resource, method.name, twin) == ("Users", "add", None)

"""The facade and the generated operations agree: every operation of the spec is reachable from CubiCasa and
AsyncCubiCasa (or listed as raw-only, with a reason), and each facade method sends the operation it names, with
the spec's method and path.

The facade never writes a method or a path itself (it hands the generated module to the request loop), so what
can go wrong is naming the wrong module, or forgetting an operation the spec gained: both fail here.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from cubicasa_integrate import AsyncCubiCasa, CubiCasa
from cubicasa_integrate._base_client import BaseAPIClient, Call
from tests.support import load_spec
from tests.unit.fakes import ORDER_ID, FakeAPI, order_json

CHANGE_REQUEST_ID = "cr-1"
DRAFT = {"street": "615 Bourbon St", "city": "New Orleans", "country": "United States", "owner_email": "a@b.c"}

# operationId -> the facade call that must send it.
FACADE: dict[str, Callable[[Any], Any]] = {
    "listOrders": lambda client: client.orders.list().pages(),
    "getOrder": lambda client: client.orders.get(ORDER_ID),
    "upgradeOrder": lambda client: client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"]),  # one it lacks
    "addChangeRequest": lambda client: client.change_requests.create(ORDER_ID, {"comment": "x"}),
    "listChangeRequests": lambda client: client.change_requests.list(ORDER_ID),
    "getChangeRequest": lambda client: client.change_requests.get(ORDER_ID, CHANGE_REQUEST_ID),
    "createDraftOrder": lambda client: client.drafts.create(**DRAFT),
    "updateDraftOrder": lambda client: client.drafts.update(ORDER_ID, **DRAFT),
    "listUsers": lambda client: client.users.list().pages(),
    "addUser": lambda client: client.users.add("new@example.com"),
    "updateCompanyWebhooks": lambda client: client.webhooks.update(
        urls=["https://example.com/h"], triggers=["moved_to_ready"]
    ),
}
# operationId -> why the facade does not offer it (the generated function remains available).
RAW_ONLY: dict[str, str] = {}


def spec_operations() -> dict[str, tuple[str, str]]:
    """operationId -> (METHOD, path template) of every API operation (webhooks are not called by the client)."""
    found = {}
    for path, item in load_spec()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = (method.upper(), path)
    return found


def generated_modules() -> dict[str, str]:
    """snake_case module name -> its dotted name, for every generated endpoint module."""
    import cubicasa_integrate_api.api as api

    modules = {}
    for tag in pkgutil.iter_modules(api.__path__):
        package = importlib.import_module(f"{api.__name__}.{tag.name}")
        for module in pkgutil.iter_modules(package.__path__):
            modules[module.name] = f"{package.__name__}.{module.name}"
    return modules


def snake(operation_id: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()


def test_every_operation_is_generated_and_either_in_the_facade_or_raw_only_with_a_reason() -> None:
    operations = set(spec_operations())
    assert {snake(o) for o in operations} == set(generated_modules())
    assert set(FACADE) | set(RAW_ONLY) == operations
    assert not set(FACADE) & set(RAW_ONLY)
    assert all(reason.strip() for reason in RAW_ONLY.values())


def _expected_path(template: str) -> str:
    values = {"order_id": ORDER_ID, "id": ORDER_ID, "change_request_id": CHANGE_REQUEST_ID}
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[Call[Any]]:
    """Every Call any client builds a request for, in order."""
    calls: list[Call[Any]] = []
    prepare = BaseAPIClient._prepare

    def recording(self: BaseAPIClient, call: Call[Any], client: Any, options: Any) -> Any:
        calls.append(call)
        return prepare(self, call, client, options)

    monkeypatch.setattr(BaseAPIClient, "_prepare", recording)
    return calls


def fake_api() -> FakeAPI:
    # Only the purchase's snapshot read must succeed; every other request may fail (the Call is recorded first).
    return FakeAPI().on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json={**order_json(), "id": ORDER_ID}))


def _check(operation_id: str, calls: list[Call[Any]]) -> None:
    method, template = spec_operations()[operation_id]
    named = [call for call in calls if call.operation.__name__.rsplit(".", 1)[-1] == snake(operation_id)]
    assert named, f"the facade call for {operation_id} sent {[c.operation.__name__ for c in calls]}"
    assert named[-1].route == f"{method} {_expected_path(template)}"


@pytest.mark.parametrize("operation_id", sorted(FACADE))
def test_each_facade_method_sends_its_operation_with_the_spec_method_and_path(
    operation_id: str, sent: list[Call[Any]]
) -> None:
    with CubiCasa("key", transport=httpx.MockTransport(fake_api()), max_retries=0) as client:
        try:
            result = FACADE[operation_id](client)
            if hasattr(result, "__next__"):  # a pager's pages(): the first page is requested on iteration
                next(result, None)
        except Exception:  # the fake answers 404 or an empty body: only what was sent matters here
            pass
    _check(operation_id, sent)


@pytest.mark.anyio
@pytest.mark.parametrize("operation_id", sorted(FACADE))
async def test_each_async_facade_method_sends_its_operation_too(operation_id: str, sent: list[Call[Any]]) -> None:
    async with AsyncCubiCasa("key", transport=httpx.MockTransport(fake_api()), max_retries=0) as client:
        try:
            result = FACADE[operation_id](client)
            if isinstance(result, Awaitable):
                await result
            elif hasattr(result, "__anext__"):
                await anext(result, None)
        except Exception:  # as above: only what was sent matters
            pass
    _check(operation_id, sent)


def test_no_resource_module_writes_a_path() -> None:
    """Method and path live in the spec and the generated request builders only; a path string in a resource
    would be a second copy that nothing checks."""
    import ast
    from pathlib import Path

    import cubicasa_integrate.resources as resources

    found = []
    for module in sorted(Path(resources.__path__[0]).glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.match(r"/[a-z]", node.value):
                found.append(f"{module.name}:{node.lineno}: {node.value!r}")
            if isinstance(node, ast.JoinedStr) and any(
                isinstance(part, ast.Constant) and str(part.value).startswith("/") for part in node.values[:1]
            ):
                found.append(f"{module.name}:{node.lineno}: f-string path")
    assert found == []

"""The facade and the generated operations agree, read from the code rather than from a table of methods.

Every public method of every resource of CubiCasa and of AsyncCubiCasa is found by introspection and called
(its arguments by parameter name, from EXAMPLES), and each Call it builds must
- name a generated endpoint module of an operation of the spec, and build that operation's method and path with
  the ids the method was given;
- expect a model the operation documents for a 2xx answer;
and the two twins must send the same operations in the same order, every operation of the spec must be sent by
some facade method (or be in RAW_ONLY, with a reason), and every method that is neither a pager nor a poll must
have its `with_raw_response` twin.

The facade never writes a method or a path itself (it hands the generated module to the request loop), so what
can go wrong is naming the wrong module, or forgetting an operation the spec gained: both fail here. A method
naming the wrong module expects the wrong model or passes the wrong arguments, and the operation it should send
is then sent by no method. What these checks cannot see is two methods swapping two operations that take the
same arguments and answer the same model; the sandbox's end-to-end tests would.

A new facade method needs no line here. If it takes a required parameter whose name is not in EXAMPLES, its
test fails and asks for an example value (one per parameter name, not per method).
"""

from __future__ import annotations

import ast
import contextlib
import functools
import importlib
import inspect
import pkgutil
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, get_type_hints

import httpx
import pytest

from cubicasa_integrate import AsyncCubiCasa, CubiCasa
from cubicasa_integrate._base_client import BaseAPIClient, Call
from cubicasa_integrate.pagination import AsyncPager, Pager
from tests.support import load_spec
from tests.unit.fakes import ORDER_ID, FakeAPI, order_json

CHANGE_REQUEST_ID = "cr-1"
DRAFT = {"street": "615 Bourbon St", "city": "New Orleans", "country": "United States", "owner_email": "a@b.c"}

# Parameter name -> the value every facade method taking it is called with (required ones must be here).
EXAMPLES: dict[str, Any] = {
    "order_id": ORDER_ID,
    "change_request_id": CHANGE_REQUEST_ID,
    "fields": {"comment": "x"},
    "email": "new@example.com",
    "urls": ["https://example.com/h"],
    "triggers": ["moved_to_ready"],
    "add_ons": ["3d_cad_files"],  # one the example order lacks: upgrade sends its purchase
    **DRAFT,
}
# Path parameter of the spec -> the value the route must carry (the ids above, under the spec's names).
PATH_VALUES = {"id": ORDER_ID, "order_id": ORDER_ID, "change_request_id": CHANGE_REQUEST_ID}
# operationId -> why the facade does not offer it (the generated function remains available).
RAW_ONLY: dict[str, str] = {}
# "resource.method" -> why it has no with_raw_response twin (pagers have none: their pages come as you iterate).
NOT_RAW = {"orders.wait": "its reads are polls: no one request defines its result"}


@functools.cache
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


def resources(client_class: type) -> dict[str, type]:
    """Client attribute -> resource class (`orders` -> Orders), from the client class's annotations."""
    return {
        name: hint
        for name, hint in get_type_hints(client_class).items()
        if isinstance(hint, type) and hint.__module__.startswith("cubicasa_integrate.resources.")
    }


def public_methods(resource: type) -> list[str]:
    return [name for name, _ in inspect.getmembers(resource, inspect.isfunction) if not name.startswith("_")]


FACADE_METHODS = [f"{name}.{method}" for name, cls in resources(CubiCasa).items() for method in public_methods(cls)]


def test_the_methods_are_found_in_both_clients() -> None:
    """The introspection sees the facade: the methods of issue 11's table, and the same ones on both twins."""
    assert {"orders.get", "orders.upgrade", "orders.list", "change_requests.list", "webhooks.update"} <= set(
        FACADE_METHODS
    )
    twins = resources(AsyncCubiCasa)
    assert {name: public_methods(cls) for name, cls in resources(CubiCasa).items()} == {
        name: public_methods(cls) for name, cls in twins.items()
    }


def test_every_operation_is_generated_and_sent_by_the_facade_or_raw_only_with_a_reason() -> None:
    operations = set(spec_operations())
    assert {snake(o) for o in operations} == set(generated_modules())
    sent = {operation_id(call) for name in FACADE_METHODS for twin in ("sync", "async") for call in sent_by(name, twin)}
    assert sorted(operations - set(RAW_ONLY) - sent) == [], "operations no facade method sends"
    assert not sent & set(RAW_ONLY), "RAW_ONLY operations the facade sends after all"
    assert all(reason.strip() for reason in RAW_ONLY.values())


def operation_id(call: Call[Any]) -> str:
    by_module = {snake(o): o for o in spec_operations()}
    module = call.operation.__name__
    assert module.startswith("cubicasa_integrate_api.api."), f"{module} is not a generated endpoint module"
    leaf = module.rsplit(".", 1)[-1]
    assert leaf in by_module, f"{module} is no operation of the spec"
    return by_module[leaf]


def arguments(function: Callable[..., Any], name: str) -> dict[str, Any]:
    found = {}
    for parameter in list(inspect.signature(function).parameters.values())[1:]:  # not self
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if parameter.name in EXAMPLES:
            found[parameter.name] = EXAMPLES[parameter.name]
        elif parameter.default is parameter.empty:
            pytest.fail(f"client.{name} takes {parameter.name!r}: add an example value for it to EXAMPLES")
    return found


def fake_api() -> FakeAPI:
    # Only the order must be readable (the purchase's snapshot, the poll); every other request may fail: the Call
    # is recorded before its request is sent.
    return FakeAPI().on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json={**order_json(), "id": ORDER_ID}))


async def _drive(result: Any) -> None:
    """Make a method's result send what it sends: await it, or fetch a pager's first page."""
    if isinstance(result, Awaitable):
        await result
    elif isinstance(result, Pager):
        next(result.pages(), None)
    elif isinstance(result, AsyncPager):
        await anext(result.pages(), None)


@functools.cache
def sent_by(name: str, twin: str) -> tuple[Call[Any], ...]:
    """Every Call `client.<name>(**examples)` builds, in order, on CubiCasa ("sync") or AsyncCubiCasa ("async")."""
    import anyio

    calls: list[Call[Any]] = []
    prepare = BaseAPIClient._prepare

    def recording(self: BaseAPIClient, call: Call[Any], client: Any, options: Any) -> Any:
        calls.append(call)
        return prepare(self, call, client, options)

    async def run() -> None:
        attribute, method = name.split(".")
        transport = httpx.MockTransport(fake_api())
        if twin == "sync":
            with CubiCasa("key", transport=transport, max_retries=0) as client:
                bound = getattr(getattr(client, attribute), method)
                await _drive(bound(**arguments(getattr(type(getattr(client, attribute)), method), name)))
        else:
            async with AsyncCubiCasa("key", transport=transport, max_retries=0) as aclient:
                bound = getattr(getattr(aclient, attribute), method)
                await _drive(bound(**arguments(getattr(type(getattr(aclient, attribute)), method), name)))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseAPIClient, "_prepare", recording)
        # The fake answers 404 or a body of another shape: only what was sent matters here.
        with contextlib.suppress(Exception):
            anyio.run(run)
    return tuple(calls)


def _expected_path(template: str) -> str:
    def value(match: re.Match[str]) -> str:
        assert match.group(1) in PATH_VALUES, f"path parameter {match.group(1)!r}: add its value to PATH_VALUES"
        return PATH_VALUES[match.group(1)]

    return re.sub(r"\{(\w+)\}", value, template)


def success_models(call: Call[Any]) -> list[type | None]:
    return [model for low, high, model in call.operation.RESPONSES if low <= 299 and high >= 200]


@pytest.mark.parametrize("name", FACADE_METHODS)
def test_each_facade_method_sends_spec_operations_with_their_method_path_and_model(name: str) -> None:
    calls = sent_by(name, "sync")
    assert calls, f"client.{name} sent nothing"
    for call in calls:
        method, template = spec_operations()[operation_id(call)]
        assert call.route == f"{method} {_expected_path(template)}", call.operation.__name__
        assert call.returns in success_models(call), (
            f"client.{name} sends {operation_id(call)} but expects {call.returns.__name__}, which it does not "
            f"answer: {success_models(call)}"
        )


@pytest.mark.parametrize("name", FACADE_METHODS)
def test_each_async_twin_sends_what_the_sync_method_sends(name: str) -> None:
    assert [(operation_id(c), c.route) for c in sent_by(name, "async")] == [
        (operation_id(c), c.route) for c in sent_by(name, "sync")
    ]


@pytest.mark.parametrize("client_class", [CubiCasa, AsyncCubiCasa])
def test_every_method_but_pagers_and_polls_has_its_raw_response_twin(client_class: type) -> None:
    client = client_class("key", transport=httpx.MockTransport(fake_api()))
    missing, wrong = [], []
    for attribute, resource in resources(client_class).items():
        raw = getattr(client, attribute).with_raw_response
        for method in public_methods(resource):
            returns = str(inspect.get_annotations(getattr(resource, method)).get("return"))
            if f"{attribute}.{method}" in NOT_RAW or returns.startswith(("Pager[", "AsyncPager[")):
                continue
            wrapper = getattr(raw, method, None)
            if wrapper is None:
                missing.append(f"{attribute}.{method}")
            elif getattr(wrapper.__wrapped__, "__func__", None) is not getattr(resource, method):
                wrong.append(f"{attribute}.with_raw_response.{method} wraps {wrapper.__wrapped__.__qualname__}")
    assert (missing, wrong) == ([], [])
    assert all(reason.strip() for reason in NOT_RAW.values())


def test_no_resource_module_writes_a_path() -> None:
    """Method and path live in the spec and the generated request builders only; a path string in a resource
    would be a second copy that nothing checks."""
    import cubicasa_integrate.resources as resources_package

    found = []
    for module in sorted(Path(resources_package.__path__[0]).glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.match(r"/[a-z]", node.value):
                found.append(f"{module.name}:{node.lineno}: {node.value!r}")
            if isinstance(node, ast.JoinedStr) and any(
                isinstance(part, ast.Constant) and str(part.value).startswith("/") for part in node.values[:1]
            ):
                found.append(f"{module.name}:{node.lineno}: f-string path")
    assert found == []

"""Per-call extras on every facade method (issue 25, finding 1): `extra_query=` and `extra_body=` are merged into
what the method sends, never replace it, never change what a purchase buys unless force=True, and never travel
anywhere the key does not."""

from __future__ import annotations

import inspect
from typing import Any

import httpx
import pytest

from cubicasa_integrate import AsyncCubiCasa, CubiCasa, errors
from tests.unit.fakes import BASE, KEY, ORDER_ID, FakeAPI, json_body, order_json, page_json

UPGRADE = f"/orders/{ORDER_ID}/post-purchase"


def _resource_methods(client: object) -> list[tuple[str, Any]]:
    found = []
    for resource_name in ("orders", "users", "webhooks", "drafts", "change_requests"):
        resource = getattr(client, resource_name)
        for name, method in inspect.getmembers(resource, inspect.ismethod):
            if not name.startswith("_"):
                found.append((f"{resource_name}.{name}", method))
    return found


@pytest.mark.parametrize("make", [CubiCasa, AsyncCubiCasa], ids=["sync", "async"])
def test_every_facade_method_takes_the_extras(make: Any) -> None:
    client = make(KEY, base_url=BASE)
    methods = _resource_methods(client)
    assert len(methods) >= 12
    for name, method in methods:
        parameters = inspect.signature(method).parameters
        for extra in ("extra_headers", "extra_query", "extra_body"):
            assert extra in parameters, f"{name} lacks {extra}"
            assert parameters[extra].kind is inspect.Parameter.KEYWORD_ONLY


def test_extras_are_merged_into_the_request(api: FakeAPI) -> None:
    api.on("POST", "/users", httpx.Response(200, json={"id": "u-1", "email": "a@example.com"}))
    with api.client() as client:
        client.users.add("a@example.com", role="User", extra_query={"lang": "fi"}, extra_body={"office_name": "HQ"})
    (request,) = api.requests
    assert request.url.params["lang"] == "fi"
    assert json_body(request) == {"email": "a@example.com", "role": "User", "office_name": "HQ"}


def test_a_list_sends_its_extras_with_every_page(api: FakeAPI) -> None:
    api.on(
        "GET",
        "/orders",
        httpx.Response(200, json=page_json([order_json()], has_more=True, next_offset=1)),
        httpx.Response(200, json=page_json([order_json(status="Ready") | {"id": "b"}], has_more=False)),
    )
    with api.client() as client:
        orders = list(client.orders.list(status="Ready", extra_query={"team": "north"}))
    assert len(orders) == 2
    assert [dict(r.url.params.multi_items()) for r in api.requests] == [
        {"limit": "20", "status": "Ready", "team": "north"},
        {"limit": "20", "offset": "1", "status": "Ready", "team": "north"},
    ]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda c: list(c.orders.list(extra_query={"offset": 5})), "offset"),
        (lambda c: list(c.orders.list(extra_query={"status": "Ready"})), "status"),
        (lambda c: c.users.add("a@example.com", extra_body={"email": "b@example.com"}), "email"),
        (lambda c: c.webhooks.update(urls=[], triggers=[], extra_body={"webhook_urls": ["https://x"]}), "webhook_urls"),
        (lambda c: c.orders.get(ORDER_ID, extra_body={"a": 1}), "no JSON object body"),
        (lambda c: c.orders.get(ORDER_ID, extra_query={"a": object()}), "values str"),
        (lambda c: c.orders.get(ORDER_ID, extra_query={"a": {"nested": 1}}), "values str"),
    ],
)
def test_extras_never_replace_what_the_method_sends(api: FakeAPI, call: Any, match: str) -> None:
    with api.client() as client, pytest.raises((ValueError, TypeError), match=match):
        call(client)
    assert api.requests == []


@pytest.mark.parametrize("key", ["add_ons", "package_type", "addOns", "Add-On", "products", "package", "PRODUCT_ID"])
@pytest.mark.parametrize("where", ["extra_body", "extra_query"])
def test_extras_may_not_change_what_a_purchase_buys(api: FakeAPI, key: str, where: str) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    with api.client() as client, pytest.raises(ValueError, match=r"nothing was sent|method.s argument"):
        client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"], **{where: {key: ["gla"]}})
    assert api.calls("POST", UPGRADE) == []


def test_force_sends_purchase_extras_with_the_post_only(api: FakeAPI) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    api.on("POST", UPGRADE, httpx.Response(200, json=order_json()))
    with api.client() as client:
        client.orders.upgrade(
            ORDER_ID, add_ons=["3d_cad_files"], force=True, extra_body={"products": ["x"]}, extra_query={"v": "2"}
        )
    (post,) = api.calls("POST", UPGRADE)
    assert json_body(post)["products"] == ["x"]
    assert post.url.params["v"] == "2"
    reads = api.calls("GET", f"/orders/{ORDER_ID}")
    assert reads
    assert all("v" not in r.url.params for r in reads)


def test_harmless_purchase_extras_go_with_the_post(api: FakeAPI) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    api.on("POST", UPGRADE, httpx.Response(200, json=order_json()))
    with api.client() as client:
        client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"], extra_body={"note": "rush"})
    (post,) = api.calls("POST", UPGRADE)
    assert json_body(post) == {"add_ons": ["3d_cad_files"], "package_type": None, "note": "rush"}


def test_extras_never_carry_past_the_base_host() -> None:
    other: list[httpx.Request] = []

    def reply(request: httpx.Request) -> httpx.Response:
        if request.url.host != httpx.URL(BASE).host:
            other.append(request)
            return httpx.Response(200, json={})
        return httpx.Response(307, headers={"location": "https://other.example/capture"})

    http = httpx.Client(transport=httpx.MockTransport(reply), follow_redirects=True)
    with CubiCasa(KEY, base_url=BASE, http_client=http) as client:
        with pytest.raises(errors.APIRedirectError):
            client.users.add("a@example.com", extra_query={"q": "1"}, extra_body={"secret": "s"})
        with pytest.raises(errors.APIRedirectError):
            client.orders.get(ORDER_ID, extra_query={"@other.example": "1", "x": "//other.example"})
    assert other == []


def test_an_extra_query_cannot_move_the_request(api: FakeAPI) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    with api.client() as client:
        client.orders.get(ORDER_ID, extra_query={"#frag": "/../users", "?": "@other.example"})
    (request,) = api.requests
    assert request.url.host == httpx.URL(BASE).host
    assert request.url.path.endswith(ORDER_ID)
    assert dict(request.url.params) == {"#frag": "/../users", "?": "@other.example"}


@pytest.mark.anyio
async def test_the_async_twins_merge_and_refuse_alike(api: FakeAPI) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    async with api.async_client() as client:
        await client.orders.get(ORDER_ID, extra_query={"lang": "fi"})
        with pytest.raises(ValueError, match="nothing was sent"):
            await client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"], extra_body={"addOns": ["gla"]})
    assert api.requests[0].url.params["lang"] == "fi"
    assert api.calls("POST", UPGRADE) == []

"""`with_raw_response` (issue 23, finding 5): the response returned is the one the call itself got.

The raw-response wish travels as an option of the call's requests; the request loop returns the response of
*that* request after its own retries, and the method returns an APIResponse built from it. A call that makes
several requests returns the response of its defining one: for `orders.upgrade` the purchase POST (the snapshot
GET when nothing was sent); when the POST got no response at all, NoRawResponseError carries the order.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cubicasa_integrate import errors
from cubicasa_integrate.types import Order
from tests.support import as_read, load_example
from tests.unit.fakes import KEY, ORDER_ID, FakeAPI, order_json

GET_ORDER = f"/orders/{ORDER_ID}"
PURCHASE = f"/orders/{ORDER_ID}/post-purchase"
TWINS = ["sync", "async"]
DRAFT = {"street": "615 Bourbon St", "city": "New Orleans", "country": "United States", "owner_email": "a@b.c"}


def product(*add_ons: str) -> dict[str, Any]:
    """The documented order with these add-ons, offering gla and 3d_cad_files."""
    order = order_json()
    order["info"]["product"]["add_ons"] = list(add_ons)
    order["info"]["product"]["purchasable_add_ons"] = ["gla", "3d_cad_files"]
    return order


def body(value: Any) -> bytes:
    return json.dumps(value).encode()


def call(api: FakeAPI, twin: str, use: Callable[[Any], Any], **options: Any) -> Any:
    """`use(client)` on a sync client, or awaited on an async one: the twins take the same arguments."""
    if twin == "sync":
        with api.client(**options) as client:
            return use(client)

    async def run() -> Any:
        async with api.async_client(**options) as client:
            return await use(client)

    return asyncio.run(run())


def raw_upgrade(api: FakeAPI, twin: str, **options: Any) -> Any:
    return call(api, twin, lambda client: client.orders.with_raw_response.upgrade(ORDER_ID, add_ons=["gla"]), **options)


# ------------------------------------------------------------------------------- the finding: a purchase's own answer


@pytest.mark.parametrize("twin", TWINS)
def test_a_purchase_whose_connection_dropped_has_no_response_and_the_error_carries_the_order(
    api: FakeAPI, twin: str
) -> None:
    """Finding 5: with the POST's connection dropped, with_raw_response.upgrade returned the re-read's GET 200."""
    api.on(
        "GET",
        GET_ORDER,
        httpx.Response(200, json=product(), headers={"x-request-id": "snapshot"}),
        httpx.Response(200, json=product("gla"), headers={"x-request-id": "re-read"}),
    )
    api.on("POST", PURCHASE, httpx.RemoteProtocolError("Server disconnected without sending a response."))
    with pytest.raises(errors.NoRawResponseError) as raised:
        raw_upgrade(api, twin)
    error = raised.value
    assert isinstance(error, errors.CubiCasaError)
    assert not isinstance(error, errors.APIError)  # an `except APIError: retry` must not buy again
    assert (error.method, error.path) == ("POST", PURCHASE)
    assert "got no response" in str(error)
    assert "shows the purchase applied" in str(error)
    assert ".result is the order" in str(error)
    assert isinstance(error.cause, errors.APIConnectionError)
    order = error.result
    assert isinstance(order, Order)
    assert (order.purchase.sent, order.purchase.bought) == (True, ("gla",))
    assert [r.method for r in api.requests] == ["GET", "POST", "GET"]  # the purchase was sent once


@pytest.mark.parametrize("twin", TWINS)
def test_a_purchase_answered_5xx_after_it_applied_returns_the_posts_response(api: FakeAPI, twin: str) -> None:
    """The POST did get a response (a 500): that is the one returned, never the reconciling re-read's GET 200."""
    api.on(
        "GET",
        GET_ORDER,
        httpx.Response(200, json=product(), headers={"x-request-id": "snapshot"}),
        httpx.Response(200, json=product("gla"), headers={"x-request-id": "re-read"}),
    )
    answer = body({"detail": "upstream timed out"})
    api.on("POST", PURCHASE, httpx.Response(500, content=answer, headers={"x-request-id": "the-post"}))
    response = raw_upgrade(api, twin)
    assert (response.method, response.path, response.status_code) == ("POST", PURCHASE, 500)
    assert response.request_id == "the-post"
    assert response.content == answer
    assert response.retries_taken == 0  # a POST that reached the server is never retried
    assert response.http_request.method == "POST"
    assert response.http_request.content == api.calls("POST", PURCHASE)[0].content
    order = response.parse()  # what upgrade returns without with_raw_response: the reconciled order
    assert (order.purchase.sent, order.purchase.bought) == (True, ("gla",))
    assert [r.method for r in api.requests] == ["GET", "POST", "GET"]


@pytest.mark.parametrize("twin", TWINS)
def test_a_purchase_returns_the_posts_response_not_the_snapshots(api: FakeAPI, twin: str) -> None:
    bought = product("gla")
    api.on("GET", GET_ORDER, httpx.Response(200, json=product(), headers={"x-request-id": "snapshot"}))
    api.on(
        "POST",
        PURCHASE,
        httpx.ConnectError("refused"),  # never sent: retried once
        httpx.Response(200, content=body(bought), headers={"x-request-id": "the-post"}),
    )
    response = raw_upgrade(api, twin)
    assert (response.method, response.request_id, response.retries_taken) == ("POST", "the-post", 1)
    assert response.content == body(bought)
    assert response.parse().purchase.bought == ("gla",)
    assert response.parse().to_dict() == as_read(Order, bought)


@pytest.mark.parametrize("twin", TWINS)
def test_nothing_sent_returns_the_snapshots_response(api: FakeAPI, twin: str) -> None:
    has = product("gla")
    api.on("GET", GET_ORDER, httpx.Response(200, content=body(has), headers={"x-request-id": "snapshot"}))
    response = raw_upgrade(api, twin)
    assert (response.method, response.path, response.request_id) == ("GET", GET_ORDER, "snapshot")
    assert response.content == body(has)
    assert response.parse().purchase.sent is False
    assert api.calls("POST", PURCHASE) == []


@pytest.mark.parametrize("twin", TWINS)
def test_a_purchase_still_unknown_raises_as_without_raw_response(api: FakeAPI, twin: str) -> None:
    api.on("GET", GET_ORDER, httpx.Response(200, json=product()))  # the re-read does not show gla
    api.on("POST", PURCHASE, httpx.ReadTimeout("timed out"))
    with pytest.raises(errors.PurchaseStateUnknownError):
        raw_upgrade(api, twin)


# ------------------------------------------------------------------------- what the response of one request carries


@pytest.mark.parametrize("twin", TWINS)
def test_retries_taken_counts_the_retries_of_that_request(api: FakeAPI, twin: str) -> None:
    last = body(order_json())
    api.on(
        "GET",
        GET_ORDER,
        httpx.Response(503, json={"detail": "busy"}),
        httpx.ReadError("reset"),
        httpx.Response(200, content=last, headers={"request-id": "third"}),
    )
    response = call(api, twin, lambda client: client.orders.with_raw_response.get(ORDER_ID), max_retries=2)
    assert (response.status_code, response.retries_taken, response.request_id) == (200, 2, "third")
    assert response.content == last
    assert len(api.requests) == 3


@pytest.mark.parametrize("twin", TWINS)
def test_bytes_headers_url_and_request_are_those_of_the_request_and_credentials_stay_hidden(
    api: FakeAPI, twin: str
) -> None:
    sent = body(order_json())
    api.on(
        "GET",
        GET_ORDER,
        httpx.Response(200, content=sent, headers={"content-type": "application/json", "x-echo": f"key={KEY}"}),
    )
    response = call(
        api,
        twin,
        lambda client: client.orders.with_raw_response.get(
            ORDER_ID, extra_headers={"X-Correlation-Id": "c-1", "Authorization": "Bearer per-call-secret-0123456789"}
        ),
    )
    assert response.content == response.read() == sent
    assert response.headers["content-type"] == "application/json"
    assert str(response.url) == f"https://app.cubi.casa/api/integrate/v3{GET_ORDER}"
    assert response.http_request.url == response.url
    assert response.http_request.headers["x-correlation-id"] == "c-1"
    assert response.http_request.headers["api-key"] == "<redacted>"
    assert response.http_request.headers["authorization"] == "<redacted>"
    shown = repr(response) + repr(response.headers) + str(dict(response.headers))
    shown += repr(response.http_request) + str(dict(response.http_request.headers)) + repr(vars_of(response))
    assert KEY not in shown
    assert "per-call-secret-0123456789" not in shown
    assert response.headers["x-echo"].endswith("=<redacted>")
    # What was sent is the call's own headers: the wish for a raw response is an option, never a header.
    sent_headers = api.requests[0].headers
    assert sent_headers["api-key"] == KEY
    assert sent_headers["x-correlation-id"] == "c-1"
    assert [name for name in sent_headers if "raw" in name.lower()] == []


def vars_of(response: Any) -> dict[str, Any]:
    """Every attribute the response holds, private ones too (slots or __dict__)."""
    names = [n for cls in type(response).__mro__ for n in getattr(cls, "__slots__", ())]
    return {n: getattr(response, n) for n in names if hasattr(response, n)} | dict(getattr(response, "__dict__", {}))


def test_errors_still_raise_and_the_plain_methods_are_unchanged(api: FakeAPI) -> None:
    api.on("GET", "/orders/missing-order", httpx.Response(404, json={"detail": "no such order"}))
    api.on("GET", GET_ORDER, httpx.Response(200, json=order_json()))
    with api.client() as client:
        with pytest.raises(errors.NotFoundError):
            client.orders.with_raw_response.get("missing-order")
        assert type(client.orders.get(ORDER_ID)) is Order  # without the wrapper: the result itself
        raw = client.orders.with_raw_response.get(ORDER_ID)
        assert type(raw.parse()) is Order


# ------------------------------------------------------------------------------- every resource, sync and async


class Raw:
    """`Raw(client).orders` is `client.orders.with_raw_response`, and so on: the table's calls run either way."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def __getattr__(self, resource: str) -> Any:
        return getattr(self.client, resource).with_raw_response


RAW_METHODS: list[tuple[str, str, str, Any, Callable[[Any], Any]]] = [
    ("orders.get", "GET", GET_ORDER, order_json(), lambda r: r.orders.get(ORDER_ID)),
    ("users.add", "POST", "/users", load_example("add_user.response.json"), lambda r: r.users.add("u@example.com")),
    (
        "webhooks.update",
        "PATCH",
        "/companies/webhook",
        load_example("update_company_webhooks.response.json"),
        lambda r: r.webhooks.update(urls=["https://example.com/hook"], triggers=["moved_to_ready"]),
    ),
    ("drafts.create", "POST", "/orders/draft", {"id": "d-1"}, lambda r: r.drafts.create(**DRAFT)),
    ("drafts.update", "PATCH", "/orders/draft/d-1", {"id": "d-1"}, lambda r: r.drafts.update("d-1", **DRAFT)),
    (
        "change_requests.create",
        "POST",
        f"/orders/{ORDER_ID}/change-requests",
        {"id": "cr-1"},
        lambda r: r.change_requests.create(ORDER_ID, {"comment": "x"}),
    ),
    (
        "change_requests.list",
        "GET",
        f"/orders/{ORDER_ID}/change-requests",
        {"pagination": {"has_more": False}, "items": [{"id": "cr-1"}]},
        lambda r: r.change_requests.list(ORDER_ID),
    ),
    (
        "change_requests.get",
        "GET",
        f"/orders/{ORDER_ID}/change-requests/cr-1",
        {"id": "cr-1"},
        lambda r: r.change_requests.get(ORDER_ID, "cr-1"),
    ),
]


@pytest.mark.parametrize("twin", TWINS)
@pytest.mark.parametrize(("name", "method", "path", "payload", "use"), RAW_METHODS, ids=[m[0] for m in RAW_METHODS])
def test_every_raw_method_returns_its_requests_response_and_parse_is_the_plain_result(
    api: FakeAPI, twin: str, name: str, method: str, path: str, payload: Any, use: Callable[[Any], Any]
) -> None:
    api.on(method, path, httpx.Response(200, content=body(payload), headers={"x-request-id": name}))
    plain = call(api, twin, use)
    response = call(api, twin, lambda client: use(Raw(client)))
    assert (response.method, response.path, response.status_code) == (method, path, 200)
    assert (response.request_id, response.retries_taken, response.content) == (name, 0, body(payload))
    parsed = response.parse()
    assert type(parsed) is type(plain)
    assert parsed.to_dict() == plain.to_dict() == as_read(type(plain), payload)

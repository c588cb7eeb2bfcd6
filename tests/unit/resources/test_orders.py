"""overrides/cubicasa_integrate/resources/orders.py: list (lazy pagination), get, upgrade (with reconciliation)."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from cubicasa_integrate import errors
from cubicasa_integrate.types import Order, OrderList
from tests.unit.fakes import ORDER_ID, FakeAPI, json_body, order_json, page_json

GET_ORDER = f"/orders/{ORDER_ID}"
PURCHASE = f"/orders/{ORDER_ID}/post-purchase"


def numbered(start: int, count: int) -> list[dict[str, Any]]:
    return [{**order_json(), "id": f"order-{n}"} for n in range(start, start + count)]


def pages_by_offset(pages: dict[int, dict[str, Any]]) -> Any:
    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages[int(request.url.params.get("offset", 0))])

    return reply


# ----------------------------------------------------------------------------------- list


def test_list_follows_next_offset_across_pages_to_an_empty_last_page(api: FakeAPI) -> None:
    api.on(
        "GET",
        "/orders",
        pages_by_offset(
            {
                0: page_json(numbered(0, 2), has_more=True, next_offset=3),  # the API's own offset, as documented
                3: page_json(numbered(3, 2), has_more=True, next_offset=5),
                5: page_json([], has_more=False, next_offset=None),
            }
        ),
    )
    with api.client() as client:
        ids = [order.id for order in client.orders.list(page_size=2)]
    assert ids == ["order-0", "order-1", "order-3", "order-4"]
    assert [dict(r.url.params) for r in api.requests] == [
        {"limit": "2"},
        {"limit": "2", "offset": "3"},
        {"limit": "2", "offset": "5"},
    ]


def test_list_is_lazy(api: FakeAPI) -> None:
    api.on("GET", "/orders", pages_by_offset({0: page_json(numbered(0, 2), has_more=True, next_offset=2)}))
    with api.client() as client:
        orders = iter(client.orders.list(page_size=2))
        assert api.requests == []
        next(orders)
        next(orders)
        assert len(api.requests) == 1


def test_list_sends_the_status_filter_repeated(api: FakeAPI) -> None:
    api.on("GET", "/orders", httpx.Response(200, json=page_json([], has_more=False)))
    with api.client() as client:
        list(client.orders.list(status=["Pending", "Ready"]))
        list(client.orders.list(status="Fixing"))
    assert api.requests[0].url.params.get_list("status") == ["Pending", "Ready"]
    assert api.requests[1].url.params.get_list("status") == ["Fixing"]


def test_pages_yields_the_page_objects(api: FakeAPI) -> None:
    api.on(
        "GET",
        "/orders",
        pages_by_offset(
            {0: page_json(numbered(0, 1), has_more=True, next_offset=1), 1: page_json(numbered(1, 1), has_more=False)}
        ),
    )
    with api.client() as client:
        pages = list(client.orders.list(page_size=1).pages())
    assert [type(p) for p in pages] == [OrderList, OrderList]
    assert [p.items[0].id for p in pages] == ["order-0", "order-1"]


def test_missing_next_offset_advances_by_the_page_length(api: FakeAPI) -> None:
    first = page_json(numbered(0, 2), has_more=True)
    del first["pagination"]["next_offset"]
    api.on("GET", "/orders", pages_by_offset({0: first, 2: page_json(numbered(2, 1), has_more=False)}))
    with api.client() as client:
        assert len(list(client.orders.list(page_size=2))) == 3


def test_pagination_that_does_not_advance_fails_instead_of_looping(api: FakeAPI) -> None:
    api.on("GET", "/orders", httpx.Response(200, json=page_json(numbered(0, 1), has_more=True, next_offset=0)))
    with api.client() as client, pytest.raises(errors.ResponseDecodeError, match="does not advance"):
        list(client.orders.list())
    assert len(api.requests) == 1


@pytest.mark.parametrize("page_size", [0, -1, 1001, 2.5, True])
def test_page_size_is_checked_locally(api: FakeAPI, page_size: Any) -> None:
    with api.client() as client, pytest.raises(ValueError, match="page_size"):
        client.orders.list(page_size=page_size)
    assert api.requests == []


def test_an_unknown_status_filter_is_sent_as_given(api: FakeAPI) -> None:
    api.on("GET", "/orders", httpx.Response(200, json=page_json([], has_more=False)))
    with api.client() as client:
        list(client.orders.list(status=["Archived"]))
    assert api.requests[0].url.params.get_list("status") == ["Archived"]


# ----------------------------------------------------------------------------------- get


@pytest.mark.parametrize(
    ("order_id", "wire_path"),
    [
        ("a/b", "/orders/a%2Fb"),
        ("a?b#c", "/orders/a%3Fb%23c"),
        ("50%", "/orders/50%25"),
        ("tilde space", "/orders/tilde%20space"),
        ("ünï", "/orders/%C3%BCn%C3%AF"),
    ],
)
def test_ids_are_percent_encoded_into_one_path_segment(api: FakeAPI, order_id: str, wire_path: str) -> None:
    api.on("GET", "/orders/x", httpx.Response(200, json=order_json()))
    with api.client() as client, pytest.raises(errors.NotFoundError):
        client.orders.get(order_id)
    assert api.requests[0].url.raw_path.decode() == "/api/integrate/v3" + wire_path


@pytest.mark.parametrize("order_id", ["", " ", ".", "..", "a\nb", "a\x00", "x" * 300])
def test_ids_that_would_change_the_path_are_rejected_locally(api: FakeAPI, order_id: str) -> None:
    with api.client() as client, pytest.raises(ValueError, match="order_id"):
        client.orders.get(order_id)
    assert api.requests == []


def test_an_id_must_be_a_string(api: FakeAPI) -> None:
    with api.client() as client, pytest.raises(TypeError, match="order_id must be a str"):
        client.orders.get(123)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------- upgrade


def test_upgrade_sends_the_documented_body_and_returns_the_order(api: FakeAPI) -> None:
    api.on("POST", PURCHASE, httpx.Response(200, json=order_json()))
    with api.client() as client:
        order = client.orders.upgrade(ORDER_ID, add_ons=["gla", "gla"])
    assert isinstance(order, Order)
    (request,) = api.requests
    assert json_body(request) == {"package_type": None, "add_ons": ["gla"]}


def test_upgrade_can_buy_a_package_and_a_new_add_on_the_spec_does_not_list(api: FakeAPI) -> None:
    api.on("POST", PURCHASE, httpx.Response(200, json=order_json()))
    with api.client() as client:
        client.orders.upgrade(ORDER_ID, add_ons=["6h_turnaround"], package_type="plus_3d")
    assert json_body(api.requests[0]) == {"package_type": "plus_3d", "add_ons": ["6h_turnaround"]}


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({}, ValueError, "nothing to buy"),
        ({"add_ons": "gla"}, TypeError, "list of add-on names"),
        ({"add_ons": ["gla"], "order_id": ".."}, ValueError, "order_id"),
    ],
)
def test_upgrade_arguments_are_checked_before_sending(
    api: FakeAPI, arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    order_id = arguments.pop("order_id", ORDER_ID)
    with api.client() as client, pytest.raises(error, match=message):
        client.orders.upgrade(order_id, **arguments)
    assert api.requests == []


def with_add_ons(*add_ons: str) -> dict[str, Any]:
    order = order_json()
    order["info"]["product"]["add_ons"] = list(add_ons)
    return order


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.Response(502, content=b"<html>Bad Gateway</html>"),
        httpx.Response(200, content=b'{"id": "312b'),  # the purchase went through but the answer was cut
    ],
    ids=["read-timeout", "dropped", "502", "truncated-200"],
)
def test_unknown_outcome_is_reconciled_by_re_reading_the_order(
    api: FakeAPI, failure: Any, caplog: pytest.LogCaptureFixture
) -> None:
    api.on("POST", PURCHASE, failure)
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_add_ons("gla", "3d_cad_files")))
    with api.client() as client, caplog.at_level(logging.WARNING, "cubicasa_integrate"):
        order = client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"])
    assert [str(a) for a in order.info.product.add_ons] == ["gla", "3d_cad_files"]  # type: ignore[union-attr]
    assert len(api.calls("POST", PURCHASE)) == 1
    assert len(api.calls("GET", GET_ORDER)) == 1
    assert "unknown outcome" in caplog.text


def test_unknown_outcome_not_visible_on_the_order_raises_purchase_state_unknown(api: FakeAPI) -> None:
    api.on("POST", PURCHASE, httpx.ReadTimeout("slow"))
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_add_ons("gla")))
    with api.client() as client, pytest.raises(errors.PurchaseStateUnknownError) as caught:
        client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"], package_type="plus_3d")
    error = caught.value
    assert (error.order_id, error.add_ons, error.package_type) == (ORDER_ID, ["3d_cad_files"], "plus_3d")
    assert isinstance(error.cause, errors.APITimeoutError)
    assert "may or may not have been applied" in str(error)
    assert f"client.orders.get({ORDER_ID!r})" in str(error)
    assert len(api.calls("POST", PURCHASE)) == 1


def test_package_upgrade_is_reconciled_on_the_package(api: FakeAPI) -> None:
    upgraded = order_json()
    upgraded["info"]["product"]["package_type"] = "plus_3d"
    api.on("POST", PURCHASE, httpx.Response(503, json={}))
    api.on("GET", GET_ORDER, httpx.Response(200, json=upgraded))
    with api.client() as client:
        assert str(client.orders.upgrade(ORDER_ID, package_type="plus_3d").info.product.package_type) == "plus_3d"  # type: ignore[union-attr]


def test_order_without_product_is_not_taken_for_a_purchase(api: FakeAPI) -> None:
    bare = order_json()
    bare["info"]["product"] = None
    api.on("POST", PURCHASE, httpx.Response(500, json={}))
    api.on("GET", GET_ORDER, httpx.Response(200, json=bare))
    with api.client() as client, pytest.raises(errors.PurchaseStateUnknownError):
        client.orders.upgrade(ORDER_ID, add_ons=["gla"])


def test_reconciliation_read_failing_still_reports_an_unknown_purchase(api: FakeAPI) -> None:
    api.on("POST", PURCHASE, httpx.ReadTimeout("slow"))
    api.on("GET", GET_ORDER, httpx.ConnectError("down"))
    with api.client(max_retries=1) as client, pytest.raises(errors.PurchaseStateUnknownError, match="re-reading"):
        client.orders.upgrade(ORDER_ID, add_ons=["gla"])
    assert len(api.calls("POST", PURCHASE)) == 1
    assert len(api.calls("GET", GET_ORDER)) == 2


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (httpx.Response(400, json={"validation_error": {"body_params": []}}), errors.BadRequestError),
        (httpx.Response(404, json={}), errors.NotFoundError),
        (httpx.Response(429, json={}), errors.RateLimitError),
        (httpx.ConnectError("refused"), errors.APIConnectionError),
    ],
)
def test_definite_failures_are_raised_without_reconciling(api: FakeAPI, failure: Any, error: type[Exception]) -> None:
    api.on("POST", PURCHASE, failure)
    with api.client(max_retries=0) as client, pytest.raises(error):
        client.orders.upgrade(ORDER_ID, add_ons=["gla"])
    assert api.calls("GET", GET_ORDER) == []


# ----------------------------------------------------------------------------------- async twins


@pytest.mark.anyio
async def test_async_get_list_and_upgrade(api: FakeAPI) -> None:
    api.on(
        "GET",
        "/orders",
        pages_by_offset(
            {0: page_json(numbered(0, 2), has_more=True, next_offset=2), 2: page_json(numbered(2, 1), has_more=False)}
        ),
    )
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_add_ons("gla", "3d_cad_files")))
    api.on("POST", PURCHASE, httpx.Response(503, json={}))
    async with api.async_client() as client:
        ids = [order.id async for order in client.orders.list(page_size=2)]
        pages = [page async for page in client.orders.list(page_size=2).pages()]
        assert (await client.orders.get(ORDER_ID)).id == ORDER_ID
        upgraded = await client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"])
    assert ids == ["order-0", "order-1", "order-2"]
    assert len(pages) == 2
    assert upgraded.id == ORDER_ID
    assert len(api.calls("POST", PURCHASE)) == 1


@pytest.mark.anyio
async def test_async_unknown_purchase_and_failing_reread(api: FakeAPI) -> None:
    api.on("POST", PURCHASE, httpx.ReadTimeout("slow"))
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_add_ons()), httpx.Response(404, json={}))
    async with api.async_client() as client:
        with pytest.raises(errors.PurchaseStateUnknownError, match="does not show it"):
            await client.orders.upgrade(ORDER_ID, add_ons=["gla"])
        with pytest.raises(errors.PurchaseStateUnknownError, match="re-reading"):
            await client.orders.upgrade(ORDER_ID, add_ons=["gla"])
        api.on("POST", PURCHASE, httpx.Response(400, json={}))
        with pytest.raises(errors.BadRequestError):
            await client.orders.upgrade(ORDER_ID, add_ons=["gla"])
    assert len(api.calls("POST", PURCHASE)) == 3

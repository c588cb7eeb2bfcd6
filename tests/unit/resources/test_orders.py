"""overrides/cubicasa_integrate/resources/orders.py: list (lazy pagination), get, upgrade (with reconciliation)."""

from __future__ import annotations

import asyncio
import copy
import logging
from typing import Any

import httpx
import pytest

from cubicasa_integrate import errors
from cubicasa_integrate.types import Order, OrderList
from tests.support import as_read
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


@pytest.mark.parametrize("order_id", [ORDER_ID, "abc", "A-b_c~d", "v1.2", "x" * 256])
def test_ids_of_unreserved_characters_go_into_the_path_unchanged(api: FakeAPI, order_id: str) -> None:
    api.on("GET", f"/orders/{order_id}", httpx.Response(200, json={**order_json(), "id": order_id}))
    with api.client() as client:
        assert client.orders.get(order_id).id == order_id
    assert api.requests[0].url.raw_path.decode() == f"/api/integrate/v3/orders/{order_id}"


# Each could reach another route or order on a server or proxy that decodes, normalises or splits paths: an encoded
# "/" or "\\" decoded before routing, "%2e%2e" decoded into a dot segment, ";" (matrix parameters, dropped by some
# servers), "?" and "#" once decoded, trailing dots (dropped by some servers), control and non-ASCII characters
# (normalised: a fullwidth solidus becomes "/").
HOSTILE_IDS = [
    "",
    " ",
    ".",
    "..",
    "a/b",
    "x/../" + ORDER_ID,
    "..%2Fcompanies%2Fwebhook",
    "a\\b",
    "50%",
    "%2e%2e",
    ORDER_ID + ";x",
    "a?b",
    "a#b",
    ORDER_ID + ".",
    "." + ORDER_ID,
    "tilde space",
    "a\nb",
    "a\x00",
    "a\x7f",
    "ünï",
    "a\uff0fb",
    "x" * 257,
]


@pytest.mark.parametrize("order_id", HOSTILE_IDS)
def test_ids_that_could_leave_their_path_segment_are_refused_before_sending(api: FakeAPI, order_id: str) -> None:
    with api.client() as client:
        with pytest.raises(ValueError, match="order_id"):
            client.orders.get(order_id)
        with pytest.raises(ValueError, match="order_id"):
            client.orders.upgrade(order_id, add_ons=["gla"])
        with pytest.raises(ValueError, match="order_id"):
            client.change_requests.list(order_id)
        with pytest.raises(ValueError, match="change_request_id"):
            client.change_requests.get(ORDER_ID, order_id)
    assert api.requests == []


@pytest.mark.parametrize("order_id", HOSTILE_IDS)
def test_the_generated_functions_refuse_them_too(order_id: str) -> None:
    """Users of the raw generated API are protected by the same rule, applied by the endpoint template."""
    from cubicasa_integrate_api.api.change_requests import get_change_request
    from cubicasa_integrate_api.api.drafts import update_draft_order
    from cubicasa_integrate_api.api.orders import get_order, upgrade_order
    from cubicasa_integrate_api.models import DraftOrderInput, UpgradeOrderRequest

    with pytest.raises(ValueError, match="is not a valid id"):
        get_order._get_kwargs(order_id)
    with pytest.raises(ValueError, match="is not a valid id"):
        upgrade_order._get_kwargs(order_id, body=UpgradeOrderRequest(package_type=None, add_ons=[]))
    with pytest.raises(ValueError, match="is not a valid id"):
        get_change_request._get_kwargs(ORDER_ID, order_id)
    with pytest.raises(ValueError, match="is not a valid id"):
        update_draft_order._get_kwargs(
            order_id, body=DraftOrderInput(street="s", city="c", country="x", owner_email="e")
        )


def test_an_id_must_be_a_string(api: FakeAPI) -> None:
    with api.client() as client, pytest.raises(TypeError, match="order_id must be a str"):
        client.orders.upgrade(123, add_ons=["gla"])  # type: ignore[arg-type]
    with api.client() as client, pytest.raises(TypeError, match="id must be a str"):
        client.orders.get(123)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------- upgrade


def with_product(
    *add_ons: str, package: str = "base", offers: list[str] | None = None, packages: list[str] | None = None
) -> dict[str, Any]:
    """An order with these add-ons and package, offering `offers` and `packages` (no purchasable lists if None)."""
    order = order_json()
    product = order["info"]["product"]
    product["add_ons"] = list(add_ons)
    product["package_type"] = package
    for key, listed in (("purchasable_add_ons", offers), ("purchasable_package_types", packages)):
        if listed is None:
            del product[key]
        else:
            product[key] = listed
    return order


def test_upgrade_reads_the_order_first_then_sends_the_documented_body_once(api: FakeAPI) -> None:
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_product()))
    api.on("POST", PURCHASE, httpx.Response(200, json=with_product("gla")))
    with api.client() as client:
        order = client.orders.upgrade(ORDER_ID, add_ons=["gla", "gla"])
    assert isinstance(order, Order)
    assert [(r.method, r.url.path.rsplit("/", 1)[-1]) for r in api.requests] == [
        ("GET", ORDER_ID),
        ("POST", "post-purchase"),
    ]
    assert json_body(api.requests[1]) == {"package_type": None, "add_ons": ["gla"]}


def test_upgrade_can_buy_a_package_and_a_new_add_on_the_spec_does_not_list(api: FakeAPI) -> None:
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_product()))
    api.on("POST", PURCHASE, httpx.Response(200, json=order_json()))
    with api.client() as client:
        client.orders.upgrade(ORDER_ID, add_ons=["6h_turnaround"], package_type="plus_3d")
    assert json_body(api.calls("POST", PURCHASE)[0]) == {"package_type": "plus_3d", "add_ons": ["6h_turnaround"]}


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


def test_a_failing_snapshot_read_buys_nothing(api: FakeAPI) -> None:
    api.on("GET", GET_ORDER, httpx.Response(404, json={"detail": "no such order"}))
    with api.client() as client, pytest.raises(errors.NotFoundError):
        client.orders.upgrade(ORDER_ID, add_ons=["gla"])
    assert api.calls("POST", PURCHASE) == []


# Every outcome after which the purchase may or may not have been applied.
UNSETTLED = [
    httpx.ReadTimeout("slow"),
    httpx.RemoteProtocolError("Server disconnected without sending a response."),
    httpx.ReadError("reset by peer"),
    httpx.Response(408, json={}),
    httpx.Response(409, json={"detail": "conflict"}),
    httpx.Response(425, json={}),
    httpx.Response(499, content=b""),
    httpx.Response(500, json={}),
    httpx.Response(502, content=b"<html>Bad Gateway</html>"),
    httpx.Response(503, json={}),
    httpx.Response(200, content=b'{"id": "312b'),  # the purchase went through but the answer was cut
    httpx.Response(200, json={"id": None, "info": {}}),  # a success body that is not an Order
    httpx.Response(201, json={}),  # an undocumented success status
    httpx.Response(503, content=b"[" * 100_000 + b"]" * 100_000),  # a hostile error body
]
UNSETTLED_IDS = [
    "read-timeout",
    "dropped",
    "reset",
    "408",
    "409",
    "425",
    "499",
    "500",
    "502-html",
    "503",
    "truncated-200",
    "invalid-200",
    "201",
    "deep-503",
]


@pytest.mark.parametrize("failure", UNSETTLED, ids=UNSETTLED_IDS)
def test_an_unsettled_purchase_that_shows_as_a_change_is_returned(
    api: FakeAPI, failure: Any, caplog: pytest.LogCaptureFixture
) -> None:
    api.on(
        "GET",
        GET_ORDER,
        httpx.Response(200, json=with_product("gla")),
        httpx.Response(200, json=with_product("gla", "3d_cad_files")),
    )
    api.on("POST", PURCHASE, failure)
    with api.client() as client, caplog.at_level(logging.WARNING, "cubicasa_integrate"):
        order = client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"])
    assert [str(a) for a in order.info.product.add_ons] == ["gla", "3d_cad_files"]  # type: ignore[union-attr]
    assert len(api.calls("POST", PURCHASE)) == 1
    assert len(api.calls("GET", GET_ORDER)) == 2
    assert "unknown outcome" in caplog.text


@pytest.mark.parametrize("failure", UNSETTLED, ids=UNSETTLED_IDS)
def test_a_purchase_already_shown_before_it_was_sent_is_never_reported_as_bought(api: FakeAPI, failure: Any) -> None:
    """0.3.1 returned the order as bought when it merely still had what it already had: nothing shows a change."""
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_product("gla", package="plus")))
    api.on("POST", PURCHASE, failure)
    with api.client() as client, pytest.raises(errors.PurchaseStateUnknownError, match="already showed all of it"):
        client.orders.upgrade(ORDER_ID, add_ons=["gla"], package_type="plus", force=True)
    assert len(api.calls("POST", PURCHASE)) == 1


def test_a_hostile_error_body_after_the_purchase_is_a_clean_status_error(api: FakeAPI) -> None:
    """0.3.1 let a RecursionError out of upgrade() after the POST when a 400 body nested 100,000 levels deep."""
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_product()))
    api.on("POST", PURCHASE, httpx.Response(400, content=b"[" * 100_000 + b"]" * 100_000))
    with api.client() as client, pytest.raises(errors.BadRequestError) as caught:
        client.orders.upgrade(ORDER_ID, add_ons=["gla"])
    assert caught.value.body is None
    assert caught.value.errors == []
    assert caught.value.text.startswith("[[[")


def test_with_force_a_purchase_of_what_the_order_already_has_is_sent_and_the_api_decides(api: FakeAPI) -> None:
    """force=True is for when the API knows better than the snapshot: it sends, the API answers."""
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_product("gla", offers=[])))
    api.on("POST", PURCHASE, httpx.Response(400, json={"validation_error": {"body_params": []}}))
    with api.client() as client, pytest.raises(errors.BadRequestError):
        client.orders.upgrade(ORDER_ID, add_ons=["gla"], force=True)
    api.on("POST", PURCHASE, httpx.Response(200, json=with_product("gla")))
    with api.client() as client:
        order = client.orders.upgrade(ORDER_ID, add_ons=["gla"], force=True)
    assert (order.id, order.purchase.sent, order.purchase.bought, order.purchase.already_had) == (
        ORDER_ID,
        True,
        ("gla",),
        (),
    )
    assert len(api.calls("POST", PURCHASE)) == 2


def test_a_re_read_showing_only_some_of_the_add_ons_is_not_a_purchase(api: FakeAPI) -> None:
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_product()), httpx.Response(200, json=with_product("a")))
    api.on("POST", PURCHASE, httpx.ReadTimeout("slow"))
    with api.client() as client, pytest.raises(errors.PurchaseStateUnknownError, match="does not show b"):
        client.orders.upgrade(ORDER_ID, add_ons=["a", "b"])


def test_one_add_on_new_and_one_already_owned_counts_as_a_change(api: FakeAPI) -> None:
    api.on(
        "GET", GET_ORDER, httpx.Response(200, json=with_product("a")), httpx.Response(200, json=with_product("a", "b"))
    )
    api.on("POST", PURCHASE, httpx.Response(504, json={}))
    with api.client() as client:
        assert client.orders.upgrade(ORDER_ID, add_ons=["a", "b"]).id == ORDER_ID


def test_unknown_outcome_not_visible_on_the_order_raises_purchase_state_unknown(api: FakeAPI) -> None:
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_product("gla")))
    api.on("POST", PURCHASE, httpx.ReadTimeout("slow"))
    with api.client() as client, pytest.raises(errors.PurchaseStateUnknownError) as caught:
        client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"], package_type="plus_3d")
    error = caught.value
    assert (error.order_id, error.add_ons, error.package_type) == (ORDER_ID, ["3d_cad_files"], "plus_3d")
    assert isinstance(error.cause, errors.APITimeoutError)
    assert "may or may not have been applied" in str(error)
    assert "does not show 3d_cad_files, package plus_3d" in str(error)
    assert f"client.orders.get({ORDER_ID!r})" in str(error)
    assert len(api.calls("POST", PURCHASE)) == 1


def test_package_upgrade_is_reconciled_on_the_package(api: FakeAPI) -> None:
    api.on(
        "GET",
        GET_ORDER,
        httpx.Response(200, json=with_product(package="plus")),
        httpx.Response(200, json=with_product(package="plus_3d")),
    )
    api.on("POST", PURCHASE, httpx.Response(503, json={}))
    with api.client() as client:
        assert str(client.orders.upgrade(ORDER_ID, package_type="plus_3d").info.product.package_type) == "plus_3d"  # type: ignore[union-attr]


def test_order_without_product_is_not_taken_for_a_purchase(api: FakeAPI) -> None:
    bare = order_json()
    bare["info"]["product"] = None
    api.on("GET", GET_ORDER, httpx.Response(200, json=bare))
    api.on("POST", PURCHASE, httpx.Response(500, json={}))
    with api.client() as client, pytest.raises(errors.PurchaseStateUnknownError):
        client.orders.upgrade(ORDER_ID, add_ons=["gla"])


def test_reconciliation_read_failing_still_reports_an_unknown_purchase(api: FakeAPI) -> None:
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_product()), httpx.ConnectError("down"))
    api.on("POST", PURCHASE, httpx.ReadTimeout("slow"))
    with api.client(max_retries=1) as client, pytest.raises(errors.PurchaseStateUnknownError, match="re-reading"):
        client.orders.upgrade(ORDER_ID, add_ons=["gla"])
    assert len(api.calls("POST", PURCHASE)) == 1
    assert len(api.calls("GET", GET_ORDER)) == 3  # the snapshot, then the re-read and its one retry


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
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_product()))
    api.on("POST", PURCHASE, failure)
    with api.client(max_retries=0) as client, pytest.raises(error):
        client.orders.upgrade(ORDER_ID, add_ons=["gla"])
    assert len(api.calls("GET", GET_ORDER)) == 1  # the snapshot only


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
    api.on(
        "GET",
        GET_ORDER,
        httpx.Response(200, json=with_product("gla")),
        httpx.Response(200, json=with_product("gla")),
        httpx.Response(200, json=with_product("gla", "3d_cad_files")),
    )
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
async def test_async_unknown_purchase_already_owned_and_failing_reread(api: FakeAPI) -> None:
    api.on("POST", PURCHASE, httpx.ReadTimeout("slow"))
    api.on(
        "GET",
        GET_ORDER,
        httpx.Response(200, json=with_product()),
        httpx.Response(200, json=with_product()),
        httpx.Response(200, json=with_product("gla")),
        httpx.Response(200, json=with_product("gla")),
        httpx.Response(200, json=with_product()),
        httpx.Response(404, json={}),
    )
    async with api.async_client() as client:
        with pytest.raises(errors.PurchaseStateUnknownError, match="does not show gla"):
            await client.orders.upgrade(ORDER_ID, add_ons=["gla"])
        with pytest.raises(errors.PurchaseStateUnknownError, match="already showed all of it"):
            await client.orders.upgrade(ORDER_ID, add_ons=["gla"], force=True)
        with pytest.raises(errors.PurchaseStateUnknownError, match="re-reading"):
            await client.orders.upgrade(ORDER_ID, add_ons=["gla"])
        api.on("GET", GET_ORDER, httpx.Response(200, json=with_product()))
        api.on("POST", PURCHASE, httpx.Response(400, json={}))
        with pytest.raises(errors.BadRequestError):
            await client.orders.upgrade(ORDER_ID, add_ons=["gla"])
    assert len(api.calls("POST", PURCHASE)) == 4


# ----------------------------------------------------------------------------------- issue 22: idempotent by content


def upgrade(api: FakeAPI, twin: str, **arguments: Any) -> Any:
    if twin == "sync":
        with api.client() as client:
            return client.orders.upgrade(ORDER_ID, **arguments)

    async def run() -> Any:
        async with api.async_client() as client:
            return await client.orders.upgrade(ORDER_ID, **arguments)

    return asyncio.run(run())


TWINS = ["sync", "async"]


@pytest.mark.parametrize("twin", TWINS)
@pytest.mark.parametrize(
    ("has", "arguments", "already_had"),
    [
        (with_product("gla", offers=["3d_cad_files"]), {"add_ons": ["gla"]}, ("gla",)),
        (with_product("gla", "3d_cad_files", offers=[]), {"add_ons": ["3d_cad_files", "gla"]}, ("3d_cad_files", "gla")),
        (with_product(package="plus", packages=["plus_3d"]), {"package_type": "plus"}, ("package plus",)),
        (with_product("gla"), {"add_ons": ["gla"]}, ("gla",)),  # no purchasable lists at all
    ],
    ids=["add-on", "two-add-ons", "package", "no-lists"],
)
def test_what_the_order_already_has_is_not_bought_again_and_no_post_is_sent(
    api: FakeAPI, twin: str, has: dict[str, Any], arguments: dict[str, Any], already_had: tuple[str, ...]
) -> None:
    api.on("GET", GET_ORDER, httpx.Response(200, json=has))
    api.on("POST", PURCHASE, httpx.Response(200, json=has))
    order = upgrade(api, twin, **arguments)
    assert api.calls("POST", PURCHASE) == []
    assert isinstance(order, Order)
    assert order.to_dict() == as_read(Order, has)  # the snapshot, as the API sent it
    assert (order.purchase.sent, order.purchase.bought, order.purchase.already_had) == (False, (), already_had)


@pytest.mark.parametrize("twin", TWINS)
def test_partly_owned_sends_only_what_is_missing_and_says_what_it_left_out(api: FakeAPI, twin: str) -> None:
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_product("gla", offers=["3d_cad_files"])))
    api.on("POST", PURCHASE, httpx.Response(200, json=with_product("gla", "3d_cad_files", offers=[])))
    order = upgrade(api, twin, add_ons=["gla", "3d_cad_files"])
    (post,) = api.calls("POST", PURCHASE)
    assert json_body(post) == {"package_type": None, "add_ons": ["3d_cad_files"]}
    assert (order.purchase.sent, order.purchase.bought, order.purchase.already_had) == (
        True,
        ("3d_cad_files",),
        ("gla",),
    )


@pytest.mark.parametrize("twin", TWINS)
@pytest.mark.parametrize(
    ("arguments", "refused", "offered"),
    [
        ({"add_ons": ["glaa"]}, "glaa", "3d_cad_files, package plus_3d"),
        ({"add_ons": ["gla", "glaa"]}, "glaa", "3d_cad_files, package plus_3d"),  # gla owned, glaa refused
        ({"package_type": "base"}, "package base", "3d_cad_files, package plus_3d"),
    ],
)
def test_what_the_order_does_not_offer_is_refused_before_sending_naming_what_it_offers(
    api: FakeAPI, twin: str, arguments: dict[str, Any], refused: str, offered: str
) -> None:
    api.on(
        "GET",
        GET_ORDER,
        httpx.Response(200, json=with_product("gla", package="plus", offers=["3d_cad_files"], packages=["plus_3d"])),
    )
    api.on("POST", PURCHASE, httpx.Response(200, json=order_json()))
    with pytest.raises(errors.NotPurchasableError) as raised:
        upgrade(api, twin, **arguments)
    assert isinstance(raised.value, ValueError)
    assert raised.value.not_offered == [refused]
    assert raised.value.purchasable_add_ons == ["3d_cad_files"]
    assert f"does not offer {refused}; nothing was sent. It offers: {offered}." in str(raised.value)
    assert "force=True" in str(raised.value)
    assert api.calls("POST", PURCHASE) == []


@pytest.mark.parametrize("twin", TWINS)
def test_force_sends_what_is_not_offered_and_an_order_without_lists_refuses_nothing(api: FakeAPI, twin: str) -> None:
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_product(offers=["gla"])))
    api.on("POST", PURCHASE, httpx.Response(200, json=with_product("drone_photos")))
    assert upgrade(api, twin, add_ons=["drone_photos"], force=True).purchase.bought == ("drone_photos",)
    api.on("GET", GET_ORDER, httpx.Response(200, json=with_product()))  # lists nothing: the API decides
    assert upgrade(api, twin, add_ons=["drone_photos"]).purchase.sent
    assert [json_body(r)["add_ons"] for r in api.calls("POST", PURCHASE)] == [["drone_photos"], ["drone_photos"]]


def test_nothing_sent_is_visible_in_the_raw_response_and_the_log(
    api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    has = with_product("gla", offers=["3d_cad_files"])
    has["info"]["new_field"] = 1
    has["extra"] = {"kept": True}
    api.on("GET", GET_ORDER, httpx.Response(200, json=has))
    with api.client() as client, caplog.at_level(logging.INFO, "cubicasa_integrate"):
        response = client.orders.with_raw_response.upgrade(ORDER_ID, add_ons=["gla"])
    assert (response.method, response.path) == ("GET", GET_ORDER)
    order = response.parse()
    assert order.purchase.sent is False
    known = copy.deepcopy(has)
    del known["extra"], known["info"]["new_field"]  # keys the spec does not list: the typed decode skips them
    assert order.to_dict() == as_read(Order, known)
    assert "already has gla: nothing was bought" in caplog.text
    assert api.calls("POST", PURCHASE) == []


def test_the_typed_names_are_the_generated_enums() -> None:
    """The Literals type checkers see list exactly what the spec documents (a regenerated enum must update them)."""
    from typing import get_args

    from cubicasa_integrate.resources import orders
    from cubicasa_integrate.types import AddOn, PackageType

    assert set(get_args(orders.DocumentedAddOn)) == {a.value for a in AddOn}
    assert set(get_args(orders.DocumentedPackage)) == {p.value for p in PackageType}

"""Pages by hand (issue 25, finding 4): `first_page()`, then `has_next_page()` / `get_next_page()` on sync and async
pages, with the checks iteration makes (a repeated page, max_pages)."""

from __future__ import annotations

import httpx
import pytest

from cubicasa_integrate import errors
from cubicasa_integrate.pagination import AsyncPage, SyncPage
from tests.unit.fakes import FakeAPI, order_json, page_json


def _orders(*ids: str) -> list[dict[str, object]]:
    return [order_json() | {"id": order_id} for order_id in ids]


def three_pages(api: FakeAPI) -> None:
    api.on(
        "GET",
        "/orders",
        lambda request: httpx.Response(
            200,
            json={
                None: page_json(_orders("a", "b"), has_more=True, next_offset=2),
                "2": page_json(_orders("c", "d"), has_more=True, next_offset=4),
                "4": page_json(_orders("e"), has_more=False),
            }[request.url.params.get("offset")],
        ),
    )


def test_a_sync_pager_walks_page_by_page(api: FakeAPI) -> None:
    three_pages(api)
    with api.client() as client:
        page = client.orders.list(page_size=2).first_page()
        assert isinstance(page, SyncPage)
        seen = [[order.id for order in page]]
        while page.has_next_page():
            page = page.get_next_page()
            seen.append([order.id for order in page.items])
        assert page.pagination.has_more is False
        with pytest.raises(RuntimeError, match="has_next_page"):
            page.get_next_page()
    assert seen == [["a", "b"], ["c", "d"], ["e"]]
    assert [r.url.params.get("offset") for r in api.requests] == [None, "2", "4"]


def test_asking_twice_fetches_the_same_next_page(api: FakeAPI) -> None:
    three_pages(api)
    with api.client() as client:
        first = client.orders.list(page_size=2).first_page()
        again = [first.get_next_page().page.items[0].id, first.get_next_page().page.items[0].id]
    assert again == ["c", "c"]
    assert "offset=0" in repr(first)


def test_a_page_that_repeats_the_previous_is_refused(api: FakeAPI) -> None:
    api.on("GET", "/orders", httpx.Response(200, json=page_json(_orders("a"), has_more=True, next_offset=1)))
    with api.client() as client:
        page = client.orders.list(page_size=1).first_page()
        assert page.has_next_page()
        with pytest.raises(errors.ResponseDecodeError, match="repeats"):
            page.get_next_page()


def test_max_pages_holds_for_pages_by_hand(api: FakeAPI) -> None:
    three_pages(api)
    with api.client() as client:
        page = client.orders.list(page_size=2, max_pages=2).first_page().get_next_page()
        with pytest.raises(errors.ResponseDecodeError, match="max_pages"):
            page.get_next_page()


def test_bad_pagination_is_a_decode_error_not_a_loop(api: FakeAPI) -> None:
    api.on("GET", "/orders", httpx.Response(200, json=page_json(_orders("a"), has_more="false")))
    with api.client() as client, pytest.raises(errors.ResponseDecodeError, match="bool"):
        client.orders.list().first_page().has_next_page()


@pytest.mark.anyio
async def test_an_async_pager_walks_page_by_page(api: FakeAPI) -> None:
    three_pages(api)
    api.on(
        "GET",
        "/users",
        httpx.Response(
            200,
            json={"pagination": {"has_more": False, "limit": 20, "next_offset": None}, "items": []},
        ),
    )
    async with api.async_client() as client:
        page = await client.orders.list(page_size=2).first_page()
        assert isinstance(page, AsyncPage)
        seen = [[order.id for order in page]]
        while page.has_next_page():
            page = await page.get_next_page()
            seen.append([order.id for order in page.items])
        with pytest.raises(RuntimeError):
            await page.get_next_page()
        users = await client.users.list().first_page()
    assert seen == [["a", "b"], ["c", "d"], ["e"]]
    assert users.items == []
    assert not users.has_next_page()


def test_a_model_dumps_itself_as_json(api: FakeAPI) -> None:
    import json

    from cubicasa_integrate_api.models import Order

    sent = order_json()
    sent["info"]["street"] = "Mannerheimintie 1 \u202e\x1b[2J"  # network text: must come out escaped
    api.on("GET", "/orders/x", httpx.Response(200, json=sent))
    with api.client() as client:
        order = client.orders.get("x")
    text = order.to_json()
    assert isinstance(order, Order)
    assert json.loads(text) == order.to_dict()
    assert text.isascii()
    assert "\x1b" not in text
    assert "\n  " in text  # indented by default, as Stainless-built SDKs print it
    assert "\n" not in order.to_json(indent=None)

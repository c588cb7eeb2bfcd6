"""overrides/cubicasa_integrate/resources/{users,webhooks,drafts,change_requests}.py, sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from cubicasa_integrate import errors
from cubicasa_integrate.types import AddUserResponse, ChangeRequest, ChangeRequestList, DraftOrderResult, UserList
from tests.support import load_example
from tests.unit.fakes import ORDER_ID, FakeAPI, json_body

DRAFT = {
    "street": "615 Bourbon St",
    "city": "New Orleans",
    "country": "United States",
    "owner_email": "linus@computer.com",
}
WEBHOOKS = load_example("update_company_webhooks.response.json")


def test_users_list_and_add(api: FakeAPI) -> None:
    page = load_example("list_users.response.partial.json")
    page["pagination"]["has_more"] = False  # the documented example is one page of several
    api.on("GET", "/users", httpx.Response(200, json=page))
    api.on("POST", "/users", httpx.Response(200, json=load_example("add_user.response.json")))
    with api.client() as client:
        users = list(client.users.list())
        added = client.users.add("user@example.com", role="Collaborator", office_id="o-1", password="s3cret!")
        client.users.add("invite@example.com")
    assert [u.email for u in users] == ["user@example.com", "tim@internet.com"]
    assert api.requests[0].url.params["limit"] == "20"
    assert isinstance(added, AddUserResponse)
    assert json_body(api.requests[1]) == load_example("add_user.request.json") | {
        "email": "user@example.com",
        "office_id": "o-1",
        "password": "s3cret!",
    }
    assert json_body(api.requests[2]) == {"email": "invite@example.com"}


def users_page(offset: int, count: int, *, has_more: bool) -> dict[str, Any]:
    user = load_example("list_users.response.partial.json")["items"][0]
    items = [{**user, "email": f"user{n}@example.com"} for n in range(offset, offset + count)]
    return {"pagination": {"has_more": has_more, "limit": count, "next_offset": offset + count}, "items": items}


@pytest.mark.parametrize("twin", ["sync", "async"])
def test_users_list_follows_the_pages_lazily(api: FakeAPI, twin: str) -> None:
    """0.3.x returned the first page only: a company with more users than one page lost the rest."""

    def answer(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        return httpx.Response(200, json=users_page(offset, 2, has_more=offset < 4))

    api.on("GET", "/users", answer)
    if twin == "sync":
        with api.client() as client:
            pager = client.users.list(page_size=2)
            assert api.requests == []  # nothing is fetched before iterating
            emails = [user.email for user in pager]
    else:

        async def run() -> list[Any]:
            async with api.async_client() as client:
                return [user.email async for user in client.users.list(page_size=2)]

        emails = asyncio.run(run())
    assert emails == [f"user{n}@example.com" for n in range(6)]
    assert [r.url.params.get("offset") for r in api.requests] == [None, "2", "4"]


def test_users_add_checks_the_email(api: FakeAPI) -> None:
    with api.client() as client, pytest.raises(ValueError, match="e-mail"):
        client.users.add("not-an-email")
    assert api.requests == []


def test_webhooks_update_sends_the_documented_body(api: FakeAPI) -> None:
    api.on("PATCH", "/companies/webhook", httpx.Response(200, json=WEBHOOKS))
    with api.client() as client:
        config = client.webhooks.update(urls=WEBHOOKS["webhook_urls"], triggers=WEBHOOKS["webhook_triggers"])
    assert json_body(api.requests[0]) == load_example("update_company_webhooks.request.json")
    assert config.to_dict() == WEBHOOKS


@pytest.mark.parametrize(
    ("urls", "triggers", "error"),
    [
        ("https://x.example/h", ["moved_to_ready"], TypeError),
        (["ftp://x.example/h"], ["moved_to_ready"], ValueError),
        (["/relative"], ["moved_to_ready"], ValueError),
    ],
)
def test_webhooks_update_checks_its_arguments(api: FakeAPI, urls: Any, triggers: Any, error: type[Exception]) -> None:
    with api.client() as client, pytest.raises(error):
        client.webhooks.update(urls=urls, triggers=triggers)
    assert api.requests == []


def test_drafts_create_and_update(api: FakeAPI) -> None:
    api.on("POST", "/orders/draft", httpx.Response(200, json={"id": "d-1"}))
    api.on("PATCH", "/orders/draft/d-1", httpx.Response(200, json={}))
    documented = load_example("update_draft_order.request.partial.json")
    with api.client() as client:
        created = client.drafts.create(**DRAFT)
        client.drafts.update(
            "d-1",
            **DRAFT,
            suite="A1",
            state="Louisiana",
            postal_code="70130",
            info="Extra info",
            latitude=29.958365,
            longitude=-90.066198,
            external_id="R4ER93",
            package_type="base",
            add_ons=["gla"],
            order_preferences=documented["order_preferences"],
        )
    assert isinstance(created, DraftOrderResult)
    assert created["id"] == "d-1"
    assert json_body(api.requests[0]) == DRAFT
    assert json_body(api.requests[1]) == documented


@pytest.mark.parametrize(
    ("changes", "error"),
    [({"street": ""}, ValueError), ({"colour": "red"}, TypeError), ({"add_ons": "gla"}, TypeError)],
)
def test_drafts_check_their_fields(api: FakeAPI, changes: dict[str, Any], error: type[Exception]) -> None:
    with api.client() as client, pytest.raises(error):
        client.drafts.create(**(DRAFT | changes))
    assert api.requests == []


def test_change_requests(api: FakeAPI) -> None:
    base = f"/orders/{ORDER_ID}/change-requests"
    api.on("POST", base, httpx.Response(200, json={"id": "cr-1", "comment": "move the kitchen"}))
    api.on("GET", base, httpx.Response(200, json={"pagination": {"has_more": False}, "items": [{"id": "cr-1"}]}))
    api.on("GET", f"{base}/cr-1", httpx.Response(200, json={"id": "cr-1"}))
    with api.client() as client:
        created = client.change_requests.create(ORDER_ID, {"comment": "move the kitchen"})
        listed = client.change_requests.list(ORDER_ID)
        one = client.change_requests.get(ORDER_ID, "cr-1")
    assert isinstance(created, ChangeRequest)
    assert created.to_dict() == {"id": "cr-1", "comment": "move the kitchen"}
    assert json_body(api.requests[0]) == {"comment": "move the kitchen"}
    assert isinstance(listed, ChangeRequestList)
    assert one["id"] == "cr-1"


MINIMAL_DRAFT = {"street": "615 Bourbon St", "city": "New Orleans", "country": "United States", "owner_email": "a@b.c"}


@pytest.mark.parametrize("status", [500, 503])
def test_no_post_is_repeated_after_it_may_have_been_received(api: FakeAPI, status: int) -> None:
    """0.3.1's mutation run: drafts.create retried after a 503 survived every test (two drafts made)."""
    for method, path in [
        ("POST", f"/orders/{ORDER_ID}/change-requests"),
        ("POST", "/orders/draft"),
        ("POST", "/users"),
    ]:
        api.on(method, path, httpx.Response(status, json={}), httpx.Response(200, json={}))
    with api.client(max_retries=3) as client:
        with pytest.raises(errors.InternalServerError):
            client.change_requests.create(ORDER_ID, {"comment": "x"})
        with pytest.raises(errors.InternalServerError):
            client.drafts.create(**MINIMAL_DRAFT)
        with pytest.raises(errors.InternalServerError):
            client.users.add("new@example.com")
    assert [(r.method, r.url.path.removeprefix("/api/integrate/v3")) for r in api.requests] == [
        ("POST", f"/orders/{ORDER_ID}/change-requests"),
        ("POST", "/orders/draft"),
        ("POST", "/users"),
    ]


@pytest.mark.anyio
async def test_async_twins_of_every_resource(api: FakeAPI) -> None:
    base = f"/orders/{ORDER_ID}/change-requests"
    api.on("GET", "/users", httpx.Response(200, json=load_example("list_users.response.partial.json")))
    api.on("POST", "/users", httpx.Response(200, json=load_example("add_user.response.json")))
    api.on("PATCH", "/companies/webhook", httpx.Response(200, json=WEBHOOKS))
    api.on("POST", "/orders/draft", httpx.Response(200, json={}))
    api.on("PATCH", "/orders/draft/d-1", httpx.Response(200, json={}))
    api.on("POST", base, httpx.Response(200, json={}))
    api.on("GET", base, httpx.Response(200, json={"pagination": {"has_more": False}, "items": []}))
    api.on("GET", f"{base}/cr-1", httpx.Response(200, json={}))
    async with api.async_client() as client:
        assert isinstance(await anext(client.users.list().pages()), UserList)
        assert isinstance(await client.users.add("user@example.com"), AddUserResponse)
        assert (await client.webhooks.update(urls=["https://domain.com/webhook"], triggers=[])).webhook_urls
        assert isinstance(await client.drafts.create(**DRAFT), DraftOrderResult)
        assert isinstance(await client.drafts.update("d-1", **DRAFT), DraftOrderResult)
        assert isinstance(await client.change_requests.create(ORDER_ID, {}), ChangeRequest)
        assert isinstance(await client.change_requests.list(ORDER_ID), ChangeRequestList)
        assert isinstance(await client.change_requests.get(ORDER_ID, "cr-1"), ChangeRequest)
    assert len(api.requests) == 8

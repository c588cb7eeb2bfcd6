"""The README's main job against the sandbox, through the generated client: list orders, buy the GLA add-on for
one, download its assets. Also: every operation's sandbox response decodes through the generated models."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from cubicasa_integrate import make_generated_client
from cubicasa_integrate_api.api.change_requests import add_change_request, get_change_request, list_change_requests
from cubicasa_integrate_api.api.drafts import create_draft_order, update_draft_order
from cubicasa_integrate_api.api.orders import get_order, list_orders, upgrade_order
from cubicasa_integrate_api.api.users import add_user, list_users
from cubicasa_integrate_api.api.webhooks import update_company_webhooks
from cubicasa_integrate_api.models import (
    AddOn,
    AddUserRequest,
    AddUserResponse,
    ChangeRequest,
    ChangeRequestInput,
    ChangeRequestList,
    DraftOrderInput,
    DraftOrderResult,
    Order,
    OrderList,
    OrderStatus,
    UpgradeOrderRequest,
    UserList,
    ValidationErrorBody,
    WebhookConfig,
    WebhookTrigger,
)
from cubicasa_integrate_api.types import UNSET
from cubicasa_sandbox import BASE_PATH, RunningSandbox, Sandbox, SandboxConfig


def test_the_demo_flow_through_the_generated_client(running: RunningSandbox, web: httpx.Client) -> None:
    with make_generated_client(running.api_key, base_url=running.base_url) as client:
        orders: list[Order] = []
        offset = 0
        for _ in range(100):
            page = list_orders.sync(client=client, limit=20, offset=offset, status=[OrderStatus.READY])
            assert isinstance(page, OrderList)
            orders += page.items
            if not page.pagination.has_more:
                break
            assert isinstance(page.pagination.next_offset, int)
            offset = page.pagination.next_offset
        target = next(o for o in orders if o.info.product and AddOn.GLA in (o.info.product.purchasable_add_ons or []))

        upgraded = upgrade_order.sync(
            target.id, client=client, body=UpgradeOrderRequest(package_type=None, add_ons=[AddOn.GLA])
        )

        assert isinstance(upgraded, Order)
        assert upgraded.info.product
        assert AddOn.GLA in (upgraded.info.product.add_ons or [])
        assets = upgraded.delivery_assets
        assert assets
        assert assets.gla_package
        files = [*(assets.gla_package.image_urls or []), *(assets.gla_package.report_urls or [])]
        assert assets.listing_floorplans
        files += [*(assets.listing_floorplans.png_urls or []), *(assets.listing_floorplans.pdf_urls or [])]
        for url in files:
            download = web.get(url)
            assert download.status_code == 200
            assert int(download.headers["content-length"]) == len(download.content) > 0
    assert [(e.order_id, e.add_ons) for e in running.sandbox.ledger] == [(target.id, ("gla",))]


def test_every_operation_decodes_through_the_generated_models(running: RunningSandbox) -> None:
    order_id = "312babc6-e742-4d54-ac49-e0f7b16ec15a"
    with make_generated_client(running.api_key, base_url=running.base_url) as client:
        assert isinstance(get_order.sync(order_id, client=client), Order)
        refused = upgrade_order.sync(
            order_id, client=client, body=UpgradeOrderRequest(package_type=None, add_ons=[AddOn.GLA])
        )
        assert isinstance(refused, ValidationErrorBody)
        assert isinstance(list_users.sync(client=client), UserList)
        assert isinstance(add_user.sync(client=client, body=AddUserRequest(email="gen@example.com")), AddUserResponse)
        config = WebhookConfig(
            webhook_urls=["http://127.0.0.1:9/hook"], webhook_triggers=[WebhookTrigger.MOVED_TO_READY]
        )
        assert update_company_webhooks.sync(client=client, body=config) == config
        draft_body = DraftOrderInput(
            street="1 Main St", city="Minneapolis", country="United States", owner_email="linus@computer.com"
        )
        draft = create_draft_order.sync(client=client, body=draft_body)
        assert isinstance(draft, DraftOrderResult)
        assert draft["info"]["status"] == "Draft"
        assert isinstance(update_draft_order.sync(str(draft["id"]), client=client, body=draft_body), DraftOrderResult)
        created = add_change_request.sync(order_id, client=client, body=ChangeRequestInput.from_dict({"message": "x"}))
        assert isinstance(created, ChangeRequest)
        listed = list_change_requests.sync(order_id, client=client)
        assert isinstance(listed, ChangeRequestList)
        assert listed.items is not UNSET
        assert isinstance(get_change_request.sync(order_id, str(created["id"]), client=client), ChangeRequest)
    # Nothing was bought: the refused purchase left no trace.
    assert running.sandbox.ledger == ()


def test_in_process_async_use_with_asgi_transport() -> None:
    """No socket at all: httpx.ASGITransport. Drop faults still reach the caller as httpx.RemoteProtocolError."""
    sandbox = Sandbox(SandboxConfig(orders=10_000, validate_responses=True))

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=sandbox.app)
        base = "http://sandbox.test" + BASE_PATH
        async with httpx.AsyncClient(transport=transport, base_url=base, headers={"api-key": "sandbox-key"}) as client:
            last = await client.get("/orders", params={"offset": 9_990, "limit": 20})
            assert [len(last.json()["items"]), last.json()["pagination"]["has_more"]] == [10, False]
            order_id = next(i for i in sandbox.order_ids("Ready") if "gla" in sandbox.record(i).purchasable_add_ons)
            order = (await client.get(f"/orders/{order_id}")).json()
            assert order["delivery_assets"]["listing_floorplans"]["png_urls"][0].startswith("http://sandbox.test/")
            with pytest.raises(httpx.RemoteProtocolError):
                await client.post(
                    f"/orders/{order_id}/post-purchase",
                    json={"package_type": None, "add_ons": ["gla"]},
                    headers={"x-sandbox-fault": "drop_after"},
                )
            assert len(sandbox.purchases(order_id)) == 1

    asyncio.run(scenario())
    assert sandbox.responses_checked >= 2
    assert sandbox.response_violations == ()

"""The sandbox's API over real loopback HTTP, with plain httpx: auth, lists, purchases, drafts, users, webhooks."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cubicasa_sandbox import RunningSandbox, spec_bytes
from tests.e2e.support import checked_sandbox
from tests.support import SPEC_PATH, load_example

DOCUMENTED_ID = "312babc6-e742-4d54-ac49-e0f7b16ec15a"


def errors(response: httpx.Response, part: str = "body_params") -> list[dict[str, Any]]:
    assert response.status_code == 400, response.text
    items: list[dict[str, Any]] = response.json()["validation_error"][part]
    return items


def all_pages(client: httpx.Client, limit: int, **params: Any) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = []
    offset = 0
    for _ in range(1000):  # bounded
        page = client.get("/orders", params={"limit": limit, "offset": offset, **params}).raise_for_status().json()
        pages.append(page)
        if not page["pagination"]["has_more"]:
            return pages
        offset = page["pagination"]["next_offset"]
    raise AssertionError("pagination did not end")


# ------------------------------------------------------------------------------------------------ auth, routing
@pytest.mark.parametrize("headers", [{}, {"api-key": "wrong"}, {"api-key": ""}, {"authorization": "Bearer e2e-key"}])
def test_every_api_route_needs_the_api_key(running: RunningSandbox, headers: dict[str, str]) -> None:
    with httpx.Client(base_url=running.base_url, headers=headers) as anonymous:
        for method, path in [("GET", "/orders"), ("GET", f"/orders/{DOCUMENTED_ID}"), ("GET", "/users")]:
            response = anonymous.request(method, path)
            assert response.status_code == 401
            assert response.headers["content-type"] == "application/json"
            assert "detail" in response.json()
        response = anonymous.post(f"/orders/{DOCUMENTED_ID}/post-purchase", json={"package_type": None, "add_ons": []})
        assert response.status_code == 401
    assert running.sandbox.ledger == ()


def test_unknown_paths_and_methods_answer_json(client: httpx.Client) -> None:
    missing = client.get("/nothing-here")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Not Found"})
    wrong_method = client.delete("/orders")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "GET"
    # /orders/draft is a concrete path (createDraftOrder): it is never getOrder with id "draft".
    assert client.get("/orders/draft").headers["allow"] == "POST"


def test_the_spec_is_served_byte_for_byte(web: httpx.Client, running: RunningSandbox) -> None:
    response = web.get(running.spec_url)
    assert response.status_code == 200
    assert response.content == spec_bytes() == SPEC_PATH.read_bytes()


# ------------------------------------------------------------------------------------------------ orders
def test_the_documented_example_is_order_zero(client: httpx.Client, running: RunningSandbox) -> None:
    order = client.get(f"/orders/{DOCUMENTED_ID}").raise_for_status().json()
    documented = load_example("upgrade_order.response.json")
    assert order["info"] == documented["info"]
    assert order["address"] == documented["address"]
    assert order["delivery_assets"].keys() == documented["delivery_assets"].keys()
    png = order["delivery_assets"]["listing_floorplans"]["png_urls"][0]
    assert png == f"{running.root_url}/_sandbox/assets/{DOCUMENTED_ID}/floorplan.png"
    assert order["delivery_assets"]["listing_floorplans"]["zip_urls"] == []


def test_pagination_walks_every_order_once(client: httpx.Client, running: RunningSandbox) -> None:
    pages = all_pages(client, limit=20)
    ids = [order["id"] for page in pages for order in page["items"]]
    assert [len(page["items"]) for page in pages] == [20, 20, 5]
    assert ids == running.sandbox.order_ids()
    assert len(set(ids)) == 45
    assert [p["pagination"]["next_offset"] for p in pages] == [20, 40, None]
    assert [p["pagination"]["previous_offset"] for p in pages] == [0, 0, 20]
    created = [order["info"]["created_at"] for page in pages for order in page["items"]]
    assert created == sorted(created, reverse=True)  # newest first
    default = client.get("/orders").json()
    assert default["pagination"]["limit"] == 20
    assert len(default["items"]) == 20


def test_an_offset_past_the_end_is_an_empty_last_page(client: httpx.Client) -> None:
    page = client.get("/orders", params={"offset": 45, "limit": 15}).json()
    assert page == {
        "pagination": {"has_more": False, "limit": 15, "next_offset": None, "previous_offset": 30},
        "items": [],
    }


def test_full_page_mode_ends_with_an_empty_page() -> None:
    # The real API's has_more on an exactly-full last page is unknown; this mode makes clients meet the empty page.
    with (
        checked_sandbox(has_more="full_page") as running,
        httpx.Client(base_url=running.base_url, headers={"api-key": running.api_key}) as client,
    ):
        pages = all_pages(client, limit=15)
    assert [len(page["items"]) for page in pages] == [15, 15, 15, 0]
    assert [p["pagination"]["has_more"] for p in pages] == [True, True, True, False]
    assert pages[-1]["pagination"]["next_offset"] is None


def test_status_filter_takes_repeated_values(client: httpx.Client, running: RunningSandbox) -> None:
    pages = all_pages(client, limit=7, status=["Pending", "Fixing"])
    statuses = [order["info"]["status"] for page in pages for order in page["items"]]
    assert set(statuses) == {"Pending", "Fixing"}
    assert len(statuses) == len(running.sandbox.order_ids("Pending", "Fixing"))
    assert client.get("/orders", params={"status": "Draft"}).json()["items"][0]["info"]["status"] == "Draft"
    # Statuses are an open enum: a status the spec does not list is a valid filter that no seeded order matches.
    assert client.get("/orders", params={"status": "Archived"}).json()["items"] == []


def test_seeded_orders_cover_statuses_packages_nulls_and_tours(running: RunningSandbox) -> None:
    orders = [running.sandbox.order(order_id) for order_id in running.sandbox.order_ids()]
    assert {o["info"]["status"] for o in orders} == {"New", "Draft", "Pending", "Ready", "Fixing"}
    assert {o["info"]["product"]["package_type"] for o in orders} == {"base", "plus", "plus_3d"}
    assert {a for o in orders for a in o["info"]["product"]["add_ons"]} == {"gla", "3d_cad_files"}
    delivered = [o for o in orders if o["delivery_assets"] is not None]
    assert any(o["delivery_assets"].get("tour") for o in delivered)
    assert any(o["delivery_assets"]["snapshot"] is None for o in delivered)
    assert any(o["delivery_assets"]["listing_floorplans"]["zip_urls"] is None for o in delivered)
    assert all(o["delivery_assets"] is None for o in orders if o["info"]["status"] in ("New", "Draft", "Pending"))


# ------------------------------------------------------------------------------------------------ purchases
def test_purchase_moves_add_ons_and_adds_the_gla_package(
    web: httpx.Client, client: httpx.Client, running: RunningSandbox
) -> None:
    order_id = next(
        i for i in running.sandbox.order_ids("Ready") if "gla" in running.sandbox.record(i).purchasable_add_ons
    )
    before = client.get(f"/orders/{order_id}").json()
    assert before["delivery_assets"]["gla_package"] is None

    response = client.post(f"/orders/{order_id}/post-purchase", json={"package_type": None, "add_ons": ["gla"]})

    assert response.status_code == 200
    product = response.json()["info"]["product"]
    assert "gla" in product["add_ons"]
    assert "gla" not in product["purchasable_add_ons"]
    gla = response.json()["delivery_assets"]["gla_package"]
    assert gla["gla_formula_text"].startswith("GLA total:")
    for url in gla["image_urls"] + gla["report_urls"]:
        assert web.get(url).status_code == 200
    assert client.get(f"/orders/{order_id}").json() == response.json()
    (entry,) = running.sandbox.ledger
    assert (entry.order_id, entry.add_ons, entry.package_type) == (order_id, ("gla",), None)
    assert entry.request_id == response.headers["x-request-id"]
    ledger = web.get(running.root_url + "/_sandbox/ledger").json()["items"]
    assert [(e["order_id"], e["add_ons"], e["request_id"]) for e in ledger] == [(order_id, ["gla"], entry.request_id)]


def test_package_upgrade_leaves_only_higher_packages(client: httpx.Client, running: RunningSandbox) -> None:
    order_id = next(i for i in running.sandbox.order_ids("Ready") if running.sandbox.record(i).package_type == "base")
    response = client.post(f"/orders/{order_id}/post-purchase", json={"package_type": "plus", "add_ons": []})
    product = response.json()["info"]["product"]
    assert (product["package_type"], product["purchasable_package_types"]) == ("plus", ["plus_3d"])
    assert response.json()["delivery_assets"]["home_report"]["pdf_urls"]  # "available from PLUS"
    assert running.sandbox.ledger[0].package_type == "plus"


def test_a_purchase_without_package_type_keeps_the_package(client: httpx.Client, running: RunningSandbox) -> None:
    # package_type is optional in the spec (a TypeScript client need not send null): absent means what null means.
    order_id = next(
        i for i in running.sandbox.order_ids("Ready") if "gla" in running.sandbox.record(i).purchasable_add_ons
    )
    package = running.sandbox.record(order_id).package_type
    response = client.post(f"/orders/{order_id}/post-purchase", json={"add_ons": ["gla"]})
    assert response.status_code == 200, response.text
    assert response.json()["info"]["product"]["package_type"] == package
    (entry,) = running.sandbox.ledger
    assert (entry.order_id, entry.add_ons, entry.package_type) == (order_id, ("gla",), None)


def test_what_is_not_purchasable_is_refused_and_nothing_is_applied(
    client: httpx.Client, running: RunningSandbox
) -> None:
    # The documented example already owns gla: buying it again, or a package below its own, is refused whole.
    response = client.post(
        f"/orders/{DOCUMENTED_ID}/post-purchase", json={"package_type": "base", "add_ons": ["3d_cad_files", "gla"]}
    )
    items = errors(response)
    assert [item["loc"] for item in items] == [["add_ons", 1], ["package_type"]]
    assert all(isinstance(item["msg"], str) for item in items)
    assert running.sandbox.ledger == ()
    product = client.get(f"/orders/{DOCUMENTED_ID}").json()["info"]["product"]
    assert product["purchasable_add_ons"] == ["3d_cad_files"]
    assert client.post("/orders/nope/post-purchase", json={"package_type": None, "add_ons": []}).status_code == 404


# ------------------------------------------------------------------------------------------------ validation
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"package_type": None}, [(["add_ons"], "field required")]),
        ({"package_type": 7, "add_ons": []}, [(["package_type"], "7 is not valid under any of the given schemas")]),
        ({"package_type": None, "add_ons": "gla"}, [(["add_ons"], "value is not a valid list")]),
        ({"package_type": None, "add_ons": [1]}, [(["add_ons", 0], "1 is not valid under any of the given schemas")]),
        ([], [([], "value is not a valid dict")]),
    ],
)
def test_bodies_that_break_the_spec_get_the_documented_400(
    client: httpx.Client, running: RunningSandbox, body: Any, expected: list[tuple[list[Any], str]]
) -> None:
    items = errors(client.post(f"/orders/{DOCUMENTED_ID}/post-purchase", json=body))
    assert [(item["loc"], item["msg"].split(";")[0]) for item in items] == expected
    assert running.sandbox.ledger == ()


def test_bad_json_and_content_type_get_the_documented_400(client: httpx.Client) -> None:
    path = f"/orders/{DOCUMENTED_ID}/post-purchase"
    bad_json = client.post(path, content=b'{"add_ons": [', headers={"content-type": "application/json"})
    assert errors(bad_json)[0]["loc"] == []
    assert errors(bad_json)[0]["type"] == "value_error.jsondecode"
    assert (
        errors(client.post(path, content=b"", headers={"content-type": "application/json"}))[0]["msg"]
        == "field required"
    )
    assert errors(client.post(path, content=b"add_ons=gla", headers={"content-type": "text/plain"}))[0]["loc"] == []
    assert errors(client.post(path, content=b"NaN", headers={"content-type": "application/json"}))[0]["loc"] == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"limit": "x"}, [(["limit"], "value is not a valid integer")]),
        ({"limit": "-1"}, [(["limit"], "ensure this value is greater than or equal to 0")]),
        ({"offset": "1.5"}, [(["offset"], "value is not a valid integer")]),
        ({"limit": ["1", "2"]}, [(["limit"], "only one value is allowed")]),
        ({"page": "2"}, [(["page"], "extra fields not permitted")]),
    ],
)
def test_bad_query_parameters_get_the_documented_400(
    client: httpx.Client, params: dict[str, Any], expected: list[tuple[list[Any], str]]
) -> None:
    items = errors(client.get("/orders", params=params), "query_params")
    assert [(item["loc"], item["msg"].split(";")[0]) for item in items] == expected


# ------------------------------------------------------------------------------------------------ users, webhooks
def test_users_list_and_add(client: httpx.Client) -> None:
    listed = client.get("/users").json()
    documented = load_example("list_users.response.partial.json")["items"]
    assert listed["items"][:2] == documented
    assert listed["pagination"]["has_more"] is False
    request = load_example("add_user.request.json") | {"email": "new@example.com"}
    added = client.post("/users", json=request)
    assert added.status_code == 200
    assert added.json().keys() == load_example("add_user.response.json").keys()
    assert added.json()["role"] == "Collaborator"
    invited = client.post("/users", json={"email": "invitee@example.com"}).json()
    assert invited["message"] == load_example("add_user.response.json")["message"]
    assert [u["email"] for u in client.get("/users").json()["items"]][-2:] == ["new@example.com", "invitee@example.com"]
    assert errors(client.post("/users", json={"email": "new@example.com"}))[0]["loc"] == ["email"]
    assert errors(client.post("/users", json={"role": "User"}))[0] == {
        "loc": ["email"],
        "msg": "field required",
        "type": "value_error.missing",
    }


def test_webhook_configuration_is_replaced(client: httpx.Client) -> None:
    documented = load_example("update_company_webhooks.request.json")
    assert client.patch("/companies/webhook", json=documented).json() == load_example(
        "update_company_webhooks.response.json"
    )
    replaced = client.patch("/companies/webhook", json={"webhook_urls": ["http://127.0.0.1:9/x"]}).json()
    assert replaced == {"webhook_urls": ["http://127.0.0.1:9/x"], "webhook_triggers": documented["webhook_triggers"]}
    assert errors(client.patch("/companies/webhook", json={"webhook_urls": ["not a url"]}))[0]["loc"] == [
        "webhook_urls",
        0,
    ]
    # Triggers are an open enum (anyOf [WebhookTrigger, string]): a new one is stored, a number is refused.
    assert client.patch("/companies/webhook", json={"webhook_triggers": ["moved_to_moon"]}).json()[
        "webhook_triggers"
    ] == ["moved_to_moon"]
    assert errors(client.patch("/companies/webhook", json={"webhook_triggers": [5]}))[0]["loc"] == [
        "webhook_triggers",
        0,
    ]


# ------------------------------------------------------------------------------------------------ drafts
DRAFT = load_example("update_draft_order.request.partial.json")


def test_draft_create_and_update(client: httpx.Client, running: RunningSandbox) -> None:
    created = client.post("/orders/draft", json=DRAFT)
    assert created.status_code == 200
    draft = created.json()
    assert draft["info"]["status"] == "Draft"
    assert draft["info"]["created_by"] == DRAFT["owner_email"]
    assert draft["address"]["street"] == DRAFT["street"]
    assert draft["address"]["postalCode"] == DRAFT["postalCode"]
    assert draft["delivery_assets"] is None
    assert client.get("/orders", params={"limit": 1}).json()["items"][0]["id"] == draft["id"]  # newest first

    updated = client.patch(f"/orders/draft/{draft['id']}", json=DRAFT | {"city": "Baton Rouge"})
    assert updated.status_code == 200
    assert updated.json()["address"]["city"] == "Baton Rouge"
    assert client.get(f"/orders/{draft['id']}").json() == updated.json()


def test_draft_validation(client: httpx.Client) -> None:
    missing = errors(client.post("/orders/draft", json={"street": "1 Main St", "info": {"note": "x"}}))
    assert {tuple(item["loc"]) for item in missing} == {("city",), ("country",), ("owner_email",), ("info",)}
    assert next(item for item in missing if item["loc"] == ["info"])["msg"] == "str type expected"  # as captured
    stranger = errors(client.post("/orders/draft", json=DRAFT | {"owner_email": "stranger@example.com"}))
    assert stranger[0]["loc"] == ["owner_email"]
    assert client.patch(f"/orders/draft/{DOCUMENTED_ID}", json=DRAFT).status_code == 404  # not a draft
    assert client.patch("/orders/draft/nope", json=DRAFT).status_code == 404


# ------------------------------------------------------------------------------------------------ change requests
def test_change_requests_move_the_order_to_fixing(client: httpx.Client) -> None:
    assert client.get(f"/orders/{DOCUMENTED_ID}/change-requests").json()["items"] == []
    created = client.post(f"/orders/{DOCUMENTED_ID}/change-requests", json={"message": "Kitchen is a bedroom"})
    assert created.status_code == 200
    change_request = created.json()
    assert change_request["message"] == "Kitchen is a bedroom"
    assert client.get(f"/orders/{DOCUMENTED_ID}").json()["info"]["status"] == "Fixing"
    listed = client.get(f"/orders/{DOCUMENTED_ID}/change-requests").json()
    assert listed["items"] == [change_request]
    got = client.get(f"/orders/{DOCUMENTED_ID}/change-requests/{change_request['id']}")
    assert got.json() == change_request
    assert client.get(f"/orders/{DOCUMENTED_ID}/change-requests/nope").status_code == 404
    assert client.post("/orders/nope/change-requests", json={}).status_code == 404
    assert errors(client.post(f"/orders/{DOCUMENTED_ID}/change-requests", json=["x"]))[0]["loc"] == []


def test_users_list_pages_with_limit_and_offset_and_the_client_follows_them(running: RunningSandbox) -> None:
    """listUsers' limit/offset (inferred in the spec) in the sandbox, and users.list() walking every page."""
    from cubicasa_integrate import CubiCasa

    with CubiCasa(running.api_key, base_url=running.base_url) as client:
        for n in range(25):
            client.users.add(f"paged-{n}@example.com")
        everyone = [user.email for user in client.users.list(page_size=10)]
        pages = list(client.users.list(page_size=10).pages())
    assert len(everyone) == len(set(everyone)) >= 27
    assert everyone[-25:] == [f"paged-{n}@example.com" for n in range(25)]
    assert len(pages) == -(-len(everyone) // 10)  # pages of 10, the last one partial
    assert [len(page.items) for page in pages][:-1] == [10] * (len(pages) - 1)
    assert [page.pagination.has_more for page in pages] == [True] * (len(pages) - 1) + [False]

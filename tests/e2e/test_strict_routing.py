"""The sandbox routes like a strict server, over real loopback HTTP with pre-encoded paths.

A server that decodes the path before routing turns an id holding an encoded `/` (`%2F`) into extra path segments:
`/orders/x%2F..%2F<id>/post-purchase` becomes `/orders/x/../<id>/post-purchase`, and behind a proxy that then
removes dot segments the purchase lands on `<id>`. The sandbox must behave like the strictest real server a
client can meet: route on the raw path, so `%2F` stays inside its segment, and answer 404 for any segment that
decodes to a separator (`/`, `\\`), a dot segment or a control character.
"""

from __future__ import annotations

import json

import httpx
import pytest

from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import raw_http, sandbox_state

BUY = {"package_type": None, "add_ons": ["gla"]}
WEBHOOKS = {"webhook_urls": ["https://evil.example/hook"], "webhook_triggers": ["moved_to_ready"]}
NOT_FOUND = {"detail": "Not Found"}


def ready_with_gla(running: RunningSandbox) -> str:
    return next(i for i in running.sandbox.order_ids("Ready") if "gla" in running.sandbox.record(i).purchasable_add_ons)


# (method, path under the API base with {id} for a real order, body): each one, decoded and routed by a lenient
# server, reaches another operation than its raw segments name.
SMUGGLED = [
    pytest.param("POST", "/orders/{id}%2Fpost-purchase", BUY, id="getOrder-id-holding-post-purchase"),
    pytest.param("POST", "/orders/x%2F..%2F{id}/post-purchase", BUY, id="dot-segment-onto-a-real-order"),
    pytest.param("POST", "/orders/..%2Fcompanies%2Fwebhook/post-purchase", WEBHOOKS, id="into-the-webhook-route"),
    pytest.param("GET", "/orders/{id}%2Fchange-requests", None, id="getOrder-into-listChangeRequests"),
    pytest.param("PATCH", "/orders/draft%2F{id}", {"address": {"street": "x"}}, id="getOrder-into-updateDraft"),
    pytest.param("PATCH", "/companies%2Fwebhook", WEBHOOKS, id="encoded-slash-in-a-literal-segment"),
    pytest.param("POST", "/orders/x%5C..%5C{id}/post-purchase", BUY, id="backslash-dot-segment"),
    pytest.param("POST", "/orders/%2E%2E/post-purchase", BUY, id="encoded-dot-segment"),
    pytest.param("POST", "/orders/{id}%0A/post-purchase", BUY, id="control-character"),
]


@pytest.mark.parametrize(("method", "template", "body"), SMUGGLED)
def test_an_id_that_decodes_into_other_segments_is_404_and_changes_nothing(
    client: httpx.Client, running: RunningSandbox, method: str, template: str, body: object
) -> None:
    order_id = ready_with_gla(running)
    before = sandbox_state(running)
    # A string URL keeps its percent-escapes as they are: this is the exact path that goes on the wire.
    url = running.base_url + template.replace("{id}", order_id)
    response = client.request(method, url, json=body)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert response.request.url.raw_path.decode().startswith("/api/integrate/v3" + template.split("{")[0])
    assert sandbox_state(running) == before


def test_a_control_route_is_not_reachable_through_an_encoded_slash(web: httpx.Client, running: RunningSandbox) -> None:
    response = web.post(running.root_url + "/_sandbox%2Freset")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


@pytest.mark.parametrize(
    "target",
    [
        "/api/integrate/v3/orders/../users",
        "/api/integrate/v3/orders/./{id}",
        "/api/integrate/v3/orders/{id}/post-purchase/..",
        "/_sandbox/orders/../ledger",
    ],
)
def test_raw_dot_segments_are_not_resolved(running: RunningSandbox, target: str) -> None:
    """A normalising server would answer `/users` for `/orders/../users`; a strict one has no such path."""
    order_id = ready_with_gla(running)
    before = sandbox_state(running)
    status, body = raw_http(running, f"GET {target.replace('{id}', order_id)} HTTP/1.1")
    assert (status, json.loads(body)) == (404, NOT_FOUND)
    assert sandbox_state(running) == before


def test_a_plain_id_still_reaches_its_route(client: httpx.Client, running: RunningSandbox) -> None:
    """The strict routing changes nothing for a well-formed path, encoded harmless characters included."""
    order_id = ready_with_gla(running)
    assert client.get(running.base_url + f"/orders/{order_id}").json()["id"] == order_id
    assert client.post(running.base_url + f"/orders/{order_id}/post-purchase", json=BUY).status_code == 200
    assert [entry.order_id for entry in running.sandbox.ledger] == [order_id]
    status, _ = raw_http(running, "GET /api/integrate/v3/users HTTP/1.1")
    assert status == 200

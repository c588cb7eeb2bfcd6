"""Webhooks: OrderStatusEvent POSTed to a local receiver, retried 3 times, duplicated on request."""

from __future__ import annotations

import httpx

from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import receiver

DOCUMENTED_ID = "312babc6-e742-4d54-ac49-e0f7b16ec15a"
ALL_TRIGGERS = ["moved_to_draft", "moved_to_pending", "moved_to_ready", "moved_to_fixing"]


def register(client: httpx.Client, urls: list[str], triggers: list[str] = ALL_TRIGGERS) -> None:
    client.patch("/companies/webhook", json={"webhook_urls": urls, "webhook_triggers": triggers}).raise_for_status()


def test_a_change_request_fires_moved_to_fixing(client: httpx.Client, running: RunningSandbox) -> None:
    with receiver() as hook:
        register(client, [hook.url], ["moved_to_fixing"])
        client.post(f"/orders/{DOCUMENTED_ID}/change-requests", json={"message": "wrong room"}).raise_for_status()
        (event,) = hook.wait_for(1)
    assert event["id"] == DOCUMENTED_ID
    assert (event["current_status"], event["previous_status"]) == ("Fixing", "Ready")
    assert event.keys() == {"id", "current_status", "previous_status", "model_id", "product_type", "delivery_type"}
    assert hook.calls[0]["headers"]["Content-Type"] == "application/json"
    assert "api-key" not in {name.lower() for name in hook.calls[0]["headers"]}
    assert running.sandbox.wait_for_webhooks()
    (delivery,) = running.sandbox.webhook_deliveries
    assert (delivery.outcome, delivery.attempts) == ("delivered", ("200",))


def test_only_matching_triggers_fire(client: httpx.Client, running: RunningSandbox, web: httpx.Client) -> None:
    with receiver() as hook:
        register(client, [hook.url], ["moved_to_ready"])
        client.post(f"/orders/{DOCUMENTED_ID}/change-requests", json={}).raise_for_status()  # Fixing: not selected
        control = f"{running.root_url}/_sandbox/orders/{DOCUMENTED_ID}/status"
        moved = web.post(control, json={"status": "Ready", "product_type": "products_3d"}).json()
        (event,) = hook.wait_for(1)
        assert running.sandbox.wait_for_webhooks()
    assert event == moved
    assert (event["current_status"], event["previous_status"], event["product_type"]) == (
        "Ready",
        "Fixing",
        "products_3d",
    )
    assert len(hook.calls) == 1


def test_a_draft_fires_moved_to_draft(client: httpx.Client, running: RunningSandbox) -> None:
    with receiver() as hook:
        register(client, [hook.url])
        draft = client.post(
            "/orders/draft",
            json={
                "street": "1 Main St",
                "city": "Minneapolis",
                "country": "United States",
                "owner_email": "tim@internet.com",
            },
        ).json()
        (event,) = hook.wait_for(1)
    assert (event["id"], event["current_status"], event["previous_status"]) == (draft["id"], "Draft", None)


def test_failures_are_retried_three_times_in_all(client: httpx.Client, running: RunningSandbox) -> None:
    with receiver(500, 503) as flaky, receiver(500, 500, 500, 500) as broken:
        register(client, [flaky.url, broken.url])
        client.post(f"/orders/{DOCUMENTED_ID}/change-requests", json={}).raise_for_status()
        assert running.sandbox.wait_for_webhooks()
    outcomes = {d.url: (d.outcome, d.attempts) for d in running.sandbox.webhook_deliveries}
    assert outcomes == {
        flaky.url: ("delivered", ("500", "503", "200")),
        broken.url: ("gave_up", ("500", "500", "500")),  # "We'll try to call your webhook for 3 times and then give up"
    }
    assert len(flaky.calls) == 3
    assert len(broken.calls) == 3
    assert flaky.bodies()[0] == flaky.bodies()[2]


def test_an_unreachable_receiver_is_given_up_on(client: httpx.Client, running: RunningSandbox) -> None:
    with receiver() as closed:
        url = closed.url
    register(client, [url])
    client.post(f"/orders/{DOCUMENTED_ID}/change-requests", json={}).raise_for_status()
    assert running.sandbox.wait_for_webhooks()
    (delivery,) = running.sandbox.webhook_deliveries
    assert delivery.outcome == "gave_up"
    assert all(attempt.startswith("ConnectError") for attempt in delivery.attempts)
    assert len(delivery.attempts) == 3


def test_duplicate_delivery_fault(client: httpx.Client, running: RunningSandbox, web: httpx.Client) -> None:
    with receiver() as hook:
        register(client, [hook.url])
        client.post(
            f"/orders/{DOCUMENTED_ID}/change-requests", json={}, headers={"x-sandbox-fault": "webhook_duplicate"}
        ).raise_for_status()
        first = hook.wait_for(2)
        web.post(
            f"{running.root_url}/_sandbox/orders/{DOCUMENTED_ID}/status",
            json={"status": "Ready"},
            headers={"x-sandbox-fault": "webhook_duplicate;copies=3"},
        ).raise_for_status()
        every = hook.wait_for(5)
        assert running.sandbox.wait_for_webhooks()
    assert first[0] == first[1]
    assert [e["current_status"] for e in every] == ["Fixing", "Fixing", "Ready", "Ready", "Ready"]
    assert sorted(d.copy for d in running.sandbox.webhook_deliveries) == [1, 1, 2, 2, 3]


def test_webhooks_go_to_loopback_only(client: httpx.Client, running: RunningSandbox, web: httpx.Client) -> None:
    register(client, ["https://example.com/hook"])
    client.post(f"/orders/{DOCUMENTED_ID}/change-requests", json={}).raise_for_status()
    assert running.sandbox.wait_for_webhooks()
    (delivery,) = running.sandbox.webhook_deliveries
    assert delivery.outcome == "skipped"
    assert "loopback" in delivery.attempts[0]
    deliveries = web.get(f"{running.root_url}/_sandbox/webhooks").json()["deliveries"]
    assert [d["outcome"] for d in deliveries] == ["skipped"]


def test_a_fix_moved_by_the_status_control_reaches_a_receiver_registered_through_the_api(
    client: httpx.Client, running: RunningSandbox, web: httpx.Client
) -> None:
    """The path a sync receiver takes: PATCH /companies/webhook registers a 127.0.0.1 URL, and the status control
    moves an order Ready -> Fixing -> Ready (a fix delivered: new floor plans); the receiver gets both moves."""
    control = f"{running.root_url}/_sandbox/orders/{DOCUMENTED_ID}/status"
    with receiver() as hook:
        register(client, [hook.url], ["moved_to_fixing", "moved_to_ready"])
        moves = []
        for count, status in enumerate(("Fixing", "Ready"), start=1):
            moves.append(web.post(control, json={"status": status}).json())
            # Each delivery is its own task: two moves in a row may arrive in either order, as with CubiCasa.
            events = hook.wait_for(count)
        assert running.sandbox.wait_for_webhooks()
    assert hook.url.startswith("http://127.0.0.1:")
    assert events == moves
    assert [(e["id"], e["previous_status"], e["current_status"]) for e in events] == [
        (DOCUMENTED_ID, "Ready", "Fixing"),
        (DOCUMENTED_ID, "Fixing", "Ready"),
    ]
    assert [call["path"] for call in hook.calls] == ["/hook", "/hook"]
    assert [d.outcome for d in running.sandbox.webhook_deliveries] == ["delivered", "delivered"]
    assert running.sandbox.record(DOCUMENTED_ID).revision == 1

"""Every fault, as the client sees it over real loopback HTTP, and what the sandbox really did meanwhile."""

from __future__ import annotations

import json
import socket
import time
from typing import Any

import httpx
import pytest

from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import checked_sandbox, wait_until

BUY = {"package_type": None, "add_ons": ["gla"]}


def buyable(running: RunningSandbox) -> str:
    """A delivered order on which `gla` can still be bought."""
    return next(
        order_id
        for order_id in running.sandbox.order_ids("Ready")
        if "gla" in running.sandbox.record(order_id).purchasable_add_ons
    )


def buy(client: httpx.Client, order_id: str, fault: str | None = None, **kwargs: Any) -> httpx.Response:
    headers = {"x-sandbox-fault": fault} if fault else {}
    return client.post(f"/orders/{order_id}/post-purchase", json=BUY, headers=headers, **kwargs)


def owns_gla(client: httpx.Client, order_id: str) -> bool:
    return "gla" in client.get(f"/orders/{order_id}").json()["info"]["product"]["add_ons"]


# ------------------------------------------------------------------------------------------------ status faults
@pytest.mark.parametrize(("fault", "status"), [("500", 500), ("502", 502), ("503", 503), ("504", 504)])
def test_server_errors_apply_nothing(client: httpx.Client, running: RunningSandbox, fault: str, status: int) -> None:
    order_id = buyable(running)
    response = buy(client, order_id, fault)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert "detail" in response.json()
    assert running.sandbox.ledger == ()
    assert not owns_gla(client, order_id)


def test_429_carries_retry_after(client: httpx.Client, running: RunningSandbox) -> None:
    response = client.get("/orders", headers={"x-sandbox-fault": "429;retry_after=7"})
    assert (response.status_code, response.headers["retry-after"]) == (429, "7")
    assert client.get("/orders", headers={"x-sandbox-fault": "503;retry_after=2"}).headers["retry-after"] == "2"


def test_html_502_is_not_json(client: httpx.Client, running: RunningSandbox) -> None:
    order_id = buyable(running)
    response = buy(client, order_id, "html_502")
    assert response.status_code == 502
    assert response.headers["content-type"] == "text/html"
    assert response.text.startswith("<html>")
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert running.sandbox.ledger == ()


def test_truncated_json_keeps_status_200_and_applies(client: httpx.Client, running: RunningSandbox) -> None:
    order_id = buyable(running)
    response = buy(client, order_id, "truncate")
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == len(response.content)
    assert response.content.startswith(b'{"id": "')
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert len(running.sandbox.purchases(order_id)) == 1
    assert owns_gla(client, order_id)


# ------------------------------------------------------------------------------------------------ dropped connections
def test_drop_before_the_body_is_a_transport_error_and_applies_nothing(
    client: httpx.Client, running: RunningSandbox
) -> None:
    order_id = buyable(running)
    with pytest.raises(httpx.RemoteProtocolError, match="Server disconnected without sending a response"):
        buy(client, order_id, "drop_before")
    assert running.sandbox.ledger == ()
    assert not owns_gla(client, order_id)


def test_drop_before_waits_for_the_whole_request_so_the_close_is_never_a_reset(running: RunningSandbox) -> None:
    """Closing a socket with request bytes still unread makes Linux send RST instead of FIN, and the client then
    sees `Connection reset by peer` instead of the documented error (about 1 % of small purchases did). So the
    sandbox reads the whole request before it drops the connection: with half a body sent, it must still wait."""
    order_id = buyable(running)
    running.sandbox.set_faults("drop_before;route=upgradeOrder")
    body = json.dumps(BUY).encode()
    head = (
        f"POST /api/integrate/v3/orders/{order_id}/post-purchase HTTP/1.1\r\nHost: {running.host}:{running.port}\r\n"
        f"api-key: {running.api_key}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
    ).encode("ascii")
    with socket.create_connection((running.host, running.port), timeout=10.0) as sock:
        sock.sendall(head + body[:5])
        assert wait_until(lambda: running.sandbox.faults.rules()[0]["fired"] == 1, timeout=30.0)
        # The fault is chosen; a sandbox that drops now (before the rest of the body) closes within
        # microseconds. Waiting half a second for that close can only let such a sandbox fail, never this one.
        sock.settimeout(0.5)
        with pytest.raises(TimeoutError):
            sock.recv(1)
        sock.settimeout(10.0)
        sock.sendall(body[5:])
        assert sock.recv(1) == b""  # a clean close (FIN): recv would raise ConnectionResetError on RST
    assert running.sandbox.ledger == ()


def test_drop_after_apply_is_a_transport_error_and_the_purchase_happened_exactly_once(
    client: httpx.Client, running: RunningSandbox
) -> None:
    order_id = buyable(running)
    with pytest.raises(httpx.RemoteProtocolError, match="Server disconnected without sending a response"):
        buy(client, order_id, "drop_after")

    (entry,) = running.sandbox.ledger
    assert (entry.order_id, entry.add_ons, entry.faults) == (order_id, ("gla",), ("drop_after",))
    # What a careful client does next: re-read the order, see the purchase, and not buy again.
    assert owns_gla(client, order_id)
    # A blind retry is refused (nothing purchasable left), so the ledger still holds exactly one purchase.
    assert buy(client, order_id).status_code == 400
    assert len(running.sandbox.purchases(order_id)) == 1


def test_drop_during_the_body_is_a_transport_error_after_the_headers(
    client: httpx.Client, running: RunningSandbox
) -> None:
    order_id = buyable(running)
    with pytest.raises(httpx.RemoteProtocolError, match="peer closed connection without sending complete message body"):
        buy(client, order_id, "drop_during")
    with client.stream("GET", f"/orders/{order_id}", headers={"x-sandbox-fault": "drop_during;bytes=10"}) as stream:
        assert stream.status_code == 200
        with pytest.raises(httpx.RemoteProtocolError, match=r"received 10 bytes"):
            stream.read()
    assert len(running.sandbox.purchases(order_id)) == 1


def test_slow_response_meets_the_client_timeout_after_applying(client: httpx.Client, running: RunningSandbox) -> None:
    order_id = buyable(running)
    with pytest.raises(httpx.ReadTimeout):  # the client gave up at 0.3 s; the server still applied it
        buy(client, order_id, "slow;seconds=2", timeout=0.3)
    assert len(running.sandbox.purchases(order_id)) == 1
    ok = client.get("/orders", params={"limit": 1}, headers={"x-sandbox-fault": "slow;seconds=0.2"})
    assert ok.status_code == 200


def test_latency_delays_a_normal_response(client: httpx.Client) -> None:
    started = time.monotonic()
    response = client.get("/users", headers={"x-sandbox-fault": "latency;ms=200"})
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.2


# ------------------------------------------------------------------------------------------------ counting and chance
def test_a_header_with_times_fails_that_many_requests_then_behaves(
    client: httpx.Client, running: RunningSandbox
) -> None:
    order_id = buyable(running)
    statuses = [buy(client, order_id, "503;times=2").status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert buy(client, order_id, "503;times=2").status_code == 400  # header exhausted; gla is owned now
    assert len(running.sandbox.purchases(order_id)) == 1


def test_a_plan_fails_the_next_n_requests_of_one_route(client: httpx.Client, running: RunningSandbox) -> None:
    order_id = buyable(running)
    running.sandbox.set_faults("502;route=upgradeOrder;times=2")
    assert client.get("/orders").status_code == 200  # another route is untouched
    assert [buy(client, order_id).status_code for _ in range(3)] == [502, 502, 200]
    (rule,) = running.sandbox.faults.rules()
    assert (rule["remaining"], rule["fired"]) == (0, 2)


def test_the_control_endpoint_edits_the_plan(web: httpx.Client, client: httpx.Client, running: RunningSandbox) -> None:
    faults = running.root_url + "/_sandbox/faults"
    put = web.put(faults, json={"rules": ["429;route=listOrders;times=1", {"fault": "500", "route": "getOrder"}]})
    assert [rule["spec"] for rule in put.json()["rules"]] == ["429;route=listOrders;times=1", "500;route=getOrder"]
    assert client.get("/orders").status_code == 429
    assert client.get("/orders").status_code == 200
    assert web.post(faults, json={"rule": "drop_before;route=listUsers"}).status_code == 200
    with pytest.raises(httpx.RemoteProtocolError):
        client.get("/users")
    assert web.delete(faults).json() == {"rules": []}
    assert client.get("/users").status_code == 200
    assert web.put(faults, json={"rules": ["explode"]}).status_code == 400


def test_probability_is_seeded_and_repeatable() -> None:
    def run() -> list[int]:
        with (
            checked_sandbox(seed=7, faults=("503;route=listUsers;p=0.3",)) as running,
            httpx.Client(base_url=running.base_url, headers={"api-key": running.api_key}) as client,
        ):
            return [client.get("/users").status_code for _ in range(40)]

    first, second = run(), run()
    assert first == second
    assert 3 <= first.count(503) <= 25
    assert set(first) == {200, 503}


def test_a_bad_fault_header_is_a_400_not_a_silent_pass(client: httpx.Client) -> None:
    response = client.get("/orders", headers={"x-sandbox-fault": "teapot"})
    assert response.status_code == 400
    assert "unknown fault" in response.json()["validation_error"]["header_params"][0]["msg"]
    assert client.get("/orders", headers={"x-sandbox-fault": "503;route=noSuchOperation"}).status_code == 400

"""Fitting the user's environment (issue 13): proxies and certificates from the environment, the user's own httpx
client, default headers and User-Agent, per-call options, with_options and with_raw_response."""

from __future__ import annotations

import asyncio
import platform
import socket
import socketserver
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from cubicasa_integrate import AsyncCubiCasa, CubiCasa, __version__, errors
from cubicasa_integrate.types import Order
from tests.unit.fakes import KEY, ORDER_ID, FakeAPI, order_json

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


# ------------------------------------------------------------------------------------------ proxies (a real one)


class _RecordingProxy(socketserver.ThreadingTCPServer):
    """A proxy on loopback that records each request line it receives (CONNECT host:port) and refuses it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.lines: list[str] = []
        super().__init__(("127.0.0.1", 0), _ProxyHandler)


class _ProxyHandler(socketserver.StreamRequestHandler):
    server: _RecordingProxy

    def handle(self) -> None:
        self.server.lines.append(self.rfile.readline().decode("latin-1").strip())
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass
        self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[_RecordingProxy]:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    server = _RecordingProxy()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port bound but not listening for the whole test: a direct connection is refused at once, and no
    other process can take the port meanwhile."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield int(held.getsockname()[1])


def test_requests_go_through_the_proxy_named_by_https_proxy(
    proxy: _RecordingProxy, monkeypatch: pytest.MonkeyPatch, closed_port: int
) -> None:
    """0.3.x passed its own transport to httpx, which then ignores the proxy variables: it connected directly."""
    port = closed_port
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
    client = CubiCasa(KEY, base_url=f"https://localhost:{port}/api/integrate/v3", max_retries=0)
    with client, pytest.raises(errors.APIConnectionError):
        client.orders.get(ORDER_ID)
    assert proxy.lines == [f"CONNECT localhost:{port} HTTP/1.1"]


def test_no_proxy_sends_requests_for_its_hosts_directly(
    proxy: _RecordingProxy, monkeypatch: pytest.MonkeyPatch, closed_port: int
) -> None:
    port = closed_port
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
    monkeypatch.setenv("NO_PROXY", "localhost")
    client = CubiCasa(KEY, base_url=f"https://localhost:{port}/api/integrate/v3", max_retries=0)
    with client, pytest.raises(errors.APIConnectionError, match="not sent"):  # refused: the direct connection
        client.orders.get(ORDER_ID)
    assert proxy.lines == []


def test_the_async_client_honours_the_proxy_variables_too(
    proxy: _RecordingProxy, monkeypatch: pytest.MonkeyPatch, closed_port: int
) -> None:
    port = closed_port
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")

    async def run() -> None:
        async with AsyncCubiCasa(KEY, base_url=f"https://localhost:{port}/api/integrate/v3", max_retries=0) as c:
            with pytest.raises(errors.APIConnectionError):
                await c.orders.get(ORDER_ID)

    asyncio.run(run())
    assert proxy.lines == [f"CONNECT localhost:{port} HTTP/1.1"]


# ------------------------------------------------------------------------------------- the user's own httpx client


def test_an_http_client_of_the_users_own_is_used_as_it_is_and_left_open(api: FakeAPI) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    seen: list[httpx.Request] = []
    mine = httpx.Client(
        base_url="https://elsewhere.example",  # ignored: requests go to the client's base_url
        headers={"X-Team": "imaging"},
        transport=httpx.MockTransport(api),
        event_hooks={"request": [seen.append]},
    )
    with CubiCasa(KEY, http_client=mine) as client:
        assert isinstance(client.orders.get(ORDER_ID), Order)
    assert str(seen[0].url) == f"https://app.cubi.casa/api/integrate/v3/orders/{ORDER_ID}"
    assert seen[0].headers["api-key"] == KEY
    assert seen[0].headers["x-team"] == "imaging"
    assert not mine.is_closed  # the user's: closing CubiCasa leaves it open
    mine.close()


def test_http_client_must_match_the_client_and_excludes_transport() -> None:
    with pytest.raises(errors.ConfigurationError, match=r"httpx\.Client"):
        CubiCasa(KEY, http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(errors.ConfigurationError, match="not both"):
        CubiCasa(KEY, http_client=httpx.Client(), transport=httpx.MockTransport(FakeAPI()))
    with pytest.raises(errors.ConfigurationError, match=r"httpx\.AsyncClient"):
        AsyncCubiCasa(KEY, http_client=httpx.Client())  # type: ignore[arg-type]


# ------------------------------------------------------------------------------- headers and per-call options


def test_every_request_says_what_sent_it(api: FakeAPI) -> None:
    """0.3.x sent `python-httpx/0.28.1`."""
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    with api.client() as client:
        client.orders.get(ORDER_ID)
    expected = f"cubicasa-integrate/{__version__} python/{platform.python_version()} httpx/{httpx.__version__}"
    assert api.requests[0].headers["user-agent"] == expected


def test_default_headers_extra_headers_and_their_order(api: FakeAPI) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    with api.client(default_headers={"User-Agent": "imaging-sync/2", "X-Team": "imaging"}) as client:
        client.orders.get(ORDER_ID)
        client.orders.get(ORDER_ID, extra_headers={"X-Team": "audit", "X-Trace": "t-1"})
    first, second = api.requests
    assert first.headers["user-agent"] == "imaging-sync/2"
    assert (first.headers["x-team"], second.headers["x-team"], second.headers["x-trace"]) == ("imaging", "audit", "t-1")
    assert "x-trace" not in first.headers  # for that call only
    assert first.headers["api-key"] == second.headers["api-key"] == KEY


@pytest.mark.parametrize("headers", [{"X-Bad": "line\r\nbreak"}, {"bad name": "x"}, {"X-Number": 1}, ["X-List"]])
def test_default_headers_are_checked_when_the_client_is_made(headers: Any) -> None:
    with pytest.raises(errors.ConfigurationError, match="default_headers"):
        CubiCasa(KEY, default_headers=headers)


def test_a_timeout_for_one_call(api: FakeAPI) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    with api.client(timeout=30) as client:
        client.orders.get(ORDER_ID)
        client.orders.get(ORDER_ID, timeout=2.5)
    assert api.requests[0].extensions["timeout"]["read"] == 30
    assert api.requests[1].extensions["timeout"] == httpx.Timeout(2.5).as_dict()


def test_per_call_options_reach_every_request_of_a_list_and_a_purchase(api: FakeAPI) -> None:
    bought = order_json()
    bought["info"]["product"]["add_ons"] = ["gla"]
    not_yet = order_json()
    not_yet["info"]["product"]["add_ons"] = []
    not_yet["info"]["product"]["purchasable_add_ons"] = ["gla", "3d_cad_files"]  # what it lacks, it offers
    api.on("GET", "/orders", httpx.Response(200, json={"pagination": {"has_more": False}, "items": [order_json()]}))
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=not_yet))
    api.on("POST", f"/orders/{ORDER_ID}/post-purchase", httpx.Response(200, json=bought))
    with api.client() as client:
        list(client.orders.list(extra_headers={"X-Call": "list"}))
        client.orders.upgrade(ORDER_ID, add_ons=["gla"], extra_headers={"X-Call": "buy"}, timeout=9)
    assert [r.headers["x-call"] for r in api.requests] == ["list", "buy", "buy"]
    assert [r.extensions["timeout"]["read"] for r in api.requests[1:]] == [9, 9]


# ------------------------------------------------------------------------------------------------ with_options


def test_with_options_changes_settings_on_the_same_pool(api: FakeAPI) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(503), httpx.Response(503), httpx.Response(503))
    client = api.client(max_retries=2)
    patient = client.with_options(max_retries=0, timeout=60, default_headers={"X-Mode": "batch"})
    assert patient._api.http is client._api.http  # one pool
    with pytest.raises(errors.InternalServerError):
        patient.orders.get(ORDER_ID)
    assert len(api.requests) == 1  # max_retries=0 in the copy
    assert api.requests[0].extensions["timeout"]["read"] == 60
    assert api.requests[0].headers["x-mode"] == "batch"
    with pytest.raises(errors.InternalServerError):
        client.orders.get(ORDER_ID)
    assert len(api.requests) == 4  # the original keeps its 2 retries and its headers
    assert "x-mode" not in api.requests[1].headers
    patient.close()
    assert not client._api.http.is_closed  # closing the copy leaves the shared pool
    client.close()
    assert client._api.http.is_closed


def test_with_options_checks_what_it_is_given() -> None:
    with CubiCasa(KEY) as client, pytest.raises(errors.ConfigurationError, match="max_retries"):
        client.with_options(max_retries=-1)


def test_async_with_options_shares_the_pool(api: FakeAPI) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))

    async def run() -> None:
        async with api.async_client() as client:
            fast = client.with_options(timeout=1)
            assert fast._api.http is client._api.http
            assert isinstance(await fast.orders.get(ORDER_ID), Order)
            await fast.aclose()
            assert not client._api.http.is_closed

    asyncio.run(run())
    assert api.requests[0].extensions["timeout"]["read"] == 1


# --------------------------------------------------------------------------------------------- with_raw_response


def test_raw_response_gives_status_headers_request_id_and_the_result(api: FakeAPI) -> None:
    api.on(
        "GET",
        f"/orders/{ORDER_ID}",
        httpx.Response(200, json=order_json(), headers={"X-Request-Id": "req-42", "X-Echo": f"key={KEY}"}),
    )
    with api.client() as client:
        response = client.orders.with_raw_response.get(ORDER_ID)
    assert (response.status_code, response.request_id, response.method) == (200, "req-42", "GET")
    assert isinstance(response.parse(), Order)
    assert response.parse().id == order_json()["id"]
    assert KEY not in str(response.headers)
    assert KEY not in repr(response)
    # (Not an exact string: redaction covers every key this process has used, and other tests use short ones.)
    assert response.headers["x-echo"].endswith("=<redacted>")


def test_raw_response_of_a_purchase_is_the_purchase_answer_and_errors_still_raise(api: FakeAPI) -> None:
    bought = order_json()
    bought["info"]["product"]["add_ons"] = ["gla"]
    not_yet = order_json()
    not_yet["info"]["product"]["add_ons"] = []
    not_yet["info"]["product"]["purchasable_add_ons"] = ["gla", "3d_cad_files"]  # what it lacks, it offers
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=not_yet))
    api.on("POST", f"/orders/{ORDER_ID}/post-purchase", httpx.Response(200, json=bought, headers={"cf-ray": "r1"}))
    api.on("GET", "/orders/missing-order", httpx.Response(404, json={"detail": "no such order"}))
    with api.client() as client:
        response = client.orders.with_raw_response.upgrade(ORDER_ID, add_ons=["gla"])
        assert (response.method, response.request_id) == ("POST", "r1")
        with pytest.raises(errors.NotFoundError):
            client.orders.with_raw_response.get("missing-order")


def test_async_raw_response(api: FakeAPI) -> None:
    api.on("PATCH", "/companies/webhook", httpx.Response(200, json={"webhook_urls": [], "triggers": []}))

    async def run() -> Any:
        async with api.async_client() as client:
            return await client.webhooks.with_raw_response.update(urls=[], triggers=[])

    response = asyncio.run(run())
    assert response.status_code == 200
    assert response.request_id is None
    assert response.parse().webhook_urls == []

"""Bad input, over real loopback HTTP: hostile ids, unsafe base URLs, monstrous responses, and the api-key never
leaking into logs, errors, reprs, recordings or CLI output."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from cubicasa_integrate import CubiCasa, errors
from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import checked_sandbox
from tests.reliability.tally import Tally
from tests.support import load_tool

SECRET = "sk-reliability-SECRET-4711"


class Recording(httpx.BaseTransport):
    """Real loopback HTTP, remembering the exact path of every request that left."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.paths: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.raw_path.decode())
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


# Ids that could leave their path segment on a server or proxy that decodes, normalises or splits paths (0.3.1
# percent-encoded them once and sent them: Starlette, the sandbox's own stack, decodes %2F before routing).
HOSTILE_IDS = [
    "a/b",
    "../users",
    "x/../" + "312babc6-e742-4d54-ac49-e0f7b16ec15a",
    "..%2Fcompanies%2Fwebhook",
    "a\\b",
    "x?limit=1",
    "x#y",
    "x;y",
    "50%",
    "%2e%2e",
    "two words",
    "ünïcødé-🏠",
    "fullwidth\uff0fsolidus",
    "../../openapi.yaml",
    "trailing.",
    "",
    " ",
    ".",
    "..",
    "x\r\nHost: evil",
    "nul\x00",
    "x" * 1000,
]


@pytest.mark.parametrize("order_id", HOSTILE_IDS)
def test_ids_that_could_leave_their_path_segment_are_refused_before_sending(
    running: RunningSandbox, tally: Tally, order_id: str
) -> None:
    transport = Recording()
    with CubiCasa(running.api_key, base_url=running.base_url, transport=transport) as client:
        for operation in (
            lambda: client.orders.get(order_id),
            lambda: client.orders.upgrade(order_id, add_ons=["gla"]),
            lambda: client.change_requests.create(order_id, {}),
            lambda: client.drafts.update(order_id, street="s", city="c", country="x", owner_email="e@example.com"),
        ):
            with tally.no_escape(ValueError) as raised:
                operation()
            assert raised, "refused"
            assert "order_id" in str(raised[0])
    assert transport.paths == []


@pytest.mark.parametrize(
    "base_url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/api",
        "https://user:password@app.cubi.casa/api/integrate/v3",
        "http://app.cubi.casa/api/integrate/v3",
        "http://10.0.0.7/api/integrate/v3",
        "javascript:alert(1)",
    ],
)
def test_unsafe_base_urls_are_refused(base_url: str) -> None:
    with pytest.raises(errors.ConfigurationError):
        CubiCasa(SECRET, base_url=base_url)


def test_plain_http_to_loopback_works_and_elsewhere_needs_an_explicit_opt_in(running: RunningSandbox) -> None:
    with CubiCasa(running.api_key, base_url=running.base_url) as client:
        assert client.orders.get(running.sandbox.order_ids()[0])
    assert CubiCasa(SECRET, base_url="http://10.0.0.7/api", allow_insecure_http=True).base_url == "http://10.0.0.7/api"


@pytest.fixture(scope="module")
def monster() -> Iterator[str]:
    """A server that answers a body of the size asked for, or JSON nested as deep as asked for."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            kind, _, amount = self.path.rsplit("/", 1)[-1].partition("-")
            size = int(amount)
            self.send_response(200)
            self.send_header("content-type", "application/json")
            if kind == "huge":
                self.send_header("content-length", str(size))
                self.end_headers()
                chunk = b" " * 1_048_576
                try:
                    for _ in range(size // len(chunk)):
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    return
            else:
                body = b"[" * size + b"]" * size
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_a_huge_response_fails_cleanly_at_the_default_limit(monster: str) -> None:
    with (
        CubiCasa(SECRET, base_url=monster, max_retries=0) as client,
        pytest.raises(errors.ResponseDecodeError, match="larger than 67108864 bytes"),
    ):
        client.orders.get(f"huge-{200 * 1024 * 1024}")


def test_a_huge_body_without_a_declared_length_is_cut_off_while_reading(monster: str) -> None:
    """Same limit, but enforced on the bytes actually read (here: a smaller limit, a body that exceeds it)."""
    with (
        CubiCasa(SECRET, base_url=monster, max_retries=0, max_response_bytes=4 * 1024 * 1024) as client,
        pytest.raises(errors.ResponseDecodeError, match="larger than 4194304 bytes"),
    ):
        client.orders.get(f"huge-{8 * 1024 * 1024}")


def test_deeply_nested_json_fails_cleanly(monster: str) -> None:
    with CubiCasa(SECRET, base_url=monster, max_retries=0) as client, pytest.raises(errors.ResponseDecodeError):
        client.orders.get("nested-200000")


# ------------------------------------------------------------------------------------------ the api-key never leaks


@pytest.fixture(scope="module")
def secret_sandbox() -> Iterator[RunningSandbox]:
    with checked_sandbox(api_key=SECRET, orders=60, seed=11) as running:
        yield running


def test_the_api_key_appears_nowhere(
    secret_sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture, tmp_path: Path, tally: Tally
) -> None:
    captured: list[str] = []
    running, sandbox = secret_sandbox, secret_sandbox.sandbox
    order_ids = sandbox.order_ids("Ready")
    with caplog.at_level(logging.DEBUG), CubiCasa(SECRET, base_url=running.base_url, max_retries=1) as client:
        captured.append(repr(client))
        captured.append(repr(client._api))
        captured.append(repr(vars(client)))
        for rule in ("503", "drop_after", "html_502", "truncate", "429;retry_after=0"):
            sandbox.set_faults(f"{rule};route=getOrder")
            try:
                client.orders.get(order_ids[0])
            except errors.CubiCasaError as error:
                captured += [str(error), repr(error), repr(vars(error)), repr(error.__cause__)]
            sandbox.set_faults(f"{rule};route=upgradeOrder;times=1")
            try:
                client.orders.upgrade(order_ids[1], add_ons=["3d_cad_files"])
            except errors.CubiCasaError as error:
                captured += [str(error), repr(error), repr(vars(error))]
            tally.calls += 2
        sandbox.clear_faults()
    with CubiCasa("wrong-key", base_url=running.base_url) as wrong, pytest.raises(errors.AuthenticationError) as caught:
        wrong.orders.get(order_ids[0])
    captured.append(str(caught.value))
    captured.append(caplog.text)

    # Recordings made through the redacting recorder.
    recorded = load_tool("record").record(SECRET, running.base_url, tmp_path / "recordings")
    captured += [path.read_text() for path in recorded]

    # The command line, debug logging on, success and failure.
    env = {**os.environ, "CUBICASA_API_KEY": SECRET, "CUBICASA_BASE_URL": running.base_url, "CUBICASA_LOG": "debug"}
    cubicasa = str(Path(sys.executable).with_name("cubicasa"))
    for args in (
        ["orders", "list", "--limit", "3"],
        ["orders", "get", order_ids[2], "--json"],
        ["orders", "get", ".."],
    ):
        result = subprocess.run([cubicasa, *args], capture_output=True, text=True, env=env, timeout=60, check=False)
        captured += [result.stdout, result.stderr]
    assert "DEBUG" in captured[-1] + captured[-3]

    assert len(recorded) == 5
    leaks = [text[:200] for text in captured if SECRET in text]
    assert leaks == []

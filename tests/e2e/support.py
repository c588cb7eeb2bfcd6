"""Helpers of the end-to-end tier: a sandbox whose every response is checked, and a local webhook receiver."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cubicasa_sandbox import RunningSandbox, SandboxConfig, serve

__all__ = [
    "TEST_KEY",
    "Receiver",
    "assert_no_violations",
    "checked_sandbox",
    "raw_http",
    "receiver",
    "sandbox_state",
    "wait_until",
]

TEST_KEY = "e2e-key"


def wait_until(predicate: Any, timeout: float = 5.0, interval: float = 0.01) -> bool:
    """Poll `predicate` until it is truthy, at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def assert_no_violations(running: RunningSandbox) -> None:
    violations = [v.to_dict() for v in running.sandbox.response_violations]
    assert violations == [], "the sandbox sent responses the spec does not allow"


def raw_http(running: RunningSandbox, request_line: str, body: bytes = b"") -> tuple[int, bytes]:
    """Send one request exactly as written (no client normalises it) and read the whole answer."""
    head = (
        f"{request_line}\r\nHost: {running.host}:{running.port}\r\napi-key: {running.api_key}\r\n"
        f"content-type: application/json\r\ncontent-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    with socket.create_connection((running.host, running.port), timeout=10.0) as sock:
        sock.sendall(head.encode("ascii") + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


def sandbox_state(running: RunningSandbox) -> dict[str, Any]:
    """Everything a request could change: purchases, orders (status and content), users, webhook configuration."""
    sandbox = running.sandbox
    return {
        "ledger": [entry.to_dict() for entry in sandbox.ledger],
        "orders": {order_id: sandbox.order(order_id) for order_id in sandbox.order_ids()},
        "users": sandbox.users,
        "webhooks": sandbox.webhook_config,
    }


@contextmanager
def checked_sandbox(**options: Any) -> Iterator[RunningSandbox]:
    """A sandbox on 127.0.0.1 that checks every response against the spec; no violation may be recorded."""
    defaults: dict[str, Any] = {
        "api_key": TEST_KEY,
        "validate_responses": True,
        "webhook_retry_delay": 0.05,
        "webhook_timeout": 2.0,
    }
    with serve(SandboxConfig(**{**defaults, **options}), log_level="error") as running:
        yield running
        running.sandbox.wait_for_webhooks(5.0)
        assert_no_violations(running)


@dataclass
class Receiver:
    """A webhook receiver on 127.0.0.1 that answers scripted statuses (then 200) and records every call."""

    url: str
    statuses: deque[int] = field(default_factory=deque)
    calls: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def bodies(self) -> list[Any]:
        with self.lock:
            return [call["body"] for call in self.calls]

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Any]:
        wait_until(lambda: len(self.calls) >= count, timeout)
        return self.bodies()


@contextmanager
def receiver(*statuses: int) -> Iterator[Receiver]:
    state: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            raw = self.rfile.read(length)
            target = state["receiver"]
            with target.lock:
                target.calls.append(
                    {"path": self.path, "headers": dict(self.headers), "body": json.loads(raw or b"null")}
                )
                status = target.statuses.popleft() if target.statuses else 200
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state["receiver"] = Receiver(f"http://127.0.0.1:{server.server_address[1]}/hook", deque(statuses))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state["receiver"]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5.0)

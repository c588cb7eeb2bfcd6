"""A hostile API server on 127.0.0.1: answers each request with whatever a test scripted, over real HTTP.

The sandbox is a well-behaved fake; this one is not. A reply is a function of the request (so it can echo the
api-key back in any form), returning status, headers and raw body bytes exactly as they go on the wire - gzip
bombs, bodies nested 100,000 levels deep, a connection closed mid-body.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["HostileServer", "Reply", "hostile_server"]


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    cut_after: int | None = None
    """Close the connection after this many body bytes (a declared Content-Length that never arrives)."""


Script = Callable[[str, str, dict[str, str]], Reply]
"""(method, path, request headers) -> the reply."""


@dataclass
class HostileServer:
    base_url: str
    routes: dict[tuple[str, str], list[Script]] = field(default_factory=dict)
    seen: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on(self, method: str, path: str, *scripts: Script | Reply) -> None:
        """Answer method+path with each script in turn; the last one repeats."""
        self.routes[(method, path)] = [s if callable(s) else (lambda *_, reply=s: reply) for s in scripts]

    def reply_for(self, method: str, path: str, headers: dict[str, str]) -> Reply:
        with self.lock:
            self.seen.append((method, path))
            scripts = self.routes.get((method, path))
            if not scripts:
                return Reply(404, b'{"detail": "no script"}', {"content-type": "application/json"})
            script = scripts.pop(0) if len(scripts) > 1 else scripts[0]
        return script(method, path, headers)

    def calls(self, method: str, path: str) -> int:
        return self.seen.count((method, path))


@contextmanager
def hostile_server(prefix: str = "/api/integrate/v3") -> Iterator[HostileServer]:
    server_box: list[HostileServer] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            if length:
                self.rfile.read(length)  # read the whole request first: closing on unread data makes Linux send RST
            path = self.path.split("?", 1)[0].removeprefix(prefix)
            reply = server_box[0].reply_for(self.command, path, {k.lower(): v for k, v in self.headers.items()})
            self.send_response(reply.status)
            headers = {"content-length": str(len(reply.body)), **reply.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            if reply.cut_after is not None:
                self.send_header("connection", "close")
            self.end_headers()
            body = reply.body if reply.cut_after is None else reply.body[: reply.cut_after]
            self.wfile.write(body)
            self.wfile.flush()
            if reply.cut_after is not None:
                self.close_connection = True

        do_GET = do_POST = do_PATCH = _answer

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    host, port = httpd.server_address[:2]
    server_box.append(HostileServer(f"http://{host}:{port}{prefix}"))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server_box[0]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)

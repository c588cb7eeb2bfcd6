"""A minimal canned CubiCasa API over HTTP/1.1 keep-alive on 127.0.0.1, for the round-trip benchmarks.

    python -m benchmarks.server        # prints the port, serves until stdin closes

Routes (every request must carry an `api-key` header, else 401):
    GET  /orders?limit=N&offset=M           a page of N orders out of TOTAL_ORDERS, with the pagination block
    GET  /orders/{id}                       one order
    POST /orders/{id}/post-purchase         the order (the request body is read and ignored)
    /sync/...                               orders with files to download, each after a latency (assets.py)

Bodies are built once and cached, so the server spends as little of the shared CPU as it can. It stops when
its parent closes stdin (or dies, which closes it): nothing else. (A 600-second deadline it once had ended
it in the middle of a whole `make bench`, which now runs longer, and the levers after it all failed with
"All connection attempts failed".)
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
from collections.abc import Callable
from functools import cache
from urllib.parse import parse_qs, urlsplit

from benchmarks import assets
from benchmarks.fixtures import order

__all__ = ["TOTAL_ORDERS", "main", "serve"]

TOTAL_ORDERS = 1_000_000


@cache
def _order_bytes(n: int) -> bytes:
    return json.dumps(order(n), separators=(",", ":"), ensure_ascii=False).encode()


@cache
def _items(limit: int) -> bytes:
    # Every page carries the same `limit` orders (only the pagination block and one id move): realistic bytes,
    # no CPU.
    return b"[" + b",".join(_order_bytes(i) for i in range(limit)) + b"]"


def _page_items(limit: int, offset: int) -> bytes:
    """The cached page with its first order's id made this offset's own: the client refuses a page whose items
    repeat the previous page's (a server ignoring the offset), so pages must differ, and one id costs no CPU."""
    items = _items(limit)
    if not limit:
        return items
    first = order(0)["id"].encode()
    return items.replace(first, f"{offset:0{len(first)}d}".encode()[-len(first) :], 1)


def _page(limit: int, offset: int) -> bytes:
    limit = max(0, min(limit, TOTAL_ORDERS - offset))
    has_more = offset + limit < TOTAL_ORDERS
    pagination = {
        "has_more": has_more,
        "limit": limit,
        "next_offset": offset + limit if has_more else None,
        "previous_offset": offset or None,
    }
    return b'{"pagination":' + json.dumps(pagination).encode() + b',"items":' + _page_items(limit, offset) + b"}"


def _response(status: str, body: bytes) -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


UNAUTHORIZED = _response("401 Unauthorized", b'{"detail":"missing api-key"}')
NOT_FOUND = _response("404 Not Found", b'{"detail":"no such route"}')


def route(method: str, target: str) -> bytes:
    url = urlsplit(target)
    path = url.path.removeprefix("/api/integrate/v3")
    if method == "GET" and path == "/orders":
        query = parse_qs(url.query)
        limit = int(query.get("limit", ["20"])[0])
        offset = int(query.get("offset", ["0"])[0])
        return _response("200 OK", _page(limit, offset))
    if path.startswith("/orders/") and (
        (method == "GET" and path.count("/") == 2) or (method == "POST" and path.endswith("/post-purchase"))
    ):
        return _response("200 OK", _order_bytes(0))
    return NOT_FOUND


class _Protocol(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].decode("latin-1").split("\r\n")
            headers = {}
            for line in head[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length :]
            method, target, _ = head[0].split(" ", 2)
            self.respond(method, target, headers)

    def respond(self, method: str, target: str, headers: dict[str, str]) -> None:
        found = assets.answer(method, target, headers)
        if found is None:
            self.transport.write(route(method, target) if "api-key" in headers else UNAUTHORIZED)
        elif found.delay:
            # A timer, not a sleep: the other connections are served meanwhile. (Answers on one connection stay
            # in order because HTTP/1.1 clients, httpx included, send its next request only after this answer.)
            asyncio.get_running_loop().call_later(found.delay, self._write, found.chunks)
        else:
            self._write(found.chunks)

    def _write(self, chunks: tuple[bytes, ...]) -> None:
        if self.transport.is_closing():
            return
        for chunk in chunks:  # one write each: (before 3.12) writelines joins them, a copy of the whole file
            self.transport.write(chunk)


async def serve(on_port: Callable[[int], None], stop: asyncio.Event) -> None:
    """Serve on a free port of 127.0.0.1 until `stop` is set."""
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Protocol, "127.0.0.1", 0, backlog=512)
    _items(20), _items(1000)  # warm the caches before anyone times a request
    on_port(server.sockets[0].getsockname()[1])
    await stop.wait()
    server.close()


def main() -> None:
    async def run() -> None:
        loop, stop = asyncio.get_running_loop(), asyncio.Event()

        def wait_for_parent() -> None:
            sys.stdin.read()  # returns when the parent closes our stdin (or dies)
            loop.call_soon_threadsafe(stop.set)

        threading.Thread(target=wait_for_parent, daemon=True).start()
        await serve(lambda port: print(port, flush=True), stop)

    asyncio.run(run())


if __name__ == "__main__":
    main()

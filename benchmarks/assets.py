"""The asset-serving mode of benchmarks/server.py: orders whose delivered files live on the same loopback server.

Every route sits under a scenario prefix, `/sync/{orders}/{files}/{size}/{latency_ms}`, so one server process
answers every scenario of a run (the timed one, the memory probes' small and large files, a test's tiny one):

    GET {prefix}/api/integrate/v3/orders?limit=N&offset=M   pages of `orders` Ready orders (api-key required), each
                                                            listing `files` file URLs in its delivery_assets
    GET {prefix}/files/{order}/{file}.bin?X-Amz-...         `size` bytes with an ETag, sent `latency_ms` after the
                                                            request (a timer: other requests go on meanwhile);
                                                            If-None-Match with that ETag gets a 304

A file's first 64 bytes name it (so every file differs and a test can tell them apart); the rest is one cached
filler shared by every file of that size, written as is: serving a file costs the server no CPU beyond the copy
into the socket. The file URLs carry the host the listing was asked on, as pre-signed storage links carry theirs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

from benchmarks.fixtures import order

__all__ = ["PREFIX_LENGTH", "Answer", "Scenario", "answer", "file_prefix"]

PREFIX_LENGTH = 64
"""The bytes at the start of each file that name it; a scenario's size is at least this."""
API = "/api/integrate/v3"
SIGNATURE = "X-Amz-Expires=604800&X-Amz-Signature=" + "0" * 40  # shaped like a pre-signed link's query


@dataclass(frozen=True)
class Scenario:
    orders: int
    files: int
    """Files per order."""
    size: int
    """Bytes per file."""
    latency_ms: int
    """How long each file request waits before its answer."""

    def __post_init__(self) -> None:
        if min(self.orders, self.files) < 1 or self.size < PREFIX_LENGTH or self.latency_ms < 0:
            raise ValueError(f"not a scenario: {self}")

    @property
    def prefix(self) -> str:
        return f"/sync/{self.orders}/{self.files}/{self.size}/{self.latency_ms}"

    def base_url(self, server: str) -> str:
        """The API base URL of this scenario on the server whose API base URL is `server`."""
        root = server.removesuffix(API)
        return root + self.prefix + API

    @property
    def total_files(self) -> int:
        return self.orders * self.files


@dataclass(frozen=True)
class Answer:
    delay: float
    """Seconds to wait before writing."""
    chunks: tuple[bytes, ...]
    """Written one after another: the filler is the cached object itself, never copied into a larger one."""


def file_prefix(order_number: int, file_number: int, size: int) -> bytes:
    return f"order {order_number} file {file_number} of {size} bytes".ljust(PREFIX_LENGTH - 1).encode() + b"\n"


@cache
def _filler(length: int) -> bytes:
    return (bytes(range(256)) * (length // 256 + 1))[:length]


def _head(status: str, length: int, extra: str = "") -> bytes:
    return f"HTTP/1.1 {status}\r\n{extra}Content-Length: {length}\r\n\r\n".encode()


def _json(status: str, body: bytes) -> Answer:
    return Answer(0.0, (_head(status, len(body), "Content-Type: application/json\r\n"), body))


def _order(scenario: Scenario, host: str, number: int) -> dict[str, Any]:
    data = order(number)  # the benchmark's realistic order, delivered, with only this scenario's files
    data["info"]["status"] = "Ready"
    data["info"]["first_delivered_at"] = data["info"]["created_at"] + 3600
    urls = [f"http://{host}{scenario.prefix}/files/{number}/{file}.bin?{SIGNATURE}" for file in range(scenario.files)]
    data["delivery_assets"] = {"listing_floorplans": {"png_urls": urls}}
    return data


@cache
def _page(scenario: Scenario, host: str, limit: int, offset: int) -> bytes:
    end = min(offset + max(limit, 0), scenario.orders)
    has_more = end < scenario.orders
    pagination = {
        "has_more": has_more,
        "limit": limit,
        "next_offset": end if has_more else None,
        "previous_offset": offset or None,
    }
    items = [_order(scenario, host, number) for number in range(offset, end)]
    return json.dumps({"pagination": pagination, "items": items}, separators=(",", ":")).encode()


def _parse(path: str) -> tuple[Scenario, str] | None:
    parts = path.split("/", 6)  # "", "sync", orders, files, size, latency, rest
    if len(parts) < 7 or parts[1] != "sync":
        return None
    try:
        scenario = Scenario(*(int(part) for part in parts[2:6]))
    except ValueError:
        return None
    return scenario, "/" + parts[6]


def _file(scenario: Scenario, rest: str, headers: dict[str, str]) -> Answer | None:
    segments = rest.split("/")  # "", "files", order, "N.bin"
    if len(segments) != 4 or not segments[3].endswith(".bin"):
        return None
    try:
        number, file = int(segments[2]), int(segments[3].removesuffix(".bin"))
    except ValueError:
        return None
    if not (0 <= number < scenario.orders and 0 <= file < scenario.files):
        return None
    delay = scenario.latency_ms / 1000
    etag = f'"{number}-{file}-{scenario.size}"'
    if headers.get("if-none-match") == etag:
        return Answer(delay, (_head("304 Not Modified", 0, f"ETag: {etag}\r\n"),))
    head = _head("200 OK", scenario.size, f"Content-Type: application/octet-stream\r\nETag: {etag}\r\n")
    return Answer(delay, (head, file_prefix(number, file, scenario.size), _filler(scenario.size - PREFIX_LENGTH)))


def answer(method: str, target: str, headers: dict[str, str]) -> Answer | None:
    """The answer to a request of the asset-serving mode; None when the target is not under /sync/."""
    if not target.startswith("/sync/"):  # the other benchmarks' requests: no parsing on the shared CPU
        return None
    url = urlsplit(target)
    parsed = _parse(url.path)
    if parsed is None:
        return None
    scenario, rest = parsed
    if method == "GET" and rest == API + "/orders":
        if "api-key" not in headers:
            return _json("401 Unauthorized", b'{"detail":"missing api-key"}')
        query = parse_qs(url.query)
        limit = int(query.get("limit", ["20"])[0])
        offset = int(query.get("offset", ["0"])[0])
        return _json("200 OK", _page(scenario, headers.get("host", "127.0.0.1"), limit, offset))
    if method == "GET" and rest.startswith("/files/"):
        found = _file(scenario, rest, headers)
        if found is not None:
            return found
    return _json("404 Not Found", b'{"detail":"no such route"}')

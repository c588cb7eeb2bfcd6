"""A scriptable fake of the CubiCasa API for unit tests, served through httpx.MockTransport."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import httpx

from cubicasa_integrate import AsyncCubiCasa, CubiCasa
from tests.support import load_example

__all__ = ["KEY", "FakeAPI", "Reply", "order_json", "page_json"]

KEY = "unit-test-key-7f3a9c"
BASE = "https://app.cubi.casa/api/integrate/v3"
ORDER_ID = "312babc6-e742-4d54-ac49-e0f7b16ec15a"

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def order_json(**info: Any) -> dict[str, Any]:
    order: dict[str, Any] = copy.deepcopy(load_example("upgrade_order.response.json"))
    order["info"].update(info)
    return order


def page_json(items: list[dict[str, Any]], *, has_more: bool, next_offset: int | None = None) -> dict[str, Any]:
    return {"pagination": {"has_more": has_more, "limit": 20, "next_offset": next_offset}, "items": items}


class FakeAPI:
    """Routes by (method, path below the base URL). Each route answers its replies in turn; the last one repeats.

    A reply is an httpx.Response, an exception to raise (e.g. httpx.ConnectError), or a function of the request.
    """

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.requests: list[httpx.Request] = []

    def on(self, method: str, path: str, *replies: Reply) -> FakeAPI:
        self.routes[(method, path)] = list(replies)
        return self

    def calls(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == "/api/integrate/v3" + path]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path.removeprefix("/api/integrate/v3")
        replies = self.routes.get((request.method, path))
        if not replies:
            return httpx.Response(404, json={"detail": f"no fake route for {request.method} {path}"})
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        if isinstance(reply, Exception):
            if isinstance(reply, httpx.RequestError):
                reply.request = request
            raise reply
        if isinstance(reply, httpx.Response):
            # A fresh response each time: one that was already sent cannot be read again.
            return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)
        return reply(request)

    def client(self, **options: Any) -> CubiCasa:
        return CubiCasa(KEY, base_url=BASE, transport=httpx.MockTransport(self), **options)

    def async_client(self, **options: Any) -> AsyncCubiCasa:
        return AsyncCubiCasa(KEY, base_url=BASE, transport=httpx.MockTransport(self), **options)


def json_body(request: httpx.Request) -> Any:
    return json.loads(request.content)

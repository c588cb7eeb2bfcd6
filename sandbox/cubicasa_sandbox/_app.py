"""The sandbox's HTTP surface: the API under `/api/integrate/v3`, the spec, assets and `/_sandbox/` controls.

Routing is strict, like the strictest server a client can meet: it matches the path as sent (still
percent-encoded), so an encoded `/` (`%2F`) stays inside its segment and never reaches another route, and any
segment that decodes to something holding `/` or `\\`, to a dot segment (`.`, `..`) or to a control character is
a 404 `{"detail": "Not Found"}` before any route is tried. No resource id can hold such a segment, so "no such
resource" is the truthful answer; a 400 would claim that a route matched and only a parameter was wrong. Dot
segments are not resolved either: `/orders/../users` is not `/users`.

A request to the API goes through, in this order: routing by the spec (404 / 405), the `api-key` header (401),
fault selection, `latency`, the faults that replace the response before the body is parsed (429, 5xx,
`html_502`, `drop_before`), request validation against the spec (400, documented shape), the operation itself
(which may change state, append to the ledger and fire webhooks), and the faults that hit the response of an
applied operation (`drop_after`, `drop_during`, `truncate`, `slow`).

Dropped connections: plain ASGI cannot close a connection without answering, so the sandbox's own uvicorn
protocol (`_server.py`) registers each connection's transport, and a drop fault aborts that transport, then waits
for uvicorn to see the disconnect (so uvicorn neither answers 500 nor logs an error). Without a registered
transport (under `httpx.ASGITransport`), the app raises `httpx.RemoteProtocolError` instead, which
ASGITransport hands to the caller: the client sees the same exception class either way.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ._assets import none_match, parse_range
from ._backend import SandboxBackend
from ._faults import (
    ASSET_ROUTE,
    FAULT_HEADER,
    STATUS_ROUTE,
    Fault,
    FaultDecision,
    FaultRule,
    FaultSpecError,
    parse_fault,
)
from ._model import InvalidRequest, NotFound, ResponseViolation
from ._spec import BASE_PATH, Operation, spec_bytes, validation_error_body
from ._webhooks import WebhookDispatcher

__all__ = ["HANDLERS", "OFF_SPEC", "OFF_SPEC_ROUTES", "build_app"]

_HOST = re.compile(r"(?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")
_DEFAULT_LIMIT = 20  # documented: "List last 20 orders"


def _root_url(sandbox: SandboxBackend, scope: Scope) -> str:
    """Scheme, host and port for asset URLs: the configured public URL, else what the client called."""
    if sandbox.config.public_url:
        return sandbox.config.public_url.rstrip("/")
    host = ""
    for name, value in scope.get("headers", []):
        if name == b"host":
            host = value.decode("latin-1")
            break
    if not _HOST.fullmatch(host):
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}"


def _json(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()


_UNROUTABLE = re.compile(r"[/\\\x00-\x1f\x7f]")
_DOT_SEGMENTS = frozenset({".", ".."})
_NOT_FOUND = {"detail": "Not Found"}


def _raw_relative_path(scope: Scope) -> str:
    """The path as the client sent it (percent-escapes intact), without `root_path`."""
    raw = scope.get("raw_path")
    # Without raw_path (an ASGI server that does not send it) only the decoded path is known.
    path = raw.decode("latin-1") if isinstance(raw, bytes) else str(scope["path"])
    root_path = scope.get("root_path", "")
    return path[len(root_path) :] if root_path and path.startswith(root_path) else path


def _routable(raw_path: str) -> bool:
    """False when a segment, decoded once, is a dot segment or holds a separator or a control character."""
    for segment in raw_path.split("/"):
        decoded = unquote(segment)
        if segment in _DOT_SEGMENTS or decoded in _DOT_SEGMENTS or _UNROUTABLE.search(decoded):
            return False
    return True


async def _until_disconnect(receive: Receive, limit: int = 10_000) -> None:
    for _ in range(limit):
        message = await receive()
        if message["type"] == "http.disconnect":
            return


async def _sleep_unless_disconnected(receive: Receive, seconds: float) -> None:
    if seconds <= 0:
        return
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(_until_disconnect(receive), timeout=seconds)


@dataclass
class _Exchange:
    """One request in flight and what has been decided about it."""

    sandbox: SandboxBackend
    scope: Scope
    receive: Receive
    send: Send
    request: Request
    request_id: str
    route: str
    operation: Operation | None = None
    path: str = ""
    faults: FaultDecision = field(default_factory=FaultDecision)
    started: bool = False

    @property
    def root_url(self) -> str:
        return _root_url(self.sandbox, self.scope)

    async def send_response(
        self,
        status: int,
        body: bytes,
        headers: Mapping[str, str],
        *,
        check: bool = True,
        content_length: int | None = None,
    ) -> None:
        all_headers = {**headers, "x-request-id": self.request_id}
        if content_length is None:
            content_length = len(body)
        all_headers["content-length"] = str(content_length)
        if check:
            self.check(status, all_headers, body)
        self.started = True
        await self.send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in all_headers.items()],
            }
        )
        send_body = b"" if self.scope["method"] == "HEAD" else body
        await self.send({"type": "http.response.body", "body": send_body})

    async def send_json(self, status: int, payload: Any, headers: Mapping[str, str] | None = None) -> None:
        await self.send_response(status, _json(payload), {"content-type": "application/json", **(headers or {})})

    def check(self, status: int, headers: Mapping[str, str], body: bytes) -> None:
        """Validate the response against the spec (with validate_responses=True) and record the verdict."""
        checker = self.sandbox.audit.checker
        if checker is None or self.operation is None:
            return
        try:
            errors = checker.response_errors(
                self.scope["method"],
                BASE_PATH + self.path,
                self.request.query_params.multi_items(),
                dict(self.request.headers),
                status,
                headers,
                body,
            )
        except Exception as error:  # a checker crash is a finding too
            errors = [f"checker failed: {type(error).__name__}: {error}"]
        violation = None
        if errors:
            violation = ResponseViolation(
                self.operation.operation_id, self.scope["method"], BASE_PATH + self.path, status, tuple(errors)
            )
        self.sandbox.audit.record(violation)

    async def drop(self, start: Message | None = None, partial: bytes = b"", total: int = 0) -> None:
        """Close the connection: before any response byte, or after `start` and `partial` body bytes."""
        transport = self.sandbox.connection(self.scope.get("client"))
        if start is None:
            # Closing a socket with request bytes still unread makes the kernel answer RST instead of FIN, and
            # the client then meets `Connection reset by peer` instead of the documented "disconnected without
            # a response". Reading the whole request first makes every drop a clean close.
            with contextlib.suppress(ClientDisconnect):
                await self.request.body()
        if start is not None:
            self.started = True
            await self.send(start)
            await self.send({"type": "http.response.body", "body": partial, "more_body": True})
        if transport is None:
            if start is None:
                raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
            raise httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body "
                f"(received {len(partial)} bytes, expected {total})"
            )
        write_buffer_size = getattr(transport, "get_write_buffer_size", lambda: 0)
        for _ in range(400):  # let the partial bytes reach the socket first (at most ~2 s)
            if not write_buffer_size():
                break
            await asyncio.sleep(0.005)
        abort = getattr(transport, "abort", None)
        if abort is not None:
            abort()
        else:  # pragma: no cover - every asyncio stream transport has abort()
            transport.close()
        with contextlib.suppress(TimeoutError):  # uvicorn reports the disconnect at once
            await asyncio.wait_for(_until_disconnect(self.receive), timeout=2.0)

    async def pre_fault(self, fault: Fault) -> None:
        """Answer instead of the operation (nothing is applied), or drop the connection."""
        if fault.kind == "drop_before":
            await self.drop()
            return
        if fault.kind == "html_502":
            page = (
                b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>sandbox</center>\r\n</body>\r\n</html>\r\n"
            )
            await self.send_response(502, page, {"content-type": "text/html"}, check=False)
            return
        status = fault.status or 503
        headers = {"content-type": "application/json"}
        if "retry_after" in fault.params or status == 429:
            headers["retry-after"] = str(int(fault.param("retry_after", 1)))
        phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Server Error"
        await self.send_response(status, _json({"detail": f"{phrase} (sandbox fault)"}), headers)

    async def respond(
        self, status: int, body: bytes, headers: Mapping[str, str], content_length: int | None = None
    ) -> None:
        """Send the operation's response, through the post-apply fault if one was chosen."""
        fault = self.faults.post
        limit = self.sandbox.config.max_fault_seconds
        if fault is None:
            await self.send_response(status, body, headers, content_length=content_length)
        elif fault.kind == "slow":
            await _sleep_unless_disconnected(self.receive, min(fault.param("seconds", 5.0), limit))
            await self.send_response(status, body, headers, content_length=content_length)
        elif fault.kind == "truncate":
            cut = min(int(fault.param("bytes", len(body) // 2)), max(0, len(body) - 1))
            await self.send_response(status, body[:cut], headers, check=False)
        elif fault.kind == "drop_during":
            cut = min(int(fault.param("bytes", len(body) // 2)), max(0, len(body) - 1))
            all_headers = {**headers, "x-request-id": self.request_id, "content-length": str(len(body))}
            start: Message = {
                "type": "http.response.start",
                "status": status,
                "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in all_headers.items()],
            }
            await self.drop(start, body[:cut], len(body))
        else:  # drop_after
            await self.drop()


# ------------------------------------------------------------------------------------------------ API handlers
Handler = Callable[[_Exchange, Mapping[str, str], Mapping[str, Any], Any], Awaitable[tuple[Any, list[dict[str, Any]]]]]


def _page(items: Sequence[Any]) -> dict[str, Any]:
    """The envelope of a list the spec gives no limit/offset: every item in one page."""
    return {"has_more": False, "limit": len(items), "next_offset": None, "previous_offset": 0}


async def _list_orders(
    ex: _Exchange, path: Mapping[str, str], query: Mapping[str, Any], body: Any
) -> tuple[Any, list[dict[str, Any]]]:
    page, pagination = ex.sandbox.list_orders(
        int(query.get("limit", _DEFAULT_LIMIT)), int(query.get("offset", 0)), list(query.get("status", []))
    )
    root = ex.root_url
    return {"pagination": pagination, "items": [ex.sandbox.render(order, root) for order in page]}, []


async def _get_order(
    ex: _Exchange, path: Mapping[str, str], query: Mapping[str, Any], body: Any
) -> tuple[Any, list[dict[str, Any]]]:
    return ex.sandbox.render(ex.sandbox.get_order(path["order_id"]), ex.root_url), []


async def _upgrade_order(
    ex: _Exchange, path: Mapping[str, str], query: Mapping[str, Any], body: Any
) -> tuple[Any, list[dict[str, Any]]]:
    # package_type is optional (the spec's UpgradeOrderRequest): absent keeps the package, as null does.
    order = ex.sandbox.purchase(
        path["order_id"], body.get("package_type"), body["add_ons"], ex.request_id, faults=ex.faults.names
    )
    return ex.sandbox.render(order, ex.root_url), []


async def _list_change_requests(
    ex: _Exchange, path: Mapping[str, str], query: Mapping[str, Any], body: Any
) -> tuple[Any, list[dict[str, Any]]]:
    items = ex.sandbox.change_requests(path["order_id"])
    return {"pagination": _page(items), "items": items}, []


async def _add_change_request(
    ex: _Exchange, path: Mapping[str, str], query: Mapping[str, Any], body: Any
) -> tuple[Any, list[dict[str, Any]]]:
    change_request, event = ex.sandbox.add_change_request(path["order_id"], body)
    return change_request, [event]


async def _get_change_request(
    ex: _Exchange, path: Mapping[str, str], query: Mapping[str, Any], body: Any
) -> tuple[Any, list[dict[str, Any]]]:
    return ex.sandbox.change_request(path["order_id"], path["change_request_id"]), []


async def _create_draft(
    ex: _Exchange, path: Mapping[str, str], query: Mapping[str, Any], body: Any
) -> tuple[Any, list[dict[str, Any]]]:
    order, event = ex.sandbox.create_draft(body)
    return ex.sandbox.render(order, ex.root_url), [event]


async def _update_draft(
    ex: _Exchange, path: Mapping[str, str], query: Mapping[str, Any], body: Any
) -> tuple[Any, list[dict[str, Any]]]:
    return ex.sandbox.render(ex.sandbox.update_draft(path["order_id"], body), ex.root_url), []


async def _list_users(
    ex: _Exchange, path: Mapping[str, str], query: Mapping[str, Any], body: Any
) -> tuple[Any, list[dict[str, Any]]]:
    # limit/offset as the spec infers them for this list (the Pagination page), with orders' end-of-list rules.
    users = ex.sandbox.users
    limit, offset = int(query.get("limit", _DEFAULT_LIMIT)), int(query.get("offset", 0))
    page = users[offset : offset + limit]
    has_more = offset + len(page) < len(users)
    pagination = {
        "has_more": has_more,
        "limit": limit,
        "next_offset": offset + len(page) if has_more else None,
        "previous_offset": max(0, offset - limit),
    }
    return {"pagination": pagination, "items": page}, []


async def _add_user(
    ex: _Exchange, path: Mapping[str, str], query: Mapping[str, Any], body: Any
) -> tuple[Any, list[dict[str, Any]]]:
    return ex.sandbox.add_user(body), []


async def _update_webhooks(
    ex: _Exchange, path: Mapping[str, str], query: Mapping[str, Any], body: Any
) -> tuple[Any, list[dict[str, Any]]]:
    return ex.sandbox.update_webhooks(body), []


HANDLERS: dict[str, Handler] = {
    "listOrders": _list_orders,
    "getOrder": _get_order,
    "upgradeOrder": _upgrade_order,
    "listChangeRequests": _list_change_requests,
    "addChangeRequest": _add_change_request,
    "getChangeRequest": _get_change_request,
    "createDraftOrder": _create_draft,
    "updateDraftOrder": _update_draft,
    "listUsers": _list_users,
    "addUser": _add_user,
    "updateCompanyWebhooks": _update_webhooks,
}
"""One handler per operationId of the spec (a unit test proves the two sets are equal)."""


# ----------------------------------------------------------------------------- NOT IN THE SPEC (off-spec routes)
async def _company_info(
    ex: _Exchange, path: Mapping[str, str], query: Mapping[str, Any], body: Any
) -> tuple[Any, list[dict[str, Any]]]:
    # CubiCasa's documentation lists "company information" but documents no shape: this one is the sandbox's own.
    return {"name": "Sandbox Company", "users": len(ex.sandbox.users), "not_in_the_spec": True}, []


OFF_SPEC: dict[tuple[str, str], tuple[str, Handler]] = {
    ("GET", "/companies/info"): ("offSpecCompanyInfo", _company_info),
}
"""NOT IN THE SPEC: routes CubiCasa's documentation lists whose shapes it does not document, so the spec (and the
generated client) leaves them out. The sandbox answers one, so the client's escape hatch for such routes
(`client.get(path, cast_to=...)`, docs/raw-requests.md) is proven end to end: api-key checked (401), faults by
its route name (`offSpecCompanyInfo`), no request or response validation (there is no schema to hold it to)."""
OFF_SPEC_ROUTES = frozenset(route for _, route in OFF_SPEC)


class _Api:
    """Every operation of the spec, under BASE_PATH (`root_path` ends with it)."""

    def __init__(self, sandbox: SandboxBackend) -> None:
        self.sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # pragma: no cover - no websockets here
            return
        sandbox = self.sandbox
        sandbox.bind_loop()
        root_path, full_path = scope.get("root_path", ""), scope["path"]
        path = full_path[len(root_path) :] if root_path and full_path.startswith(root_path) else full_path
        ex = _Exchange(sandbox, scope, receive, send, Request(scope, receive), uuid.uuid4().hex, route="", path=path)
        raw_path = _raw_relative_path(scope)
        if not _routable(raw_path):
            await ex.send_json(404, _NOT_FOUND)
            return
        operation, resolved = sandbox.spec.resolve(scope["method"], raw_path)
        if operation is None and raw_path in OFF_SPEC_ROUTES:
            await self._off_spec(ex, raw_path)
            return
        if operation is None:
            allowed = list(resolved) if isinstance(resolved, list) else []
            if allowed:
                await ex.send_json(405, {"detail": "Method Not Allowed"}, {"allow": ", ".join(allowed)})
            else:
                await ex.send_json(404, _NOT_FOUND)
            return
        assert isinstance(resolved, dict)
        ex.operation, ex.route = operation, operation.operation_id
        try:
            await self._handle(ex, operation, {name: unquote(value) for name, value in resolved.items()})
        except httpx.RemoteProtocolError:
            raise  # a drop fault under ASGITransport: the caller must see it
        except Exception:
            if not ex.started:
                await ex.send_json(500, {"detail": "Internal Server Error (sandbox bug)"})
            raise

    async def _off_spec(self, ex: _Exchange, raw_path: str) -> None:
        """A route of OFF_SPEC (not in the spec): 405 for another method, else the api-key, faults, the handler."""
        method = ex.scope["method"]
        found = OFF_SPEC.get((method, raw_path))
        if found is None:
            allowed = sorted(verb for verb, route in OFF_SPEC if route == raw_path)
            await ex.send_json(405, {"detail": "Method Not Allowed"}, {"allow": ", ".join(allowed)})
            return
        ex.route, handler = found
        if not ex.sandbox.api_key_ok(ex.request.headers.get("api-key")):
            await ex.send_json(401, {"detail": "Missing or invalid api-key header"})
            return
        try:
            ex.faults = ex.sandbox.faults.decide(ex.route, ex.request.headers.get(FAULT_HEADER))
        except FaultSpecError as error:
            await ex.send_json(400, {"detail": str(error)})
            return
        if ex.faults.pre is not None:
            await ex.pre_fault(ex.faults.pre)
            return
        payload, _ = await handler(ex, {}, dict(ex.request.query_params), None)
        await ex.respond(200, _json(payload), {"content-type": "application/json"})

    async def _handle(self, ex: _Exchange, operation: Operation, path_params: dict[str, str]) -> None:
        sandbox, request = ex.sandbox, ex.request
        if operation.secured and not sandbox.api_key_ok(request.headers.get("api-key")):
            await ex.send_json(401, {"detail": "Missing or invalid api-key header"})
            return
        try:
            ex.faults = sandbox.faults.decide(operation.operation_id, request.headers.get(FAULT_HEADER))
        except FaultSpecError as error:
            body = {
                "validation_error": {
                    "header_params": [{"loc": [FAULT_HEADER], "msg": str(error), "type": "value_error.fault"}]
                }
            }
            await ex.send_json(400, body)
            return
        if ex.faults.delay is not None:
            await asyncio.sleep(min(ex.faults.delay.param("ms", 100.0) / 1000, sandbox.config.max_fault_seconds))
        if ex.faults.pre is not None:
            await ex.pre_fault(ex.faults.pre)
            return
        raw = await request.body()
        query, errors = sandbox.validator.query(operation, request.query_params.multi_items())
        body, body_errors = sandbox.validator.body(operation, raw, request.headers.get("content-type", ""))
        errors += body_errors
        events: list[dict[str, Any]] = []
        if errors:
            status, payload = 400, validation_error_body(errors)
        else:
            try:
                payload, events = await HANDLERS[operation.operation_id](ex, path_params, query, body)
                status = 200
            except NotFound as error:
                status, payload = 404, {"detail": str(error)}
            except InvalidRequest as error:
                status, payload = 400, validation_error_body(error.items)
        copies = WebhookDispatcher.copies([ex.faults.webhook] if ex.faults.webhook else [])
        for event in events:
            sandbox.fire(event, copies=copies)
        await ex.respond(status, _json(payload), {"content-type": "application/json"})


class _ApiPrefix:
    """Sends everything under BASE_PATH to the API, whatever the path holds: Starlette's own routing would not
    match a path segment with a newline (`%0A`) and would answer a plain-text 404 the spec does not allow.

    Every other path meets the strict routing rule here too, because Starlette routes on the decoded path, where
    `/_sandbox%2Freset` would be `/_sandbox/reset`."""

    def __init__(self, app: ASGIApp, api: _Api) -> None:
        self.app, self.api = app, api

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw_path = _raw_relative_path(scope)
            if raw_path.startswith(BASE_PATH + "/"):
                await self.api({**scope, "root_path": scope.get("root_path", "") + BASE_PATH}, receive, send)
                return
            if not _routable(raw_path):
                await JSONResponse(_NOT_FOUND, status_code=404)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class _Assets:
    """`GET|HEAD /_sandbox/assets/{order_id}/{name}`: the files behind `delivery_assets`, no api-key needed
    (real asset URLs are pre-signed storage links; any query string is accepted and ignored). Supports
    `If-None-Match` (304) and single `Range` requests (206 / 416, `If-Range`). Every response is counted in
    `Sandbox.asset_traffic`, with the body bytes of the 200 and 206 ones."""

    def __init__(self, sandbox: SandboxBackend) -> None:
        self.sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        sandbox = self.sandbox
        sandbox.bind_loop()
        traffic, status = sandbox.asset_traffic, 0

        async def counted(message: Message) -> None:
            # Counted where the bytes leave the app, so faults that cut a body (truncate, drop_during) and HEAD
            # are counted as sent, not as rendered.
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                traffic.response(status)
            elif message["type"] == "http.response.body":
                traffic.body(status, len(message.get("body", b"")))
            await send(message)

        request = Request(scope, receive)
        ex = _Exchange(sandbox, scope, receive, counted, request, uuid.uuid4().hex, route=ASSET_ROUTE)
        try:
            ex.faults = sandbox.faults.decide(ASSET_ROUTE, request.headers.get(FAULT_HEADER))
        except FaultSpecError as error:
            await ex.send_json(400, {"detail": str(error)})
            return
        if ex.faults.delay is not None:
            await asyncio.sleep(min(ex.faults.delay.param("ms", 100.0) / 1000, sandbox.config.max_fault_seconds))
        if ex.faults.pre is not None:
            await ex.pre_fault(ex.faults.pre)
            return
        try:
            data, content_type = sandbox.asset(scope["path_params"]["order_id"], scope["path_params"]["name"])
        except NotFound:
            await ex.send_json(404, {"detail": "Not Found"})
            return
        etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
        if none_match(", ".join(request.headers.getlist("if-none-match")) or None, etag):
            # If-None-Match is evaluated before Range (RFC 9110 §13.2.2). A 304 carries the validator and the
            # Cache-Control a 200 would, and no other representation metadata (§15.4.5); its Content-Length, if
            # any, must be the 200's (§8.6).
            cached = {"etag": etag, "cache-control": "no-store"}
            await ex.respond(304, b"", cached, content_length=len(data))
            return
        headers = {"content-type": content_type, "accept-ranges": "bytes", "etag": etag, "cache-control": "no-store"}
        wanted = parse_range(request.headers.get("range"), len(data))
        if_range = request.headers.get("if-range")
        if if_range is not None and if_range != etag:
            wanted = None  # the file changed since the client's first part: send it whole (RFC 9110 §13.1.5)
        if wanted is False:
            await ex.send_response(416, b"", {**headers, "content-range": f"bytes */{len(data)}"})
            return
        if wanted is None:
            await ex.respond(200, data, headers)
            return
        headers["content-range"] = f"bytes {wanted.start}-{wanted.end}/{len(data)}"
        await ex.respond(206, data[wanted.start : wanted.end + 1], headers)


# ------------------------------------------------------------------------------------------------ controls
def _control_routes(sandbox: SandboxBackend) -> list[Route]:
    async def index(request: Request) -> Response:
        return JSONResponse(
            {
                "api_base_url": _root_url(sandbox, request.scope) + BASE_PATH,
                "spec": "/openapi.yaml",
                "orders": len(sandbox.order_ids()),
                "assets": {
                    "bytes_sent": sandbox.asset_traffic.bytes_sent,
                    "responses": {str(code): count for code, count in sorted(sandbox.asset_traffic.responses.items())},
                },
                "controls": {
                    "GET /_sandbox/ledger": "purchases applied since the last reset",
                    "POST /_sandbox/reset": "back to the seeded state",
                    "GET|PUT|POST|DELETE /_sandbox/faults": "the fault plan: read, replace, append to, clear",
                    "POST /_sandbox/orders/{order_id}/status": 'move an order ({"status": "Ready"}), fire webhooks',
                    "GET /_sandbox/webhooks": "webhook configuration and every delivery",
                    "GET /_sandbox/violations": "responses that broke the spec (validate_responses=True)",
                    "GET /_sandbox/assets/{order_id}/{name}": "asset files (no api-key, If-None-Match, Range)",
                },
            }
        )

    async def ledger(request: Request) -> Response:
        return JSONResponse({"items": [entry.to_dict() for entry in sandbox.ledger]})

    async def reset(request: Request) -> Response:
        sandbox.reset()
        return JSONResponse({"orders": len(sandbox.order_ids())})

    async def faults(request: Request) -> Response:
        try:
            if request.method == "DELETE":
                sandbox.faults.clear()
            elif request.method in ("PUT", "POST"):
                payload = json.loads(await request.body() or b"{}")
                given = payload.get("rules", [payload["rule"]] if "rule" in payload else [])
                rules = [_rule(item) for item in given]
                if request.method == "PUT":
                    sandbox.faults.replace(rules)
                else:
                    for rule in rules:
                        sandbox.faults.add(rule)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            return JSONResponse({"detail": str(error)}, status_code=400)
        return JSONResponse({"rules": sandbox.faults.rules()})

    async def status(request: Request) -> Response:
        try:
            payload = json.loads(await request.body() or b"{}")
            decision = sandbox.faults.decide(STATUS_ROUTE, request.headers.get(FAULT_HEADER), frozenset({"webhook"}))
            copies = WebhookDispatcher.copies([decision.webhook] if decision.webhook else [])
            event = sandbox.set_order_status(
                request.path_params["order_id"],
                str(payload["status"]),
                product_type=str(payload.get("product_type", "products_2d")),
                webhook_copies=copies,
            )
        except NotFound as error:
            return JSONResponse({"detail": str(error)}, status_code=404)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            return JSONResponse({"detail": str(error)}, status_code=400)
        return JSONResponse(event)

    async def webhooks(request: Request) -> Response:
        return JSONResponse(
            {"config": sandbox.webhook_config, "deliveries": [d.to_dict() for d in sandbox.webhook_deliveries]}
        )

    async def violations(request: Request) -> Response:
        return JSONResponse(
            {
                "checked": sandbox.audit.checked,
                "violations": [violation.to_dict() for violation in sandbox.audit.violations],
            }
        )

    return [
        Route("/_sandbox", index, methods=["GET"]),
        Route("/_sandbox/ledger", ledger, methods=["GET"]),
        Route("/_sandbox/reset", reset, methods=["POST"]),
        Route("/_sandbox/faults", faults, methods=["GET", "PUT", "POST", "DELETE"]),
        Route("/_sandbox/orders/{order_id}/status", status, methods=["POST"]),
        Route("/_sandbox/webhooks", webhooks, methods=["GET"]),
        Route("/_sandbox/violations", violations, methods=["GET"]),
    ]


def _rule(item: Any) -> FaultRule:
    """A fault rule from the control endpoint: a rule string, or {"fault", "route", "times", "p"}."""
    if isinstance(item, str):
        return parse_fault(item)
    text = ";".join(
        [str(item["fault"])] + [f"{key}={item[key]}" for key in ("route", "times", "p") if item.get(key) is not None]
    )
    return parse_fault(text)


async def _spec(request: Request) -> Response:
    return Response(spec_bytes(), media_type="application/yaml")


def build_app(sandbox: SandboxBackend) -> Starlette:
    """The ASGI app serving `sandbox` (`Sandbox.app` builds it once; any `SandboxBackend` will do)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        sandbox.bind_loop()
        try:
            yield
        finally:
            await sandbox.aclose()

    routes = [
        Route("/openapi.yaml", _spec, methods=["GET"]),
        *_control_routes(sandbox),
        Route("/_sandbox/assets/{order_id}/{name}", _Assets(sandbox), methods=["GET", "HEAD"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(_ApiPrefix, api=_Api(sandbox))])
    app.state.sandbox = sandbox
    app.state.started_at = time.time()
    return app

"""`with_raw_response`: a call's result together with the HTTP response it came from.

    response = client.orders.with_raw_response.get(order_id)
    response.status_code, response.headers, response.request_id
    order = response.parse()

The call runs exactly as without it (retries, errors, the purchase's checks); the request loop records each
complete response it reads while the call runs, and the wrapper pairs the call's result with the last one. The
body is decoded by the call itself, so `parse()` never raises: a body that does not decode fails the call.
Headers are shown redacted like every error and log record, so an api-key echoed by a server stays hidden.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Generic, ParamSpec, TypeVar

import httpx

from ._logging import redact

__all__ = ["APIResponse", "async_to_raw_response_wrapper", "record_response", "to_raw_response_wrapper"]

P = ParamSpec("P")
R = TypeVar("R")

# Request ids under the names APIs and gateways commonly use; CubiCasa documents none (the first one present wins).
REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-amz-cf-id", "cf-ray")


@dataclass(frozen=True)
class _Seen:
    method: str
    path: str
    status_code: int
    headers: httpx.Headers


_recorder: ContextVar[list[_Seen] | None] = ContextVar("cubicasa_raw_responses", default=None)


def record_response(method: str, path: str, status_code: int, headers: httpx.Headers) -> None:
    """Called by the request loop for every complete response; keeps it only inside a with_raw_response call."""
    seen = _recorder.get()
    if seen is not None:
        seen.append(_Seen(method, path, status_code, headers))


@contextmanager
def _recording() -> Iterator[list[_Seen]]:
    seen: list[_Seen] = []
    token = _recorder.set(seen)
    try:
        yield seen
    finally:
        _recorder.reset(token)


@dataclass(frozen=True)
class APIResponse(Generic[R]):
    """The HTTP response a call's result came from (the last one, for a call that makes several)."""

    method: str
    path: str
    status_code: int
    headers: httpx.Headers = field(repr=False)
    """The response headers, values redacted of the api-key."""
    _parsed: R = field(repr=False)

    @property
    def request_id(self) -> str | None:
        """The server's id for the request, if it sent one under a usual header name (see REQUEST_ID_HEADERS)."""
        for name in REQUEST_ID_HEADERS:
            if name in self.headers:
                return self.headers[name]
        return None

    def parse(self) -> R:
        """The call's result: what the method returns without with_raw_response."""
        return self._parsed


def _response(seen: list[_Seen], parsed: R) -> APIResponse[R]:
    last = seen[-1]  # a call that returns made at least one request and read its response
    headers = httpx.Headers([(name, redact(value)) for name, value in last.headers.multi_items()])
    return APIResponse(last.method, last.path, last.status_code, headers, parsed)


def to_raw_response_wrapper(method: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        with _recording() as seen:
            parsed = method(*args, **kwargs)
        return _response(seen, parsed)

    return wrapped


def async_to_raw_response_wrapper(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[APIResponse[R]]]:
    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        with _recording() as seen:
            parsed = await method(*args, **kwargs)
        return _response(seen, parsed)

    return wrapped

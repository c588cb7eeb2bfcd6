"""`with_raw_response`: a call's result together with the HTTP response of the request that defines it.

    response = client.orders.with_raw_response.get(order_id)
    response.status_code, response.headers, response.request_id, response.retries_taken, response.content
    order = response.parse()

Built as openai-python builds it: the wrapper adds the wish for a raw response to the call's options (a marked
`extra_headers` mapping, which RequestOptions turns into `raw_response=True`; it is never sent as a header), the
call runs exactly as without it (retries, errors, the purchase's checks), the request loop returns the response
of *that* request after its own retries (an `Answer`), and the method returns an APIResponse built from it with
its result. Nothing is recorded on the side: the response belongs to its call.

Which response, for a call that makes several requests: the one of its *defining* request.
- `orders.upgrade`: the purchase POST, after its retries - also when its outcome was unknown (a 5xx, an unreadable
  body) and the re-read settled it: then `status_code` is the POST's 500 and `parse()` the reconciled order. When
  the POST got no response at all (a dropped connection, a timeout after sending) and the re-read shows it
  applied, there is no response to return: NoRawResponseError, whose `.result` is the order (do not buy again).
  When nothing was sent (the order already had it all: `.purchase.sent` False), the snapshot GET's response.
- Every other raw method makes one request. `list` (a lazy Pager: its pages come as you iterate) and `wait` (its
  reads are polls) are not offered.

The body is decoded by the call itself, so `parse()` never raises: a body that does not decode fails the call.
`content` is the body as received (as `parse()` is); headers - the response's and `http_request`'s - are
redacted of every credential the request carried (the client's api-key and credential headers, the call's own),
sent or echoed.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, ParamSpec, Protocol, TypeVar, cast

import httpx

from ._logging import Redactor
from .errors import APIError

__all__ = [
    "REQUEST_ID_HEADERS",
    "APIResponse",
    "Answer",
    "RawResponseWish",
    "async_to_raw_response_wrapper",
    "respond",
    "to_raw_response_wrapper",
]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

# Request ids under the names APIs and gateways commonly use; CubiCasa documents none (the first one present wins).
REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-amz-cf-id", "cf-ray")


class RawResponseWish(dict[str, str]):
    """The `extra_headers` a with_raw_response wrapper passes: the caller's own, marked with the wish for the raw
    response (RequestOptions reads the mark; a plain dict can never carry it, so no header a user sets can)."""


@dataclass(frozen=True, slots=True)
class Answer(Generic[T]):
    """The last complete response of one request, after its retries, judged by the request loop: `outcome` is
    the decoded result or the documented error for it. Internal: `request` holds the credentials sent."""

    request: httpx.Request
    method: str
    path: str
    status_code: int
    headers: httpx.Headers
    content: bytes
    outcome: T | APIError
    retries_taken: int
    redactor: Redactor
    """The credentials the request carried (the client's and the call's own): what its raw response hides."""

    def result(self) -> T:
        """The decoded result, or the error raised (a status, redirect or decoding error)."""
        if isinstance(self.outcome, APIError):
            raise self.outcome
        return self.outcome


def _redacted(headers: httpx.Headers, redactor: Redactor) -> httpx.Headers:
    return httpx.Headers([(name, redactor.redact(value)) for name, value in headers.multi_items()])


@dataclass(frozen=True, slots=True)
class APIResponse(Generic[R]):
    """The HTTP response of the request that defines a call's result (see the module for which one), with that
    result: `parse()` returns what the method returns without with_raw_response."""

    method: str
    path: str
    status_code: int
    retries_taken: int
    """How many times the request loop retried this request before this response (0: the first attempt)."""
    url: httpx.URL
    headers: httpx.Headers = field(repr=False)
    """The response headers, values redacted of every credential (api-key, Authorization, ...)."""
    content: bytes = field(repr=False)
    """The body as received (after Content-Encoding), the bytes `parse()` was decoded from."""
    http_request: httpx.Request = field(repr=False)
    """A copy of the request sent (method, URL, headers, body), its credential headers redacted."""
    _parsed: R = field(repr=False)

    @classmethod
    def of(cls, answer: Answer[Any], parsed: R) -> APIResponse[R]:
        sent = answer.request
        # A copy, never the request sent: its headers hold the api-key.
        request = httpx.Request(
            sent.method, sent.url, headers=_redacted(sent.headers, answer.redactor), content=sent.content
        )
        return cls(
            method=answer.method,
            path=answer.path,
            status_code=answer.status_code,
            retries_taken=answer.retries_taken,
            url=sent.url,
            headers=_redacted(answer.headers, answer.redactor),
            content=answer.content,
            http_request=request,
            _parsed=parsed,
        )

    @property
    def request_id(self) -> str | None:
        """The server's id for the request, if it sent one under a usual header name (see REQUEST_ID_HEADERS)."""
        for name in REQUEST_ID_HEADERS:
            if name in self.headers:
                return self.headers[name]
        return None

    def read(self) -> bytes:
        """The body (already read: the same bytes as `content`)."""
        return self.content

    def parse(self) -> R:
        """The call's result: what the method returns without with_raw_response."""
        return self._parsed


class _Options(Protocol):
    """What respond() reads of the loop's RequestOptions (a Protocol: _base_client imports this module)."""

    @property
    def raw_response(self) -> bool: ...


def respond(options: _Options, answer: Answer[Any], result: R) -> R:
    """What a method returns: `result`, or - when its options carry the raw wish - the APIResponse of `answer` (its
    defining request) with `result`. Typed R, as openai-python does: the method returns it as is, and the
    with_raw_response wrapper types it APIResponse[R]."""
    if not options.raw_response:
        return result
    return cast(R, APIResponse.of(answer, result))


def _with_wish(kwargs: dict[str, Any]) -> None:
    kwargs["extra_headers"] = RawResponseWish(kwargs.get("extra_headers") or {})


def _checked(method: Callable[..., Any], returned: object) -> APIResponse[Any]:
    if not isinstance(returned, APIResponse):  # a method that does not pass its options on: a bug, said at once
        raise TypeError(f"{method.__qualname__} does not honour with_raw_response (it returned {type(returned)})")
    return returned


def to_raw_response_wrapper(method: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        _with_wish(kwargs)
        return _checked(method, method(*args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[APIResponse[R]]]:
    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        _with_wish(kwargs)
        return _checked(method, await method(*args, **kwargs))

    return wrapped

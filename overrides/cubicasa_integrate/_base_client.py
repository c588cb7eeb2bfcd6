"""Runs one API operation through its generated function: retries, error mapping, decoding guards and logging.

Every resource method describes its operation as a `Call` (which generated function, with which arguments,
whether it may be sent twice); `SyncCore.request` / `AsyncCore.request` do the rest. The generated functions do
the wire format and the decoding; this module turns their results and exceptions into the documented errors.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from ._client_factory import make_generated_client
from ._logging import logger, redact
from ._retries import RetryPolicy, parse_retry_after
from ._transports import AsyncSizeLimitedTransport, ResponseTooLarge, SizeLimitedTransport
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    UnprocessableEntityError,
)

if TYPE_CHECKING:  # the generated package (and attrs) load when a client is built, not with this module
    from cubicasa_integrate_api import AuthenticatedClient
    from cubicasa_integrate_api.types import Response

__all__ = ["AsyncCore", "Call", "SyncCore"]

T = TypeVar("T")

# What the generated from_dict/json() raise on a body that is not what the spec says (JSONDecodeError is a
# ValueError). They must never reach a caller bare.
DECODE_ERRORS = (KeyError, ValueError, TypeError, AttributeError, IndexError, RecursionError, ResponseTooLarge)
# Errors raised before anything was sent: the server cannot have acted on the request.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol, httpx.ProxyError)
STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}

# The last response the current request got, so an undecodable body can still be reported with its status.
_last_response: ContextVar[httpx.Response | None] = ContextVar("cubicasa_last_response", default=None)


def _remember_response(response: httpx.Response) -> None:
    _last_response.set(response)


async def _remember_response_async(response: httpx.Response) -> None:
    _last_response.set(response)


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One API operation, ready to send: the generated function with its arguments bound (all but `client`)."""

    method: str
    path: str
    returns: type[T]
    sync: Callable[..., Response[Any]]
    asyncio: Callable[..., Awaitable[Response[Any]]]
    idempotent: bool = True
    """May be sent twice with the same effect: retried after any transient failure. False for every POST."""

    @property
    def describe(self) -> str:
        return f"{self.method} {self.path}"


def _summary(body: Any, text: str) -> str:
    shown = json.dumps(body, ensure_ascii=False) if body is not None else text.strip()
    return redact(shown[:300] + ("…" if len(shown) > 300 else ""))


def _json_or_none(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return None


def status_error(call: Call[Any], status: int, content: bytes, headers: Mapping[str, str]) -> APIStatusError:
    body = _json_or_none(content)
    text = content.decode("utf-8", errors="replace")
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Error"
    message = f"{status} {reason} for {call.describe}"
    summary = _summary(body, text)
    if summary:
        message += f": {summary}"
    common: dict[str, Any] = {
        "method": call.method,
        "path": call.path,
        "status_code": status,
        "body": body,
        "text": redact(text),
        "headers": headers,
    }
    if status == 429:
        return RateLimitError(message, retry_after=parse_retry_after(headers.get("retry-after")), **common)
    cls = STATUS_ERRORS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    return cls(message, **common)


def transport_error(call: Call[Any], error: httpx.TransportError) -> APIConnectionError:
    sent = not isinstance(error, NOT_SENT)
    kind = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if kind is APITimeoutError else "failed"
    message = f"{call.describe} {what}: {type(error).__name__}: {redact(str(error)) or 'no details'}"
    if not sent:
        message += " (the request was not sent)"
    return kind(message, method=call.method, path=call.path, request_sent=sent)


def _content(raw: httpx.Response) -> bytes:
    """What was read of the body (nothing, if reading it failed, e.g. because it was too large)."""
    try:
        return raw.content
    except httpx.ResponseNotRead:
        return b""


def decode_error(call: Call[Any], raw: httpx.Response, error: BaseException) -> APIStatusError | ResponseDecodeError:
    if raw.status_code >= 400:
        return status_error(call, raw.status_code, _content(raw), raw.headers)
    text = _content(raw).decode("utf-8", errors="replace")
    return ResponseDecodeError(
        f"{call.describe} answered {raw.status_code} with a body that is not a valid {call.returns.__name__} "
        f"({type(error).__name__}: {redact(str(error))[:200]}); body starts: {redact(text[:120])!r}",
        method=call.method,
        path=call.path,
        status_code=raw.status_code,
        text=redact(text),
    )


def result(call: Call[T], response: Response[Any]) -> T:
    status = int(response.status_code)
    if status >= 400:
        raise status_error(call, status, response.content, response.headers)
    if isinstance(response.parsed, call.returns):
        return response.parsed
    raise ResponseDecodeError(
        f"{call.describe} answered {status} without a valid {call.returns.__name__}",
        method=call.method,
        path=call.path,
        status_code=status,
        text=redact(response.content.decode("utf-8", errors="replace")),
    )


def _replaying(first_failure: Exception, attempt: Callable[[Call[T]], T]) -> Callable[[Call[T]], T]:
    """`attempt` for a retry loop whose first attempt already ran and failed: the loop's attempt 1 re-raises that
    failure instead of sending again, so its waits, logs and attempt limit are exactly those of a loop that ran
    every attempt itself."""
    pending = [first_failure]

    def replay(call: Call[T]) -> T:
        if pending:
            raise pending.pop()
        return attempt(call)

    return replay


def _replaying_async(
    first_failure: Exception, attempt: Callable[[Call[T]], Awaitable[T]]
) -> Callable[[Call[T]], Awaitable[T]]:
    """The asyncio twin of _replaying."""
    pending = [first_failure]

    async def replay(call: Call[T]) -> T:
        if pending:
            raise pending.pop()
        return await attempt(call)

    return replay


def _log_attempt(call: Call[Any], started: float, outcome: object) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("%s -> %s in %.1f ms", call.describe, outcome, (time.perf_counter() - started) * 1000)


class _Core:
    def __init__(
        self,
        api_key: str,
        *,
        base_url: str,
        timeout: httpx.Timeout,
        max_retries: int,
        httpx_args: dict[str, Any],
    ) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.retry_policy = RetryPolicy(max_retries=max_retries)
        self.generated: AuthenticatedClient = make_generated_client(
            api_key, base_url=base_url, timeout=timeout, httpx_args=httpx_args
        )

    def _failure(self, call: Call[Any], error: Exception, started: float) -> Exception:
        """The documented error for an exception raised by a generated function, or the exception itself."""
        from cubicasa_integrate_api.errors import UnexpectedStatus

        if isinstance(error, httpx.TransportError):
            failure: Exception = transport_error(call, error)
        elif isinstance(error, UnexpectedStatus):
            failure = status_error(call, error.status_code, error.content, {})
            if error.status_code < 400:
                failure = ResponseDecodeError(
                    f"{call.describe} answered an undocumented {error.status_code}",
                    method=call.method,
                    path=call.path,
                    status_code=error.status_code,
                    text=redact(error.content.decode("utf-8", errors="replace")),
                )
        elif isinstance(error, DECODE_ERRORS) and (raw := _last_response.get()) is not None:
            failure = decode_error(call, raw, error)
        else:
            return error
        _log_attempt(call, started, type(failure).__name__)
        return failure


class SyncCore(_Core):
    def __init__(
        self, api_key: str, *, transport: httpx.BaseTransport | None, max_response_bytes: int, **options: Any
    ) -> None:
        httpx_args: dict[str, Any] = {
            "event_hooks": {"response": [_remember_response]},
            "transport": SizeLimitedTransport(transport or httpx.HTTPTransport(), max_response_bytes),
        }
        super().__init__(api_key, httpx_args=httpx_args, **options)
        self.http = self.generated.get_httpx_client()

    def request(self, call: Call[T]) -> T:
        # Fast path: one attempt and no retry machinery (building tenacity's loop costs about 30 us a call).
        try:
            return self._attempt(call)
        except Exception as error:
            if not self.retry_policy.retries(error, idempotent=call.idempotent):
                raise
            first_failure = error
        retrying = self.retry_policy.retrying(call.describe, idempotent=call.idempotent)
        outcome: T = retrying(_replaying(first_failure, self._attempt), call)
        return outcome

    def _attempt(self, call: Call[T]) -> T:
        started = time.perf_counter()
        token = _last_response.set(None)
        try:
            response = call.sync(client=self.generated)
        except Exception as error:
            failure = self._failure(call, error, started)
            if failure is error:
                raise
            raise failure from error
        finally:
            _last_response.reset(token)
        _log_attempt(call, started, response.status_code)
        return result(call, response)

    def close(self) -> None:
        self.http.close()


class AsyncCore(_Core):
    def __init__(
        self, api_key: str, *, transport: httpx.AsyncBaseTransport | None, max_response_bytes: int, **options: Any
    ) -> None:
        httpx_args: dict[str, Any] = {
            "event_hooks": {"response": [_remember_response_async]},
            "transport": AsyncSizeLimitedTransport(transport or httpx.AsyncHTTPTransport(), max_response_bytes),
        }
        super().__init__(api_key, httpx_args=httpx_args, **options)
        self.http = self.generated.get_async_httpx_client()

    async def request(self, call: Call[T]) -> T:
        # Fast path, as SyncCore.request: the retry loop is built only after a failure worth retrying.
        try:
            return await self._attempt(call)
        except Exception as error:
            if not self.retry_policy.retries(error, idempotent=call.idempotent):
                raise
            first_failure = error
        retrying = self.retry_policy.async_retrying(call.describe, idempotent=call.idempotent)
        outcome: T = await retrying(_replaying_async(first_failure, self._attempt), call)
        return outcome

    async def _attempt(self, call: Call[T]) -> T:
        started = time.perf_counter()
        token = _last_response.set(None)
        try:
            response = await call.asyncio(client=self.generated)
        except Exception as error:
            failure = self._failure(call, error, started)
            if failure is error:
                raise
            raise failure from error
        finally:
            _last_response.reset(token)
        _log_attempt(call, started, response.status_code)
        return result(call, response)

    async def aclose(self) -> None:
        await self.http.aclose()

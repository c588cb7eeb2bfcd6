"""The request loop: every API call goes through `SyncAPIClient.request` / `AsyncAPIClient.request`.

One loop per call, as the best SDKs have it: the request is built by the generated operation's own request
builder (`build_request`: method, path, query, body - written once, in the spec), sent by this client's httpx
client, and each attempt is judged on the raw response or transport error *before* anything is parsed: retry
(only what may be sent twice), raise the documented error built from the raw status, headers and body, or decode
a documented 2xx once, eagerly, into the operation's model (`RESPONSES`; _decode: msgspec, in C). `answer()`
returns the request's last complete response so judged (an `Answer`, an error answer included), `request()` its
result: the response belongs to the request that got it, and with_raw_response builds its APIResponse from it
(cubicasa_integrate._response).

Hostile responses end in the documented errors, and nothing the server sent can carry the api-key out:
- the body is read decoded (after Content-Encoding), so `max_response_bytes` caps what lands in memory, not what
  travelled;
- JSON nested beyond what the parsers can read, a wrong type in a required field, an undocumented status: all
  are `ResponseDecodeError`, never a bare RecursionError, KeyError or JSONDecodeError;
- errors are raised outside the `except` blocks that caught httpx's exceptions, so neither `__cause__` nor
  `__context__` leads back to an httpx Request (whose headers hold the key) or to a JSONDecodeError's `.doc`.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from . import _retries
from ._constants import API_KEY_HEADER
from ._drift import audit, should_audit
from ._logging import Redactor, hold, logger, release, release_when_collected
from ._options import user_agent
from ._response import Answer, RawResponseWish, respond
from ._retries import RetryPolicy, parse_retry_after
from .errors import (
    APIConnectionError,
    APIError,
    APIRedirectError,
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

if TYPE_CHECKING:
    from ._options import ClientOptions

__all__ = ["AsyncAPIClient", "BaseAPIClient", "Call", "RawOperation", "RequestOptions", "SyncAPIClient"]

T = TypeVar("T")

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
SUMMARY_LIMIT = 300


@dataclass(frozen=True, slots=True)
class RawOperation:
    """A request the spec does not describe (client.get/post/...; cubicasa_integrate._raw): its method and its
    path, already checked segment by segment, its query and JSON body, and how its 2xx body is decoded (`decode`
    raises DecodeFailure). It takes the request loop a generated operation takes: same headers, limits, retries,
    errors."""

    method: str
    path: str
    params: Mapping[str, Any]
    json: Any
    has_body: bool
    decode: Callable[[bytes], Any]

    def build_request(self, **_: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"method": self.method, "url": self.path}
        if self.params:
            kwargs["params"] = dict(self.params)
        if self.has_body:
            kwargs["json"] = self.json
        return kwargs


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One API operation: the generated endpoint module (or a RawOperation), its arguments (all but `client`),
    and what it returns."""

    operation: ModuleType | RawOperation
    returns: type[T]
    arguments: Mapping[str, Any] = field(default_factory=dict)
    idempotent: bool = True
    """May be sent twice with the same effect: retried after any transient failure. False for every POST."""

    @property
    def route(self) -> str:
        """`METHOD /path` as the generated request builder makes it (the spec's method and path, ids filled in)."""
        kwargs = self.operation.build_request(**self.arguments)
        return f"{str(kwargs['method']).upper()} {kwargs['url']}"


@dataclass(frozen=True, slots=True)
class RequestOptions:
    """Options of one method call (`extra_headers=`, `extra_query=`, `extra_body=`, `timeout=` on every method),
    for each of its requests."""

    extra_headers: Mapping[str, str] | None = None
    """Sent after every other header: they win over default_headers and the User-Agent."""
    timeout: float | httpx.Timeout | None = None
    """For this call only; the client's timeout otherwise."""
    extra_query: Mapping[str, Any] | None = None
    """Query parameters added to the operation's own (merged: one the operation has is refused, see with_extras)."""
    extra_body: Mapping[str, Any] | None = None
    """Top-level keys added to the operation's JSON body (merged: one the body has is refused, see with_extras)."""
    raw_response: bool = False
    """Set by with_raw_response (its wrapper passes a RawResponseWish as extra_headers; nothing is sent for it):
    `request` returns the APIResponse of the request, and a method of several requests returns the one of its
    defining request (cubicasa_integrate._response)."""

    def __post_init__(self) -> None:
        if isinstance(self.extra_headers, RawResponseWish):
            object.__setattr__(self, "raw_response", True)
            object.__setattr__(self, "extra_headers", dict(self.extra_headers))


NO_OPTIONS = RequestOptions()


@dataclass(frozen=True, slots=True)
class _Prepared:
    method: str
    path: str
    request: httpx.Request
    redactor: Redactor
    """The credentials this request carries (the client's and its call's own): its errors are redacted of them,
    and they are in the live set while the call runs (cubicasa_integrate._logging)."""

    @property
    def describe(self) -> str:
        return f"{self.method} {self.path}"


class ResponseTooLarge(Exception):
    """The decoded body passed max_response_bytes while it was read."""


def _summary(body: Any, text: str, redactor: Redactor) -> str:
    try:
        shown = json.dumps(body, ensure_ascii=False) if body is not None else text.strip()
    except (ValueError, TypeError, RecursionError):
        shown = text.strip()
    # The error classes redact what they are given, but the summary is cut here: redact first, so that a cut can
    # never leave a piece of the key behind.
    shown = redactor.redact(shown)
    return shown[:SUMMARY_LIMIT] + ("…" if len(shown) > SUMMARY_LIMIT else "")


def status_error(prepared: _Prepared, status: int, content: bytes, headers: Mapping[str, str]) -> APIStatusError:
    from ._decode import json_or_none

    body = json_or_none(content)
    text = content.decode("utf-8", errors="replace")
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Error"
    message = f"{status} {reason} for {prepared.describe}"
    summary = _summary(body, text, prepared.redactor)
    if summary:
        message += f": {summary}"
    common: dict[str, Any] = {
        "method": prepared.method,
        "path": prepared.path,
        "status_code": status,
        "body": body,
        "text": text,
        "headers": headers,
    }
    if status == 429:
        return RateLimitError(message, retry_after=parse_retry_after(headers.get("retry-after")), **common)
    cls = STATUS_ERRORS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    return cls(message, **common)


CREDENTIAL_HEADERS = ("api-key", "authorization", "proxy-authorization", "cookie")


def credentials(headers: httpx.Headers) -> frozenset[str]:
    """Every credential a request carries, however it was given (default_headers, extra_headers): each is
    redacted like the api-key."""
    return frozenset(value for name in CREDENTIAL_HEADERS for value in headers.get_list(name) if value)


def redirect_error(prepared: _Prepared, status: int, headers: Mapping[str, str]) -> APIRedirectError:
    location = prepared.redactor.redact(headers.get("location", ""))
    return APIRedirectError(
        f"{prepared.describe} answered {status} (a redirect, not followed) to {location[:120]!r}",
        method=prepared.method,
        path=prepared.path,
        status_code=status,
        location=location,
    )


def transport_error(prepared: _Prepared, error: Exception, *, reading: bool = False) -> APIConnectionError:
    """The documented error for an httpx failure. It keeps the failure's type and text, never the httpx object."""
    sent = reading or not isinstance(error, NOT_SENT)
    kind = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if kind is APITimeoutError else "failed"
    message = prepared.redactor.redact(
        f"{prepared.describe} {what}: {type(error).__name__}: {str(error) or 'no details'}"
    )
    if not sent:
        message += " (the request was not sent)"
    return kind(message, method=prepared.method, path=prepared.path, request_sent=sent)


def decode_error(prepared: _Prepared, status: int, content: bytes, problem: str) -> ResponseDecodeError:
    text = prepared.redactor.redact(content.decode("utf-8", errors="replace"))
    return ResponseDecodeError(
        f"{prepared.describe} answered {status} with {problem}; body starts: {text[:120]!r}",
        method=prepared.method,
        path=prepared.path,
        status_code=status,
        text=text,
    )


def _declared_too_large(response: httpx.Response, limit: int) -> bool:
    declared = response.headers.get("content-length", "")
    return declared.isdigit() and int(declared) > limit


def _capped(chunks: Iterator[bytes], limit: int) -> Iterator[bytes]:
    received = 0
    for chunk in chunks:
        received += len(chunk)
        if received > limit:
            raise ResponseTooLarge
        yield chunk


def _log_attempt(prepared: _Prepared, started: float, outcome: object) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("%s -> %s in %.1f ms", prepared.describe, outcome, (time.perf_counter() - started) * 1000)


_QUERY_VALUE = (str, int, float, bool, type(None))


def is_query_value(value: object) -> bool:
    if isinstance(value, list | tuple):
        return all(isinstance(item, _QUERY_VALUE) for item in value)
    return isinstance(value, _QUERY_VALUE)


def with_extras(kwargs: dict[str, Any], call: Call[Any], options: RequestOptions, describe: str) -> None:
    """Add a call's extra_query / extra_body to the request the operation built, in place. Extras add, they never
    replace: a query parameter the operation has (sent or not, e.g. a list's `offset`) or a key its body already
    holds is refused, as is an extra_body for a request without a JSON object body. ValueError / TypeError, before
    anything is sent; what the extras may not change about a purchase is orders.upgrade's to check."""
    if options.extra_query:
        if not isinstance(options.extra_query, Mapping):
            raise TypeError(f"extra_query must be a mapping, got {type(options.extra_query).__name__}")
        params = dict(kwargs.get("params") or {})
        own = set(params) | {name for name in call.arguments if name != "body"}
        for name, value in options.extra_query.items():
            if not isinstance(name, str) or not is_query_value(value):
                raise TypeError(
                    f"extra_query[{name!r}] for {describe}: names are str, values str, int, float, bool, None "
                    "or a list of them"
                )
            if name in own:
                raise ValueError(
                    f"extra_query[{name!r}] for {describe}: the method sets {name!r} itself (pass it as the "
                    "method's argument); extras add parameters, they do not replace them"
                )
        kwargs["params"] = {**params, **options.extra_query}
    if options.extra_body:
        if not isinstance(options.extra_body, Mapping):
            raise TypeError(f"extra_body must be a mapping, got {type(options.extra_body).__name__}")
        body = kwargs.get("json")
        if not isinstance(body, dict):
            raise ValueError(f"extra_body for {describe}: this request has no JSON object body to add keys to")
        for name in options.extra_body:
            if not isinstance(name, str):
                raise TypeError(f"extra_body keys are str, got {name!r}")
            if name in body:
                raise ValueError(
                    f"extra_body[{name!r}] for {describe}: the body already holds {name!r} (pass it as the "
                    "method's argument); extras add keys, they do not replace them"
                )
        kwargs["json"] = {**body, **options.extra_body}


class BaseAPIClient:
    """What the sync and async loops share: the options, building a request, and judging a complete response.

    Requests are built with absolute URLs and this client's headers on the httpx client in use, so a client the
    user passed (http_client=) keeps its own settings - proxies, certificates, event hooks, its own headers - and
    is never changed. Header order, later winning: the httpx client's own, User-Agent, default_headers, the
    api-key, the operation's own (Content-Type), a call's extra_headers.

    Its credentials are its own (`redactor`): they are in the package's live redaction set from construction until
    close() or garbage collection, and each call's while it runs (cubicasa_integrate._logging); nothing of them
    stays in the process after that.
    """

    def __init__(self, options: ClientOptions, *, owns_http: bool) -> None:
        self.options = options
        self.owns_http = owns_http
        """False for a client the user passed, or a with_options copy: closing this one leaves it open."""
        self.retry_policy = RetryPolicy(max_retries=options.max_retries)
        self._headers = httpx.Headers({"User-Agent": user_agent(), **options.default_headers})
        self._headers[API_KEY_HEADER] = options.api_key
        self.redactor = Redactor(credentials(self._headers))
        """This client's credentials: the api-key and every credential header of default_headers."""
        hold(self.redactor.secrets)
        self._collected = release_when_collected(self, self.redactor.secrets)  # if it is never closed

    def _release(self) -> None:
        """Take this client's credentials out of the live set, once (close() may be called again)."""
        if self._collected.detach() is not None:
            release(self.redactor.secrets)

    @property
    def base_url(self) -> str:
        return self.options.base_url

    def _prepare(
        self, call: Call[Any], client: httpx.Client | httpx.AsyncClient, request_options: RequestOptions
    ) -> _Prepared:
        kwargs = call.operation.build_request(**call.arguments)
        method, path = str(kwargs.pop("method")).upper(), str(kwargs.pop("url"))
        if request_options.extra_query or request_options.extra_body:
            with_extras(kwargs, call, request_options, f"{method} {path}")
        # httpx.Headers merges names case-insensitively: an `API-KEY` in extra_headers replaces the key, so
        # exactly one api-key goes out; every credential given per call is redacted like the client's own.
        headers = httpx.Headers(self._headers)
        headers.update(kwargs.pop("headers", None) or {})
        headers.update(request_options.extra_headers or {})
        redactor = self.redactor
        if request_options.extra_headers:  # a credential given for this call is redacted like the client's own
            redactor = redactor.with_secrets(credentials(headers))
        timeout = request_options.timeout if request_options.timeout is not None else self.options.timeout
        request = client.build_request(method, self.options.base_url + path, headers=headers, timeout=timeout, **kwargs)
        return _Prepared(method, path, request, redactor)

    def _too_large(self, prepared: _Prepared, status: int) -> ResponseDecodeError:
        return ResponseDecodeError(
            f"{prepared.describe} answered {status} with a body larger than {self.options.max_response_bytes} bytes "
            "(max_response_bytes)",
            method=prepared.method,
            path=prepared.path,
            status_code=status,
            text="",
        )

    def _reading_failure(self, prepared: _Prepared, response: httpx.Response, error: Exception) -> APIError:
        """The documented error for a body that could not be read whole: the status is known, the body is not."""
        status = response.status_code
        if isinstance(error, ResponseTooLarge):
            return (
                status_error(prepared, status, b"", response.headers)
                if status >= 400
                else self._too_large(prepared, status)
            )
        if isinstance(error, httpx.DecodingError):
            return decode_error(prepared, status, b"", f"a body that cannot be decoded ({error})")
        return transport_error(prepared, error, reading=True)

    def _answer(
        self, call: Call[T], prepared: _Prepared, response: httpx.Response, content: bytes, retries: int
    ) -> Answer[T]:
        """A complete response of one attempt, judged; it belongs to this request (and with_raw_response's)."""
        status, headers = response.status_code, response.headers
        outcome = self._judge(call, prepared, status, headers, content)
        return Answer(
            prepared.request,
            prepared.method,
            prepared.path,
            status,
            headers,
            content,
            outcome,
            retries,
            prepared.redactor,
        )

    def _judge(
        self, call: Call[T], prepared: _Prepared, status: int, headers: httpx.Headers, content: bytes
    ) -> T | APIError:
        """The decoded result of a complete response, or the documented error for it (returned, not raised)."""
        if status >= 400:
            return status_error(prepared, status, content, headers)
        if 300 <= status < 400:
            return redirect_error(prepared, status, headers)
        # Here, not at import: the decoder brings attrs and the models, which `import cubicasa_integrate` must not.
        from ._decode import DecodeFailure, decode, json_or_none

        if isinstance(call.operation, RawOperation):  # a route the spec does not describe: cast_to decodes it
            if not 200 <= status < 300:
                return decode_error(prepared, status, content, f"an unexpected status {status}")
            try:
                result: T = call.operation.decode(content)
            except DecodeFailure as failure:
                return decode_error(
                    prepared, status, content, f"a body that is not a valid {call.returns.__name__} ({failure})"
                )
            return result

        model = next((model for low, high, model in call.operation.RESPONSES if low <= status <= high), None)
        if model is None or not 200 <= status < 300:  # the spec documents this operation's successes
            return decode_error(prepared, status, content, f"an undocumented status {status}")
        try:
            parsed = decode(model, content)
        except DecodeFailure as failure:
            audit(call.returns.__name__, json_or_none(content), failed=True)  # always looked at
            return decode_error(prepared, status, content, f"a body that is not a valid {model.__name__} ({failure})")
        if not isinstance(parsed, call.returns):
            return decode_error(prepared, status, content, f"a body that is not a valid {call.returns.__name__}")
        if should_audit(call.operation.__name__):  # the drift radar's sampled look at the whole body (_drift)
            audit(call.returns.__name__, json_or_none(content))
        return parsed


class SyncAPIClient(BaseAPIClient):
    def __init__(
        self,
        options: ClientOptions,
        *,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(options, owns_http=http_client is None)
        self.transport = transport
        """The transport passed, if any (sync_orders carries an httpx.MockTransport over to its async twin)."""
        # No transport of our own unless one was passed: httpx then honours HTTP(S)_PROXY, NO_PROXY, SSL_CERT_FILE
        # and SSL_CERT_DIR exactly as a plain httpx.Client does (it ignores them beside an explicit transport).
        self.http = http_client if http_client is not None else httpx.Client(transport=transport)

    def copy(self, options: ClientOptions) -> SyncAPIClient:
        """A client with other options on the same connection pool (with_options); closing it leaves the pool."""
        return SyncAPIClient(options, http_client=self.http)

    def request(self, call: Call[T], request_options: RequestOptions = NO_OPTIONS) -> T:
        """The decoded result of `call` after its retries, or the documented error raised; with
        `request_options.raw_response`, the APIResponse of this request with that result (see respond)."""
        answer = self.answer(call, request_options)
        return respond(request_options, answer, answer.result())

    def answer(self, call: Call[T], request_options: RequestOptions = NO_OPTIONS) -> Answer[T]:
        """The last complete response of `call` after its retries, judged (its outcome a result or an error);
        raises the documented error when the last attempt got no complete response (a transport failure)."""
        prepared = self._prepare(call, self.http, request_options)
        secrets = prepared.redactor.secrets
        hold(secrets)  # in the live set while the call runs: also after close(), or with a per-call credential
        try:
            return self._answer_held(call, prepared)
        finally:
            release(secrets)

    def _answer_held(self, call: Call[T], prepared: _Prepared) -> Answer[T]:
        retries = 0
        while True:
            attempt = self._attempt(call, prepared, retries)
            if isinstance(attempt, Answer) and not isinstance(attempt.outcome, APIError):
                return attempt
            error = attempt.outcome if isinstance(attempt, Answer) else attempt
            assert isinstance(error, APIError)
            wait = self.retry_policy.wait_before_retry(error, retries, idempotent=call.idempotent)
            if wait is None:
                if isinstance(attempt, Answer):  # a complete response, answered with an error: it is the answer
                    return attempt
                raise error
            self.retry_policy.log_retry(prepared.describe, wait, retries, error)
            _retries.sleep(wait)
            retries += 1

    def _attempt(self, call: Call[T], prepared: _Prepared, retries: int) -> Answer[T] | APIError:
        started = time.perf_counter()
        try:
            response = self.http.send(prepared.request, stream=True, follow_redirects=False)
        except httpx.RequestError as error:
            failure: APIError = transport_error(prepared, error)
            _log_attempt(prepared, started, type(failure).__name__)
            return failure
        try:
            if _declared_too_large(response, self.options.max_response_bytes):
                raise ResponseTooLarge
            content = b"".join(_capped(response.iter_bytes(), self.options.max_response_bytes))
        except (ResponseTooLarge, httpx.RequestError) as error:
            failure = self._reading_failure(prepared, response, error)
        else:
            _log_attempt(prepared, started, response.status_code)
            return self._answer(call, prepared, response, content, retries)
        finally:
            response.close()
        _log_attempt(prepared, started, type(failure).__name__)
        return failure

    def close(self) -> None:
        self._release()
        if self.owns_http:
            self.http.close()


class AsyncAPIClient(BaseAPIClient):
    def __init__(
        self,
        options: ClientOptions,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(options, owns_http=http_client is None)
        self.http = http_client if http_client is not None else httpx.AsyncClient(transport=transport)

    def copy(self, options: ClientOptions) -> AsyncAPIClient:
        return AsyncAPIClient(options, http_client=self.http)

    async def request(self, call: Call[T], request_options: RequestOptions = NO_OPTIONS) -> T:
        """The decoded result of `call` after its retries (see SyncAPIClient.request)."""
        answer = await self.answer(call, request_options)
        return respond(request_options, answer, answer.result())

    async def answer(self, call: Call[T], request_options: RequestOptions = NO_OPTIONS) -> Answer[T]:
        """The last complete response of `call` after its retries, judged (see SyncAPIClient.answer)."""
        prepared = self._prepare(call, self.http, request_options)
        secrets = prepared.redactor.secrets
        hold(secrets)  # in the live set while the call runs (see SyncAPIClient.answer)
        try:
            return await self._answer_held(call, prepared)
        finally:
            release(secrets)

    async def _answer_held(self, call: Call[T], prepared: _Prepared) -> Answer[T]:
        retries = 0
        while True:
            attempt = await self._attempt(call, prepared, retries)
            if isinstance(attempt, Answer) and not isinstance(attempt.outcome, APIError):
                return attempt
            error = attempt.outcome if isinstance(attempt, Answer) else attempt
            assert isinstance(error, APIError)
            wait = self.retry_policy.wait_before_retry(error, retries, idempotent=call.idempotent)
            if wait is None:
                if isinstance(attempt, Answer):  # a complete response, answered with an error: it is the answer
                    return attempt
                raise error
            self.retry_policy.log_retry(prepared.describe, wait, retries, error)
            await _retries.async_sleep(wait)
            retries += 1

    async def _attempt(self, call: Call[T], prepared: _Prepared, retries: int) -> Answer[T] | APIError:
        started = time.perf_counter()
        try:
            response = await self.http.send(prepared.request, stream=True, follow_redirects=False)
        except httpx.RequestError as error:
            failure: APIError = transport_error(prepared, error)
            _log_attempt(prepared, started, type(failure).__name__)
            return failure
        try:
            if _declared_too_large(response, self.options.max_response_bytes):
                raise ResponseTooLarge
            # A loop here rather than an async generator around aiter_bytes(): no generator to set up and finalize
            # per call.
            chunks, received, limit = [], 0, self.options.max_response_bytes
            async for chunk in response.aiter_bytes():
                received += len(chunk)
                if received > limit:
                    raise ResponseTooLarge
                chunks.append(chunk)
            content = b"".join(chunks)
        except (ResponseTooLarge, httpx.RequestError) as error:
            failure = self._reading_failure(prepared, response, error)
        else:
            _log_attempt(prepared, started, response.status_code)
            return self._answer(call, prepared, response, content, retries)
        finally:
            await response.aclose()
        _log_attempt(prepared, started, type(failure).__name__)
        return failure

    async def aclose(self) -> None:
        self._release()
        if self.owns_http:
            await self.http.aclose()

"""Every error the client raises.

    CubiCasaError
     ├── ConfigurationError          bad arguments at construction (missing api key, unsafe base URL) - also ValueError
     ├── APIConnectionError          the request failed in transport: DNS, connect, reset, protocol error
     │    └── APITimeoutError        ... or took longer than the timeout
     ├── APIStatusError              the API answered with an error status
     │    ├── BadRequestError          400, with the parsed field errors
     │    ├── AuthenticationError      401
     │    ├── PermissionDeniedError    403
     │    ├── NotFoundError            404
     │    ├── UnprocessableEntityError 422
     │    ├── RateLimitError           429, with retry_after
     │    └── InternalServerError      >= 500
     ├── ResponseDecodeError         a success response whose body is not what the spec says
     ├── PurchaseStateUnknownError   a purchase may or may not have been applied: check before retrying
     ├── NotPurchasableError         the order does not offer what a purchase asks for: nothing sent - also ValueError
     ├── NoRawResponseError          with_raw_response: the defining request got no response, the outcome is known
     ├── DownloadError               an asset file could not be downloaded completely
     └── WebhookPayloadError         a webhook body that is not an OrderStatusEvent - also ValueError

Every API error carries the request's method and path, the status and the parsed body where there is one.
None of them ever holds the api-key, whatever the server echoed: no request (or httpx object) is kept, no
exception is chained to one, and every text, body, field error and header is redacted before it is truncated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from ._logging import redact, redact_json, redact_mapping

JSON: TypeAlias = "dict[str, JSON] | list[JSON] | str | int | float | bool | None"
"""A decoded JSON value, as an error's `body` holds it (narrow it with isinstance before reading into it)."""

__all__ = [
    "JSON",
    "APIConnectionError",
    "APIError",
    "APIRedirectError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "CubiCasaError",
    "DownloadError",
    "FieldError",
    "InternalServerError",
    "NoRawResponseError",
    "NotFoundError",
    "NotPurchasableError",
    "PermissionDeniedError",
    "PurchaseStateUnknownError",
    "RateLimitError",
    "ResponseDecodeError",
    "SyncError",
    "UnprocessableEntityError",
    "WaitTimeoutError",
    "WebhookPayloadError",
]

TEXT_LIMIT = 500


class CubiCasaError(Exception):
    """Base class of everything this package raises on purpose."""


class ConfigurationError(CubiCasaError, ValueError):
    """The client was constructed with arguments it cannot work with."""


class WebhookPayloadError(CubiCasaError, ValueError):
    """A webhook body that is not a valid OrderStatusEvent."""


class APIError(CubiCasaError):
    """An error about one API request."""

    def __init__(self, message: str, *, method: str, path: str) -> None:
        message = redact(message)
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = redact(path)


class APIConnectionError(APIError):
    """The request failed before a complete response arrived.

    `request_sent` is False only when the request provably never reached the server (the connection could not
    be opened), so nothing it asked for can have happened.
    """

    def __init__(self, message: str, *, method: str, path: str, request_sent: bool) -> None:
        super().__init__(message, method=method, path=path)
        self.request_sent = request_sent


class APITimeoutError(APIConnectionError):
    """The request took longer than the client's timeout."""


class APIStatusError(APIError):
    """The API answered with an error status (>= 400)."""

    status_code: int

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        status_code: int,
        body: JSON,
        text: str,
        headers: Mapping[str, str],
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.status_code = status_code
        self.body: JSON = redact_json(body)
        """The decoded JSON body, or None when the body is not JSON."""
        self.text = redact(text)[:TEXT_LIMIT]
        """The start of the raw body."""
        self.headers = redact_mapping(headers)
        """The response headers (never request headers: those hold the api-key)."""


class BadRequestError(APIStatusError):
    """400: the API rejected the request. `errors` lists the field errors it reported, if any."""

    @property
    def errors(self) -> list[FieldError]:
        return FieldError.from_body(self.body)


class AuthenticationError(APIStatusError):
    """401: the api-key is missing or wrong."""


class PermissionDeniedError(APIStatusError):
    """403: the api-key may not do this."""


class NotFoundError(APIStatusError):
    """404: no such order, user or change request."""


class UnprocessableEntityError(APIStatusError):
    """422: the request was understood but cannot be processed."""


class RateLimitError(APIStatusError):
    """429: too many requests. `retry_after` is the wait the API asked for, in seconds, if it said."""

    def __init__(self, message: str, *, retry_after: float | None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """>= 500: a failure on CubiCasa's side."""


class ResponseDecodeError(APIError):
    """A response whose body is not what the spec describes (an HTML page, truncated JSON, wrong types)."""

    def __init__(self, message: str, *, method: str, path: str, status_code: int, text: str) -> None:
        super().__init__(message, method=method, path=path)
        self.status_code = status_code
        self.text = redact(text)[:TEXT_LIMIT]


class APIRedirectError(ResponseDecodeError):
    """The API answered with a redirect (3xx). API calls never follow one: the api-key and a purchase body go
    only to the base URL's host. A subclass of ResponseDecodeError (not APIStatusError) because a redirect
    answer does not say whether a POST was applied: a purchase answered 3xx is re-read, as for a 5xx."""

    def __init__(self, message: str, *, method: str, path: str, status_code: int, location: str) -> None:
        super().__init__(message, method=method, path=path, status_code=status_code, text="")
        self.location = redact(location)[:TEXT_LIMIT]
        """The Location header, redacted and cut (never followed)."""


class PurchaseStateUnknownError(CubiCasaError):
    """A purchase (post-purchase) may or may not have been applied, and re-reading the order did not settle it.

    Do not simply call `upgrade` again: that could buy twice. Check the order first, e.g.
    `client.orders.get(order_id).info.product`, or the order in the CubiCasa web app.
    """

    def __init__(
        self, message: str, *, order_id: str, add_ons: Sequence[str], package_type: str | None, cause: CubiCasaError
    ) -> None:
        super().__init__(redact(message))
        self.order_id = order_id
        self.add_ons = list(add_ons)
        self.package_type = package_type
        self.cause = cause


class NoRawResponseError(CubiCasaError):
    """`with_raw_response` has no response to return: the request that defines the call's result got no
    complete HTTP response (a dropped connection, a timeout after sending), yet the call's outcome is known.

    Raised by `orders.with_raw_response.upgrade` when the purchase POST got no response and re-reading the order
    showed the purchase applied. `result` is what the call returns without with_raw_response - the
    UpgradedOrder, `.purchase.sent` True: the purchase happened, do not buy again. `method` and `path` name the
    request without a response (the POST), `cause` is its transport error. Not an APIError: a handler that
    retries on API errors must not send the purchase again.
    """

    def __init__(self, message: str, *, method: str, path: str, result: Any, cause: APIError) -> None:
        super().__init__(redact(message))
        self.method = method
        self.path = redact(path)
        self.result = result
        """The call's result, as the method returns it without with_raw_response."""
        self.cause = cause


# Issue 22 (purchases): refused before sending.
class NotPurchasableError(CubiCasaError, ValueError):
    """`orders.upgrade` refused, before sending anything, to buy what the order's purchasable lists do not offer.

    `not_offered` names what was refused (add-on names, `package <name>`); `purchasable_add_ons` and
    `purchasable_package_types` are what the order offers (None where the order lists nothing, so nothing of
    that kind was refused). `force=True` sends the purchase anyway and lets the API decide.
    """

    def __init__(
        self,
        message: str,
        *,
        order_id: str,
        not_offered: Sequence[str],
        purchasable_add_ons: Sequence[str] | None,
        purchasable_package_types: Sequence[str] | None,
    ) -> None:
        super().__init__(redact(message))
        self.order_id = order_id
        self.not_offered = list(not_offered)
        self.purchasable_add_ons = None if purchasable_add_ons is None else list(purchasable_add_ons)
        self.purchasable_package_types = None if purchasable_package_types is None else list(purchasable_package_types)


class WaitTimeoutError(CubiCasaError, TimeoutError):
    """`orders.wait` gave up: the order did not reach any of the awaited statuses in time."""

    def __init__(self, message: str, *, order_id: str, until: Sequence[str], last_status: str | None) -> None:
        super().__init__(redact(message))
        self.order_id = order_id
        self.until = list(until)
        self.last_status = last_status
        """The status the order had when the wait ended (None if it could not be read at all)."""


class DownloadError(CubiCasaError):
    """An asset file could not be downloaded completely. A partial file is kept as `<name>.part` to resume."""

    def __init__(self, message: str, *, url: str, path: Path) -> None:
        super().__init__(redact(message))
        self.url = url
        self.path = path


class SyncError(CubiCasaError):
    """A sync cannot run at all: its manifest is unreadable, of another version, or not a regular file. (A file
    that fails is not an error of the sync: it is reported in SyncSummary.failures.)"""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


@dataclass(frozen=True)
class FieldError:
    """One field error of a 400 response: where (`location`, e.g. ("body_params", "street")) and what."""

    location: tuple[str | int, ...]
    message: str
    type: str | None = None

    @classmethod
    def from_body(cls, body: Any) -> list[FieldError]:
        """Field errors of the documented `{"validation_error": {"body_params": [{"loc", "msg"}]}}` shape."""
        if not isinstance(body, Mapping) or not isinstance(body.get("validation_error"), Mapping):
            return []
        found = []
        for part, items in body["validation_error"].items():
            for item in items if isinstance(items, list) else []:
                if isinstance(item, Mapping):
                    location = item.get("loc")
                    loc = tuple(location) if isinstance(location, list) else ()
                    kind = item.get("type")
                    found.append(cls((part, *loc), str(item.get("msg", "")), kind if isinstance(kind, str) else None))
        return found

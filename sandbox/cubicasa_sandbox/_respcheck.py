"""Keeping the sandbox honest: every API response (and every webhook payload) it sends, checked against the spec.

The check uses openapi-core, independently of the jsonschema-based request validation in `_spec.py`, so one
validator's bug cannot hide the other's. openapi-core is not a runtime dependency of the sandbox but its
`validate` extra (`pip install 'cubicasa-sandbox[validate]'`; `make venv` installs it): it is imported only
when a sandbox runs with `validate_responses=True` (the test suite does), so importing this module needs none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ._evolved import evolved_document
from ._spec import spec_document

__all__ = ["ResponseChecker", "evolved_checker", "shared_checker"]

_HOST_URL = "https://app.cubi.casa"
"""openapi-core finds the operation by full URL: requests are checked as if sent to the spec's server."""


@dataclass
class _WebhookRequest:
    """openapi-core's webhook request protocol (a webhook name instead of a URL)."""

    name: str
    method: str
    body: bytes
    content_type: str
    parameters: Any


class ResponseChecker:
    def __init__(self, document: Mapping[str, Any]) -> None:
        try:
            from openapi_core import OpenAPI
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise RuntimeError(
                "validate_responses=True needs openapi-core: pip install 'cubicasa-sandbox[validate]'"
            ) from error
        self._api = OpenAPI.from_dict(dict(document))

    def response_errors(
        self,
        method: str,
        path: str,
        query: Sequence[tuple[str, str]],
        request_headers: Mapping[str, str],
        status: int,
        headers: Mapping[str, str],
        body: bytes,
    ) -> list[str]:
        """Why the response breaks the spec (empty when it conforms). `path` includes the base path."""
        from openapi_core.testing import MockRequest, MockResponse
        from werkzeug.datastructures import ImmutableMultiDict

        content_type = headers.get("content-type", "application/json")
        request = MockRequest(
            _HOST_URL,
            method,
            path,
            args=ImmutableMultiDict(list(query)),  # repeated keys need a MultiDict
            headers=dict(request_headers),
        )
        response = MockResponse(body, status_code=status, headers=dict(headers), content_type=content_type)
        return [_describe(error) for error in self._api.iter_apicall_response_errors(request, response)]

    def webhook_errors(self, name: str, body: bytes) -> list[str]:
        """Why an outgoing webhook payload breaks the spec's `webhooks.<name>` request body."""
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        request = _WebhookRequest(
            name=name,
            method="post",
            body=body,
            content_type="application/json",
            parameters=RequestParameters(
                query=ImmutableMultiDict(), header=Headers({}), cookie=ImmutableMultiDict(), path={}
            ),
        )
        return [_describe(error) for error in self._api.iter_webhook_request_errors(request)]


@cache
def shared_checker() -> ResponseChecker:
    """One checker per process: building it (openapi-core reads and checks the spec) takes about half a second."""
    return ResponseChecker(spec_document())


@cache
def evolved_checker() -> ResponseChecker:
    """The checker of an evolved sandbox: the spec with the evolved API's type changes allowed (see `_evolved`)."""
    return ResponseChecker(evolved_document(spec_document()))


def _describe(error: BaseException) -> str:
    parts = [f"{type(error).__name__}: {error}"]
    cause = error.__cause__
    while cause is not None:
        parts.append(f"{type(cause).__name__}: {cause}")
        details = getattr(cause, "schema_errors", None)
        if details:
            parts.extend(f"  {list(e.absolute_path)}: {e.message}" for e in details)
        cause = cause.__cause__
    return " <- ".join(parts)

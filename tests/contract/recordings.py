"""Recorded interactions (tests/recordings/*.json) and their validation against the spec with openapi-core.

One file per interaction:

    {"description": ..., "provenance": "documented|documented-composite|third-party|synthetic",
     "kind": "api|webhook", "operation_id": ...,
     "request": {"method", "path" (relative to the server URL), "query" (query string), "headers", "body"},
     "response": {"status", "headers", "body" | "body_text"},
     "request_conforms_to_spec": false   # only where the server rejected a request the spec forbids}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.testing import MockRequest, MockResponse
from werkzeug.datastructures import Headers, ImmutableMultiDict

from tests.support import ROOT, SPEC_PATH

__all__ = [
    "RECORDINGS_DIR",
    "REDACTED",
    "SERVER_URL",
    "Recording",
    "load_recordings",
    "openapi",
    "request_errors",
    "response_errors",
]

RECORDINGS_DIR = ROOT / "tests" / "recordings"
SERVER_URL = "https://app.cubi.casa/api/integrate/v3"
HOST_URL, BASE_PATH = "https://app.cubi.casa", "/api/integrate/v3"
REDACTED = "<redacted>"


@dataclass(frozen=True)
class Recording:
    name: str
    data: dict[str, Any] = field(repr=False)

    @property
    def kind(self) -> str:
        return str(self.data["kind"])

    @property
    def operation_id(self) -> str:
        return str(self.data["operation_id"])

    @property
    def request(self) -> dict[str, Any]:
        return dict(self.data["request"])

    @property
    def response(self) -> dict[str, Any]:
        return dict(self.data["response"])

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(self.request["query"], keep_blank_values=True)

    @property
    def request_conforms(self) -> bool:
        return bool(self.data.get("request_conforms_to_spec", True))

    def request_bytes(self) -> bytes:
        body = self.request["body"]
        return b"" if body is None else json.dumps(body).encode()

    def response_bytes(self) -> bytes:
        if "body_text" in self.response:
            return str(self.response["body_text"]).encode()
        if "body" not in self.response:
            return b""
        return json.dumps(self.response["body"]).encode()


def load_recordings(directory: Path = RECORDINGS_DIR) -> list[Recording]:
    return [Recording(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(directory.glob("*.json"))]


def openapi(spec: dict[str, Any] | None = None) -> OpenAPI:
    """The spec as openapi-core sees it: the committed file, or a (mutated) in-memory copy."""
    if spec is None:
        return OpenAPI.from_file_path(str(SPEC_PATH))
    return OpenAPI.from_dict(spec, base_uri=SPEC_PATH.as_uri())


@dataclass
class _WebhookRequest:
    """openapi-core's webhook request protocol: the webhook's name instead of a URL."""

    name: str
    method: str
    body: bytes
    content_type: str
    parameters: RequestParameters


def _api_request(recording: Recording) -> MockRequest:
    request = recording.request
    return MockRequest(
        HOST_URL,
        request["method"],
        BASE_PATH + request["path"],
        args=ImmutableMultiDict(recording.query),  # type: ignore[arg-type]  # repeated keys need a MultiDict
        headers=dict(request["headers"]),
        data=recording.request_bytes() or None,
        content_type=request["headers"].get("content-type", "application/json"),
    )


def _webhook_request(recording: Recording, name: str) -> _WebhookRequest:
    request = recording.request
    return _WebhookRequest(
        name=name,
        method=request["method"].lower(),
        body=recording.request_bytes(),
        content_type=request["headers"].get("content-type", "application/json"),
        parameters=RequestParameters(
            query=ImmutableMultiDict(recording.query),
            header=Headers(request["headers"]),
            cookie=ImmutableMultiDict(),
            path={},
        ),
    )


def _response(recording: Recording) -> MockResponse:
    response = recording.response
    return MockResponse(
        recording.response_bytes(),
        status_code=response["status"],
        headers=dict(response["headers"]),
        content_type=response["headers"].get("content-type", "application/json"),
    )


def _webhook_name(api: OpenAPI, operation_id: str) -> str:
    webhooks = (api.spec / "webhooks").read_value()
    for name, item in webhooks.items():
        for operation in item.values():
            if operation.get("operationId") == operation_id:
                return str(name)
    raise LookupError(f"no webhook with operationId {operation_id}")


def request_errors(api: OpenAPI, recording: Recording) -> Iterator[Exception]:
    if recording.kind == "webhook":
        yield from api.iter_webhook_request_errors(
            _webhook_request(recording, _webhook_name(api, recording.operation_id))
        )
    else:
        yield from api.iter_apicall_request_errors(_api_request(recording))


def response_errors(api: OpenAPI, recording: Recording) -> Iterator[Exception]:
    if recording.kind == "webhook":
        request = _webhook_request(recording, _webhook_name(api, recording.operation_id))
        yield from api.iter_webhook_response_errors(request, _response(recording))
    else:
        yield from api.iter_apicall_response_errors(_api_request(recording), _response(recording))

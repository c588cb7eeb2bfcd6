"""Layer 2 — the generated client vs. recorded reality.

Every recording is replayed through the real generated function of its operation over an httpx MockTransport:
the request the client sends (method, path, query with repeated `status`, JSON body, `api-key` header) must be
the recorded one, and the parsed response must encode back (`to_dict()`) to exactly the recorded JSON.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

import httpx
import pytest

from cubicasa_integrate import make_generated_client
from tests.contract.operations import SPEC, Operation, find_operation, model_for, snake
from tests.contract.recordings import BASE_PATH, REDACTED, SERVER_URL, Recording, load_recordings
from tests.support import as_read

TEST_KEY = "contract-test-key"


def query_value(schema: dict[str, Any], values: list[str]) -> Any:
    if schema.get("type") == "array":
        item = schema["items"]
        # An open enum is `anyOf: [{$ref: Enum}, {type: string}]` in the spec; the generated client takes the Enum.
        ref = next((option for option in [item, *item.get("anyOf", [])] if "$ref" in option), None)
        enum = model_for(ref) if ref is not None else str
        return [enum(value) for value in values]
    (value,) = values
    return int(value) if schema.get("type") == "integer" else value


def call_arguments(recording: Recording, operation: Operation) -> dict[str, Any]:
    """Rebuild the Python call that produces the recorded request, from the recording and the spec."""
    template = operation.path
    pattern = "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)) + "$"
    match = re.match(pattern, recording.request["path"])
    assert match, f"{recording.request['path']} does not match {template}"
    arguments: dict[str, Any] = {snake(name): value for name, value in match.groupdict().items()}
    recorded_query: dict[str, list[str]] = defaultdict(list)
    for name, value in recording.query:
        recorded_query[name].append(value)
    for parameter in operation.parameters:
        if parameter["in"] == "query" and parameter["name"] in recorded_query:
            arguments[snake(parameter["name"])] = query_value(parameter["schema"], recorded_query[parameter["name"]])
    if operation.python_request_schema is not None:
        arguments["body"] = model_for(operation.python_request_schema).from_dict(recording.request["body"])
    return arguments


def replaying(recording: Recording, sent: list[httpx.Request]) -> httpx.MockTransport:
    response = recording.response

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(response["status"], headers=response["headers"], content=recording.response_bytes())

    return httpx.MockTransport(handler)


def query_by_name(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for name, value in pairs:
        grouped[name].append(value)
    return dict(grouped)


API_RECORDINGS = [r for r in load_recordings() if r.kind == "api"]
WEBHOOK_RECORDINGS = [r for r in load_recordings() if r.kind == "webhook"]


def replay(recording: Recording, expected: Recording) -> None:
    """Make the call that `recording` describes, serve its response, and compare both sides with `expected`."""
    operation = find_operation(recording.operation_id)
    sent: list[httpx.Request] = []
    client = make_generated_client(TEST_KEY, base_url=SERVER_URL, httpx_args={"transport": replaying(recording, sent)})
    with client:
        result = operation.module.sync_detailed(client=client, **call_arguments(recording, operation))

    (request,) = sent
    recorded = expected.request
    assert request.method == recorded["method"]
    assert request.url.raw_path.decode().split("?")[0] == BASE_PATH + recorded["path"]
    assert query_by_name(list(request.url.params.multi_items())) == query_by_name(expected.query)
    assert request.headers.get_list("api-key") == [TEST_KEY]
    assert recorded["headers"]["api-key"] == REDACTED
    if recorded["body"] is None:
        assert request.content == b""
    else:
        assert request.headers["content-type"] == "application/json"
        assert json.loads(request.content) == recorded["body"]

    assert result.status_code == expected.response["status"]
    assert result.parsed is not None
    assert result.parsed.to_dict() == as_read(type(result.parsed), expected.response["body"])


@pytest.mark.parametrize("recording", API_RECORDINGS, ids=lambda r: r.name)
def test_generated_client_replays_the_recording_exactly(recording: Recording) -> None:
    replay(recording, expected=recording)


@pytest.mark.parametrize("recording", WEBHOOK_RECORDINGS, ids=lambda r: r.name)
def test_webhook_payload_decodes_and_encodes_back_exactly(recording: Recording) -> None:
    (item,) = (item for item in SPEC["webhooks"].values() if item["post"]["operationId"] == recording.operation_id)
    model = model_for(item["post"]["requestBody"]["content"]["application/json"]["schema"])
    assert model.from_dict(recording.request["body"]).to_dict() == as_read(model, recording.request["body"])


def tampered(recording: Recording, part: str, **changes: Any) -> Recording:
    return Recording(recording.name, {**recording.data, part: {**recording.data[part], **changes}})


@pytest.mark.parametrize(
    ("name", "part", "changes"),
    [
        ("list_orders.200.status_filter", "request", {"query": "status=Ready&status=Pending&status=Ready"}),
        ("list_orders.200.status_filter", "request", {"path": "/orders/"}),
        ("upgrade_order.200", "request", {"body": {"package_type": None, "add_ons": ["gla", "gla"]}}),
        ("upgrade_order.200", "request", {"method": "PUT"}),
        ("get_order.200", "response", {"body": {"id": "other"}}),
        ("get_order.404", "response", {"status": 410}),
    ],
)
def test_replay_comparison_fails_on_a_mutated_recording(name: str, part: str, changes: dict[str, Any]) -> None:
    (original,) = (r for r in API_RECORDINGS if r.name == name)
    with pytest.raises(AssertionError):
        replay(original, expected=tampered(original, part, **changes))

"""Layer 3 — the generated client vs. everything the spec allows.

For every operation, hypothesis draws a documented status and a response body that is valid under the spec for
that status (nulls, empty arrays, absent optional keys and extra unknown keys included), plus a valid request
body. The real generated function must send the body unchanged and decode the response without an exception,
and the decoded object must encode back to exactly the drawn JSON.

CI runs a bounded, seeded number of examples per operation; `make fuzz` runs many more.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from cubicasa_integrate import make_generated_client
from cubicasa_integrate_api import models
from tests.contract.operations import (
    Operation,
    api_operations,
    find_operation,
    model_for,
    resolve,
    webhook_payload_schema,
)
from tests.contract.spec_strategies import FUZZ_SETTINGS, values_of

OPERATIONS = api_operations()
SERVER_URL = "https://app.cubi.casa/api/integrate/v3"


def concrete_status(status: str) -> st.SearchStrategy[int]:
    if status.endswith("XX"):
        first = int(status[0]) * 100
        return st.sampled_from([first, first + 2, first + 3, first + 99])
    return st.just(int(status))


def exchanges(operation: Operation) -> st.SearchStrategy[tuple[int, Any, Any]]:
    """(status, response body, request body) triples the spec allows for this operation."""
    responses = st.sampled_from(sorted(operation.response_schemas().items())).flatmap(
        lambda item: st.tuples(concrete_status(item[0]), values_of(item[1]))
    )
    request = values_of(operation.request_schema) if operation.request_schema else st.none()
    return st.tuples(responses, request).map(lambda pair: (pair[0][0], pair[0][1], pair[1]))


def path_arguments(operation: Operation) -> dict[str, str]:
    return {p["name"]: f"{p['name']}-1" for p in operation.parameters if p["in"] == "path"}


def fuzz(operation: Operation, *, shrink: bool = True) -> None:
    @settings(FUZZ_SETTINGS, phases=tuple(Phase) if shrink else (Phase.generate,))
    @given(exchange=exchanges(operation))
    def decodes(exchange: tuple[int, Any, Any]) -> None:
        status, response_body, request_body = exchange
        sent: list[bytes] = []

        def server(request: httpx.Request) -> httpx.Response:
            sent.append(request.content)
            return httpx.Response(status, content=json.dumps(response_body).encode(), headers={"retry-after": "1"})

        arguments: dict[str, Any] = dict(path_arguments(operation))
        if operation.request_schema is not None:
            arguments["body"] = model_for(operation.request_schema).from_dict(request_body)
        client = make_generated_client("k", base_url=SERVER_URL, httpx_args={"transport": httpx.MockTransport(server)})
        with client:
            result = operation.module.sync_detailed(client=client, **arguments)

        if request_body is not None:
            assert json.loads(sent[0]) == request_body
        assert result.parsed is not None
        assert result.parsed.to_dict() == response_body

    decodes()


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.operation_id)
def test_client_decodes_every_response_the_spec_allows(operation: Operation) -> None:
    fuzz(operation)


def test_fuzzing_catches_a_decoder_that_loses_unknown_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    """The property can fail: a model that drops additional properties on encode is found out."""
    encode = models.OrderInfo.to_dict

    def lossy(self: models.OrderInfo) -> dict[str, Any]:
        return {k: v for k, v in encode(self).items() if k not in self.additional_properties}

    monkeypatch.setattr(models.OrderInfo, "to_dict", lossy)
    with pytest.raises(AssertionError):
        fuzz(find_operation("getOrder"), shrink=False)


def fuzz_open_enums(operation_id: str, *, shrink: bool = True) -> None:
    operation = find_operation(operation_id)
    schema = operation.response_schemas()["200"]
    client = make_generated_client("k", base_url=SERVER_URL)

    @settings(
        FUZZ_SETTINGS,
        max_examples=max(FUZZ_SETTINGS.max_examples, 50),
        phases=tuple(Phase) if shrink else (Phase.generate,),
    )
    @given(body=values_of(schema, open_enums=True))
    def decodes(body: Any) -> None:
        response = httpx.Response(200, content=json.dumps(body).encode())
        parsed = operation.module._parse_response(client=client, response=response)
        assert parsed.to_dict() == body

    decodes()


@pytest.mark.parametrize("operation_id", ["listOrders", "getOrder", "listUsers", "updateCompanyWebhooks"])
def test_client_decodes_enum_values_a_later_api_version_may_add(operation_id: str) -> None:
    """Forward compatibility: any string where the spec lists an enum decodes and survives to_dict()."""
    fuzz_open_enums(operation_id)


def test_without_open_enums_a_new_value_would_break_the_decode(monkeypatch: pytest.MonkeyPatch) -> None:
    """The property above can fail: with the stock (closed) enum behaviour, hypothesis finds a crash."""
    monkeypatch.setattr(models.OrderStatus, "_missing_", classmethod(lambda cls, value: None))
    with pytest.raises(ValueError, match="is not a valid OrderStatus"):
        fuzz_open_enums("getOrder", shrink=False)


def test_webhook_payloads_the_spec_allows_decode_and_encode_back() -> None:
    schema = webhook_payload_schema("orderStatusChanged")
    model = model_for(schema)

    @FUZZ_SETTINGS
    @given(payload=values_of(schema))
    def decodes(payload: Any) -> None:
        assert model.from_dict(payload).to_dict() == payload

    decodes()


def test_every_documented_response_schema_is_fuzzed() -> None:
    """A response without a JSON schema would silently drop out of the fuzzing above."""
    for operation in OPERATIONS:
        documented = {status for status, response in operation.spec["responses"].items() if resolve(response)}
        assert set(operation.response_schemas()) == documented, operation.operation_id

"""Layer 3 — the generated client vs. everything the spec allows.

For every operation, hypothesis draws a documented status and a response body that is valid under the spec for
that status (nulls, empty arrays, absent optional keys included), plus a valid request body. The real generated
function must send the body unchanged and decode the response without an exception, the client's own decode
(msgspec, in C: cubicasa_integrate._decode) must give the same object for a 2xx, and the decoded object must
encode back to exactly the drawn JSON. Bodies are drawn from the Python view of the spec (tools/codegen.py
python_view: its objects list every key they hold); with the unknown keys the shared spec allows, both decodes
must still succeed (test_unknown_keys_never_fail_a_decode).

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
from cubicasa_integrate._decode import decode
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
from tests.support import as_read

OPERATIONS = api_operations()
SERVER_URL = "https://app.cubi.casa/api/integrate/v3"


def concrete_status(status: str) -> st.SearchStrategy[int]:
    if status.endswith("XX"):
        first = int(status[0]) * 100
        return st.sampled_from([first, first + 2, first + 3, first + 99])
    return st.just(int(status))


def exchanges(operation: Operation, *, python_view: bool = True) -> st.SearchStrategy[tuple[int, Any, Any]]:
    """(status, response body, request body) triples the spec allows for this operation."""
    responses = st.sampled_from(sorted(operation.response_schemas().items())).flatmap(
        lambda item: st.tuples(concrete_status(item[0]), values_of(item[1], python_view=python_view))
    )
    # A request body is built from a model: only the keys the Python view lists.
    schema = operation.python_request_schema
    request = values_of(schema, python_view=True) if schema else st.none()
    return st.tuples(responses, request).map(lambda pair: (pair[0][0], pair[0][1], pair[1]))


def path_arguments(operation: Operation) -> dict[str, str]:
    return {p["name"]: f"{p['name']}-1" for p in operation.parameters if p["in"] == "path"}


def fuzz(operation: Operation, *, shrink: bool = True, python_view: bool = True) -> None:
    @settings(FUZZ_SETTINGS, phases=tuple(Phase) if shrink else (Phase.generate,))
    @given(exchange=exchanges(operation, python_view=python_view))
    def decodes(exchange: tuple[int, Any, Any]) -> None:
        status, response_body, request_body = exchange
        sent: list[bytes] = []
        content = json.dumps(response_body).encode()

        def server(request: httpx.Request) -> httpx.Response:
            sent.append(request.content)
            return httpx.Response(status, content=content, headers={"retry-after": "1"})

        arguments: dict[str, Any] = dict(path_arguments(operation))
        if operation.python_request_schema is not None:
            arguments["body"] = model_for(operation.python_request_schema).from_dict(request_body)
        client = make_generated_client("k", base_url=SERVER_URL, httpx_args={"transport": httpx.MockTransport(server)})
        with client:
            result = operation.module.sync_detailed(client=client, **arguments)

        if request_body is not None:
            assert json.loads(sent[0]) == request_body
        assert result.parsed is not None
        if 200 <= status < 300:
            [model] = [model for low, high, model in operation.module.RESPONSES if low <= status <= high]
            assert decode(model, content) == result.parsed  # the client's request loop decodes it so
        if python_view:
            assert result.parsed.to_dict() == as_read(type(result.parsed), response_body)

    decodes()


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.operation_id)
def test_client_decodes_every_response_the_spec_allows(operation: Operation) -> None:
    fuzz(operation)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.operation_id)
def test_unknown_keys_never_fail_a_decode(operation: Operation) -> None:
    """The shared spec's objects stay open: what another generator may decode, ours skips, never failing."""
    fuzz(operation, python_view=False)


def test_fuzzing_catches_a_decoder_that_loses_a_field(monkeypatch: pytest.MonkeyPatch) -> None:
    """The property can fail: a model that drops a field on encode is found out."""
    encode = models.OrderInfo.to_dict

    def lossy(self: models.OrderInfo) -> dict[str, Any]:
        return {k: v for k, v in encode(self).items() if k != "status"}

    monkeypatch.setattr(models.OrderInfo, "to_dict", lossy)
    with pytest.raises(AssertionError):
        fuzz(find_operation("getOrder"), shrink=False)


def test_fuzzing_catches_a_client_decode_other_than_from_dict(monkeypatch: pytest.MonkeyPatch) -> None:
    """The property can fail: a C decode that loses a field differs from the generated function's result."""
    from cubicasa_integrate import _decode

    real = _decode.decode

    def lossy(model: type, content: bytes) -> Any:
        value = real(model, content)
        if isinstance(value, models.Order):
            value.info.status = models.OrderStatus("Lost")
        return value

    monkeypatch.setattr(__import__(__name__, fromlist=["decode"]), "decode", lossy)
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
    @given(body=values_of(schema, open_enums=True, python_view=True))
    def decodes(body: Any) -> None:
        content = json.dumps(body).encode()
        parsed = operation.module._parse_response(client=client, response=httpx.Response(200, content=content))
        assert parsed.to_dict() == as_read(type(parsed), body)
        [model] = [model for low, high, model in operation.module.RESPONSES if low <= 200 <= high]
        assert decode(model, content).to_dict() == as_read(model, body)

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
        assert model.from_dict(payload).to_dict() == as_read(model, payload)

    decodes()


def test_every_documented_response_schema_is_fuzzed() -> None:
    """A response without a JSON schema would silently drop out of the fuzzing above."""
    for operation in OPERATIONS:
        documented = {status for status, response in operation.spec["responses"].items() if resolve(response)}
        assert set(operation.response_schemas()) == documented, operation.operation_id

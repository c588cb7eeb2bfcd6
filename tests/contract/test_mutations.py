"""The contract suite can fail: mutating a recording into something the spec forbids makes layer 1 fail.

For every recording, the spec is walked alongside the recorded body to find where it can be broken: a required
key that can be dropped, a typed value that can get the wrong type, an enum value that can be removed from the
spec. Each mutation is applied on its own and layer 1 must then report an error. A contract suite that cannot
fail counts as missing.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.contract.operations import SPEC, find_operation, resolve
from tests.contract.recordings import Recording, load_recordings, openapi, request_errors, response_errors

WRONG_TYPE = {"string": 12345, "number": "1716238626.9", "integer": "20", "boolean": "true", "array": {}, "object": []}


@dataclass(frozen=True)
class Mutation:
    kind: str  # "drop-required" | "wrong-type"
    path: tuple[str | int, ...]

    def __str__(self) -> str:
        where = "/".join(map(str, self.path)) or "(body)"
        return f"{self.kind} at {where}"


def _branch(schema: dict[str, Any], instance: Any) -> dict[str, Any] | None:
    """The non-null alternative of `anyOf: [X, {type: null}]` when the instance is not null."""
    for option in schema["anyOf"]:
        if resolve(option).get("type") != "null":
            return option if instance is not None else None
    return None


def mutations(schema: dict[str, Any], instance: Any, path: tuple[str | int, ...] = ()) -> Iterator[Mutation]:
    schema = resolve(schema)
    if "anyOf" in schema:
        branch = _branch(schema, instance)
        if branch is not None:
            yield from mutations(branch, instance, path)
        return
    # No "enum value removed" mutation: every enum is open (`anyOf: [Enum, string]`, openapi/README.md), so a value
    # the spec does not list is valid by design. A wrong type at an enum site is still caught (wrong-type below),
    # and make crosslang fails if an enum is closed again.
    declared = schema.get("type")
    types = declared if isinstance(declared, list) else [declared]
    if instance is not None and types[0] in WRONG_TYPE:
        yield Mutation("wrong-type", path)
    if isinstance(instance, dict):
        for key in schema.get("required", []):
            if key in instance:
                yield Mutation("drop-required", (*path, key))
        for key, subschema in schema.get("properties", {}).items():
            if key in instance:
                yield from mutations(subschema, instance[key], (*path, key))
    elif isinstance(instance, list) and instance and "items" in schema:
        yield from mutations(schema["items"], instance[0], (*path, 0))


def _body_and_schema(recording: Recording) -> tuple[str, Any, dict[str, Any]]:
    """Which side of the recording carries the checked body, the body, and its schema."""
    if recording.kind == "webhook":
        (item,) = (i for i in SPEC["webhooks"].values() if i["post"]["operationId"] == recording.operation_id)
        return (
            "request",
            recording.request["body"],
            item["post"]["requestBody"]["content"]["application/json"]["schema"],
        )
    status = str(recording.response["status"])
    schemas = find_operation(recording.operation_id).response_schemas()
    schema = schemas.get(status) or schemas[status[0] + "XX"]
    return "response", recording.response["body"], schema


def _set(document: Any, path: tuple[str | int, ...], value: Any) -> Any:
    if not path:
        return value
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document


def apply(recording: Recording, mutation: Mutation) -> tuple[Recording, dict[str, Any] | None]:
    """The mutated recording (or the original) and the mutated spec (or None for the committed one)."""
    side, _body, _ = _body_and_schema(recording)
    data = copy.deepcopy(recording.data)
    mutated_body = data[side]["body"]
    if mutation.kind == "drop-required":
        parent = mutated_body
        for step in mutation.path[:-1]:
            parent = parent[step]
        del parent[mutation.path[-1]]
    else:
        value = mutated_body
        for step in mutation.path:
            value = value[step]
        declared = resolve(_schema_at(_body_and_schema(recording)[2], mutated_body, mutation.path)).get("type")
        first_type = declared[0] if isinstance(declared, list) else declared
        data[side]["body"] = _set(mutated_body, mutation.path, WRONG_TYPE[first_type])
    return Recording(recording.name, data), None


def _schema_at(schema: dict[str, Any], instance: Any, path: tuple[str | int, ...]) -> dict[str, Any]:
    for step in path:
        schema = resolve(schema)
        if "anyOf" in schema:
            schema = resolve(_branch(schema, instance) or schema)
        schema = schema["items"] if isinstance(step, int) else schema["properties"][step]
        instance = instance[step]
    schema = resolve(schema)
    if "anyOf" in schema:
        schema = resolve(_branch(schema, instance) or schema)
    return schema


COMMITTED_SPEC = openapi()


def layer1_errors(recording: Recording, spec: dict[str, Any] | None) -> list[Exception]:
    api = COMMITTED_SPEC if spec is None else openapi(spec)
    if recording.kind == "webhook":
        return list(request_errors(api, recording))
    return list(response_errors(api, recording))


CASES = [
    pytest.param(recording, mutation, id=f"{recording.name}: {mutation}")
    for recording in load_recordings()
    for mutation in {
        m.kind: m for m in mutations(_body_and_schema(recording)[2], _body_and_schema(recording)[1])
    }.values()
]


def test_every_kind_of_mutation_is_exercised_on_several_recordings() -> None:
    kinds = [case.values[1].kind for case in CASES]  # type: ignore[union-attr]
    assert {kind: kinds.count(kind) >= 3 for kind in ("drop-required", "wrong-type")} == {
        "drop-required": True,
        "wrong-type": True,
    }


@pytest.mark.parametrize(("recording", "mutation"), CASES)
def test_layer1_fails_on_a_mutated_recording(recording: Recording, mutation: Mutation) -> None:
    assert layer1_errors(recording, None) == []
    mutated, spec = apply(recording, mutation)
    assert layer1_errors(mutated, spec) != []


def test_deep_mutations_are_caught_too() -> None:
    """Not only the first site: every mutation site of the seed order breaks layer 1."""
    (recording,) = (r for r in load_recordings() if r.name == "upgrade_order.200")
    _, body, schema = _body_and_schema(recording)
    sites = list(mutations(schema, body))
    assert len(sites) > 40
    survivors = [str(m) for m in sites if not layer1_errors(*apply(recording, m))]
    assert survivors == []

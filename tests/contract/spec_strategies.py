"""Hypothesis strategies for any JSON value a schema of openapi/ allows.

OpenAPI 3.1 schemas are JSON Schema 2020-12, so each component schema becomes a `$defs` entry of one document and
schemathesis' JSON-Schema generator (pinned; hypothesis-jsonschema no longer works with current hypothesis) draws
from it: nulls, empty arrays, absent optional keys and extra unknown keys included.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import jsonschema_rs
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.generation.jsonschema.builder import build

from tests.support import load_spec, load_tool

__all__ = ["FUZZ_SETTINGS", "json_schema", "values_of"]

COMPONENT_PREFIX = "#/components/schemas/"

FUZZ_SETTINGS = settings(
    # CI runs a bounded, seeded number of examples; `make fuzz` raises it through the environment.
    max_examples=int(os.environ.get("CUBICASA_FUZZ_EXAMPLES", "25")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _as_json_schema(node: Any, open_enums: bool = False) -> Any:
    if isinstance(node, dict):
        converted = {key: _as_json_schema(value, open_enums) for key, value in node.items() if not key.startswith("x-")}
        if "$ref" in node:
            converted["$ref"] = "#/$defs/" + node["$ref"].removeprefix(COMPONENT_PREFIX)
        if open_enums and "enum" in converted:
            # What a later API version may send: the documented values or any other string.
            return {"anyOf": [converted, {"type": "string"}]}
        return converted
    if isinstance(node, list):
        return [_as_json_schema(item, open_enums) for item in node]
    return node


@cache
def _definitions(open_enums: bool, python_view: bool) -> dict[str, Any]:
    spec = load_tool("codegen").python_view(load_spec()) if python_view else load_spec()
    converted: dict[str, Any] = _as_json_schema(spec["components"]["schemas"], open_enums)
    return converted


def json_schema(
    schema_or_ref: dict[str, Any], *, open_enums: bool = False, python_view: bool = False
) -> dict[str, Any]:
    """A self-contained JSON Schema 2020-12 document for a schema (or $ref) taken from the spec; with
    python_view, from the spec as the Python generator sees it (objects with listed properties closed)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": _definitions(open_enums, python_view),
    } | _as_json_schema(schema_or_ref, open_enums)


@cache
def _strategy(ref: str, open_enums: bool, python_view: bool) -> st.SearchStrategy[Any]:
    document = json_schema({"$ref": ref}, open_enums=open_enums, python_view=python_view)
    return build(document, draft=jsonschema_rs.Draft202012, formats={})


def values_of(
    schema_or_ref: dict[str, Any], *, open_enums: bool = False, python_view: bool = False
) -> st.SearchStrategy[Any]:
    """Every JSON value the schema allows; with open_enums, also any string where the spec lists an enum; with
    python_view, no key an object of the Python view does not list (see json_schema)."""
    if set(schema_or_ref) == {"$ref"}:
        return _strategy(schema_or_ref["$ref"], open_enums, python_view)
    document = json_schema(schema_or_ref, open_enums=open_enums, python_view=python_view)
    return build(document, draft=jsonschema_rs.Draft202012, formats={})

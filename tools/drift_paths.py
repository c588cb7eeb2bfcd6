"""Write overrides/cubicasa_integrate/_drift_paths.py: what the drift radar knows of each schema of the spec.

    python tools/drift_paths.py           # rewrite it (make generate runs this too)
    python tools/drift_paths.py --check   # exit 1 if it is stale (tests/unit/tools/test_drift_paths.py)

For each object schema of openapi/cubicasa-integrate-v3.yaml: the dotted path of its fields relative to the
resource it belongs to, and each field's JSON types and whether it is required; for each enum, the path of its
first use and the values it lists, and for each object the fields that hold one. The radar reads this table
instead of the spec: the installed package carries no YAML and no parser.

Paths: a schema is placed where the first and shortest chain of object properties from a resource reaches it
(Order -> `info` -> OrderInfo gives `info.`); list items are not prefixed (an Order inside OrderList.items is at
the root, as it is for GET /orders/{id}), and a schema reached only as list items starts a resource of its own.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import sys
from collections import deque
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "cubicasa-integrate-v3.yaml"
OUTPUT = ROOT / "overrides" / "cubicasa_integrate" / "_drift_paths.py"
REF = "#/components/schemas/"


def _ref(node: Any) -> str | None:
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref.removeprefix(REF) if isinstance(ref, str) and ref.startswith(REF) else None


def json_types(node: Any, schemas: dict[str, Any]) -> set[str] | None:
    """The JSON types a value of `node` may have; None where the spec does not say (any type goes)."""
    if not isinstance(node, dict):
        return None
    name = _ref(node)
    if name is not None:
        return json_types(schemas[name], schemas)
    variants = node.get("anyOf") or node.get("oneOf")
    if variants:
        found: set[str] = set()
        for variant in variants:
            types = json_types(variant, schemas)
            if types is None:
                return None
            found |= types
        return found
    declared = node.get("type")
    if declared is None:
        return {"object"} if "properties" in node else None
    types = {declared} if isinstance(declared, str) else set(declared)
    return types | ({"null"} if node.get("nullable") else set())


def _children(node: Any) -> list[tuple[str, bool]]:
    """The schemas a property holds: (name, as list items?)."""
    name = _ref(node)
    if name is not None:
        return [(name, False)]
    if not isinstance(node, dict):
        return []
    found = [child for variant in node.get("anyOf") or node.get("oneOf") or [] for child in _children(variant)]
    if "items" in node:
        found += [(child, True) for child, _ in _children(node["items"])]
    return found


def children(spec: dict[str, Any]) -> dict[str, dict[str, tuple[str, bool]]]:
    """Object schema -> {JSON key: (the object schema its value holds, as list items?)}: what an audit descends."""
    schemas: dict[str, Any] = spec["components"]["schemas"]
    found: dict[str, dict[str, tuple[str, bool]]] = {}
    for name, schema in schemas.items():
        for field, node in schema.get("properties", {}).items():
            held = [(child, items) for child, items in _children(node) if "properties" in schemas[child]]
            if len(held) == 1:  # a field that may hold one of several object schemas is not descended
                found.setdefault(name, {})[field] = held[0]
    return found


def enums(spec: dict[str, Any]) -> tuple[dict[str, tuple[str, ...]], dict[str, dict[str, tuple[str, bool]]]]:
    """Enum schema -> the values it lists; object schema -> {JSON key: (the enum its value holds, as list
    items?)}: what an audit checks values against."""
    schemas: dict[str, Any] = spec["components"]["schemas"]
    values = {
        name: tuple(str(value) for value in schema["enum"]) for name, schema in schemas.items() if "enum" in schema
    }
    fields: dict[str, dict[str, tuple[str, bool]]] = {}
    for name, schema in schemas.items():
        for field, node in schema.get("properties", {}).items():
            held = [(child, items) for child, items in _children(node) if child in values]
            if len(held) == 1:  # a field that may hold one of several enums is not checked
                fields.setdefault(name, {})[field] = held[0]
    return values, fields


def table(
    spec: dict[str, Any],
) -> tuple[dict[str, tuple[str, dict[str, tuple[tuple[str, ...] | None, bool]]]], dict[str, str]]:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    objects = [name for name, schema in schemas.items() if "properties" in schema]
    held = {
        child
        for name in objects
        for node in schemas[name]["properties"].values()
        for child, items in _children(node)
        if not items
    }
    prefixes: dict[str, str] = {}
    pending = deque((name, "") for name in objects if name not in held)
    while pending:  # breadth first: the shortest chain of properties wins, then the first in the document
        name, prefix = pending.popleft()
        if name in prefixes:
            continue
        prefixes[name] = prefix
        for field, node in schemas[name].get("properties", {}).items():
            for child, items in _children(node):
                pending.append((child, "" if items else f"{prefix}{field}."))
    fields: dict[str, tuple[str, dict[str, tuple[tuple[str, ...] | None, bool]]]] = {}
    enums: dict[str, str] = {}
    for name in objects:
        schema, prefix = schemas[name], prefixes.get(name, "")
        required = set(schema.get("required", ()))
        described: dict[str, tuple[tuple[str, ...] | None, bool]] = {}
        for field, node in schema["properties"].items():
            types = json_types(node, schemas)
            described[field] = (None if types is None else tuple(sorted(types)), field in required)
            for child, _items in _children(node):
                if "enum" in schemas[child]:
                    enums.setdefault(child, f"{prefix}{field}")
        fields[name] = (prefix.rstrip("."), described)
    for name, schema in schemas.items():
        if "enum" in schema:
            enums.setdefault(name, "")
    return fields, enums


def _tuple(values: tuple[str, ...]) -> str:
    """A tuple literal of strings as ruff formats it."""
    return "(" + ", ".join(json.dumps(value) for value in values) + ("," if len(values) == 1 else "") + ")"


def render(spec_bytes: bytes) -> str:
    import yaml

    spec = yaml.safe_load(spec_bytes.decode("utf-8"))
    fields, enum_paths = table(spec)
    enum_values, enum_fields = enums(spec)
    lines = [
        '"""What the drift radar knows of each schema. Written by `python tools/drift_paths.py` (make generate) from',
        'openapi/cubicasa-integrate-v3.yaml; do not edit."""',
        "",
        '__all__ = ["CHILDREN", "ENUMS", "ENUM_FIELDS", "ENUM_PATHS", "SCHEMAS", "SPEC_SHA256"]',
        "",
        f'SPEC_SHA256 = "{hashlib.sha256(spec_bytes).hexdigest()}"',
        '"""sha256 of the spec this table was written from (the same bytes generated/ comes from)."""',
        "",
        "SCHEMAS: dict[str, tuple[str, dict[str, tuple[tuple[str, ...] | None, bool]]]] = {",
    ]
    for name, (prefix, described) in fields.items():
        lines.append(f'    "{name}": (')
        lines.append(f'        "{prefix}",')
        lines.append("        {")
        for field, (types, required) in described.items():
            shown = (
                "None" if types is None else "(" + ", ".join(f'"{t}"' for t in types) + ("," * (len(types) == 1)) + ")"
            )
            lines.append(f'            "{field}": ({shown}, {required}),')
        lines.append("        },")
        lines.append("    ),")
    lines += [
        "}",
        '"""Object schema -> (its path in its resource, {JSON key: (JSON types, None for any; required)})."""',
        "",
        "ENUM_PATHS: dict[str, str] = {",
        *(f'    "{name}": "{path}",' for name, path in enum_paths.items()),
        "}",
        '"""Enum schema -> path of its first use."""',
        "",
        "ENUMS: dict[str, tuple[str, ...]] = {",
        *(f'    "{name}": {_tuple(listed)},' for name, listed in enum_values.items()),
        "}",
        '"""Enum schema -> the values the spec lists."""',
        "",
        *_held_table(
            "ENUM_FIELDS",
            enum_fields,
            "Object schema -> {JSON key: (enum schema of its value, as list items?)}: the values an audit checks.",
        ),
        *_held_table(
            "CHILDREN",
            children(spec),
            "Object schema -> {JSON key: (object schema of its value, as list items?)}: what an audit descends.",
        ),
    ]
    return "\n".join(lines)


def _held_table(name: str, table: dict[str, dict[str, tuple[str, bool]]], doc: str) -> list[str]:
    """The lines of a `schema -> {JSON key: (schema of its value, as list items?)}` table and its docstring."""
    lines = [f"{name}: dict[str, dict[str, tuple[str, bool]]] = {{"]
    for schema, held in table.items():
        lines.append(f'    "{schema}": {{')
        lines += [f'        "{field}": ("{child}", {items}),' for field, (child, items) in held.items()]
        lines.append("    },")
    return [*lines, "}", f'"""{doc}"""', ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if the table differs from what would be written")
    args = parser.parse_args(argv)
    text = render(SPEC.read_bytes())
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
    if args.check:
        if current == text:
            print(f"{OUTPUT.name} is up to date.")
            return 0
        diff = difflib.unified_diff(current.splitlines(), text.splitlines(), OUTPUT.name, "regenerated", lineterm="")
        print("\n".join(list(diff)[:60]))
        print(f"{OUTPUT.name} is stale: run `make generate` (or python tools/drift_paths.py) and commit it.")
        return 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The spec lint rules can fail: each project rule fires on a one-line mutation of the real spec.

Every `cubicasa-*` rule of openapi/.spectral.yaml gets at least one mutation of the real document (one mutated
file each), and all files are linted by a *single* Spectral run (Spectral takes ~2 s to start). Each test then
checks that its rule reports an error at the mutated node. The real spec, and an unmutated YAML round-trip of it
(the control: the mutations are written through the same dumper), must give zero errors.

The flow-style check (tools/check_flow_descriptions.py) works on text, so its mutation is a text edit.

Spectral comes from ./node_modules (`make node`). Without it a plain pytest run (`make test-python`) skips
these tests and says why; `make test` installs it and makes a missing Spectral a failure (tests/support.py
node_tool), because a lint gate that silently skips is no gate.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import ROOT, SPEC_PATH, node_tool

RULESET = ROOT / "openapi" / ".spectral.yaml"
FLOW_CHECK = ROOT / "tools" / "check_flow_descriptions.py"
ERROR = 0  # Spectral's JSON severity for errors

Spec = dict[str, Any]
Key = str | int
Where = tuple[Key, ...]


@dataclass(frozen=True)
class Mutation:
    rule: str  # the rule that must report it...
    reported_at: Where  # ...at this node (Spectral's JSON `path`)
    edit: Callable[[Spec], None]


def _node(spec: Spec, where: Where) -> Any:
    node: Any = spec
    for key in where:
        node = node[key]
    return node


def set_(rule: str, where: Where, value: Any, *, reported_at: Where = ()) -> Mutation:
    """Set the node at `where`; the rule reports `where` itself, or `where + reported_at`."""

    def edit(spec: Spec) -> None:
        _node(spec, where[:-1])[where[-1]] = value

    return Mutation(rule, (*where, *reported_at), edit)


def delete(rule: str, where: Where) -> Mutation:
    """Delete a required key; the rule reports the object that lacks it."""

    def edit(spec: Spec) -> None:
        del _node(spec, where[:-1])[where[-1]]

    return Mutation(rule, where[:-1], edit)


def append(rule: str, where: Where, value: Any) -> Mutation:
    def edit(spec: Spec) -> None:
        _node(spec, where).append(value)

    return Mutation(rule, where, edit)


def rename_schema(rule: str, old: str, new: str) -> Mutation:
    """Rename a component schema and every $ref to it, so that the name is the only change."""

    def fix_refs(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("$ref") == f"#/components/schemas/{old}":
                node["$ref"] = f"#/components/schemas/{new}"
            for child in node.values():
                fix_refs(child)
        elif isinstance(node, list):
            for child in node:
                fix_refs(child)

    def edit(spec: Spec) -> None:
        schemas = spec["components"]["schemas"]
        spec["components"]["schemas"] = {new if name == old else name: schema for name, schema in schemas.items()}
        fix_refs(spec)

    return Mutation(rule, ("components", "schemas", new), edit)


SCHEMAS = ("components", "schemas")
LIST_ORDERS = ("paths", "/orders", "get")
UPGRADE_ORDER = ("paths", "/orders/{order_id}/post-purchase", "post")
GET_ORDER = ("paths", "/orders/{order_id}", "get")
ADD_USER = ("paths", "/users", "post")
WEBHOOK = ("webhooks", "orderStatus", "post")  # an OpenAPI 3.1 webhook operation
INLINE_ORDER_STATUS = {"type": "string", "enum": ["New", "Draft", "Pending", "Ready", "Fixing"]}

MUTATIONS: dict[str, Mutation] = {
    "openapi-3.0.3": set_("cubicasa-openapi-3-1", ("openapi",), "3.0.3"),
    "no-operationId-path": delete("cubicasa-operation-id", (*LIST_ORDERS, "operationId")),
    "no-operationId-webhook": delete("cubicasa-operation-id", (*WEBHOOK, "operationId")),
    "no-summary-path": delete("cubicasa-operation-summary", (*UPGRADE_ORDER, "summary")),
    "no-summary-webhook": delete("cubicasa-operation-summary", (*WEBHOOK, "summary")),
    "empty-tags-path": set_("cubicasa-operation-tags", (*ADD_USER, "tags"), []),
    "no-tags-webhook": delete("cubicasa-operation-tags", (*WEBHOOK, "tags")),
    "no-x-evidence-operation": delete("cubicasa-x-evidence", (*GET_ORDER, "x-evidence")),
    "no-x-evidence-webhook": delete("cubicasa-x-evidence", (*WEBHOOK, "x-evidence")),
    "no-x-evidence-schema": delete("cubicasa-x-evidence", (*SCHEMAS, "Pagination", "x-evidence")),
    "unknown-x-evidence": set_("cubicasa-x-evidence", (*SCHEMAS, "Order", "x-evidence"), "rumour"),
    "null-in-enum": append("cubicasa-no-null-in-enum", (*SCHEMAS, "OrderStatus", "enum"), None),
    "enum-type-list-with-null": set_(
        "cubicasa-enum-not-nullable", (*SCHEMAS, "OrderStatus", "type"), ["string", "null"]
    ),
    "nullable-beside-ref": set_(
        "cubicasa-no-nullable",
        (*SCHEMAS, "OrderStatusEvent", "properties", "current_status"),
        {"$ref": "#/components/schemas/OrderStatus", "nullable": True},
        reported_at=("nullable",),
    ),
    "nullable-scalar": set_(
        "cubicasa-no-nullable",
        (*SCHEMAS, "OrderInfo", "properties", "created_by"),
        {"type": "string", "nullable": True},
        reported_at=("nullable",),
    ),
    "inline-enum-in-property": set_(
        "cubicasa-no-inline-enum",
        (*SCHEMAS, "OrderInfo", "properties", "status"),
        INLINE_ORDER_STATUS,
        reported_at=("enum",),
    ),
    "inline-enum-in-parameter": set_(
        "cubicasa-no-inline-enum",
        (*LIST_ORDERS, "parameters", 2, "schema", "items"),
        INLINE_ORDER_STATUS,
        reported_at=("enum",),
    ),
    "schema-named-Error": rename_schema("cubicasa-reserved-schema-names", "ErrorBody", "Error"),
    "schema-named-client": rename_schema("cubicasa-reserved-schema-names", "Address", "client"),
    "property-named-d": set_("cubicasa-reserved-property-names", (*SCHEMAS, "Address", "properties", "d"), {}),
    "property-named-field_dict": set_(
        "cubicasa-reserved-property-names", (*SCHEMAS, "User", "properties", "field_dict"), {"type": "string"}
    ),
    "format-date-time": set_(
        "cubicasa-no-date-time", (*SCHEMAS, "OrderInfo", "properties", "created_at", "format"), "date-time"
    ),
}
CONTROL = "control-unmutated"  # the real spec through the same YAML dumper


def _project_rules() -> set[str]:
    ruleset = yaml.safe_load(RULESET.read_text(encoding="utf-8"))
    return {name for name in ruleset["rules"] if name.startswith("cubicasa-")}


@pytest.fixture(scope="module")
def spectral_results(spec: Spec, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """Lint the real spec, the control and every mutated copy in one Spectral run; results by document name."""
    spectral = node_tool("spectral")
    folder = tmp_path_factory.mktemp("spec-lint")
    documents = {"real": SPEC_PATH}
    for name, mutation in {CONTROL: None, **MUTATIONS}.items():
        mutated = copy.deepcopy(spec)
        if mutation is not None:
            mutation.edit(mutated)
        documents[name] = folder / f"{name}.yaml"
        documents[name].write_text(yaml.safe_dump(mutated, sort_keys=False, allow_unicode=True), encoding="utf-8")
    output = folder / "results.json"
    run = subprocess.run(
        [spectral, "lint", *documents.values(), "--ruleset", RULESET, "--format", "json", "--output", output],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert run.returncode in (0, 1), f"Spectral could not run (exit {run.returncode}):\n{run.stdout}\n{run.stderr}"
    by_source: dict[str, list[dict[str, Any]]] = {str(Path(path).resolve()): [] for path in documents.values()}
    for result in json.loads(output.read_text(encoding="utf-8")):
        by_source[str(Path(result["source"]).resolve())].append(result)
    return {name: by_source[str(Path(path).resolve())] for name, path in documents.items()}


def _errors(results: list[dict[str, Any]]) -> list[str]:
    return [
        f"{r['code']} at {'.'.join(map(str, r['path']))}: {r['message']}" for r in results if r["severity"] == ERROR
    ]


def test_every_project_rule_has_a_mutation() -> None:
    assert {mutation.rule for mutation in MUTATIONS.values()} == _project_rules()


@pytest.mark.parametrize("document", ["real", CONTROL])
def test_the_spec_has_no_lint_error(spectral_results: dict[str, list[dict[str, Any]]], document: str) -> None:
    assert _errors(spectral_results[document]) == []


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_rule_fires_on_its_mutation(spectral_results: dict[str, list[dict[str, Any]]], name: str) -> None:
    mutation = MUTATIONS[name]
    reported = [
        tuple(r["path"]) for r in spectral_results[name] if r["code"] == mutation.rule and r["severity"] == ERROR
    ]
    expected = tuple(str(key) for key in mutation.reported_at)
    assert expected in reported, f"{mutation.rule} did not report {expected}; errors: {_errors(spectral_results[name])}"


# ---------------------------------------------------------------------------------------------- flow-style text check

# The YAML bug the research found: the comma ends the value and `float)` becomes a stray key with a null value.
FLOW_LINE = "        created_at: {type: number, description: Unix timestamp (seconds, float)}\n"


def _flow_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, FLOW_CHECK, path], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )


def test_flow_check_passes_on_the_real_spec() -> None:
    run = _flow_check(SPEC_PATH)
    assert (run.returncode, run.stdout) == (0, "")


def test_flow_check_catches_an_unquoted_flow_description(tmp_path: Path) -> None:
    text = SPEC_PATH.read_text(encoding="utf-8")
    block = re.compile(
        r"        created_at:\n          type: number\n          description: \"When the user was created.*\n"
    )
    mutated, count = block.subn(FLOW_LINE, text)
    assert count == 1, "the User.created_at block this test rewrites has changed"
    line = mutated[: mutated.index(FLOW_LINE)].count("\n") + 1
    path = tmp_path / "flow.yaml"
    path.write_text(mutated, encoding="utf-8")

    run = _flow_check(path)

    assert run.returncode == 1
    description, stray = FLOW_LINE.index("description") + 1, FLOW_LINE.index("float)") + 1
    assert f"{path}:{line}:{description}: unquoted description in a flow mapping" in run.stdout
    assert f"{path}:{line}:{stray}: flow-mapping entry 'float)' has no value" in run.stdout

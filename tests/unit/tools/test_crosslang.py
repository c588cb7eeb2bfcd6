"""tools/crosslang.py: generator output is sorted into progress and warnings, the allow-list is exact, and a spec
that breaks the TypeScript usage file fails the build."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.support import ROOT, load_spec, load_tool, node_tool

OUT = Path("/tmp/build/crosslang")

# Captured from openapi-generator-cli 7.26.0 and openapi-typescript 7.13.0 on the real spec.
VALIDATE_OUTPUT = """Validating spec (/work/dist/cubicasa-integrate-v3.openapi.yaml)
Warnings: \n\t- Unused model: ProductType
\t- Unused model: OrderStatusEvent
\t- Unused model: DeliveryType

[info] Spec has 3 recommendation(s).
"""
BETA = (
    "[main] WARN  o.o.codegen.DefaultCodegen - OpenAPI 3.1 support is still in beta. To report an issue related to "
    "3.1 spec, please kindly open an issue in the Github repo: https://github.com/openAPITools/openapi-generator."
)
GENERATE_OUTPUT = f"""{BETA}
[main] INFO  o.o.codegen.DefaultGenerator - Generating with dryRun=false
[main] WARN  o.o.codegen.utils.ModelUtils - Failed to get the schema name: null
[main] WARN  o.o.c.languages.AbstractJavaCodegen - Ignoring complex example on request body
[main] INFO  o.o.codegen.TemplateManager - writing file {OUT}/typescript-fetch/models/AddOn.ts
############################################################################################
# Thanks for using OpenAPI Generator.                                                      #
############################################################################################
"""
OPENAPI_TYPESCRIPT_OUTPUT = f"""✨ openapi-typescript 7.13.0
🚀 {ROOT}/dist/cubicasa-integrate-v3.openapi.yaml → {OUT}/openapi-typescript/schema.d.ts [431.3ms]
"""


@pytest.fixture(scope="module")
def crosslang() -> ModuleType:
    return load_tool("crosslang")


def steps(crosslang: ModuleType) -> list[object]:
    out = []
    for tool, output in (
        ("openapi-generator validate", VALIDATE_OUTPUT),
        ("openapi-generator generate", GENERATE_OUTPUT),
        ("openapi-typescript", OPENAPI_TYPESCRIPT_OUTPUT),
    ):
        step = crosslang.Step(tool, [])
        step.warnings = crosslang.warnings_in(tool, output, OUT)
        out.append(step)
    return out


def test_progress_lines_are_not_warnings(crosslang: ModuleType) -> None:
    validate, generate, openapi_typescript = steps(crosslang)
    assert validate.warnings == [
        f"- Unused model: {name}" for name in ("ProductType", "OrderStatusEvent", "DeliveryType")
    ]
    assert [w.split(" - ")[0] for w in generate.warnings] == [
        "[main] WARN o.o.codegen.DefaultCodegen",
        "[main] WARN o.o.codegen.utils.ModelUtils",
        "[main] WARN o.o.c.languages.AbstractJavaCodegen",
    ]
    assert openapi_typescript.warnings == []


def test_the_committed_allow_list_explains_exactly_the_known_warnings(crosslang: ModuleType) -> None:
    allowed = crosslang.load_allow_list()
    assert crosslang.unexplained(steps(crosslang), allowed) == []
    assert crosslang.stale(allowed) == []


def test_a_new_warning_fails(crosslang: ModuleType) -> None:
    new = steps(crosslang)
    new[1].warnings += crosslang.warnings_in(
        "openapi-generator generate", "[main] WARN  o.o.codegen.DefaultCodegen - Unknown type found: int128", OUT
    )
    problems = crosslang.unexplained(new, crosslang.load_allow_list())
    assert problems == [
        "openapi-generator generate: new warning: [main] WARN o.o.codegen.DefaultCodegen - Unknown type found: int128"
    ]


def test_an_unknown_line_of_any_kind_is_a_warning(crosslang: ModuleType) -> None:
    output = OPENAPI_TYPESCRIPT_OUTPUT + "⚠️ something looks off\n"
    assert crosslang.warnings_in("openapi-typescript", output, OUT) == ["⚠️ something looks off"]


def test_an_allow_list_entry_that_matches_nothing_is_stale(crosslang: ModuleType) -> None:
    allowed = crosslang.load_allow_list()
    fixed = [step for step in steps(crosslang) if step.tool != "openapi-generator validate"]
    crosslang.unexplained(fixed, allowed)
    assert [problem.split(":")[0] for problem in crosslang.stale(allowed)] == ["openapi-generator validate"]


def test_every_allow_list_entry_has_a_reason(crosslang: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "allowed.yaml"
    path.write_text(yaml.safe_dump([{"tool": "openapi-typescript", "warning": "x", "reason": " "}]))
    with pytest.raises(ValueError, match="non-empty reason"):
        crosslang.load_allow_list(path)


def test_a_spec_change_that_breaks_typescript_users_fails(crosslang: ModuleType, tmp_path: Path) -> None:
    """The openapi-typescript pipeline, end to end, on a spec without Order.delivery_assets: use.ts reads it."""
    node_tool("openapi-typescript")
    node_tool("tsc")
    spec = load_spec()
    del spec["components"]["schemas"]["Order"]["properties"]["delivery_assets"]
    mutated = tmp_path / "spec.yaml"
    mutated.write_text(yaml.safe_dump(spec))
    (tmp_path / "out" / "openapi-typescript").mkdir(parents=True)
    generate, compile_, *_openapi_fetch = crosslang.openapi_typescript(mutated, tmp_path / "out")
    assert generate.returncode == 0
    assert generate.warnings == []
    assert compile_.returncode != 0
    # Objects are open (additionalProperties: true), so the missing key itself is `unknown`, not an error: the
    # error is at the first use of what it held.
    assert "Property 'listing_floorplans' does not exist" in compile_.output


def _html_5xx(spec: dict[str, Any]) -> None:
    spec["components"]["responses"]["ServerError"]["content"]["text/html"] = {"schema": {"type": "string"}}


def _get_order_by_id(spec: dict[str, Any]) -> None:
    item = spec["paths"].pop("/orders/{order_id}")
    item["get"]["parameters"] = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    spec["paths"]["/orders/{id}"] = item


def _package_type_required(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["UpgradeOrderRequest"]["required"] = ["package_type", "add_ons"]


def _run_openapi_fetch(crosslang: ModuleType, spec: dict[str, Any], tmp_path: Path) -> list[Any]:
    node_tool("openapi-typescript")
    node_tool("tsc")
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    (tmp_path / "out" / "openapi-typescript").mkdir(parents=True)
    return list(crosslang.openapi_typescript(path, tmp_path / "out"))


def test_the_openapi_fetch_consumer_compiles_on_the_spec_without_assertions(
    crosslang: ModuleType, tmp_path: Path
) -> None:
    steps = _run_openapi_fetch(crosslang, load_spec(), tmp_path)
    assert [(s.tool, s.returncode, s.output) for s in steps[1:]] == [
        ("tsc (openapi-typescript)", 0, ""),
        ("tsc (openapi-fetch)", 0, ""),
        ("no assertions (openapi-fetch)", 0, ""),
    ]


# Each finding of issue 26 put back into the spec: the openapi-fetch consumer stops compiling, with the error a
# TypeScript team saw. (The ServerError text/html body types `error` as a string, which may be "" and falsy, so
# `if (error) throw error` does not narrow `data`.)
@pytest.mark.parametrize(
    ("mutate", "error"),
    [
        pytest.param(_html_5xx, "error TS18048: 'data' is possibly 'undefined'.", id="5xx-text-html"),
        pytest.param(_get_order_by_id, "'\"/orders/{order_id}\"' is not assignable", id="get-order-by-id"),
        pytest.param(_package_type_required, "Property 'package_type' is missing", id="package-type-required"),
    ],
)
def test_each_spec_finding_breaks_the_openapi_fetch_consumer(
    crosslang: ModuleType, tmp_path: Path, mutate: Callable[[dict[str, Any]], None], error: str
) -> None:
    spec = load_spec()
    mutate(spec)
    steps = {s.tool: s for s in _run_openapi_fetch(crosslang, spec, tmp_path)}
    assert steps["tsc (openapi-fetch)"].returncode != 0
    assert error in steps["tsc (openapi-fetch)"].output


@pytest.mark.parametrize(
    "line",
    [
        "export const a = (globalThis.x as string[]).length;",
        "export const b = globalThis.y!.length;",
        "export const c = (<string>globalThis.z).length;",
        "// @ts-ignore\nexport const d: number = 'x';",
        "/* @ts-expect-error */\nexport const e: number = 'x';",
    ],
)
def test_the_assertion_guard_fails_on_each_way_around_the_types(tmp_path: Path, line: str) -> None:
    node_tool("tsc")
    source = tmp_path / "client.ts"
    source.write_text(f"export const fine = [1] as const; // no @ts-ignore here\n{line}\n", encoding="utf-8")
    guard = ROOT / "tests" / "crosslang" / "openapi-fetch" / "no-assertions.cjs"
    result = subprocess.run(
        ["node", str(guard), str(ROOT / "node_modules" / "typescript"), str(source)], capture_output=True, text=True
    )
    assert result.returncode == 1, result.stdout
    assert f"{source}:2:" in result.stdout


def test_the_evolved_payloads_become_a_typescript_module_of_typed_values(tmp_path: Path) -> None:
    crosslang = load_tool("crosslang")
    crosslang.write_evolved_payloads(tmp_path / "evolved")
    module = crosslang.write_evolved_typescript(tmp_path, tmp_path / "evolved").read_text(encoding="utf-8")
    assert 'export const evolvedOrder: components["schemas"]["Order"] = order;' in module
    assert "export const evolvedEvent: OrderStatusEvent = event;" in module
    assert '"status": "Archived"' in module
    assert '"x_added_later"' in module

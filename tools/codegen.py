"""Regenerate generated/ from openapi/ and check that the committed copy is exactly what the generator makes.

    python tools/codegen.py generate         # rewrite generated/ from empty, the provenance module and the
                                             # CHANGELOG's Unreleased `API:` line
    python tools/codegen.py check            # regenerate into a temporary folder; exit 1 on any difference
    python tools/codegen.py template-diff    # each custom template against the generator's own
    python tools/codegen.py check-templates  # fail if a custom template's upstream original has changed

Custom templates (overrides/templates/**/*.jinja, e.g. model.py.jinja) are copies
of the pinned generator's templates with small edits.
overrides/templates/upstream.sha256 records the sha256 of each upstream original they were copied from, so a
generator bump that changes one of them fails check-templates until the edit is re-applied to the new original.

The spec's open enums (`anyOf: [{$ref: <string enum>}, {type: string}]` at each use, for the generators that close
an `enum`) reach openapi-python-client as the bare `$ref` (`python_view`): this client's enums are open already
(str_enum.py.jinja), so `OrderStatus | str` would only widen the public types without accepting anything more.
UpgradeOrderRequest keeps its union: it took plain strings before the enums opened, and still does.

Objects with listed properties reach it closed (`additionalProperties: false`): the client decodes responses with
msgspec, in C, straight into the attrs models, and msgspec skips keys a class does not declare, so an
`additional_properties` dict would always be empty there (and cost a dict per object). Unknown keys are the drift
radar's to report (it audits whole response bodies); the shared spec itself stays open for every other generator.
Webhook events stay open (KEEP_OPEN).

Objects the client reads (responses, error bodies, webhook payloads) reach it with their optional properties
required-or-null and named in `x-python-optional`, which model.py.jinja declares `X | None = None`: typed code
narrows only None. An object both sent and read gets a `<Name>Input` copy for the request bodies, which keeps
`X | Unset` ("not sent" is not null).

What generated/ was made from is written by the same command, never by hand: `_provenance.py`, and the `API:`
line (API version, spec sha256, generator) of the top CHANGELOG entry while it is Unreleased, the line
`make release-check` holds to the spec (RELEASING.md). A released top entry is left alone: a change after a
release opens its own entry first.

Generation always starts from an empty folder: the generator's --overwrite only clears api/ and models/ and
leaves stale files elsewhere. Generator warnings are failures (--fail-on-warning).
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "cubicasa-integrate-v3.yaml"
CONFIG = ROOT / "generator-config.yaml"
TEMPLATES = ROOT / "overrides" / "templates"
PACKAGE = "cubicasa_integrate_api"
GENERATED = ROOT / "generated" / PACKAGE
PROVENANCE = ROOT / "overrides" / "cubicasa_integrate" / "_provenance.py"
CHANGELOG = ROOT / "CHANGELOG.md"
PINS = ROOT / "requirements" / "codegen.txt"
UPSTREAM_LOCK = TEMPLATES / "upstream.sha256"
TEMPLATE_BUDGET = 200
"""Most lines the custom templates may add over upstream's, in total (issue 23): a fork is a merge at every
generator upgrade."""
# Schemas whose `<enum> | str` unions predate the open-enum form: their generated types take plain strings.
KEEP_STR_UNIONS = frozenset({"UpgradeOrderRequest"})
# Schemas that keep their unknown keys (`additional_properties`): a webhook event is read with from_dict, and a
# receiver's dedupe key must tell apart two events that differ only in a field the spec does not list yet.
KEEP_OPEN = frozenset({"OrderStatusEvent"})


def pinned_versions() -> dict[str, str]:
    pins = {}
    for line in PINS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, _, pinned = line.partition("==")
            pins[name.strip()] = pinned.strip()
    return pins


def check_toolchain() -> None:
    """Refuse to generate with anything but the pinned toolchain: the output bytes depend on it."""
    for name, pinned in pinned_versions().items():
        installed = version(name)
        if installed != pinned:
            sys.exit(f"{name} {installed} is installed but {PINS.relative_to(ROOT)} pins {pinned}; run `make venv`.")


def api_version() -> str:
    import yaml

    return str(yaml.safe_load(SPEC.read_text(encoding="utf-8"))["info"]["version"])


def spec_sha256() -> str:
    return hashlib.sha256(SPEC.read_bytes()).hexdigest()


def generator_name() -> str:
    return f"openapi-python-client {version('openapi-python-client')}"


def formatter_name() -> str:
    return f"ruff {version('ruff')}"


def provenance_source() -> str:
    spec_sha, generator, formatter = spec_sha256(), generator_name(), formatter_name()
    return f'''"""Where the generated package came from. Written by `make generate` (tools/codegen.py); do not edit."""

__all__ = ["API_VERSION", "FORMATTER", "GENERATOR", "SPEC_SHA256"]

API_VERSION = "{api_version()}"
"""`info.version` of openapi/cubicasa-integrate-v3.yaml."""
SPEC_SHA256 = "{spec_sha}"
"""sha256 of the exact spec bytes that generated/ was generated from."""
GENERATOR = "{generator}"
FORMATTER = "{formatter}"
'''


def _collapse_open_enums(node: Any, string_enums: set[str]) -> Any:
    if isinstance(node, list):
        return [_collapse_open_enums(item, string_enums) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _collapse_open_enums(value, string_enums) for key, value in node.items()}
    variants = node.get("anyOf")
    if isinstance(variants, list) and any(v.get("$ref") in string_enums for v in variants if isinstance(v, dict)):
        kept = [v for v in variants if v != {"type": "string"}]
        if len(kept) == 1:
            # The title names the union for generators that make a class of it; here the enum itself is the type.
            node = {key: value for key, value in node.items() if key not in ("anyOf", "title")} | kept[0]
        else:
            node["anyOf"] = kept
    return node


def _closed(schema: Any) -> Any:
    """An object schema with listed properties, without room for other keys (free-form objects and maps stay)."""
    if isinstance(schema, dict) and "properties" in schema and schema.get("additionalProperties", True) is True:
        return schema | {"additionalProperties": False}
    return schema


_SCHEMAS = "#/components/schemas/"
OPTIONAL_MARK = "x-python-optional"
"""Names the view gives model.py.jinja: an object's optional properties, which its model declares `X | None = None`."""


def _refs(node: Any, schemas: dict[str, Any], found: set[str]) -> set[str]:
    """Every schema `node` names, directly or through the schemas it names."""
    if isinstance(node, list):
        for item in node:
            _refs(item, schemas, found)
    elif isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_SCHEMAS) and ref[len(_SCHEMAS) :] not in found:
            found.add(ref[len(_SCHEMAS) :])
            _refs(schemas.get(ref[len(_SCHEMAS) :]), schemas, found)
        for value in node.values():
            _refs(value, schemas, found)
    return found


def _rename_refs(node: Any, renamed: dict[str, str]) -> Any:
    if isinstance(node, list):
        return [_rename_refs(item, renamed) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    node = {key: _rename_refs(value, renamed) for key, value in node.items()}
    if isinstance(ref, str) and ref.startswith(_SCHEMAS) and ref[len(_SCHEMAS) :] in renamed:
        node["$ref"] = _SCHEMAS + renamed[ref[len(_SCHEMAS) :]]
    return node


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` that also allows null (an untyped `{}`-like schema allows it already)."""
    for key in ("anyOf", "oneOf"):
        if key in schema:
            null = {"type": "null"}
            return schema if null in schema[key] else schema | {key: [*schema[key], null]}
    if "$ref" in schema:
        kept = {key: value for key, value in schema.items() if key != "$ref"}
        return kept | {"anyOf": [{"$ref": schema["$ref"]}, {"type": "null"}]}
    kind = schema.get("type")
    if isinstance(kind, str):
        return schema | {"type": [kind, "null"]}
    if isinstance(kind, list) and "null" not in kind:
        return schema | {"type": [*kind, "null"]}
    return schema


def _read_as_none(schema: Any) -> Any:
    """An object read from the API: each optional property becomes required-or-null, and is named in
    OPTIONAL_MARK so that its model gives it the default None (absent and null read alike)."""
    if not isinstance(schema, dict) or "properties" not in schema:
        return schema
    required = list(schema.get("required", []))
    optional = [name for name in schema["properties"] if name not in required]
    if not optional:
        return schema
    properties = {
        name: (_or_null(value) if name in optional and isinstance(value, dict) else value)
        for name, value in schema["properties"].items()
    }
    return schema | {"properties": properties, "required": required + optional, OPTIONAL_MARK: optional}


def _split_inputs(spec: dict[str, Any]) -> dict[str, Any]:
    """Each object schema that is both sent and read gets a `<Name>Input` copy for the request bodies: a request
    keeps "not sent" (Unset) while what is read has None (WebhookConfig today)."""
    schemas = spec.get("components", {}).get("schemas", {})
    sent = _refs([op.get("requestBody") for op in _operations(spec)], schemas, set())
    read = _read_schemas(spec)
    both = {name: f"{name}Input" for name in sorted(sent & read) if "properties" in schemas[name]}
    if not both:
        return spec
    view = dict(spec)
    view["paths"] = {
        path: {
            method: (
                op | {"requestBody": _rename_refs(op["requestBody"], both)}
                if isinstance(op, dict) and "requestBody" in op
                else op
            )
            for method, op in item.items()
        }
        for path, item in spec.get("paths", {}).items()
    }
    copies = {both[name]: _rename_refs(schemas[name], both) for name in both}
    view["components"] = dict(spec["components"]) | {"schemas": schemas | copies}
    return view


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for item in spec.get("paths", {}).values() for op in item.values() if isinstance(op, dict)]


def _read_schemas(spec: dict[str, Any]) -> set[str]:
    """The schemas of what the client reads: responses (also shared ones) and webhook payloads."""
    schemas = spec.get("components", {}).get("schemas", {})
    roots = [op.get("responses") for op in _operations(spec)]
    roots += [spec.get("webhooks"), spec.get("components", {}).get("responses")]
    return _refs(roots, schemas, set())


def python_view(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as openapi-python-client sees it: each open-enum union reduced to its (already open) enum, each
    object with listed properties closed, and each object read from the API with its optional properties read
    as None (a request body's copy keeps them "not sent")."""
    spec = _split_inputs(spec)
    read = _read_schemas(spec) - _refs(
        [op.get("requestBody") for op in _operations(spec)], spec.get("components", {}).get("schemas", {}), set()
    )
    schemas = {
        name: (_read_as_none(schema) if name in read else schema)
        for name, schema in spec.get("components", {}).get("schemas", {}).items()
    }
    spec = spec | {"components": dict(spec.get("components", {})) | {"schemas": schemas}}
    string_enums = {
        f"#/components/schemas/{name}"
        for name, schema in schemas.items()
        if schema.get("type") == "string" and "enum" in schema
    }
    view: dict[str, Any] = _collapse_open_enums(
        {key: value for key, value in spec.items() if key != "components"}, string_enums
    )
    components = dict(spec.get("components", {}))
    components["schemas"] = {
        name: (lambda kept: kept if name in KEEP_OPEN else _closed(kept))(
            schema if name in KEEP_STR_UNIONS else _collapse_open_enums(schema, string_enums)
        )
        for name, schema in schemas.items()
    }
    view["components"] = components
    return view


def changelog_api_line() -> str:
    """The `API:` line of a CHANGELOG entry (RELEASING.md) for what generated/ is made from now."""
    return (
        f"API: CubiCasa Integrate API `{api_version()}` · spec sha256 `{spec_sha256()}` · {generator_name()}"
        f" ({formatter_name()})"
    )


_ENTRY = re.compile(r"^## \d+\.\d+\.\d+ — (?P<date>\d{4}-\d{2}-\d{2}|Unreleased)\s*$")


def stamp_changelog(text: str, api_line: str) -> tuple[str, str]:
    """`text` with `api_line` as the `API:` line of its top entry if that entry is Unreleased (replacing the one
    it has, or added below its heading), and a sentence saying what was done."""
    lines = text.split("\n")
    heading = next((i for i, line in enumerate(lines) if _ENTRY.match(line)), None)
    if heading is None:
        return text, "CHANGELOG.md has no `## X.Y.Z — ...` entry: no `API:` line written"
    match = _ENTRY.match(lines[heading])
    assert match is not None
    if match["date"] != "Unreleased":
        return text, (
            f"the top CHANGELOG entry ({lines[heading][3:]}) is released: open a `## <next> — Unreleased` entry "
            "(RELEASING.md) and generate again to write its `API:` line"
        )
    end = next((i for i in range(heading + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    existing = next((i for i in range(heading + 1, end) if lines[i].startswith("API:")), None)
    if existing is None:
        lines[heading + 1 : heading + 1] = ["", api_line]
    elif lines[existing] == api_line:
        return text, "the CHANGELOG's Unreleased `API:` line is current"
    else:
        lines[existing] = api_line
    return "\n".join(lines), "wrote the CHANGELOG's Unreleased `API:` line"


def run_generator(output: Path) -> None:
    import yaml

    executable = Path(sys.executable).parent / "openapi-python-client"
    spec = output.parent / SPEC.name
    view = python_view(yaml.safe_load(SPEC.read_text(encoding="utf-8")))
    spec.write_text(yaml.safe_dump(view, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    command = [
        str(executable),
        "generate",
        "--path",
        str(spec),
        "--config",
        str(CONFIG),
        "--meta",
        "none",
        "--output-path",
        str(output),
        "--fail-on-warning",
    ]
    if TEMPLATES.is_dir() and custom_templates():
        command += ["--custom-template-path", str(TEMPLATES)]
    # The post-hooks call `ruff` by name: put the pinned one from this environment first on PATH, and pass no
    # other environment so that no RUFF_* variable or user config can change the bytes.
    env_path = f"{executable.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    result = subprocess.run(command, capture_output=True, text=True, env={"PATH": env_path, "HOME": str(output.parent)})
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"openapi-python-client failed (exit {result.returncode})")


def tree(root: Path) -> dict[str, Path]:
    return {
        str(p.relative_to(root)): p for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts
    }


def differences(expected: Path, actual: Path) -> list[str]:
    """Human-readable differences between a fresh generation (expected) and the committed copy (actual)."""
    want, have = tree(expected), tree(actual)
    problems = [f"missing from generated/: {name}" for name in sorted(want.keys() - have.keys())]
    problems += [f"not produced by the generator: {name}" for name in sorted(have.keys() - want.keys())]
    for name in sorted(want.keys() & have.keys()):
        if not filecmp.cmp(want[name], have[name], shallow=False):
            diff = difflib.unified_diff(
                have[name].read_text(encoding="utf-8", errors="replace").splitlines(),
                want[name].read_text(encoding="utf-8", errors="replace").splitlines(),
                f"committed/{name}",
                f"regenerated/{name}",
                lineterm="",
                n=1,
            )
            problems.append("\n".join(list(diff)[:40]))
    return problems


def generate() -> None:
    check_toolchain()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / PACKAGE
        run_generator(fresh)
        shutil.rmtree(GENERATED, ignore_errors=True)
        shutil.copytree(fresh, GENERATED)
    PROVENANCE.write_text(provenance_source(), encoding="utf-8")
    print(f"generated {GENERATED.relative_to(ROOT)} and {PROVENANCE.relative_to(ROOT)}")
    before = CHANGELOG.read_text(encoding="utf-8")
    after, said = stamp_changelog(before, changelog_api_line())
    if after != before:
        CHANGELOG.write_text(after, encoding="utf-8")
    print(said)


def check(committed: Path = GENERATED, provenance: Path = PROVENANCE) -> int:
    check_toolchain()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / PACKAGE
        run_generator(fresh)
        problems = differences(fresh, committed) if committed.is_dir() else [f"{committed} does not exist"]
    if not provenance.is_file() or provenance.read_text(encoding="utf-8") != provenance_source():
        problems.append(f"{provenance.name} does not match the spec hash / generator version")
    if problems:
        print("generated/ has drifted from openapi/ + generator-config.yaml + overrides/templates/:")
        print("\n".join(problems))
        print("Run `make generate` and commit the result in its own commit.")
        return 1
    print("generated/ is exactly the generator's output: no drift.")
    return 0


def custom_templates() -> dict[str, Path]:
    """Every custom template by its path below the template folder, as the generator's loader names it."""
    return {p.relative_to(TEMPLATES).as_posix(): p for p in sorted(TEMPLATES.rglob("*.jinja"))}


def upstream_templates() -> Path:
    import openapi_python_client

    return Path(openapi_python_client.__file__).parent / "templates"


def template_edits() -> dict[str, tuple[int, int]]:
    """Lines each custom template adds and removes against the generator's original."""
    edits = {}
    for name, custom in custom_templates().items():
        diff = list(
            difflib.unified_diff(
                (upstream_templates() / name).read_text(encoding="utf-8").splitlines(),
                custom.read_text(encoding="utf-8").splitlines(),
                lineterm="",
                n=0,
            )
        )
        body = [line for line in diff if not line.startswith(("---", "+++", "@@"))]
        edits[name] = (sum(line.startswith("+") for line in body), sum(line.startswith("-") for line in body))
    return edits


def template_diff() -> int:
    for name, custom in custom_templates().items():
        upstream = upstream_templates() / name
        diff = difflib.unified_diff(
            upstream.read_text(encoding="utf-8").splitlines(),
            custom.read_text(encoding="utf-8").splitlines(),
            f"upstream/{name}",
            f"overrides/templates/{name}",
            lineterm="",
        )
        print("\n".join(diff))
    edits = template_edits()
    for name, (added, removed) in edits.items():
        print(f"{name}: +{added} -{removed}")
    added, removed = sum(a for a, _ in edits.values()), sum(r for _, r in edits.values())
    print(f"total: {len(edits)} templates, +{added} -{removed} lines against upstream (budget: +{TEMPLATE_BUDGET})")
    return 0


def check_templates() -> int:
    locked = dict(reversed(line.split(maxsplit=1)) for line in UPSTREAM_LOCK.read_text().splitlines() if line.strip())
    problems = []
    customs = custom_templates()
    for name in customs:
        upstream = upstream_templates() / name
        if name not in locked:
            problems.append(f"{name}: not listed in {UPSTREAM_LOCK.name}")
        elif not upstream.is_file():
            problems.append(f"{name}: the generator has no such template any more")
        elif hashlib.sha256(upstream.read_bytes()).hexdigest() != locked[name]:
            problems.append(f"{name}: the generator's original changed; re-apply our edit (template-diff)")
    problems += [f"{name}: listed but no such custom template" for name in sorted(locked.keys() - customs.keys())]
    if problems:
        print("\n".join(problems))
        return 1
    print(f"{len(locked)} custom templates match the upstream originals they were copied from.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["generate", "check", "template-diff", "check-templates"])
    args = parser.parse_args()
    if args.command == "generate":
        generate()
        return 0
    if args.command == "template-diff":
        return template_diff()
    if args.command == "check-templates":
        return check_templates()
    return check()


if __name__ == "__main__":
    sys.exit(main())

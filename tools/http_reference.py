"""The HTTP API reference as static text, rendered from the spec: Markdown for the docs site, one HTML page for teams.

    python tools/http_reference.py [--spec BUNDLE] [--out dist/cubicasa-integrate-v3.html]

Redoc's page (`tools/docs.py build`) builds every operation in the browser, seconds after it opens: a plain
`chromium --headless --screenshot`, a text browser, a search engine or a reader with scripts off sees only the
overview (issue 26, finding 4). This page is the same facts as plain HTML that needs no script: every operation
(method, path, evidence, parameters, request body, responses) and every schema (properties, types, enum values),
each with an anchor. `markdown()` is what the docs site's "HTTP API" page shows (tools/docs_hooks.py renders it
at build time, so it cannot go stale); `html()` wraps the same Markdown in one self-contained file with its CSS.
"""

from __future__ import annotations

import argparse
import html as html_lib
import sys
from pathlib import Path
from typing import Any

__all__ = ["html", "main", "markdown", "type_of"]

ROOT = Path(__file__).resolve().parent.parent
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
CSS = """
body { font: 16px/1.5 system-ui, sans-serif; color: #1b1b1b; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 2.2rem; } h2 { border-bottom: 2px solid #3f51b5; padding-bottom: .2rem; margin-top: 3rem; }
h3 { margin-top: 2rem; } code { background: #f2f2f5; padding: 0 .25rem; border-radius: 3px; }
table { border-collapse: collapse; margin: .5rem 0 1rem; } td, th { border: 1px solid #ccc; padding: .3rem .6rem;
vertical-align: top; text-align: left; } th { background: #eef0fa; } a { color: #3f51b5; }
"""


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """`node` itself, or the component its `$ref` names (one level: components do not chain refs here)."""
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return node
    found: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        found = found[part]
    return dict(found)


def _anchor(name: str) -> str:
    return f"schema-{name.lower()}"


def type_of(schema: dict[str, Any]) -> str:
    """A schema's type in one line of Markdown: components link to their section, unions are `a | b`."""
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[1]
        return f"[{name}](#{_anchor(name)})"
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " \\| ".join(type_of(option) for option in schema[key])
    kind = schema.get("type")
    if kind == "array":
        return f"array of {type_of(schema.get('items') or {})}"
    if isinstance(kind, list):
        return " \\| ".join(f"`{k}`" for k in kind)
    if kind is None:
        return "any"
    return f"`{kind}`" + (f" ({schema['format']})" if "format" in schema else "")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _cell(text: object) -> str:
    """Text for one table cell: one line, pipes escaped."""
    return " ".join(str(text or "").split()).replace("|", "\\|")


def _operation(spec: dict[str, Any], method: str, path: str, operation: dict[str, Any], webhook: bool) -> list[str]:
    title = f"{'Webhook' if webhook else method.upper()} `{path}`"
    lines = [f"### {operation['summary']} {{#{operation['operationId'].lower()}}}", ""]
    lines += [f"{title} · `{operation['operationId']}` · evidence: {operation.get('x-evidence', 'unstated')}", ""]
    if operation.get("description"):
        lines += [operation["description"].strip(), ""]
    parameters = [_resolve(spec, p) for p in operation.get("parameters") or []]
    if parameters:
        lines += ["| parameter | in | type | required | description |", "|---|---|---|---|---|"]
        lines += [
            f"| `{p['name']}` | {p['in']} | {type_of(p.get('schema') or {})} | {_yes(bool(p.get('required')))} "
            f"| {_cell(p.get('description'))} |"
            for p in parameters
        ]
        lines.append("")
    if "requestBody" in operation:
        body = _resolve(spec, operation["requestBody"])
        for media, content in (body.get("content") or {}).items():
            lines += [f"Request body ({media}): {type_of(content.get('schema') or {})}", ""]
    lines += ["| response | description | body |", "|---|---|---|"]
    for status, response in (operation.get("responses") or {}).items():
        response = _resolve(spec, response)
        bodies = ", ".join(
            f"{type_of(content.get('schema') or {})} ({media})"
            for media, content in (response.get("content") or {}).items()
        )
        lines.append(f"| {status} | {_cell(response.get('description'))} | {bodies or '-'} |")
    return [*lines, ""]


def _schema(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name} {{#{_anchor(name)}}}", ""]
    if schema.get("description"):
        lines += [schema["description"].strip(), ""]
    if "x-evidence" in schema:
        lines += [f"Evidence: {schema['x-evidence']}.", ""]
    if "enum" in schema:
        lines += ["Values: " + ", ".join(f"`{value}`" for value in schema["enum"]), ""]
    properties = schema.get("properties") or {}
    if properties:
        required = set(schema.get("required") or [])
        lines += ["| property | type | required | description |", "|---|---|---|---|"]
        lines += [
            f"| `{prop}` | {type_of(value)} | {_yes(prop in required)} | {_cell(value.get('description'))} |"
            for prop, value in properties.items()
        ]
        lines.append("")
    elif "enum" not in schema:
        lines += [f"Type: {type_of(schema)}", ""]
    return lines


def markdown(spec: dict[str, Any]) -> str:
    """The whole reference as Markdown (tables and `{#id}` anchors: Python-Markdown's tables and attr_list)."""
    info = spec["info"]
    lines = [f"# {info['title']} {info['version']}", ""]
    if info.get("description"):
        lines += [info["description"].strip(), ""]
    lines += [f"- {server.get('description', '')} `{server['url']}`" for server in spec.get("servers") or []]
    lines.append("")
    tags = [tag["name"] for tag in spec.get("tags") or []]
    found: dict[str, list[str]] = {tag: [] for tag in tags}
    for items, webhook in ((spec.get("paths") or {}, False), (spec.get("webhooks") or {}, True)):
        for path, item in items.items():
            for method in METHODS:
                if method in item:
                    operation = item[method]
                    tag = (operation.get("tags") or ["other"])[0]
                    found.setdefault(tag, []).extend(_operation(spec, method, path, operation, webhook))
    for tag, operation_lines in found.items():
        if operation_lines:
            lines += [f"## {tag} {{#tag-{tag.lower()}}}", "", *operation_lines]
    lines += ["## Schemas {#schemas}", ""]
    for name, schema in (spec.get("components") or {}).get("schemas", {}).items():
        lines += _schema(name, schema)
    return "\n".join(lines) + "\n"


def html(spec: dict[str, Any]) -> str:
    """The reference as one self-contained HTML page: no script, no request, readable as it loads."""
    import markdown as python_markdown

    body = python_markdown.markdown(markdown(spec), extensions=["tables", "attr_list", "toc"])
    title = html_lib.escape(f"{spec['info']['title']} {spec['info']['version']} reference")
    return (
        f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<style>{CSS}</style>\n</head>\n'
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def main(argv: list[str] | None = None) -> int:
    import yaml

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spec", type=Path, default=ROOT / "dist" / "cubicasa-integrate-v3.openapi.yaml")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "cubicasa-integrate-v3.html")
    args = parser.parse_args(argv)
    spec = yaml.safe_load(args.spec.read_text(encoding="utf-8"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(html(spec), encoding="utf-8")
    print(f"rendered {args.spec.name} -> {args.out} ({args.out.stat().st_size // 1024} KiB, static: no script)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

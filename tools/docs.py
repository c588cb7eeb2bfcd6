"""`make docs`: the bundled spec as one static HTML reference, and proof in a real browser that it renders.

    python tools/docs.py build [--spec dist/cubicasa-integrate-v3.openapi.yaml] [--out dist/cubicasa-integrate-v3.html]
    python tools/docs.py check [--spec dist/cubicasa-integrate-v3.openapi.yaml] [--html dist/cubicasa-integrate-v3.html]

`build` runs Redocly CLI's `build-docs` (pinned in package.json) on the bundle `make bundle` wrote, with the
Redoc scripts inlined (`--inlineBundle`; by default the page would load them from Redocly's CDN, so a team that
opens the file offline would see nothing) and every schema expanded. The result is one self-contained file that
ships beside the bundle with each release (RELEASING.md).

`check` opens the page in headless Chromium (Debian's `chromium`, driven by Playwright through
`executable_path`: Playwright's own browser downloads come from a CDN this project cannot reach) and asserts,
for the spec it is given:

- the page asks for nothing but itself (every other request is refused and reported; only Redoc's attribution
  logo is expected, and the page renders without it) and throws no error;
- every operation, webhooks included, is rendered: its summary is a heading on the page of its operationId;
- every schema of the Order tree (every component reachable by `$ref` from `Order`) is rendered where getOrder
  returns it: each property as a row (under its name where it is a named component), each enum value listed.

Redoc builds each operation's page in the browser (only the overview is prerendered) and renders deep schema
rows lazily, as they scroll into view, so a page whose scripts never run fails the first operation. Exit 0 when
all is rendered; otherwise each missing item on a line, exit 1.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Operation", "Row", "build", "check", "main", "operations", "order_rows", "order_tree"]

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "cubicasa-integrate-v3.openapi.yaml"
HTML = ROOT / "dist" / "cubicasa-integrate-v3.html"
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# The operation whose 200 response the Order tree is checked in: the one that exists to return an order.
ORDER_OPERATION = "getOrder"
# Redoc's "API docs by Redocly" attribution logo: requested unconditionally by the page, from Redocly's CDN, and
# hidden when it cannot load. The check refuses it like every other outside request, so a pass proves the page
# works without it; any other outside request fails the check.
ATTRIBUTION_LOGOS = {"https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"}
# Generous: on a loaded 2-core machine Chromium's first paint takes seconds. A wait ends as soon as its
# condition holds; the limit only bounds how long a page that never renders is waited for.
WAIT_MS = 30_000


@dataclass(frozen=True)
class Operation:
    operation_id: str
    summary: str
    tag: str


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation of the spec, the webhooks' included, in document order."""
    found = []
    for items in (spec.get("paths") or {}, spec.get("webhooks") or {}):
        for item in items.values():
            for method in METHODS:
                if method in item:
                    operation = item[method]
                    found.append(Operation(operation["operationId"], operation["summary"], operation["tags"][0]))
    return found


def _component(spec: dict[str, Any], ref: str) -> tuple[str, dict[str, Any]]:
    name = ref.rsplit("/", 1)[1]
    return name, spec["components"]["schemas"][name]


def _refs(node: Any) -> list[str]:
    return re.findall(r'"\$ref": "([^"]+)"', json.dumps(node))


def order_tree(spec: dict[str, Any], root: str = "Order") -> list[str]:
    """The component schemas reachable by `$ref` from `root` (root included), in the order they are found."""
    found = [root]
    for name in found:
        for ref in _refs(spec["components"]["schemas"][name]):
            child, _ = _component(spec, ref)
            if child not in found:
                found.append(child)
    return found


def build(spec: Path = BUNDLE, out: Path = HTML) -> int:
    env = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(REDOCLY),
        "build-docs",
        str(spec),
        "--output",
        str(out),
        "--inlineBundle",
        "--title",
        "CubiCasa Integrate API v3 reference",
        # x-evidence is how sure each fact is: other teams should see it beside the fact.
        "--openapi.showExtensions=x-evidence",
        "--openapi.schemasExpansionLevel=all",
    ]
    result = subprocess.run(command, capture_output=True, env=env, text=True)
    if result.returncode != 0 or not out.exists():
        sys.stderr.write(result.stdout + result.stderr)
        print(f"redocly build-docs failed (exit {result.returncode})")
        return 1
    print(f"rendered {os.path.relpath(spec, ROOT)} -> {os.path.relpath(out, ROOT)} ({out.stat().st_size // 1024} KiB)")
    return 0


def chromium() -> str:
    """The system Chromium (Debian's package); CHROMIUM names another binary."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise FileNotFoundError(
            "no `chromium` on PATH: `make docs` installs Debian's package (apt-get install chromium)"
        )
    return path


@dataclass(frozen=True)
class Row:
    """One property row Redoc must render for the Order tree."""

    path: str
    """Redoc's id for it, lower-cased: `info/status`, `address&oneof=0/city` inside the first branch of an anyOf,
    `info/product&oneof=0/add_ons/[i]` for the items of an array."""
    where: str
    """The property, for a reader: `info.product.add_ons[]`."""
    schema: str | None = None
    """The component that types it, whose name Redoc shows beside the type."""
    enum: tuple[str, ...] = ()
    shown_as: str | None = None
    """The name Redoc shows for it instead of `schema`: an array of an open enum (`items: anyOf: [Enum, string]`,
    titled `<Enum>Value`) is one row, "Array of any (AddOnValue)", with the enum's values under "Any of"."""


def order_rows(spec: dict[str, Any]) -> list[Row]:
    """Every property row of the Order tree as Redoc renders a response body that is an Order.

    Each component is expanded where it is first met (Redoc repeats it at every use; once proves it renders).
    """
    rows: list[Row] = []
    expanded = {"Order"}

    def ref_of(schema: dict[str, Any]) -> tuple[str, str] | None:
        """The component a value is typed by, and the suffix Redoc gives that branch's rows."""
        if "$ref" in schema:
            return schema["$ref"], ""
        for index, option in enumerate(schema.get("anyOf") or schema.get("oneOf") or []):
            if "$ref" in option:
                return option["$ref"], f"&oneof={index}"
        return None

    def visit(schema: dict[str, Any], path: str, where: str) -> None:
        found = ref_of(schema)
        if found is None:
            rows.append(Row(path, where))
            items = schema.get("items")
            item_ref = ref_of(items) if isinstance(items, dict) else None
            if isinstance(items, dict) and item_ref is not None and item_ref[1] and "title" in items:
                name, component = _component(spec, item_ref[0])
                enum = tuple(str(value) for value in component.get("enum", []))
                rows[-1] = Row(path, where, name, enum, shown_as=items["title"])
            elif isinstance(items, dict) and item_ref is not None:
                visit(items, f"{path}/[i]", f"{where}[]")
            return
        name, component = _component(spec, found[0])
        rows.append(Row(path, where, name, tuple(str(value) for value in component.get("enum", []))))
        if name not in expanded:
            expanded.add(name)
            walk(component, path + found[1], where)

    def walk(schema: dict[str, Any], base: str, where: str) -> None:
        for prop, prop_schema in (schema.get("properties") or {}).items():
            path = f"{base}/{prop}".lower() if base else prop.lower()
            visit(prop_schema, path, f"{where}.{prop}" if where else prop)

    walk(spec["components"]["schemas"]["Order"], "", "")
    return rows


ROW_SCRIPT = """row => [
    Array.from(row.firstElementChild.querySelectorAll('em')).map(em => em.textContent).join(' '),
    (row.querySelector('[data-testid="schema-enum-values"]') || {textContent: ''}).textContent,
]"""


def _row_problems(page: Any, prefix: str, rows: list[Row], wait_ms: float) -> tuple[list[str], set[str]]:
    """What of `rows` is not rendered under `prefix` (an operation's 200 body), and which components are."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    problems: list[str] = []
    rendered = {"Order"}  # the body itself: its properties are its rows
    # One budget for all the rows that are late: a row that is really missing costs it once, not once per row.
    deadline = time.monotonic() + wait_ms / 1000
    for row in rows:
        locator = page.locator(f'[id="{prefix}{row.path}"]')
        if locator.count() == 0:
            # Redoc renders nested rows lazily, once their parent is in view: bring it there and wait for the row.
            parent = row.path.rsplit("/", 1)[0].split("&oneof=")[0] if "/" in row.path else ""
            if parent:
                page.locator(f'[id="{prefix}{parent}"]').first.scroll_into_view_if_needed()
            try:
                locator.first.wait_for(state="attached", timeout=max(1.0, (deadline - time.monotonic()) * 1000))
            except PlaywrightTimeout:
                problems.append(f"{row.where}: not rendered")
                continue
        type_text, enum_text = locator.first.evaluate(ROW_SCRIPT)
        if row.schema is None:
            continue
        if not re.search(rf"\b{row.shown_as or row.schema}\b", type_text):
            problems.append(f"{row.where}: rendered as {type_text!r}, not as schema {row.shown_as or row.schema}")
            continue
        rendered.add(row.schema)
        if missing := [value for value in row.enum if f'"{value}"' not in enum_text]:
            problems.append(f"{row.where} ({row.schema}): enum values {missing} are not listed")
    return problems, rendered


def _render_lazy_rows(page: Any, section: str) -> None:
    """Scroll each placeholder Redoc leaves for a schema not yet in view into view until none is left."""
    placeholder = f'[id^="{section}"] [aria-hidden="true"][style*="min-height"]'
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(200):
        handle = page.query_selector(placeholder)
        if handle is None:
            return
        # Redoc renders a placeholder's rows when it intersects the viewport; a scroll that lands while Redoc
        # is still laying out is sometimes missed, so a placeholder still there after a while is scrolled to
        # again (the loop bounds the retries, not the time).
        handle.evaluate("element => element.scrollIntoView({block: 'center'})")
        try:
            page.wait_for_function("element => !element.isConnected", arg=handle, timeout=5_000)
        except PlaywrightTimeout:
            continue
    raise RuntimeError(f"Redoc left lazy placeholders in {section} after 200 scrolls")


def check(spec_path: Path = BUNDLE, html: Path = HTML, wait_ms: float = WAIT_MS) -> int:
    import yaml
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    problems: list[str] = []
    url = html.resolve().as_uri()
    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium refuses its sandbox; the page is our own file.
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1600, "height": 1200})
        page.set_default_timeout(wait_ms)
        outside: list[str] = []
        errors: list[str] = []

        def refuse(route: Any) -> None:
            outside.append(route.request.url)
            route.abort()

        page.route(lambda target: not target.startswith(("file:", "data:", "blob:")), refuse)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        alive = True
        for operation in operations(spec):
            slug = operation.operation_id.lower()
            heading_selector = f'[id="{operation.tag}/{slug}"] h2, [data-section-id="/{operation.tag}/{slug}"] h2'
            heading = page.locator(heading_selector)
            if alive:
                page.goto(f"{url}#/{operation.tag}/{slug}")
                # Redoc answers a route it does not know with a "No page at this address" h1: either ends the wait.
                try:
                    page.locator(f'{heading_selector}, h1:has-text("No page at this address")').first.wait_for()
                except PlaywrightError:
                    alive = False  # the app never answered: the other operations are not waited for again
            if heading.count() == 0:
                problems.append(f"operation {operation.operation_id} ({operation.summary!r}) is not rendered")
                continue
            # A webhook's heading carries a "Webhook" badge on a line of its own.
            if operation.summary not in [text.splitlines()[0] for text in heading.all_inner_texts()]:
                problems.append(
                    f"operation {operation.operation_id}: heading {heading.all_inner_texts()} is not its summary "
                    f"{operation.summary!r}"
                )
            if operation.operation_id == ORDER_OPERATION:
                prefix = f"{operation.tag}/{slug}/t=response&c=200&path="
                _render_lazy_rows(page, f"{operation.tag}/{slug}/")
                found, rendered = _row_problems(page, prefix, order_rows(spec), wait_ms)
                problems.extend(found)
                problems.extend(
                    f"schema {name} (Order tree) is not rendered" for name in order_tree(spec) if name not in rendered
                )
        browser.close()
    if not any(op.operation_id == ORDER_OPERATION for op in operations(spec)):
        problems.append(f"{ORDER_OPERATION} is not in {spec_path.name}: the Order tree was not checked")
    problems.extend(
        f"the page asked for {target} (it must be self-contained)"
        for target in sorted(set(outside) - ATTRIBUTION_LOGOS)
    )
    problems.extend(f"the page threw: {error}" for error in errors)
    if problems:
        print(f"{os.path.relpath(html, ROOT)} does not render {spec_path.name} completely:")
        print("\n".join(f"  {problem}" for problem in problems))
        return 1
    tree = order_tree(spec)
    print(
        f"{os.path.relpath(html, ROOT)}: {len(operations(spec))} operations and the {len(tree)} schemas of the Order "
        "tree rendered in Chromium"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="render the bundle to one HTML file")
    build_parser.add_argument("--spec", type=Path, default=BUNDLE)
    build_parser.add_argument("--out", type=Path, default=HTML)
    check_parser = commands.add_parser("check", help="open the HTML in Chromium and check what it renders")
    check_parser.add_argument("--spec", type=Path, default=BUNDLE)
    check_parser.add_argument("--html", type=Path, default=HTML)
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(args.spec.resolve(), args.out.resolve())
    return check(args.spec.resolve(), args.html.resolve())


if __name__ == "__main__":
    sys.exit(main())

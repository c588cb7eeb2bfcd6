"""`make docs`: the HTTP API reference pages and the docs site, and proof in a real browser that they render.

    python tools/docs.py build [--spec BUNDLE] [--out dist/cubicasa-integrate-v3.redoc.html]
    python tools/docs.py check [--spec BUNDLE] [--html dist/cubicasa-integrate-v3.redoc.html]
    python tools/docs.py check-static [--spec BUNDLE] [--html dist/cubicasa-integrate-v3.html]
    python tools/docs.py check-site [--site dist/site]

`check-static` holds the static reference (tools/http_reference.py) to what a reader without scripts sees: a plain
`chromium --headless --screenshot` of it is not blank (the pixels of the first screen are not all one colour),
and with JavaScript disabled every operation's summary and every schema's name is on the page.

`check-site` serves the built docs site on 127.0.0.1 (the site's search loads its index with fetch, which a
file:// page may not) and opens every page in Chromium: each has content in its article beyond its headings,
every link to another page of the site resolves to a page, and to an anchor that exists there, the page asks
for nothing outside the site and throws nothing, and typing a query into the search box lists results.

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

__all__ = [
    "Operation",
    "Row",
    "build",
    "check",
    "check_site",
    "check_static",
    "main",
    "non_background_share",
    "operations",
    "order_rows",
    "order_tree",
    "png_pixels",
]

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "cubicasa-integrate-v3.openapi.yaml"
HTML = ROOT / "dist" / "cubicasa-integrate-v3.redoc.html"
STATIC_HTML = ROOT / "dist" / "cubicasa-integrate-v3.html"
SITE = ROOT / "dist" / "site"
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


def _row_complete(row: Row, type_text: str, enum_text: str) -> bool:
    if row.schema is None:
        return True
    shown = re.search(rf"\b{row.shown_as or row.schema}\b", type_text) is not None
    return shown and all(f'"{value}"' in enum_text for value in row.enum)


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
        # A row's parts may fill in after the row is attached (an array's item enum did, on a loaded machine):
        # read it again until it is complete or the budget (at least a second for this row) is spent.
        until = max(deadline, time.monotonic() + 1.0)
        while not _row_complete(row, type_text, enum_text) and time.monotonic() < until:
            page.wait_for_timeout(50)
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


# --- The static reference: what a reader without scripts sees ------------------------------------------------------

SCREEN = (1280, 1600)
"""The window of the plain screenshot: the first screen and a half of the page."""
MIN_INK = 0.01
"""The least share of a screenshot's pixels that must differ from its background: a blank page has none; a page
of text has several per cent (the static reference's first screen: about 6 %)."""


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows (one pixel = `channels` bytes) of an 8-bit, non-interlaced PNG, as Chromium writes.

    Decoded here rather than with an image library: Chromium's screenshots are always this one kind of PNG, and
    the check needs only the pixels.
    """
    import struct
    import zlib

    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def non_background_share(png: bytes) -> float:
    """The share of pixels that are not the most common colour (the page's background)."""
    from collections import Counter

    width, height, rows = png_pixels(png)
    channels = len(rows[0]) // width
    colours = Counter(row[x : x + channels] for row in rows for x in range(0, len(row), channels))
    return 1 - colours.most_common(1)[0][1] / (width * height)


def screenshot(html: Path, out: Path) -> bytes:
    """A plain `chromium --headless --screenshot` of the page: no driver, no waiting for scripts."""
    out.unlink(missing_ok=True)
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",  # CI runs as root, where Chromium refuses its sandbox; the page is our own file
        "--disable-gpu",
        f"--window-size={SCREEN[0]},{SCREEN[1]}",
        f"--screenshot={out}",
        html.resolve().as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if not out.exists():
        raise RuntimeError(f"chromium wrote no screenshot (exit {result.returncode}): {result.stderr[-2000:]}")
    return out.read_bytes()


def check_static(spec_path: Path = BUNDLE, html: Path = STATIC_HTML, shot: Path | None = None) -> int:
    import yaml
    from playwright.sync_api import sync_playwright

    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    shot = shot or html.with_suffix(".png")
    problems: list[str] = []
    ink = non_background_share(screenshot(html, shot))
    if ink < MIN_INK:
        problems.append(f"a plain headless screenshot is blank ({ink:.2%} of its pixels differ from the background)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(html.resolve().as_uri())
        text = page.inner_text("body")
        browser.close()
    problems += [
        f"with scripts off, operation {operation.operation_id} ({operation.summary!r}) is not on the page"
        for operation in operations(spec)
        if operation.summary not in text
    ]
    problems += [
        f"with scripts off, schema {name} is not on the page"
        for name in (spec.get("components") or {}).get("schemas", {})
        if name not in text
    ]
    if problems:
        print(f"{os.path.relpath(html, ROOT)} is not readable without scripts:")
        print("\n".join(f"  {problem}" for problem in problems))
        return 1
    print(
        f"{os.path.relpath(html, ROOT)}: a plain screenshot shows content ({ink:.1%} ink, "
        f"{os.path.relpath(shot, ROOT)}), and with scripts off all {len(operations(spec))} operations and every "
        "schema are on the page"
    )
    return 0


# --- The docs site ------------------------------------------------------------------------------------------------

MIN_ARTICLE_TEXT = 40
"""Characters of article text beyond the headings: the theme writes a page's title as its heading even when the
page is empty, so a heading alone is no content."""
SEARCH_QUERY = "purchase"
"""A word several pages use: the search box must list results for it."""
ARTICLE_TEXT = """() => {
    const article = document.querySelector('article');
    if (!article) return '';
    const copy = article.cloneNode(true);
    copy.querySelectorAll('h1, h2, h3, h4, h5, h6, .headerlink').forEach(element => element.remove());
    return copy.textContent.replace(/\\s+/g, ' ').trim();
}"""


class _Ids:
    """The `id`s of one HTML file: the anchors a link into it may name."""

    def __init__(self) -> None:
        self.cache: dict[Path, set[str]] = {}

    def of(self, path: Path) -> set[str]:
        if path not in self.cache:
            from html.parser import HTMLParser

            found: set[str] = set()

            class Parser(HTMLParser):
                def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                    found.update(value for name, value in attrs if name in ("id", "name") and value)

            Parser().feed(path.read_text(encoding="utf-8"))
            self.cache[path] = found
        return self.cache[path]


def _serve(site: Path) -> Any:
    """An HTTP server for `site` on 127.0.0.1 (any free port), in a thread; `.shutdown()` stops it."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def site_pages(site: Path) -> list[Path]:
    """Every page of the built site (its 404 page is the theme's, not ours)."""
    return sorted(path for path in site.rglob("*.html") if path.name != "404.html")


def check_site(site: Path = SITE, wait_ms: float = WAIT_MS) -> int:
    from urllib.parse import unquote, urlsplit

    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    pages = site_pages(site)
    problems: list[str] = [] if pages else [f"{site} has no pages: run mkdocs build first"]
    ids = _Ids()
    server = _serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    links = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(wait_ms)
            outside: set[str] = set()
            errors: list[str] = []

            def refuse(route: Any) -> None:
                outside.add(route.request.url)
                route.abort()

            page.route(lambda target: not target.startswith(base), refuse)
            page.on("pageerror", lambda error: errors.append(str(error)))
            for path in pages:
                name = path.relative_to(site).as_posix()
                page.goto(base + name)
                text = page.evaluate(ARTICLE_TEXT)
                if len(text) < MIN_ARTICLE_TEXT:
                    problems.append(f"{name}: no content beyond its headings ({text!r})")
                hrefs: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
                for href in hrefs:
                    if not href.startswith(base):
                        continue  # outside the site: not ours to check offline
                    links += 1
                    parts = urlsplit(href)
                    target = site / unquote(parts.path.removeprefix(urlsplit(base).path))
                    if target.is_dir():
                        target = target / "index.html"
                    if not target.is_file():
                        problems.append(f"{name}: broken link to {href.removeprefix(base)}")
                    elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids.of(target):
                        problems.append(f"{name}: link to {href.removeprefix(base)}: no such anchor")
            # Search: type a query into the box, as a reader does, and wait for the results the index gives.
            page.goto(base + "index.html")
            try:
                # Typed key by key: the theme searches on key events, which `fill` does not send.
                page.locator("input.md-search__input").first.click(force=True)
                page.keyboard.type(SEARCH_QUERY)
                page.locator(".md-search-result__item").first.wait_for()
                results = page.locator(".md-search-result__item").count()
            except PlaywrightError as error:
                results = 0
                problems.append(f"search for {SEARCH_QUERY!r} listed no result ({str(error).splitlines()[0]})")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    problems += [f"a page asked for {target} (the site must work offline)" for target in sorted(outside)]
    problems += [f"a page threw: {error}" for error in errors]
    if problems:
        print(f"{os.path.relpath(site, ROOT)} is not a working site:")
        print("\n".join(f"  {problem}" for problem in sorted(set(problems), key=problems.index)))
        return 1
    print(
        f"{os.path.relpath(site, ROOT)}: {len(pages)} pages with content, {links} internal links resolved, "
        f"search for {SEARCH_QUERY!r} lists {results} results, in Chromium"
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
    static_parser = commands.add_parser("check-static", help="screenshot the static reference; read it without scripts")
    static_parser.add_argument("--spec", type=Path, default=BUNDLE)
    static_parser.add_argument("--html", type=Path, default=STATIC_HTML)
    site_parser = commands.add_parser("check-site", help="open every page of the built docs site in Chromium")
    site_parser.add_argument("--site", type=Path, default=SITE)
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(args.spec.resolve(), args.out.resolve())
    if args.command == "check-static":
        return check_static(args.spec.resolve(), args.html.resolve())
    if args.command == "check-site":
        return check_site(args.site.resolve())
    return check(args.spec.resolve(), args.html.resolve())


if __name__ == "__main__":
    sys.exit(main())

"""tools/docs.py: the HTML reference renders every operation and the Order tree, and the check fails when not."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from tests.support import NODE_TOOLS_REQUIRED_ENV, ROOT, load_spec, load_tool, node_tool, spec_text_operation_ids


def test_the_order_tree_is_every_component_reachable_from_order() -> None:
    docs = load_tool("docs")
    tree = docs.order_tree(load_spec())
    assert tree[0] == "Order"
    assert {"OrderInfo", "OrderProduct", "Address", "DeliveryAssets", "AssetUrls", "Tour", "AddOn"} <= set(tree)
    assert "UpgradeOrderRequest" not in tree
    rows = docs.order_rows(load_spec())
    assert {row.schema for row in rows if row.schema} == set(tree) - {"Order"}
    assert docs.Row("address&oneof=0/postalcode", "address.postalCode") in rows


def test_every_operation_and_webhook_is_listed() -> None:
    docs = load_tool("docs")
    listed = {operation.operation_id for operation in docs.operations(load_spec())}
    assert {"listOrders", "getOrder", "updateCompanyWebhooks", "orderStatusChanged"} <= listed


@pytest.fixture(scope="module")
def docs() -> ModuleType:
    node_tool("redocly")
    module = load_tool("docs")
    if shutil.which("chromium") is None and not os.environ.get("CHROMIUM"):
        reason = "needs Debian's chromium (`make docs` installs it)"
        if os.environ.get(NODE_TOOLS_REQUIRED_ENV):
            pytest.fail(f"{NODE_TOOLS_REQUIRED_ENV} is set but: {reason}")
        pytest.skip(reason)
    return module


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    node_tool("redocly")
    out = tmp_path_factory.mktemp("bundle") / "cubicasa-integrate-v3.openapi.yaml"
    assert load_tool("bundle").bundle(out=out) == 0
    return out


# For pages that are broken on purpose: the check fails either way, this only bounds how long it waits first.
BROKEN_WAIT_MS = 5_000


def render(docs: ModuleType, spec: Path, html: Path) -> Path:
    assert docs.build(spec, html) == 0
    return html


@pytest.fixture(scope="module")
def reference(docs: ModuleType, bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(docs, bundle, tmp_path_factory.mktemp("docs") / "reference.html")


def test_the_reference_renders_everything(
    docs: ModuleType, bundle: Path, reference: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert docs.check(bundle, reference) == 0, capsys.readouterr().out
    every = len(spec_text_operation_ids())  # counted in the text, not by the walk under test
    assert f"{every} operations and the 18 schemas of the Order tree rendered" in capsys.readouterr().out


def test_a_reference_missing_an_operation_fails(
    docs: ModuleType, bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = yaml.safe_load(bundle.read_text(encoding="utf-8"))
    del spec["paths"]["/orders/{order_id}/post-purchase"]
    del spec["components"]["schemas"]["Address"]["properties"]["suite"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    html = render(docs, broken, tmp_path / "broken.html")
    assert docs.check(bundle, html, wait_ms=BROKEN_WAIT_MS) == 1
    out = capsys.readouterr().out
    assert "operation upgradeOrder ('Upgrade order') is not rendered" in out
    assert "address.suite: not rendered" in out
    assert "getOrder" not in out


def test_a_reference_missing_an_enum_value_fails(
    docs: ModuleType, bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An enum value of the spec that the page does not list is reported, after the row has had its time to fill
    in (the check reads a row again while its enum is incomplete)."""
    spec = yaml.safe_load(bundle.read_text(encoding="utf-8"))
    spec["components"]["schemas"]["AddOn"]["enum"] = ["gla"]
    del spec["components"]["schemas"]["AddOn"]["x-enum-varnames"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    html = render(docs, broken, tmp_path / "broken.html")
    assert docs.check(bundle, html, wait_ms=BROKEN_WAIT_MS) == 1
    out = capsys.readouterr().out
    assert "(AddOn): enum values ['3d_cad_files'] are not listed" in out


def test_a_page_that_never_renders_fails(
    docs: ModuleType, bundle: Path, reference: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The prerendered overview is there, but without its scripts Redoc never builds an operation's page."""
    html = tmp_path / "reference.html"
    text = reference.read_text(encoding="utf-8")
    html.write_text(re.sub(r"<script\b.*?</script>", "", text, flags=re.DOTALL), encoding="utf-8")
    assert "CubiCasa Integrate API" in html.read_text(encoding="utf-8")
    assert docs.check(bundle, html, wait_ms=BROKEN_WAIT_MS) == 1
    out = capsys.readouterr().out
    assert "operation listOrders ('List orders') is not rendered" in out
    assert "operation orderStatusChanged" in out


def test_a_page_that_loads_from_outside_fails(
    docs: ModuleType, bundle: Path, reference: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = tmp_path / "reference.html"
    text = reference.read_text(encoding="utf-8")
    html.write_text(text.replace("</head>", '<script src="https://cdn.example.com/x.js"></script></head>', 1))
    assert docs.check(bundle, html, wait_ms=BROKEN_WAIT_MS) == 1
    assert "the page asked for https://cdn.example.com/x.js" in capsys.readouterr().out


# ---------------------------------------------------------------- the static reference (issue 26, finding 4)


@pytest.fixture(scope="module")
def static_reference(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("static") / "cubicasa-integrate-v3.html"
    assert load_tool("http_reference").main(["--spec", str(bundle), "--out", str(out)]) == 0
    return out


def test_the_static_reference_shows_everything_without_scripts(
    docs: ModuleType, bundle: Path, static_reference: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "<script" not in static_reference.read_text(encoding="utf-8")
    assert docs.check_static(bundle, static_reference) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert f"all {len(spec_text_operation_ids())} operations and every schema are on the page" in out
    assert docs.non_background_share(static_reference.with_suffix(".png").read_bytes()) > 0.05


def test_a_blank_page_fails_the_screenshot(
    docs: ModuleType, bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A page whose content would come only later (or never): a plain screenshot of it is one colour."""
    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    assert docs.non_background_share(docs.screenshot(blank, tmp_path / "blank.png")) == 0
    assert docs.check_static(bundle, blank) == 1
    out = capsys.readouterr().out
    assert "a plain headless screenshot is blank (0.00% of its pixels differ from the background)" in out


def test_redocs_page_is_not_the_static_reference(
    docs: ModuleType, bundle: Path, reference: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 4 as it was: Redoc's page shows its overview, and no operation until its scripts have run."""
    assert docs.check_static(bundle, reference) == 1
    out = capsys.readouterr().out
    assert "with scripts off, operation listOrders ('List orders') is not on the page" in out
    assert "with scripts off, operation orderStatusChanged" in out


def test_an_operation_missing_from_the_static_reference_fails(
    docs: ModuleType, bundle: Path, static_reference: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = tmp_path / "reference.html"
    html.write_text(static_reference.read_text(encoding="utf-8").replace("Upgrade order", "Something else"))
    assert docs.check_static(bundle, html) == 1
    assert "operation upgradeOrder ('Upgrade order') is not on the page" in capsys.readouterr().out


# ---------------------------------------------------------------- the docs site (issue 26)


@pytest.fixture(scope="module")
def site(docs: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs site as `make docs` builds it (mkdocs build --strict), into a folder of the test's own."""
    out = tmp_path_factory.mktemp("site") / "site"
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [
            str(mkdocs),
            "build",
            "--strict",
            "--quiet",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def broken_copy(site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    return copy


def test_the_docs_site_passes(docs: ModuleType, site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert docs.check_site(site) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    pages = {path.relative_to(site).as_posix() for path in docs.site_pages(site)}
    assert {"index.html", "cli.html", "reference/python.html", "reference/http-api.html", "errors.html"} <= pages
    assert f"{len(pages)} pages with content" in out
    assert re.search(r"search for 'purchase' lists [1-9]\d* results", out), out


def test_every_cli_command_is_on_the_cli_page(site: Path) -> None:
    """The page is generated from the click commands: a new command appears by itself."""
    import html

    from cubicasa_integrate.cli._app import cli

    page = (site / "cli.html").read_text(encoding="utf-8")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    groups = [command for command in cli.commands.values() if hasattr(command, "commands")]
    assert groups
    for group in groups:
        for name in group.commands:  # type: ignore[attr-defined]
            assert f"cubicasa {group.name} {name}" in text
    for command in cli.commands.values():  # its summary as written: Markdown ate `<order id>` once
        assert " ".join(command.get_short_help_str(limit=300).split()) in text, command.name


def test_a_page_with_an_empty_body_fails(
    docs: ModuleType, site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = broken_copy(site, tmp_path)
    page = broken / "webhooks.html"
    text = page.read_text(encoding="utf-8")
    start, end = text.index("<article"), text.index("</article>")
    article = text[start:end]
    heading = re.search(r"<h1.*?</h1>", article, re.DOTALL)
    assert heading is not None
    page.write_text(text[:start] + article[: article.index(">") + 1] + heading[0] + text[end:], encoding="utf-8")
    assert docs.check_site(broken) == 1
    assert "webhooks.html: no content beyond its headings ('')" in capsys.readouterr().out


def test_a_broken_link_and_a_missing_anchor_fail(
    docs: ModuleType, site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = broken_copy(site, tmp_path)
    page = broken / "index.html"
    links = '<a href="no-such-page.html">gone</a> <a href="errors.html#no-such-anchor">gone</a></article>'
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", links, 1), encoding="utf-8")
    assert docs.check_site(broken) == 1
    out = capsys.readouterr().out
    assert "index.html: broken link to no-such-page.html" in out
    assert "index.html: link to errors.html#no-such-anchor: no such anchor" in out


def test_a_site_whose_search_finds_nothing_fails(
    docs: ModuleType, site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = broken_copy(site, tmp_path)
    (broken / "search" / "search_index.json").write_text('{"config": {"lang": ["en"]}, "docs": []}')
    assert docs.check_site(broken, wait_ms=BROKEN_WAIT_MS) == 1
    assert "search for 'purchase' listed no result" in capsys.readouterr().out

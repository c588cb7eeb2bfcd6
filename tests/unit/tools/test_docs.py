"""tools/docs.py: the HTML reference renders every operation and the Order tree, and the check fails when not."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from tests.support import NODE_TOOLS_REQUIRED_ENV, load_spec, load_tool, node_tool, spec_text_operation_ids


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

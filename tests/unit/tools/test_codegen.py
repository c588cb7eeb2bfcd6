"""tools/codegen.py: the drift check passes on the committed tree and fails on every kind of hand edit."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import load_tool


@pytest.fixture(scope="module")
def codegen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """tools/codegen.py, with the generator run for real once and its output reused by every check below."""
    module = load_tool("codegen")
    fresh = tmp_path_factory.mktemp("fresh") / module.PACKAGE
    module.run_generator(fresh)
    real_run = module.run_generator
    module.run_generator = lambda output: shutil.copytree(fresh, output)
    yield module
    module.run_generator = real_run


@pytest.fixture
def committed_copy(tmp_path: Path, codegen: ModuleType) -> tuple[Path, Path]:
    package = tmp_path / codegen.PACKAGE
    shutil.copytree(codegen.GENERATED, package, ignore=shutil.ignore_patterns("__pycache__"))
    provenance = tmp_path / "_provenance.py"
    shutil.copy(codegen.PROVENANCE, provenance)
    return package, provenance


def test_committed_tree_has_no_drift(codegen: ModuleType, committed_copy: tuple[Path, Path]) -> None:
    assert codegen.check(*committed_copy) == 0


def test_edited_file_is_drift(codegen: ModuleType, committed_copy: tuple[Path, Path]) -> None:
    package, provenance = committed_copy
    order = package / "models" / "order.py"
    order.write_text(order.read_text() + "# hand edit\n")
    assert codegen.check(package, provenance) == 1


def test_extra_file_is_drift(codegen: ModuleType, committed_copy: tuple[Path, Path]) -> None:
    package, provenance = committed_copy
    (package / "models" / "patch.py").write_text("X = 1\n")
    assert codegen.check(package, provenance) == 1


def test_missing_file_is_drift(codegen: ModuleType, committed_copy: tuple[Path, Path]) -> None:
    package, provenance = committed_copy
    (package / "api" / "orders" / "upgrade_order.py").unlink()
    assert codegen.check(package, provenance) == 1


def test_stale_provenance_is_drift(codegen: ModuleType, committed_copy: tuple[Path, Path]) -> None:
    package, provenance = committed_copy
    provenance.write_text(provenance.read_text().replace('SPEC_SHA256 = "', 'SPEC_SHA256 = "0'))
    assert codegen.check(package, provenance) == 1


def test_the_template_forks_stay_within_their_budget(codegen: ModuleType) -> None:
    """Issue 23: at most TEMPLATE_BUDGET lines added over upstream, in total (`make template-diff` prints it)."""
    edits = codegen.template_edits()
    assert set(edits) == set(codegen.custom_templates())
    assert 0 < sum(added for added, _ in edits.values()) <= codegen.TEMPLATE_BUDGET


def test_the_budget_counts_every_added_and_removed_line(
    codegen: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    upstream = (codegen.upstream_templates() / "str_enum.py.jinja").read_text()
    (tmp_path / "str_enum.py.jinja").write_text(upstream.replace("from enum import StrEnum\n", "") + "a\nb\nc\n")
    monkeypatch.setattr(codegen, "TEMPLATES", tmp_path)
    assert codegen.template_edits() == {"str_enum.py.jinja": (3, 1)}

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


# ------------------------------------------------------------------------------ the CHANGELOG's `API:` line

UNRELEASED = """# Changelog

## 1.3.0 — Unreleased

API: CubiCasa Integrate API `v3` · spec sha256 `{sha}` · openapi-python-client 0.29.1 (ruff 0.17.6)

### Added
- **Spec**: `getCompanyWebhooks`.
- `client.webhooks.get()`.

## 1.2.0 — 2026-12-01

API: CubiCasa Integrate API `v3` · spec sha256 `{old}` · openapi-python-client 0.29.1 (ruff 0.17.6)

### Fixed
- ...
"""


def test_generate_writes_the_unreleased_api_line_that_release_check_demands(codegen: ModuleType) -> None:
    """Adding an operation changes the spec's sha256; the CHANGELOG line naming it is written by the tool."""
    stale = UNRELEASED.format(sha="a" * 64, old="b" * 64)
    stamped, said = codegen.stamp_changelog(stale, codegen.changelog_api_line())
    assert said == "wrote the CHANGELOG's Unreleased `API:` line"
    sha = codegen.spec_sha256()
    assert stamped == UNRELEASED.format(sha=sha, old="b" * 64)  # only the top entry's line changed
    release_check = load_tool("release_check")
    version, provenance = "1.3.0", (codegen.generator_name(), codegen.api_version())
    assert release_check.check_changelog(stamped, version, sha, *provenance, []) == []
    assert release_check.check_changelog(stale, version, sha, *provenance, [])  # what a hand edit had to fix
    assert codegen.stamp_changelog(stamped, codegen.changelog_api_line()) == (
        stamped,
        "the CHANGELOG's Unreleased `API:` line is current",
    )


def test_an_entry_without_api_line_gets_one_and_a_released_one_is_left_alone(codegen: ModuleType) -> None:
    line = codegen.changelog_api_line()
    bare = "# Changelog\n\n## 1.3.0 — Unreleased\n\n### API (spec)\n- x\n"
    assert (
        codegen.stamp_changelog(bare, line)[0]
        == f"# Changelog\n\n## 1.3.0 — Unreleased\n\n{line}\n\n### API (spec)\n- x\n"
    )
    released = UNRELEASED.format(sha="a" * 64, old="b" * 64).replace("Unreleased", "2026-12-24")
    text, said = codegen.stamp_changelog(released, line)
    assert text == released
    assert "is released: open a `## <next> — Unreleased` entry" in said
    assert codegen.stamp_changelog("# Changelog\n", line)[0] == "# Changelog\n"


def test_generate_stamps_the_changelog(codegen: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(UNRELEASED.format(sha="a" * 64, old="b" * 64), encoding="utf-8")
    monkeypatch.setattr(codegen, "CHANGELOG", changelog)
    monkeypatch.setattr(codegen, "ROOT", tmp_path)  # where it says it wrote to
    monkeypatch.setattr(codegen, "GENERATED", tmp_path / codegen.PACKAGE)
    monkeypatch.setattr(codegen, "PROVENANCE", tmp_path / "_provenance.py")
    codegen.generate()
    assert f"spec sha256 `{codegen.spec_sha256()}`" in changelog.read_text(encoding="utf-8")
    assert (tmp_path / "_provenance.py").read_text(encoding="utf-8") == codegen.provenance_source()

"""tools/release_check.py: the CHANGELOG rules of RELEASING.md, one seeded mistake at a time."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import ROOT, SPEC_PATH, load_tool

SHA = "a" * 64
GENERATOR = "openapi-python-client 0.29.1"
GOOD = f"""# Changelog

## 1.3.0 — Unreleased

API: CubiCasa Integrate API `v3` · spec sha256 `{SHA}` · {GENERATOR} (ruff 0.17.6)

### API (spec)
- `Order.notes` (optional).

### Client
- `client.orders.notes()`.

## 1.2.0 — 2026-12-01

API: CubiCasa Integrate API `v3` · spec sha256 `{"b" * 64}` · {GENERATOR} (ruff 0.17.6)

### API (spec)
- ...

### Client
- ...
"""


@pytest.fixture(scope="module")
def release_check() -> ModuleType:
    return load_tool("release_check")


def problems(release_check: ModuleType, text: str, version: str = "1.3.0", tags: tuple[str, ...] = ()) -> list[str]:
    result: list[str] = release_check.check_changelog(text, version, SHA, GENERATOR, "v3", list(tags))
    return result


def test_a_well_kept_changelog_passes(release_check: ModuleType) -> None:
    assert problems(release_check, GOOD) == []
    assert problems(release_check, GOOD.replace("Unreleased", "2026-12-24"), tags=("v1.3.0",)) == []


def test_the_committed_changelog_passes(release_check: ModuleType) -> None:
    version = release_check.assigned(release_check.PACKAGE_DIR / "_version.py", "__version__")
    provenance = release_check.PACKAGE_DIR / "_provenance.py"
    found = release_check.check_changelog(
        (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"),
        version,
        hashlib.sha256(SPEC_PATH.read_bytes()).hexdigest(),
        release_check.assigned(provenance, "GENERATOR"),
        release_check.assigned(provenance, "API_VERSION"),
        [],
    )
    assert found == []


@pytest.mark.parametrize(
    ("mistake", "text", "version", "tags", "expected"),
    [
        ("version not in the changelog", GOOD, "1.4.0", (), "top CHANGELOG entry is 1.3.0 but __version__ is 1.4.0"),
        ("spec changed, entry not", GOOD.replace(SHA, "c" * 64, 1), "1.3.0", (), "must name the current spec"),
        ("generator bumped, entry not", GOOD.replace("0.29.1", "0.28.0", 1), "1.3.0", (), "must name the generator"),
        ("no API (spec) section", GOOD.replace("### API (spec)\n- `Order", "- `Order", 1), "1.3.0", (), "API (spec)"),
        ("no Client section", GOOD.replace("### Client\n- `client", "- `client", 1), "1.3.0", (), "### Client"),
        ("tagged but Unreleased", GOOD, "1.3.0", ("v1.3.0",), "still says Unreleased"),
        ("versions out of order", GOOD.replace("## 1.2.0", "## 1.4.0"), "1.3.0", (), "decrease"),
        ("two Unreleased", GOOD.replace("2026-12-01", "Unreleased"), "1.3.0", (), "only the top"),
        ("no entries at all", "# Changelog\n\n## Unreleased\n", "1.3.0", (), "no `## X.Y.Z"),
        (
            "a heading without version",
            GOOD.replace("# Changelog\n", "# Changelog\n\n## Unreleased\n"),
            "1.3.0",
            (),
            "'## Unreleased'",
        ),
    ],
)
def test_each_mistake_is_caught(
    release_check: ModuleType, mistake: str, text: str, version: str, tags: tuple[str, ...], expected: str
) -> None:
    found = problems(release_check, text, version, tags)
    assert any(expected in problem for problem in found), (mistake, found)


def test_a_released_version_number_is_not_reused(release_check: ModuleType) -> None:
    """v0.2.0 is tagged and the package has changed since: 0.2.0 cannot be released again."""
    assert "bump the version" in release_check.check_tag("0.2.0")[0]
    assert release_check.check_tag("99.0.0") == []


def test_wheel_contents_are_checked(release_check: ModuleType, tmp_path: Path) -> None:
    wheel = tmp_path / "cubicasa_integrate-9.9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("cubicasa_integrate/__init__.py", "")
        archive.writestr("cubicasa_integrate-9.9.9.dist-info/METADATA", "Metadata-Version: 2.4\nVersion: 9.9.9\n")
        archive.writestr("cubicasa_integrate-9.9.9.dist-info/entry_points.txt", "[console_scripts]\n")
    found = release_check.wheel_problems(wheel, "9.9.9")
    assert any("lacks" in p and "cubicasa_integrate_api" in p for p in found)
    assert "the wheel lacks cubicasa_integrate/_provenance.py" in found
    assert "the wheel has no `cubicasa` console script" in found

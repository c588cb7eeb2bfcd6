"""tools/release_check.py: the CHANGELOG rules of RELEASING.md, one seeded mistake at a time."""

from __future__ import annotations

import hashlib
import io
import re
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import ROOT, SPEC_PATH, load_tool, node_tool

SHA = "a" * 64
GENERATOR = "openapi-python-client 0.29.1"
GOOD = f"""# Changelog

## 1.3.0 — Unreleased

API: CubiCasa Integrate API `v3` · spec sha256 `{SHA}` · {GENERATOR} (ruff 0.17.6)

### Added
- Spec: `Order.notes` (optional).
- `client.orders.notes()`.

## 1.2.0 — 2026-12-01

API: CubiCasa Integrate API `v3` · spec sha256 `{"b" * 64}` · {GENERATOR} (ruff 0.17.6)

### Fixed
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
        ("no section", GOOD.replace("### Added\n- Spec", "- Spec", 1), "1.3.0", (), "entry has no section"),
        ("a section of its own", GOOD.replace("### Added", "### Client", 1), "1.3.0", (), "`### Client` is not one"),
        (
            "sections out of order",
            GOOD.replace("### Added\n", "### Fixed\n- x\n\n### Added\n", 1),
            "1.3.0",
            (),
            "once each, in this order",
        ),
        (
            "a section twice",
            GOOD.replace("### Added\n", "### Added\n- x\n\n### Added\n", 1),
            "1.3.0",
            (),
            "once each, in this order",
        ),
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


def make_sdist(path: Path, version: str, files: dict[str, str]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"cubicasa_integrate-{version}/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


RELEASED = {
    "openapi/cubicasa-integrate-v3.yaml": "openapi: 3.1.0\n",
    "overrides/cubicasa_integrate/_version.py": '__version__ = "0.2.0"\n',
    "CHANGELOG.md": "# Changelog\n",
    "PKG-INFO": "Version: 0.2.0\n",
}


def test_a_released_version_number_is_not_reused(release_check: ModuleType, tmp_path: Path) -> None:
    """0.2.0 is in releases/: the same package may be rebuilt, a changed one needs a new number."""
    releases = tmp_path / "releases"
    releases.mkdir()
    make_sdist(releases / "cubicasa_integrate-0.2.0.tar.gz", "0.2.0", RELEASED)
    same = make_sdist(tmp_path / "same.tar.gz", "0.2.0", {**RELEASED, "CHANGELOG.md": "# Changelog\n\nmore\n"})
    assert release_check.check_reuse("0.2.0", same, releases) == []
    spec_changed = {**RELEASED, "openapi/cubicasa-integrate-v3.yaml": "openapi: 3.1.1\n"}
    found = release_check.check_reuse("0.2.0", make_sdist(tmp_path / "a.tar.gz", "0.2.0", spec_changed), releases)
    assert len(found) == 1
    assert "bump the version" in found[0]
    assert "openapi/cubicasa-integrate-v3.yaml" in found[0]
    file_added = {**RELEASED, "overrides/cubicasa_integrate/new.py": ""}
    found = release_check.check_reuse("0.2.0", make_sdist(tmp_path / "b.tar.gz", "0.2.0", file_added), releases)
    assert "overrides/cubicasa_integrate/new.py" in found[0]
    assert release_check.check_reuse("0.3.0", make_sdist(tmp_path / "c.tar.gz", "0.3.0", spec_changed), releases) == []


def test_every_release_tag_has_its_sdist(release_check: ModuleType, tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    releases.mkdir()
    make_sdist(releases / "cubicasa_integrate-0.2.0.tar.gz", "0.2.0", RELEASED)
    tagged = {("v0.2.0", "openapi/cubicasa-integrate-v3.yaml"): "openapi: 3.1.0"}

    def show(tag: str, path: str) -> str:
        return tagged[(tag, path)]

    assert release_check.check_recorded_releases(["v0.2.0"], show, releases) == []
    tagged[("v0.2.0", "openapi/cubicasa-integrate-v3.yaml")] = "openapi: 3.1.1"
    assert "holds another" in release_check.check_recorded_releases(["v0.2.0"], show, releases)[0]
    tagged[("v0.3.0", "openapi/cubicasa-integrate-v3.yaml")] = "openapi: 3.1.0"
    assert (
        "releases/cubicasa_integrate-0.3.0.tar.gz is missing"
        in release_check.check_recorded_releases(["v0.3.0"], show, releases)[0]
    )
    assert release_check.check_recorded_releases(["v0.3.0"], show, releases, head_tags=("v0.3.0",)) == []
    make_sdist(releases / "cubicasa_integrate-0.3.0.tar.gz", "0.3.0", RELEASED)
    assert "does not say __version__ = '0.3.0'" in release_check.check_recorded_releases(["v0.3.0"], show, releases)[0]


def fake_wheel(tmp_path: Path, module: str) -> Path:
    """A client wheel of version 9.9.9 holding `module` and empty metadata."""
    wheel = tmp_path / "cubicasa_integrate-9.9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(module, "")
        archive.writestr("cubicasa_integrate-9.9.9.dist-info/METADATA", "Metadata-Version: 2.4\nVersion: 9.9.9\n")
        archive.writestr("cubicasa_integrate-9.9.9.dist-info/entry_points.txt", "[console_scripts]\n")
    return wheel


def test_wheel_contents_are_checked(release_check: ModuleType, tmp_path: Path) -> None:
    found = release_check.wheel_problems(fake_wheel(tmp_path, "cubicasa_integrate/__init__.py"), "9.9.9")
    assert any("lacks" in p and "cubicasa_integrate_api" in p for p in found)
    assert "the wheel lacks cubicasa_integrate/_provenance.py" in found
    assert "the wheel has no `cubicasa` console script" in found


def test_a_client_wheel_with_a_sandbox_module_is_refused(release_check: ModuleType, tmp_path: Path) -> None:
    found = release_check.wheel_problems(fake_wheel(tmp_path, "cubicasa_sandbox/_sandbox.py"), "9.9.9")
    assert "the client wheel holds sandbox modules, e.g. ['cubicasa_sandbox/_sandbox.py']" in found


METADATA = """Metadata-Version: 2.4
Name: cubicasa-integrate
Requires-Dist: httpx<0.29,>=0.23.1
Requires-Dist: Click>=8.1; python_version >= "3.11"
Requires-Dist: rich<16,>=13
Requires-Dist: msgspec<1,>=0.18; extra == 'speedups'
Requires-Dist: uvicorn>=0.30; extra == 'sandbox'
Provides-Extra: speedups
"""


def test_runtime_requirements_leave_out_extras(release_check: ModuleType) -> None:
    assert release_check.runtime_requirements(METADATA) == ["httpx", "click", "rich"]


def test_the_client_may_not_require_the_server_or_cli_stack(release_check: ModuleType) -> None:
    starlette = METADATA + "Requires-Dist: Starlette<2,>=0.40\n"
    assert release_check.dependency_problems(starlette) == [
        "the client wheel requires click, rich, starlette outside any extra"
    ]
    assert release_check.dependency_problems(METADATA) == ["the client wheel requires click, rich outside any extra"]
    fine = "\n".join(line for line in METADATA.splitlines() if not re.search(r"click|rich", line, re.I)) + "\n"
    assert release_check.dependency_problems(fine) == []  # uvicorn only in an extra


# ---------------------------------------------------------------- what a consumer's pyright sees (issue 26, finding 3)


def installed_copy(tmp_path: Path, *, py_typed: bool = True, untyped: bool = False) -> Path:
    """A venv holding a copy of both packages as a wheel installs them (their dependencies from this venv, through
    a .pth file, as site-packages would have them), with a seeded mistake."""
    import shutil
    import site
    import subprocess
    import sys

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (packages,) = (venv / "lib").glob("python3*/site-packages")
    shutil.copytree(ROOT / "overrides" / "cubicasa_integrate", packages / "cubicasa_integrate")
    shutil.copytree(ROOT / "generated" / "cubicasa_integrate_api", packages / "cubicasa_integrate_api")
    shutil.copy(ROOT / "overrides" / "py.typed", packages / "cubicasa_integrate_api" / "py.typed")  # as pyproject
    (packages / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    if not py_typed:
        (packages / "cubicasa_integrate_api" / "py.typed").unlink()
    if untyped:
        helpers = packages / "cubicasa_integrate" / "helpers.py"
        text = helpers.read_text(encoding="utf-8").replace('__all__ = ["AssetUrl",', '__all__ = ["shout", "AssetUrl",')
        helpers.write_text(text + "\n\ndef shout(text):\n    return text\n", encoding="utf-8")
    return venv


@pytest.mark.parametrize(
    ("mistake", "expected"),
    [
        ({}, None),
        ({"py_typed": False}, "no py.typed for the installed cubicasa_integrate_api"),
        ({"untyped": True}, "pyright --verifytypes cubicasa_integrate: 1 exported symbols of unknown type"),
    ],
    ids=["as built", "no py.typed", "an untyped public function"],
)
def test_a_consumers_pyright_sees_every_type(
    release_check: ModuleType, tmp_path: Path, mistake: dict[str, bool], expected: str | None
) -> None:
    node_tool("pyright")
    found = release_check.consumer_type_problems(installed_copy(tmp_path, **mistake), tmp_path)
    if expected is None:
        assert found == []
    else:
        assert any(expected in problem for problem in found), found

"""tools/breaking.py: the SemVer policy, and `make breaking` end to end on a throw-away git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from tests.support import SPEC_PATH, load_tool


@pytest.fixture(scope="module")
def breaking() -> ModuleType:
    return load_tool("breaking")


def finding(breaking: ModuleType, severity: str) -> object:
    return breaking.spec_compat.Finding(severity, "rule", "$", "message")


# ---------------------------------------------------------------------------------------------------- policy


@pytest.mark.parametrize(
    ("base", "head", "bump"),
    [
        ("0.2.0", "0.2.0", "none"),
        ("0.2.0", "0.2.1", "patch"),
        ("0.2.1", "0.3.0", "minor"),
        ("0.9.3", "1.0.0", "major"),
        ("1.4.2", "1.3.9", "downgrade"),
    ],
)
def test_bump_between(breaking: ModuleType, base: str, head: str, bump: str) -> None:
    assert breaking.bump_between(breaking.parse_version(base), breaking.parse_version(head)) == bump


def judge(breaking: ModuleType, base: str, head: str, **changes: object) -> object:
    return breaking.judge(
        "v" + base,
        base,
        head,
        changes.get("findings", []),
        changes.get("breakages", []),
        "openapi-python-client 0.29.1",
        changes.get("generator", "openapi-python-client 0.29.1"),
    )


def test_a_spec_break_needs_a_major_bump_from_1_0(breaking: ModuleType) -> None:
    findings = [finding(breaking, "breaking")]
    verdict = judge(breaking, "1.2.0", "1.3.0", findings=findings)
    assert not verdict.ok
    assert "at least 2.0.0" in verdict.message
    assert judge(breaking, "1.2.0", "2.0.0", findings=findings).ok


def test_a_break_only_for_generated_code_needs_a_major_bump_too(breaking: ModuleType) -> None:
    """A path parameter renamed is not on the wire, but every generated client renames the argument."""
    findings = [finding(breaking, "breaking-for-generated-code"), finding(breaking, "info")]
    verdict = judge(breaking, "1.2.0", "1.3.0", findings=findings)
    assert not verdict.ok
    assert "major: 1 breaking spec change(s) (1 of them only for generated code, not on the wire)" in verdict.reasons
    assert "minor: 1 other spec change(s) (additions, enum values, ...)" in verdict.reasons
    assert judge(breaking, "1.2.0", "2.0.0", findings=findings).ok


def test_a_python_api_break_needs_a_major_bump_from_1_0(breaking: ModuleType) -> None:
    assert not judge(breaking, "1.2.0", "1.2.1", breakages=["x.py:1: f(a): Parameter was removed"]).ok
    assert judge(breaking, "1.2.0", "2.0.0", breakages=["x.py:1: f(a): Parameter was removed"]).ok


def test_in_0_x_a_break_needs_a_minor_bump(breaking: ModuleType) -> None:
    findings = [finding(breaking, "breaking")]
    verdict = judge(breaking, "0.2.0", "0.2.1", findings=findings)
    assert not verdict.ok
    assert "at least 0.3.0" in verdict.message
    assert "0.x" in verdict.message
    assert judge(breaking, "0.2.0", "0.3.0", findings=findings).ok


@pytest.mark.parametrize("severity", ["info", "breaking-for-closed-enum-clients"])
def test_additions_and_closed_enum_changes_need_a_minor_bump(breaking: ModuleType, severity: str) -> None:
    findings = [finding(breaking, severity)]
    assert not judge(breaking, "1.2.0", "1.2.1", findings=findings).ok
    assert judge(breaking, "1.2.0", "1.3.0", findings=findings).ok


def test_a_generator_bump_needs_a_minor_bump(breaking: ModuleType) -> None:
    assert not judge(breaking, "1.2.0", "1.2.1", generator="openapi-python-client 0.30.0").ok
    assert judge(breaking, "1.2.0", "1.3.0", generator="openapi-python-client 0.30.0").ok


def test_nothing_to_report_needs_no_bump(breaking: ModuleType) -> None:
    assert judge(breaking, "1.2.0", "1.2.0").ok
    assert judge(breaking, "1.2.0", "1.2.1").ok


def test_a_version_going_backwards_fails(breaking: ModuleType) -> None:
    verdict = judge(breaking, "1.2.0", "1.1.0")
    assert not verdict.ok
    assert "backwards" in verdict.message


# ---------------------------------------------------------------------------------------------------- end to end

PACKAGE_V1 = '''"""A stand-in for the generated package."""


def get_order(order_id: str, *, client: object) -> dict[str, str]:
    return {}


def list_orders(*, client: object, limit: int = 20) -> list[dict[str, str]]:
    return []
'''


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def set_version(repo: Path, version: str) -> None:
    (repo / "overrides" / "cubicasa_integrate" / "_version.py").write_text(f'__version__ = "{version}"\n')


def record_release(repo: Path, version: str) -> Path:
    """What RELEASING.md has a release do: its sdist (name-version/ + the package sources) goes to releases/."""
    sdist = repo / "releases" / f"cubicasa_integrate-{version}.tar.gz"
    sdist.parent.mkdir(exist_ok=True)
    with tarfile.open(sdist, "w:gz") as tar:
        for folder in ("openapi", "generated", "overrides"):
            tar.add(repo / folder, arcname=f"cubicasa_integrate-{version}/{folder}")
    return sdist


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository laid out like this one, released as 1.0.0: the real spec and two tiny packages."""
    repo = tmp_path / "repo"
    (repo / "openapi").mkdir(parents=True)
    shutil.copy(SPEC_PATH, repo / "openapi" / SPEC_PATH.name)
    generated = repo / "generated" / "cubicasa_integrate_api"
    generated.mkdir(parents=True)
    (generated / "__init__.py").write_text(PACKAGE_V1)
    overrides = repo / "overrides" / "cubicasa_integrate"
    overrides.mkdir(parents=True)
    (overrides / "__init__.py").write_text('"""Facade."""\n\nfrom ._version import __version__\n')
    (overrides / "_provenance.py").write_text('GENERATOR = "openapi-python-client 0.29.1"\n')
    set_version(repo, "1.0.0")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "release")
    git(repo, "tag", "v1.0.0")
    record_release(repo, "1.0.0")
    return repo


def test_unchanged_since_the_release_passes(
    breaking: ModuleType, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert breaking.last_release(repo) == ("1.0.0", repo / "releases" / "cubicasa_integrate-1.0.0.tar.gz")
    assert breaking.run(None, repo) == 0
    out = capsys.readouterr().out
    assert "Changes since the 1.0.0 release (releases/cubicasa_integrate-1.0.0.tar.gz)" in out
    assert "No differences." in out
    assert "No breaking changes." in out


def test_seeded_spec_break_fails_until_the_major_bump(
    breaking: ModuleType, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_file = repo / "openapi" / SPEC_PATH.name
    spec = yaml.safe_load(spec_file.read_text())
    spec["components"]["schemas"]["OrderInfo"]["properties"].pop("external_id")
    spec_file.write_text(yaml.safe_dump(spec))
    assert breaking.run(None, repo) == 1
    out = capsys.readouterr().out
    assert "response-property-removed" in out
    assert "at least 2.0.0" in out
    set_version(repo, "2.0.0")
    assert breaking.run(None, repo) == 0


def test_seeded_python_break_fails_until_the_major_bump(
    breaking: ModuleType, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = repo / "generated" / "cubicasa_integrate_api" / "__init__.py"
    package.write_text(PACKAGE_V1.replace("limit: int = 20", "page_size: int = 20"))
    assert breaking.run(None, repo) == 1
    out = capsys.readouterr().out
    assert "list_orders(limit): Parameter was removed" in out
    set_version(repo, "1.1.0")
    assert breaking.run(None, repo) == 1
    set_version(repo, "2.0.0")
    assert breaking.run(None, repo) == 0


def test_seeded_response_enum_widening_needs_a_minor_bump(
    breaking: ModuleType, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_file = repo / "openapi" / SPEC_PATH.name
    spec = yaml.safe_load(spec_file.read_text())
    spec["components"]["schemas"]["OrderStatus"]["enum"].append("Archived")
    spec_file.write_text(yaml.safe_dump(spec))
    assert breaking.run(None, repo) == 1
    assert "breaking-for-closed-enum-clients".upper() in capsys.readouterr().out
    set_version(repo, "1.1.0")
    assert breaking.run(None, repo) == 0


def test_an_explicit_base_ref_is_used(breaking: ModuleType, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_version(repo, "1.0.1")
    git(repo, "commit", "-qam", "patch")
    assert breaking.run("HEAD", repo) == 0
    assert "Changes since HEAD" in capsys.readouterr().out


def test_no_recorded_release_means_nothing_to_break(
    breaking: ModuleType, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(repo / "releases")
    assert breaking.run(None, repo) == 0
    assert "nothing has been released" in capsys.readouterr().out


def test_the_release_tag_is_not_needed(breaking: ModuleType, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CI clones without tags: the committed sdist alone is the baseline, and a seeded break still fails."""
    git(repo, "tag", "-d", "v1.0.0")
    package = repo / "generated" / "cubicasa_integrate_api" / "__init__.py"
    package.write_text(PACKAGE_V1.replace("limit: int = 20", "page_size: int = 20"))
    assert breaking.run(None, repo) == 1
    assert "list_orders(limit): Parameter was removed" in capsys.readouterr().out


def test_the_newest_release_is_the_baseline(breaking: ModuleType, repo: Path) -> None:
    """Versions compare as numbers: 1.10.0 is newer than 1.9.0."""
    set_version(repo, "1.9.0")
    record_release(repo, "1.9.0")
    set_version(repo, "1.10.0")
    record_release(repo, "1.10.0")
    (repo / "releases" / "notes.txt").write_text("not a release")
    assert breaking.last_release(repo) == ("1.10.0", repo / "releases" / "cubicasa_integrate-1.10.0.tar.gz")


def test_the_committed_releases_unpack_to_what_was_released(breaking: ModuleType, tmp_path: Path) -> None:
    """Each sdist in releases/ holds the spec and both packages, and says its own version."""
    releases = breaking.released_sdists()
    assert releases, "releases/ records no release"
    for version, sdist in releases.items():
        into = tmp_path / version
        breaking.unpack_sdist(sdist, into)
        assert (into / breaking.SPEC).is_file()
        assert (into / "generated" / "cubicasa_integrate_api" / "__init__.py").is_file()
        assert breaking.assigned((into / breaking.VERSION_FILE).read_text(), "__version__") == version

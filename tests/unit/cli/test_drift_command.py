"""`cubicasa drift propose`: the patch on stdout (clean for `git apply`), the notes on stderr, refusals in one
line with exit 2."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cubicasa_integrate.cli import cli
from tests.support import ROOT, SPEC_PATH

EVERY_KIND = ROOT / "tests" / "fixtures" / "drift" / "every-kind.json"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["drift", "propose", *args], catch_exceptions=False)


def checkout(tmp_path: Path) -> Path:
    """A directory shaped like the repository: openapi/cubicasa-integrate-v3.yaml, and a subdirectory."""
    (tmp_path / "openapi").mkdir()
    shutil.copy(SPEC_PATH, tmp_path / "openapi" / SPEC_PATH.name)
    (tmp_path / "tests").mkdir()
    return tmp_path


def test_the_patch_goes_to_stdout_and_applies_from_the_root_of_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = checkout(tmp_path)
    monkeypatch.chdir(root / "tests")  # the spec is found above the current directory
    result = run("--from", str(EVERY_KIND))
    assert result.exit_code == 0, result.output
    label = "openapi/cubicasa-integrate-v3.yaml"
    assert result.stdout.startswith(f"--- a/{label}\n+++ b/{label}\n")
    assert "A human must decide" in result.stderr
    assert "A human must decide" not in result.stdout
    (root / "change.diff").write_text(result.stdout)
    subprocess.run(["git", "apply", "--check", "-p1", "change.diff"], cwd=root, check=True)


def test_spec_option_and_an_empty_proposal(tmp_path: Path) -> None:
    spec = checkout(tmp_path) / "openapi" / SPEC_PATH.name
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"format": "cubicasa-drift/1", "findings": []}))
    result = run("--from", str(report), "--spec", str(spec))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "note: no spec change proposed\n"


@pytest.mark.parametrize(
    ("content", "spec", "message"),
    [
        ("garbage", True, "report.json: not a drift report: not JSON"),
        (json.dumps({"format": "something-else"}), True, "format must be 'cubicasa-drift/1'"),
        (None, True, "cannot read the report"),
        ("{}", False, "no openapi/cubicasa-integrate-v3.yaml here or above: pass --spec PATH"),
    ],
)
def test_refusals_are_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None, spec: bool, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "report.json"
    if content is not None:
        report.write_text(content)
    result = run("--from", str(report), *(["--spec", str(SPEC_PATH)] if spec else []))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("error: ")
    assert message in result.stderr

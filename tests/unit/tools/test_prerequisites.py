"""tools/prerequisites.py and the Makefile around it: what a target needs besides Python is checked before it runs.

`make test` on a machine without Node or Java fails first, in seconds, naming each missing program and the targets
that need it; each Node-backed target names itself and what it runs; README and the Makefile header list the same
programs as the tool. Run directly, pytest skips the tests of the Node tools with the reason when Node is missing,
and fails them under `make test` (CUBICASA_NODE_TOOLS_REQUIRED).

The make runs use a scratch folder holding only the Makefile, the tool and package.json: were the check missing
or late, make would stop at once at the venv's missing inputs instead of building anything.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests import support
from tests.support import NODE_TOOLS_REQUIRED_ENV, ROOT, load_tool, node_tool

MAKE = shutil.which("make")
# The interpreter itself, not a venv's or a version manager's shim (pyenv's is a script needing a full PATH).
PYTHON = os.path.realpath(sys.executable)


@pytest.fixture(scope="module")
def prerequisites() -> ModuleType:
    return load_tool("prerequisites")


def bin_dir(folder: Path, programs: dict[str, str]) -> Path:
    """A PATH folder holding only `programs`: name -> an existing executable to link, or a sh script body."""
    folder.mkdir()
    for name, target in programs.items():
        if Path(target).is_absolute():
            (folder / name).symlink_to(target)
        else:
            (folder / name).write_text(f"#!/bin/sh\n{target}\n")
            (folder / name).chmod(0o755)
    return folder


def bare_machine(tmp_path: Path, **extra: str) -> Path:
    """python3, make, bash and sh: what every target needs, and nothing else."""
    found = {name: shutil.which(name) for name in ("make", "bash", "sh")}
    programs = {"python3": PYTHON, **{name: path for name, path in found.items() if path is not None}, **extra}
    return bin_dir(tmp_path / "bin", programs)


def run_tool(path: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    tool = ROOT / "tools" / "prerequisites.py"
    return subprocess.run(
        [PYTHON, str(tool), *targets], capture_output=True, text=True, env={"PATH": str(path)}, timeout=60
    )


def scratch_make(tmp_path: Path, target: str, path: Path) -> subprocess.CompletedProcess[str]:
    folder = tmp_path / "clone"
    (folder / "tools").mkdir(parents=True)
    for name in ("Makefile", "tools/prerequisites.py", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, folder / name)
    return subprocess.run(
        [str(path / "make"), target],
        capture_output=True,
        text=True,
        cwd=folder,
        env={"PATH": str(path), "HOME": str(tmp_path)},
        timeout=60,
    )


needs_make = pytest.mark.skipif(MAKE is None or shutil.which("bash") is None, reason="needs make and bash")


@needs_make
def test_make_test_without_node_and_java_fails_first_listing_what_is_missing(tmp_path: Path) -> None:
    result = scratch_make(tmp_path, "test", bare_machine(tmp_path, git="echo git version 2.39.5"))
    assert result.returncode != 0
    assert result.stdout == ""  # nothing ran before the check
    assert result.stderr.startswith("make test cannot run: this machine lacks what it needs")
    for line in (
        "  Node >= 20.19: `node` is not on PATH. Needed by",
        "    make lint-spec: Spectral and Redocly lint the OpenAPI document",
        "    make test: the pytest tests of Spectral, Redocly and openapi-typescript run, never skip",
        "  npm: `npm` is not on PATH. Needed by",
        "  Java >= 11: `java` is not on PATH. Needed by",
        "    make crosslang: openapi-generator (typescript-fetch) runs on it",
    ):
        assert line in result.stderr.splitlines()
    assert not any(line.startswith("  git:") for line in result.stderr.splitlines())  # git is there


@needs_make
def test_the_check_is_the_first_thing_make_test_does() -> None:
    # A clean environment: under `make test` this runs inside make, whose MAKEFLAGS and MAKELEVEL would leak in.
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/")}
    command = [MAKE or "make", "-n", "test"]
    dry_run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert dry_run.stdout.splitlines()[0] == "python3 tools/prerequisites.py test", dry_run.stderr


@needs_make
@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("node", "make node: `npm ci` installs the pinned Node tools into ./node_modules"),
        ("lint-spec", "make lint-spec: Spectral and Redocly lint the OpenAPI document"),
        ("bundle", "make bundle: Redocly bundles the spec into one file"),
        ("crosslang", "make crosslang: openapi-typescript and tsc compile the bundle in TypeScript"),
    ],
)
def test_each_node_backed_target_names_itself_and_what_it_runs(tmp_path: Path, target: str, says: str) -> None:
    result = scratch_make(tmp_path, target, bare_machine(tmp_path))
    assert result.returncode != 0
    assert result.stderr.startswith(f"make {target} cannot run")
    assert f"    {says}" in result.stderr.splitlines()
    if target == "bundle":
        assert "lint" not in result.stderr  # it used to say npm was needed "to lint the OpenAPI document"


@pytest.mark.parametrize(
    ("node", "java", "problems"),
    [
        ("v20.18.3", "1.8.0_392", ["  Node >= 20.19: found 20.18. Needed by", "  Java >= 11: found 8. Needed by"]),
        ("v20.19.0", "11.0.2", []),
        ("v22.1.0", "17.0.15", []),
    ],
)
def test_versions_too_old_are_named_with_what_was_found(
    tmp_path: Path, node: str, java: str, problems: list[str]
) -> None:
    path = bare_machine(
        tmp_path,
        node=f"echo {node}",
        npm="echo 10.8.2",
        java=f"""echo 'openjdk version "{java}" 2025-04-15' >&2""",
        git="echo git version 2.39.5",
        go="echo go version go1.19.8 linux/amd64",
    )
    result = run_tool(path, "test")
    assert [line for line in result.stderr.splitlines() if line.startswith("  ") and line[2] != " "] == problems
    assert result.returncode == (1 if problems else 0)
    assert result.stdout == ""
    assert bool(result.stderr) == bool(problems)  # silent when everything is there


@pytest.mark.parametrize(
    ("programs", "missing"), [({"go": "echo go"}, False), ({"apt-get": "true"}, False), ({}, True)]
)
def test_go_or_apt_get_which_installs_it_is_enough(tmp_path: Path, programs: dict[str, str], missing: bool) -> None:
    result = run_tool(bare_machine(tmp_path, **programs), "crosslang")
    lines = result.stderr.splitlines()
    assert (
        "  Go (or apt-get, which installs it): `go` is not on PATH (nor is `apt-get`). Needed by" in lines
    ) is missing


def test_an_unknown_target_is_refused(tmp_path: Path) -> None:
    result = run_tool(bare_machine(tmp_path), "tset")
    assert result.returncode == 2
    assert "no prerequisites are known for ['tset']" in result.stderr


def normalized(text: str) -> str:
    return " ".join(text.replace("≥", ">=").split())


def test_readme_and_the_makefile_header_list_what_the_tool_checks(prerequisites: ModuleType) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    two_commands = normalized(readme.split("## Two commands", 1)[1].split("```", 1)[0])
    header = normalized(re.match(r"(#.*\n)+", (ROOT / "Makefile").read_text(encoding="utf-8"))[0])  # type: ignore[index]
    for program in prerequisites.PROGRAMS:
        assert program.name in two_commands
        assert program.name in header
    for text in (two_commands, header):
        assert "make" in text
        assert "bash" in text


# pytest run directly (or `make test-python`) on a machine without Node: the tests of the Node tools skip, saying
# why; under `make test` they fail.


def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, tools: bool, node: bool, required: bool) -> None:
    """A checkout with or without ./node_modules, on a machine with or without node, under `make test` or not."""
    root = tmp_path / "checkout"
    (root / "node_modules" / ".bin").mkdir(parents=True)
    if tools:
        (root / "node_modules" / ".bin" / "spectral").write_text("")
    monkeypatch.setattr(support, "ROOT", root)
    monkeypatch.setenv("PATH", str(bin_dir(tmp_path / "bin", {"node": "echo v22.1.0"} if node else {})))
    if required:
        monkeypatch.setenv(NODE_TOOLS_REQUIRED_ENV, "1")
    else:
        monkeypatch.delenv(NODE_TOOLS_REQUIRED_ENV, raising=False)


REASON = r"needs Node and node_modules/\.bin/spectral \(`make node`\); `make test` installs them and runs this"


def test_node_tool_gives_the_tool_when_node_and_the_tools_are_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout(tmp_path, monkeypatch, tools=True, node=True, required=True)
    assert node_tool("spectral") == support.ROOT / "node_modules" / ".bin" / "spectral"


@pytest.mark.parametrize(("tools", "node"), [(True, False), (False, True), (False, False)])
def test_node_tool_skips_with_the_reason_when_node_or_the_tools_are_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tools: bool, node: bool
) -> None:
    checkout(tmp_path, monkeypatch, tools=tools, node=node, required=False)
    with pytest.raises(pytest.skip.Exception, match=REASON):
        node_tool("spectral")


@pytest.mark.parametrize(("tools", "node"), [(True, False), (False, True)])
def test_node_tool_fails_under_make_test(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tools: bool, node: bool
) -> None:
    checkout(tmp_path, monkeypatch, tools=tools, node=node, required=True)
    # Caught whole: a skip escaping a pytest.raises(pytest.fail.Exception) would skip this test, not fail it.
    with pytest.raises(BaseException, match=f"^{NODE_TOOLS_REQUIRED_ENV} is set but: {REASON}$") as outcome:
        node_tool("spectral")
    assert outcome.type is pytest.fail.Exception


def test_pytest_run_directly_without_node_skips_the_node_tool_tests(tmp_path: Path) -> None:
    """The whole files, as a developer runs them: skips with the reason, no FileNotFoundError or ValueError."""
    files = [
        "tests/contract/test_spec_lint.py",
        "tests/unit/tools/test_bundle.py",
        "tests/unit/tools/test_crosslang.py",
    ]
    env = {k: v for k, v in os.environ.items() if k != NODE_TOOLS_REQUIRED_ENV}
    env["PATH"] = str(bare_machine(tmp_path))
    command = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", *files]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r"\d+ passed, \d+ skipped", result.stdout), result.stdout[-3000:]
    assert "needs Node and node_modules/.bin/" in result.stdout

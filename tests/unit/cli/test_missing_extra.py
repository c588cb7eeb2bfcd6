"""The `cubicasa` command is behind the [cli] extra: without click or rich it says how to install them.

Each test runs the console script's own entry point (read from pyproject.toml, called the way the script pip
writes calls it) in a fresh interpreter where importing the blocked packages fails exactly as it does when they
are not installed (`sys.modules[name] = None`: ModuleNotFoundError on import).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

from tests.support import ROOT

HINT = "pip install 'cubicasa-integrate[cli]'"


def entry_point() -> tuple[str, str]:
    """The module and function of the `cubicasa` console script."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, _, function = scripts["cubicasa"].partition(":")
    return module, function


def run_cubicasa_without(blocked: tuple[str, ...], *args: str) -> subprocess.CompletedProcess[str]:
    module, function = entry_point()
    script = (
        f"import sys; sys.modules.update(dict.fromkeys({blocked!r}))\n"
        f"from {module} import {function}\n"
        f"sys.argv[1:] = {list(args)!r}\n"
        f"sys.exit({function}())\n"
    )
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.mark.parametrize(
    ("blocked", "missing"),
    [(("click",), "click"), (("rich",), "rich"), (("click", "rich"), "click")],
)
def test_without_the_extra_the_command_prints_the_install_line_and_exits_2(
    blocked: tuple[str, ...], missing: str
) -> None:
    result = run_cubicasa_without(blocked, "--version")
    assert result.stderr == f"error: the cubicasa command needs the [cli] extra ({missing} is not installed): {HINT}\n"
    assert result.stdout == ""
    assert result.returncode == 2


def test_with_the_extra_the_same_entry_point_runs_the_command() -> None:
    """The control: the same script, nothing blocked, is the real command."""
    result = run_cubicasa_without((), "--help")
    assert result.returncode == 0, result.stderr
    assert "orders" in result.stdout

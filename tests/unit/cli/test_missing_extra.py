"""The `cubicasa` command is behind the [cli] extra: without click or rich it says how to install them.

Each test runs the console script's own entry point (read from pyproject.toml, called the way the script pip
writes calls it) in a fresh interpreter where importing the blocked packages fails exactly as it does when they
are not installed (`sys.modules[name] = None`: ModuleNotFoundError on import).

And every other extra of both distributions, and the sandbox distribution the command can run: each one missing
names its own install command, brackets and all (rich once read `[sandbox]` as markup and printed
`pip install 'cubicasa-integrate'`), or is listed here as needing no hint, with the reason.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

from tests.support import ROOT

HINT = "pip install 'cubicasa-integrate[cli]'"
DISTRIBUTIONS = {"cubicasa-integrate": ROOT / "pyproject.toml", "cubicasa-sandbox": ROOT / "sandbox" / "pyproject.toml"}


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


def declared_extras() -> set[tuple[str, str]]:
    return {
        (name, extra)
        for name, path in DISTRIBUTIONS.items()
        for extra in tomllib.loads(path.read_text(encoding="utf-8"))["project"].get("optional-dependencies", {})
    }


# (distribution, extra) -> (the packages it brings that are blocked, a script that needs them)
HINTED = {
    ("cubicasa-integrate", "cli"): (("click", "rich"), "from cubicasa_integrate.cli import main; sys.exit(main())"),
    ("cubicasa-integrate", "receiver"): (
        ("uvicorn",),
        "from cubicasa_integrate.cli import main; sys.exit(main(['webhooks', 'serve', '--sync-to', 'mirror']))",
    ),
    ("cubicasa-integrate", "s3"): (
        ("obstore",),
        "from cubicasa_integrate.cli import main; sys.exit(main(['sync', 's3://bucket/prefix']))",
    ),
    ("cubicasa-sandbox", "validate"): (
        ("openapi_core",),
        "from cubicasa_sandbox import Sandbox, SandboxConfig; Sandbox(SandboxConfig(validate_responses=True))",
    ),
}
NEEDS_NO_HINT: dict[tuple[str, str], str] = {}


def test_every_extra_has_a_hint_or_a_reason_to_need_none() -> None:
    assert declared_extras() == set(HINTED) | set(NEEDS_NO_HINT)
    assert all(reason.strip() for reason in NEEDS_NO_HINT.values())


def run_python_without(blocked: tuple[str, ...], code: str, *args: str) -> subprocess.CompletedProcess[str]:
    script = f"import sys; sys.modules.update(dict.fromkeys({blocked!r}))\nsys.argv[1:] = {list(args)!r}\n{code}\n"
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.mark.parametrize(("distribution", "extra"), sorted(HINTED))
def test_a_missing_extra_names_its_own_install_command(distribution: str, extra: str) -> None:
    blocked, code = HINTED[(distribution, extra)]
    result = run_python_without(blocked, code, "--version")
    assert result.returncode != 0
    assert f"pip install '{distribution}[{extra}]'" in result.stderr.splitlines()[-1]


def test_the_sandbox_distribution_missing_from_the_real_command_is_named_verbatim() -> None:
    """Printed by the command's rich console, where a bracket is markup unless the text is kept plain."""
    module, function = entry_point()
    code = f"from {module} import {function}; sys.exit({function}())"
    result = run_python_without(("cubicasa_sandbox",), code, "--sandbox", "orders", "list")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: the sandbox is not installed (cubicasa_sandbox is missing): pip install cubicasa-sandbox\n"
    )

"""docs/batch-purchases.md, tested as written: its Python runs against the sandbox (and buys what it says, once,
as the ledger counts) and passes `mypy --strict` as a consumer's module; its commands run as given, and print what
the page says they print."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import checked_sandbox
from tests.e2e.test_readme import run_script
from tests.e2e.test_readme_types import mypy
from tests.support import ROOT

DOC = ROOT / "docs" / "batch-purchases.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)
COMMAND = [sys.executable, "-c", "from cubicasa_integrate.cli import main; raise SystemExit(main())"]


def blocks(language: str) -> list[str]:
    return [code for lang, code in BLOCK.findall(DOC.read_text(encoding="utf-8")) if lang == language]


@pytest.fixture
def sandbox() -> RunningSandbox:
    with checked_sandbox(orders=120, seed=2) as running:
        yield running  # type: ignore[misc]


def environment(sandbox: RunningSandbox) -> dict[str, str]:
    return {
        **os.environ,
        "CUBICASA_API_KEY": sandbox.api_key,
        "CUBICASA_BASE_URL": sandbox.base_url,
        "PYTHONPATH": os.pathsep.join(sys.path),
    }


def test_the_page_has_its_snippets() -> None:
    assert len(blocks("python")) == 1
    assert len(blocks("bash")) == 1
    assert len(blocks("text")) == 1


def test_the_python_snippet_runs_on_the_sandbox_and_buys_once(sandbox: RunningSandbox, tmp_path: Path) -> None:
    (code,) = blocks("python")
    lacking = [i for i in sandbox.sandbox.order_ids("Ready") if "gla" not in sandbox.sandbox.record(i).add_ons]
    env = {"CUBICASA_API_KEY": sandbox.api_key, "CUBICASA_BASE_URL": sandbox.base_url}
    first = run_script(code, env, tmp_path)
    assert first.returncode == 0, first.stderr
    bought = min(50, len(lacking))
    assert f"{bought} bought," in first.stdout
    assert first.stdout.count("will buy gla for") == bought
    assert sorted(e.order_id for e in sandbox.sandbox.ledger) == sorted(lacking[:bought])
    again = run_script(code, env, tmp_path)  # the same journal: nothing more to buy
    assert again.returncode == 0, again.stderr
    assert f"{bought} bought," in again.stdout
    assert len(sandbox.sandbox.ledger) == bought


def test_the_python_snippet_passes_mypy_strict(tmp_path: Path) -> None:
    (code,) = blocks("python")
    module = tmp_path / "batch_snippet.py"
    module.write_text(code, encoding="utf-8")
    result = mypy(module)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken" / "batch_snippet.py"  # the check checks: a wrong type fails it
    broken.parent.mkdir()
    broken.write_text(code.replace("max_purchases=50", 'max_purchases="50"'), encoding="utf-8")
    assert mypy(broken).returncode == 1


def test_the_commands_run_as_written(sandbox: RunningSandbox, tmp_path: Path) -> None:
    (script,) = blocks("bash")
    (session,) = blocks("text")  # the interactive one: its first line is the command, after the prompt
    lines = [line.partition("#")[0] for line in script.splitlines() if line.strip()]
    lines.insert(1, session.splitlines()[0].removeprefix("$ "))
    commands = [shlex.split(line) for line in lines]
    assert [c[:2] for c in commands] == [["cubicasa", "orders"]] * 3
    results = [
        subprocess.run([*COMMAND, *c[1:]], capture_output=True, text=True, env=environment(sandbox), cwd=tmp_path,
                       timeout=120, check=False)
        for c in commands
    ]  # fmt: skip
    dry, asked, bought = results
    assert dry.returncode == 0, dry.stderr
    assert re.search(r"^Plan: \d+ purchases \(at most 50\), \d+ skipped \(\d+ already has it", dry.stderr, re.M)
    assert "Dry run: nothing was sent, nothing was written." in dry.stderr
    assert asked.returncode == 2, asked.stderr  # no terminal here, and no --yes: refused (the page's prompt needs one)
    assert "refusing to buy without confirmation" in asked.stderr
    assert bought.returncode == 0, bought.stderr
    *outcomes, summary = [json.loads(line) for line in bought.stdout.splitlines()]
    assert set(outcomes[0]) == {"order_id", "outcome", "add_ons", "reason", "detail", "earlier"}
    assert summary["event"] == "summary"
    assert summary["bought"] == len(sandbox.sandbox.ledger) > 0
    assert re.search(r"^\d+ bought, \d+ skipped, 0 in doubt, 0 failed$", bought.stderr, re.M)
    assert (tmp_path / "cubicasa-buy-gla-Ready.sqlite3").is_file()  # the default journal the page names

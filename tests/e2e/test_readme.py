"""Every snippet of the README runs as written, against a sandbox over loopback HTTP.

Python blocks run in order in one namespace (as a reader would paste them), with CUBICASA_API_KEY and
CUBICASA_BASE_URL pointing at the sandbox; `order_id` (one of your orders) and `request_body` (what a web framework
received) are the two names the README says the reader brings. Shell blocks run each line: `cubicasa ...` as a
subprocess against the same sandbox, `make demo` as the command its Makefile target runs, and `make test` is the
suite running this very test (so it is checked to be what CI runs, not run again).
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import checked_sandbox
from tests.support import ROOT, load_example

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(python|bash)\n(.*?)^```", re.MULTILINE | re.DOTALL)
CUBICASA = str(Path(sys.executable).with_name("cubicasa"))


def blocks(language: str) -> list[str]:
    return [code for lang, code in BLOCK.findall(README) if lang == language]


@pytest.fixture(scope="module")
def readme_sandbox() -> Iterator[RunningSandbox]:
    with checked_sandbox() as running:
        yield running


@pytest.fixture
def environment(readme_sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    readme_sandbox.sandbox.reset()
    env = {"CUBICASA_API_KEY": readme_sandbox.api_key, "CUBICASA_BASE_URL": readme_sandbox.base_url}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    return env


def order_offering_gla(running: RunningSandbox) -> str:
    for order_id in running.sandbox.order_ids("Ready"):
        product = running.sandbox.order(order_id, running.root_url)["info"]["product"]
        if "gla" in product["purchasable_add_ons"]:
            return str(order_id)
    raise LookupError("no Ready order offers gla")


def run_python(code: str, namespace: dict[str, Any]) -> None:
    compiled = compile(code, "README.md", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    result = eval(compiled, namespace)  # our own documentation
    if asyncio.iscoroutine(result):
        asyncio.run(result)


def test_there_are_snippets_to_run() -> None:
    assert len(blocks("python")) >= 7
    assert len(blocks("bash")) >= 3


def test_every_python_snippet_runs_in_order(
    readme_sandbox: RunningSandbox, environment: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    order_id = order_offering_gla(readme_sandbox)
    payload = load_example("webhook_order_status.payload.json")
    namespace: dict[str, Any] = {"order_id": order_id, "request_body": json.dumps(payload).encode()}
    for code in blocks("python"):
        run_python(code, namespace)
    namespace["client"].close()
    output = capsys.readouterr().out
    # What the snippets claim happened, happened.
    assert "Ready" in output
    assert [entry.order_id for entry in readme_sandbox.sandbox.ledger][:1] == [order_id]
    assert "gla" in output
    assert "downloaded" in output
    assert f"{payload['id']} Pending -> Ready" in output
    assert namespace["ready"]
    assert sorted(Path("floorplans").rglob("*.pdf"))


def shell_lines() -> list[str]:
    return [line.split("#", 1)[0].strip() for code in blocks("bash") for line in code.splitlines() if line.strip()]


def test_make_lines_are_what_the_makefile_and_ci_run() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make test" in shell_lines()
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("make test")
    assert "\t$(BIN)/cubicasa demo --dest demo-downloads\n" in makefile


def test_make_demo_runs_end_to_end(tmp_path: Path) -> None:
    result = subprocess.run(
        [CUBICASA, "demo", "--dest", str(tmp_path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "(never two)" in result.stdout
    assert "files in" in result.stdout
    downloaded = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".png" for p in downloaded)
    assert any(p.parent.name == "report_urls" for p in downloaded)


CLI_LINES = [line for line in shell_lines() if line.startswith("cubicasa ") and " sandbox" not in line]


@pytest.mark.parametrize("line", CLI_LINES)
def test_every_cubicasa_command_runs(line: str, environment: dict[str, str]) -> None:
    result = subprocess.run(
        [CUBICASA, *shlex.split(line)[1:]],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **environment},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert environment["CUBICASA_API_KEY"] not in result.stdout + result.stderr


def test_the_sandbox_commands_run() -> None:
    embedded = [line for line in shell_lines() if line.startswith("cubicasa --sandbox")]
    assert embedded
    for line in embedded:
        result = subprocess.run([CUBICASA, *shlex.split(line)[1:]], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "orders" in result.stdout
    (serving,) = [line for line in shell_lines() if line.startswith("cubicasa sandbox")]
    args = [arg if arg != "8080" else "0" for arg in shlex.split(serving)[1:]]  # any free port in tests
    with subprocess.Popen([CUBICASA, *args], stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline().startswith("CubiCasa sandbox on http://127.0.0.1:")
        finally:
            process.terminate()
            process.wait(10)

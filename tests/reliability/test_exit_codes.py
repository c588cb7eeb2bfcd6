"""The `cubicasa` exit codes a script reads (issue 22, finding 10), each from a real process: Ctrl-C is a SIGINT
sent while the command waits on a slow sandbox, a closed pipe is `| head -1` (and a read end closed before the
command starts), an invalid id is the id a user mistyped.

0.5.0 exited 1 ("a file failed") for all three, printed click's "Aborted!" on Ctrl-C, nothing on a closed pipe
(that part was right), and "unexpected ValueError" for `orders get a/b`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cubicasa_integrate.cli import _app
from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import checked_sandbox, wait_until
from tests.reliability.tally import HOSTILE_KEY, Tally
from tests.support import sigint_at_default

COMMAND = [sys.executable, "-c", "from cubicasa_integrate.cli import main; raise SystemExit(main())"]


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    """A sandbox of this test's own: its open connections tell when the command is waiting on it."""
    with checked_sandbox(api_key=HOSTILE_KEY, orders=300, seed=5) as running:
        yield running


def environment(sandbox: RunningSandbox) -> dict[str, str]:
    return {
        **os.environ,
        "CUBICASA_API_KEY": sandbox.api_key,
        "CUBICASA_BASE_URL": sandbox.base_url,
        "PYTHONPATH": os.pathsep.join(sys.path),
        "PYTHONFAULTHANDLER": "1",
    }


def interrupted(sandbox: RunningSandbox, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`cubicasa ARGS`, sent SIGINT (what Ctrl-C sends) once it has held a connection to the sandbox for 0.3 s:
    past startup and inside its slow call, whatever the machine's speed."""
    with subprocess.Popen(
        [*COMMAND, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(sandbox),
        cwd=cwd,
        preexec_fn=sigint_at_default,
    ) as process:
        held_since: float | None = None

        def waiting_on_the_sandbox() -> bool:
            nonlocal held_since
            if sandbox.sandbox.open_connections == 0:
                held_since = None
                return False
            held_since = held_since or time.monotonic()
            return time.monotonic() - held_since >= 0.3

        try:
            assert wait_until(waiting_on_the_sandbox, timeout=30), "the command never waited on the sandbox"
            process.send_signal(signal.SIGINT)
            try:
                out, err = process.communicate(timeout=30)
            except subprocess.TimeoutExpired:  # say where it hangs: faulthandler dumps every thread on SIGABRT
                process.send_signal(signal.SIGABRT)
                out, err = process.communicate(timeout=10)
                pytest.fail(f"still running 30 s after SIGINT; stderr:\n{err}")
        finally:
            if process.poll() is None:  # a failed check above: do not leave it waiting on the slow sandbox
                process.kill()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.mark.parametrize(
    ("route", "command"),
    [("getOrder", ("orders", "get")), ("downloadAsset", ("orders", "download")), ("listOrders", ("orders", "list"))],
)
def test_ctrl_c_exits_130_with_one_line_and_no_aborted(
    tally: Tally, sandbox: RunningSandbox, tmp_path: Path, route: str, command: tuple[str, ...]
) -> None:
    sandbox.sandbox.set_faults(f"slow;seconds=60;route={route}")
    order_id = sandbox.sandbox.order_ids("Ready")[0]
    args = [*command, *([order_id] if command[1] != "list" else [])]
    args += ["--dest", str(tmp_path)] if command[1] == "download" else []
    tally.hostile += 1
    result = interrupted(sandbox, *args, cwd=tmp_path)
    assert result.returncode == _app.INTERRUPTED == 130, result.stderr
    assert result.stderr.strip().splitlines()[-1:] == ["interrupted"], result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Aborted" not in result.stderr
    assert "Traceback" not in result.stderr
    tally.no_leak(HOSTILE_KEY, result.stdout, result.stderr)


def test_a_closed_pipe_exits_141_quietly(tally: Tally, sandbox: RunningSandbox) -> None:
    """`cubicasa orders list --json | head -1`, as a shell runs it: 300 orders are far more than a pipe holds, so
    the command is still writing when head exits."""
    tally.hostile += 1
    quoted = " ".join(f"'{part}'" for part in COMMAND)
    result = subprocess.run(
        ["bash", "-c", f"{quoted} orders list --json | head -1 >/dev/null; echo ${{PIPESTATUS[0]}}"],
        capture_output=True,
        text=True,
        env=environment(sandbox),
        timeout=120,
    )
    assert result.stdout.strip() == "141", result.stderr
    assert result.stderr == ""


def test_an_invalid_order_id_exits_2_naming_it(tally: Tally, sandbox: RunningSandbox, tmp_path: Path) -> None:
    for args in (["orders", "get", "a/b"], ["orders", "wait", "a/b"], ["orders", "upgrade", "a/b", "--add-on", "gla"]):
        tally.hostile += 1
        result = subprocess.run(
            [*COMMAND, *args], capture_output=True, text=True, env=environment(sandbox), timeout=60, cwd=tmp_path
        )
        assert result.returncode == _app.BAD_INPUT == 2, result.stderr
        assert "order id is not a valid id: 'a/b'" in result.stderr
        assert "unexpected" not in result.stderr
    assert not sandbox.sandbox.ledger

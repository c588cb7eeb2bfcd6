"""`cubicasa webhooks serve`: the real command, up to a running uvicorn, with the sync replaced by a fake.

The command runs in a child process (it serves until Ctrl-C, and uvicorn installs signal handlers), on
127.0.0.1 port 0; the test reads the address it prints, POSTs a webhook, reads the sync's log line, then sends
SIGINT and expects a graceful stop: exit 0, the fake's client closed, the counters printed.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from cubicasa_integrate.cli import cli
from tests.support import load_example, receiver_process
from tests.unit.fakes import KEY

PAYLOAD = load_example("webhook_order_status.payload.json")

# The child: the command's own entry point, with `sync_work` (the one place that imports the library's sync)
# replaced by a fake that returns a summary and records what it was given.
CHILD = """
import asyncio, sys
from pathlib import Path
from cubicasa_integrate import AsyncCubiCasa
from cubicasa_integrate.cli import _app
from cubicasa_integrate.sync import SyncSummary

def Summary():
    return SyncSummary(orders=1, files=5, new=2, unchanged=3, bytes=2_500_000, seconds=0.25)

clients = []

def sync_work(client, dest):
    assert isinstance(client, AsyncCubiCasa) and isinstance(dest, Path)
    clients.append(client)

    async def work(order_id):
        await asyncio.sleep(0)
        if order_id == "broken-order":
            raise RuntimeError("the API said \\x1b[31mno")  # a server's text, with a terminal escape
        return Summary()

    return work

_app.sync_work = sync_work
code = _app.main(sys.argv[1:])
print("client closed:", clients[0]._api.http.is_closed, flush=True)
sys.exit(code)
"""


def test_serve_runs_the_receiver_under_uvicorn_and_stops_gracefully_on_ctrl_c(tmp_path: Path) -> None:
    args = ["webhooks", "serve", "--sync-to", str(tmp_path / "mirror"), "--port", "0", "--path", "/hook"]
    env = {**os.environ, "CUBICASA_API_KEY": KEY, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("CUBICASA_BASE_URL", None)
    env.pop("CUBICASA_LOG", None)
    with receiver_process([sys.executable, "-c", CHILD, *args], env, tmp_path) as (process, url):
        assert process.stderr is not None
        assert url.endswith("/hook")
        with httpx.Client(timeout=30) as http:
            assert http.post(url, content=json.dumps(PAYLOAD)).status_code == 200
            summary = process.stderr.readline()
            assert http.post(url, content=json.dumps(PAYLOAD | {"id": "broken-order"})).status_code == 200
            failure = process.stderr.readline()
            assert http.post(url, content=b"not json").status_code == 400
            assert http.get(url).status_code == 405
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert summary == (
        f"sync of order {PAYLOAD['id']}: 1 order, 5 files: 2 new, 0 changed, 3 unchanged, 0 failed, 2.5 MB in 0.2s\n"
    )
    assert failure == "sync of order broken-order failed: RuntimeError: the API said \\x1b[31mno\n"
    assert process.returncode == 0, err
    assert out == "client closed: True\n"
    assert err == "stopped: 2 accepted, 1 refused, 0 coalesced, 2 runs, 1 failures, 0 cancelled\n"
    assert KEY not in summary + failure + out + err


def test_serve_refuses_a_relative_path(tmp_path: Path) -> None:
    """(A host beyond loopback is refused too: tests/unit/cli/test_failure_output.py.)"""
    result = CliRunner().invoke(cli, ["webhooks", "serve", "--sync-to", str(tmp_path), "--path", "hook"])
    assert result.exit_code == 2
    assert result.stderr == "error: --path must start with '/', got 'hook'\n"


def test_serve_without_an_api_key_exits_2_before_listening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CUBICASA_API_KEY", raising=False)
    result = CliRunner().invoke(cli, ["webhooks", "serve", "--sync-to", str(tmp_path), "--port", "0"])
    assert result.exit_code == 2
    assert "api" in result.output.lower()
    assert "Receiving webhooks" not in result.output

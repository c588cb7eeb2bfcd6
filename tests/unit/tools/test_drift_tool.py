"""tools/drift.py (`make drift`): refuses without a key, and replays recordings through the client's own calls."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support import ROOT
from tools import drift as tool


def test_without_a_key_it_says_so_in_one_line_and_exits_2() -> None:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)}
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "drift.py")], env=env, capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.splitlines() == ["make drift needs CUBICASA_API_KEY (a real key: it records production traffic)."]


def test_every_recorded_read_is_asked_for_again_by_the_client(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = httpx.MockTransport.handle_request

    def spy(self: httpx.MockTransport, request: httpx.Request) -> httpx.Response:
        response = real(self, request)
        asked.append(f"{request.url.path} {response.status_code}")
        return response

    monkeypatch.setattr(httpx.MockTransport, "handle_request", spy)
    recordings = sorted(Path(ROOT / "tests" / "recordings").glob("*.json"))
    tool.replay(recordings, "https://app.cubi.casa/api/integrate/v3")
    assert sorted(asked) == [
        "/api/integrate/v3/orders 200",
        "/api/integrate/v3/orders 200",
        "/api/integrate/v3/orders/312babc6-e742-4d54-ac49-e0f7b16ec15a 200",
        "/api/integrate/v3/users 200",
    ]

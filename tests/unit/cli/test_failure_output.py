"""A command that fails before it has a result prints nothing on stdout: only its one error line on stderr.

A script reading stdout (`cubicasa orders list | ...`) must not take a table header, a heading or half a
document for an answer, and a person must not see an empty table above "401 Unauthorized". Every command of
the `cubicasa` group is run here against an API that refuses the key; the table of cases is checked to cover
every command, so a new command needs a case before it can ship.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import click
import httpx
import pytest

from cubicasa_integrate.cli import _app, cli
from tests.unit.cli.support import cli_against
from tests.unit.fakes import ORDER_ID, FakeAPI

REFUSED = httpx.Response(401, json={"detail": "Missing or invalid api-key header"})
WEBHOOK = ["webhooks", "set", "--url", "https://example.com/cubicasa", "--trigger", "moved_to_ready"]

# (command path, arguments after it, exit code, what the stderr line says)
CASES: list[tuple[str, list[str], int, str]] = [
    ("orders list", [], 1, "401 Unauthorized"),
    ("orders list", ["--json"], 1, "401 Unauthorized"),
    ("orders list", ["--status", "Ready", "--limit", "3"], 1, "401 Unauthorized"),
    ("orders get", [ORDER_ID], 1, "401 Unauthorized"),
    ("orders get", [ORDER_ID, "--json"], 1, "401 Unauthorized"),
    ("orders upgrade", [ORDER_ID, "--add-on", "gla", "--yes"], 1, "401 Unauthorized"),
    ("orders upgrade", [ORDER_ID, "--add-on", "gla", "--yes", "--json"], 1, "401 Unauthorized"),
    ("orders download", [ORDER_ID, "--dest", "{tmp}"], 1, "401 Unauthorized"),
    ("orders wait", [ORDER_ID], 1, "401 Unauthorized"),
    ("orders buy", ["--add-on", "gla", "--max", "5", "--yes", "--journal", "{tmp}/j.sqlite3"], 1, "401 Unauthorized"),
    ("orders buy", ["--add-on", "gla", "--max", "5", "--json", "--dry-run"], 1, "401 Unauthorized"),
    ("orders wait", [ORDER_ID, "--json", "--until", "Fixing"], 1, "401 Unauthorized"),
    ("webhooks set", WEBHOOK[2:], 1, "401 Unauthorized"),
    ("users list", [], 1, "401 Unauthorized"),
    ("users list", ["--json", "--limit", "2"], 1, "401 Unauthorized"),
    ("users add", ["new@example.com", "--role", "User"], 1, "401 Unauthorized"),
    ("users add", ["new@example.com", "--json"], 1, "401 Unauthorized"),
    ("webhooks set", [*WEBHOOK[2:], "--json"], 1, "401 Unauthorized"),
    ("demo", ["--dest", "{tmp}"], 1, "401 Unauthorized"),
    ("sync", ["{tmp}"], 1, "401 Unauthorized"),
    ("sync", ["{tmp}", "--json", "--concurrency", "2"], 1, "401 Unauthorized"),
    ("sync", ["{tmp}", "--order", ORDER_ID], 1, "401 Unauthorized"),
    ("sandbox", ["--host", "0.0.0.0", "--port", "0"], 2, "loopback"),
    ("webhooks serve", ["--sync-to", "{tmp}", "--host", "0.0.0.0"], 2, "loopback"),
    ("drift propose", ["--from", "{tmp}/no-report.json"], 2, "cannot read the report"),
]


def commands(group: click.Group, prefix: str = "") -> Iterator[str]:
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}"


def test_every_command_has_a_failure_case() -> None:
    assert sorted(set(commands(cli))) == sorted({case[0] for case in CASES})


class _RefusingSandbox:
    """The sandbox distribution, serving as usual, but handing the demo a key the sandbox refuses."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    @contextmanager
    def serve(self) -> Iterator[Any]:
        with self._real.serve() as running:
            yield SimpleNamespace(api_key="a-key-the-sandbox-refuses", base_url=running.base_url)


@pytest.mark.parametrize(("command", "args", "code", "message"), CASES, ids=[" ".join([c[0], *c[1]]) for c in CASES])
def test_a_command_that_fails_before_its_result_prints_nothing_on_stdout(
    api: FakeAPI,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    command: str,
    args: list[str],
    code: int,
    message: str,
) -> None:
    routes = (("GET", "/orders"), ("GET", f"/orders/{ORDER_ID}"), ("PATCH", "/companies/webhook"), ("GET", "/users"))
    for route in (*routes, ("POST", "/users")):
        api.on(*route, REFUSED)
    invoke = cli_against(api, monkeypatch)
    real_sandbox = _app._sandbox()
    monkeypatch.setattr(_app, "_sandbox", lambda: _RefusingSandbox(real_sandbox))
    result = invoke(*command.split(), *(arg.format(tmp=tmp_path) for arg in args))
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert message in result.stderr.splitlines()[-1]


def test_a_listing_that_finds_no_orders_still_prints_its_header_and_count(
    api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: the header waits for the first page, not for the first order."""
    api.on("GET", "/orders", httpx.Response(200, json={"pagination": {"has_more": False}, "items": []}))
    result = cli_against(api, monkeypatch)("orders", "list")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split()[:2] == ["ID", "STATUS"]
    assert result.stdout.splitlines()[-1] == "0 orders"

"""The `cubicasa` command in a hostile world: what servers say reaches the terminal as text, the api-key never
reaches the output nor asset storage, and the exit code tells a retrying wrapper the truth about a purchase.

Server texts come from a fake API (tests.unit.fakes) where the text must be chosen; purchases, faults, asset
downloads and a closed stdout use a sandbox over loopback, whose ledger says what was really bought.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from cubicasa_integrate import _retries
from cubicasa_integrate.cli import _app, cli
from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import checked_sandbox
from tests.reliability.conftest import FreshOrders
from tests.reliability.tally import HOSTILE_KEY, Tally
from tests.unit.cli.support import cli_against
from tests.unit.fakes import ORDER_ID, FakeAPI, order_json

RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066")
HOSTILE_TEXTS = [
    "12 [/bold] St",
    "[/red] nope",
    "[gla, 3d]",
    "[link=https://evil.example]click[/link]",
    ":warning: [blink]x",
    "\x1b[2J\x1b[H wiped",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]0;new title\x07",
    "\x9b31m 8-bit CSI",
    "invoice\u202efdp.exe",
    "\u2066isolate",
    "two\nlines\r\nthree",
    f"the key {HOSTILE_KEY} echoed",
]
FAULTS = ["drop_after", "drop_during", "truncate", "503;times=1", "html_502", "drop_before", "429;retry_after=0"]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with checked_sandbox(api_key=HOSTILE_KEY, orders=80, seed=23) as running:
        yield running


@pytest.fixture
def api() -> FakeAPI:
    return FakeAPI()


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_retries, "sleep", lambda seconds: None)


def against(sandbox: RunningSandbox, *args: str) -> Result:
    env = {"CUBICASA_API_KEY": sandbox.api_key, "CUBICASA_BASE_URL": sandbox.base_url}
    return CliRunner().invoke(cli, ["--max-retries", "1", *args], env=env, catch_exceptions=False)


def assert_terminal_safe(tally: Tally, secret: str, result: Result) -> None:
    tally.no_leak(secret, result.stdout, result.stderr)
    for output in (result.stdout, result.stderr):
        assert not any(raw in output for raw in RAW), repr(output)
        assert "Traceback" not in output


def test_hostile_server_text_is_shown_as_text_everywhere(
    tally: Tally, api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke = cli_against(api, monkeypatch)
    for text in HOSTILE_TEXTS:
        order = order_json()
        order["address"]["full_address"] = text
        api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order))
        api.on("GET", "/orders", httpx.Response(200, json={"pagination": {"has_more": False}, "items": [order]}))
        api.on(
            "PATCH", "/companies/webhook", httpx.Response(200, json={"webhook_urls": [text], "webhook_triggers": []})
        )
        for args in (
            ("orders", "get", ORDER_ID),
            ("orders", "get", ORDER_ID, "--json"),
            ("orders", "list"),
            ("orders", "list", "--json"),
            ("webhooks", "set", "--url", "https://hooks.example/x", "--trigger", "moved_to_ready"),
        ):
            with tally.no_escape():
                result = invoke(*args, key=HOSTILE_KEY)
            assert result.exit_code == 0, (args, result.output)
            assert_terminal_safe(tally, HOSTILE_KEY, result)


def test_hostile_error_texts_are_one_line_each(tally: Tally, api: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    invoke = cli_against(api, monkeypatch)
    for text in HOSTILE_TEXTS:
        for status in (400, 401, 404, 422, 500):
            api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(status, json={"detail": text}))
            with tally.no_escape():
                result = invoke("--max-retries", "0", "orders", "get", ORDER_ID, key=HOSTILE_KEY)
            assert result.exit_code == 1, result.output
            assert len(result.stderr.splitlines()) == 1, result.stderr
            assert result.stderr.startswith("error: ")
            assert_terminal_safe(tally, HOSTILE_KEY, result)


def test_a_purchase_the_api_confirmed_exits_0_whatever_the_order_says(
    tally: Tally, api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke = cli_against(api, monkeypatch)
    purchase = f"/orders/{ORDER_ID}/post-purchase"
    for text in HOSTILE_TEXTS:
        order = order_json()
        order["address"]["full_address"] = text
        api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order))
        api.on("POST", purchase, httpx.Response(200, json=order))
        for json_flag in ((), ("--json",)):
            before = len(api.calls("POST", purchase))
            with tally.no_escape():
                args = ("orders", "upgrade", ORDER_ID, "--add-on", "3d_cad_files", "--yes", *json_flag)
                result = invoke(*args, key=HOSTILE_KEY)
            tally.truthful_purchase(
                "bought" if result.exit_code == 0 else "failed", len(api.calls("POST", purchase)) - before
            )
            assert_terminal_safe(tally, HOSTILE_KEY, result)


def test_cli_purchases_under_faults_exit_with_the_truth(tally: Tally, sandbox: RunningSandbox) -> None:
    pairs = FreshOrders(sandbox).purchasable()
    for fault in FAULTS:
        order_id, add_on = next(pairs)
        before = len(sandbox.sandbox.purchases(order_id))
        sandbox.sandbox.set_faults(f"{fault};route=upgradeOrder")
        try:
            with tally.no_escape():
                result = against(sandbox, "orders", "upgrade", order_id, "--add-on", add_on, "--yes")
        finally:
            sandbox.sandbox.clear_faults()
        tally.calls += 1
        tally.faults.add(fault)
        applied = len(sandbox.sandbox.purchases(order_id)) - before
        if result.exit_code == 0:
            outcome = "bought"
        elif result.exit_code == 1 and "may or may not have been applied" in result.stderr:
            outcome = "unknown"
        else:
            assert result.exit_code == 1, (fault, result.output)
            outcome = "failed"
        tally.truthful_purchase(outcome, applied)
        tally.purchases_applied += applied
        assert_terminal_safe(tally, HOSTILE_KEY, result)


def test_asset_downloads_never_carry_the_key(
    tally: Tally, sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sent: list[httpx.Request] = []
    real = _app.asset_client

    def recording(timeout: float) -> httpx.Client:
        client = real(timeout)
        client.event_hooks["request"].append(sent.append)  # every hop, redirects included, as sent
        return client

    monkeypatch.setattr(_app, "asset_client", recording)
    order_id = sandbox.sandbox.order_ids("Ready")[0]
    result = against(sandbox, "orders", "download", order_id, "--dest", str(tmp_path))
    assert result.exit_code == 0, result.output
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files
    assert len(sent) >= len(files)
    for request in sent:
        tally.no_leak(HOSTILE_KEY, request.url, *request.headers.values())
    assert_terminal_safe(tally, HOSTILE_KEY, result)


def run_with_closed_stdout(sandbox: RunningSandbox, *args: str) -> subprocess.CompletedProcess[str]:
    """`cubicasa ARGS` whose stdout reader has gone (as `| head` does once it has enough): every write to
    stdout fails with EPIPE, deterministically, because the read end is closed before the command starts."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {
        **os.environ,
        "CUBICASA_API_KEY": sandbox.api_key,
        "CUBICASA_BASE_URL": sandbox.base_url,
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    command = [sys.executable, "-c", "from cubicasa_integrate.cli import main; raise SystemExit(main())", *args]
    try:
        return subprocess.run(command, stdout=write_end, stderr=subprocess.PIPE, text=True, env=env, timeout=60)
    finally:
        os.close(write_end)


def test_a_closed_stdout_is_no_traceback_and_a_purchase_still_exits_0(tally: Tally, sandbox: RunningSandbox) -> None:
    listed = run_with_closed_stdout(sandbox, "orders", "list", "--limit", "3")
    tally.hostile += 1
    assert listed.returncode == 141  # 128 + SIGPIPE, quietly, as other Unix tools do (0.5.0: 1, "a file failed")
    assert listed.stderr == ""

    order_id, add_on = next(FreshOrders(sandbox).purchasable())
    before = len(sandbox.sandbox.purchases(order_id))
    tally.calls += 1
    bought = run_with_closed_stdout(sandbox, "orders", "upgrade", order_id, "--add-on", add_on, "--yes", "--json")
    applied = len(sandbox.sandbox.purchases(order_id)) - before
    tally.purchases_applied += applied
    tally.truthful_purchase("bought" if bought.returncode == 0 else "failed", applied)
    assert bought.stderr.splitlines()[-2:] == [
        f"Bought. Order {order_id}: add-on {add_on}.",
        "warning: bought, but the order could not be shown: BrokenPipeError: [Errno 32] Broken pipe",
    ]
    tally.no_leak(HOSTILE_KEY, listed.stderr, bought.stderr)


def test_declining_or_interrupting_the_prompt_buys_nothing_and_exits_3(tally: Tally, sandbox: RunningSandbox) -> None:
    env = {"CUBICASA_API_KEY": sandbox.api_key, "CUBICASA_BASE_URL": sandbox.base_url}
    order_id, add_on = next(FreshOrders(sandbox).purchasable())
    for answer in ("n\n", "no\n", "\n", ""):
        before = len(sandbox.sandbox.purchases(order_id))
        with tally.no_escape():
            result = CliRunner().invoke(
                cli, ["orders", "upgrade", order_id, "--add-on", add_on], input=answer, env=env, catch_exceptions=False
            )
        assert result.exit_code == 3, result.output
        tally.truthful_purchase("failed", len(sandbox.sandbox.purchases(order_id)) - before)
        assert_terminal_safe(tally, HOSTILE_KEY, result)

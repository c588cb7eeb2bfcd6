"""`cubicasa orders buy`, `cubicasa users` and the refusal of unknown values, run against the sandbox (issue 25,
findings 2 and 3). Before: no `orders buy`, no `users` command, and `orders list --status Bogus` printed "0 orders"
and exited 0."""

# ruff: noqa: F811 - the sandbox fixtures of test_batch are imported, and named by the tests' parameters

from __future__ import annotations

import io
import json
from itertools import islice
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rich.console import Console

from cubicasa_integrate.cli import _app, _batch, cli
from cubicasa_integrate.cli._render import ELLIPSIS, print_order_rows, print_rows
from cubicasa_sandbox import RunningSandbox
from tests.e2e.test_batch import lacking_gla, ledger_orders, running, served, watched  # noqa: F401 (fixtures)

BUY = ["orders", "buy", "--status", "Ready", "--add-on", "gla"]


def invoke(sandbox: RunningSandbox, *args: str, input: str | None = None) -> Result:
    env = {"CUBICASA_API_KEY": sandbox.api_key, "CUBICASA_BASE_URL": sandbox.base_url}
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


def test_a_dry_run_prints_the_plan_and_buys_nothing(running: RunningSandbox, tmp_path: Path) -> None:
    journal = tmp_path / "j.sqlite3"
    result = invoke(running, *BUY, "--max", "3", "--dry-run", "--journal", str(journal))
    assert result.exit_code == 0, result.output
    planned = [line.split()[1] for line in result.stderr.splitlines() if line.startswith("buy ")]
    assert planned == lacking_gla(running)[:3]
    assert "skip      312babc6-e742-4d54-ac49-e0f7b16ec15a  gla: already has it" in result.stderr
    assert "Plan: 3 purchases (at most 3)" in result.stderr
    assert "over --max" in result.stderr
    assert "Dry run: nothing was sent, nothing was written." in result.stderr
    assert watched(running).posts == []
    assert not journal.exists()


def test_without_a_terminal_and_without_yes_it_refuses_before_anything(running: RunningSandbox, tmp_path: Path) -> None:
    result = invoke(running, *BUY, "--max", "3", "--journal", str(tmp_path / "j"))
    assert result.exit_code == _app.BAD_INPUT
    assert "refusing to buy without confirmation: stdin is not a terminal" in result.stderr
    assert "pass --yes" in result.stderr
    assert watched(running).posts == []


@pytest.mark.parametrize(("answer", "code", "bought"), [("n\n", 3, 0), ("", 3, 0), ("y\n", 0, 2)])
def test_at_the_prompt_yes_buys_the_plan_and_no_buys_nothing(
    running: RunningSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str, code: int, bought: int
) -> None:
    monkeypatch.setattr(_batch, "interactive", lambda: True)
    result = invoke(running, *BUY, "--max", "2", "--journal", str(tmp_path / "j"), input=answer)
    assert result.exit_code == code, result.output
    assert "Buy 2 purchases? Each is charged to the company account" in result.stderr
    assert len(running.sandbox.ledger) == bought
    if bought:
        assert "2 bought, " in result.stderr
        assert sorted(line.split()[1] for line in result.stdout.splitlines()) == sorted(ledger_orders(running))
    else:
        assert "declined: nothing was bought." in result.stderr


def test_json_prints_one_line_per_outcome_and_the_summary_last(running: RunningSandbox, tmp_path: Path) -> None:
    result = invoke(running, *BUY, "--max", "4", "--yes", "--json", "--journal", str(tmp_path / "j"))
    assert result.exit_code == 0, result.output
    *outcomes, summary = [json.loads(line) for line in result.stdout.splitlines()]
    assert {o["order_id"] for o in outcomes} == set(running.sandbox.order_ids("Ready"))
    assert {o["order_id"] for o in outcomes if o["outcome"] == "bought"} == set(ledger_orders(running))
    assert summary["event"] == "summary"
    assert summary["bought"] == 4


def test_a_purchase_in_doubt_exits_1_and_says_to_rerun(running: RunningSandbox, tmp_path: Path) -> None:
    journal = tmp_path / "j"
    running.sandbox.set_faults("503;route=upgradeOrder;times=1")
    result = invoke(running, *BUY, "--max", "1", "--yes", "--journal", str(journal))
    assert result.exit_code == _app.FAILED, result.output
    assert "IN DOUBT" in result.stdout
    assert "0 bought, " in result.stderr
    assert f", 1 in doubt, 0 failed. Rerun the same command (journal {journal})" in result.stderr
    rerun = invoke(running, *BUY, "--max", "1", "--yes", "--journal", str(journal))
    assert rerun.exit_code == 0, rerun.output
    assert len(running.sandbox.ledger) == 1


def test_the_default_journal_is_named_after_the_batch(
    running: RunningSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(running, *BUY, "--max", "1", "--yes")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cubicasa-buy-gla-Ready.sqlite3").is_file()
    other = invoke(running, *BUY[:-1], "3d_cad_files", "--max", "0", "--yes")
    assert other.exit_code == 0, other.output
    assert (tmp_path / "cubicasa-buy-3d_cad_files-Ready.sqlite3").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["orders", "list", "--status", "Bogus"], "unknown status 'Bogus' (known: Draft, Fixing, New, Pending, Ready)"),
        (["orders", "wait", "312babc6-e742-4d54-ac49-e0f7b16ec15a", "--until", "Done"], "unknown status 'Done'"),
        (["orders", "upgrade", "312babc6-e742-4d54-ac49-e0f7b16ec15a", "--add-on", "glaa"], "unknown add-on 'glaa'"),
        (["orders", "upgrade", "312babc6-e742-4d54-ac49-e0f7b16ec15a", "--package", "gold"], "unknown package 'gold'"),
        (
            ["orders", "buy", "--add-on", "bogus", "--max", "1", "--yes"],
            "unknown add-on 'bogus' (known: 3d_cad_files, gla)",
        ),
        (["sync", "mirror", "--status", "Redy"], "unknown status 'Redy'"),
        (["webhooks", "set", "--url", "https://example.com/h", "--trigger", "moved_to_done"], "unknown trigger"),
        (
            ["users", "add", "a@example.com", "--role", "Boss"],
            "unknown role 'Boss' (known: Collaborator, Manager, User)",
        ),
    ],
)
def test_an_unknown_value_is_refused_with_the_known_ones_before_anything_is_sent(
    running: RunningSandbox, tmp_path: Path, args: list[str], message: str
) -> None:
    responses = running.sandbox.responses_checked
    result = invoke(running, *(str(tmp_path / a) if a == "mirror" else a for a in args))
    assert result.exit_code == _app.BAD_INPUT, result.output
    assert message in result.stderr
    assert "--allow-unknown sends it anyway" in result.stderr
    assert running.sandbox.responses_checked == responses, "nothing was sent"


def test_allow_unknown_sends_the_value(running: RunningSandbox, tmp_path: Path) -> None:
    listed = invoke(running, "orders", "list", "--status", "Archived", "--allow-unknown", "--json")
    assert listed.exit_code == 0, listed.output
    bought = invoke(running, "orders", "buy", "--add-on", "floor_3d", "--max", "5", "--yes", "--allow-unknown",
                    "--journal", str(tmp_path / "j"))  # fmt: skip
    assert bought.exit_code == 0, bought.output
    assert "floor_3d: does not offer it" in bought.stderr  # the orders' purchasable lists decide, nothing is sent
    assert watched(running).posts == []


def test_users_list_and_add(running: RunningSandbox) -> None:
    table = invoke(running, "users", "list")
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[0].split() == ["EMAIL", "NAME", "ROLE", "CONFIRMED", "ID"]
    assert "tim@internet.com                  Tim Berners-Lee       Collaborator  yes" in table.stdout
    assert table.stdout.splitlines()[-1] == f"{len(running.sandbox.users)} users"
    added = invoke(running, "users", "add", "new.user@example.com", "--role", "Manager")
    assert added.exit_code == 0, added.output
    assert added.stdout.startswith("Added new.user@example.com (id ")
    assert "role Manager" in added.stdout
    lines = [json.loads(line) for line in invoke(running, "users", "list", "--json").stdout.splitlines()]
    assert {"email": "new.user@example.com", "role": "Manager"}.items() <= next(
        u for u in lines if u["email"] == "new.user@example.com"
    ).items()
    assert len(invoke(running, "users", "list", "--limit", "2", "--json").stdout.splitlines()) == 2


def terminal(width: int) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, color_system=None, width=width, soft_wrap=True), out


def test_rows_are_cut_at_the_terminal_edge_with_an_ellipsis_and_whole_in_a_pipe(running: RunningSandbox) -> None:
    from cubicasa_integrate import CubiCasa

    with CubiCasa(running.api_key, base_url=running.base_url) as client:
        orders = list(islice(client.orders.list(status=["Ready"], page_size=5), 5))
    narrow, shown = terminal(70)
    print_order_rows(narrow, orders)
    rows = shown.getvalue().splitlines()
    assert all(len(line) <= 70 for line in rows)
    assert all(line.endswith(ELLIPSIS) for line in rows[1:-1]), rows
    pipe = io.StringIO()
    print_order_rows(Console(file=pipe, soft_wrap=True, width=70), orders)
    assert all(not line.endswith(ELLIPSIS) or len(line) > 70 for line in pipe.getvalue().splitlines()[1:-1])
    assert max(len(line) for line in pipe.getvalue().splitlines()) > 70


def test_a_cell_cut_to_its_column_ends_in_an_ellipsis_counting_wide_characters() -> None:
    console, shown = terminal(200)
    print_rows(console, [("NAME", 8, 8), ("REST", 0, None)], [("東京都港区六本木", "x"), ("short", "y")], "row")
    first, second = shown.getvalue().splitlines()[1:3]
    assert first == "東京都" + ELLIPSIS + " " + "  x"  # 3 wide characters (6 cells), the ellipsis, padded to 8 cells
    assert second == "short     y"


def test_server_text_in_a_row_is_escaped(running: RunningSandbox) -> None:
    console, shown = terminal(200)
    print_rows(console, [("A", 4, 30)], [("evil\x1b]8;;http://x\x07\u202e",)], "row")
    assert "\x1b" not in shown.getvalue()
    assert "\\x1b]8;;http://x\\x07\\u202e" in shown.getvalue()

"""overrides/cubicasa_integrate/cli/_app.py: the `cubicasa` command through click's test runner."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result
from rich.progress import Progress

from cubicasa_integrate.cli import _app, cli, main
from cubicasa_integrate.cli._render import SpeedColumn, plural
from cubicasa_integrate_api.models import Order
from tests.support import as_read, load_example
from tests.unit.cli.support import cli_against
from tests.unit.fakes import KEY, ORDER_ID, FakeAPI, json_body, order_json, page_json

PURCHASE = f"/orders/{ORDER_ID}/post-purchase"


@pytest.fixture
def run(api: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Runs `cubicasa ...` against the fake API; the key comes from the environment, as users would set it."""
    invoke = cli_against(api, monkeypatch)

    def checked(*args: str, input: str | None = None, key: str | None = KEY) -> Result:
        result = invoke(*args, input=input, key=key)
        assert KEY not in result.output
        assert KEY not in result.stderr
        return result

    return checked


def test_help_needs_no_key(run: Any) -> None:
    result = run("--help", key=None)
    assert result.exit_code == 0
    assert "orders" in result.output


def test_orders_list_prints_a_row_per_order(api: FakeAPI, run: Any) -> None:
    second = order_json(status="Pending")
    second["id"] = "order-2"
    api.on("GET", "/orders", httpx.Response(200, json=page_json([order_json(), second], has_more=False)))
    result = run("orders", "list", "--status", "Ready", "--status", "Pending")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "PACKAGE", "ADD-ONS", "CREATED", "(UTC)", "ADDRESS"]
    assert lines[1].split()[:4] == [ORDER_ID, "Ready", "plus", "gla"]
    assert lines[2].split()[:2] == ["order-2", "Pending"]
    assert lines[3] == "2 orders"
    assert api.requests[0].url.params.get_list("status") == ["Ready", "Pending"]


def test_orders_list_json_and_limit(api: FakeAPI, run: Any) -> None:
    items = [{**order_json(), "id": f"o-{n}"} for n in range(5)]
    api.on("GET", "/orders", httpx.Response(200, json=page_json(items, has_more=True, next_offset=5)))
    result = run("orders", "list", "--json", "--limit", "3")
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["o-0", "o-1", "o-2"]
    assert len(api.requests) == 1


def test_orders_get(api: FakeAPI, run: Any) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    shown = run("orders", "get", ORDER_ID)
    as_json = run("orders", "get", ORDER_ID, "--json")
    assert shown.exit_code == as_json.exit_code == 0
    assert "can buy add-ons 3d_cad_files" in " ".join(shown.stdout.split())
    assert "13 (cad_files" in " ".join(shown.stdout.split())
    assert json.loads(as_json.stdout) == as_read(Order, order_json())


def test_upgrade_shows_what_will_be_bought_and_asks(api: FakeAPI, run: Any) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    api.on("POST", PURCHASE, httpx.Response(200, json=order_json()))
    declined = run("orders", "upgrade", ORDER_ID, "--add-on", "3d_cad_files", input="n\n")
    assert declined.exit_code == 3
    assert "buying add-on 3d_cad_files" in declined.stderr
    assert api.calls("POST", PURCHASE) == []

    accepted = run("orders", "upgrade", ORDER_ID, "--add-on", "3d_cad_files", input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert "Bought." in accepted.stderr
    assert json_body(api.calls("POST", PURCHASE)[0]) == {"package_type": None, "add_ons": ["3d_cad_files"]}


def test_upgrade_refuses_what_is_not_offered_before_asking_and_force_sends_it(api: FakeAPI, run: Any) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    api.on("POST", PURCHASE, httpx.Response(200, json=order_json()))
    unknown = run("orders", "upgrade", ORDER_ID, "--add-on", "glaa", "--package", "base", "--yes")
    assert unknown.exit_code == 2  # a typo is refused before the order is even read (issue 25, finding 3)
    assert "unknown add-on 'glaa' (known: 3d_cad_files, gla); --allow-unknown sends it anyway" in unknown.stderr
    assert api.requests == []
    refused = run("orders", "upgrade", ORDER_ID, "--add-on", "glaa", "--package", "base", "--yes", "--allow-unknown")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("error: order ")
    assert "does not offer glaa, package base; nothing was sent" in refused.stderr
    assert "It offers: 3d_cad_files, package plus_3d, package plus." in refused.stderr
    assert api.calls("POST", PURCHASE) == []
    forced = run(
        "orders", "upgrade", ORDER_ID, "--add-on", "glaa", "--package", "base", "--yes", "--force", "--json",
        "--allow-unknown",
    )  # fmt: skip
    assert forced.exit_code == 0, forced.output
    assert json_body(api.calls("POST", PURCHASE)[0]) == {"package_type": "base", "add_ons": ["glaa"]}
    assert "Bought. Order" in forced.stderr
    assert json.loads(forced.stdout)["id"] == ORDER_ID


@pytest.mark.parametrize("as_json", [(), ("--json",)])
def test_upgrade_of_what_the_order_has_buys_nothing_says_so_and_exits_0(api: FakeAPI, run: Any, as_json: Any) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))  # it has gla
    api.on("POST", PURCHASE, httpx.Response(200, json=order_json()))
    result = run("orders", "upgrade", ORDER_ID, "--add-on", "gla", *as_json)  # no --yes: nothing to confirm
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Nothing bought: order {ORDER_ID} already has gla.\n"
    assert ORDER_ID in result.stdout
    assert api.calls("POST", PURCHASE) == []


def test_upgrade_of_partly_owned_add_ons_buys_the_rest_and_names_what_it_left_out(api: FakeAPI, run: Any) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    api.on("POST", PURCHASE, httpx.Response(200, json=order_json()))
    result = run("orders", "upgrade", ORDER_ID, "--add-on", "gla", "--add-on", "3d_cad_files", "--yes")
    assert result.exit_code == 0, result.output
    assert "buying add-on 3d_cad_files (it already has gla: not bought again)" in " ".join(result.stderr.split())
    assert f"Bought. Order {ORDER_ID}: add-on 3d_cad_files." in result.stderr
    assert json_body(api.calls("POST", PURCHASE)[0]) == {"package_type": None, "add_ons": ["3d_cad_files"]}


@pytest.mark.parametrize("command", [("get",), ("wait",), ("download", "--dest", "d"), ("upgrade", "--add-on", "gla")])
def test_an_invalid_order_id_is_bad_input_naming_the_id(api: FakeAPI, run: Any, command: tuple[str, ...]) -> None:
    result = run("orders", command[0], "a/b", *command[1:])
    assert result.exit_code == 2
    assert "order id is not a valid id: 'a/b'" in result.stderr
    assert "unexpected" not in result.stderr
    assert api.requests == []


def test_an_invalid_order_id_for_sync_is_bad_input_naming_the_id(api: FakeAPI, run: Any, tmp_path: Path) -> None:
    result = run("sync", str(tmp_path / "dest"), "--order", "a/b")
    assert result.exit_code == 2
    assert "order id is not a valid id: 'a/b'" in result.stderr
    assert "unexpected" not in result.stderr
    assert api.requests == []


def test_help_shows_the_exit_code_table(run: Any) -> None:
    shown = " ".join(run("--help", key=None).stdout.split())
    for code, meaning in _app.EXIT_CODES:
        assert f"{code} {meaning}" in shown


def test_upgrade_needs_something_to_buy(run: Any) -> None:
    result = run("orders", "upgrade", ORDER_ID)
    assert result.exit_code == 2
    assert "nothing to buy" in result.stderr


def test_upgrade_with_an_unknown_outcome_explains_how_to_check(api: FakeAPI, run: Any) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    api.on("POST", PURCHASE, httpx.Response(502, content=b"<html>"))
    result = run("orders", "upgrade", ORDER_ID, "--add-on", "3d_cad_files", "--yes")
    assert result.exit_code == 1
    assert "may or may not have been applied" in result.stderr
    assert "Traceback" not in result.output
    assert len(api.calls("POST", PURCHASE)) == 1


def test_download(api: FakeAPI, run: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = order_json()
    data["delivery_assets"] = {"gla_package": {"report_urls": ["https://files.example/r.pdf"]}}
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=data))
    files = httpx.MockTransport(lambda r: httpx.Response(200, content=b"%PDF", headers={"content-length": "4"}))
    monkeypatch.setattr(_app, "asset_client", lambda timeout: httpx.Client(transport=files))
    first = run("orders", "download", ORDER_ID, "--dest", str(tmp_path))
    again = run("orders", "download", ORDER_ID, "--dest", str(tmp_path))
    assert first.exit_code == again.exit_code == 0, first.output
    [report] = (tmp_path / data["id"] / "gla_package" / "report_urls").glob("r-*.pdf")
    assert report.read_bytes() == b"%PDF"
    assert "1 file in" in first.stderr
    assert "1 downloaded" in first.stderr
    assert "?" not in first.stderr  # a file that came in one chunk has no speed: blank, not rich's "?"
    assert "1 skipped" in again.stderr


def test_webhooks_set(api: FakeAPI, run: Any) -> None:
    config = load_example("update_company_webhooks.response.json")
    api.on("PATCH", "/companies/webhook", httpx.Response(200, json=config))
    args = ["webhooks", "set", "--url", config["webhook_urls"][0], "--url", config["webhook_urls"][1]]
    result = run(*args, "--trigger", "moved_to_ready", "--trigger", "moved_to_fixing")
    assert result.exit_code == 0
    assert "triggers: moved_to_ready, moved_to_fixing" in result.stdout
    assert json_body(api.requests[0]) == load_example("update_company_webhooks.request.json")
    as_json = run(*args, "--trigger", "moved_to_ready", "--json")
    assert json.loads(as_json.stdout) == config


def test_webhooks_set_rejects_a_bad_url_as_usage(run: Any) -> None:
    result = run("webhooks", "set", "--url", "ftp://x", "--trigger", "moved_to_ready")
    assert result.exit_code == 2
    assert "absolute http(s)" in result.stderr


@pytest.mark.parametrize(
    ("reply", "code", "message"),
    [
        (httpx.Response(401, json={"detail": f"bad key {KEY}"}), 1, "401 Unauthorized"),
        (httpx.Response(404, json={}), 1, "404 Not Found"),
        (httpx.ConnectError("connection refused"), 1, "connection refused"),
    ],
)
def test_expected_failures_are_one_line_errors(api: FakeAPI, run: Any, reply: Any, code: int, message: str) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", reply)
    result = run("--max-retries", "0", "orders", "get", ORDER_ID)
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output


def test_missing_key_and_unsafe_base_url_are_usage_errors(run: Any) -> None:
    missing = run("orders", "get", ORDER_ID, key=None)
    assert missing.exit_code == 2
    assert "no API key" in missing.stderr
    insecure = run("--base-url", "http://api.example.com/v3", "orders", "get", ORDER_ID)
    assert insecure.exit_code == 2
    assert "clear text" in insecure.stderr


def test_main_returns_the_exit_code(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("CUBICASA_API_KEY", raising=False)
    assert main(["--help"]) == 0
    assert main(["orders", "get", "x"]) == 2
    assert main(["no-such-command"]) == 2
    assert "no API key" in capsys.readouterr().err


def test_sandbox_flag_runs_a_command_against_an_embedded_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUBICASA_API_KEY", "a-production-key-that-must-not-be-used")
    result = CliRunner().invoke(cli, ["--sandbox", "orders", "list", "--limit", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2


def test_sandbox_command_serves_until_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    sandbox = _app._sandbox()
    monkeypatch.setattr(sandbox, "run_forever", lambda *args, **kwargs: calls.append((args, kwargs)))
    result = CliRunner().invoke(cli, ["sandbox", "--port", "0", "--orders", "7", "--fault", "503;times=1"])
    assert result.exit_code == 0, result.output
    signed = CliRunner().invoke(cli, ["sandbox", "--port", "0", "--signed-asset-urls"])
    assert signed.exit_code == 0, signed.output
    evolved = CliRunner().invoke(cli, ["sandbox", "--port", "0", "--evolved-api"])
    assert evolved.exit_code == 0, evolved.output
    defaults = {"log_level": "warning", "api_key": "sandbox-key", "orders": 45, "seed": 0, "faults": ()}
    assert calls == [
        (
            ("127.0.0.1", 0),
            {**defaults, "orders": 7, "faults": ("503;times=1",), "signed_asset_urls": False, "evolved_api": False},
        ),
        (("127.0.0.1", 0), {**defaults, "signed_asset_urls": True, "evolved_api": False}),
        (("127.0.0.1", 0), {**defaults, "signed_asset_urls": False, "evolved_api": True}),
    ]


def test_sandbox_command_refuses_a_public_address() -> None:
    result = CliRunner().invoke(cli, ["sandbox", "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 2
    assert "loopback" in result.stderr


@pytest.mark.parametrize(
    "args", [["--sandbox", "orders", "list"], ["demo", "--dest", "unused"], ["sandbox", "--port", "0"]]
)
def test_without_the_sandbox_distribution_the_install_command_is_one_stderr_line(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setitem(sys.modules, "cubicasa_sandbox", None)  # what `import` meets when it is not installed
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: the sandbox is not installed (cubicasa_sandbox is missing): pip install cubicasa-sandbox\n"
    )
    assert result.stdout == ""


def test_demo_runs_in_process(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "--dest", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Purchases of this order in the sandbox's ledger: 1" in result.stdout
    assert any(p.suffix == ".pdf" for p in tmp_path.rglob("*"))
    assert "4. Keep a mirror in step" in result.stdout
    assert " 0 new, 10 changed, 2 unchanged, 0 failed" in result.stdout  # the fix re-renders the 10 floor plans


def test_the_speed_column_shows_a_measured_speed() -> None:
    now = [0.0]
    progress = Progress(get_time=lambda: now[0])
    task_id = progress.add_task("plan.pdf", total=4000)
    column = SpeedColumn()
    assert column.render(progress.tasks[0]).plain == ""
    for second, done in ((1.0, 500), (2.0, 1500)):
        now[0] = second
        progress.update(task_id, completed=done)
    assert column.render(progress.tasks[0]).plain == "1.0 kB/s"


@pytest.mark.parametrize(("count", "expected"), [(0, "0 files"), (1, "1 file"), (12, "12 files")])
def test_plural(count: int, expected: str) -> None:
    assert plural(count, "file") == expected


def test_orders_wait_shows_the_order_once_it_is_ready(api: FakeAPI, run: Any, sleeps: list[float]) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json(status="Pending")),
           httpx.Response(200, json=order_json(status="Ready")))  # fmt: skip
    result = run("orders", "wait", ORDER_ID, "--json", "--interval", "2")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["info"]["status"] == "Ready"
    assert len(sleeps) == 1
    assert 1.6 <= sleeps[0] <= 2.4


def test_orders_wait_that_gives_up_exits_4_with_one_line_and_nothing_on_stdout(
    api: FakeAPI, run: Any, monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    from cubicasa_integrate import _retries

    monkeypatch.setattr(_retries, "monotonic", lambda: sum(sleeps))
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json(status="Pending")))
    result = run("orders", "wait", ORDER_ID, "--until", "Ready", "--until", "Fixing", "--timeout", "60")
    assert result.exit_code == _app.WAIT_TIMED_OUT == 4
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: order {ORDER_ID} did not reach Ready or Fixing within 60 s ({len(api.requests)} reads; last status:"
        " Pending)"
    ]

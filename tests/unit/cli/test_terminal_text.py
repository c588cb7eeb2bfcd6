"""What the server says reaches the terminal as text: never markup, never control sequences, never the api-key.

And the exit codes a retrying wrapper relies on: a purchase that happened exits 0 whatever happens afterwards,
a declined purchase exits 3, and an unexpected failure is one line on stderr with exit 1, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from rich.console import Console

from cubicasa_integrate.cli import _app
from tests.support import ROOT
from tests.unit.cli.support import Interrupted, Invoke, cli_against
from tests.unit.fakes import KEY, ORDER_ID, FakeAPI, order_json

PURCHASE = f"/orders/{ORDER_ID}/post-purchase"
ORDER = f"/orders/{ORDER_ID}"

# Texts a hostile or broken server may send: rich markup that crashes, markup that vanishes or injects a link,
# and terminal escapes (clear screen, OSC 8 hyperlink, a title change, an 8-bit CSI, a right-to-left override).
MARKUP = ["12 [/bold] St", "[/red] no", "[gla, 3d]", "[link=https://evil.example]click[/link]", ":warning: [bold]x"]
ESCAPES = [
    "\x1b[2J\x1b[H wiped",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]0;title\x07",
    "\x9b31m",
    "a\u202eb",
]
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.fixture
def run(api: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    return cli_against(api, monkeypatch)


def with_address(text: str) -> dict[str, Any]:
    order = order_json()
    order["address"]["full_address"] = text
    return order


def selling(api: FakeAPI, order: dict[str, Any]) -> None:
    """The fake API shows `order` and sells anything for it, answering `order` again."""
    api.on("GET", ORDER, httpx.Response(200, json=order))
    api.on("POST", PURCHASE, httpx.Response(200, json=order))


def break_rendering(monkeypatch: pytest.MonkeyPatch, message: str) -> None:
    def broken(*args: Any) -> None:
        raise RuntimeError(message)

    monkeypatch.setattr(_app, "print_order", broken)


def assert_clean(*outputs: str) -> None:
    for output in outputs:
        assert not any(raw in output for raw in RAW), repr(output)
        assert "Traceback" not in output
        assert KEY not in output


@pytest.mark.parametrize("address", MARKUP)
def test_markup_in_server_text_is_printed_literally(api: FakeAPI, run: Invoke, address: str) -> None:
    api.on("GET", ORDER, httpx.Response(200, json=with_address(address)))
    api.on(
        "GET",
        "/orders",
        httpx.Response(200, json={"pagination": {"has_more": False}, "items": [with_address(address)]}),
    )
    shown = run("orders", "get", ORDER_ID)
    listed = run("orders", "list")
    assert shown.exit_code == listed.exit_code == 0, shown.output
    assert address in shown.stdout
    assert address in listed.stdout
    assert "\x1b]8;" not in shown.stdout + listed.stdout  # no hyperlink


@pytest.mark.parametrize("address", ESCAPES)
def test_control_characters_in_server_text_are_shown_escaped(api: FakeAPI, run: Invoke, address: str) -> None:
    api.on("GET", ORDER, httpx.Response(200, json=with_address(address)))
    shown = run("orders", "get", ORDER_ID)
    as_json = run("orders", "get", ORDER_ID, "--json")
    assert shown.exit_code == as_json.exit_code == 0
    assert_clean(shown.stdout, as_json.stdout)
    assert "\\x1b" in shown.stdout or "\\x9b" in shown.stdout or "\\u202e" in shown.stdout
    assert json.loads(as_json.stdout)["address"]["full_address"] == address  # JSON escapes, the value is intact


@pytest.mark.parametrize("detail", [*MARKUP, *ESCAPES, "two\nlines"])
def test_error_texts_are_one_line_of_text(api: FakeAPI, run: Invoke, detail: str) -> None:
    api.on("GET", ORDER, httpx.Response(404, json={"detail": detail}))
    result = run("orders", "get", ORDER_ID)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert_clean(result.stderr)
    if detail in MARKUP:
        assert detail in result.stderr


@pytest.mark.parametrize("address", [*MARKUP, *ESCAPES])
def test_a_purchase_that_happened_exits_0_whatever_the_order_says(api: FakeAPI, run: Invoke, address: str) -> None:
    selling(api, with_address(address))
    result = run("orders", "upgrade", ORDER_ID, "--add-on", "3d_cad_files", "--yes")
    assert result.exit_code == 0, result.output
    assert f"Bought. Order {ORDER_ID}" in result.stderr
    assert_clean(result.stdout, result.stderr)
    assert len(api.calls("POST", PURCHASE)) == 1


def test_a_purchase_whose_rendering_fails_still_exits_0_with_one_line(
    api: FakeAPI, run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_rendering(monkeypatch, f"renderer fell over with {KEY}")
    selling(api, order_json())
    result = run("orders", "upgrade", ORDER_ID, "--add-on", "3d_cad_files", "--yes")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[-2].startswith(f"Bought. Order {ORDER_ID}")
    assert lines[-1].startswith("warning: bought, but the order could not be shown: RuntimeError: renderer fell over")
    assert_clean(result.output, result.stderr)


@pytest.mark.parametrize("answer", ["n\n", "\n", "", Interrupted()], ids=["no", "default", "eof", "ctrl-c"])
def test_declining_the_purchase_exits_3_and_buys_nothing(api: FakeAPI, run: Invoke, answer: Any) -> None:
    selling(api, order_json())
    result = run("orders", "upgrade", ORDER_ID, "--add-on", "3d_cad_files", input=answer)
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines()[-1] == "declined: nothing was bought."
    assert api.calls("POST", PURCHASE) == []


def test_the_declined_exit_code_is_the_one_the_docs_document() -> None:
    """A wrapper is written against the docs (docs/errors.md, "Exit codes"): the code must be the documented one,
    and the docs must say it is reserved for this (no other failure exits with it)."""
    readme = " ".join((ROOT / "docs" / "errors.md").read_text(encoding="utf-8").split())
    assert f"| {_app.DECLINED} | a purchase declined at the prompt (no, Ctrl-C or end of input)" in readme
    assert "exits with one of these codes (also in `cubicasa --help`), the same for every command" in readme
    for code, _meaning in _app.EXIT_CODES:  # the docs' table has a row for every code the command uses
        assert f"| {code} |" in readme
    assert f"- {_app.DECLINED} a purchase was declined at the prompt" in (_app.__doc__ or "")
    assert _app.DECLINED not in (0, 1, 2)


def test_an_unexpected_failure_is_one_line_without_the_key(
    api: FakeAPI, run: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_rendering(monkeypatch, f"something odd [/red] \x1b[2J with {KEY}")
    api.on("GET", ORDER, httpx.Response(200, json=order_json()))
    result = run("orders", "get", ORDER_ID)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: unexpected RuntimeError: something odd [/red] \\x1b[2J with <redacted>"
    ]
    assert_clean(result.output, result.stderr)


def test_the_key_echoed_by_the_server_is_never_printed(api: FakeAPI, run: Invoke) -> None:
    echoed = with_address(f"key is {KEY}")
    echoed["info"]["external_id"] = KEY
    api.on("GET", ORDER, httpx.Response(200, json=echoed))
    api.on("GET", "/orders", httpx.Response(200, json={"pagination": {"has_more": False}, "items": [echoed]}))
    outputs = [run("orders", "get", ORDER_ID), run("orders", "get", ORDER_ID, "--json"), run("orders", "list")]
    for result in outputs:
        assert result.exit_code == 0
        assert_clean(result.stdout, result.stderr)
    assert "key is <redacted>" in outputs[0].stdout


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("[bold]plan.pdf", "[bold]plan.pdf"),  # names have no "/" (the rest of the URL is not shown)
        ("[link=mailto:a@e.example]x.pdf", "[link=mailto:a@e.example]x.pdf"),
        ("\x9b2Jplan.pdf", "\\x9b2Jplan.pdf"),
        ("fdp.\u202eexe", "fdp.\\u202eexe"),
    ],
)
def test_download_progress_shows_file_names_as_text(
    api: FakeAPI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, shown: str
) -> None:
    # A terminal, so that the progress bars are really drawn (rich draws nothing into a pipe).
    monkeypatch.setattr(_app, "stderr", Console(stderr=True, force_terminal=True, width=200))
    data = order_json()
    data["delivery_assets"] = {"gla_package": {"report_urls": [f"https://files.example/{name}"]}}
    api.on("GET", ORDER, httpx.Response(200, json=data))
    files = httpx.MockTransport(lambda r: httpx.Response(200, content=b"%PDF", headers={"content-length": "4"}))
    result = cli_against(api, monkeypatch, files)("orders", "download", ORDER_ID, "--dest", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"gla_package/{shown}" in result.stderr
    for injected in ("\x9b", "\u202e", "\x1b]8;"):
        assert injected not in result.stderr


def test_an_asset_url_the_http_client_refuses_is_one_line(api: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    data = order_json()
    data["delivery_assets"] = {"gla_package": {"report_urls": ["https://files.example/\x1b[2Jplan.pdf"]}}
    api.on("GET", ORDER, httpx.Response(200, json=data))
    files = httpx.MockTransport(lambda r: httpx.Response(200, content=b"%PDF"))
    result = cli_against(api, monkeypatch, files)("orders", "download", ORDER_ID, "--dest", "unused")
    assert result.exit_code == 1
    # The progress display ends with an empty line of its own when it never started a bar.
    assert [line for line in result.stderr.splitlines() if line] == [
        "error: https://files.example/\\x1b[2Jplan.pdf: not a valid URL: Invalid non-printable ASCII character in "
        "URL, '\\x1b' at position 22."
    ]

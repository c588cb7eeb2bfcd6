"""Names chosen by a server or a webhook sender reach log records as text: no line feed, carriage return, ESC,
BEL, C1 control or bidi override of theirs is written raw (issue 22, finding 7).

Each case is counted by the tally (`no_raw_text`) in the reliability summary's "injected names".
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from cubicasa_integrate import CubiCasa, _drift, drift
from cubicasa_integrate._drift import _RADAR
from cubicasa_integrate.webhook_receiver import SyncReceiver
from tests.reliability.hostile_server import Reply, hostile_server
from tests.reliability.tally import HOSTILE_KEY, Tally
from tests.support import load_example
from tests.unit.fakes import KEY, order_json, page_json

# Each forges a log line, acts on a terminal, or makes the text read differently from what it is.
HOSTILE_NAMES = [
    "x\nWARNING cubicasa_integrate: sync of order 1 done",
    "x\r\x1b[2Kforged",
    "x\x1b[2J\x1b[Hcleared",
    "x\x07bell",
    "x\u202eevil",
    "x\x9b31mcsi",
    "x\x7fdel",
]


@pytest.fixture(autouse=True)
def radar() -> Iterator[None]:
    _RADAR.reset()
    _drift._audited.clear()  # each test's responses are among the first an operation has: audited
    yield
    _RADAR.reset()


def records_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Each record's message as the package's handlers would write it (escaping filters applied)."""
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("cubicasa_integrate")]
    for message in messages:  # one record, one line: a line feed of the sender's would start a forged record
        assert "\n" not in message, repr(message)
        assert "\r" not in message, repr(message)
    return messages


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_field_name_in_a_response_is_logged_escaped(
    name: str, caplog: pytest.LogCaptureFixture, tally: Tally
) -> None:
    caplog.set_level(logging.DEBUG, logger="cubicasa_integrate")
    order = order_json()
    order["info"][name] = 1
    answer = httpx.MockTransport(lambda request: httpx.Response(200, json=page_json([order], has_more=False)))
    with CubiCasa(KEY, transport=answer) as client:
        next(client.orders.list().pages())
    messages = records_of(caplog)
    assert any("x\\" in message for message in messages), messages  # the finding was logged, escaped
    tally.no_raw_text(f"drift warning for {name!r}", *messages, caplog.text)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_an_unsigned_webhook_post_cannot_forge_a_log_line(
    name: str, caplog: pytest.LogCaptureFixture, tally: Tally
) -> None:
    caplog.set_level(logging.DEBUG, logger="cubicasa_integrate")
    payload: dict[str, Any] = load_example("webhook_order_status.payload.json")

    async def work(order_id: str) -> object:
        return {"order": order_id}

    async def post_both() -> tuple[int, int]:
        app = SyncReceiver(work)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://receiver") as http:
            unknown_field = await http.post("/", content=json.dumps(payload | {name: 1}).encode())
            bad_id = await http.post("/", content=json.dumps(payload | {"id": name}).encode())
        await app.idle()
        return unknown_field.status_code, bad_id.status_code

    assert asyncio.run(post_both()) == (200, 400)
    messages = records_of(caplog)
    assert any("webhook refused" in message for message in messages), messages
    assert any(message.startswith("An unsigned webhook body sent field x\\") for message in messages), messages
    # The sender's invented field is reported apart, never among the API's findings (client.drift).
    assert name in {f.field for f in drift.webhook_report().findings}
    assert name not in {f.field for f in drift.report().findings}
    tally.no_raw_text(f"webhook receiver log for {name!r}", *messages, caplog.text)


CLI = "import sys; from cubicasa_integrate.cli import main; sys.exit(main())"


def test_the_cli_shows_a_hostile_field_name_escaped_on_stderr(tally: Tally) -> None:
    """The real command in its own process, so its own logging setup (not pytest's) writes the drift warnings."""
    order = order_json()
    for index, name in enumerate(HOSTILE_NAMES):
        order["info"][f"{name}{index}"] = index
    body = json.dumps(page_json([order], has_more=False)).encode()
    with hostile_server() as server:
        server.on("GET", "/orders", Reply(200, body, {"content-type": "application/json"}))
        env = {**os.environ, "CUBICASA_API_KEY": HOSTILE_KEY, "CUBICASA_BASE_URL": server.base_url}
        env.pop("CUBICASA_LOG", None)
        done = subprocess.run(
            [sys.executable, "-c", CLI, "orders", "list"], env=env, capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "does not know" in line]
    assert len(warnings) == len(HOSTILE_NAMES), done.stderr  # one line per finding: none was split or forged
    assert not any(line.startswith("WARNING cubicasa_integrate: sync") for line in done.stderr.splitlines())
    tally.no_leak(HOSTILE_KEY, done.stdout, done.stderr)
    tally.no_raw_text("cubicasa orders list stderr", done.stderr, done.stdout)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_server_error_text_in_a_retry_log_is_escaped(
    name: str, caplog: pytest.LogCaptureFixture, tally: Tally, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Server text inside an error (a 503's detail) reaches the retry log through the error's message: the
    package's loggers escape every record, whatever a call site passes them."""
    from cubicasa_integrate import _retries

    monkeypatch.setattr(_retries, "sleep", lambda seconds: None)
    caplog.set_level(logging.INFO, logger="cubicasa_integrate")
    replies = iter([httpx.Response(503, json={"detail": name}), httpx.Response(200, json=order_json())])
    with CubiCasa(KEY, transport=httpx.MockTransport(lambda request: next(replies)), max_retries=1) as client:
        client.orders.get(order_json()["id"])
    messages = records_of(caplog)
    assert any(message.startswith("Retrying") and "x\\" in message for message in messages), messages
    tally.no_raw_text(f"retry log for {name!r}", *messages, caplog.text)

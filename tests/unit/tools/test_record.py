"""tools/record.py: what reaches disk when recording against the real API is redacted and still spec-valid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.contract.recordings import load_recordings, openapi, request_errors, response_errors
from tests.support import load_example, load_tool

record = load_tool("record")
KEY = "live-key-0123456789abcdef"


def fake_production(request: httpx.Request) -> httpx.Response:
    """Answers like the real API would, with customer e-mails and (worst case) the key echoed back."""
    order: dict[str, Any] = load_example("upgrade_order.response.json")
    order["info"]["created_by"] = "jane.doe@realtor-studio.com"
    order["info"]["add_info"] = f"call Jane (jane.doe@realtor-studio.com), key {KEY}"
    cookies = {"set-cookie": "session=abc", "x-request-id": "r-1"}
    if request.headers["api-key"] != KEY:
        return httpx.Response(401, json={"detail": "Invalid API key"}, headers=cookies)
    if request.url.path.endswith("/orders"):
        page = {"pagination": {"has_more": False, "limit": 2}, "items": [order]}
        return httpx.Response(200, json=page, headers=cookies)
    if request.url.path.endswith("/users"):
        return httpx.Response(200, json=load_example("list_users.response.partial.json"))
    if order["id"] in request.url.path:
        return httpx.Response(200, json=order, headers=cookies)
    return httpx.Response(404, json={"detail": "Not found"})


@pytest.fixture
def written(tmp_path: Path) -> list[Path]:
    return record.record(KEY, record.PRODUCTION, tmp_path, transport=httpx.MockTransport(fake_production))


def test_records_one_file_per_read_only_call(written: list[Path]) -> None:
    assert [p.name for p in written] == [
        "recorded.list_orders.200.json",
        "recorded.get_order.200.json",
        "recorded.list_users.200.json",
        "recorded.get_order.404.json",
        "recorded.get_order.401.json",
    ]
    assert {json.loads(p.read_text())["request"]["method"] for p in written} == {"GET"}


def test_no_key_no_customer_email_no_cookie_reaches_disk(written: list[Path]) -> None:
    text = "\n".join(p.read_text() for p in written)
    assert KEY not in text
    assert "jane.doe" not in text
    assert "session=abc" not in text
    assert "x-request-id" not in text
    order = json.loads(written[1].read_text())["response"]["body"]
    assert order["info"]["created_by"] == "redacted-1@example.com"
    assert order["info"]["add_info"] == "call Jane (redacted-1@example.com), key <redacted>"


def test_recordings_are_spec_valid_and_in_the_replay_format(written: list[Path]) -> None:
    api = openapi()
    recordings = load_recordings(written[0].parent)
    assert len(recordings) == 5
    for recording in recordings:
        assert recording.request["headers"] == {"api-key": "<redacted>"}
        assert list(request_errors(api, recording)) == []
        assert list(response_errors(api, recording)) == []


def test_refuses_to_write_a_file_that_would_contain_the_key(tmp_path: Path) -> None:
    recorder = record.RedactingRecorder(
        httpx.MockTransport(lambda r: httpx.Response(200, json={})), tmp_path, record.PRODUCTION, record.Redactor(KEY)
    )
    with httpx.Client(transport=recorder) as client, pytest.raises(RuntimeError, match="still contains the api-key"):
        client.get(f"{record.PRODUCTION}/orders/{KEY}")
    assert list(tmp_path.iterdir()) == []


def test_without_a_key_nothing_is_called(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("CUBICASA_API_KEY", raising=False)
    monkeypatch.setattr("sys.argv", ["record.py"])
    assert record.main() == 2
    assert "Set CUBICASA_API_KEY" in capsys.readouterr().err

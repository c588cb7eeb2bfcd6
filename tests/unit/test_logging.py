"""overrides/cubicasa_integrate/_logging.py: CUBICASA_LOG, what is logged per request, and redaction."""

from __future__ import annotations

import logging

import httpx
import pytest

from cubicasa_integrate import _logging
from tests.unit.fakes import KEY, ORDER_ID, FakeAPI, order_json

GET_ORDER = f"/orders/{ORDER_ID}"


@pytest.fixture(autouse=True)
def restore_logger() -> object:
    logger = logging.getLogger("cubicasa_integrate")
    handlers, level = list(logger.handlers), logger.level
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)
    _logging._handler = None


def test_silent_by_default() -> None:
    logger = logging.getLogger("cubicasa_integrate")
    _logging.setup_from_environment({})
    assert logger.handlers == []


@pytest.mark.parametrize(("value", "level"), [("debug", logging.DEBUG), ("INFO", logging.INFO)])
def test_cubicasa_log_turns_it_on(value: str, level: int) -> None:
    _logging.setup_from_environment({"CUBICASA_LOG": value})
    _logging.setup_from_environment({"CUBICASA_LOG": value})  # idempotent: one handler
    logger = logging.getLogger("cubicasa_integrate")
    assert logger.level == level
    assert len(logger.handlers) == 1


def test_each_attempt_and_retry_is_logged_with_method_path_status_time_and_count(
    api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    api.on("GET", GET_ORDER, httpx.Response(503, json={}), httpx.Response(200, json=order_json()))
    with api.client() as client, caplog.at_level(logging.DEBUG, "cubicasa_integrate"):
        client.orders.get(ORDER_ID)
    messages = [r.getMessage() for r in caplog.records if r.name == "cubicasa_integrate"]
    assert messages[0].startswith(f"GET {GET_ORDER} -> 503 in ")
    assert messages[0].endswith(" ms")
    assert messages[1].startswith(f"Retrying GET {GET_ORDER} in ")
    assert "(attempt 2 of 3)" in messages[1]
    assert messages[2].startswith(f"GET {GET_ORDER} -> 200 in ")


def test_failures_are_logged_by_error_class(api: FakeAPI, caplog: pytest.LogCaptureFixture) -> None:
    api.on("GET", GET_ORDER, httpx.ConnectError("refused"))
    with (
        api.client(max_retries=0) as client,
        caplog.at_level(logging.DEBUG, "cubicasa_integrate"),
        pytest.raises(Exception, match="refused"),
    ):
        client.orders.get(ORDER_ID)
    assert f"GET {GET_ORDER} -> APIConnectionError in " in caplog.text


def test_the_api_key_never_reaches_a_log_record(api: FakeAPI, caplog: pytest.LogCaptureFixture) -> None:
    api.on(
        "GET", GET_ORDER, httpx.Response(503, content=f"echo {KEY}".encode()), httpx.Response(200, json=order_json())
    )
    with api.client() as client, caplog.at_level(logging.DEBUG):
        client.orders.get(ORDER_ID)
        logging.getLogger("cubicasa_integrate").warning("oops %s", KEY)
    assert KEY not in caplog.text
    assert "oops <redacted>" in caplog.text


# ----------------------------------------------------------------------------------- redaction


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Redaction with only the keys a test remembers (the module-wide set is restored afterwards)."""
    monkeypatch.setattr(_logging, "_secrets", set())
    monkeypatch.setattr(_logging, "_pattern", None)


@pytest.mark.usefixtures("secrets")
def test_a_short_key_is_redacted_as_a_whole_token_only() -> None:
    """0.3.1 turned "unknown" into "un<redacted>nown" for a one-letter key."""
    _logging.remember_secret("n")
    assert _logging.redact("unknown status n, key=n.") == "unknown status <redacted>, key=<redacted>."


@pytest.mark.usefixtures("secrets")
def test_a_long_key_is_redacted_even_glued_to_other_text() -> None:
    key = "sk-live-0123456789abcdef"
    _logging.remember_secret(key)
    assert _logging.redact(f"x{key}y {key}") == "x<redacted>y <redacted>"


@pytest.mark.usefixtures("secrets")
@pytest.mark.parametrize(
    "form",
    [
        'k/e"y\\1234567890',  # as is
        'k/e\\"y\\\\1234567890',  # JSON-escaped
        'k\\/e\\"y\\\\1234567890',  # JSON-escaped, slashes too
        "".join(f"\\u{ord(c):04x}" for c in 'k/e"y\\1234567890'),  # every character \u-escaped
        "k%2Fe%22y%5C1234567890",  # percent-encoded
        "k/e&quot;y\\1234567890",  # HTML-escaped
    ],
)
def test_every_echoed_form_of_the_key_is_redacted(form: str) -> None:
    _logging.remember_secret('k/e"y\\1234567890')
    assert _logging.redact(f"echo: {form}!") == "echo: <redacted>!"


@pytest.mark.usefixtures("secrets")
def test_json_bodies_are_redacted_iteratively_keys_included() -> None:
    _logging.remember_secret("secret-key-1234567")
    deep: object = "secret-key-1234567"
    for _ in range(50_000):
        deep = [deep]
    body = {"secret-key-1234567": {"a": ["x secret-key-1234567 y"]}, "deep": deep}
    redacted = _logging.redact_json(body)
    assert redacted["<redacted>"] == {"a": ["x <redacted> y"]}
    leaf = redacted["deep"]
    while isinstance(leaf, list):
        leaf = leaf[0]
    assert leaf == "<redacted>"
    assert body["secret-key-1234567"] == {"a": ["x secret-key-1234567 y"]}  # the input is left alone


def test_httpcore_debug_records_of_response_headers_are_redacted(
    api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    """0.3.1: httpcore's DEBUG log printed the response headers, key and all, when a server echoed it."""
    api.on("GET", GET_ORDER, httpx.Response(200, json=order_json(), headers={"x-echo": KEY}))
    with api.client() as client, caplog.at_level(logging.DEBUG):
        # MockTransport bypasses httpcore: a record as httpcore.http11 writes it stands in for the real one,
        # which tests/reliability/test_hostile_core.py captures over real loopback HTTP.
        logging.getLogger("httpcore.http11").debug("receive_response_headers.complete return_value=%r", KEY)
        client.orders.get(ORDER_ID)
    assert caplog.records
    assert KEY not in caplog.text

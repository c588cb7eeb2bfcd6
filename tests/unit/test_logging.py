"""overrides/cubicasa_integrate/_logging.py: setup_logging and CUBICASA_LOG, what is logged per request, and
redaction (whose keys, for how long)."""

from __future__ import annotations

import gc
import logging

import httpx
import pytest

from cubicasa_integrate import CubiCasa, _logging, errors
from tests.unit.fakes import BASE, KEY, ORDER_ID, FakeAPI, order_json

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
    _logging.setup_logging(environ={})
    _logging.setup_logging(environ={"CUBICASA_LOG": "loud"})
    assert logger.handlers == []


@pytest.mark.parametrize(("value", "level"), [("debug", logging.DEBUG), ("INFO", logging.INFO)])
def test_cubicasa_log_turns_it_on_through_setup_logging(value: str, level: int) -> None:
    _logging.setup_logging(environ={"CUBICASA_LOG": value})
    _logging.setup_logging(environ={"CUBICASA_LOG": value})  # idempotent: one handler
    logger = logging.getLogger("cubicasa_integrate")
    assert logger.level == level
    assert len(logger.handlers) == 1


def test_setup_logging_takes_a_level_and_refuses_an_unknown_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import cubicasa_integrate

    monkeypatch.setenv("CUBICASA_LOG", "debug")
    cubicasa_integrate.setup_logging("warning")  # the level given wins over the environment
    logger = logging.getLogger("cubicasa_integrate")
    assert (logger.level, len(logger.handlers)) == (logging.WARNING, 1)
    with pytest.raises(ValueError, match="debug, info, warning"):
        cubicasa_integrate.setup_logging("loud")


def test_building_a_client_does_not_read_cubicasa_log(monkeypatch: pytest.MonkeyPatch, api: FakeAPI) -> None:
    """Only setup_logging() and the CLI read it (tests/unit/test_process_state.py: in a fresh process)."""
    monkeypatch.setenv("CUBICASA_LOG", "debug")
    logger = logging.getLogger("cubicasa_integrate")
    before = (logger.level, list(logger.handlers))
    api.on("GET", GET_ORDER, httpx.Response(200, json=order_json()))
    with api.client() as client:
        client.orders.get(ORDER_ID)
    assert (logger.level, list(logger.handlers)) == before


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


def test_a_short_key_is_redacted_as_a_whole_token_only() -> None:
    """0.3.1 turned "unknown" into "un<redacted>nown" for a one-letter key."""
    redactor = _logging.Redactor(["n"])
    assert redactor.redact("unknown status n, key=n.") == "unknown status <redacted>, key=<redacted>."


def test_a_long_key_is_redacted_even_glued_to_other_text() -> None:
    key = "sk-live-0123456789abcdef"
    assert _logging.Redactor([key]).redact(f"x{key}y {key}") == "x<redacted>y <redacted>"


def test_a_key_inside_another_is_never_left_in_pieces() -> None:
    long, short = "sk-live-0123456789abcdef", "0123456789ab"
    assert _logging.Redactor([short, long]).redact(f"{long} {short}") == "<redacted> <redacted>"


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
    assert _logging.Redactor(['k/e"y\\1234567890']).redact(f"echo: {form}!") == "echo: <redacted>!"


def test_json_bodies_are_redacted_iteratively_keys_included() -> None:
    deep: object = "secret-key-1234567"
    for _ in range(50_000):
        deep = [deep]
    body = {"secret-key-1234567": {"a": ["x secret-key-1234567 y"]}, "deep": deep}
    redacted = _logging.Redactor(["secret-key-1234567"]).redact_json(body)
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


# ----------------------------------------------------------------------------------- whose keys, how long


LIFETIME_KEY = "lifetime-test-key-0123456789"


def shown_by_the_package_logger(text: str) -> str:
    record = logging.LogRecord("httpcore.http11", logging.DEBUG, __file__, 0, "%s", (text,), None)
    logging.getLogger("httpcore.http11").filter(record)
    return record.getMessage()


def test_a_client_key_is_redacted_from_logs_while_it_is_open_and_forgotten_at_close(api: FakeAPI) -> None:
    client = CubiCasa(LIFETIME_KEY, base_url=BASE, transport=httpx.MockTransport(api))
    copy = client.with_options(timeout=9)
    assert shown_by_the_package_logger(f"echo {LIFETIME_KEY}") == "echo <redacted>"
    client.close()
    assert shown_by_the_package_logger(f"echo {LIFETIME_KEY}") == "echo <redacted>"  # the copy holds it still
    copy.close()
    copy.close()  # closing twice releases once
    assert shown_by_the_package_logger(f"echo {LIFETIME_KEY}") == f"echo {LIFETIME_KEY}"


def test_a_client_dropped_without_close_is_forgotten_when_collected(api: FakeAPI) -> None:
    CubiCasa(LIFETIME_KEY, base_url=BASE, transport=httpx.MockTransport(api))
    gc.collect()
    assert shown_by_the_package_logger(f"echo {LIFETIME_KEY}") == f"echo {LIFETIME_KEY}"


def test_a_call_after_close_still_redacts_its_key(caplog: pytest.LogCaptureFixture) -> None:
    """With your own http_client, a closed CubiCasa still works: each call holds its credentials while it runs."""
    api = FakeAPI().on("GET", GET_ORDER, httpx.Response(401, json={"detail": f"bad {LIFETIME_KEY}"}))

    def echo(request: httpx.Request) -> httpx.Response:
        logging.getLogger("httpcore.http11").warning("receive_response_headers %s", request.headers["api-key"])
        return api(request)

    with httpx.Client(transport=httpx.MockTransport(echo)) as http:
        client = CubiCasa(LIFETIME_KEY, base_url=BASE, http_client=http, max_retries=0)
        client.close()
        with caplog.at_level(logging.DEBUG), pytest.raises(errors.AuthenticationError) as caught:
            client.orders.get(ORDER_ID)
    assert "receive_response_headers <redacted>" in caplog.text
    assert LIFETIME_KEY not in caplog.text + str(caught.value) + repr(vars(caught.value))
    assert shown_by_the_package_logger(LIFETIME_KEY) == LIFETIME_KEY  # released after the call


def test_the_live_set_counts_its_holders() -> None:
    secrets = frozenset({LIFETIME_KEY})
    _logging.hold(secrets)
    _logging.hold(secrets)
    _logging.release(secrets)
    assert _logging.redact(LIFETIME_KEY) == "<redacted>"
    _logging.release(secrets)
    assert _logging.redact(LIFETIME_KEY) == LIFETIME_KEY
    assert LIFETIME_KEY not in _logging.live().secrets

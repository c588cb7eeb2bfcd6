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

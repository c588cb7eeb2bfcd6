"""orders.wait: poll until a status, with backoff and jitter, Retry-After honoured, a typed timeout (issue 13)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from cubicasa_integrate import _retries, errors
from cubicasa_integrate.types import Order
from tests.unit.fakes import ORDER_ID, FakeAPI, order_json

PATH = f"/orders/{ORDER_ID}"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch, sleeps: list[float]) -> list[float]:
    """A clock that moves only when the client sleeps (the unit tier's sleeps fixture records each wait)."""
    monkeypatch.setattr(_retries, "monotonic", lambda: sum(sleeps))
    return sleeps


def status(name: str) -> httpx.Response:
    return httpx.Response(200, json=order_json(status=name))


def wait(api: FakeAPI, twin: str, **options: Any) -> Order:
    if twin == "sync":
        with api.client(max_retries=0) as client:
            return client.orders.wait(ORDER_ID, **options)

    async def run() -> Order:
        async with api.async_client(max_retries=0) as client:
            return await client.orders.wait(ORDER_ID, **options)

    return asyncio.run(run())


TWINS = ["sync", "async"]


@pytest.mark.parametrize("twin", TWINS)
def test_wait_returns_the_order_once_it_reaches_the_status_with_growing_jittered_waits(
    api: FakeAPI, clock: list[float], twin: str
) -> None:
    api.on("GET", PATH, status("Pending"), status("Pending"), status("Pending"), status("Pending"), status("Ready"))
    order = wait(api, twin, interval=10, max_interval=20, timeout=3600)
    assert str(order.info.status) == "Ready"
    assert len(api.requests) == 5
    steps = [10, 15, 20, 20]  # interval grows by half each time, up to max_interval
    assert len(clock) == 4
    assert all(0.8 * step <= waited <= 1.2 * step for waited, step in zip(clock, steps, strict=True))


@pytest.mark.parametrize("twin", TWINS)
def test_wait_accepts_several_statuses_and_returns_at_once(api: FakeAPI, clock: list[float], twin: str) -> None:
    api.on("GET", PATH, status("Fixing"))
    assert str(wait(api, twin, until=["Ready", "Fixing"]).info.status) == "Fixing"
    assert clock == []


@pytest.mark.parametrize("twin", TWINS)
def test_wait_times_out_with_the_last_status_and_never_sleeps_past_the_deadline(
    api: FakeAPI, clock: list[float], twin: str
) -> None:
    api.on("GET", PATH, status("Pending"))
    with pytest.raises(errors.WaitTimeoutError) as raised:
        wait(api, twin, timeout=100, interval=30, max_interval=60)
    assert isinstance(raised.value, TimeoutError)
    assert raised.value.last_status == "Pending"
    assert raised.value.until == ["Ready"]
    assert sum(clock) == pytest.approx(100)  # the last read happens at the deadline, not after it
    assert "did not reach Ready within 100 s" in str(raised.value)


@pytest.mark.parametrize("twin", TWINS)
def test_wait_honours_retry_after_and_survives_transient_failures(api: FakeAPI, clock: list[float], twin: str) -> None:
    api.on(
        "GET",
        PATH,
        httpx.Response(429, headers={"Retry-After": "42"}, json={"detail": "slow down"}),
        httpx.Response(503),
        httpx.ConnectError("refused"),
        status("Ready"),
    )
    assert str(wait(api, twin, interval=5).info.status) == "Ready"
    assert clock[0] == 42
    assert len(api.requests) == 4


@pytest.mark.parametrize("twin", TWINS)
def test_wait_ends_at_once_on_an_error_that_waiting_cannot_fix(api: FakeAPI, clock: list[float], twin: str) -> None:
    api.on("GET", PATH, httpx.Response(404, json={"detail": "no such order"}))
    with pytest.raises(errors.NotFoundError):
        wait(api, twin)
    assert clock == []


@pytest.mark.parametrize(
    "options", [{"until": []}, {"until": [""]}, {"timeout": -1}, {"interval": 0}, {"timeout": "soon"}], ids=repr
)
def test_wait_checks_its_arguments_before_sending(api: FakeAPI, options: dict[str, Any]) -> None:
    with api.client() as client, pytest.raises(ValueError, match=r"until|timeout|interval"):
        client.orders.wait(ORDER_ID, **options)
    assert api.requests == []


# Issue 22, finding 12: a planted bug (the wait sleeping the whole Retry-After) passed the whole suite.
@pytest.mark.parametrize("twin", TWINS)
@pytest.mark.parametrize("retries", [0, 2])
def test_a_retry_after_longer_than_the_time_left_never_sleeps_past_the_deadline(
    api: FakeAPI, clock: list[float], twin: str, retries: int
) -> None:
    """The server asks for 50 s with 30 s left: the wait sleeps what is left, reads at the deadline, gives up."""
    answered: list[int] = []

    def slow_down(request: httpx.Request) -> httpx.Response:
        # A wait that ignores its deadline would poll forever (until pytest-timeout): fail it at once instead.
        answered.append(1)
        assert len(answered) <= 10, "still polling long after the deadline"
        return httpx.Response(429, headers={"Retry-After": "50"}, json={"detail": "slow down"})

    api.on("GET", PATH, status("Pending"), slow_down)
    if twin == "sync":
        with api.client(max_retries=retries) as client, pytest.raises(errors.WaitTimeoutError):
            client.orders.wait(ORDER_ID, timeout=30, interval=25, max_interval=25)
    else:

        async def run() -> None:
            async with api.async_client(max_retries=retries) as client:
                await client.orders.wait(ORDER_ID, timeout=30, interval=25, max_interval=25)

        with pytest.raises(errors.WaitTimeoutError):
            asyncio.run(run())
    assert sum(clock) == pytest.approx(30)
    assert all(waited <= 30 for waited in clock)

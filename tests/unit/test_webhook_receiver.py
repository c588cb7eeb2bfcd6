"""overrides/cubicasa_integrate/webhook_receiver.py: the ASGI app that answers webhooks, then syncs their order.

The app is driven directly (raw ASGI calls, httpx.ASGITransport) with fake work whose progress each test
controls with asyncio.Events: nothing here waits for time to pass.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cubicasa_integrate import AsyncCubiCasa, webhooks
from cubicasa_integrate.webhook_receiver import SyncReceiver
from tests.support import load_example
from tests.unit.test_webhooks import BAD_PAYLOADS, HOSTILE_BODIES

pytestmark = pytest.mark.anyio

PAYLOAD = load_example("webhook_order_status.payload.json")
ORDER = PAYLOAD["id"]


def event(order_id: str = ORDER, **changes: Any) -> bytes:
    return json.dumps(PAYLOAD | {"id": order_id} | changes).encode()


class Work:
    """Fake work: records each call and, unless `gate` is open, waits for it; `fail` makes calls raise."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.finished: list[str] = []
        self.cancelled: list[str] = []
        self.started = asyncio.Event()
        self.gate = asyncio.Event()
        self.fail: Exception | None = None

    async def __call__(self, order_id: str) -> object:
        self.calls.append(order_id)
        self.started.set()
        try:
            await self.gate.wait()
        except asyncio.CancelledError:
            self.cancelled.append(order_id)
            raise
        if self.fail is not None:
            raise self.fail
        self.finished.append(order_id)
        return {"order": order_id}


async def call(
    app: SyncReceiver,
    body: bytes = b"",
    *,
    method: str = "POST",
    path: str = "/",
    headers: list[tuple[bytes, bytes]] | None = None,
    on_start: Callable[[], None] | None = None,
) -> int:
    """One raw ASGI request; the status answered. `on_start` runs when the answer starts, after the send has
    given the event loop a few turns (as a real socket write may), so anything scheduled before it would run."""
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.start" and on_start is not None:
            for _ in range(5):
                await asyncio.sleep(0)
            on_start()

    scope = {"type": "http", "method": method, "path": path, "headers": headers or []}
    await app(scope, receive, send)
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    return int(sent[0]["status"])


async def test_the_answer_is_sent_before_the_work_starts_and_does_not_wait_for_it() -> None:
    work = Work()
    app = SyncReceiver(work)
    calls_when_answered: list[int] = []
    status = await call(app, event(), on_start=lambda: calls_when_answered.append(len(work.calls)))
    assert status == 200
    assert calls_when_answered == [0]
    await work.started.wait()
    assert work.calls == [ORDER]
    assert work.finished == []  # answered while the work is still blocked
    assert app.in_flight() == {ORDER}
    work.gate.set()
    await app.idle()
    assert work.finished == [ORDER]
    assert app.in_flight() == set()
    assert (app.counts.accepted, app.counts.runs, app.counts.refused) == (1, 1, 0)


async def test_it_works_over_httpx_with_the_path_it_was_given() -> None:
    work = Work()
    work.gate.set()
    app = SyncReceiver(work, path="/cubicasa")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://receiver") as http:
        ok = await http.post("/cubicasa", content=event())
        elsewhere = await http.post("/", content=event())
        read = await http.get("/cubicasa")
    await app.idle()
    assert (ok.status_code, elsewhere.status_code, read.status_code) == (200, 404, 405)
    assert read.headers["allow"] == "POST"
    assert work.calls == [ORDER]


@pytest.mark.parametrize(("body", "message"), BAD_PAYLOADS + HOSTILE_BODIES)
async def test_invalid_and_hostile_bodies_are_refused_and_nothing_is_scheduled(body: Any, message: str) -> None:
    work = Work()
    app = SyncReceiver(work)
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    status = await call(app, raw)
    expected = 413 if len(raw) > webhooks.MAX_BODY_BYTES else 400
    assert status == expected, message
    assert app.in_flight() == set()
    assert work.calls == []
    assert (app.counts.accepted, app.counts.refused) == (0, 1)


async def post_endless_body(headers: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """POST a body of 64 KiB chunks that never ends (unless read far beyond the limit): (status, chunks read)."""
    app = SyncReceiver(Work())
    reads = 0

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        if reads > webhooks.MAX_BODY_BYTES // 65536 + 10:  # it kept reading: end the body, fail in the test
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": b" " * 65536, "more_body": True}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app({"type": "http", "method": "POST", "path": "/", "headers": headers}, receive, send)
    return int(sent[0]["status"]), reads


async def test_a_body_announced_too_large_is_refused_without_reading_it() -> None:
    length = str(webhooks.MAX_BODY_BYTES + 1).encode()
    assert await post_endless_body([(b"content-length", length)]) == (413, 0)


async def test_an_endless_body_is_read_only_up_to_the_limit() -> None:
    assert await post_endless_body([]) == (413, webhooks.MAX_BODY_BYTES // 65536 + 1)


async def test_copies_during_a_run_collapse_into_exactly_one_rerun() -> None:
    work = Work()
    app = SyncReceiver(work)
    assert await call(app, event(previous_status="Fixing")) == 200
    await work.started.wait()
    for _ in range(3):  # CubiCasa's retries, or the order fixed again: either way one more sync is due
        assert await call(app, event(previous_status="Fixing")) == 200
    assert await call(app, event(current_status="Fixing", previous_status="Ready")) == 200
    assert work.calls == [ORDER]
    assert (app.counts.accepted, app.counts.runs, app.counts.coalesced) == (5, 1, 3)  # 1 run, 1 rerun due, 3 more
    work.gate.set()
    await app.idle()
    assert work.calls == [ORDER, ORDER]
    assert work.finished == [ORDER, ORDER]
    assert app.counts.runs == 2


async def test_a_delivery_after_the_run_finished_runs_again() -> None:
    work = Work()
    work.gate.set()
    app = SyncReceiver(work)
    await call(app, event())
    await app.idle()
    assert app.in_flight() == set()  # nothing is remembered about a finished order
    await call(app, event())  # identical payload: a late redelivery or a second genuine event, acted on
    await app.idle()
    assert work.finished == [ORDER, ORDER]
    assert app.counts.coalesced == 0


@pytest.mark.parametrize(("concurrency", "peak"), [(4, 2), (1, 1)])
async def test_different_orders_run_side_by_side_up_to_the_concurrency(concurrency: int, peak: int) -> None:
    work = Work()
    app = SyncReceiver(work, concurrency=concurrency)
    await call(app, event("order-a"))
    await call(app, event("order-b"))
    await until(lambda: len(work.calls) == peak)  # the gate is closed: no call can finish
    for _ in range(5):
        await asyncio.sleep(0)  # turns in which a call beyond the bound would start
    assert len(work.calls) == peak
    work.gate.set()
    await app.idle()
    assert sorted(work.finished) == ["order-a", "order-b"]


async def test_beyond_max_orders_new_orders_get_503_and_known_ones_are_still_accepted() -> None:
    work = Work()
    app = SyncReceiver(work, max_orders=1)
    assert await call(app, event("order-a")) == 200
    await work.started.wait()
    assert await call(app, event("order-b")) == 503
    assert await call(app, event("order-a")) == 200
    assert app.in_flight() == {"order-a"}
    work.gate.set()
    await app.idle()
    assert work.calls == ["order-a", "order-a"]
    assert app.counts.refused == 1


async def test_events_before_the_work_is_called_need_no_rerun() -> None:
    """An order waiting for a free slot has not been read yet: its coming run covers every event until then."""
    work = Work()
    app = SyncReceiver(work, concurrency=1)
    await call(app, event("order-a"))
    await work.started.wait()
    for _ in range(3):
        await call(app, event("order-b"))
    work.gate.set()
    await app.idle()
    assert work.calls == ["order-a", "order-b"]
    assert app.counts.coalesced == 2


async def test_a_failing_work_call_is_logged_without_the_key_and_the_app_keeps_serving(
    caplog: pytest.LogCaptureFixture,
) -> None:
    key = "receiver-test-secret-key-0123456789"
    work = Work()
    work.gate.set()
    work.fail = RuntimeError(f"server said no to {key}")
    app = SyncReceiver(work)
    # The work's client (as `cubicasa webhooks serve` has it) is open while the receiver serves: its key redacted.
    async with AsyncCubiCasa(key):
        with caplog.at_level(logging.ERROR, logger="cubicasa_integrate"):
            assert await call(app, event()) == 200
            await app.idle()
    assert app.counts.failures == 1
    (record,) = [r for r in caplog.records if r.name == "cubicasa_integrate" and r.levelno == logging.ERROR]
    assert ORDER in record.getMessage()
    assert "RuntimeError" in record.getMessage()
    assert key not in caplog.text
    work.fail = None
    assert await call(app, event()) == 200
    await app.idle()
    assert work.finished == [ORDER]
    assert (app.counts.runs, app.counts.failures) == (2, 1)


async def test_a_failed_run_still_runs_the_rerun_asked_for_meanwhile() -> None:
    work = Work()
    work.fail = RuntimeError("the API was down")
    app = SyncReceiver(work)
    await call(app, event())
    await work.started.wait()
    await call(app, event())
    work.gate.set()
    await app.idle()
    assert work.calls == [ORDER, ORDER]
    assert app.counts.failures == 2


class Lifespan:
    """The ASGI lifespan protocol driven by hand, as a server does at startup and shutdown."""

    def __init__(self, app: SyncReceiver) -> None:
        self.app = app
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.sent: list[str] = []
        self.task = asyncio.create_task(app({"type": "lifespan"}, self.inbox.get, self.send))

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message["type"])

    async def start(self) -> None:
        await self.inbox.put({"type": "lifespan.startup"})
        while "lifespan.startup.complete" not in self.sent:
            await asyncio.sleep(0)

    async def begin_shutdown(self) -> None:
        """Ask for the shutdown and return once the app has begun it (it refuses new work from then on)."""
        await self.inbox.put({"type": "lifespan.shutdown"})
        while not self.app.closing:
            await asyncio.sleep(0)


async def until(condition: Callable[[], bool]) -> None:
    """Give the event loop turns until `condition` holds (the test's timeout ends it if it never does)."""
    while not condition():
        await asyncio.sleep(0)


async def test_shutdown_refuses_new_posts_and_waits_for_running_and_pending_work() -> None:
    work = Work()
    app = SyncReceiver(work, grace=3600)
    lifespan = Lifespan(app)
    await lifespan.start()
    await call(app, event())
    await work.started.wait()
    await call(app, event())  # a rerun is pending: it too must run before the shutdown completes
    await lifespan.begin_shutdown()
    assert await call(app, event("order-late")) == 503
    for _ in range(5):
        await asyncio.sleep(0)
    assert lifespan.sent == ["lifespan.startup.complete"]  # still waiting for the work
    work.gate.set()
    await lifespan.task
    assert lifespan.sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert work.finished == [ORDER, ORDER]
    assert work.cancelled == []
    assert (app.counts.refused, app.counts.cancelled) == (1, 0)


async def test_shutdown_cancels_what_is_left_after_the_grace_period() -> None:
    work = Work()
    app = SyncReceiver(work, grace=0)
    await call(app, event("order-a"))
    await call(app, event("order-b"))
    await call(app, event("order-b"))  # pending rerun: dropped with the cancelled run
    await until(lambda: len(work.calls) == 2)
    await app.drain()
    assert sorted(work.cancelled) == ["order-a", "order-b"]
    assert work.finished == []
    assert app.in_flight() == set()
    assert app.counts.cancelled == 2
    assert app.counts.failures == 0
    assert await call(app, event()) == 503


async def test_idle_returns_at_once_when_nothing_runs() -> None:
    app = SyncReceiver(Work())
    await app.idle()
    await app.drain()
    assert app.counts.cancelled == 0


@pytest.mark.parametrize(("options", "message"), [({"path": "hook"}, "path"), ({"concurrency": 0}, "concurrency")])
async def test_bad_options_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SyncReceiver(Work(), **options)

"""A webhook receiver that runs one piece of work per order: `SyncReceiver`, a plain ASGI app.

Serve it with any ASGI server (`cubicasa webhooks serve --sync-to DIR` runs it under uvicorn, with the work being
a sync of the order's files into DIR). It needs nothing beyond this package: no web framework.

What it does with a POST to its path:

- the body is read up to webhooks.MAX_BODY_BYTES and no further (a larger one is answered 413 unread, a body
  `webhooks.parse` refuses 400): nothing is scheduled for either;
- a valid event is answered 200 at once, and only then is `work(order_id)` started, so a slow sync never makes
  CubiCasa time out and retry;
- per order, at most one work call runs. An event for an order whose work is running asks for ONE rerun after
  it: the payload carries no event id, so a second genuine event (fixed again: Fixing -> Ready) looks exactly
  like a redelivery, and only a rerun after the current call is sure to see what changed. Any number of copies
  arriving meanwhile collapse into that one rerun. The work must therefore be idempotent (a sync that fetches
  only what changed is). Nothing is remembered about an order once its work is done: memory holds only orders
  with work running or pending, at most `max_orders` of them (beyond that, 503: CubiCasa retries);
- a work call that raises is logged (the package logger, `cubicasa_integrate`, which redacts api-keys) and
  counted; the receiver keeps serving.

Shutdown (ASGI lifespan, or `await receiver.drain()`): new POSTs get 503, running and pending work gets `grace`
seconds to finish, then what remains is cancelled. Counters (`receiver.counts`) tell what happened.

Nothing signs CubiCasa's webhook calls: anyone who can reach the receiver can make it sync an order it names
(an API read, never a purchase). Listen on loopback behind an HTTPS reverse proxy.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from . import webhooks
from ._logging import logger
from ._text import escape
from .errors import WebhookPayloadError

__all__ = ["ReceiverCounts", "SyncReceiver", "Work"]

Work = Callable[[str], Awaitable[object]]
"""What the receiver runs for an order id (e.g. a sync of that order's files); it must be idempotent."""

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


@dataclass
class ReceiverCounts:
    """What the receiver did since it started."""

    accepted: int = 0
    """Valid events answered 200."""
    refused: int = 0
    """POSTs answered 400, 413 or 503: nothing was scheduled for them."""
    coalesced: int = 0
    """Accepted events that added no work: a run of their order that had not started yet was already due."""
    runs: int = 0
    """Work calls started (first runs and reruns)."""
    failures: int = 0
    """Work calls that raised (cancellation at shutdown is not a failure)."""
    cancelled: int = 0
    """Orders whose work was still running or pending when the grace period ended."""


class SyncReceiver:
    """An ASGI app that answers CubiCasa's webhook calls on `path` and runs `work(order_id)` after answering.

    See the module docstring for what it answers, how it coalesces, and how it shuts down.
    """

    def __init__(
        self,
        work: Work,
        *,
        path: str = "/",
        grace: float = 30.0,
        concurrency: int = 4,
        max_orders: int = 1000,
    ) -> None:
        if not path.startswith("/"):
            raise ValueError(f"path must start with '/', got {path!r}")
        if grace < 0 or concurrency < 1 or max_orders < 1:
            raise ValueError("grace must be >= 0, concurrency and max_orders >= 1")
        self.work = work
        self.path = path
        self.grace = grace
        self.max_orders = max_orders
        self.counts = ReceiverCounts()
        self._running: dict[str, asyncio.Task[None]] = {}  # one task per order: its run, then a rerun if due
        self._due: set[str] = set()  # orders whose next run has not called the work yet
        self._slots = asyncio.Semaphore(concurrency)
        self._closing = False
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def closing(self) -> bool:
        return self._closing

    def in_flight(self) -> set[str]:
        """The order ids with work running or waiting to run."""
        return set(self._running)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        # Anything else (websocket) is not spoken here: returning without accepting refuses it.

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.drain()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("path") != self.path:
            await _respond(send, 404, b"not found")
            return
        if scope.get("method") != "POST":
            await _respond(send, 405, b"method not allowed: POST webhooks here", [(b"allow", b"POST")])
            return
        if self._closing:
            self.counts.refused += 1
            await _respond(send, 503, b"shutting down")
            return
        body = await _read_body(scope, receive)
        if body is None:
            self.counts.refused += 1
            await _respond(send, 413, b"body too large")
            return
        try:
            order_id = webhooks.parse(body).id
        except WebhookPayloadError as error:
            self.counts.refused += 1
            logger.info("webhook refused: %s", escape(str(error)))  # the sender's text: escaped, one line
            await _respond(send, 400, b"not an order status event")
            return
        if self._closing or (order_id not in self._running and len(self._running) >= self.max_orders):
            self.counts.refused += 1
            await _respond(send, 503, b"busy" if not self._closing else b"shutting down")
            return
        self.counts.accepted += 1
        try:
            await _respond(send, 200, b"")
        finally:
            # Scheduled after the answer went out (or the caller went away: CubiCasa retries what it sent, but the
            # event was read in full and is valid, so act on it). No await from here on: the check of the state
            # and the change of it cannot interleave with another request.
            self._schedule(order_id)

    def _schedule(self, order_id: str) -> None:
        if order_id in self._due:  # a run that has not called the work yet will see this event's effect too
            self.counts.coalesced += 1
            return
        self._due.add(order_id)
        if order_id not in self._running:
            self._idle.clear()
            self._running[order_id] = asyncio.create_task(self._runs(order_id), name=f"cubicasa-sync-{order_id}")

    async def _runs(self, order_id: str) -> None:
        try:
            while order_id in self._due:
                async with self._slots:
                    # From here on the work may already have read the order: a later event needs another run.
                    self._due.discard(order_id)
                    self.counts.runs += 1
                    try:
                        await self.work(order_id)
                    except Exception as error:
                        self.counts.failures += 1
                        logger.error(
                            "sync of order %s failed: %s: %s",
                            escape(order_id),
                            type(error).__name__,
                            escape(str(error)),
                        )
        finally:
            self._due.discard(order_id)
            del self._running[order_id]
            if not self._running:
                self._idle.set()

    async def idle(self) -> None:
        """Return once no work is running or pending (at once if none is)."""
        await self._idle.wait()

    async def drain(self) -> None:
        """Stop accepting (503), give running and pending work `grace` seconds, then cancel what remains.

        Work scheduled while draining (an event whose answer was already on its way) is waited for too.
        """
        self._closing = True
        deadline = time.monotonic() + self.grace
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.idle(), max(0.0, deadline - time.monotonic()))
        left = list(self._running.values())
        if left:
            self.counts.cancelled += len(left)
            logger.warning("shutdown: cancelling the unfinished work of %d order(s) after %s s", len(left), self.grace)
            for task in left:
                task.cancel()
            await asyncio.gather(*left, return_exceptions=True)


async def _read_body(scope: Scope, receive: Receive) -> bytes | None:
    """The request body, or None if it is larger than webhooks.MAX_BODY_BYTES (not read further than that)."""
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                if int(value) > webhooks.MAX_BODY_BYTES:
                    return None
            except ValueError:
                pass  # the server validates framing; the length read below is what counts
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b""  # refused by parse as not JSON; nobody is listening to the answer anyway
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > webhooks.MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _respond(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                        *(headers or [])],
        }
    )  # fmt: skip
    await send({"type": "http.response.body", "body": body})

"""Webhook delivery: who gets an OrderStatusEvent, and the asyncio tasks that POST it, with retries.

Events are fired from request handlers (on the server's event loop) and from test threads
(`Sandbox.set_order_status`); either way the calls run on the server's loop, handed over with
`run_coroutine_threadsafe` when the caller is on another thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import json
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from cubicasa_integrate._urls import is_loopback

from ._faults import Fault
from ._model import STATUS_TRIGGERS, Outcome, ResponseViolation, SandboxConfig, WebhookDelivery
from ._records import ResponseAudit

__all__ = ["WebhookDispatcher", "is_loopback_url"]


def is_loopback_url(url: str) -> bool:
    """Whether an http(s) URL points at this machine (127.0.0.0/8, ::1 or `localhost`), without DNS.

    The host rule is the client's own (`cubicasa_integrate._urls.is_loopback`), so the two never disagree."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    return is_loopback(parts.hostname)


@dataclass
class _Delivery:
    delivery_id: str
    url: str
    event: dict[str, Any]
    copy: int
    attempts: list[str] = field(default_factory=list)
    outcome: Outcome = "pending"

    def snapshot(self) -> WebhookDelivery:
        return WebhookDelivery(
            self.delivery_id, self.url, copy.deepcopy(self.event), self.copy, tuple(self.attempts), self.outcome
        )


class WebhookDispatcher:
    """Schedules and records webhook calls: every registered URL whose trigger matches, `webhook_attempts` tries."""

    def __init__(self, lock: threading.RLock, config: SandboxConfig, audit: ResponseAudit) -> None:
        self._lock = lock
        self._config = config
        self._audit = audit
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._futures: set[concurrent.futures.Future[None]] = set()
        self._deliveries: list[_Delivery] = []

    def reset(self) -> None:
        with self._lock:
            self._deliveries = []

    def bind_loop(self) -> None:
        """Remember the event loop serving requests (webhooks are delivered on it)."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop = loop

    async def aclose(self) -> None:
        """Cancel webhook deliveries still running on this loop (server shutdown)."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=2.0)
        for future in list(self._futures):
            future.cancel()
        self._loop = None

    @property
    def deliveries(self) -> tuple[WebhookDelivery, ...]:
        with self._lock:
            return tuple(delivery.snapshot() for delivery in self._deliveries)

    def fire(self, event: Mapping[str, Any], settings: Mapping[str, Sequence[str]], copies: int = 1) -> list[str]:
        """Deliver an OrderStatusEvent to every URL of `settings` (the company's webhook configuration) whose
        trigger matches. Returns the delivery ids."""
        trigger = STATUS_TRIGGERS.get(str(event["current_status"]))
        if trigger is None or trigger not in settings["webhook_triggers"]:
            return []
        deliveries = [
            _Delivery(str(uuid.uuid4()), url, dict(event), number)
            for url in dict.fromkeys(settings["webhook_urls"])
            for number in range(1, max(1, copies) + 1)
        ]
        with self._lock:
            self._deliveries.extend(deliveries)
        checker = self._audit.checker
        if checker is not None and deliveries:
            errors = checker.webhook_errors("orderStatus", json.dumps(dict(event)).encode())
            self._audit.record(
                ResponseViolation("orderStatusChanged", "POST", "webhooks.orderStatus", 0, tuple(errors))
                if errors
                else None
            )
        for delivery in deliveries:
            self._schedule(delivery)
        return [delivery.delivery_id for delivery in deliveries]

    def _schedule(self, delivery: _Delivery) -> None:
        loop = self._loop
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is not None:
            if loop is None:
                self._loop = running
            task = running.create_task(self._deliver(delivery))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        elif loop is not None and loop.is_running():
            future = asyncio.run_coroutine_threadsafe(self._deliver(delivery), loop)
            self._futures.add(future)
            future.add_done_callback(self._futures.discard)
        else:
            with self._lock:
                delivery.attempts.append("not sent: no running server")
                delivery.outcome = "skipped"

    async def _deliver(self, delivery: _Delivery) -> None:
        config = self._config
        if not is_loopback_url(delivery.url):
            with self._lock:
                delivery.attempts.append("not sent: the sandbox calls loopback URLs only")
                delivery.outcome = "skipped"
            return
        try:
            async with httpx.AsyncClient(timeout=config.webhook_timeout, trust_env=False) as client:
                for attempt in range(1, config.webhook_attempts + 1):
                    try:
                        response = await asyncio.wait_for(
                            client.post(delivery.url, json=delivery.event, headers={"user-agent": "cubicasa-sandbox"}),
                            config.webhook_timeout,
                        )
                        result, ok = str(response.status_code), response.is_success
                    except (httpx.HTTPError, TimeoutError) as error:
                        result, ok = f"{type(error).__name__}: {error}".rstrip(": "), False
                    with self._lock:
                        delivery.attempts.append(result)
                        if ok:
                            delivery.outcome = "delivered"
                            return
                    if attempt < config.webhook_attempts:
                        await asyncio.sleep(config.webhook_retry_delay)
            with self._lock:
                delivery.outcome = "gave_up"
        except asyncio.CancelledError:
            with self._lock:
                delivery.outcome = "cancelled"
            raise

    def idle(self) -> bool:
        with self._lock:
            return all(delivery.outcome != "pending" for delivery in self._deliveries)

    def wait(self, timeout: float = 10.0) -> bool:
        """Block (from another thread) until no webhook delivery is pending, at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.idle():
                return True
            time.sleep(0.01)
        return self.idle()

    @staticmethod
    def copies(faults: Sequence[Fault]) -> int:
        """How many copies of each call the request's faults ask for (`webhook_duplicate;copies=N`)."""
        for fault in faults:
            if fault.kind == "webhook_duplicate":
                return max(1, int(fault.param("copies", 2)))
        return 1

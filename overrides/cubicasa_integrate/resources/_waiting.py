"""orders.wait: polling an order until it reaches a status, shared by the sync and async twins.

The order is read at once, then after waits that grow from `interval` by half each time up to `max_interval`,
each one jittered by ±20 % so that many waiting processes do not poll in step. A read that fails for a transient
reason (connection, 429, 5xx) does not end the wait: the next poll comes after the server's Retry-After if it
sent one, else after the next backoff step. Any other error (401, 404, a body that is not an order) ends it at
once. The wait never sleeps past the deadline: the last read happens at it. Each read is a single attempt (the
request loop's own retries are off during a wait), because that loop would sleep a Retry-After of up to a
minute without knowing the deadline; the wait itself is the retry loop.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .. import _retries
from .._logging import logger
from ..errors import APIConnectionError, APIError, InternalServerError, RateLimitError, WaitTimeoutError

if TYPE_CHECKING:
    from cubicasa_integrate_api.models import Order

__all__ = ["DEFAULT_INTERVAL", "DEFAULT_MAX_INTERVAL", "DEFAULT_WAIT_TIMEOUT", "Waiting"]

DEFAULT_WAIT_TIMEOUT = 3600.0
"""Seconds orders.wait waits by default. Delivery takes hours (floor plans are drawn by people): pass more."""
DEFAULT_INTERVAL = 10.0
DEFAULT_MAX_INTERVAL = 300.0
GROWTH = 1.5
JITTER = 0.2


def _number(value: float, name: str, *, minimum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= minimum:
        raise ValueError(f"{name} must be a number >= {minimum}, got {value!r}")
    return float(value)


class Waiting:
    """One wait: what it waits for, its deadline and backoff, and what the last read showed."""

    def __init__(
        self, order_id: str, until: str | Iterable[str], *, timeout: float, interval: float, max_interval: float
    ) -> None:
        self.order_id = order_id
        self.until = [until] if isinstance(until, str) else list(until)
        if not self.until or not all(isinstance(status, str) and status for status in self.until):
            raise ValueError(f"until must name at least one status, got {until!r}")
        self.timeout = _number(timeout, "timeout", minimum=0)
        self.interval = _number(interval, "interval", minimum=0.001)
        self.max_interval = max(self.interval, _number(max_interval, "max_interval", minimum=0.001))
        self.deadline = _retries.monotonic() + self.timeout
        self.polls = 0
        self.last_status: str | None = None

    def reached(self, order: Order) -> bool:
        self.polls += 1
        self.last_status = str(order.info.status)
        return self.last_status in self.until

    @staticmethod
    def transient(error: APIError) -> bool:
        """Whether a failed read leaves the wait going (anything else ends it with that error)."""
        return isinstance(error, APIConnectionError | RateLimitError | InternalServerError)

    def after_failure(self, error: APIError) -> float | None:
        """The wait before the next poll after a transient failure, or None when the deadline has passed."""
        self.polls += 1
        logger.warning("Reading order %s while waiting failed (%s); polling again.", self.order_id, error)
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            return self._bounded(error.retry_after)
        return self.next_wait()

    def next_wait(self) -> float | None:
        """Seconds until the next poll, or None when the deadline has passed."""
        step = min(self.max_interval, self.interval * GROWTH ** max(0, self.polls - 1))
        return self._bounded(step * random.uniform(1 - JITTER, 1 + JITTER))

    def _bounded(self, seconds: float) -> float | None:
        left = self.deadline - _retries.monotonic()
        if left <= 0:
            return None
        return min(seconds, left)

    def timed_out(self) -> WaitTimeoutError:
        shown = self.last_status if self.last_status is not None else "unknown (no read succeeded)"
        return WaitTimeoutError(
            f"order {self.order_id} did not reach {' or '.join(self.until)} within {self.timeout:g} s "
            f"({self.polls} reads; last status: {shown})",
            order_id=self.order_id,
            until=self.until,
            last_status=self.last_status,
        )

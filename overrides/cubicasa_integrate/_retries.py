"""When to retry a failed request, and how long to wait first (the loop itself is in _base_client).

Retried: connection failures, timeouts, 408, 429 and >= 500 - but only for requests that may safely be sent
twice (GET, PATCH, ...). A POST is retried only when it provably never reached the server (the connection could
not be opened): `post-purchase` buys things, and an unknown outcome is settled by re-reading the order instead.
"""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from ._constants import MAX_RETRY_AFTER
from ._logging import logger
from .errors import APIConnectionError, APIStatusError, RateLimitError

__all__ = ["RetryPolicy", "parse_retry_after"]

RETRYABLE_STATUSES = frozenset({408, 429})


def sleep(seconds: float) -> None:
    time.sleep(seconds)


def monotonic() -> float:
    """The clock waits are measured on (a seam for tests, like sleep)."""
    return time.monotonic()


async def async_sleep(seconds: float) -> None:
    import asyncio  # already loaded by the running event loop: not imported with the package

    await asyncio.sleep(seconds)


def parse_retry_after(value: str | None, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP date), None if absent or unreadable."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        seconds = (moment - now()).total_seconds()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)


def _retry_after(error: BaseException | None) -> float | None:
    """The wait an error response asked for (429 and 503 may carry Retry-After)."""
    if isinstance(error, RateLimitError):
        return error.retry_after
    if isinstance(error, APIStatusError):
        return parse_retry_after(error.headers.get("retry-after"))
    return None


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = MAX_RETRY_AFTER

    def should_retry(self, error: BaseException, *, idempotent: bool) -> bool:
        if isinstance(error, APIConnectionError):
            return idempotent or not error.request_sent
        if isinstance(error, APIStatusError):
            if (_retry_after(error) or 0.0) > self.max_retry_after:
                return False
            return idempotent and (error.status_code in RETRYABLE_STATUSES or error.status_code >= 500)
        return False

    def wait_before_retry(self, error: BaseException, retries_done: int, *, idempotent: bool) -> float | None:
        """Seconds to wait before retrying after `error`, or None when it is not retried (not retryable, or the
        retry budget is spent). Retry-After wins; otherwise "full jitter": a random wait up to
        initial * 2**retries_done (capped), so clients retrying together spread out."""
        if retries_done >= self.max_retries or not self.should_retry(error, idempotent=idempotent):
            return None
        retry_after = _retry_after(error)
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        import random  # on the first retry only: importing it costs about 3 ms at `import cubicasa_integrate`

        return random.uniform(0, min(self.max_backoff, self.initial_backoff * 2**retries_done))

    def log_retry(self, describe: str, wait: float, retries_done: int, error: BaseException) -> None:
        logger.info(
            "Retrying %s in %.2f s (attempt %d of %d) after: %s",
            describe,
            wait,
            retries_done + 2,
            self.max_retries + 1,
            error,
        )

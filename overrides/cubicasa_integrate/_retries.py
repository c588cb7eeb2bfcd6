"""When to retry a failed request, and how long to wait first. The loop itself is tenacity's.

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
from typing import TYPE_CHECKING, Any

from ._constants import MAX_RETRY_AFTER
from ._logging import logger
from .errors import APIConnectionError, APIStatusError, RateLimitError

if TYPE_CHECKING:  # tenacity is imported only when a request fails in a way worth retrying
    from tenacity import AsyncRetrying, RetryCallState, Retrying

__all__ = ["RetryPolicy", "parse_retry_after"]

RETRYABLE_STATUSES = frozenset({408, 429})


def sleep(seconds: float) -> None:
    time.sleep(seconds)


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

    def retries(self, error: BaseException, *, idempotent: bool) -> bool:
        """Whether a first failed attempt is retried at all (the loop decides about every later one)."""
        return self.max_retries > 0 and self.should_retry(error, idempotent=idempotent)

    def _backoff(self, state: RetryCallState) -> float:
        retry_after = _retry_after(state.outcome.exception() if state.outcome else None)
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        # "Full jitter": a random wait up to initial * 2**n (capped), so clients retrying together spread out.
        from tenacity import wait_random_exponential

        return float(wait_random_exponential(multiplier=self.initial_backoff, max=self.max_backoff)(state))

    def _options(self, describe: str, idempotent: bool) -> dict[str, Any]:
        from tenacity import stop_after_attempt

        def log_retry(state: RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            wait = state.next_action.sleep if state.next_action else 0.0
            logger.info(
                "Retrying %s in %.2f s (attempt %d of %d) after: %s",
                describe,
                wait,
                state.attempt_number + 1,
                self.max_retries + 1,
                error,
            )

        return {
            "stop": stop_after_attempt(self.max_retries + 1),
            "retry": lambda state: bool(
                state.outcome
                and state.outcome.failed
                and self.should_retry(state.outcome.exception(), idempotent=idempotent)
            ),
            "wait": self._backoff,
            "before_sleep": log_retry,
            "reraise": True,
        }

    def retrying(self, describe: str, *, idempotent: bool) -> Retrying:
        from tenacity import Retrying

        return Retrying(sleep=lambda seconds: sleep(seconds), **self._options(describe, idempotent))

    def async_retrying(self, describe: str, *, idempotent: bool) -> AsyncRetrying:
        from tenacity import AsyncRetrying

        return AsyncRetrying(sleep=lambda seconds: async_sleep(seconds), **self._options(describe, idempotent))

"""Time spent in the cyclic garbage collector, from `gc.callbacks`, wherever the collections run.

A library that pauses the collector (or merely allocates many tracked objects) moves GC work out of its own call
into whatever runs next: the collections still happen, later. Timing the call alone then hides them; adding up
every collection between a start and a stop does not. CPython calls each callback with "start" before and "stop"
after every collection, and never runs two collections at once, so the events must come in start/stop pairs: a
stop without a start, or a start inside another collection, means the count is wrong, and reading the totals
then raises instead of reporting a wrong number.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

__all__ = ["GcTime", "UnmatchedCollection"]


class UnmatchedCollection(RuntimeError):
    """The collector's start/stop events did not come in pairs, so the time counted is not the time spent."""


class GcTime:
    """Accumulates the seconds and the number of collections seen by `callback` (or while used as a context).

    The callback itself never raises: CPython only prints an exception raised in a GC callback (as unraisable) and
    goes on, so a problem is remembered and raised by `take()` and on leaving the context instead.
    """

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self.clock = clock
        self.seconds = 0.0
        self.collections = 0
        self._started: float | None = None
        self._problem: str | None = None

    def callback(self, phase: str, info: dict[str, Any]) -> None:
        now = self.clock()
        if phase == "start":
            if self._started is not None:
                self._problem = self._problem or "a collection started before the previous one stopped"
            self._started = now
            self.collections += 1
        elif phase == "stop":
            if self._started is None:
                self._problem = self._problem or "a collection stopped that never started"
                return
            self.seconds += now - self._started
            self._started = None

    def check(self) -> None:
        if self._problem is not None:
            raise UnmatchedCollection(self._problem)
        if self._started is not None:
            raise UnmatchedCollection("a collection started and never stopped")

    def take(self) -> tuple[float, int]:
        """(seconds, collections) counted so far, then zero; raises UnmatchedCollection if they cannot be trusted."""
        self.check()
        taken = self.seconds, self.collections
        self.seconds, self.collections = 0.0, 0
        return taken

    def __enter__(self) -> GcTime:
        gc.callbacks.append(self.callback)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        gc.callbacks.remove(self.callback)
        if kind is None:
            self.check()

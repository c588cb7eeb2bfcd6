"""What the sandbox keeps as history: the purchase ledger, the audit of the responses it sent, and how much
asset data it served.

Each lives behind the sandbox's one lock, read from test threads while the server thread writes.
"""

from __future__ import annotations

import threading

from ._model import LedgerEntry, ResponseViolation
from ._respcheck import ResponseChecker, evolved_checker, shared_checker

__all__ = ["AssetTraffic", "PurchaseLedger", "ResponseAudit"]


class PurchaseLedger:
    """Every purchase applied since the last reset, oldest first (the proof that a retry never buys twice)."""

    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._entries: list[LedgerEntry] = []

    def clear(self) -> None:
        with self._lock:
            self._entries = []

    def append(self, entry: LedgerEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    @property
    def entries(self) -> tuple[LedgerEntry, ...]:
        with self._lock:
            return tuple(self._entries)

    def of_order(self, order_id: str) -> tuple[LedgerEntry, ...]:
        return tuple(entry for entry in self.entries if entry.order_id == order_id)


class AssetTraffic:
    """Asset responses by status and the body bytes of the 200 and 206 ones, since the last reset: the proof that
    a sync with nothing new downloads nothing (its conditional requests all answered 304, with no body)."""

    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._bytes = 0
        self._responses: dict[int, int] = {}

    def clear(self) -> None:
        with self._lock:
            self._bytes, self._responses = 0, {}

    def response(self, status: int) -> None:
        with self._lock:
            self._responses[status] = self._responses.get(status, 0) + 1

    def body(self, status: int, size: int) -> None:
        if status in (200, 206):
            with self._lock:
                self._bytes += size

    @property
    def bytes_sent(self) -> int:
        with self._lock:
            return self._bytes

    @property
    def responses(self) -> dict[int, int]:
        with self._lock:
            return dict(self._responses)


class ResponseAudit:
    """Responses (and webhook events) checked against the spec, and those the spec does not allow.

    History, not state: a sandbox reset keeps it. `checker` is None unless `validate_responses` is on; an evolved
    sandbox's checker allows its deliberate type change and nothing else more (`_evolved.evolved_document`)."""

    def __init__(self, lock: threading.RLock, enabled: bool, evolved: bool = False) -> None:
        self._lock = lock
        self._violations: list[ResponseViolation] = []
        self._checked = 0
        self.checker: ResponseChecker | None = None
        if enabled:
            self.checker = evolved_checker() if evolved else shared_checker()

    def record(self, violation: ResponseViolation | None) -> None:
        """Count one checked response; keep it if it broke the spec."""
        with self._lock:
            self._checked += 1
            if violation is not None:
                self._violations.append(violation)

    @property
    def violations(self) -> tuple[ResponseViolation, ...]:
        with self._lock:
            return tuple(self._violations)

    @property
    def checked(self) -> int:
        with self._lock:
            return self._checked

"""What the sync and async batch share: the plan, the journal's bookkeeping, the shared pause, the report.

Only the I/O differs between the twins (threads and a sync client, or tasks and an async one); every decision is
made here, so both make the same ones. The order of steps for each purchase is what makes a rerun safe:

1. the row becomes `sending`, committed and fsynced (Journal.put), BEFORE orders.upgrade is called;
2. orders.upgrade reads the order (its snapshot), sends only what it lacks, never sends twice, and re-reads the
   order after an outcome it cannot know (its own safety, unchanged);
3. the row gets the outcome: bought, skipped (the order had it by then), in_doubt, failed.

A run killed between 1 and 3 leaves a `sending` row. The next run re-reads that order before it plans anything:
if the order shows what the row was buying, the row is `bought` (this batch bought it: the plan saw the order
without it); if it does not, nothing was applied and the order is planned again. No order is bought twice, and
the report counts every purchase of the batch, across its runs.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from .. import _retries
from .._logging import redact
from .._text import escape
from .._urls import path_id
from ..errors import (
    APIConnectionError,
    APIError,
    CubiCasaError,
    InternalServerError,
    NotPurchasableError,
    PurchaseStateUnknownError,
    RateLimitError,
)
from ..resources.orders import Purchase
from ._journal import IN_FLIGHT, Journal, JournalRow

if TYPE_CHECKING:
    from cubicasa_integrate_api.models import Order

    from ..resources._upgraded import UpgradedOrder

__all__ = ["Batch", "BatchPlan", "BatchReport", "Confirm", "OnOutcome", "OrderOutcome", "Outcome", "Step"]

Outcome: TypeAlias = Literal["planned", "bought", "skipped", "in_doubt", "failed", "pending"]
"""planned: in a plan, to be bought; pending: planned but not reached (the batch stopped: rate limited)."""

_OUTCOME_OF_STATE: dict[str, Outcome] = {
    "planned": "pending",
    "sending": "in_doubt",
    "bought": "bought",
    "in_doubt": "in_doubt",
    "failed": "failed",
    "skipped": "skipped",
}


def _clean(text: object) -> str:
    """Server text kept in the journal and the report: redacted and escaped once, at the source."""
    return escape(redact(str(text)))


@dataclass(frozen=True)
class OrderOutcome:
    """What the batch decided, or did, for one order."""

    order_id: str
    outcome: Outcome
    add_ons: tuple[str, ...]
    """What is bought (planned, bought, in_doubt, failed); what was asked for and not bought (skipped)."""
    reason: str = ""
    """Why an order is skipped: `already_has` (nothing it lacks), `not_offered` (its purchasable list does not
    offer it), `over_cap` (beyond max_purchases), `invalid_id` (the listing gave an id that is not a safe path
    segment: it is never sent)."""
    detail: str = ""
    """The error of a failed or in-doubt purchase, redacted and escaped."""
    earlier: bool = False
    """Settled by an earlier run of this batch (its journal), not by this one."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "order_id": self.order_id,
            "outcome": self.outcome,
            "add_ons": list(self.add_ons),
            "reason": self.reason,
            "detail": self.detail,
            "earlier": self.earlier,
        }


@dataclass(frozen=True)
class BatchPlan:
    """Which orders get what, before anything is sent: `to_buy` (one purchase each), `skipped` and `earlier`."""

    entries: tuple[OrderOutcome, ...]
    max_purchases: int
    journal: Path

    @property
    def to_buy(self) -> tuple[OrderOutcome, ...]:
        return tuple(e for e in self.entries if e.outcome == "planned")

    @property
    def skipped(self) -> tuple[OrderOutcome, ...]:
        return tuple(e for e in self.entries if e.outcome == "skipped")

    @property
    def earlier(self) -> tuple[OrderOutcome, ...]:
        """What earlier runs of this batch settled (bought, in doubt, failed): never sent again by this one."""
        return tuple(e for e in self.entries if e.earlier)


@dataclass(frozen=True)
class BatchReport:
    """Every order the batch looked at and what became of it, across all its runs (the journal's truth)."""

    outcomes: tuple[OrderOutcome, ...]
    plan: BatchPlan
    dry_run: bool = False
    declined: bool = False
    stopped: str = ""
    """Why the batch stopped before the end of its plan (a rate limit longer than max_pause), or empty."""

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def bought(self) -> int:
        return self.count("bought")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def in_doubt(self) -> int:
        return self.count("in_doubt")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def pending(self) -> int:
        return self.count("pending")

    @property
    def settled(self) -> bool:
        """Nothing failed, nothing in doubt, nothing left undone (a declined or dry run is not settled)."""
        return not (self.in_doubt or self.failed or self.pending or self.declined or self.dry_run)

    def to_dict(self) -> dict[str, Any]:
        return {
            "bought": self.bought,
            "skipped": self.skipped,
            "in_doubt": self.in_doubt,
            "failed": self.failed,
            "pending": self.pending,
            "planned": self.count("planned"),
            "dry_run": self.dry_run,
            "declined": self.declined,
            "stopped": self.stopped,
            "journal": str(self.plan.journal),
        }


Confirm: TypeAlias = Callable[[BatchPlan], bool]
OnOutcome: TypeAlias = Callable[[OrderOutcome], None]


def _backoff(attempt: int) -> float:
    """Full jitter (as the request loop's): workers retrying together spread out."""
    return random.uniform(0, min(8.0, 0.5 * 2**attempt))


class _Pause:
    """One clock every worker waits on before each attempt: a 429 pauses the whole batch, as the server asked."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._until = 0.0

    def extend(self, seconds: float) -> None:
        with self._lock:
            self._until = max(self._until, _retries.monotonic() + seconds)

    def remaining(self) -> float:
        with self._lock:
            return max(0.0, self._until - _retries.monotonic())


@dataclass(frozen=True)
class Step:
    """What a worker does after a failed attempt: wait `wait` seconds (then wait out the pause) and try again,
    or stop trying this order (`retry` False)."""

    retry: bool
    wait: float = 0.0


@dataclass
class Batch:
    """One run of a batch: its options, its journal, and what it decided and did so far."""

    journal: Journal
    add_ons: tuple[str, ...]
    statuses: tuple[str, ...] | None
    max_purchases: int
    dry_run: bool
    max_attempts: int
    max_pause: float
    on_outcome: OnOutcome | None
    rows: dict[str, JournalRow] = field(default_factory=dict)
    entries: list[OrderOutcome] = field(default_factory=list)
    pause: _Pause = field(default_factory=_Pause)
    stopped: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(
        cls,
        journal: str | Path,
        *,
        add_ons: Sequence[Any],
        statuses: Sequence[str] | None,
        max_purchases: int,
        dry_run: bool,
        max_attempts: int,
        max_pause: float,
        on_outcome: OnOutcome | None,
    ) -> Batch:
        if isinstance(add_ons, str):
            raise TypeError(f"add_ons must be a list of add-on names, e.g. [{add_ons!r}], not a string")
        names = tuple(dict.fromkeys(str(a) for a in add_ons))
        if not names:
            raise ValueError("nothing to buy: pass add_ons=[...]")
        if isinstance(max_purchases, bool) or not isinstance(max_purchases, int) or max_purchases < 0:
            raise ValueError(f"max_purchases must be an int >= 0, got {max_purchases!r}")
        if max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, not {max_attempts}")
        wanted = None if statuses is None else tuple([statuses] if isinstance(statuses, str) else statuses)
        opened = Journal(journal, create=not dry_run)
        try:
            opened.claim(names, wanted, write=not dry_run)
            rows = {row.order_id: row for row in opened.rows()}
        except BaseException:
            opened.close()
            raise
        return cls(opened, names, wanted, max_purchases, dry_run, max_attempts, max_pause, on_outcome, rows)

    # ------------------------------------------------------------------------------------------ journal writes
    def _write(self, row: JournalRow) -> None:
        with self._lock:
            self.rows[row.order_id] = row
        if not self.dry_run:
            self.journal.put(row)

    def _row(self, order_id: str, state: Any, add_ons: Iterable[str], reason: str = "", detail: str = "") -> JournalRow:
        known = self.rows.get(order_id)
        position = known.position if known is not None else len(self.rows)
        return JournalRow(order_id, position, state, tuple(add_ons), reason, _clean(detail), self.journal.run)

    # ------------------------------------------------------------------------------------------ resuming
    def unsettled(self) -> list[JournalRow]:
        """Rows an earlier run left in flight (sending, in_doubt): each order is re-read before anything is sent."""
        return [row for row in self.rows.values() if row.state in IN_FLIGHT]

    def settle(self, row: JournalRow, order: Order | None, error: APIError | None) -> Order | None:
        """After the re-read of an in-flight row's order: `bought` if it shows everything the row was buying (the
        plan saw it without, so this batch bought it); otherwise the order is returned to be planned again (its
        purchase was not applied). A failed re-read leaves the row in doubt: it is not sent this run."""
        if order is None:
            self._write(replace(row, state="in_doubt", detail=_clean(f"re-reading the order failed ({error})")))
            return None
        if not Purchase(row.order_id, row.add_ons, None).missing_from(order):
            self._write(self._row(row.order_id, "bought", row.add_ons, detail="confirmed by re-reading the order"))
            return None
        # Not applied, as far as the API shows: the order is planned again (and may be bought, once).
        self._write(self._row(row.order_id, "planned", row.add_ons, detail="re-read: the purchase was not applied"))
        return order

    # ------------------------------------------------------------------------------------------ planning
    def plan(self, listed: Iterable[Order], journal_path: Path) -> BatchPlan:
        """Decide, for every order listed (and every order a re-read returned), what it gets, in listing order.

        Earlier purchases of the batch (bought, or possibly bought: in doubt) count towards max_purchases; the
        orders beyond it are skipped as over_cap. Nothing is sent here and nothing is written yet."""
        earlier = {i: r for i, r in self.rows.items() if r.state in ("bought", "failed", *IN_FLIGHT)}
        made = sum(1 for r in earlier.values() if r.state != "failed")
        room = max(0, self.max_purchases - made)
        seen: set[str] = set()
        entries: list[OrderOutcome] = []
        for order in listed:
            if order.id in seen:
                continue
            seen.add(order.id)
            done = earlier.get(order.id)
            if done is not None and done.state != "failed":
                entries.append(self._outcome(done, earlier=True))
                continue
            try:  # an id the server chose that could leave its path segment is never put in a purchase's URL
                path_id(order.id, "order id")
            except (ValueError, TypeError) as invalid:
                entries.append(OrderOutcome(_clean(order.id), "skipped", self.add_ons, "invalid_id", _clean(invalid)))
                continue
            purchase = Purchase(order.id, self.add_ons, None)
            try:
                purchase.read_before(order)
            except NotPurchasableError as refused:
                entries.append(OrderOutcome(order.id, "skipped", self.add_ons, "not_offered", _clean(refused)))
                continue
            if not purchase.needed:
                entries.append(OrderOutcome(order.id, "skipped", tuple(purchase.already_had), "already_has"))
            elif room > 0:
                room -= 1
                entries.append(OrderOutcome(order.id, "planned", tuple(str(a) for a in purchase.add_ons)))
            else:
                entries.append(OrderOutcome(order.id, "skipped", tuple(str(a) for a in purchase.add_ons), "over_cap"))
        # What earlier runs did to orders the listing no longer shows is still part of the batch's report.
        entries += [self._outcome(row, earlier=True) for i, row in earlier.items() if i not in seen]
        self.entries = entries
        return BatchPlan(tuple(entries), self.max_purchases, journal_path)

    @staticmethod
    def _outcome(row: JournalRow, *, earlier: bool = False) -> OrderOutcome:
        return OrderOutcome(row.order_id, _OUTCOME_OF_STATE[row.state], row.add_ons, row.reason, row.detail, earlier)

    def record_plan(self) -> None:
        """Write the plan's decisions (after confirmation) and report the skipped orders."""
        rows = []
        for entry in self.entries:
            if entry.earlier:
                continue
            state = "planned" if entry.outcome == "planned" else "skipped"
            rows.append(self._row(entry.order_id, state, entry.add_ons, entry.reason, entry.detail))
        with self._lock:
            self.rows.update((row.order_id, row) for row in rows)
        if not self.dry_run:
            self.journal.put_all(rows)
        for entry in self.entries:
            if entry.outcome != "planned":
                self._tell(entry)

    def to_buy(self) -> list[OrderOutcome]:
        return [entry for entry in self.entries if entry.outcome == "planned" and not entry.earlier]

    # ------------------------------------------------------------------------------------------ buying
    def begin(self, entry: OrderOutcome) -> None:
        """The `sending` row, on disk before anything of this purchase is sent."""
        self._write(self._row(entry.order_id, "sending", entry.add_ons))

    def bought(self, entry: OrderOutcome, upgraded: UpgradedOrder) -> None:
        outcome = upgraded.purchase
        if outcome.sent:
            self._finish(entry, "bought", outcome.bought)
        else:  # bought by someone else between the plan and this purchase's own snapshot
            self._finish(entry, "skipped", outcome.already_had, reason="already_has")

    def failed(self, entry: OrderOutcome, error: CubiCasaError) -> None:
        """A purchase that ended in an error: in doubt if it may have been applied, else failed (nothing bought)."""
        if isinstance(error, PurchaseStateUnknownError):
            self._finish(entry, "in_doubt", entry.add_ons, detail=str(error))
        elif isinstance(error, NotPurchasableError):  # the order changed since the plan: nothing was sent
            self._finish(entry, "skipped", entry.add_ons, reason="not_offered", detail=str(error))
        else:
            self._finish(entry, "failed", entry.add_ons, detail=str(error))

    def put_back(self, entry: OrderOutcome) -> None:
        """The batch stopped before this order's purchase was sent (every attempt proved nothing was sent)."""
        self._finish(entry, "planned", entry.add_ons, detail=self.stopped)

    def _finish(
        self, entry: OrderOutcome, state: str, add_ons: Iterable[str], *, reason: str = "", detail: str = ""
    ) -> None:
        row = self._row(entry.order_id, state, add_ons, reason, detail)
        self._write(row)
        self._tell(self._outcome(row))

    def _tell(self, outcome: OrderOutcome) -> None:
        if self.on_outcome is not None:
            self.on_outcome(outcome)

    def may_send(self, entry: OrderOutcome) -> bool:
        """Whether the next attempt of `entry` may go out (False once the batch stopped: it is put back)."""
        if self.stopped:
            self.put_back(entry)
            return False
        return True

    def after_attempt(
        self, entry: OrderOutcome, attempt: int, upgraded: UpgradedOrder | None, error: CubiCasaError | None
    ) -> float | None:
        """Journal what one attempt of orders.upgrade came to; None when the purchase is settled, else the seconds
        to wait before the next attempt (then the shared pause too)."""
        if upgraded is not None:
            self.bought(entry, upgraded)
            return None
        assert error is not None
        if isinstance(error, APIError):
            step = self._after_failure(error, attempt)
            if step.retry:
                return step.wait
            if self.stopped:
                self.put_back(entry)
                return None
        self.failed(entry, error)
        return None

    def _after_failure(self, error: APIError, attempt: int) -> Step:
        """Whether a failed attempt is tried again: only when it proves nothing was bought (the purchase was
        refused with 429, or never sent: the snapshot read failed, the connection could not be opened) and the
        failure is transient. A 429 pauses every worker for its Retry-After; one longer than max_pause stops the
        batch (the rest stays planned: rerun later)."""
        if not _nothing_sent(error) or attempt >= self.max_attempts:
            return Step(retry=False)
        if isinstance(error, RateLimitError):
            wait = error.retry_after if error.retry_after is not None else _backoff(attempt)
            if wait > self.max_pause:
                self.stopped = _clean(f"rate limited for {wait:g} s (more than max_pause, {self.max_pause:g} s)")
                return Step(retry=False)
            self.pause.extend(wait)
            return Step(retry=True)
        if isinstance(error, APIConnectionError | InternalServerError) or getattr(error, "status_code", 0) == 408:
            return Step(retry=True, wait=_backoff(attempt))
        return Step(retry=False)

    # ------------------------------------------------------------------------------------------ the report
    def report(self, plan: BatchPlan, *, declined: bool = False) -> BatchReport:
        """Every entry of the plan with what became of it (a dry or declined run: the plan as it stands)."""
        outcomes = []
        for entry in self.entries:
            row = self.rows.get(entry.order_id)
            if self.dry_run or declined or entry.earlier or row is None:
                outcomes.append(entry)
            else:
                outcomes.append(self._outcome(row, earlier=False))
        return BatchReport(tuple(outcomes), plan, self.dry_run, declined, self.stopped)

    def close(self) -> None:
        self.journal.close()


def _nothing_sent(error: APIError) -> bool:
    """Whether `error`, raised by orders.upgrade, proves the purchase was not applied: the server refused it with
    429 (it is a definite answer), or it was never sent (the snapshot read failed; no connection)."""
    if error.method != "POST":
        return True
    if isinstance(error, RateLimitError):
        return True
    return isinstance(error, APIConnectionError) and not error.request_sent

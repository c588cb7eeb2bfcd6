"""Batch purchases: buy add-ons for every order that lacks them, with a plan, a cap, and a journal a rerun trusts.

    from cubicasa_integrate import CubiCasa
    from cubicasa_integrate.batch import upgrade_orders

    with CubiCasa() as client:
        report = upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=50,
                                journal="gla-batch.sqlite3", confirm=lambda plan: len(plan.to_buy) <= 50)
    print(report.bought, report.skipped, report.in_doubt, report.failed)

`async_upgrade_orders(aclient, ...)` is the asyncio twin; `cubicasa orders buy` is the command. What happens, in
order:

1. **Resume.** Orders an earlier run of this journal left in flight (killed after the purchase was journalled,
   before its outcome was) are re-read first: an order that shows the add-ons was bought by the batch; one that
   does not was not, and is planned again. Nothing is sent before that.
2. **Plan.** The orders in `status` are listed (newest first); each gets what it lacks of `add_ons` (one purchase
   per order), or is skipped: it already has all of it, its purchasable list does not offer it, or the cap is
   reached (`max_purchases` counts every purchase the journal holds, earlier runs' included).
3. **Confirm.** `confirm(plan)` (if given) sees the plan; False sends nothing. `dry_run=True` stops here, writing
   nothing.
4. **Buy.** `concurrency` workers call `orders.upgrade` (its snapshot, never-twice and re-read safety unchanged),
   each purchase journalled as `sending`, fsynced, before it is sent, and its outcome after. A 429 pauses every
   worker for its Retry-After; attempts that prove nothing was sent (a failed snapshot read, no connection) are
   retried up to `max_attempts`, nothing else is.
5. **Report.** bought, skipped, in doubt, failed (and pending: planned, not reached), order by order, across the
   batch's runs: what the API's ledger shows for it.

The journal (SQLite; see _journal) belongs to one batch: the same add-ons and statuses. Rerun the same call (or
command) with the same journal after a crash, a kill or a purchase left in doubt; start a new batch with a new one.
"""

from __future__ import annotations

import asyncio
import os
import queue
import threading
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from .. import _retries
from .._constants import MAX_RETRY_AFTER
from ..errors import APIError, CubiCasaError
from ._engine import Batch, BatchPlan, BatchReport, Confirm, OnOutcome, OrderOutcome, Outcome
from ._journal import Journal, JournalError, JournalRow

if TYPE_CHECKING:
    from cubicasa_integrate_api.models import Order

    from .._client import AsyncCubiCasa, CubiCasa
    from ..resources.orders import AddOnName, AsyncOrders, Orders

__all__ = [
    "DEFAULT_CONCURRENCY",
    "BatchPlan",
    "BatchReport",
    "Confirm",
    "Journal",
    "JournalError",
    "JournalRow",
    "OnOutcome",
    "OrderOutcome",
    "Outcome",
    "async_upgrade_orders",
    "upgrade_orders",
]

DEFAULT_CONCURRENCY = 4
"""Purchases in flight at once by default: few, since each is a charge and the API's rate limits are not
documented; a 429 pauses all of them anyway."""
_PAGE_SIZE = 100


def _orders_of(client: CubiCasa | Orders) -> Orders:
    from ..resources.orders import Orders

    return client if isinstance(client, Orders) else client.orders


def _async_orders_of(client: AsyncCubiCasa | AsyncOrders) -> AsyncOrders:
    from ..resources.orders import AsyncOrders

    return client if isinstance(client, AsyncOrders) else client.orders


def _one_attempt_orders(orders: Orders) -> Orders:
    """The same orders on the same pool with no retries of their own: the batch retries an attempt only when it
    proves nothing was sent, after waiting out the pause every worker shares (the request loop would sleep a
    429's Retry-After in one worker while the others go on sending)."""
    from ..resources.orders import Orders, _one_attempt

    return Orders(_one_attempt(orders._api))


def _async_one_attempt_orders(orders: AsyncOrders) -> AsyncOrders:
    from ..resources.orders import AsyncOrders, _one_attempt

    return AsyncOrders(_one_attempt(orders._api))


def _check_concurrency(concurrency: int) -> int:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"concurrency must be an int >= 1, got {concurrency!r}")
    return concurrency


def upgrade_orders(
    client: CubiCasa | Orders,
    *,
    add_ons: Sequence[AddOnName],
    max_purchases: int,
    journal: str | os.PathLike[str],
    status: str | Sequence[str] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    dry_run: bool = False,
    confirm: Confirm | None = None,
    on_outcome: OnOutcome | None = None,
    max_attempts: int = 4,
    max_pause: float = MAX_RETRY_AFTER,
) -> BatchReport:
    """Buy `add_ons` for every order in `status` that lacks them, at most `max_purchases` purchases, journalled
    in `journal` (see the module's docstring for the steps). Returns the report; raises JournalError when the
    journal cannot be used (nothing is sent then), and the API's errors when the orders cannot be listed.

    `confirm(plan) -> bool` is asked once, before anything is sent; `on_outcome(outcome)` is told each order's
    outcome as it is settled (from the worker threads: make it thread-safe). Purchases run in `concurrency`
    threads sharing the client's connection pool.
    """
    workers = _check_concurrency(concurrency)
    orders = _orders_of(client)
    batch = Batch.open(Path(journal), add_ons=add_ons, statuses=_statuses(status),
                       max_purchases=max_purchases, dry_run=dry_run, max_attempts=max_attempts, max_pause=max_pause,
                       on_outcome=on_outcome)  # fmt: skip
    try:
        reread = [order for row in batch.unsettled() if (order := batch.settle(row, *_read(orders, row))) is not None]
        listed = orders.list(status=batch.statuses, page_size=_PAGE_SIZE)
        plan = batch.plan(chain(reread, listed), Path(journal))
        if not _go_ahead(batch, plan, confirm):
            return batch.report(plan, declined=not dry_run)
        _buy_in_threads(batch, _one_attempt_orders(orders), workers)
        return batch.report(plan)
    finally:
        batch.close()


def _read(orders: Orders, row: JournalRow) -> tuple[Order | None, APIError | None]:
    """The re-read of an order left in flight (with the client's retries: a read may be sent again)."""
    try:
        return orders.get(row.order_id), None
    except APIError as error:
        return None, error


async def _async_read(orders: AsyncOrders, row: JournalRow) -> tuple[Order | None, APIError | None]:
    try:
        return await orders.get(row.order_id), None
    except APIError as error:
        return None, error


def _go_ahead(batch: Batch, plan: BatchPlan, confirm: Confirm | None) -> bool:
    """Whether the plan is bought: not in a dry run, not when `confirm` says no. Then it is journalled."""
    if batch.dry_run or (confirm is not None and not confirm(plan)):
        return False
    batch.record_plan()
    return True


def _statuses(status: str | Sequence[str] | None) -> list[str] | None:
    if status is None:
        return None
    return [status] if isinstance(status, str) else [str(s) for s in status]


def _buy_one(batch: Batch, orders: Orders, entry: OrderOutcome) -> None:
    batch.begin(entry)  # fsynced: from here on, a kill leaves a row the next run re-reads
    attempt = 0
    while True:
        while (left := batch.pause.remaining()) > 0:
            _retries.sleep(left)
        if not batch.may_send(entry):
            return
        attempt += 1
        try:
            upgraded = orders.upgrade(entry.order_id, add_ons=_add_ons(entry))
        except CubiCasaError as error:  # the API's errors, PurchaseStateUnknownError, NotPurchasableError
            wait = batch.after_attempt(entry, attempt, None, error)
        else:  # outside the try: a journal that cannot be written is not an outcome of the purchase
            wait = batch.after_attempt(entry, attempt, upgraded, None)
        if wait is None:
            return
        _retries.sleep(wait)


def _buy_in_threads(batch: Batch, orders: Orders, workers: int) -> None:
    """`workers` threads take the planned purchases in plan order. On Ctrl-C (in the calling thread) no new
    purchase starts; the ones in flight finish and are journalled before it is raised."""
    todo: queue.SimpleQueue[OrderOutcome] = queue.SimpleQueue()
    for entry in batch.to_buy():
        todo.put(entry)
    halt = threading.Event()
    errors: list[BaseException] = []
    finished = [threading.Event() for _ in range(workers)]

    def work(done: threading.Event) -> None:
        try:
            while not halt.is_set():
                try:
                    entry = todo.get_nowait()
                except queue.Empty:
                    return
                _buy_one(batch, orders, entry)
        except BaseException as error:  # a journal that cannot be written: stop everything
            errors.append(error)
            halt.set()
        finally:
            done.set()

    for n, done in enumerate(finished):
        threading.Thread(target=work, args=(done,), name=f"cubicasa-batch-{n}", daemon=True).start()
    try:
        for done in finished:
            while not done.wait(0.1):
                pass
    except BaseException:
        # Ctrl-C: no new purchase starts; wait for those in flight to be journalled. Each worker's own event,
        # not Thread.join: a join interrupted by KeyboardInterrupt may mark a live thread stopped (Python 3.11).
        halt.set()
        for done in finished:
            done.wait()
        raise
    if errors:
        raise errors[0]


async def async_upgrade_orders(
    client: AsyncCubiCasa | AsyncOrders,
    *,
    add_ons: Sequence[AddOnName],
    max_purchases: int,
    journal: str | os.PathLike[str],
    status: str | Sequence[str] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    dry_run: bool = False,
    confirm: Confirm | None = None,
    on_outcome: OnOutcome | None = None,
    max_attempts: int = 4,
    max_pause: float = MAX_RETRY_AFTER,
) -> BatchReport:
    """upgrade_orders for an AsyncCubiCasa: the same steps, purchases in `concurrency` tasks."""
    workers = _check_concurrency(concurrency)
    orders = _async_orders_of(client)
    batch = Batch.open(Path(journal), add_ons=add_ons, statuses=_statuses(status),
                       max_purchases=max_purchases, dry_run=dry_run, max_attempts=max_attempts, max_pause=max_pause,
                       on_outcome=on_outcome)  # fmt: skip
    try:
        reread = []
        for row in batch.unsettled():
            if (order := batch.settle(row, *await _async_read(orders, row))) is not None:
                reread.append(order)
        listed = [order async for order in orders.list(status=batch.statuses, page_size=_PAGE_SIZE)]
        plan = batch.plan(chain(reread, listed), Path(journal))
        if not _go_ahead(batch, plan, confirm):
            return batch.report(plan, declined=not dry_run)
        single = _async_one_attempt_orders(orders)
        todo = iter(batch.to_buy())

        async def work() -> None:
            for entry in todo:  # one shared iterator: each entry is taken by exactly one task
                await _async_buy_one(batch, single, entry)

        await asyncio.gather(*(work() for _ in range(workers)))
        return batch.report(plan)
    finally:
        batch.close()


async def _async_buy_one(batch: Batch, orders: AsyncOrders, entry: OrderOutcome) -> None:
    batch.begin(entry)  # fsynced before the purchase is sent (see _buy_one)
    attempt = 0
    while True:
        while (left := batch.pause.remaining()) > 0:
            await _retries.async_sleep(left)
        if not batch.may_send(entry):
            return
        attempt += 1
        try:
            upgraded = await orders.upgrade(entry.order_id, add_ons=_add_ons(entry))
        except CubiCasaError as error:
            wait = batch.after_attempt(entry, attempt, None, error)
        else:
            wait = batch.after_attempt(entry, attempt, upgraded, None)
        if wait is None:
            return
        await _retries.async_sleep(wait)


def _add_ons(entry: OrderOutcome) -> list[AddOnName]:
    """The planned add-ons as orders.upgrade takes them (AddOn is an open enum: a name the spec lacks passes)."""
    from cubicasa_integrate_api.models import AddOn

    return [AddOn(name) for name in entry.add_ons]

"""The reliability tier: the real client against the sandbox over loopback HTTP, under faults, load and bad input.

Every purchase made here is checked against the sandbox's ledger, and the tier ends with a one-line summary:
faults tried, calls made, purchases applied, duplicates (must be 0), lost (must be 0) (printed by
tests/conftest.py, which also sums the counts of pytest-xdist workers).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import checked_sandbox
from tests.reliability.tally import TALLY, Tally


@pytest.fixture(scope="session")
def tally() -> Tally:
    return TALLY


@pytest.fixture(scope="session")
def _shared_sandbox() -> Iterator[RunningSandbox]:
    # Enough seeded orders that every purchase of the tier can use an (order, add-on) pair of its own.
    # webhook_timeout: generous, as no test here is about it; a receiver slowed by a loaded machine must not be
    # retried, which would change what the webhook tests count.
    with checked_sandbox(orders=600, seed=7, webhook_timeout=30.0) as running:
        yield running


class FreshOrders:
    """Hands out whole orders that no other test of this process was given and nothing has bought on yet.

    The tier shares one sandbox per process (seeding 600 orders per test would cost more than the tests), so a
    test that counts the purchases of an order, or moves its status, must own that order: an order picked by
    "not bought yet" alone may already carry another test's purchase of a different add-on, and the count is off
    by one depending on which tests ran before on the same pytest-xdist worker.
    """

    def __init__(self, running: RunningSandbox) -> None:
        self._sandbox = running.sandbox
        self._given: set[str] = set()

    def take(self, *statuses: str) -> str:
        """An order of one of `statuses` (any, if none given) that is this caller's alone."""
        return next(self._fresh(statuses, need_add_on=False))

    def purchasable(self) -> Iterator[tuple[str, str]]:
        """(order id, add-on it offers): a fresh order for every pair."""
        for order_id in self._fresh((), need_add_on=True):
            yield order_id, self._sandbox.record(order_id).purchasable_add_ons[0]

    def _fresh(self, statuses: tuple[str, ...], need_add_on: bool) -> Iterator[str]:
        while True:
            order_id = next(
                (
                    order_id
                    for order_id in self._sandbox.order_ids(*statuses)
                    if order_id not in self._given
                    and not self._sandbox.purchases(order_id)
                    and (not need_add_on or self._sandbox.record(order_id).purchasable_add_ons)
                ),
                None,
            )
            if order_id is None:
                raise LookupError("the shared sandbox has no fresh order left: seed more (orders= in conftest.py)")
            self._given.add(order_id)
            yield order_id


@pytest.fixture(scope="session")
def fresh_orders(_shared_sandbox: RunningSandbox) -> FreshOrders:
    return FreshOrders(_shared_sandbox)


@pytest.fixture
def running(_shared_sandbox: RunningSandbox) -> Iterator[RunningSandbox]:
    _shared_sandbox.sandbox.clear_faults()
    yield _shared_sandbox
    _shared_sandbox.sandbox.clear_faults()

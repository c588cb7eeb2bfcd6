"""The reliability tier: the real client against the sandbox over loopback HTTP, under faults, load and bad input.

Every purchase made here is checked against the sandbox's ledger, and the tier ends with a one-line summary:
faults tried, calls made, purchases applied, duplicates (must be 0), lost (must be 0) (printed by
tests/conftest.py, which also sums the counts of pytest-xdist workers).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cubicasa_integrate.sandbox import RunningSandbox
from tests.e2e.support import checked_sandbox
from tests.reliability.tally import TALLY, Tally


@pytest.fixture(scope="session")
def tally() -> Tally:
    return TALLY


@pytest.fixture(scope="session")
def _shared_sandbox() -> Iterator[RunningSandbox]:
    # Enough seeded orders that every purchase of the tier can use an (order, add-on) pair of its own.
    with checked_sandbox(orders=600, seed=7) as running:
        yield running


@pytest.fixture
def running(_shared_sandbox: RunningSandbox) -> Iterator[RunningSandbox]:
    _shared_sandbox.sandbox.clear_faults()
    yield _shared_sandbox
    _shared_sandbox.sandbox.clear_faults()

"""Load over real loopback HTTP: many concurrent reads, and very long listings in constant memory."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator

import httpx
import pytest

from cubicasa_integrate import AsyncCubiCasa, CubiCasa
from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import checked_sandbox
from tests.reliability.tally import Tally


@pytest.fixture(scope="module")
def big() -> Iterator[RunningSandbox]:
    with checked_sandbox(orders=10_000, seed=3) as running:
        yield running


def test_a_thousand_async_gets_with_a_hundred_in_flight(big: RunningSandbox, tally: Tally) -> None:
    order_ids = big.sandbox.order_ids()[:1000]
    in_flight = 0
    peak = 0

    async def main() -> list[str]:
        nonlocal in_flight, peak
        limit = asyncio.Semaphore(100)
        async with AsyncCubiCasa(big.api_key, base_url=big.base_url, timeout=30.0) as client:

            async def get(order_id: str) -> str:
                nonlocal in_flight, peak
                async with limit:
                    in_flight += 1
                    peak = max(peak, in_flight)
                    try:
                        return (await client.orders.get(order_id)).id
                    finally:
                        in_flight -= 1

            return await asyncio.gather(*(get(order_id) for order_id in order_ids))

    assert asyncio.run(main()) == order_ids
    tally.calls += len(order_ids)
    assert peak == 100
    # Every connection the client opened is closed again: nothing leaks past `async with`.
    assert wait_for(lambda: big.sandbox.open_connections == 0)


def wait_for(predicate: object, timeout: float = 30.0) -> bool:
    # Generous: the wait ends as soon as the predicate holds, and a loaded machine may take seconds to close
    # a hundred connections.
    from tests.e2e.support import wait_until

    return wait_until(predicate, timeout)


@pytest.fixture(scope="module")
def separate_process() -> Iterator[str]:
    """A 10,000-order sandbox in its own process, so that tracing memory here sees the client alone."""
    # run_forever itself, not `cubicasa sandbox`: the command line has no switch for response validation.
    run = (
        "from cubicasa_sandbox import run_forever; run_forever(port=0, orders=10_000, seed=3, api_key='e2e-key',"
        " validate_responses=True, log_level='warning')"
    )
    command = [sys.executable, "-c", run]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            root = process.stdout.readline().split(" on ", 1)[1].strip()
            yield root
            violations = httpx.get(f"{root}/_sandbox/violations", timeout=10).json()
            assert violations["checked"] >= 100
            assert violations["violations"] == []
        finally:
            process.terminate()
            process.wait(10)


def test_ten_thousand_orders_listed_lazily_in_constant_memory(separate_process: str, tally: Tally) -> None:
    seen = 0
    retained: dict[int, int] = {}
    with CubiCasa("e2e-key", base_url=separate_process + "/api/integrate/v3") as client:
        gc.collect()
        tracemalloc.start()
        try:
            for order in client.orders.list(page_size=100):
                seen += 1
                assert order.id
                if seen in (1_000, 5_000, 10_000):
                    gc.collect()
                    retained[seen] = tracemalloc.get_traced_memory()[0]
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    tally.calls += 100
    assert seen == 10_000
    # One page of 100 decoded orders is well under 2 MB; holding all 10,000 would be ~50 MB.
    assert peak < 12 * 1024 * 1024
    assert retained[10_000] < retained[1_000] + 2 * 1024 * 1024

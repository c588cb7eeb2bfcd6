"""`cubicasa orders buy` killed with SIGKILL at random moments while it buys, again and again, then run to the end.

The promise (cubicasa_integrate/batch): each purchase is journalled as `sending`, fsynced, before it is sent; a
rerun re-reads every order left in flight before it sends anything. So however many times the command is killed,
and wherever, each order's add-on is bought exactly once (the sandbox's ledger counts), and the final run's report
says bought for exactly the orders the ledger shows.

The kills land while the command buys: each waits for a seeded number of purchase requests of that run (0 to 3:
0 kills it while it starts, lists or plans), then a seeded jitter. The sandbox answers purchases late (`latency`,
before it applies them, and `slow`, after), so the windows that matter are wide: sent but not applied, applied
but its answer not yet read.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from cubicasa_sandbox import RunningSandbox, SandboxConfig, serve
from tests.e2e.support import wait_until
from tests.e2e.test_batch import WatchedSandbox
from tests.reliability.tally import HOSTILE_KEY, Tally

KILLS = 20
SEED = 20261207
COMMAND = "import sys; from cubicasa_integrate.cli import main; sys.exit(main(sys.argv[1:]))"
FAULTS = ("latency;ms=30;route=upgradeOrder", "slow;seconds=0.05;route=upgradeOrder;p=0.5")


@pytest.fixture(scope="module")
def slow_purchases() -> Iterator[RunningSandbox]:
    config = SandboxConfig(api_key=HOSTILE_KEY, orders=200, seed=41, faults=FAULTS, validate_responses=True)
    with serve(sandbox=WatchedSandbox(config), log_level="error") as running:
        yield running
        assert [v.to_dict() for v in running.sandbox.response_violations] == []


def buy(running: RunningSandbox, journal: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CUBICASA_API_KEY": HOSTILE_KEY, "CUBICASA_LOG": "", "PYTHONPATH": os.pathsep.join(sys.path)}
    args = ["--base-url", running.base_url, "orders", "buy", "--status", "Ready", "--add-on", "gla", "--max", "1000",
            "--journal", str(journal), "--concurrency", "3", "--yes", *extra]  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-c", COMMAND, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def in_flight_rows(journal: Path) -> list[str]:
    db = sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=10)
    try:
        return [str(row[0]) for row in db.execute("SELECT order_id FROM orders WHERE state = 'sending'")]
    finally:
        db.close()


def test_kill_9_while_buying_then_a_rerun_buys_each_order_once(
    tally: Tally, slow_purchases: RunningSandbox, tmp_path: Path
) -> None:
    sandbox = slow_purchases.sandbox
    assert isinstance(sandbox, WatchedSandbox)
    wanted = {i for i in sandbox.order_ids("Ready") if "gla" not in sandbox.record(i).add_ons}
    assert len(wanted) > 3 * KILLS, "enough orders that every kill lands while some are still to buy"
    journal = tmp_path / "batch.sqlite3"
    moments = random.Random(SEED)
    in_flight = 0
    for _ in range(KILLS):
        posts_before = len(sandbox.posts)
        after_posts, jitter = moments.randint(0, 3), moments.uniform(0, 0.06)
        process = buy(slow_purchases, journal)
        try:
            arrived = lambda before=posts_before, n=after_posts: len(sandbox.posts) - before >= n  # noqa: E731
            assert wait_until(arrived, timeout=30, interval=0.002)
            time.sleep(jitter)
            assert process.poll() is None, "the kill must land while the command runs"
        finally:
            process.send_signal(signal.SIGKILL)
            process.communicate()
        assert process.returncode == -signal.SIGKILL
        sent = {order for _, order in sandbox.posts[posts_before:]}
        in_flight += bool(journal.exists() and sent & set(in_flight_rows(journal)))
    bought_so_far = {entry.order_id for entry in sandbox.ledger}
    assert bought_so_far, "the killed runs bought some orders"
    assert bought_so_far < wanted, "some orders were still to buy after the kills"

    rerun = buy(slow_purchases, journal, "--json")
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()
    *outcomes, summary = [json.loads(line) for line in out.decode().splitlines()]
    ledger = Counter(entry.order_id for entry in sandbox.ledger)
    reported = {o["order_id"] for o in outcomes if o["outcome"] == "bought"}
    twice = sorted(order for order, count in ledger.items() if count > 1)
    misreported = sorted(reported ^ set(ledger))
    tally.batch_against_ledger(KILLS, twice, misreported)
    tally.purchases_applied += len(ledger)
    assert set(ledger) == wanted, "every order that lacked gla has it, bought by the batch"
    assert summary["bought"] == len(ledger)
    assert (summary["in_doubt"], summary["failed"], summary["pending"]) == (0, 0, 0)
    assert all(entry.add_ons == ("gla",) for entry in sandbox.ledger)
    tally.no_leak(HOSTILE_KEY, out.decode(), err.decode())
    # Most kills leave a purchase this run sent in flight (journalled as sending, its outcome unknown): the case
    # the rerun must settle by re-reading. 15 of 20 when measured; the floor is far below, so it cannot flake.
    assert in_flight >= 8, f"only {in_flight} of {KILLS} kills left a purchase in flight"

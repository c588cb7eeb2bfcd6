"""Batch purchases (cubicasa_integrate.batch, issue 25 finding 2) against the sandbox, judged by its ledger.

Before this module there was no batch at all: a user looped over orders.list + upgrade, with no plan, no cap and
no journal (the loop this file's first test would have been). Each check below was shown to fail on a broken
batch: the mutants of tests/mutation/mutants.yaml (journal write skipped, cap ignored, in-flight rows re-sent
without re-reading) each fail one of them.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cubicasa_integrate import AsyncCubiCasa, CubiCasa
from cubicasa_integrate.batch import (
    BatchPlan,
    BatchReport,
    Journal,
    JournalError,
    OrderOutcome,
    async_upgrade_orders,
    upgrade_orders,
)
from cubicasa_sandbox import RunningSandbox, Sandbox, SandboxConfig, serve


class WatchedSandbox(Sandbox):
    """A sandbox that remembers when each purchase request arrived and what it answered, and can look at the
    batch journal at the moment a purchase arrives (before the sandbox applies it)."""

    def __init__(self, config: SandboxConfig) -> None:
        super().__init__(config)
        self.posts: list[tuple[float, str]] = []
        self.answers: list[tuple[float, int]] = []
        self.journal: Path | None = None
        self.journal_states: list[str | None] = []
        self._watch = threading.Lock()

    @property
    def app(self) -> Any:
        inner = super().app

        async def watching(scope: Any, receive: Any, send: Any) -> None:
            path = scope.get("path", "")
            if scope["type"] != "http" or scope["method"] != "POST" or not path.endswith("/post-purchase"):
                await inner(scope, receive, send)
                return
            order_id = path.rsplit("/", 2)[-2]
            with self._watch:
                self.posts.append((time.monotonic(), order_id))
                if self.journal is not None:
                    self.journal_states.append(journal_state(self.journal, order_id))

            async def sending(message: Any) -> None:
                if message["type"] == "http.response.start":
                    with self._watch:
                        self.answers.append((time.monotonic(), int(message["status"])))
                await send(message)

            await inner(scope, receive, sending)

        return watching

    def reset(self) -> None:
        super().reset()
        if hasattr(self, "posts"):
            self.posts, self.answers, self.journal, self.journal_states = [], [], None, []


def journal_state(journal: Path, order_id: str) -> str | None:
    """The order's row as another process would read it from disk now (a connection of its own)."""
    db = sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=10)
    try:
        row = db.execute("SELECT state FROM orders WHERE order_id = ?", (order_id,)).fetchone()
    finally:
        db.close()
    return None if row is None else str(row[0])


@pytest.fixture(scope="module")
def served() -> Iterator[RunningSandbox]:
    config = SandboxConfig(api_key="batch-key", orders=80, seed=11, validate_responses=True)
    with serve(sandbox=WatchedSandbox(config), log_level="error") as running:
        yield running
        assert [v.to_dict() for v in running.sandbox.response_violations] == []


@pytest.fixture
def running(served: RunningSandbox) -> RunningSandbox:
    served.sandbox.reset()
    return served


def watched(running: RunningSandbox) -> WatchedSandbox:
    assert isinstance(running.sandbox, WatchedSandbox)
    return running.sandbox


def client_of(running: RunningSandbox, **options: Any) -> CubiCasa:
    return CubiCasa(running.api_key, base_url=running.base_url, **options)


@pytest.fixture(params=["sync", "async"])
def twin(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def run_batch(
    twin: str, running: RunningSandbox, client_options: dict[str, Any] | None = None, **kw: Any
) -> BatchReport:
    """upgrade_orders, or async_upgrade_orders in an event loop of its own: the twins must behave alike."""
    options = client_options or {}
    if twin == "sync":
        with client_of(running, **options) as client:
            return upgrade_orders(client, **kw)

    async def main() -> BatchReport:
        async with AsyncCubiCasa(running.api_key, base_url=running.base_url, **options) as client:
            return await async_upgrade_orders(client, **kw)

    return asyncio.run(main())


def lacking_gla(running: RunningSandbox) -> list[str]:
    sandbox = running.sandbox
    return [i for i in sandbox.order_ids("Ready") if "gla" not in sandbox.record(i).add_ons]


def ledger_orders(running: RunningSandbox) -> list[str]:
    return [entry.order_id for entry in running.sandbox.ledger]


def bought_ids(report: BatchReport) -> set[str]:
    return {o.order_id for o in report.outcomes if o.outcome == "bought"}


def assert_matches_ledger(report: BatchReport, running: RunningSandbox) -> None:
    """The report's purchases are the ledger's: each order once, nothing more, nothing less."""
    bought = ledger_orders(running)
    assert len(bought) == len(set(bought)), f"an order was bought twice: {bought}"
    assert bought_ids(report) == set(bought)
    assert all(entry.add_ons == ("gla",) for entry in running.sandbox.ledger)


def test_the_plan_comes_first_and_a_dry_run_sends_and_writes_nothing(running: RunningSandbox, tmp_path: Path) -> None:
    journal = tmp_path / "batch.sqlite3"
    with client_of(running) as client:
        report = upgrade_orders(
            client, add_ons=["gla"], status=["Ready"], max_purchases=4, journal=journal, dry_run=True
        )
    plan = report.plan
    assert [e.order_id for e in plan.to_buy] == lacking_gla(running)[:4]
    assert all(e.add_ons == ("gla",) for e in plan.to_buy)
    reasons = {e.order_id: e.reason for e in plan.skipped}
    ready = running.sandbox.order_ids("Ready")
    assert set(reasons) | {e.order_id for e in plan.to_buy} == set(ready)
    assert {i for i, r in reasons.items() if r == "already_has"} == set(ready) - set(lacking_gla(running))
    assert {i for i, r in reasons.items() if r == "over_cap"} == set(lacking_gla(running)[4:])
    assert report.dry_run
    assert not report.settled
    assert watched(running).posts == []
    assert not journal.exists()


def test_a_batch_buys_at_most_the_cap_and_its_report_is_the_ledger(running: RunningSandbox, tmp_path: Path) -> None:
    journal = tmp_path / "batch.sqlite3"
    seen: list[BatchPlan] = []
    with client_of(running) as client:
        report = upgrade_orders(client, add_ons=["gla"], status="Ready", max_purchases=5, journal=journal,
                                confirm=lambda plan: seen.append(plan) or True)  # fmt: skip
    assert report.bought == 5 == len(seen[0].to_buy)
    assert report.settled
    assert_matches_ledger(report, running)
    assert set(ledger_orders(running)) == set(lacking_gla(running)[:0] or [e.order_id for e in seen[0].to_buy])


def test_the_cap_counts_the_purchases_of_earlier_runs(running: RunningSandbox, tmp_path: Path) -> None:
    journal = tmp_path / "batch.sqlite3"
    with client_of(running) as client:
        first = upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=3, journal=journal)
        again = upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=3, journal=journal)
        more = upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=5, journal=journal)
    assert (first.bought, again.bought, more.bought) == (3, 3, 5)
    assert len(running.sandbox.ledger) == 5
    assert len(again.plan.to_buy) == 0
    assert len(again.plan.earlier) == 3
    assert_matches_ledger(more, running)


def test_declining_the_plan_sends_nothing(running: RunningSandbox, tmp_path: Path) -> None:
    with client_of(running) as client:
        report = upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=5,
                                journal=tmp_path / "j.sqlite3", confirm=lambda plan: False)  # fmt: skip
    assert report.declined
    assert report.bought == 0
    assert watched(running).posts == []


def test_each_purchase_is_on_disk_as_sending_before_it_is_sent(running: RunningSandbox, tmp_path: Path) -> None:
    journal = tmp_path / "batch.sqlite3"
    watched(running).journal = journal
    with client_of(running) as client:
        report = upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=6, journal=journal,
                                concurrency=3)  # fmt: skip
    assert watched(running).journal_states == ["sending"] * 6
    assert {journal_state(journal, i) for i in bought_ids(report)} == {"bought"}


def test_a_rerun_rereads_orders_left_in_flight_before_sending_anything(running: RunningSandbox, tmp_path: Path) -> None:
    """A run killed after the journal said `sending`: one purchase was applied (killed before its outcome was
    journalled), one was never sent (killed before the POST). The rerun re-reads both: the first is bought
    (not sent again, and counted as bought), the second is bought now, once."""
    journal = tmp_path / "batch.sqlite3"
    with client_of(running) as client:
        upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=2, journal=journal)
        applied, never_sent = ledger_orders(running)
        running.sandbox.reset()
        client.orders.upgrade(applied, add_ons=["gla"])  # what the killed run's POST did
        db = sqlite3.connect(journal)
        db.execute("UPDATE orders SET state = 'sending' WHERE order_id IN (?, ?)", (applied, never_sent))
        db.commit()
        db.close()
        posts_before = len(watched(running).posts)
        report = upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=2, journal=journal)
    assert [order for _, order in watched(running).posts[posts_before:]] == [never_sent]
    assert bought_ids(report) == {applied, never_sent}
    assert report.bought == 2
    assert report.settled
    assert_matches_ledger(report, running)


def test_a_purchase_in_doubt_is_reported_so_and_settled_by_the_rerun(
    running: RunningSandbox, tmp_path: Path, twin: str
) -> None:
    """A 503 to the purchase: its outcome is unknown, and the re-read shows the order without it. The batch says
    in doubt (never guessed either way); the rerun re-reads the order again, finds it without, and buys it once."""
    batch = {"add_ons": ["gla"], "status": ["Ready"], "max_purchases": 1, "journal": tmp_path / "batch.sqlite3"}
    running.sandbox.set_faults("503;route=upgradeOrder;times=1")
    first = run_batch(twin, running, **batch)
    assert (first.in_doubt, first.bought, first.settled) == (1, 0, False)
    doubt = next(o for o in first.outcomes if o.outcome == "in_doubt")
    assert "may or may not have been applied" in doubt.detail
    rerun = run_batch(twin, running, **batch)
    assert (rerun.bought, rerun.in_doubt, rerun.settled) == (1, 0, True)
    assert len(watched(running).posts) == 2  # the refused one and the one that bought
    assert_matches_ledger(rerun, running)


def test_a_rerun_whose_reread_fails_sends_nothing_for_that_order(
    running: RunningSandbox, tmp_path: Path, twin: str
) -> None:
    journal = tmp_path / "batch.sqlite3"
    batch = {"add_ons": ["gla"], "status": ["Ready"], "max_purchases": 1, "journal": journal}
    run_batch(twin, running, **batch)
    (bought,) = ledger_orders(running)
    running.sandbox.reset()
    db = sqlite3.connect(journal)
    db.execute("UPDATE orders SET state = 'sending' WHERE order_id = ?", (bought,))
    db.commit()
    db.close()
    running.sandbox.set_faults("html_502;route=getOrder")
    rerun = run_batch(twin, running, {"max_retries": 0}, **batch)
    assert rerun.in_doubt == 1
    assert "re-reading the order failed" in next(o for o in rerun.outcomes if o.outcome == "in_doubt").detail
    assert watched(running).posts == []  # in doubt, it counts towards the cap: nothing else is bought either


def test_a_refused_purchase_fails_and_buys_nothing(running: RunningSandbox, tmp_path: Path, twin: str) -> None:
    running.sandbox.set_faults("html_502;route=getOrder;times=1000")
    report = run_batch(twin, running, {"max_retries": 0}, add_ons=["gla"], status=["Ready"], max_purchases=2,
                       journal=tmp_path / "j.sqlite3", max_attempts=2)  # fmt: skip
    assert report.failed == 2
    assert report.bought == 0
    assert watched(running).posts == []
    assert running.sandbox.ledger == ()


def test_a_429_pauses_every_worker_for_its_retry_after(running: RunningSandbox, tmp_path: Path, twin: str) -> None:
    running.sandbox.set_faults("429;retry_after=1;route=upgradeOrder;times=1")
    report = run_batch(twin, running, add_ons=["gla"], status=["Ready"], max_purchases=8,
                       journal=tmp_path / "j.sqlite3", concurrency=4)  # fmt: skip
    assert report.bought == 8
    assert_matches_ledger(report, running)
    limited = next(at for at, status in watched(running).answers if status == 429)
    later = [at - limited for at, _ in watched(running).posts if at > limited]
    # Attempts already past their snapshot read when the 429 arrived may still send: at most the 3 other workers'
    # (however late a loaded machine lets them); no attempt starts during the Retry-After, so the 7 purchases
    # left do not all go out in it, as they would (in milliseconds) without the pause.
    during = [t for t in later if t < 0.95]
    assert len(during) <= 3, f"workers sent purchases during the Retry-After: {later}"
    assert len(later) - len(during) >= 4, "the purchases went on after the pause"


def test_a_retry_after_beyond_max_pause_stops_the_batch_and_leaves_the_rest_for_a_rerun(
    running: RunningSandbox, tmp_path: Path, twin: str
) -> None:
    batch = {"add_ons": ["gla"], "status": ["Ready"], "max_purchases": 3, "journal": tmp_path / "j.sqlite3"}
    running.sandbox.set_faults("429;retry_after=3600;route=upgradeOrder;times=1")
    stopped = run_batch(twin, running, concurrency=1, max_pause=5, **batch)
    assert stopped.pending == 3
    assert "rate limited for 3600 s" in stopped.stopped
    rerun = run_batch(twin, running, **batch)
    assert rerun.bought == 3
    assert rerun.settled
    assert_matches_ledger(rerun, running)


def test_a_journal_that_cannot_be_written_stops_every_worker(
    running: RunningSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal is the record: once a row cannot be written, no further purchase may be sent."""
    writes = 0
    real_put = Journal.put

    def failing_put(self: Journal, row: Any) -> None:
        nonlocal writes
        writes += 1
        if writes > 3:
            raise JournalError("disk full")
        real_put(self, row)

    monkeypatch.setattr(Journal, "put", failing_put)
    with client_of(running) as client, pytest.raises(JournalError, match="disk full"):
        upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=10, journal=tmp_path / "j",
                       concurrency=2)  # fmt: skip
    assert len(watched(running).posts) <= 3  # every POST had its 'sending' row written first


def test_a_journal_is_one_batch(running: RunningSandbox, tmp_path: Path) -> None:
    journal = tmp_path / "j.sqlite3"
    with client_of(running) as client:
        upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=1, journal=journal)
        with pytest.raises(JournalError, match="the journal of another batch"):
            upgrade_orders(client, add_ons=["3d_cad_files"], status=["Ready"], max_purchases=1, journal=journal)
        holder = Journal(journal)  # another run of the same batch, still going
        try:
            with pytest.raises(JournalError, match="another run of this batch is using"):
                upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=1, journal=journal)
        finally:
            holder.close()
        (tmp_path / "link").symlink_to(journal)
        with pytest.raises(JournalError, match="not a regular file"):
            upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=1, journal=tmp_path / "link")
        (tmp_path / "junk").write_bytes(b"not a database at all" * 100)
        with pytest.raises(JournalError, match="not a usable batch journal"):
            upgrade_orders(client, add_ons=["gla"], max_purchases=1, journal=tmp_path / "junk")
    assert len(running.sandbox.ledger) == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"add_ons": "gla"}, "not a string"),
        ({"add_ons": []}, "nothing to buy"),
        ({"max_purchases": -1}, "max_purchases"),
        ({"concurrency": 0}, "concurrency"),
        ({"max_attempts": 0}, "max_attempts"),
    ],
)
def test_bad_options_are_refused_before_anything_is_sent(
    running: RunningSandbox, tmp_path: Path, options: dict[str, Any], message: str
) -> None:
    arguments: dict[str, Any] = {"add_ons": ["gla"], "max_purchases": 1, "journal": tmp_path / "j", **options}
    with client_of(running) as client, pytest.raises((TypeError, ValueError), match=message):
        upgrade_orders(client, **arguments)
    assert watched(running).posts == []


def test_the_async_twin_buys_the_same_way(running: RunningSandbox, tmp_path: Path) -> None:
    journal = tmp_path / "batch.sqlite3"

    async def main() -> tuple[BatchReport, BatchReport]:
        async with AsyncCubiCasa(running.api_key, base_url=running.base_url) as client:
            dry = await async_upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=4,
                                             journal=journal, dry_run=True)  # fmt: skip
            done = await async_upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=4,
                                              journal=journal, concurrency=2)  # fmt: skip
            return dry, done

    dry, done = asyncio.run(main())
    assert [e.order_id for e in dry.plan.to_buy] == [e.order_id for e in done.plan.to_buy]
    assert done.bought == 4
    assert done.settled
    assert_matches_ledger(done, running)


def test_ctrl_c_starts_no_new_purchase_and_journals_those_in_flight(running: RunningSandbox, tmp_path: Path) -> None:
    import _thread

    journal = tmp_path / "j.sqlite3"

    def interrupt_once(outcome: OrderOutcome) -> None:
        with once:
            if outcome.outcome == "bought" and not interrupted:
                interrupted.append(outcome.order_id)
                _thread.interrupt_main()  # what Ctrl-C does: KeyboardInterrupt in the main thread

    interrupted: list[str] = []
    once = threading.Lock()
    # Purchases slow enough that most are still to come when the main thread sees the interrupt (within 0.1 s).
    running.sandbox.set_faults("latency;ms=40;route=upgradeOrder")
    with client_of(running) as client, pytest.raises(KeyboardInterrupt):
        upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=20, journal=journal, concurrency=2,
                       on_outcome=interrupt_once)  # fmt: skip
    db = sqlite3.connect(journal)
    states = Counter(state for (state,) in db.execute("SELECT state FROM orders"))
    db.close()
    assert states["sending"] == 0, "a purchase in flight at Ctrl-C finished and was journalled"
    assert states["bought"] == len(running.sandbox.ledger) < 20
    assert states["planned"] == 20 - states["bought"]
    with client_of(running) as client:
        rest = upgrade_orders(client, add_ons=["gla"], status=["Ready"], max_purchases=20, journal=journal)
    assert rest.bought == 20
    assert_matches_ledger(rest, running)


def test_journal_refusals(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="cannot open the batch journal's lock"):
        Journal(tmp_path / "missing" / "j.sqlite3")
    (tmp_path / "elsewhere").write_text("")
    (tmp_path / "j.sqlite3.lock").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(JournalError, match="cannot open the batch journal's lock"):
        Journal(tmp_path / "j.sqlite3")
    future = tmp_path / "future.sqlite3"
    db = sqlite3.connect(future)
    db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(JournalError, match="version 99"):
        Journal(future)
    dry = Journal(tmp_path / "never.sqlite3", create=False)  # a dry run: nothing on disk
    dry.claim(["gla"], None, write=False)
    assert dry.rows() == []
    dry.close()
    assert not (tmp_path / "never.sqlite3").exists()
    assert not (tmp_path / "never.sqlite3.lock").exists()

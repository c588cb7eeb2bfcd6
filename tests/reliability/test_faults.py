"""Every sandbox fault, many times: reads recover within the retry budget or raise the documented error, and a
purchase under any fault is applied at most once and never reported wrongly.

For each purchase call the client's outcome is held against the sandbox's ledger:
  returned the order          -> exactly one purchase applied
  PurchaseStateUnknownError   -> at most one (the client says it cannot tell)
  any other documented error  -> none (the client says it failed)
A second purchase for one call is a duplicate; a reported outcome the ledger contradicts is lost.
"""

from __future__ import annotations

import random
import time
from typing import Any

import httpx
import pytest

from cubicasa_integrate import CubiCasa, _retries, errors
from cubicasa_sandbox import RunningSandbox
from tests.reliability.conftest import FreshOrders
from tests.reliability.tally import Tally

RUNS = 6  # per fault and operation; the mixed run below adds seeded combinations
BACKOFF_SCALE = 20  # retries really sleep, 20x shorter than in production, so the tier stays fast
# Client timeouts. Where a timeout is not what a test is about, it is generous: on a loaded machine a loopback
# call can take far longer than usual, and a timeout there would change the outcome the test asserts. Where it is
# (the `slow` fault), the sandbox sleeps several times longer than the client waits, so the client's timeout
# fires however the threads are scheduled, and the calls after it (reconciling reads) still have a second.
TIMEOUT = 10.0
SLOW_TIMEOUT = 1.0
SLOW = "slow;seconds=5"


SLOW_RUNS = 2  # each slow run waits out one or two client timeouts: fewer runs keep the tier fast


def timeout_for(rule: str) -> float:
    return SLOW_TIMEOUT if rule.startswith("slow") else TIMEOUT


def runs_for(rule: str) -> int:
    return SLOW_RUNS if rule.startswith("slow") else RUNS


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    asked: list[float] = []

    def sleep(seconds: float) -> None:
        asked.append(seconds)
        time.sleep(seconds / BACKOFF_SCALE)

    monkeypatch.setattr(_retries, "sleep", sleep)
    return asked


def client_for(running: RunningSandbox, **options: Any) -> CubiCasa:
    return CubiCasa(running.api_key, base_url=running.base_url, **options)


def buy(running: RunningSandbox, tally: Tally, client: CubiCasa, order_id: str, add_on: str) -> str:
    """One purchase call, checked against the ledger. Returns the kind of outcome."""
    before = len(running.sandbox.purchases(order_id))
    tally.calls += 1
    try:
        order = client.orders.upgrade(order_id, add_ons=[add_on])
        outcome = "returned"
        assert add_on in [str(a) for a in order.info.product.add_ons]  # type: ignore[union-attr]
    except errors.PurchaseStateUnknownError:
        outcome = "unknown"
    except errors.CubiCasaError:
        outcome = "failed"
    applied = len(running.sandbox.purchases(order_id)) - before
    tally.purchases_applied += applied
    tally.duplicates += max(0, applied - 1)
    tally.lost += int((outcome == "returned" and applied != 1) or (outcome == "failed" and applied != 0))
    return outcome


# What a purchase meets, and what the client must then say: (fault rule, expected outcome, applied).
PURCHASE_FAULTS = [
    ("latency;ms=30", "returned", 1),
    ("429;retry_after=0", "failed", 0),  # a definite refusal: nothing bought, nothing to reconcile
    ("500", "unknown", 0),  # the client cannot tell; the order does not show it, so it says so
    ("502", "unknown", 0),
    ("503", "unknown", 0),
    ("html_502", "unknown", 0),
    ("drop_before", "unknown", 0),
    ("drop_after", "returned", 1),  # applied, connection cut: re-reading the order finds it
    ("drop_during;bytes=40", "returned", 1),
    ("truncate;bytes=60", "returned", 1),
    (SLOW, "returned", 1),  # the client times out after SLOW_TIMEOUT; the purchase went through
]


@pytest.mark.parametrize(("rule", "expected", "applied"), PURCHASE_FAULTS, ids=[f[0] for f in PURCHASE_FAULTS])
def test_a_purchase_under_each_fault(
    running: RunningSandbox, tally: Tally, fresh_orders: FreshOrders, rule: str, expected: str, applied: int
) -> None:
    pairs = fresh_orders.purchasable()
    with client_for(running, timeout=timeout_for(rule), max_retries=2) as client:
        for _ in range(runs_for(rule)):
            order_id, add_on = next(pairs)
            running.sandbox.set_faults(f"{rule};route=upgradeOrder;times=1")
            before = len(running.sandbox.purchases(order_id))
            assert buy(running, tally, client, order_id, add_on) == expected
            assert len(running.sandbox.purchases(order_id)) - before == applied
    tally.faults.add(rule.split(";")[0])
    assert (tally.duplicates, tally.lost) == (0, 0)


class RefuseFirst(httpx.BaseTransport):
    """A real loopback transport whose first purchase connection is refused, as by a restarting load balancer."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.attempts = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            self.attempts += 1
            if self.attempts == 1:
                raise httpx.ConnectError("connection refused", request=request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def test_a_purchase_refused_before_it_left_is_retried_and_bought_once(
    running: RunningSandbox, tally: Tally, fresh_orders: FreshOrders
) -> None:
    """Connection refused is the one case where a purchase may be sent again: it never reached anyone."""
    order_id, add_on = next(fresh_orders.purchasable())
    transport = RefuseFirst()
    with client_for(running, max_retries=2, transport=transport) as client:
        assert buy(running, tally, client, order_id, add_on) == "returned"
    assert transport.attempts == 2
    assert len(running.sandbox.purchases(order_id)) == 1


# What a read meets twice before it works, or on every attempt: (fault rule, error when it never recovers).
READ_FAULTS = [
    ("latency;ms=30", None),
    ("429;retry_after=0", errors.RateLimitError),
    ("500", errors.InternalServerError),
    ("503", errors.InternalServerError),
    ("html_502", errors.InternalServerError),
    ("drop_before", errors.APIConnectionError),
    ("drop_after", errors.APIConnectionError),
    ("drop_during", errors.APIConnectionError),
    (SLOW, errors.APITimeoutError),
]


@pytest.mark.parametrize(("rule", "error"), READ_FAULTS, ids=[f[0] for f in READ_FAULTS])
def test_a_read_recovers_within_the_retry_budget_or_raises_the_documented_error(
    running: RunningSandbox, tally: Tally, rule: str, error: type[Exception] | None
) -> None:
    order_ids = running.sandbox.order_ids()[: runs_for(rule)]
    with client_for(running, timeout=timeout_for(rule), max_retries=2) as client:
        for order_id in order_ids:
            running.sandbox.set_faults(f"{rule};route=getOrder;times=2")
            tally.calls += 1
            assert client.orders.get(order_id).id == order_id
        if error is not None:
            running.sandbox.set_faults(f"{rule};route=getOrder")
            tally.calls += 1
            with pytest.raises(error):
                client.orders.get(order_ids[0])
    tally.faults.add(rule.split(";")[0])


def test_a_truncated_read_is_a_decode_error_not_a_crash(running: RunningSandbox, tally: Tally) -> None:
    with client_for(running) as client:
        for order_id in running.sandbox.order_ids()[:RUNS]:
            running.sandbox.set_faults("truncate;route=getOrder;times=1")
            tally.calls += 1
            with pytest.raises(errors.ResponseDecodeError, match="not a valid Order"):
                client.orders.get(order_id)
            assert client.orders.get(order_id).id == order_id
    tally.faults.add("truncate")


def test_retry_after_is_honoured_over_the_wire(running: RunningSandbox, quick_backoff: list[float]) -> None:
    running.sandbox.set_faults("429;retry_after=2;route=getOrder;times=1")
    with client_for(running) as client:
        client.orders.get(running.sandbox.order_ids()[0])
    assert quick_backoff == [2.0]


def test_listing_survives_faults_on_its_pages(running: RunningSandbox, tally: Tally) -> None:
    running.sandbox.set_faults("503;route=listOrders;p=0.3", "drop_after;route=listOrders;p=0.2")
    with client_for(running, max_retries=6) as client:
        ids = [order.id for order in client.orders.list(page_size=50)]
        tally.calls += len(ids) // 50
    assert ids == running.sandbox.order_ids()


def test_seeded_mix_of_faults_on_purchases_and_their_reconciliation(
    running: RunningSandbox, tally: Tally, fresh_orders: FreshOrders
) -> None:
    """Faults drawn at random (seeded) on the purchase and on the reads that reconcile it, many times."""
    rng = random.Random(20261126)
    pairs = fresh_orders.purchasable()
    kinds = ["500", "503", "html_502", "drop_before", "drop_after", "drop_during", "truncate", "latency;ms=10"]
    outcomes: dict[str, int] = {}
    with client_for(running, timeout=TIMEOUT, max_retries=3) as client:
        for _ in range(60):
            purchase_fault = rng.choice(kinds)
            read_fault = rng.choice(["503", "drop_after", "html_502", "latency;ms=5"])
            running.sandbox.set_faults(
                f"{purchase_fault};route=upgradeOrder;times=1", f"{read_fault};route=getOrder;times={rng.randint(1, 2)}"
            )
            order_id, add_on = next(pairs)
            outcome = buy(running, tally, client, order_id, add_on)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert (tally.duplicates, tally.lost) == (0, 0)
    assert outcomes.get("returned", 0) > 10
    assert outcomes.get("unknown", 0) > 5


def test_duplicate_webhook_deliveries_are_handled_once(
    running: RunningSandbox, tally: Tally, fresh_orders: FreshOrders
) -> None:
    """CubiCasa may deliver one event several times: a receiver built on webhooks.parse + dedupe_key acts once."""
    from cubicasa_integrate import webhooks
    from tests.e2e.support import receiver

    handled: list[str] = []
    seen: set[str] = set()
    with receiver() as hook, client_for(running) as client:
        client.webhooks.update(urls=[hook.url], triggers=["moved_to_fixing", "moved_to_ready"])
        order_ids = [fresh_orders.take("Pending") for _ in range(RUNS)]
        running.sandbox.set_faults("webhook_duplicate;copies=3;route=setOrderStatus")
        for order_id in order_ids:  # the control endpoint, where the fault applies
            moved = httpx.post(
                f"{running.root_url}/_sandbox/orders/{order_id}/status", json={"status": "Ready"}, timeout=TIMEOUT
            )
            assert moved.status_code == 200
        assert running.sandbox.wait_for_webhooks(60.0)
        for body in hook.wait_for(3 * len(order_ids), timeout=60.0):
            event = webhooks.parse(body)
            if webhooks.dedupe_key(event) not in seen:
                seen.add(webhooks.dedupe_key(event))
                handled.append(event.id)
        client.webhooks.update(urls=[], triggers=[])
    tally.calls += 2
    tally.faults.add("webhook_duplicate")
    # Three copies of every event, each delivered. The receiver may see a copy twice more: on a loaded machine the
    # sandbox can time out on the receiver and retry, which a real sender does too; the dedupe below covers it.
    deliveries = [d for d in running.sandbox.webhook_deliveries if d.url == hook.url]
    assert sorted(d.copy for d in deliveries) == sorted(list(range(1, 4)) * len(order_ids))
    assert {d.outcome for d in deliveries} == {"delivered"}
    assert len(hook.calls) >= len(deliveries)
    assert sorted(handled) == sorted(order_ids)

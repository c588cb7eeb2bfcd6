"""A purchase that runs twice buys once (issue 22, finding 9): a script, a cron job, the CLI, the README's snippet.

The second run of each is counted with `no_repeat_purchase`: the purchase requests that reached the sandbox,
counted at its door (a POST the sandbox refuses with 400 is in no ledger, but it was sent all the same). The
library runs go through the user's own httpx client, as scripts that configure proxies or hooks do.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cubicasa_integrate import AsyncCubiCasa, CubiCasa
from cubicasa_sandbox import RunningSandbox, Sandbox, SandboxConfig, serve
from tests.e2e.test_readme import PURCHASE_BLOCK, README_ORDER_ID, blocks, run_script
from tests.reliability.tally import HOSTILE_KEY, Tally

COMMAND = [sys.executable, "-c", "from cubicasa_integrate.cli import main; raise SystemExit(main())"]


class CountingSandbox(Sandbox):
    """A sandbox that counts every purchase request it receives, whatever it answers."""

    purchase_posts = 0

    @property
    def app(self) -> Any:
        inner = super().app

        async def counting(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] == "http" and scope["method"] == "POST" and scope["path"].endswith("/post-purchase"):
                self.purchase_posts += 1
            await inner(scope, receive, send)

        return counting


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    config = SandboxConfig(api_key=HOSTILE_KEY, orders=60, seed=31)
    with serve(sandbox=CountingSandbox(config), log_level="error") as running:
        yield running


def counter(running: RunningSandbox) -> CountingSandbox:
    assert isinstance(running.sandbox, CountingSandbox)
    return running.sandbox


def fresh_order_offering_gla(running: RunningSandbox) -> str:
    """An order that offers gla and that nothing has bought on (each test buys on an order of its own)."""
    for order_id in running.sandbox.order_ids("Ready"):
        record = running.sandbox.record(order_id)
        if "gla" in record.purchasable_add_ons and not running.sandbox.purchases(order_id):
            return order_id
    raise LookupError("no fresh order offers gla")


def posts_of(running: RunningSandbox, run: Any) -> int:
    before = counter(running).purchase_posts
    run()
    return counter(running).purchase_posts - before


def test_a_script_run_twice_buys_once(tally: Tally, sandbox: RunningSandbox) -> None:
    order_id = fresh_order_offering_gla(sandbox)
    results: list[Any] = []
    with httpx.Client(timeout=30) as http, CubiCasa(HOSTILE_KEY, base_url=sandbox.base_url, http_client=http) as client:

        def buy() -> None:
            results.append(client.orders.upgrade(order_id, add_ons=["gla", "3d_cad_files"]))

        assert posts_of(sandbox, buy) == 1
        tally.no_repeat_purchase(posts_of(sandbox, buy), "sync second run")
        for owned in ("gla", "3d_cad_files"):  # each alone, once it is owned
            tally.no_repeat_purchase(
                posts_of(sandbox, lambda owned=owned: client.orders.upgrade(order_id, add_ons=[owned])),
                f"sync repeat of {owned}",
            )
    tally.purchases_applied += 1
    assert len(sandbox.sandbox.purchases(order_id)) == 1
    assert [r.purchase.sent for r in results] == [True, False]
    assert results[1].purchase.already_had == ("gla", "3d_cad_files")


def test_an_async_script_run_twice_buys_once(tally: Tally, sandbox: RunningSandbox) -> None:
    order_id = fresh_order_offering_gla(sandbox)

    async def buy() -> bool:
        async with (
            httpx.AsyncClient(timeout=30) as http,
            AsyncCubiCasa(HOSTILE_KEY, base_url=sandbox.base_url, http_client=http) as client,
        ):
            return (await client.orders.upgrade(order_id, add_ons=["gla"])).purchase.sent

    sent: list[bool] = []
    assert posts_of(sandbox, lambda: sent.append(asyncio.run(buy()))) == 1
    tally.no_repeat_purchase(posts_of(sandbox, lambda: sent.append(asyncio.run(buy()))), "async second run")
    tally.purchases_applied += 1
    assert sent == [True, False]
    assert len(sandbox.sandbox.purchases(order_id)) == 1


def test_the_cli_run_twice_buys_once_and_says_the_second_bought_nothing(
    tally: Tally, sandbox: RunningSandbox, tmp_path: Path
) -> None:
    order_id = fresh_order_offering_gla(sandbox)
    env = {
        **os.environ,
        "CUBICASA_API_KEY": HOSTILE_KEY,
        "CUBICASA_BASE_URL": sandbox.base_url,
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    results: list[subprocess.CompletedProcess[str]] = []

    def run() -> None:
        args = [*COMMAND, "orders", "upgrade", order_id, "--add-on", "gla", "--yes"]
        results.append(subprocess.run(args, capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path))

    assert posts_of(sandbox, run) == 1
    tally.no_repeat_purchase(posts_of(sandbox, run), "CLI second run")
    tally.purchases_applied += 1
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert f"Bought. Order {order_id}: add-on gla." in results[0].stderr
    assert f"Nothing bought: order {order_id} already has gla." in results[1].stderr
    tally.no_leak(HOSTILE_KEY, *(r.stdout + r.stderr for r in results))


@pytest.mark.parametrize("readme_order", [False, True], ids=["an-order-offering-gla", "the-readme-order"])
def test_the_readme_purchase_snippet_run_twice_buys_at_most_once(
    tally: Tally, sandbox: RunningSandbox, tmp_path: Path, readme_order: bool
) -> None:
    order_id = README_ORDER_ID if readme_order else fresh_order_offering_gla(sandbox)
    env = {"CUBICASA_API_KEY": HOSTILE_KEY, "CUBICASA_BASE_URL": sandbox.base_url}
    script = f"order_id = {order_id!r}\n" + blocks("python")[0] + "\n" + PURCHASE_BLOCK
    results: list[subprocess.CompletedProcess[str]] = []
    first = posts_of(sandbox, lambda: results.append(run_script(script, env, tmp_path)))
    assert first == (0 if readme_order else 1)  # the README's order already has gla: nothing to send
    tally.no_repeat_purchase(
        posts_of(sandbox, lambda: results.append(run_script(script, env, tmp_path))), "README snippet second run"
    )
    tally.purchases_applied += first
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert "nothing bought: the order already has ('gla',)" in results[1].stdout

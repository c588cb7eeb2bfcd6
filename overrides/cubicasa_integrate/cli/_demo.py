"""`cubicasa demo` (the README's `make demo`): a scripted tour against an embedded sandbox, no account needed."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.markup import escape

from cubicasa_integrate_api.models import Order, OrderProduct

from .._client import AsyncCubiCasa, CubiCasa
from ..downloads import DownloadedFile
from ..sync import SyncSummary, async_sync_orders
from ..webhook_receiver import SyncReceiver
from ._render import plain, print_order, print_order_rows
from ._sync import summary_line

__all__ = ["run_demo"]

Downloader = Callable[[Order, Path, httpx.Client, Console], list[DownloadedFile]]


def _offers_gla(order: Order) -> bool:
    product = order.info.product
    return isinstance(product, OrderProduct) and "gla" in {str(a) for a in product.purchasable_add_ons or []}


def run_demo(sandbox: Any, dest: Path, console: Console, download: Downloader) -> Order:
    """List orders, buy the GLA add-on for one over a connection that drops, show the order, download its files,
    then keep a mirror of it in step through webhooks."""
    with sandbox.serve() as running, CubiCasa(running.api_key, base_url=running.base_url) as client:
        ready = list(islice(client.orders.list(status=["Ready"]), 6))  # before any heading: a failure prints none
        console.rule("[bold]1. Orders ready for delivery[/] (an embedded sandbox plays CubiCasa)")
        print_order_rows(console, ready)

        order = next(order for order in client.orders.list(status=["Ready"]) if _offers_gla(order))
        console.rule(f"[bold]2. Buy the GLA report for order {escape(order.id)}[/]")  # an id is text, not markup
        print_order(console, order)
        running.sandbox.add_fault("drop_after;route=upgradeOrder;times=1")
        console.print(
            "\nThe sandbox will apply the purchase and then cut the connection, as a flaky network would. "
            "The client cannot know whether it was bought, so instead of sending it again it re-reads the order:\n"
        )
        upgraded = client.orders.upgrade(order.id, add_ons=["gla"])
        print_order(console, upgraded)
        bought = len(running.sandbox.purchases(order.id))
        console.print(f"\nPurchases of this order in the sandbox's ledger: [bold]{bought}[/] (never two).")

        console.rule("[bold]3. Download every delivered file[/]")
        with httpx.Client(timeout=30.0, follow_redirects=True) as http:
            download(upgraded, dest, http, console)  # which adds the order's own folder

        _mirror_by_webhook(running, client, order.id, dest / "mirror", console)
    return upgraded


def _mirror_by_webhook(running: Any, client: CubiCasa, order_id: str, mirror: Path, console: Console) -> None:
    """Act 4: a webhook receiver (what `cubicasa webhooks serve --sync-to` runs) keeps a mirror in step."""
    console.rule("[bold]4. Keep a mirror in step: CubiCasa's webhook syncs the order[/]")
    summaries: list[SyncSummary] = []

    async def work(changed_order: str) -> SyncSummary:
        async with AsyncCubiCasa(running.api_key, base_url=running.base_url) as api:
            summary = await async_sync_orders(api, mirror, order_ids=[changed_order])
        summaries.append(summary)
        return summary

    receiver = SyncReceiver(work)
    with _serving(receiver) as url:
        client.webhooks.update(urls=[url], triggers=["moved_to_ready"])
        console.print(f"A receiver listens on {url}, registered for moved_to_ready (client.webhooks.update).\n")
        for step, note in (
            ("delivered", "The order is delivered (Fixing -> Ready): the webhook arrives, every file is fetched."),
            ("fixed", "A fix is delivered: only the files the fix changed are fetched; the others answer 304."),
        ):
            sent = running.sandbox.asset_bytes_sent
            running.sandbox.set_order_status(order_id, "Fixing")
            running.sandbox.set_order_status(order_id, "Ready")
            _wait(lambda: running.sandbox.webhooks_idle() and not receiver.in_flight() and len(summaries) > 0)
            summary = summaries.pop()
            console.print(note)
            console.print(plain(f"  {step}: {summary_line(summary)}"))
            console.print(plain(f"  asset bytes the server sent: {running.sandbox.asset_bytes_sent - sent:,}"))
            console.print()
    console.print(plain(f"The mirror is in {mirror}; `cubicasa sync DEST` does the same for every order at once."))


def _wait(done: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the webhook-driven sync did not finish in time")
        time.sleep(0.02)


@contextmanager
def _serving(app: SyncReceiver) -> Iterator[str]:
    """`app` under uvicorn on 127.0.0.1 (a free port) in a thread of its own, for as long as the block runs."""
    import uvicorn  # the sandbox, which the demo needs, installs it

    sock = socket.create_server(("127.0.0.1", 0))
    config = uvicorn.Config(app, loop="asyncio", ws="none", lifespan="on", log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    try:
        _wait(lambda: server.started or not thread.is_alive(), timeout=10.0)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    finally:
        server.should_exit = True
        thread.join(30.0)
        sock.close()

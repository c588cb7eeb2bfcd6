"""`cubicasa demo` (the README's `make demo`): a scripted tour against an embedded sandbox, no account needed."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.markup import escape

from cubicasa_integrate_api.models import Order, OrderProduct

from .._client import CubiCasa
from ..downloads import DownloadedFile
from ._render import print_order, print_order_rows

__all__ = ["run_demo"]

Downloader = Callable[[Order, Path, httpx.Client, Console], list[DownloadedFile]]


def _offers_gla(order: Order) -> bool:
    product = order.info.product
    return isinstance(product, OrderProduct) and "gla" in {str(a) for a in product.purchasable_add_ons or []}


def run_demo(sandbox: Any, dest: Path, console: Console, download: Downloader) -> Order:
    """List orders, buy the GLA add-on for one over a connection that drops, show the order, download its files."""
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
    return upgraded

"""How the command prints things: rich text for people, one JSON document per line for programs."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Protocol

from rich import filesize
from rich.console import Console
from rich.progress import ProgressColumn, Task
from rich.table import Table
from rich.text import Text

from cubicasa_integrate_api.models import Order, OrderProduct

from ..helpers import asset_urls, created_at

__all__ = ["SpeedColumn", "plural", "print_json_line", "print_order", "print_order_rows", "product_line"]


class SpeedColumn(ProgressColumn):
    """Transfer speed, left blank while unknown: rich's TransferSpeedColumn prints `?` for every file that
    arrives in one chunk, which is most floor plans."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{filesize.decimal(int(speed))}/s", style="progress.data.speed")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class _Encodable(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def print_json_line(console: Console, value: _Encodable) -> None:
    console.out(json.dumps(value.to_dict(), ensure_ascii=False), highlight=False)


def product_line(order: Order) -> tuple[str, str]:
    product = order.info.product
    if not isinstance(product, OrderProduct):
        return "-", "-"
    return str(product.package_type or "-"), ", ".join(str(a) for a in product.add_ons or []) or "-"


def _address(order: Order) -> str:
    address = order.address
    full = getattr(address, "full_address", None)
    return full if isinstance(full, str) else str(order.info.location or "")


def print_order_rows(console: Console, orders: Iterable[Order]) -> int:
    """One line per order, printed as the pages arrive (constant memory however many orders there are)."""
    layout = "{:<36}  {:<8}  {:<8}  {:<20}  {:<16}  {}"
    console.print(layout.format("ID", "STATUS", "PACKAGE", "ADD-ONS", "CREATED (UTC)", "ADDRESS"), style="bold")
    count = 0
    for order in orders:
        package, add_ons = product_line(order)
        created = created_at(order).strftime("%Y-%m-%d %H:%M")
        console.print(
            layout.format(order.id, str(order.info.status), package, add_ons[:20], created, _address(order)[:60]),
            highlight=False,
            markup=False,
        )
        count += 1
    console.print(f"{count} order{'s' if count != 1 else ''}", style="dim")
    return count


def print_order(console: Console, order: Order) -> None:
    package, add_ons = product_line(order)
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("id", order.id)
    table.add_row("status", str(order.info.status))
    table.add_row("created", created_at(order).isoformat())
    table.add_row("address", _address(order))
    table.add_row("package", package)
    table.add_row("add-ons", add_ons)
    product = order.info.product
    if isinstance(product, OrderProduct):
        table.add_row("can buy add-ons", ", ".join(str(a) for a in product.purchasable_add_ons or []) or "-")
        table.add_row("can buy packages", ", ".join(str(p) for p in product.purchasable_package_types or []) or "-")
    files = list(asset_urls(order))
    table.add_row("files", f"{len(files)} ({', '.join(sorted({f.group for f in files})) or 'none yet'})")
    console.print(table)

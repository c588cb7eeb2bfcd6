"""How the command prints things: rich text for people, one JSON document per line for programs."""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import chain, islice
from typing import Any, Protocol

from rich import filesize
from rich.console import Console
from rich.progress import ProgressColumn, Task
from rich.table import Table
from rich.text import Text

from cubicasa_integrate_api.models import Order, OrderProduct

from .._logging import redact
from .._text import escape, escape_in_json
from ..helpers import asset_urls, created_at

__all__ = [
    "SpeedColumn",
    "clean",
    "plain",
    "plural",
    "print_json_line",
    "print_order",
    "print_order_rows",
    "product_line",
]


def clean(value: object) -> str:
    """Text from a server (or an exception) made safe to show: the api-key redacted, and every character that
    would act on the terminal shown as its escape (`\\x1b`, cubicasa_integrate._text), which also keeps it on one
    line."""
    return escape(redact(str(value)))


def plain(*parts: str | tuple[str, str]) -> Text:
    """A line to print: each part is cleaned and never read as rich markup; (text, style) parts are styled."""
    return Text.assemble(*((clean(p[0]), p[1]) if isinstance(p, tuple) else clean(p) for p in parts))


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
    # JSON escapes are valid anywhere in a string, and only strings can hold these characters.
    line = escape_in_json(json.dumps(value.to_dict(), ensure_ascii=False))
    console.out(redact(line), highlight=False)


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
    """One line per order, printed as the pages arrive (constant memory however many orders there are).

    The header waits for the first page: a listing that fails at once (a refused key) prints nothing on stdout,
    so neither a script nor a person takes an empty table for the answer."""
    layout = "{:<36}  {:<8}  {:<8}  {:<20}  {:<16}  {}"
    pending = iter(orders)
    first = list(islice(pending, 1))
    console.print(layout.format("ID", "STATUS", "PACKAGE", "ADD-ONS", "CREATED (UTC)", "ADDRESS"), style="bold")
    count = 0
    for order in chain(first, pending):
        package, add_ons = product_line(order)
        created = created_at(order).strftime("%Y-%m-%d %H:%M")
        cells = (clean(order.id), clean(order.info.status), clean(package), clean(add_ons)[:20], created)
        console.print(Text(layout.format(*cells, clean(_address(order))[:60])))
        count += 1
    console.print(f"{count} order{'s' if count != 1 else ''}", style="dim")
    return count


def print_order(console: Console, order: Order) -> None:
    package, add_ons = product_line(order)
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    rows = [
        ("id", order.id),
        ("status", str(order.info.status)),
        ("created", created_at(order).isoformat()),
        ("address", _address(order)),
        ("package", package),
        ("add-ons", add_ons),
    ]
    product = order.info.product
    if isinstance(product, OrderProduct):
        rows.append(("can buy add-ons", ", ".join(str(a) for a in product.purchasable_add_ons or []) or "-"))
        rows.append(("can buy packages", ", ".join(str(p) for p in product.purchasable_package_types or []) or "-"))
    files = list(asset_urls(order))
    rows.append(("files", f"{len(files)} ({', '.join(sorted({f.group for f in files})) or 'none yet'})"))
    for name, value in rows:
        table.add_row(name, plain(value))
    console.print(table)

"""How the command prints things: rich text for people, one JSON document per line for programs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from itertools import chain, islice
from typing import Any, Protocol

from rich import filesize
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.progress import ProgressColumn, Task
from rich.table import Table
from rich.text import Text

from cubicasa_integrate_api.models import Order, OrderProduct, User

from .._logging import redact
from .._text import escape, escape_in_json
from ..helpers import asset_urls, created_at

__all__ = [
    "ELLIPSIS",
    "SpeedColumn",
    "clean",
    "cut",
    "plain",
    "plural",
    "print_json_line",
    "print_order",
    "print_order_rows",
    "print_rows",
    "print_user_rows",
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


ELLIPSIS = "…"


def cut(text: str, width: int) -> str:
    """`text` in at most `width` terminal cells, its end replaced by an ellipsis when it had to be cut (so a cut
    cell never reads as a whole one). Cells, not characters: a CJK address takes two per character."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - 1)).rstrip() + ELLIPSIS


Column = tuple[str, int, int | None]
"""A table column: its heading, the width it is padded to, and the width it is cut to (None: never cut)."""


def print_rows(console: Console, columns: Sequence[Column], rows: Iterable[Sequence[str]], noun: str) -> int:
    """A table printed a row at a time, as the pages arrive (constant memory however many rows there are).

    Each cell is cleaned (server text: escaped, redacted), cut to its column's width with an ellipsis, and padded;
    on a terminal, a row wider than the terminal is cut at its edge with an ellipsis, never mid-cell silently.
    A pipe or a file gets every row whole. The header waits for the first row: a listing that fails at once (a
    refused key) prints nothing on stdout, so neither a script nor a person takes an empty table for the answer."""
    pending = iter(rows)
    first = list(islice(pending, 1))
    edge = console.width if console.is_terminal else None

    def line(cells: Sequence[str]) -> str:
        shown = []
        for (_, pad, limit), cell in zip(columns, cells, strict=True):
            text = clean(cell)
            text = cut(text, limit) if limit is not None else text
            shown.append(text + " " * max(0, pad - cell_len(text)))  # padded by cells: a CJK name stays aligned
        text = "  ".join(shown).rstrip()
        return cut(text, edge) if edge is not None else text

    console.print(Text(line([heading for heading, _, _ in columns]), style="bold"))
    count = 0
    for cells in chain(first, pending):
        console.print(Text(line(cells)))
        count += 1
    console.print(plural(count, noun), style="dim")
    return count


_ORDER_COLUMNS: tuple[Column, ...] = (
    ("ID", 36, None),
    ("STATUS", 8, None),
    ("PACKAGE", 8, None),
    ("ADD-ONS", 20, 20),
    ("CREATED (UTC)", 16, None),
    ("ADDRESS", 0, 60),
)


def _order_cells(order: Order) -> tuple[str, ...]:
    package, add_ons = product_line(order)
    created = created_at(order).strftime("%Y-%m-%d %H:%M")
    return order.id, str(order.info.status), package, add_ons, created, _address(order)


def print_order_rows(console: Console, orders: Iterable[Order]) -> int:
    """One line per order (print_rows)."""
    return print_rows(console, _ORDER_COLUMNS, map(_order_cells, orders), "order")


_USER_COLUMNS: tuple[Column, ...] = (
    ("EMAIL", 32, 40),
    ("NAME", 20, 30),
    ("ROLE", 12, None),
    ("CONFIRMED", 9, None),
    ("ID", 0, None),
)


def _user_cells(user: User) -> tuple[str, ...]:
    name = " ".join(part for part in (user.name, user.surname) if isinstance(part, str) and part) or "-"
    confirmed = {True: "yes", False: "no"}.get(user.email_confirmed, "-") if user.email_confirmed is not None else "-"
    role = str(user.role) if user.role is not None else "-"
    return user.email, name, role, confirmed, user.id


def print_user_rows(console: Console, users: Iterable[User]) -> int:
    """One line per user (print_rows)."""
    return print_rows(console, _USER_COLUMNS, map(_user_cells, users), "user")


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

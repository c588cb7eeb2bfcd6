"""`cubicasa sync DEST`: mirror every delivered file of every matching order (cubicasa_integrate.sync).

On a terminal: an overall progress bar (files, bytes, rate, ETA) and one bar per file in flight, on stderr, then
one summary line on stdout. With --json: one JSON object per file on stdout as it settles, the summary last.
Exit code 1 when any file (or order) failed, so a wrapper notices; a rerun fetches only what is still missing. A
second sync of a destination another one is writing says so on stderr ("waiting: ...") and starts when it ends.
DEST may also be `s3://bucket/prefix` (the [s3] extra, cubicasa_integrate/sync/_store.py): no lock there, any
number of syncs may write one prefix at once, and each file's JSON line has the object's URL as its `path`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich import filesize
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.text import Text

from cubicasa_integrate_api.models import OrderStatus

from ..sync import DEFAULT_CONCURRENCY, FileKey, FileResult, S3Destination, SyncObserver, SyncSummary, sync_orders
from ._params import ALLOW_UNKNOWN, DESTINATION, ORDER_ID, known_values
from ._render import clean, plain, plural

__all__ = ["make_sync_command", "summary_line"]


def summary_line(summary: SyncSummary) -> str:
    """`N orders, N files: N new, N changed, N unchanged, N failed, X MB in Ts`."""
    return (
        f"{plural(summary.orders, 'order')}, {plural(summary.files, 'file')}: {summary.new} new, "
        f"{summary.changed} changed, {summary.unchanged} unchanged, {summary.failed} failed, "
        f"{summary.bytes / 1e6:.1f} MB in {summary.seconds:.1f}s" + (" (dry run)" if summary.dry_run else "")
    )


def _file_event(result: FileResult) -> dict[str, Any]:
    key = result.key
    event: dict[str, Any] = {
        "event": "file",
        "order_id": key.order_id,
        "group": key.group,
        "kind": key.kind,
        "name": key.name,
        "path": result.url or str(result.path),
        "status": result.status,
        "bytes": result.bytes,
        "size": result.size,
    }
    if result.error is not None:
        event["error"] = result.error
    return event


class _Encoded:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_dict(self) -> dict[str, Any]:
        return self.data


def _waiting_line(dest: Path) -> Text:
    return plain(("waiting:", "bold yellow"), f" another sync is writing into {dest}; this one starts when it ends")


class _JsonLines(SyncObserver):
    def __init__(self, console: Console, stderr: Console) -> None:
        self.console, self.stderr = console, stderr

    def waiting(self, dest: Path) -> None:
        self.stderr.print(_waiting_line(dest))

    def file_done(self, result: FileResult) -> None:
        from ._render import print_json_line

        print_json_line(self.console, _Encoded(_file_event(result)))


class _Bars(SyncObserver):
    """rich progress: the whole sync (files settled of those found so far, bytes, rate, ETA), and a transient
    bar per file in flight."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.orders = self.found = self.settled = self.bytes = 0
        self.started = time.monotonic()
        self.overall = progress.add_task("sync", total=None, name="all files", detail="listing orders")
        self.active: dict[FileKey, TaskID] = {}

    def _overall(self) -> None:
        rate = self.bytes / max(time.monotonic() - self.started, 1e-3)
        detail = (
            f"{plural(self.orders, 'order')}, {self.settled}/{self.found} files, "
            f"{filesize.decimal(self.bytes)} at {filesize.decimal(int(rate))}/s"
        )
        self.progress.update(self.overall, total=self.found, completed=self.settled, detail=detail)

    def waiting(self, dest: Path) -> None:
        self.progress.console.print(_waiting_line(dest))

    def order_found(self, order_id: str, files: int) -> None:
        self.orders += 1
        self.found += files
        self._overall()

    def file_started(self, key: FileKey, total: int | None) -> None:
        name = clean(f"{key.order_id[:8]}/{key.group}/{key.name}")[:60]
        self.active[key] = self.progress.add_task("file", total=total, name=name, detail="")

    def file_progress(self, key: FileKey, done: int, total: int | None) -> None:
        if key in self.active:
            of = f"/{filesize.decimal(total)}" if total is not None else ""
            self.progress.update(self.active[key], completed=done, total=total, detail=filesize.decimal(done) + of)

    def file_done(self, result: FileResult) -> None:
        self.settled += 1
        self.bytes += result.bytes
        self._overall()
        task = self.active.pop(result.key, None)
        if task is not None:
            self.progress.remove_task(task)
        if result.status == "failed":
            where = "/".join(part for part in (result.key.order_id, result.key.group, result.key.kind) if part)
            self.progress.console.print(plain(("failed:", "bold red"), f" {where} {result.key.name}: {result.error}"))


def _since(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def make_sync_command(consoles: Callable[[], tuple[Console, Console]]) -> click.Command:
    """The `sync` command, printing to the (stdout, stderr) consoles the command group gives it when it runs."""

    @click.command("sync")
    @click.argument("dest", type=DESTINATION)
    @click.option(
        "--status",
        "statuses",
        multiple=True,
        metavar="STATUS",
        help=f"Only orders in this status (repeatable; {', '.join(str(s) for s in OrderStatus)}).",
    )
    @click.option(
        "--order", "order_ids", multiple=True, type=ORDER_ID, metavar="ID", help="Only this order (repeatable)."
    )
    @click.option(
        "--since",
        type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
        help="Only orders created at or after this moment (UTC unless it says otherwise).",
    )
    @click.option(
        "--concurrency",
        type=click.IntRange(min=1, max=64),
        default=DEFAULT_CONCURRENCY,
        show_default=True,
        help="Files fetched at once.",
    )
    @click.option("--dry-run", is_flag=True, help="Report what is new or altered in DEST; fetch and write nothing.")
    @click.option("--json", "as_json", is_flag=True, help="One JSON object per file, then the summary.")
    @ALLOW_UNKNOWN
    @click.pass_obj
    def sync_command(
        settings: Any,
        dest: Path | S3Destination,
        statuses: tuple[str, ...],
        order_ids: tuple[str, ...],
        since: datetime | None,
        concurrency: int,
        dry_run: bool,
        as_json: bool,
        allow_unknown: bool,
    ) -> None:
        """Mirror every delivered file of every matching order into DEST/ORDER_ID/GROUP/KIND/, incrementally.

        DEST is a directory, or s3://BUCKET/PREFIX (the s3 extra; credentials, region and endpoint from the
        standard AWS environment and ~/.aws files)."""
        stdout, stderr = consoles()
        known_values(statuses, OrderStatus, "status", allow_unknown=allow_unknown)

        arguments: dict[str, Any] = {
            "order_ids": order_ids or None,
            "statuses": statuses or None,
            "since": _since(since),
            "concurrency": concurrency,
            "dry_run": dry_run,
        }
        with settings.client() as client:
            if as_json:
                summary = sync_orders(client, dest, observer=_JsonLines(stdout, stderr), **arguments)
            else:
                columns = (
                    TextColumn("{task.fields[name]}", markup=False),
                    BarColumn(),
                    TextColumn("{task.fields[detail]}", markup=False),
                    TimeRemainingColumn(),
                )
                with Progress(*columns, console=stderr, transient=True, disable=not stderr.is_terminal) as progress:
                    summary = sync_orders(client, dest, observer=_Bars(progress), **arguments)
        if as_json:
            from ._render import print_json_line

            print_json_line(stdout, _Encoded(summary.as_dict()))
        else:
            stdout.print(plain(summary_line(summary)))
        if summary.failed:
            raise SystemExit(1)

    return sync_command

"""`cubicasa`: the command-line client.

Exit codes, for scripts and the wrappers that retry them (EXIT_CODES below; `cubicasa --help` and the README show
the same table):

- 0 done. Also after a purchase the API confirmed, whatever happens afterwards (the order cannot be shown,
  the output pipe is closed, Ctrl-C): a wrapper that retries on failure must not buy twice. Also when the order
  already had everything asked for: nothing was bought, and the command says so.
- 1 the work failed: the API, a download or the command itself (one line on stderr, never a traceback); for
  `orders buy`, a purchase failed or is in doubt, or the batch stopped early (a rerun with its journal settles it).
- 2 bad usage or input: an unknown option, a missing api key, an unsafe base URL, an invalid order id, an add-on
  or package the order does not offer (nothing was sent).
- 3 a purchase was declined at the prompt (answered no, Ctrl-C or end of input): nothing was bought.
- 4 `orders wait` gave up: the order did not reach the status in time.
- 130 interrupted (Ctrl-C, 128 + SIGINT): one line on stderr, no "Aborted!".
- 141 the reader of stdout went away (`| head`, 128 + SIGPIPE): silently, as other Unix tools do.

Everything a server sends is printed as text: never read as rich markup, with terminal control characters
shown as escapes. The api-key is read from --api-key or CUBICASA_API_KEY and never printed, even when a server
or an error echoes it.
"""

from __future__ import annotations

import asyncio
import contextvars
import dataclasses
import errno
import logging
import os
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import click
import httpx
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

from cubicasa_integrate_api.models import AddOn, Order, OrderStatus, PackageType, UserRole, WebhookTrigger

from .._client import AsyncCubiCasa, CubiCasa
from .._constants import API_KEY_ENV, BASE_URL_ENV, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from .._logging import hold, logger, release, setup_logging
from .._urls import is_loopback
from ..downloads import DownloadedFile, download_order_assets
from ..errors import ConfigurationError, CubiCasaError, NotPurchasableError, WaitTimeoutError
from ..helpers import AssetUrl
from ..resources._waiting import DEFAULT_INTERVAL, DEFAULT_WAIT_TIMEOUT
from ..resources.orders import Purchase
from ..sync import S3Destination, SyncSummary
from ._batch import make_buy_command
from ._drift import make_drift_command
from ._params import ALLOW_UNKNOWN, DESTINATION, ORDER_ID, known_values
from ._render import (
    SpeedColumn,
    clean,
    plain,
    plural,
    print_json_line,
    print_order,
    print_order_rows,
    print_user_rows,
)
from ._sync import make_sync_command, summary_line

__all__ = [
    "BAD_INPUT",
    "BROKEN_PIPE",
    "DECLINED",
    "EXIT_CODES",
    "FAILED",
    "INTERRUPTED",
    "WAIT_TIMED_OUT",
    "cli",
    "main",
]

FAILED = 1
BAD_INPUT = 2
DECLINED = 3
"""Exit code of a purchase declined at the prompt: not a failure (1) nor bad usage (2), and nothing was bought."""
WAIT_TIMED_OUT = 4
"""`orders wait` gave up: the order did not reach the status in time (a script can tell it from a failure)."""
INTERRUPTED = 130
"""Ctrl-C: 128 + SIGINT, what a shell reports for a process the signal ended."""
BROKEN_PIPE = 141
"""The reader of stdout went away: 128 + SIGPIPE, what `yes | head -1` reports for `yes`."""

EXIT_CODES = (
    (0, "done (also: a confirmed purchase whatever follows; nothing to buy, the order has it)"),
    (FAILED, "the work failed (the API, a download, a file; orders buy: a purchase failed or is in doubt)"),
    (BAD_INPUT, "bad usage or input (an option, the api key, an invalid id, an add-on not offered)"),
    (DECLINED, "a purchase declined at the prompt: nothing was bought"),
    (WAIT_TIMED_OUT, "orders wait gave up"),
    (INTERRUPTED, "interrupted (Ctrl-C)"),
    (BROKEN_PIPE, "stdout was closed (| head): quietly"),
)


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """rich's own handling exits 1 on the spot, which would report a purchase that happened as a failure:
        raise instead, and let the command decide (click exits 1 silently; a made purchase still exits 0)."""
        _discard(self.file)
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


stdout = _Console(soft_wrap=True)
stderr = _Console(stderr=True, soft_wrap=True)


class Settings:
    """The global options; the client is built only when a command needs it (so --help needs no key)."""

    def __init__(self, api_key: str | None, base_url: str | None, timeout: float, max_retries: int) -> None:
        self.api_key, self.base_url, self.timeout, self.max_retries = api_key, base_url, timeout, max_retries

    def use_sandbox(self, ctx: click.Context) -> None:
        """Point every command at an embedded sandbox, running until the command ends."""
        running = ctx.with_resource(_sandbox().serve())
        self.api_key, self.base_url = running.api_key, running.base_url

    def _timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.timeout, connect=min(self.timeout, DEFAULT_TIMEOUT.connect or self.timeout))

    @contextmanager
    def client(self) -> Iterator[CubiCasa]:
        with CubiCasa(self.api_key, base_url=self.base_url, timeout=self._timeout(), max_retries=self.max_retries) as c:
            yield c

    @asynccontextmanager
    async def async_client(self) -> AsyncIterator[AsyncCubiCasa]:
        async with AsyncCubiCasa(
            self.api_key, base_url=self.base_url, timeout=self._timeout(), max_retries=self.max_retries
        ) as client:
            yield client


def _fail(code: int, message: str) -> SystemExit:
    try:
        stderr.print(plain(("error:", "bold red"), " ", message))
    except Exception:  # a terminal rich cannot write to must not turn one error line into a traceback
        _plain_line(f"error: {message}")
    return SystemExit(code)


def _described(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


class _Interrupted(Exception):
    """Ctrl-C, carried past click's own handling (which prints "Aborted!" and exits 1)."""


class _PipeClosed(Exception):
    """The reader of stdout went away, carried past click's own handling (which exits 1, even non-standalone)."""


class _Command(click.Group):
    """The command group whose every outcome is an exit code of EXIT_CODES, and every failure one line on
    stderr, never a traceback.

    click runs in non-standalone mode, so that Ctrl-C and a closed stdout reach this handler instead of becoming
    click's exit 1; everything that escapes a command arrives here after click has closed its resources.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # before click turns it into Abort, with a blank line and "Aborted!"
            raise _Interrupted() from None
        except BrokenPipeError:
            raise _PipeClosed() from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        with ExitStack() as running:  # what the command holds until its last line is printed (_hold_the_key)
            token = _RUNNING.set(running)
            try:
                return self._main(*args, **kwargs)
            finally:
                _RUNNING.reset(token)

    def _main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            code = super().main(*args, **{**kwargs, "standalone_mode": False})
            sys.stdout.flush()  # now, not at interpreter exit, where a closed pipe would be a stray message
        except click.ClickException as error:  # usage errors: click's own message, its own code (2)
            error.show()
            raise SystemExit(error.exit_code) from None
        except (click.Abort, _Interrupted, KeyboardInterrupt):
            _plain_line("interrupted")
            raise SystemExit(INTERRUPTED) from None
        except (_PipeClosed, BrokenPipeError):
            _discard(sys.stdout)
            raise SystemExit(BROKEN_PIPE) from None
        except (ConfigurationError, NotPurchasableError) as error:
            raise _fail(BAD_INPUT, str(error)) from None
        except WaitTimeoutError as error:
            raise _fail(WAIT_TIMED_OUT, str(error)) from None
        except CubiCasaError as error:
            raise _fail(FAILED, str(error)) from None
        except Exception as error:
            raise _fail(FAILED, f"unexpected {_described(error)}") from None
        # A command's return value is not an exit code; click.exceptions.Exit (--help, --version) is an int.
        raise SystemExit(code if isinstance(code, int) else 0)


_RUNNING: contextvars.ContextVar[ExitStack | None] = contextvars.ContextVar("cubicasa_cli_running", default=None)


def _hold_the_key(ctx: click.Context, api_key: str | None) -> None:
    """The key is redacted from every line the command prints and logs, until its last one (the error line
    included, printed after its clients are closed): the command holds it in the package's live redaction set
    (cubicasa_integrate._logging) before any client exists, since an error about the settings may echo it."""
    secrets = frozenset({api_key} if api_key else ())
    hold(secrets)
    running = _RUNNING.get()
    if running is not None:
        running.callback(release, secrets)
    else:  # cli.main(standalone_mode=False): until click closes the command's context
        ctx.call_on_close(lambda: release(secrets))


def _choices(enum: type[Any]) -> str:
    return ", ".join(str(member) for member in enum)


_EPILOG = "\b\nExit codes:\n" + "\n".join(f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES)


@click.group(
    cls=_Command,
    epilog=_EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
)
@click.option("--api-key", envvar=API_KEY_ENV, show_envvar=True, help="Company API key (never printed).")
@click.option("--base-url", envvar=BASE_URL_ENV, show_envvar=True, help="API base URL (default: production).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=DEFAULT_TIMEOUT.read,
    show_default=True,
    help="Read timeout, s.",
)
@click.option("--max-retries", type=click.IntRange(min=0), default=DEFAULT_MAX_RETRIES, show_default=True)
@click.option("--sandbox", "use_sandbox", is_flag=True, help="Run against an embedded sandbox (fake CubiCasa).")
@click.version_option(package_name="cubicasa-integrate")
@click.pass_context
def cli(
    ctx: click.Context, api_key: str | None, base_url: str | None, timeout: float, max_retries: int, use_sandbox: bool
) -> None:
    """Order, upgrade and download CubiCasa floor plans from the command line."""
    setup_logging()  # CUBICASA_LOG=debug|info: the package's log on stderr (the command's process is its own)
    _hold_the_key(ctx, api_key)
    ctx.obj = Settings(api_key, base_url, timeout, max_retries)
    if use_sandbox and ctx.invoked_subcommand not in ("sandbox", "demo"):
        ctx.obj.use_sandbox(ctx)


_SANDBOX_INSTALL = "pip install cubicasa-sandbox"
"""The sandbox is a distribution of its own (sandbox/ in the client's repository); the client never depends on it."""


def _sandbox() -> Any:
    """The `cubicasa_sandbox` package, or a one-line error naming the install command (exit 2)."""
    try:
        import cubicasa_sandbox
    except ImportError as error:
        missing = error.name or "cubicasa_sandbox"
        raise ConfigurationError(f"the sandbox is not installed ({missing} is missing): {_SANDBOX_INSTALL}") from None
    return cubicasa_sandbox


@cli.group()
def orders() -> None:
    """List, show, upgrade and download orders."""


@orders.command("list")
@click.option("--status", "statuses", multiple=True, metavar="STATUS", help=f"Repeatable: {_choices(OrderStatus)}.")
@click.option("--limit", type=click.IntRange(min=1), help="Stop after this many orders.")
@click.option("--json", "as_json", is_flag=True, help="One JSON order per line (for jq and scripts).")
@ALLOW_UNKNOWN
@click.pass_obj
def list_orders(
    settings: Settings, statuses: tuple[str, ...], limit: int | None, as_json: bool, allow_unknown: bool
) -> None:
    """List orders, newest first, fetching pages as they are needed.

    A status this version does not know is refused (exit 2) with the known ones, unless --allow-unknown."""
    known_values(statuses, OrderStatus, "status", allow_unknown=allow_unknown)
    with settings.client() as client:
        pager = iter(client.orders.list(status=list(statuses) or None))
        selected = pager if limit is None else islice(pager, limit)
        if as_json:
            for order in selected:
                print_json_line(stdout, order)
        else:
            print_order_rows(stdout, selected)


@orders.command("get")
@click.argument("order_id", type=ORDER_ID)
@click.option("--json", "as_json", is_flag=True, help="Print the order as JSON.")
@click.pass_obj
def get_order(settings: Settings, order_id: str, as_json: bool) -> None:
    """Show one order: status, package, add-ons, what can still be bought, files."""
    with settings.client() as client:
        order = client.orders.get(order_id)
    if as_json:
        print_json_line(stdout, order)
    else:
        print_order(stdout, order)


@orders.command("wait")
@click.argument("order_id", type=ORDER_ID)
@click.option(
    "--until", "statuses", multiple=True, metavar="STATUS", help=f"Repeatable (default Ready): {_choices(OrderStatus)}."
)
@click.option(
    "--timeout", type=click.FloatRange(min=0), default=DEFAULT_WAIT_TIMEOUT, show_default=True, help="Seconds."
)
@click.option(
    "--interval", type=click.FloatRange(min=0.001), default=DEFAULT_INTERVAL, show_default=True,
    help="Seconds before the second read; later waits grow (with jitter).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the order as JSON once it got there.")
@ALLOW_UNKNOWN
@click.pass_obj
def wait_for_order(
    settings: Settings,
    order_id: str,
    statuses: tuple[str, ...],
    timeout: float,
    interval: float,
    as_json: bool,
    allow_unknown: bool,
) -> None:
    """Wait until an order reaches a status (Ready by default), then show it. Exit 4 if it does not in time."""
    known_values(statuses, OrderStatus, "status", allow_unknown=allow_unknown)
    with settings.client() as client:
        order = client.orders.wait(order_id, until=list(statuses) or "Ready", timeout=timeout, interval=interval)
    if as_json:
        print_json_line(stdout, order)
    else:
        print_order(stdout, order)


@orders.command("upgrade")
@click.argument("order_id", type=ORDER_ID)
@click.option("--add-on", "add_ons", multiple=True, metavar="ADD_ON", help=f"Repeatable, e.g. {_choices(AddOn)}.")
@click.option("--package", "package_type", metavar="PACKAGE", help=f"Package to upgrade to: {_choices(PackageType)}.")
@click.option("--yes", "-y", is_flag=True, help="Buy without asking for confirmation.")
@click.option(
    "--force", is_flag=True, help="Send the purchase even of what the order has or does not offer (the API decides)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the upgraded order as JSON.")
@ALLOW_UNKNOWN
@click.pass_obj
def upgrade_order(
    settings: Settings,
    order_id: str,
    add_ons: tuple[str, ...],
    package_type: str | None,
    yes: bool,
    force: bool,
    as_json: bool,
    allow_unknown: bool,
) -> None:
    """Buy add-ons and/or a package upgrade for an order (shows what will be bought and asks first).

    What the order already has is not bought again (nothing left: exit 0, nothing bought); what it does not
    offer is refused before anything is sent (exit 2). --force sends everything asked for."""
    if not add_ons and package_type is None:
        raise click.UsageError("nothing to buy: give --add-on and/or --package")
    known_values(add_ons, AddOn, "add-on", allow_unknown=allow_unknown)
    known_values([package_type] if package_type else [], PackageType, "package", allow_unknown=allow_unknown)
    with _Purchase() as purchase, settings.client() as client:
        order = client.orders.get(order_id)
        plan = Purchase(order_id, add_ons, package_type, force=force)
        plan.read_before(order)  # NotPurchasableError (exit 2) for what the order does not offer
        if not plan.needed:
            _plain_line(f"Nothing bought: order {order_id} already has {', '.join(plan.already_had)}.")
            _show(order, as_json)
            return
        had = f" (it already has {', '.join(plan.already_had)}: not bought again)" if plan.already_had else ""
        stderr.print(plain(f"Order {order.id} ({order.info.status}): buying {_items(plan.sent_items())}{had}."))
        if not yes and not _confirmed():
            _plain_line("declined: nothing was bought.")
            raise SystemExit(DECLINED)
        upgraded = client.orders.upgrade(order_id, add_ons=[AddOn(a) for a in add_ons],
                                         package_type=None if package_type is None else PackageType(package_type),
                                         force=force)  # fmt: skip
        if upgraded.purchase.sent:
            purchase.made(f"Bought. Order {order_id}: {_items(upgraded.purchase.bought)}.")
        else:  # another client bought it between the two reads
            _plain_line(f"Nothing bought: order {order_id} already has {', '.join(upgraded.purchase.already_had)}.")
        _show(upgraded, as_json)


def _items(items: tuple[str, ...]) -> str:
    return ", ".join(item if item.startswith("package ") else f"add-on {item}" for item in items)


def _show(order: Order, as_json: bool) -> None:
    if as_json:
        print_json_line(stdout, order)
    else:
        print_order(stdout, order)


def _confirmed() -> bool:
    try:
        return click.confirm("Buy it? This is charged to the company account", default=False, err=True)
    except click.Abort:  # Ctrl-C or end of input: nothing was bought, which is what declining means
        _plain_line("")  # ends the prompt's line
        return False


class _Purchase:
    """Once the API confirmed the purchase, nothing may turn it into a failure exit (a retrying wrapper would
    buy again): not showing the order, a closed pipe, closing the client, Ctrl-C. The purchase is reported
    first, in a line that cannot fail; whatever goes wrong afterwards is one warning line, and the exit is 0."""

    def __init__(self) -> None:
        self.bought = False

    def __enter__(self) -> _Purchase:
        return self

    def made(self, confirmation: str) -> None:
        self.bought = True
        _plain_line(confirmation)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> bool:
        if not self.bought or not isinstance(error, Exception | KeyboardInterrupt):
            return False
        if isinstance(error, BrokenPipeError):
            _discard(sys.stdout)
        _plain_line(f"warning: bought, but the order could not be shown: {_described(error)}")
        return True


def _plain_line(text: str) -> None:
    """One line on stderr without rich, and without raising: for what must be said whatever state the terminal
    is in (its encoding may not hold the text, it may be closed)."""
    line = clean(text) + "\n"
    try:
        try:
            sys.stderr.write(line)
        except UnicodeEncodeError:
            sys.stderr.write(line.encode("ascii", "backslashreplace").decode("ascii"))
        sys.stderr.flush()
    except Exception:  # nowhere left to report it; the exit code still tells
        pass


def _discard(stream: IO[str]) -> None:
    """After the reader of `stream` went away, point it at /dev/null, so that the interpreter's final flush of
    what is still buffered cannot fail with a second BrokenPipeError (and exit 120)."""
    try:
        fd = stream.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError):  # no real file descriptor (an in-process test runner): nothing to flush
        return
    os.dup2(devnull, fd)
    os.close(devnull)


@orders.command("download")
@click.argument("order_id", type=ORDER_ID)
@click.option(
    "--dest", type=click.Path(file_okay=False, path_type=Path), required=True, help="Directory to download into."
)
@click.pass_obj
def download(settings: Settings, order_id: str, dest: Path) -> None:
    """Download every delivered file of an order (resumes interrupted downloads, skips finished files)."""
    with settings.client() as client:
        order = client.orders.get(order_id)
    with asset_client(settings.timeout) as http:
        download_with_progress(order, dest, http, stderr)


def download_with_progress(order: Order, dest: Path, http: httpx.Client, console: Console) -> list[DownloadedFile]:
    """Download every file of `order` into `dest` with a progress bar per file, then print a summary."""
    results: list[DownloadedFile] = []
    columns = (TextColumn("{task.description}", markup=False), BarColumn(), DownloadColumn(), SpeedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        tasks: dict[AssetUrl, Any] = {}

        def on_progress(asset: AssetUrl, done: int, total: int | None) -> None:
            if asset not in tasks:
                name = clean(asset.url.rsplit("/", 1)[-1])[:40]
                tasks[asset] = progress.add_task(f"{clean(asset.group)}/{name}", total=total)
            progress.update(tasks[asset], completed=done, total=total)

        results.extend(download_order_assets(order, dest, http=http, on_progress=on_progress))
    counts = {status: sum(1 for r in results if r.status == status) for status in ("downloaded", "resumed", "skipped")}
    summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n) or "no files to download"
    console.print(plain(f"{plural(len(results), 'file')} in {dest}: {summary}."))
    return results


def asset_client(timeout: float) -> httpx.Client:
    """The client for asset downloads: separate from the API client, so the api-key is never sent to storage."""
    return httpx.Client(timeout=timeout, follow_redirects=True)


@cli.group()
def webhooks() -> None:
    """Register the URLs CubiCasa calls when an order changes status."""


@webhooks.command("set")
@click.option("--url", "urls", multiple=True, required=True, help="Repeatable. Replaces every registered URL.")
@click.option("--trigger", "triggers", multiple=True, required=True, help=f"Repeatable: {_choices(WebhookTrigger)}.")
@click.option("--json", "as_json", is_flag=True, help="Print the registered configuration as JSON.")
@ALLOW_UNKNOWN
@click.pass_obj
def set_webhooks(
    settings: Settings, urls: tuple[str, ...], triggers: tuple[str, ...], as_json: bool, allow_unknown: bool
) -> None:
    """Replace the company's webhook URLs and triggers."""
    known_values(triggers, WebhookTrigger, "trigger", allow_unknown=allow_unknown)
    try:
        with settings.client() as client:
            config = client.webhooks.update(urls=list(urls), triggers=list(triggers))
    except ValueError as error:
        if isinstance(error, CubiCasaError):
            raise
        raise click.UsageError(str(error)) from None
    if as_json:
        print_json_line(stdout, config)
    else:
        stdout.print(plain(f"webhooks: {', '.join(config.webhook_urls or [])}"))
        stdout.print(plain(f"triggers: {', '.join(str(t) for t in config.webhook_triggers or [])}"))


@cli.group()
def users() -> None:
    """List the company's users and add new ones."""


@users.command("list")
@click.option("--limit", type=click.IntRange(min=1), help="Stop after this many users.")
@click.option("--json", "as_json", is_flag=True, help="One JSON user per line (for jq and scripts).")
@click.pass_obj
def list_users(settings: Settings, limit: int | None, as_json: bool) -> None:
    """List the users of the company account: e-mail, name, role, whether the e-mail is confirmed."""
    with settings.client() as client:
        pager = iter(client.users.list())
        selected = pager if limit is None else islice(pager, limit)
        if as_json:
            for user in selected:
                print_json_line(stdout, user)
        else:
            print_user_rows(stdout, selected)


@users.command("add")
@click.argument("email")
@click.option("--role", metavar="ROLE", help=f"The new user's role: {_choices(UserRole)} (default: the API's).")
@click.option("--office-id", metavar="ID", help="The office the user belongs to.")
@click.option("--json", "as_json", is_flag=True, help="Print the API's answer as JSON.")
@ALLOW_UNKNOWN
@click.pass_obj
def add_user(
    settings: Settings, email: str, role: str | None, office_id: str | None, as_json: bool, allow_unknown: bool
) -> None:
    """Add a user to the company account; CubiCasa e-mails them an invitation to set their password.

    (The API also takes a password; the command does not, so that none lands in a shell history.)"""
    known_values([role] if role else [], UserRole, "role", allow_unknown=allow_unknown)
    with settings.client() as client:
        added = client.users.add(email, role=role, office_id=office_id)
    if as_json:
        print_json_line(stdout, added)
    else:
        stdout.print(plain(f"Added {added.email or email} (id {added.id or '-'}, role {added.role or '-'})."))
        if added.message:
            stdout.print(plain(str(added.message)))


_RECEIVER_INSTALL = "pip install 'cubicasa-integrate[receiver]'"


def _uvicorn() -> Any:
    """The uvicorn package, or a one-line error naming the extra that installs it (exit 2)."""
    try:
        import uvicorn
    except ImportError as error:
        missing = error.name or "uvicorn"
        raise ConfigurationError(
            f"the webhook receiver needs the [receiver] extra ({missing} is not installed): {_RECEIVER_INSTALL}"
        ) from None
    return uvicorn


def sync_work(client: AsyncCubiCasa, dest: Path | S3Destination) -> Callable[[str], Awaitable[object]]:
    """What the receiver runs for an order: mirror its delivered files into `dest` (only new or changed ones).

    Imported here, when the command starts, so that a broken install fails before anything listens."""
    from ..sync import async_sync_orders

    async def work(order_id: str) -> object:
        return await async_sync_orders(client, dest, order_ids=[order_id])

    return work


def _summary_text(summary: object) -> str:
    return summary_line(summary) if isinstance(summary, SyncSummary) else str(summary)


def _reported(work: Callable[[str], Awaitable[object]]) -> Callable[[str], Awaitable[object]]:
    """`work` that says on stderr, in one line, what each sync did (a failure is the receiver's log line)."""

    async def run(order_id: str) -> object:
        summary = await work(order_id)
        _plain_line(f"sync of order {order_id}: {_summary_text(summary)}")
        return summary

    return run


class _CleanFormatter(logging.Formatter):
    """The message alone, as the command's own lines are printed: redacted, control characters escaped."""

    def format(self, record: logging.LogRecord) -> str:
        return clean(super().format(record))


@contextmanager
def _package_log_on_stderr() -> Iterator[None]:
    """The package's warnings and errors (a failed sync, work cancelled at shutdown) as plain stderr lines,
    unless the user configured that log already (CUBICASA_LOG)."""
    if logger.handlers:
        yield
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_CleanFormatter("%(message)s"))
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


@webhooks.command("serve")
@click.option(
    "--sync-to",
    "dest",
    type=DESTINATION,
    required=True,
    help="Directory, or s3://BUCKET/PREFIX, each order's delivered files are mirrored into (one folder per order).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Listen address (loopback unless allowed).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0: any free port.")
@click.option("--path", default="/", show_default=True, help="The URL path CubiCasa POSTs to.")
@click.option(
    "--grace",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Seconds running syncs get to finish at shutdown.",
)
@click.option(
    "--allow-non-loopback",
    is_flag=True,
    help="Listen beyond this machine. Nothing signs webhook calls: prefer an HTTPS reverse proxy on this host.",
)
@click.pass_obj
def serve_webhooks(
    settings: Settings,
    dest: Path | S3Destination,
    host: str,
    port: int,
    path: str,
    grace: float,
    allow_non_loopback: bool,
) -> None:
    """Receive CubiCasa's webhook calls and sync each order they name into a directory, until Ctrl-C."""
    if not allow_non_loopback and not is_loopback(host):
        # Anyone who reaches the receiver can make it re-read and sync any order id: keep it behind a proxy.
        raise ConfigurationError(f"refusing to listen on {host!r} (not loopback) without --allow-non-loopback")
    if not path.startswith("/"):
        raise ConfigurationError(f"--path must start with '/', got {path!r}")
    uvicorn = _uvicorn()
    try:
        with _package_log_on_stderr():
            asyncio.run(_serve_webhooks(settings, uvicorn, dest, host, port, path, grace))
    except KeyboardInterrupt:  # Ctrl-C is how this command ends (uvicorn re-raises it after its shutdown)
        return


async def _serve_webhooks(
    settings: Settings, uvicorn: Any, dest: Path | S3Destination, host: str, port: int, path: str, grace: float
) -> None:
    from ..webhook_receiver import SyncReceiver

    async with settings.async_client() as client:
        receiver = SyncReceiver(_reported(sync_work(client, dest)), path=path, grace=grace)
        try:
            sock = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
        except OSError as error:  # the address is taken, or not one of this machine's
            raise ConfigurationError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
        with sock:
            url = f"http://{f'[{host}]' if ':' in host else host}:{sock.getsockname()[1]}{path}"
            stdout.print(plain(f"Receiving webhooks on {url}, syncing into {dest}"))
            sys.stdout.flush()
            config = uvicorn.Config(
                receiver, loop="asyncio", ws="none", lifespan="on", log_level="warning", access_log=False,
                server_header=False, timeout_graceful_shutdown=5,
            )  # fmt: skip
            try:
                await uvicorn.Server(config).serve(sockets=[sock])
            finally:
                counts = ", ".join(f"{value} {name}" for name, value in dataclasses.asdict(receiver.counts).items())
                _plain_line(f"stopped: {counts}")


@cli.command("sandbox")
@click.option("--host", default="127.0.0.1", show_default=True, help="Listen address (loopback only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="0: any free port.")
@click.option("--sandbox-key", default="sandbox-key", show_default=True, help="The api-key the sandbox accepts.")
@click.option("--orders", type=click.IntRange(min=1), default=45, show_default=True, help="Seeded orders.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--fault", "faults", multiple=True, metavar="RULE", help="Repeatable, e.g. '503;route=getOrder;times=2'.")
@click.option("--signed-asset-urls", is_flag=True, help="Asset URLs get a pre-signed-looking query, new at every read.")
@click.option(
    "--evolved-api",
    is_flag=True,
    help="Answer as an invented newer API would (new fields and values), for drift tests.",
)
def run_sandbox(
    host: str,
    port: int,
    sandbox_key: str,
    orders: int,
    seed: int,
    faults: tuple[str, ...],
    signed_asset_urls: bool,
    evolved_api: bool,
) -> None:
    """Run a fake CubiCasa server on this machine until Ctrl-C (point --base-url at it from another terminal)."""
    module = _sandbox()
    try:
        module.run_forever(
            host,
            port,
            log_level="warning",
            api_key=sandbox_key,
            orders=orders,
            seed=seed,
            faults=faults,
            signed_asset_urls=signed_asset_urls,
            evolved_api=evolved_api,
        )
    except (ValueError, OSError) as error:
        raise ConfigurationError(str(error)) from None
    except KeyboardInterrupt:  # Ctrl-C is how this command is meant to end (uvicorn re-raises it after shutdown)
        return


@cli.command("demo")
@click.option(
    "--dest", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-downloads"), show_default=True
)
@click.pass_obj
def demo(settings: Settings, dest: Path) -> None:
    """A tour against an embedded sandbox: list orders, buy the GLA add-on, show the result, download the files."""
    from ._demo import run_demo

    run_demo(_sandbox(), dest, stdout, download_with_progress)


# Looked up when the command runs, not now: the consoles are replaced in tests (and by _discard after a broken pipe).
cli.add_command(make_sync_command(lambda: (stdout, stderr)))
cli.add_command(make_drift_command())
orders.add_command(make_buy_command(lambda: (stdout, stderr), DECLINED))


def main(argv: list[str] | None = None) -> int:
    """Run the command and return its exit code.

    The console script enters through `cubicasa_integrate.cli.main`, which first checks that the [cli] extra is
    installed."""
    try:
        cli.main(args=argv, prog_name="cubicasa", standalone_mode=True)
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 1
    return 0

"""`cubicasa orders buy`: buy add-ons for every matching order that lacks them (cubicasa_integrate.batch).

The plan comes first, on stderr: every order, what it gets or why it is skipped, and how many purchases that is.
Then the command asks (on a terminal), or --yes buys without asking; without a terminal and without --yes it
refuses (exit 2) instead of waiting for an answer no one can give. Each purchase is journalled before it is sent;
rerun the same command after a crash, a kill or a purchase left in doubt, and it resumes (nothing is bought twice).
Outcomes go to stdout as they settle: a line each, or with --json one JSON object each and the summary last.

Exit codes (the command group's table): 0 every planned purchase bought (or skipped: nothing to buy, over --max),
1 some failed or are in doubt, or the batch stopped early (rerun with the same journal), 2 bad usage (an unknown
status or add-on, a journal of another batch, no terminal to ask on without --yes), 3 declined at the prompt.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from cubicasa_integrate_api.models import AddOn, OrderStatus

from ..batch import DEFAULT_CONCURRENCY, BatchPlan, BatchReport, OrderOutcome, upgrade_orders
from ._params import ALLOW_UNKNOWN, known_values
from ._render import plain, plural, print_json_line

__all__ = ["default_journal", "interactive", "make_buy_command"]

_REASONS = {
    "already_has": "already has it",
    "not_offered": "does not offer it",
    "over_cap": "over --max",
    "invalid_id": "not a valid order id",
}


def default_journal(add_ons: tuple[str, ...], statuses: tuple[str, ...]) -> Path:
    """`cubicasa-buy-<add-ons>-<statuses>.sqlite3` in the current directory: the same command finds the same
    journal (and resumes), another batch gets another one."""
    name = "-".join(["cubicasa-buy", "+".join(sorted(add_ons)), "+".join(sorted(statuses)) or "any"])
    return Path(re.sub(r"[^A-Za-z0-9_.+-]", "_", name) + ".sqlite3")


def interactive() -> bool:
    """Whether someone can answer the prompt (a seam for tests, whose stdin is never a terminal)."""
    return sys.stdin.isatty()


def _line(outcome: OrderOutcome) -> str:
    items = ", ".join(outcome.add_ons) or "-"
    words = {"planned": "buy", "bought": "bought", "in_doubt": "IN DOUBT", "failed": "FAILED", "pending": "not sent"}
    if outcome.outcome == "skipped":
        text = f"skip      {outcome.order_id}  {items}: {_REASONS.get(outcome.reason, outcome.reason)}"
    else:
        text = f"{words[outcome.outcome]:<9} {outcome.order_id}  {items}"
    if outcome.earlier:
        text += " (earlier run)"
    return text + (f": {outcome.detail}" if outcome.detail and outcome.outcome != "skipped" else "")


def _plan_summary(plan: BatchPlan) -> str:
    reasons = {reason: sum(1 for e in plan.skipped if e.reason == reason) for reason in _REASONS}
    skipped = ", ".join(f"{n} {_REASONS[reason]}" for reason, n in reasons.items() if n)
    earlier = [e for e in plan.earlier if e.outcome in ("bought", "in_doubt")]
    return (
        f"Plan: {plural(len(plan.to_buy), 'purchase')} (at most {plan.max_purchases}), "
        f"{len(plan.skipped)} skipped{f' ({skipped})' if skipped else ''}"
        + (f", {len(earlier)} bought or in doubt from earlier runs" if earlier else "")
        + f". Journal: {plan.journal}"
    )


def _report_summary(report: BatchReport) -> str:
    text = (
        f"{report.bought} bought, {report.skipped} skipped, {report.in_doubt} in doubt, {report.failed} failed"
        + (f", {report.pending} not sent" if report.pending else "")
        + (f" (stopped: {report.stopped})" if report.stopped else "")
    )
    if report.in_doubt or report.pending or report.failed:
        text += f". Rerun the same command (journal {report.plan.journal}) to settle the rest."
    return text


def make_buy_command(consoles: Callable[[], tuple[Console, Console]], declined: int) -> click.Command:
    """The `orders buy` command, printing to the (stdout, stderr) consoles the group gives it when it runs, and
    exiting `declined` (the group's code for a purchase declined at the prompt) when the plan is declined."""

    @click.command("buy")
    @click.option(
        "--status",
        "statuses",
        multiple=True,
        metavar="STATUS",
        help=f"Only orders in this status (repeatable; {', '.join(str(s) for s in OrderStatus)}). Default: all.",
    )
    @click.option(
        "--add-on",
        "add_ons",
        multiple=True,
        required=True,
        metavar="ADD_ON",
        help=f"What to buy (repeatable; {', '.join(str(a) for a in AddOn)}); each order gets what it lacks.",
    )
    @click.option(
        "--max",
        "max_purchases",
        type=click.IntRange(min=0),
        required=True,
        help="At most this many purchases (one per order), counting those of earlier runs of the journal.",
    )
    @click.option(
        "--journal",
        type=click.Path(dir_okay=False, path_type=Path),
        help="The batch's SQLite journal; rerun with the same one to resume. Default: "
        "./cubicasa-buy-<add-ons>-<statuses>.sqlite3.",
    )
    @click.option(
        "--concurrency",
        type=click.IntRange(min=1, max=16),
        default=DEFAULT_CONCURRENCY,
        show_default=True,
        help="Purchases in flight at once (a 429 pauses all of them).",
    )
    @click.option("--yes", "-y", is_flag=True, help="Buy the plan without asking (needed without a terminal).")
    @click.option("--dry-run", is_flag=True, help="Print the plan only: nothing is sent, nothing is written.")
    @click.option("--json", "as_json", is_flag=True, help="One JSON object per order outcome, the summary last.")
    @ALLOW_UNKNOWN
    @click.pass_obj
    def buy(
        settings: Any,
        statuses: tuple[str, ...],
        add_ons: tuple[str, ...],
        max_purchases: int,
        journal: Path | None,
        concurrency: int,
        yes: bool,
        dry_run: bool,
        as_json: bool,
        allow_unknown: bool,
    ) -> None:
        """Buy add-ons for every matching order that lacks them: plan, confirm, buy at most --max, journalled.

        \b
        Example:  cubicasa orders buy --status Ready --add-on gla --max 50 --dry-run
                  cubicasa orders buy --status Ready --add-on gla --max 50

        The plan lists every order: what it
        gets, or why it is skipped (it has it, does not offer it, or is over --max). Each purchase is written to
        the journal before it is sent; a rerun of the same command resumes, re-reading first every order whose
        purchase was left in flight, so nothing is bought twice. Exit 0 when everything planned was bought, 1
        when some failed or are in doubt (rerun to settle them), 2 for bad usage, 3 when declined."""
        stdout, stderr = consoles()
        known_values(statuses, OrderStatus, "status", allow_unknown=allow_unknown)
        known_values(add_ons, AddOn, "add-on", allow_unknown=allow_unknown)
        if not (yes or dry_run or interactive()):
            raise click.UsageError(
                "refusing to buy without confirmation: stdin is not a terminal, so no one can answer the prompt; "
                "check the plan with --dry-run, then pass --yes"
            )
        printing = threading.Lock()  # outcomes arrive from the batch's worker threads

        def told(outcome: OrderOutcome) -> None:
            with printing:
                if as_json:
                    print_json_line(stdout, outcome)
                elif outcome.outcome != "skipped":  # the plan showed the skipped ones
                    stdout.print(plain(_line(outcome)))

        def show(plan: BatchPlan) -> None:
            for entry in plan.entries:
                stderr.print(plain(_line(entry)))
            stderr.print(plain(_plan_summary(plan)))

        def confirm(plan: BatchPlan) -> bool:
            show(plan)
            if not plan.to_buy or yes:
                return True
            try:
                return click.confirm(
                    f"Buy {plural(len(plan.to_buy), 'purchase')}? Each is charged to the company account",
                    default=False,
                    err=True,
                )
            except click.Abort:  # Ctrl-C or end of input: nothing was bought, which is what declining means
                stderr.print("")
                return False

        where = journal if journal is not None else default_journal(add_ons, statuses)
        with settings.client() as client:
            report = upgrade_orders(
                client,
                add_ons=[AddOn(a) for a in add_ons],
                status=list(statuses) or None,
                max_purchases=max_purchases,
                journal=where,
                concurrency=concurrency,
                dry_run=dry_run,
                confirm=confirm,
                on_outcome=told,
            )
        if dry_run:
            show(report.plan)
            if as_json:
                for entry in report.outcomes:
                    print_json_line(stdout, entry)
        if report.declined:
            stderr.print(plain("declined: nothing was bought."))
            raise SystemExit(declined)
        if as_json:
            print_json_line(stdout, _Summary(report))
        if dry_run:
            stderr.print(plain("Dry run: nothing was sent, nothing was written."))
        else:  # for the person watching, with --json too (stdout is the program's)
            stderr.print(plain(_report_summary(report)))
        if not dry_run and not report.settled:
            raise SystemExit(1)

    return buy


class _Summary:
    def __init__(self, report: BatchReport) -> None:
        self.report = report

    def to_dict(self) -> dict[str, Any]:
        return {"event": "summary", **self.report.to_dict()}

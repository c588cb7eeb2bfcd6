"""The questions `make bench` answers, each as one or more side-by-side tables (see harness.py for the method)."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from benchmarks.harness import Candidate, Table, _quartiles, compare
from benchmarks.processes import CURRENT, ROOT, Sample, Variant, Worker, Workers, python_env
from benchmarks.targets import (
    CLIENT,
    LEVELS,
    MSGSPEC,
    MSGSPEC_DECODE,
    PYDANTIC,
    RAW,
    TARGETS,
    TYPICAL,
    Target,
    ratio_text,
    read_row,
)
from benchmarks.worker import KEPT

__all__ = ["Context", "GcLedger", "Lever", "Section", "Settings", "drift", "sync", "wire"]


@dataclass(frozen=True)
class Settings:
    rounds: int = 9
    lever_rounds: int = 7
    import_rounds: int = 11
    decode_sample: float = 0.1
    large_decode_sample: float = 0.3
    roundtrip_sample: float = 0.25
    roundtrip_rounds: int = 21
    lever_roundtrip_rounds: int = 15
    memory_runs: int = 3
    async_rounds: int = 5
    async_requests: tuple[tuple[int, int], ...] = ((1, 50), (10, 100), (50, 200), (100, 300))
    """(requests in flight, requests per sample)."""
    inprocess_rounds: int = 11
    inprocess_sample: float = 0.1
    large_inprocess_sample: float = 0.5
    sync_rounds: int = 7
    sync_scenario: tuple[int, int, int, int, int] = (8, 10, 64 * 1024, 50, 16)
    """(orders, files per order, bytes per file, ms before each file's answer, files at a time)."""
    wire_rounds: int = 5
    wire_scenarios: tuple[tuple[int, int, int, int, int], ...] = ((24, 5, 5 * 2**20, 0, 8), (1000, 5, 1024, 0, 8))
    """The fast-loopback rows (large files, small files): as sync_scenario, with no wait before each answer."""
    wire_lever_scenarios: tuple[tuple[int, int, int, int, int], ...] = ((8, 5, 5 * 2**20, 0, 8), (200, 5, 1024, 0, 8))
    """The same rows, shorter, for the lever table (`wire:large`, `wire:small`)."""
    sync_memory_sizes: tuple[int, ...] = (10 * 1024, 1024 * 1024, 4 * 1024 * 1024)
    """File sizes of the peak-memory probes (same orders and files as sync_scenario); the target compares the
    last two."""


@dataclass(frozen=True)
class Lever:
    name: str
    before: str
    after: str
    metrics: tuple[str, ...]
    before_hide: tuple[str, ...] = ()
    after_hide: tuple[str, ...] = ()
    note: str = ""


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)
    verdicts: list[tuple[Target, bool, str, float]] = field(default_factory=list)
    headline: list[str] = field(default_factory=list)
    """Lines for the top of RESULTS.md (what users do: a list call, then reading the orders)."""
    headline_rank: int = 0
    """Where the headline lines go among the sections' (lowest first)."""


@dataclass
class Context:
    settings: Settings
    workers: Workers
    server: str
    baseline: Variant | None
    progress: Callable[[str], None]
    drift_refs: dict[str, Variant | None] = field(default_factory=dict)
    """The client before the drift radar (`before`), from pyproject's drift-before: None where the ref is not in
    this clone."""


# ------------------------------------------------------------------------------------------------ helpers


def _worker_candidate(
    ctx: Context, label: str, variant: Variant, name: str, *, hide: tuple[str, ...] = ()
) -> Candidate:
    worker = ctx.workers.get(variant, hide=hide)
    return Candidate(label, lambda n: worker.run(name, n))


def _fixed(candidate: Candidate, n: int) -> Candidate:
    return Candidate(candidate.name, candidate.run, fixed_n=n)


@dataclass
class GcLedger:
    """The cyclic-GC time and collections of each candidate's measured samples, next to its CPU time.

    The worker counts every collection during a sample (benchmarks.gctime), including those a call's objects cause
    after the call returned. Only the rounds count: `start` is compare's `before_rounds`, so warm-up (imports) and
    calibration runs are left out.
    """

    counting: bool = False
    calls: dict[str, int] = field(default_factory=dict)
    gc_seconds: dict[str, float] = field(default_factory=dict)
    collections: dict[str, int] = field(default_factory=dict)

    def start(self) -> None:
        self.counting = True

    def add(self, label: str, n: int, sample: Sample) -> None:
        if self.counting:
            self.calls[label] = self.calls.get(label, 0) + n
            self.gc_seconds[label] = self.gc_seconds.get(label, 0.0) + sample.gc_seconds
            self.collections[label] = self.collections.get(label, 0) + sample.collections

    def per_call(self, label: str) -> tuple[float, float]:
        """(seconds in the GC, collections) per call, over every measured call of `label`."""
        calls = self.calls[label]
        return self.gc_seconds[label] / calls, self.collections[label] / calls

    def candidate(self, label: str, worker: Worker, name: str) -> Candidate:
        def run(n: int) -> float:
            sample = worker.sample(name, n)
            self.add(label, n, sample)
            return sample.seconds

        return Candidate(label, run)


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.1f} µs" if seconds < 1e-3 else f"{seconds * 1e3:,.2f} ms"


def render(table: Table, *, per: str = "op", per_divisor: int = 1, targets: tuple[Target, ...] = ()) -> list[str]:
    lines = [
        f"| candidate | time per {per} | ratio to floor | IQR of ratio |",
        "|---|---:|---:|---:|",
    ]
    marked = {t.candidate for t in targets}
    for row in table.rows:
        name = f"**{row.name}**" if row.name in marked else row.name
        if row.name == table.floor:
            name += " (floor)"
        lines.append(
            f"| {name} | {_us(row.seconds / per_divisor)} | **{ratio_text(row.ratio)}×** |"
            f" {ratio_text(row.q1)}–{ratio_text(row.q3)} |"
        )
    lines.append("")
    lines.append(f"_{table.rounds} interleaved rounds; ratios are medians of per-round ratios to the floor._")
    return lines


def render_with_gc(
    table: Table,
    ledger: GcLedger,
    *,
    per: str,
    per_divisor: int = 1,
    targets: tuple[Target, ...] = (),
    before: Table | None = None,
) -> list[str]:
    """A table like `render`'s with the GC time of each candidate beside its CPU time (and, given `before`, the
    ratio the same candidate got in that table, e.g. the decode-only figure)."""
    extra = " | ratio, decode only (table above)" if before else ""
    lines = [
        f"| candidate | CPU time per {per} | ratio to floor | IQR of ratio | of which cyclic GC, per {per} "
        f"| collections per call{extra} |",
        "|---|---:|---:|---:|---:|---:|" + ("---:|" if before else ""),
    ]
    marked = {t.candidate for t in targets}
    for row in table.rows:
        name = f"**{row.name}**" if row.name in marked else row.name
        if row.name == table.floor:
            name += " (floor)"
        gc_seconds, collections = ledger.per_call(row.name)
        old = f" | {before.ratio(row.name):.2f}×" if before else ""
        lines.append(
            f"| {name} | {_us(row.seconds / per_divisor)} | **{row.ratio:.2f}×** | {row.q1:.2f}–{row.q3:.2f} "
            f"| {_us(gc_seconds / per_divisor)} | {collections:.2f}{old} |"
        )
    lines.append("")
    lines.append(
        f"_{table.rounds} interleaved rounds; ratios are medians of per-round ratios to the floor; the GC time is"
        " the mean over every measured call (wall time between the collector's start and stop callbacks)._"
    )
    return lines


def _ratio(table: Table, name: str, floor: str | None) -> float:
    return table.paired_ratio(name, floor) if floor else table.ratio(name)


def _paired(table: Table, name: str, floor: str) -> tuple[float, float, float]:
    """Median and quartiles of the per-round ratios of `name` to `floor` (rows of the same table)."""
    ratios = [mine / base for mine, base in zip(table.row(name).samples, table.row(floor).samples, strict=True)]
    return statistics.median(ratios), *_quartiles(ratios)


def _judge(section: Section, table: Table, target: Target) -> None:
    ratio = _ratio(table, target.candidate, target.floor)
    other = _ratio(table, target.faster_than, target.floor) if target.faster_than else None
    met, text = target.verdict(ratio, other)
    section.verdicts.append((target, met, text, ratio))
    section.lines += ["", f"**Target:** {target.text} → {text}"]


# ------------------------------------------------------------------------------------------------- decode


def decode(ctx: Context) -> Section:
    section = Section("Decode: response bytes → typed objects")
    section.lines += [
        "The client's decode path is what its request loop does with a 200 of `GET /orders`: msgspec decodes the",
        "body, in C, straight into the generated attrs models (cubicasa_integrate._decode), every field typed. The",
        "rivals decode the same bytes into hand-written equivalent models (benchmarks/rivals.py); every",
        "decoder's output converts back to exactly the input (tests/unit/test_benchmarks.py). Decoding never",
        "waits, so it is timed in CPU time of the worker process (`time.process_time`), which other work on the",
        "machine does not inflate; round trips below are wall time.",
    ]
    decode_only: dict[int, Table] = {}
    for size, sample in ((20, ctx.settings.decode_sample), (1000, ctx.settings.large_decode_sample)):
        candidates = [
            _worker_candidate(ctx, "json.loads", CURRENT, f"json.loads:{size}"),
            _worker_candidate(ctx, "orjson.loads", CURRENT, f"orjson:{size}"),
            _worker_candidate(
                ctx, "msgspec.json.decode, untyped (the client's parser)", CURRENT, f"msgspec-untyped:{size}"
            ),
            _worker_candidate(ctx, CLIENT, CURRENT, f"decode:{size}"),
            _worker_candidate(ctx, "pydantic v2 model_validate_json", CURRENT, f"pydantic:{size}"),
            _worker_candidate(ctx, "msgspec decode(type=OrderList)", CURRENT, f"msgspec:{size}"),
        ]
        if ctx.baseline:
            candidates.insert(
                5,
                _worker_candidate(
                    ctx, f"stock generated client ({ctx.baseline.label})", ctx.baseline, f"decode:{size}"
                ),
            )
        table = compare(
            f"decode {size}",
            candidates,
            floor="json.loads",
            rounds=ctx.settings.rounds,
            sample_seconds=sample,
            progress=ctx.progress,
        )
        section.lines += ["", f"### {size:,} orders ({_page_kib(size)} KiB of JSON), decode only", ""]
        section.lines += render(table, per="order", per_divisor=size)
        decode_only[size] = table
    section.lines += [
        "",
        "### GC cost included",
        "",
        "The tables above time each decode with its result dropped at once: the cheapest case, not a program's.",
        "Freeing a page right away hands its memory back, still in the cache, to the next decode, and lets",
        "CPython's allocation count fall back, so later collections never walk the page (and the client of 0.3.x,",
        "which paused the collector during its decode, had its collections counted only when one ran right after",
        "the pause). Here each decoded page stays alive",
        f"{_held()} (a consumer holds the page it works on while the next arrives), then is dropped:",
        "CPU time over many decodes with the collector enabled counts every collection, wherever it runs. Beside it,",
        "the time the collector took (`gc.callbacks`) shows how much of each decoder's cost is the cyclic GC.",
    ]
    for size, sample in ((20, ctx.settings.decode_sample), (1000, ctx.settings.large_decode_sample)):
        target = TARGETS["decode"]
        current = ctx.workers.get(CURRENT)
        table, ledger = _compare_with_gc(
            ctx,
            f"decode {size}, GC included",
            [
                ("json.loads", current, f"kept/json.loads:{size}"),
                (CLIENT, current, f"kept/decode:{size}"),
                ("pydantic v2 model_validate_json", current, f"kept/pydantic:{size}"),
                ("msgspec decode(type=OrderList)", current, f"kept/msgspec:{size}"),
            ],
            rounds=ctx.settings.rounds,
            sample_seconds=sample,
        )
        section.lines += ["", f"#### {size:,} orders, GC cost included", ""]
        section.lines += render_with_gc(
            table,
            ledger,
            per="order",
            per_divisor=size,
            targets=(target,) if size == 1000 else (),
            before=decode_only[size],
        )
        if size == 1000:
            _judge(section, table, target)
    _decode_every(ctx, section)
    return section


def _decode_every(ctx: Context, section: Section) -> None:
    """Decode of 1,000 orders, then every field read (benchmarks/reads.py), GC cost included."""
    size, target = 1000, TARGETS["decode-every"]
    current = ctx.workers.get(CURRENT)
    candidates = [
        ("json.loads", current, f"kept/json.loads+every:{size}"),
        (CLIENT, current, f"kept/decode+every:{size}"),
        ("pydantic v2 model_validate_json", current, f"kept/pydantic+every:{size}"),
        (MSGSPEC_DECODE, current, f"kept/msgspec+every:{size}"),
    ]
    if ctx.baseline:
        candidates.append((_stock(ctx.baseline), ctx.workers.get(ctx.baseline), f"kept/decode+every:{size}"))
    table, ledger = _compare_with_gc(
        ctx,
        f"decode {size}, every field read",
        candidates,
        rounds=ctx.settings.rounds,
        sample_seconds=ctx.settings.large_decode_sample,
    )
    ratio, q1, q3 = _paired(table, CLIENT, MSGSPEC_DECODE)
    section.lines += [
        "",
        f"#### {size:,} orders, GC cost included, then every field read",
        "",
        "As the table above, and each decode is followed by a walk over every field of every object of the page",
        "(benchmarks/reads.py; every candidate, json.loads included, walks its own result the same way).",
        "",
        *render_with_gc(table, ledger, per="order", per_divisor=size, targets=(target,)),
        "",
        f"{CLIENT} / {MSGSPEC_DECODE}, median of per-round ratios: **{ratio_text(ratio)}×**"
        f" (IQR {ratio_text(q1)}–{ratio_text(q3)}).",
    ]
    _judge(section, table, target)
    pydantic = ratio_text(_paired(table, "pydantic v2 model_validate_json", MSGSPEC_DECODE)[0])
    section.headline = [
        "",
        f"Decode alone of 1,000 orders, then every field read, GC cost included: this client {ratio_text(ratio)}×",
        f'msgspec Structs doing the same, pydantic v2 {pydantic}× (section "Decode").',
    ]


def drift(ctx: Context) -> Section:
    section = Section("Drift radar: its cost on a decode and on a list call")
    section.lines += [
        "What listening for drift costs when nothing drifts (the documented orders of the tables above). The",
        "radar's hooks in the generated decode sit on paths a decode takes only when something is off; the request",
        "loop also audits whole response bodies (one more parse and a walk), for the first 8 responses of each",
        "operation in a process and then one in 64, so a list call shows that cost spread as a program spreads it.",
        "The client before the radar is the commit named in pyproject.toml (drift-before), in a worker process of",
        "its own; as in the lever table, each candidate's ratio is to the floor run in its own process (processes",
        "differ in speed by several per cent, so the change from before the radar is only as good as that). The",
        "rows of this code compared with each other run in one process: for a list call, listening against not",
        "listening is the radar's whole cost. The last decode row has an unknown field and an unknown status in",
        "every order: what drift costs once the radar has logged it (recorded and counted, not logged again).",
    ]
    before = ctx.drift_refs.get("before")
    if before is None:
        section.lines += ["", "_Skipped: the drift-before commit is not in this clone's history._"]
        return section
    size = 1000
    current = [
        ("client decode (no radar in it since 0.6: the request loop audits a sample)", f"decode:{size}"),
        ("client decode, drift in every order", f"decode-drift:{size}"),
    ]
    measures = [
        (
            f"### {size:,} orders ({_page_kib(size)} KiB of JSON), decode only",
            "json.loads",
            f"json.loads:{size}",
            f"decode:{size}",
            current,
            ctx.settings.rounds,
            ctx.settings.large_decode_sample,
        ),
        (
            "### A list call in process, a page of 20 documented orders",
            "httpx.Client + json.loads",
            "kept/inproc-raw:20",
            "kept/inproc:20",
            [
                ("client, radar not listening (same process)", "kept/inproc-noradar:20"),
                ("client, radar listening, no drift (audits sampled)", "kept/inproc:20"),
            ],
            ctx.settings.inprocess_rounds,
            ctx.settings.inprocess_sample,
        ),
    ]
    for title, floor_label, floor_kind, before_kind, rows, rounds, sample in measures:
        here, there = ctx.workers.get(CURRENT), ctx.workers.get(before)
        candidates = [
            Candidate("floor", lambda n, w=here, k=floor_kind: w.run(k, n)),
            Candidate("floor (before's process)", lambda n, w=there, k=floor_kind: w.run(k, n)),
            Candidate("before", lambda n, w=there, k=before_kind: w.run(k, n)),
            *(Candidate(label, lambda n, w=here, k=kind: w.run(k, n)) for label, kind in rows),
        ]
        table = compare(title, candidates, floor="floor", rounds=rounds, sample_seconds=sample, progress=ctx.progress)
        old = table.paired_ratio("before", "floor (before's process)")
        section.lines += [
            "",
            title,
            "",
            f"| candidate | ratio to {floor_label} in its own process | IQR | change from before the radar |",
            "|---|---:|---:|---:|",
            f"| client before the radar ({before.label}) | {old:.2f}× | {_paired_iqr(table, 'before')} | |",
        ]
        for label, _kind in rows:
            ratio = table.ratio(label)
            row = table.row(label)
            section.lines.append(f"| {label} | {ratio:.2f}× | {row.q1:.2f}–{row.q3:.2f} | {_change(old, ratio)} |")
        section.lines += ["", f"_{rounds} interleaved rounds; ratios are medians of per-round ratios._"]
    return section


def _paired_iqr(table: Table, name: str) -> str:
    low, high = _quartiles(
        [
            mine / base
            for mine, base in zip(table.row(name).samples, table.row("floor (before's process)").samples, strict=True)
        ]
    )
    return f"{low:.2f}–{high:.2f}"


def in_process(ctx: Context) -> Section:
    section = Section(
        "A list call in process, then reading the orders (client CPU, GC cost included)", headline_rank=-1
    )
    section.lines += [
        "One list call answered by an `httpx.MockTransport` in the worker itself: no socket, no server sharing",
        "the cores, so the time is the caller's alone. The body is a page of copies of the Order documented in the",
        "API reference (`_examples/upgrade_order.response.json`, every asset group delivered; each copy with its",
        "own id). Each candidate makes the call, then reads the page the way a user does (benchmarks/reads.py):",
        "",
        "- **typical reads**: of every order,",
        f"  {TYPICAL},",
        "  collected into a list (absent, null or unset reads as None, tested by truthiness as a user tests it);",
        "- **every field read**: every field of every object of the page, by one walker shared by all",
        "  candidates (`dict.values` of a dict; one `operator.attrgetter` of a model's fields, by alias, so that",
        "  the client's properties convert what they keep);",
        "- **page untouched**: nothing read (the call alone).",
        "",
        "Every ratio is to `httpx.Client(transport=...)` + `json.loads` of the body making the same reads of its",
        "dicts, in the same rounds. The client is `next(client.orders.list(page_size=N).pages())` on a",
        "`CubiCasa(transport=...)`; pydantic and msgspec decode the body into the hand-written models of",
        "benchmarks/rivals.py; the stock generated client runs in a worker process of its own (ratios to this",
        "process's floor). Each call's page stays alive",
        f"{_held()}, then is",
        "dropped;",
        "CPU time (`time.process_time`) over many calls with the collector enabled counts the collections a call's",
        "objects cause wherever they run, and the GC column (`gc.callbacks`) shows how much of the time they take.",
        '"To own untouched" is the row against the same candidate with nothing read: what reading costs it.',
    ]
    bases = [(RAW, ctx.workers.get(CURRENT), "inproc-raw"), (CLIENT, ctx.workers.get(CURRENT), "inproc")]
    bases += [
        (PYDANTIC, ctx.workers.get(CURRENT), "inproc-pydantic"),
        (MSGSPEC, ctx.workers.get(CURRENT), "inproc-msgspec"),
    ]
    if ctx.baseline:
        bases.append((_stock(ctx.baseline), ctx.workers.get(ctx.baseline), "inproc"))
    found: dict[int, Table] = {}
    for size, sample in ((20, ctx.settings.inprocess_sample), (1000, ctx.settings.large_inprocess_sample)):
        candidates = [
            (read_row(label, level), worker, f"kept/{kind}{'+' + level if level else ''}:{size}")
            for level in LEVELS
            for label, worker, kind in bases
        ]
        table, ledger = _compare_with_gc(
            ctx, f"in process {size}", candidates, rounds=ctx.settings.inprocess_rounds, sample_seconds=sample
        )
        found[size] = table
        keys = [f"inproc-{level}:{size}" if level else f"inproc:{size}" for level in LEVELS]
        targets = tuple(TARGETS[key] for key in keys)
        kib = len(_documented_bytes(size)) / 1024
        section.lines += ["", f"### A page of {size:,} documented orders ({kib:,.0f} KiB of JSON)", ""]
        section.lines += render_reads(table, ledger, [label for label, _, _ in bases], [], targets=targets)
        for target in targets:
            _judge(section, table, target)
    section.headline = _reads_headline(found, [label for label, _, _ in bases[1:]])
    return section


def _stock(baseline: Variant) -> str:
    return f"stock generated client ({baseline.label})"


def render_reads(
    table: Table, ledger: GcLedger, bases: list[str], untouched_only: list[str], *, targets: tuple[Target, ...] = ()
) -> list[str]:
    """The list-call table: one group of rows per level of reads, each row's ratio to the first base (raw
    httpx + json.loads) making the same reads, and to the same candidate reading nothing."""
    lines = [
        f"| reads | candidate | CPU time per call | ratio to {bases[0]}, same reads | IQR of ratio "
        "| to own untouched | of which cyclic GC, per call | collections per call |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    marked = {t.candidate for t in targets}
    for level, words in LEVELS.items():
        for base in bases + (untouched_only if not level else []):
            name, floor = read_row(base, level), read_row(bases[0], level)
            ratio, q1, q3 = _paired(table, name, floor)
            own = _paired(table, name, read_row(base, ""))[0]
            shown = f"**{base}**" if name in marked else base
            if base == bases[0]:
                shown += " (floor)"
            gc_seconds, collections = ledger.per_call(name)
            lines.append(
                f"| {words} | {shown} | {_us(table.row(name).seconds)} | **{ratio_text(ratio)}×** "
                f"| {ratio_text(q1)}–{ratio_text(q3)} | {ratio_text(own)}× | {_us(gc_seconds)} | {collections:.2f} |"
            )
    lines += [
        "",
        f"_{table.rounds} interleaved rounds, every row of the table in each; ratios are medians of per-round ratios;"
        " the GC time is the mean over every measured call (wall time between the collector's start and stop"
        " callbacks)._",
    ]
    return lines


def _reads_headline(tables: dict[int, Table], candidates: list[str]) -> list[str]:
    """The ratios of the read rows of both page sizes side by side, for the top of RESULTS.md."""
    columns = [(level, size) for level in LEVELS if level for size in sorted(tables)]
    lines = [
        'A list call in process, then reading the orders (section "A list call in process"): CPU time, GC cost',
        "included, as a ratio to raw `httpx` + `json.loads` making the same reads in the same rounds. Typical reads:",
        f"{TYPICAL}",
        "of every order; every field: a walk over every field of every object of the page. Quote these ratios; the",
        "times and their spread are in the section.",
        "",
        "| candidate | " + " | ".join(f"{LEVELS[level]}, {size:,} orders" for level, size in columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for candidate in candidates:
        cells = [
            f"{ratio_text(_paired(tables[size], read_row(candidate, level), read_row(RAW, level))[0])}×"
            for level, size in columns
        ]
        shown = f"**{candidate}**" if candidate == CLIENT else candidate
        lines.append(f"| {shown} | " + " | ".join(cells) + " |")
    untouched = " / ".join(
        f"{ratio_text(_paired(tables[size], read_row(CLIENT, ''), read_row(RAW, ''))[0])}×" for size in sorted(tables)
    )
    lines += [
        "",
        f"With nothing read (the page untouched, the old headline) the client's call is {untouched} raw httpx +",
        f"`json.loads` ({' / '.join(f'{size:,}' for size in sorted(tables))} orders).",
    ]
    return lines


def _compare_with_gc(
    ctx: Context, title: str, candidates: list[tuple[str, Worker, str]], *, rounds: int, sample_seconds: float
) -> tuple[Table, GcLedger]:
    """`compare` of (label, worker, candidate name) triples, the first one the floor, with their GC time counted."""
    ledger = GcLedger()
    table = compare(
        title,
        [ledger.candidate(label, worker, name) for label, worker, name in candidates],
        floor=candidates[0][0],
        rounds=rounds,
        sample_seconds=sample_seconds,
        progress=ctx.progress,
        before_rounds=ledger.start,
    )
    return table, ledger


def _held() -> str:
    """How long a `kept/` candidate holds each result (worker.KEPT), in words."""
    return "until the next one has been made" if KEPT == 1 else f"until {KEPT} more have been made"


def _documented_bytes(size: int) -> bytes:
    from benchmarks.fixtures import documented_page_bytes

    return documented_page_bytes(size)


def _page_kib(size: int) -> str:
    from benchmarks.fixtures import page_bytes

    return f"{len(page_bytes(size)) / 1024:,.0f}"


# -------------------------------------------------------------------------------------------- round trips


def round_trips(ctx: Context) -> Section:
    section = Section("Round trips over loopback")
    section.lines += [
        "Against benchmarks/server.py (canned bytes, HTTP/1.1 keep-alive, 127.0.0.1, its own process). The raw",
        "candidates are `httpx.Client(base_url=..., headers={'api-key': ...})` calls with `json.loads` of the body;",
        "the client is the public API: `next(client.orders.list(page_size=20).pages())` and",
        "`client.orders.upgrade(order_id, add_ons=['gla'])`. Client and server share the machine's two cores.",
    ]
    sample = ctx.settings.roundtrip_sample
    get = [
        _worker_candidate(ctx, "raw httpx + json.loads", CURRENT, "raw-get:20"),
        _worker_candidate(ctx, CLIENT, CURRENT, "get:20"),
        _worker_candidate(ctx, "httpx + pydantic model_validate_json", CURRENT, "pydantic-get:20"),
        _worker_candidate(ctx, "httpx + msgspec decode(type=)", CURRENT, "msgspec-get:20"),
    ]
    if ctx.baseline:
        get.insert(3, _worker_candidate(ctx, f"stock generated client ({ctx.baseline.label})", ctx.baseline, "get:20"))
    table = compare(
        "GET /orders",
        get,
        floor="raw httpx + json.loads",
        rounds=ctx.settings.roundtrip_rounds,
        sample_seconds=sample,
        progress=ctx.progress,
    )
    section.lines += ["", "### Sequential GET /orders (20 orders per page)", ""]
    section.lines += render(table, per="request", targets=(TARGETS["get"],))
    section.lines += ["", *_gc_share(ctx)]
    _judge(section, table, TARGETS["get"])

    post = [
        _worker_candidate(ctx, "raw httpx + json.loads", CURRENT, "raw-post"),
        _worker_candidate(ctx, CLIENT, CURRENT, "post"),
    ]
    if ctx.baseline:
        post.append(_worker_candidate(ctx, f"stock generated client ({ctx.baseline.label})", ctx.baseline, "post"))
    table = compare(
        "POST post-purchase",
        post,
        floor="raw httpx + json.loads",
        rounds=ctx.settings.roundtrip_rounds,
        sample_seconds=sample,
        progress=ctx.progress,
    )
    section.lines += ["", "### Sequential POST /orders/{id}/post-purchase (one order back)", ""]
    section.lines += render(table, per="request")

    section.lines += [
        "",
        "### asyncio: GET /orders with 1, 10, 50 and 100 requests in flight",
        "",
        "Each sample sends a fixed batch through `httpx.AsyncClient` / `AsyncCubiCasa` (default pool limits) with",
        "that many requests in flight; time per request is the batch's wall time divided by its size.",
        "",
        "| in flight | raw httpx.AsyncClient + json.loads | this client | ratio | IQR of ratio |",
        "|---:|---:|---:|---:|---:|",
    ]

    def async_table(in_flight: int, requests: int, title: str) -> Table:
        return compare(
            title,
            [
                _fixed(_worker_candidate(ctx, "raw", CURRENT, f"raw-async:{in_flight}"), requests),
                _fixed(_worker_candidate(ctx, CLIENT, CURRENT, f"async:{in_flight}"), requests),
            ],
            floor="raw",
            rounds=ctx.settings.async_rounds,
            sample_seconds=0,
            progress=ctx.progress,
        )

    fifty: list[Table] = []
    for in_flight, requests in ctx.settings.async_requests:
        table = async_table(in_flight, requests, f"async {in_flight}")
        raw, mine = table.row("raw"), table.row(CLIENT)
        name = f"**{in_flight}**" if in_flight == 50 else str(in_flight)
        ratio = f"**{mine.ratio:.2f}×** | {mine.q1:.2f}–{mine.q3:.2f}"
        section.lines.append(f"| {name} | {_us(raw.seconds)} | {_us(mine.seconds)} | {ratio} |")
        if in_flight == 50:
            fifty.append(table)
    section.lines += ["", f"_{ctx.settings.async_rounds} interleaved rounds per row._"]
    if fifty:
        requests = dict(ctx.settings.async_requests)[50]
        # The target asks for three consecutive runs: this row moves more between runs than any other (client,
        # server and event loop share two cores), so one good run proves little.
        fifty += [async_table(50, requests, f"async 50, run {run}") for run in (2, 3)]
        _judge_runs(section, fifty, TARGETS["async"])
    return section


def _judge_runs(section: Section, tables: list[Table], target: Target) -> None:
    """A target that must hold in each of several consecutive runs: judged on the worst one, all of them shown."""
    ratios = [table.ratio(target.candidate) for table in tables]
    met, text = target.verdict(max(ratios))
    section.verdicts.append((target, met, text, max(ratios)))
    section.lines += [
        "",
        f"The 50-in-flight row, run {len(tables)} times in a row ({tables[0].rounds} interleaved rounds each):",
        "",
        "| run | ratio | IQR of ratio |",
        "|---:|---:|---:|",
        *(
            f"| {n} | **{table.row(target.candidate).ratio:.2f}×** | "
            f"{table.row(target.candidate).q1:.2f}–{table.row(target.candidate).q3:.2f} |"
            for n, table in enumerate(tables, 1)
        ),
        "",
        f"**Target:** {target.text} → {text} (worst of the {len(tables)} runs)",
    ]


def _gc_share(ctx: Context, requests: int = 300) -> list[str]:
    """How much of each request the cyclic GC takes, raw vs. client (gc.callbacks; informative, not interleaved)."""
    worker = ctx.workers.get(CURRENT)
    rows = []
    for label, name in (("raw httpx + json.loads", "raw-get:20"), (CLIENT, "get:20")):
        sample = worker.sample(name, requests)
        rows.append(f"| {label} | {_us(sample.gc_seconds / requests)} | {sample.collections / requests:.2f} |")
    ctx.progress("GC share: done")
    return [
        "The cyclic garbage collector's share (300 requests each, measured with `gc.callbacks`). A collection runs",
        "when GC-counted allocations outnumber deallocations by the threshold (700); a page of 20 documented",
        "orders is about that many parsed JSON objects, so the rate depends on what else a request allocates.",
        "Both build about one GC-tracked object per JSON object of the page (the client: the attrs models msgspec",
        "fills, in C); neither pauses the collector:",
        "",
        "| candidate | time in the cyclic GC per request | collections per request |",
        "|---|---:|---:|",
        *rows,
    ]


# ------------------------------------------------------------------------------------------------- import


def _timed_statement(variant: Variant, statement: str) -> Callable[[int], float]:
    code = f"import time\nstarted = time.perf_counter()\n{statement}\nprint(time.perf_counter() - started)"
    env = python_env(variant)

    def run(n: int) -> float:
        total = 0.0
        for _ in range(n):
            out = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=ROOT
            )
            total += float(out.stdout.strip().splitlines()[-1])
        return total

    return run


COLD_RAW = """import httpx, json
transport = httpx.MockTransport(lambda r: httpx.Response(200, content=body))
base = "https://app.cubi.casa/api/integrate/v3"
with httpx.Client(base_url=base, headers={"api-key": "k"}, transport=transport) as http:
    json.loads(http.get("/orders/x").content)"""
COLD_CLIENT = """from cubicasa_integrate import CubiCasa
import httpx
transport = httpx.MockTransport(lambda r: httpx.Response(200, content=body))
with CubiCasa("k", transport=transport) as client:
    client.orders.get("x")"""


def imports(ctx: Context) -> Section:
    section = Section("Import time and cold start")
    section.lines += [
        "Each sample is a fresh interpreter (warm .pyc files, as after `pip install`) timing only the statement",
        "with `time.perf_counter()`, so interpreter start-up is excluded. In this environment `import httpx` also",
        "loads click, rich and pygments (httpx imports its command line when they are installed, as the dev venv",
        "does with the `cli` extra), which makes it heavier than in a bare install.",
    ]
    rows = [
        Candidate("import httpx", _timed_statement(CURRENT, "import httpx"), fixed_n=1),
        Candidate("import cubicasa_integrate", _timed_statement(CURRENT, "import cubicasa_integrate"), fixed_n=1),
        Candidate(
            "from cubicasa_integrate import CubiCasa",
            _timed_statement(CURRENT, "from cubicasa_integrate import CubiCasa"),
            fixed_n=1,
        ),
        Candidate(
            "import cubicasa_integrate_api.models (every generated model)",
            _timed_statement(CURRENT, "import cubicasa_integrate_api.models"),
            fixed_n=1,
        ),
    ]
    if ctx.baseline:
        rows.append(
            Candidate(
                f"import cubicasa_integrate, stock ({ctx.baseline.label})",
                _timed_statement(ctx.baseline, "import cubicasa_integrate"),
                fixed_n=1,
            )
        )
    table = compare(
        "import", rows, floor="import httpx", rounds=ctx.settings.import_rounds, sample_seconds=0, progress=ctx.progress
    )
    section.lines += ["", "### Import", "", *render(table, per="import", targets=(TARGETS["import"],))]
    _judge(section, table, TARGETS["import"])

    body = "body = " + repr(_order_body()) + "\n"
    cold = [
        Candidate(
            "raw: import httpx, Client(), one GET decoded with json.loads",
            _timed_statement(CURRENT, body + COLD_RAW),
            fixed_n=1,
        ),
        Candidate(
            "this client: import, CubiCasa(), client.orders.get()",
            _timed_statement(CURRENT, body + COLD_CLIENT),
            fixed_n=1,
        ),
    ]
    table = compare(
        "cold start",
        cold,
        floor=cold[0].name,
        rounds=ctx.settings.import_rounds,
        sample_seconds=0,
        progress=ctx.progress,
    )
    section.lines += [
        "",
        "### Cold start to the first decoded order (informative: what the lazy imports defer)",
        "",
        "Import, build the client and decode one order served by an `httpx.MockTransport` (no network).",
        "",
        *render(table, per="start"),
    ]
    return section


def _order_body() -> bytes:
    from benchmarks.fixtures import order

    return json.dumps(order(0)).encode()


# ------------------------------------------------------------------------------------------------- memory


def _probe(
    variant: Variant, args: list[str], *, hide: tuple[str, ...] = (), server: str | None = None
) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.probes", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=python_env(variant, hide=hide, server=server),
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _memory_row(variant: Variant, decoder: str, *, hide: tuple[str, ...] = (), runs: int = 3) -> dict[str, int]:
    results = [_probe(variant, ["memory", decoder], hide=hide) for _ in range(runs)]
    return {key: int(statistics.median(result[key] for result in results)) for key in ("retained", "peak")}


def memory(ctx: Context) -> Section:
    section = Section("Memory")
    section.lines += [
        "### Held by 1,000 decoded orders",
        "",
        "tracemalloc in a fresh process per decoder (median of 3): what the decoded page still holds after a",
        "collection, input bytes excluded, and the peak during the decode.",
        "",
        "| decoder | retained | per order | ratio to plain dicts | peak during decode |",
        "|---|---:|---:|---:|---:|",
    ]
    rows: list[tuple[str, dict[str, int]]] = [
        ("plain dicts (json.loads)", _memory_row(CURRENT, "dicts", runs=ctx.settings.memory_runs)),
        (CLIENT, _memory_row(CURRENT, "client", runs=ctx.settings.memory_runs)),
        (f"{CLIENT}, after reading every field", _memory_row(CURRENT, "client-read", runs=ctx.settings.memory_runs)),
    ]
    if ctx.baseline:
        rows.append(
            (
                f"stock generated client ({ctx.baseline.label})",
                _memory_row(ctx.baseline, "client", runs=ctx.settings.memory_runs),
            )
        )
    rows += [
        ("pydantic v2 model_validate_json", _memory_row(CURRENT, "pydantic", runs=ctx.settings.memory_runs)),
        ("msgspec decode(type=OrderList)", _memory_row(CURRENT, "msgspec", runs=ctx.settings.memory_runs)),
    ]
    ctx.progress("memory: done")
    floor = rows[0][1]["retained"]
    for name, row in rows:
        shown = f"**{name}**" if name == CLIENT else name
        section.lines.append(
            f"| {shown} | {row['retained'] / 2**20:.2f} MiB | {row['retained'] / 1000 / 1024:.1f} KiB | "
            f"**{row['retained'] / floor:.2f}×** | {row['peak'] / 2**20:.2f} MiB |"
        )
    target = TARGETS["memory"]
    met, text = target.verdict(rows[1][1]["retained"] / floor)
    section.verdicts.append((target, met, text, rows[1][1]["retained"] / floor))
    section.lines += ["", f"**Target:** {target.text} → {text}"]

    section.lines += [
        "",
        "### Iterating orders lazily",
        "",
        "Peak traced memory while iterating `client.orders.list()` (20 per page) from the loopback server, in a",
        "fresh process each, after 200 warm-up pages (bounded caches on the way, such as urllib's cache of 128",
        "parsed URLs and msgspec's key cache, fill up first): constant memory means the peak does not grow with",
        "the number of orders.",
        "",
        "| orders iterated | pages | peak traced memory | still held after |",
        "|---:|---:|---:|---:|",
    ]
    peaks = []
    for count in (1000, 5000, 10_000):
        result = _probe(CURRENT, ["paging", str(count)], server=ctx.server)
        peaks.append(result["peak"])
        section.lines.append(
            f"| {result['orders']:,} | {result['orders'] // 20:,} | {result['peak'] / 2**20:.2f} MiB "
            f"| {result['held'] / 2**10:.0f} KiB |"
        )
    # Constant means flat once warm: between 1,000 and 5,000 orders the peak still rises in every version (the
    # garbage of httpx's per-request reference cycles waits longer for the full collections that free it, and
    # caches fill), then stays put; doubling the orders from 5,000 to 10,000 is what shows growth with N.
    target = TARGETS["paging"]
    met, text = target.verdict(peaks[-1] / peaks[1])
    section.verdicts.append((target, met, text, peaks[-1] / peaks[1]))
    section.lines += [
        "",
        f"Peak for 10,000 orders / peak for 5,000: **{peaks[-1] / peaks[1]:.2f}×**; / peak for 1,000:"
        f" **{peaks[-1] / peaks[0]:.2f}×** for 10× the orders (keeping",
        f"them would take about {10 * rows[1][1]['retained'] / 2**20:.0f} MiB). What is still held afterwards is the",
        "current page plus bounded caches. The peak moves a little: httpx/httpcore leave a few objects per request",
        "in reference cycles that wait for the cyclic GC (raw httpx has them too), and the more typed objects a",
        "request allocates, the later they are collected.",
    ]
    section.lines += ["", f"**Target:** {target.text} → {text}"]
    ctx.progress("paging: done")
    return section


# ---------------------------------------------------------------------------------------------- bulk sync

HANDWRITTEN = "hand-written asyncio + httpx downloader"
SEQUENTIAL = "sequential loop (httpx.Client)"


def _size(size: int) -> str:
    return f"{size // 2**20} MiB" if size >= 2**20 else f"{size // 2**10} KiB"


def _median_iqr(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), *_quartiles(values)


def sync(ctx: Context) -> Section:
    settings = ctx.settings
    orders, files, size, latency, concurrency = settings.sync_scenario
    scenario = "/".join(map(str, settings.sync_scenario))
    total = orders * files
    section = Section("Bulk sync over loopback")
    section.lines += [
        f"{orders} orders × {files} files of {_size(size)}, listed by `GET /orders` and fetched from the same",
        f"loopback server (benchmarks/assets.py, its own process), which answers each file request {latency} ms",
        "after it arrives (a timer: other requests go on meanwhile) with cached bytes and an ETag. Every run",
        "starts from a fresh empty folder (removed afterwards, outside the timed part) and builds its own HTTP",
        "client(s), as a program run once would. The candidates (benchmarks/downloaders.py) write the same bytes",
        "(tests/unit/test_benchmarks.py):",
        "",
        f"- **{CLIENT}**: `async_sync_orders(AsyncCubiCasa(...), dest, concurrency={concurrency})`: manifest commit,",
        "  SHA-256, part file and rename per file, as shipped;",
        f"- {HANDWRITTEN}: orders listed with httpx and `json.loads`, then an `asyncio.Semaphore({concurrency})`",
        f"  of streamed GETs written straight to their final path, one `AsyncClient` with a pool of {concurrency};",
        f"- {SEQUENTIAL}: for each order, for each URL, `http.get(url)` and `path.write_bytes(...)`.",
        "",
        "Throughput ratios are medians of the per-round ratios (hand-written time / candidate time, so higher is",
        "faster); the machine's two cores run client, server and the file system's work.",
    ]
    labels = {"client": CLIENT, "handwritten": HANDWRITTEN, "sequential": SEQUENTIAL}
    table = compare(
        "sync",
        [
            _fixed(_worker_candidate(ctx, label, CURRENT, f"sync-{kind}:{scenario}"), 1)
            for kind, label in labels.items()
        ],
        floor=HANDWRITTEN,
        rounds=settings.sync_rounds,
        sample_seconds=0,
        progress=ctx.progress,
    )
    floor = table.row(HANDWRITTEN).samples
    section.lines += [
        "",
        "### Throughput",
        "",
        "| candidate | time per run | files per second | MiB per second | throughput to hand-written | IQR |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in table.rows:
        ratio, q1, q3 = _median_iqr([base / mine for base, mine in zip(floor, row.samples, strict=True)])
        name = f"**{row.name}**" if row.name == CLIENT else row.name
        section.lines.append(
            f"| {name} | {_us(row.seconds)} | {total / row.seconds:,.0f} | {total * size / 2**20 / row.seconds:,.1f} "
            f"| **{ratio:.2f}×** | {q1:.2f}–{q3:.2f} |"
        )
    client = table.row(CLIENT).samples
    throughput, _, _ = _median_iqr([base / mine for base, mine in zip(floor, client, strict=True)])
    speedup, s1, s3 = _median_iqr([seq / mine for seq, mine in zip(table.row(SEQUENTIAL).samples, client, strict=True)])
    section.lines += [
        "",
        f"_{table.rounds} interleaved rounds. Speed-up of {CLIENT} over the sequential loop (median of per-round"
        f" ratios): **{speedup:.2f}×** (IQR {s1:.2f}–{s3:.2f}); {concurrency} at a time could reach at most"
        f" {concurrency}×._",
    ]
    for target, ratio in ((TARGETS["sync"], throughput), (TARGETS["sync-sequential"], speedup)):
        met, text = target.verdict(ratio)
        section.verdicts.append((target, met, text, ratio))
        section.lines += ["", f"**Target:** {target.text} → {text}"]
    _sync_memory(ctx, section, f"{orders}/{files}", f"{latency}/{concurrency}", total)
    return section


CURL = "curl"


def _scenario_name(scenario: tuple[int, ...]) -> str:
    return "/".join(map(str, scenario))


def wire(ctx: Context) -> Section:
    """The client's own cost on a fast wire: no latency per file, so nothing hides CPU work (issue 24)."""
    settings = ctx.settings
    section = Section("Bulk sync from a fast loopback server")
    section.lines += [
        "The same candidates as above and curl, against the same loopback server (its own process), which now",
        "answers every file request at once: what a fast wire leaves of a sync is its own CPU per byte and per",
        "file. curl (`--parallel --parallel-max 8`, keep-alive, one process for every file, after the orders are",
        "listed with httpx as the hand-written downloader lists them) is the limit of this machine: both its cores",
        "run client, server and the file system's work. Each run starts from a fresh empty folder (removed",
        "outside the timed part). Throughput ratios are medians of per-round ratios (the other's time / the",
        "client's, so higher is faster).",
    ]
    labels = {"client": CLIENT, "handwritten": HANDWRITTEN, "curl": CURL}
    for scenario, targets in zip(
        settings.wire_scenarios,
        ((TARGETS["wire-large"], TARGETS["wire-large-curl"]), (TARGETS["wire-small"],)),
        strict=True,
    ):
        orders, files, size, _latency, concurrency = scenario
        total = orders * files
        table = compare(
            f"wire {_size(size)}",
            [
                _fixed(_worker_candidate(ctx, label, CURRENT, f"sync-{kind}:{_scenario_name(scenario)}"), 1)
                for kind, label in labels.items()
            ],
            floor=HANDWRITTEN,
            rounds=settings.wire_rounds,
            sample_seconds=0,
            progress=ctx.progress,
        )
        section.lines += [
            "",
            f"### {total:,} files of {_size(size)} ({orders:,} orders × {files}), {concurrency} at a time",
            "",
            "| candidate | time per run | files per second | MB per second | client's throughput to it | IQR |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        client = table.row(CLIENT).samples
        for row in table.rows:
            ratio, q1, q3 = _median_iqr([theirs / mine for theirs, mine in zip(row.samples, client, strict=True)])
            name = f"**{row.name}**" if row.name == CLIENT else row.name
            section.lines.append(
                f"| {name} | {_us(row.seconds)} | {total / row.seconds:,.0f} | {total * size / 1e6 / row.seconds:,.0f} "
                f"| **{ratio:.2f}×** | {q1:.2f}–{q3:.2f} |"
            )
        section.lines += ["", f"_{table.rounds} interleaved rounds._"]
        for target in targets:
            floor = table.row(target.floor or HANDWRITTEN).samples
            ratio, _, _ = _median_iqr([theirs / mine for theirs, mine in zip(floor, client, strict=True)])
            met, text = target.verdict(ratio)
            section.verdicts.append((target, met, text, ratio))
            section.lines += ["", f"**Target:** {target.text} → {text}"]
    return section


def _sync_memory(ctx: Context, section: Section, shape: str, pace: str, total: int) -> None:
    sizes = ctx.settings.sync_memory_sizes
    lines = [
        "",
        "### Peak memory against file size",
        "",
        "One sync of the same orders and files per file size, each in a fresh process after a warm-up sync of one",
        "tiny file (benchmarks/probes.py): the peak traced by tracemalloc during the sync (Python's allocations,",
        "SQLite's included), and how much the sync raised the process's resident high-water mark",
        "(`getrusage`, measured without tracemalloc).",
        "",
        f"| file size | data synced | {CLIENT}: peak traced | {HANDWRITTEN}: peak traced | {CLIENT}: RSS growth |",
        "|---:|---:|---:|---:|---:|",
    ]
    peaks = []
    for size in sizes:
        scenario = f"{shape}/{size}/{pace}"
        client = _probe(CURRENT, ["sync", "client", scenario], server=ctx.server)["peak"]
        raw = _probe(CURRENT, ["sync", "handwritten", scenario], server=ctx.server)["peak"]
        rss = _probe(CURRENT, ["sync", "client", scenario, "--rss"], server=ctx.server)["rss_growth"]
        peaks.append(client)
        lines.append(
            f"| {_size(size)} | {total * size / 2**20:,.1f} MiB | {client / 2**20:.2f} MiB | {raw / 2**20:.2f} MiB "
            f"| {rss / 2**20:.2f} MiB |"
        )
        ctx.progress(f"sync memory, {_size(size)} files: done")
    target = TARGETS["sync-memory"]
    ratio = peaks[-1] / peaks[-2]
    met, text = target.verdict(ratio)
    lines += [
        "",
        f"Peak with {_size(sizes[-1])} files / peak with {_size(sizes[-2])} files: **{ratio:.2f}×**; / peak with"
        f" {_size(sizes[0])} files: **{peaks[-1] / peaks[0]:.2f}×**. Bodies are streamed: each file in flight",
        "holds the read buffers of the HTTP stack (asyncio reads up to 256 KiB at a time, httpcore and httpx",
        "hand on 64 KiB pieces), about half a MiB, whatever the file's size. A file smaller than those buffers",
        "never fills them, so the smallest files take less; from the size that fills them on, the peak stays flat,",
        "as the hand-written streaming downloader's does.",
        "",
        f"**Target:** {target.text} → {text}",
    ]
    section.verdicts.append((target, met, text, ratio))
    section.lines += lines


# ------------------------------------------------------------------------------------------------- levers


def levers(ctx: Context, levers: list[Lever], found: dict[str, Variant | None]) -> Section:
    section = Section("Levers, each measured before and after")
    section.lines += [
        "Each lever is a commit (or an installed package); `before` and `after` are that code unpacked from git",
        "and run side by side in their own worker processes, in the same interleaved rounds as the floor, which",
        "runs in each of the two processes: each side's ratio is to the floor of its own process.",
        "Later levers are measured on top of the earlier ones.",
    ]
    for lever in levers:
        before, after = found.get(lever.before), found.get(lever.after)
        section.lines += ["", f"### {lever.name}", ""]
        if lever.note:
            section.lines += [lever.note, ""]
        if before is None or after is None:
            section.lines.append(f"_Skipped: {lever.before} or {lever.after} is not in this clone's history._")
            continue
        section.lines += [
            f"before: `{lever.before}`{_hidden(lever.before_hide)} · after: `{lever.after}`{_hidden(lever.after_hide)}",
            "",
            "| measure | floor | before | after | change |",
            "|---|---|---:|---:|---:|",
        ]
        for metric in lever.metrics:
            section.lines.append(_lever_row(ctx, lever, before, after, metric))
    return section


def _hidden(hide: tuple[str, ...]) -> str:
    return f" without {', '.join(hide)}" if hide else ""


def _lever_row(ctx: Context, lever: Lever, before: Variant, after: Variant, metric: str) -> str:
    kind, _, argument = metric.partition(":")
    if kind == "wire":
        return _wire_lever_row(ctx, lever, before, after, argument)
    cpu_timed = kind in ("decode", "gcdecode", "inproc")
    rounds = ctx.settings.lever_rounds if cpu_timed else ctx.settings.lever_roundtrip_rounds
    if kind == "memory":
        dicts = _memory_row(after, "dicts", runs=1)["retained"]  # tracemalloc counts bytes: no need to repeat
        b = _memory_row(before, "client", hide=lever.before_hide, runs=1)["retained"] / dicts
        a = _memory_row(after, "client", hide=lever.after_hide, runs=1)["retained"] / dicts
        return f"| memory held by 1,000 orders | plain dicts | {b:.2f}× | {a:.2f}× | {_change(b, a)} |"
    if kind == "import":
        rows = [
            Candidate("floor", _timed_statement(after, "import httpx"), fixed_n=1),
            Candidate("before", _timed_statement(before, "import cubicasa_integrate"), fixed_n=1),
            Candidate("after", _timed_statement(after, "import cubicasa_integrate"), fixed_n=1),
            Candidate(
                "before CubiCasa", _timed_statement(before, "from cubicasa_integrate import CubiCasa"), fixed_n=1
            ),
            Candidate("after CubiCasa", _timed_statement(after, "from cubicasa_integrate import CubiCasa"), fixed_n=1),
        ]
        table = compare(
            lever.name, rows, floor="floor", rounds=ctx.settings.import_rounds, sample_seconds=0, progress=ctx.progress
        )
        b, a = table.ratio("before"), table.ratio("after")
        bc, ac = table.ratio("before CubiCasa"), table.ratio("after CubiCasa")
        return (
            f"| import cubicasa_integrate | import httpx | {ratio_text(b)}× | {ratio_text(a)}× | {_change(b, a)} |\n"
            f"| from cubicasa_integrate import CubiCasa | import httpx | {bc:.2f}× | {ac:.2f}× | {_change(bc, ac)} |"
        )
    floors = {
        "decode": (f"json.loads:{argument}", "json.loads"),
        "gcdecode": (f"kept/json.loads:{argument}", "json.loads"),
        "inproc": (f"kept/inproc-raw:{argument}", "httpx.Client + json.loads"),
        "get": ("raw-get:20", "raw httpx"),
        "post": ("raw-post", "raw httpx"),
        "async": (f"raw-async:{argument}", "raw httpx.AsyncClient"),
    }
    floor_name, floor_label = floors[kind]
    names = {
        "decode": f"decode:{argument}",
        "gcdecode": f"kept/decode:{argument}",
        "inproc": f"kept/inproc:{argument}",
        "get": "get:20",
        "post": "post",
        "async": f"async:{argument}",
    }
    fixed = dict(ctx.settings.async_requests).get(int(argument or 0)) if kind == "async" else None
    # Each side is compared with the floor run in its own worker process: processes differ in speed by several
    # per cent (memory layout, allocator and GC state), which would otherwise show up as a lever's effect.
    floor_hide = lever.after_hide if kind != "async" else ()
    # (The sniffio lever hides a package from `before`; its floor stays raw httpx as installed, with sniffio.)
    before_floor_hide = lever.before_hide if kind != "async" else ()

    def before_worker() -> Worker:
        return ctx.workers.get(before, hide=before_floor_hide)

    rows = [
        Candidate("floor", lambda n: ctx.workers.get(after, hide=floor_hide).run(floor_name, n), fixed_n=fixed),
        Candidate("floor (before's process)", lambda n: before_worker().run(floor_name, n), fixed_n=fixed),
        Candidate(
            "before", lambda n: ctx.workers.get(before, hide=lever.before_hide).run(names[kind], n), fixed_n=fixed
        ),
        Candidate("after", lambda n: ctx.workers.get(after, hide=lever.after_hide).run(names[kind], n), fixed_n=fixed),
    ]
    large = argument == "1000"
    decode_sample = ctx.settings.large_decode_sample if large else ctx.settings.decode_sample
    inprocess_sample = ctx.settings.large_inprocess_sample if large else ctx.settings.inprocess_sample
    sample = {"decode": decode_sample, "gcdecode": decode_sample, "inproc": inprocess_sample}.get(
        kind, ctx.settings.roundtrip_sample
    )
    table = compare(
        f"{lever.name} {metric}", rows, floor="floor", rounds=rounds, sample_seconds=sample, progress=ctx.progress
    )
    b, a = table.paired_ratio("before", "floor (before's process)"), table.ratio("after")
    label = {
        "decode": f"decode {argument} orders",
        "gcdecode": f"decode {argument} orders, GC cost included",
        "inproc": f"list call in process, {argument} orders, GC cost included",
        "get": "sequential GET /orders (20)",
        "post": "sequential POST post-purchase",
        "async": f"asyncio, {argument} in flight",
    }[kind]
    return f"| {label} | {floor_label} | {b:.2f}× | {a:.2f}× | {_change(b, a)} |"


def _wire_lever_row(ctx: Context, lever: Lever, before: Variant, after: Variant, which: str) -> str:
    """A fast-loopback sync (`wire:large` or `wire:small`, shorter than the section's) before and after: the time
    of each side's run as a ratio to the hand-written downloader run in its own process (lower is faster)."""
    scenario = ctx.settings.wire_lever_scenarios[("large", "small").index(which)]
    orders, files, size, _latency, concurrency = scenario
    client, floor = (f"sync-{kind}:{_scenario_name(scenario)}" for kind in ("client", "handwritten"))
    rows = [
        _fixed(Candidate("floor", lambda n: ctx.workers.get(after).run(floor, n)), 1),
        _fixed(Candidate("floor (before's process)", lambda n: ctx.workers.get(before).run(floor, n)), 1),
        _fixed(Candidate("before", lambda n: ctx.workers.get(before, hide=lever.before_hide).run(client, n)), 1),
        _fixed(Candidate("after", lambda n: ctx.workers.get(after, hide=lever.after_hide).run(client, n)), 1),
    ]
    table = compare(
        f"{lever.name} wire:{which}",
        rows,
        floor="floor",
        rounds=ctx.settings.wire_rounds,
        sample_seconds=0,
        progress=ctx.progress,
    )
    b, a = table.paired_ratio("before", "floor (before's process)"), table.ratio("after")
    label = f"sync time, {orders * files:,} × {_size(size)}, fast loopback, {concurrency} at a time"
    return f"| {label} | hand-written downloader | {b:.2f}× | {a:.2f}× | {_change(b, a)} |"


def _change(before: float, after: float) -> str:
    return f"{(after - before) / before * 100:+.0f} %"

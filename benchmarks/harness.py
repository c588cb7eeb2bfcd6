"""Side-by-side timing on a shared, noisy machine: interleaved rounds, rotated order, medians of per-round ratios.

Every candidate is calibrated once to take about `sample_seconds` per sample. Each round then times one sample of
every candidate back to back, starting from a different candidate each round, so that drift of the machine hits
all candidates alike. A candidate's ratio is taken per round against the floor candidate of the same round, and
the table reports the median of those ratios (with its interquartile range) next to the median time per
operation. GC stays enabled, as in real use; a full collection runs before each sample so that no candidate pays
for another's garbage.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

__all__ = ["Candidate", "Row", "Table", "compare", "per_call"]

Runner = Callable[[int], float]
"""Runs an operation n times and returns the elapsed seconds (measured by itself, so it may run elsewhere)."""


@dataclass(frozen=True)
class Candidate:
    name: str
    run: Runner
    fixed_n: int | None = None
    """Operations per sample when calibration would not make sense (e.g. a batch of concurrent requests)."""


def per_call(fn: Callable[[], object]) -> Runner:
    """A runner that calls `fn` n times in a plain loop."""

    def run(n: int) -> float:
        started = time.perf_counter()
        for _ in range(n):
            fn()
        return time.perf_counter() - started

    return run


@dataclass
class Row:
    name: str
    seconds: float
    """Median seconds per operation."""
    ratio: float
    """Median of the per-round ratios to the floor."""
    q1: float
    q3: float
    samples: list[float] = field(default_factory=list)
    """Seconds per operation in each round, in round order."""


@dataclass
class Table:
    title: str
    floor: str
    unit: str
    rows: list[Row] = field(default_factory=list)
    rounds: int = 0
    notes: list[str] = field(default_factory=list)

    def row(self, name: str) -> Row:
        return next(row for row in self.rows if row.name == name)

    def ratio(self, name: str) -> float:
        return self.row(name).ratio

    def paired_ratio(self, name: str, floor: str) -> float:
        """Median of the per-round ratios of `name` to another row than the table's floor."""
        return statistics.median(
            mine / base for mine, base in zip(self.row(name).samples, self.row(floor).samples, strict=True)
        )


def _quartiles(values: Sequence[float]) -> tuple[float, float]:
    if len(values) < 4:
        return min(values), max(values)
    q = statistics.quantiles(values, n=4)
    return q[0], q[2]


def calibrate(candidate: Candidate, sample_seconds: float) -> int:
    if candidate.fixed_n is not None:
        return candidate.fixed_n
    n = 1
    while True:
        elapsed = candidate.run(n)
        if elapsed >= sample_seconds / 5 or n >= 1 << 24:
            return max(1, round(n * sample_seconds / max(elapsed, 1e-9)))
        n *= 4 if elapsed < sample_seconds / 50 else 2


def compare(
    title: str,
    candidates: Sequence[Candidate],
    *,
    floor: str,
    rounds: int,
    sample_seconds: float,
    unit: str = "op",
    progress: Callable[[str], None] | None = None,
    before_rounds: Callable[[], None] | None = None,
) -> Table:
    """Time every candidate in `rounds` interleaved rounds; ratios are to the candidate named `floor`.

    `before_rounds` is called once after the warm-up and calibration runs, right before the first round: whatever
    a candidate counts beside its time (GC work) should count the measured samples only.
    """
    names = [c.name for c in candidates]
    if floor not in names or len(set(names)) != len(names):
        raise ValueError(f"floor {floor!r} must be one of the (unique) candidate names {names}")
    for candidate in candidates:  # warm up: imports, caches, connection pools
        candidate.run(1)
    sizes = {c.name: calibrate(c, sample_seconds) for c in candidates}
    if before_rounds:
        before_rounds()
    times: dict[str, list[float]] = {name: [] for name in names}
    for number in range(rounds):
        shift = number % len(candidates)
        for candidate in [*candidates[shift:], *candidates[:shift]]:
            gc.collect()
            n = sizes[candidate.name]
            times[candidate.name].append(candidate.run(n) / n)
        if progress:
            progress(f"{title}: round {number + 1}/{rounds}")
    table = Table(title=title, floor=floor, unit=unit, rounds=rounds)
    for name in names:
        ratios = [mine / base for mine, base in zip(times[name], times[floor], strict=True)]
        q1, q3 = _quartiles(ratios)
        table.rows.append(Row(name, statistics.median(times[name]), statistics.median(ratios), q1, q3, times[name]))
    return table

"""make bench: the client side by side with raw httpx, pydantic and msgspec; writes benchmarks/RESULTS.md.

    python -m benchmarks [--quick] [--output PATH] [--only SECTION ...]

`--only sync --output /tmp/sync.md` runs one section (repeat --only for more) into a file of its own: without
--output it would replace RESULTS.md with that section alone.

Settings and the list of levers live in pyproject.toml under [tool.cubicasa-bench]. The run starts a loopback
server and worker processes of its own and stops them. It exits non-zero only on an error, never because of a
timing: a missed target is reported in RESULTS.md, not failed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import time
import tomllib
import traceback
from dataclasses import replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from benchmarks.objectstore import object_store
from benchmarks.processes import ROOT, Workers, compile_tree, loopback_server, variants
from benchmarks.suite import (
    Context,
    Lever,
    Section,
    Settings,
    decode,
    drift,
    imports,
    in_process,
    levers,
    memory,
    round_trips,
    sync,
    wire,
)
from benchmarks.targets import TARGETS

PACKAGES = (
    "httpx",
    "httpcore",
    "h11",
    "anyio",
    "sniffio",
    "attrs",
    "tenacity",
    "msgspec",
    "orjson",
    "pydantic",
    "pydantic-core",
)

SECTIONS = ("decode", "drift", "inprocess", "roundtrip", "import", "memory", "sync", "wire", "s3", "levers")


def load_config() -> dict[str, Any]:
    config: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["cubicasa-bench"]
    return config


def settings_from(config: dict[str, Any], *, quick: bool) -> Settings:
    settings = Settings(
        rounds=config.get("rounds", 9),
        lever_rounds=config.get("lever-rounds", 7),
        import_rounds=config.get("import-rounds", 11),
        decode_sample=config.get("decode-sample", 0.1),
        large_decode_sample=config.get("large-decode-sample", 0.3),
        roundtrip_sample=config.get("roundtrip-sample", 0.25),
        roundtrip_rounds=config.get("roundtrip-rounds", 21),
        lever_roundtrip_rounds=config.get("lever-roundtrip-rounds", 15),
        memory_runs=config.get("memory-runs", 3),
        async_rounds=config.get("async-rounds", 5),
        async_requests=tuple(tuple(pair) for pair in config.get("async-requests", Settings.async_requests)),
        inprocess_rounds=config.get("inprocess-rounds", Settings.inprocess_rounds),
        sync_rounds=config.get("sync-rounds", Settings.sync_rounds),
        wire_rounds=config.get("wire-rounds", Settings.wire_rounds),
        inprocess_sample=config.get("inprocess-sample", Settings.inprocess_sample),
        large_inprocess_sample=config.get("large-inprocess-sample", Settings.large_inprocess_sample),
    )
    if quick:  # a smoke run of every code path (tests, development), not a measurement
        settings = replace(
            settings,
            rounds=2,
            lever_rounds=2,
            import_rounds=2,
            decode_sample=0.005,
            large_decode_sample=0.01,
            roundtrip_sample=0.01,
            roundtrip_rounds=2,
            lever_roundtrip_rounds=2,
            memory_runs=1,
            async_rounds=2,
            async_requests=tuple((in_flight, in_flight) for in_flight, _ in settings.async_requests),
            inprocess_rounds=2,
            inprocess_sample=0.005,
            large_inprocess_sample=0.01,
            sync_rounds=2,
            sync_scenario=(2, 4, *settings.sync_scenario[2:]),
            wire_rounds=2,
            wire_scenarios=((2, 5, 5 * 2**20, 0, 8), (20, 5, 1024, 0, 8)),
            wire_lever_scenarios=((2, 5, 5 * 2**20, 0, 8), (20, 5, 1024, 0, 8)),
        )
    return settings


def levers_from(config: dict[str, Any]) -> list[Lever]:
    return [
        Lever(
            name=item["name"],
            before=item["before"],
            after=item["after"],
            metrics=tuple(item["metrics"]),
            before_hide=tuple(item.get("before-hide", ())),
            after_hide=tuple(item.get("after-hide", ())),
            note=item.get("note", ""),
        )
        for item in config.get("lever", [])
    ]


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _commit() -> str:
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", "generated", "overrides", "benchmarks", ":!*.md"],
        capture_output=True,
        text=True,
    )
    return (head.stdout.strip() or "unknown") + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def header(started: datetime.datetime, seconds: float, load: tuple[float, float], quick: bool) -> list[str]:
    versions = ", ".join(f"{name} {_version(name)}" for name in PACKAGES)
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m benchmarks`); do not edit by hand. Method: benchmarks/harness.py.",
        "",
        f"- **Date:** {started:%Y-%m-%d %H:%M} UTC; the run took {seconds:.0f} s"
        + (" (**--quick smoke run: the numbers mean nothing**)" if quick else ""),
        f"- **Code:** commit {_commit()}: generated/ (openapi-python-client 0.29.1, custom templates) + overrides/",
        f"- **Python:** {platform.python_implementation()} {platform.python_version()} on {platform.platform()}",
        f"- **Machine:** {_cpu()}, {os.cpu_count()} logical CPUs, shared with other work: load average "
        f"{load[0]:.2f} at the start, {load[1]:.2f} at the end",
        f"- **Packages:** {versions}",
        "",
        "Quote the ratios, not the times: on this shared machine absolute times move by tens of percent between",
        "runs, while ratios measured side by side in interleaved rounds (order rotated every round, median of the",
        "per-round ratios) hold to roughly ±10 % for decoding and sequential round trips. Round trips with many",
        "requests in flight move more between runs (at 50 in flight, from about 1.05× to 1.35× in three runs of the",
        "same code on 2026-11-27), because client and server share the two cores. The interquartile range of each",
        "ratio shows its spread within a run.",
    ]
    return lines


def summary(sections: list[Section]) -> list[str]:
    lines = []
    headline = [line for section in sorted(sections, key=lambda s: s.headline_rank) for line in section.headline]
    if headline:
        lines += ["", "## Headline: a list call, then reading the orders", "", *headline]
    lines += ["", "## Targets", "", "| target | ratio | verdict |", "|---|---:|---|"]
    # The targets on what users do first, in the order the issue lists them; then the others, section by section.
    order = list(TARGETS)
    verdicts = [verdict for section in sections for verdict in section.verdicts]
    verdicts.sort(key=lambda verdict: (0, order.index(verdict[0].key)) if verdict[0].headline else (1, 0))
    for target, met, _text, ratio in verdicts:
        lines.append(f"| {target.text} | {target.value_text(ratio)} | {'met' if met else 'missed'} |")
    missed = [text for section in sections for _target, met, text, _ratio in section.verdicts if not met]
    if missed:
        lines += ["", "Misses, by how much and why, are under each table below."]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smoke-run every code path in seconds (no real numbers)")
    parser.add_argument("--output", type=Path, help="where to write the Markdown (default: from pyproject.toml)")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run this section only (repeatable)")
    args = parser.parse_args(argv)
    config = load_config()
    settings = settings_from(config, quick=args.quick)
    output = args.output or ROOT / config.get("output", "benchmarks/RESULTS.md")
    lever_list = levers_from(config)
    started, clock = datetime.datetime.now(datetime.UTC), time.perf_counter()
    load_start = os.getloadavg()[0]

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - clock:6.1f} s] {message}", file=sys.stderr, flush=True)

    compile_tree(ROOT)
    baseline_ref = config.get("baseline")
    drift_refs = {key: config[f"drift-{key}"] for key in ("before",) if config.get(f"drift-{key}")}
    refs = (
        ([baseline_ref] if baseline_ref else [])
        + list(drift_refs.values())
        + [ref for lever in lever_list for ref in (lever.before, lever.after)]
    )
    sections: list[Section] = []
    try:
        with loopback_server() as server, variants(refs) as found:
            workers = Workers(server)
            ctx = Context(settings, workers, server, found.get(baseline_ref) if baseline_ref else None, progress)
            ctx.drift_refs = {key: found.get(ref) for key, ref in drift_refs.items()}
            try:
                wanted = set(args.only or SECTIONS)
                if "decode" in wanted:
                    sections.append(decode(ctx))
                if "drift" in wanted:
                    sections.append(drift(ctx))
                if "inprocess" in wanted:
                    sections.append(in_process(ctx))
                if "roundtrip" in wanted:
                    sections.append(round_trips(ctx))
                if "import" in wanted:
                    sections.append(imports(ctx))
                if "memory" in wanted:
                    sections.append(memory(ctx))
                if "sync" in wanted:
                    sections.append(sync(ctx))
                if "wire" in wanted:
                    sections.append(wire(ctx))
                if "s3" in wanted:
                    sections.append(object_store(progress))
                if "levers" in wanted and lever_list:
                    sections.append(levers(ctx, lever_list, found))
            finally:
                workers.stop()
    except Exception:
        traceback.print_exc()
        print("make bench failed: see the error above (timings never fail the run).", file=sys.stderr)
        return 1
    lines = header(started, time.perf_counter() - clock, (load_start, os.getloadavg()[0]), args.quick)
    lines += summary(sections)
    for section in sections:
        lines += ["", f"## {section.title}", "", *section.lines]
    considered = ROOT / "benchmarks" / "CONSIDERED.md"
    if considered.is_file():  # one-off measurements of levers that were weighed and not shipped
        lines += ["", *considered.read_text(encoding="utf-8").rstrip().splitlines()]
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    progress(f"wrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

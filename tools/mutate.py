"""`make mutate`: plant each curated bug in the code that carries the README's promises and prove a test catches it.

    python tools/mutate.py              # run every mutant of tests/mutation/mutants.yaml (about 5 minutes)
    python tools/mutate.py --only ID    # one mutant (repeatable)
    python tools/mutate.py --check      # only that every mutant still applies (CI runs this; seconds)

Each mutant names a file, one exact snippet in it, the snippet's replacement (a plausible bug: a condition
dropped, a boundary moved, a field forgotten), why it matters, and the tests that must catch it. The run copies
the tracked files into a scratch folder per worker (the checkout is never touched), applies one mutant, runs its
tests there with that copy first on the path, and counts the mutant *killed* if they fail, *survived* if they
pass. A mutant whose snippet no longer occurs exactly once is *stale*: the code moved and the list must follow.
Any survivor or stale mutant fails the run. A run that times out counts as killed only if pytest's own per-test
timeout fired (a hang the suite itself reports), never by the wall clock of this script.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from queue import Queue

import yaml

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "tests" / "mutation" / "mutants.yaml"
WALL_LIMIT = 600  # seconds per mutant: far above any focused test run; reaching it is a failure of the run


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str
    find: str
    replace: str
    why: str
    tests: tuple[str, ...]


def load(path: Path = MUTANTS) -> list[Mutant]:
    entries = yaml.safe_load(path.read_text())
    mutants = [Mutant(e["id"], e["file"], e["find"], e["replace"], e["why"], tuple(e["tests"])) for e in entries]
    ids = [m.id for m in mutants]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise SystemExit(f"{path.name}: duplicate mutant ids {duplicates}")
    return mutants


def stale(mutant: Mutant, root: Path = ROOT) -> str | None:
    """Why the mutant no longer applies to the code under `root`, or None."""
    target = root / mutant.file
    if not target.is_file():
        return f"{mutant.file} does not exist"
    count = target.read_text().count(mutant.find)
    if count != 1:
        return f"its snippet occurs {count} times in {mutant.file} (must be exactly once)"
    if mutant.find == mutant.replace:
        return "its replacement equals the snippet"
    missing = [t for t in mutant.tests if not (root / t.split("::", 1)[0]).exists()]
    if missing:
        return f"its tests do not exist: {missing}"
    return None


def scratch_copy() -> Path:
    """The tracked files (as they are in the working tree) in a fresh folder."""
    folder = Path(tempfile.mkdtemp(prefix="cubicasa-mutate-"))
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            target = folder / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    # The pinned Node tools are not tracked: without them the tests that run openapi-typescript, tsc or the
    # openapi-fetch guard skip, and a mutant only those tests catch would survive.
    if (ROOT / "node_modules").is_dir():
        (folder / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return folder


def run_one(mutant: Mutant, folder: Path) -> tuple[str, str, float]:
    """(verdict, detail, seconds): killed, survived or error."""
    target = folder / mutant.file
    original = target.read_text()
    target.write_text(original.replace(mutant.find, mutant.replace, 1))
    started = time.monotonic()
    env = {
        **os.environ,
        "PYTHONPATH": f"{folder / 'overrides'}{os.pathsep}{folder / 'generated'}",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-n", "0", *mutant.tests]
    try:
        result = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=WALL_LIMIT)
    except subprocess.TimeoutExpired:
        return "error", f"no verdict within {WALL_LIMIT} s", time.monotonic() - started
    finally:
        target.write_text(original)
    seconds = time.monotonic() - started
    tail = (result.stdout.strip().splitlines() or [""])[-1]
    if result.returncode == 0:
        return "survived", tail, seconds
    if result.returncode == 1:  # tests ran and failed: caught
        return "killed", tail, seconds
    return "error", f"pytest exit {result.returncode}: {tail or result.stderr.strip()[-300:]}", seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only check that every mutant still applies")
    parser.add_argument("--only", action="append", default=[], metavar="ID", help="run only this mutant")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)

    mutants = load()
    if args.only:
        unknown = set(args.only) - {m.id for m in mutants}
        if unknown:
            raise SystemExit(f"no such mutant: {sorted(unknown)}")
        mutants = [m for m in mutants if m.id in args.only]
    problems = [(m, why) for m in mutants if (why := stale(m)) is not None]
    for mutant, why in problems:
        print(f"STALE     {mutant.id}: {why}")
    if args.check or problems:
        print(f"{len(mutants)} mutants, {len(problems)} stale")
        return 1 if problems else 0

    folders: Queue[Path] = Queue()
    for _ in range(max(1, args.workers)):
        folders.put(scratch_copy())

    def work(mutant: Mutant) -> tuple[Mutant, str, str, float]:
        folder = folders.get()
        try:
            return (mutant, *run_one(mutant, folder))
        finally:
            folders.put(folder)

    counts = {"killed": 0, "survived": 0, "error": 0}
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
            for mutant, verdict, detail, seconds in pool.map(work, mutants):
                counts[verdict] += 1
                said = mutant.why if verdict == "killed" else detail
                print(f"{verdict.upper():9} {mutant.id} ({seconds:.0f} s): {said}")
    finally:
        while not folders.empty():
            shutil.rmtree(folders.get(), ignore_errors=True)
    print(
        f"mutate: {len(mutants)} mutants, {counts['killed']} killed, {counts['survived']} survived, "
        f"{counts['error']} errors in {time.monotonic() - started:.0f} s"
    )
    return 0 if counts["killed"] == len(mutants) else 1


if __name__ == "__main__":
    sys.exit(main())

"""The process tree of a benchmark run: the loopback server, code variants (git commits) and their workers.

Everything started here is a child of the benchmark process, stopped by it (by its own pid, never by name), and
stops by itself when its parent goes away (stdin closes).
"""

from __future__ import annotations

import compileall
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.worker import HIDE_ENV, SERVER_ENV

__all__ = ["ROOT", "Sample", "Variant", "Worker", "Workers", "loopback_server", "python_env", "variants"]

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Variant:
    """The client as of one git commit (or the working tree): where its two import roots are."""

    label: str
    tree: Path

    @property
    def pythonpath(self) -> list[str]:
        return [str(self.tree / "generated"), str(self.tree / "overrides")]


CURRENT = Variant("working tree", ROOT)


def _resolve(ref: str) -> str | None:
    result = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() or None


@contextmanager
def variants(refs: list[str]) -> Iterator[dict[str, Variant | None]]:
    """Each ref's generated/ and overrides/ unpacked into a temporary folder (None: not in this clone)."""
    found: dict[str, Variant | None] = {}
    with tempfile.TemporaryDirectory(prefix="cubicasa-bench-") as tmp:
        for ref in dict.fromkeys(refs):
            sha = _resolve(ref)
            if sha is None:
                found[ref] = None
                continue
            tree = Path(tmp) / sha[:12]
            if not tree.exists():
                archive = subprocess.run(
                    ["git", "-C", str(ROOT), "archive", "--format=tar", sha, "generated", "overrides"],
                    capture_output=True,
                    check=True,
                ).stdout
                with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                    tar.extractall(tree, filter="data")
                compile_tree(tree)
            found[ref] = Variant(sha[:12], tree)
        yield found


def compile_tree(tree: Path) -> None:
    """Write .pyc files, as pip does at install time (imports are timed warm, whatever PYTHONDONTWRITEBYTECODE)."""
    for folder in ("generated", "overrides"):
        compileall.compile_dir(tree / folder, quiet=2, workers=1)


def python_env(variant: Variant, *, hide: tuple[str, ...] = (), server: str | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", HIDE_ENV, SERVER_ENV)}
    env["PYTHONPATH"] = os.pathsep.join([*variant.pythonpath, str(ROOT)])
    if hide:
        env[HIDE_ENV] = ",".join(hide)
    if server:
        env[SERVER_ENV] = server
    return env


@dataclass(frozen=True)
class Sample:
    """What a worker measured for one run of n operations."""

    seconds: float
    gc_seconds: float
    """Time in the cyclic GC during the run (gc.callbacks), whichever operation's allocations triggered it."""
    collections: int


class Worker:
    """One benchmarks.worker process; `run(name, n)` returns the seconds the worker measured, `sample` all of it."""

    def __init__(self, variant: Variant, *, hide: tuple[str, ...] = (), server: str | None = None) -> None:
        self.variant = variant
        self.hide = hide
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=python_env(variant, hide=hide, server=server),
        )

    def run(self, name: str, n: int) -> float:
        return self.sample(name, n).seconds

    def sample(self, name: str, n: int) -> Sample:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps({"run": name, "n": n}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"worker for {self.variant.label} exited (code {self.process.wait()})")
        reply: dict[str, Any] = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"worker for {self.variant.label}, {name}:\n{reply['error']}")
        return Sample(float(reply["seconds"]), float(reply["gc_seconds"]), int(reply["collections"]))

    def stop(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Workers:
    """The workers of a run, one per (variant, hidden packages), started on first use and stopped together."""

    def __init__(self, server: str) -> None:
        self.server = server
        self._workers: dict[tuple[Path, tuple[str, ...]], Worker] = {}

    def get(self, variant: Variant, *, hide: tuple[str, ...] = ()) -> Worker:
        key = (variant.tree, hide)
        if key not in self._workers:
            self._workers[key] = Worker(variant, hide=hide, server=self.server)
        return self._workers[key]

    def stop(self) -> None:
        for worker in self._workers.values():
            worker.stop()
        self._workers.clear()


@contextmanager
def loopback_server(env: Mapping[str, str] | None = None) -> Iterator[str]:
    """benchmarks.server in a child process on 127.0.0.1; yields its base URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=dict(env) if env is not None else python_env(CURRENT),
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}/api/integrate/v3"
    finally:
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:  # closed here, not by the GC (a ResourceWarning: an error under pytest)
            process.stdout.close()

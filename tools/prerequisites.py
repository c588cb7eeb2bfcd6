"""`make prerequisites`: the programs a make target needs besides make and bash, checked before it starts.

    python tools/prerequisites.py TARGET...      # e.g. test, lint-spec, crosslang

Silent, exit 0, when the machine has everything the TARGETs need. Otherwise it lists, on stderr, each program that
is missing or too old, and for each the targets that need it and why; exit 1. `make test` runs it first, so a
machine without Java fails in seconds instead of after the venv, the lints and the whole pytest run.

This is the one list of what the repository needs (README "Two commands" and the Makefile header say the same;
tests/unit/tools/test_prerequisites.py holds them to it). It runs on the interpreter make was given (PYTHON),
before any venv exists, with the standard library only, and in syntax Python 3.7 still reads: it must be able to
say that the Python itself is too old.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["PROGRAMS", "USES", "Program", "main", "missing"]


@dataclass(frozen=True)
class Program:
    name: str
    """As the README lists it, e.g. `Node >= 20.19`."""
    command: str
    version: Callable[[str], str | None] | None = None
    """Given the command's path: why its version is not enough, or None when it is."""
    installer: str | None = None
    """A program the Makefile installs `command` with when it is missing (so either one is enough)."""


def _output(path: str, *args: str) -> str:
    try:
        done = subprocess.run([path, *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"<{error}>"
    return done.stdout + done.stderr


def _version_at_least(minimum: tuple[int, ...], args: Sequence[str], pattern: str) -> Callable[[str], str | None]:
    def check(path: str) -> str | None:
        text = _output(path, *args)
        match = re.search(pattern, text)
        if match is None:
            return f"cannot tell its version from `{path} {' '.join(args)}`: {text.strip()[:200]!r}"
        found = tuple(int(part) for part in match.groups() if part is not None)
        if found[:1] == (1,) and len(found) > 1:  # Java before 9 calls itself 1.8
            found = found[1:]
        if found < minimum:
            return f"found {'.'.join(map(str, found))}"
        return None

    return check


PYTHON = Program("Python >= 3.11", "python3")
GIT = Program("git", "git")
# 20.19: what Redocly CLI 2.x needs (package.json "engines").
NODE = Program("Node >= 20.19", "node", _version_at_least((20, 19), ["--version"], r"v(\d+)\.(\d+)"))
NPM = Program("npm", "npm")
JAVA = Program("Java >= 11", "java", _version_at_least((11,), ["-version"], r'version "(\d+)(?:\.(\d+))?'))
# Debian's golang-go compiles the generated Go client offline (proxy.golang.org is not needed: it has no
# dependencies); `make golang` installs it with apt-get when `go` is missing.
GO = Program("Go (or apt-get, which installs it)", "go", installer="apt-get")
PROGRAMS = (PYTHON, GIT, NODE, NPM, JAVA, GO)

# target -> what it runs on each program. `test` needs what every target it runs needs, and its pytest run needs
# Node too: under `make test` the tests of the Node tools must run (CUBICASA_NODE_TOOLS_REQUIRED), not skip.
_OWN: dict[str, list[tuple[Program, str]]] = {
    "venv": [(PYTHON, "the local .venv every target runs in")],
    "node": [
        (NODE, "runs the pinned Node tools (Spectral, Redocly, openapi-typescript, tsc)"),
        (NPM, "`npm ci` installs the pinned Node tools into ./node_modules"),
    ],
    "lint-spec": [(NODE, "Spectral and Redocly lint the OpenAPI document")],
    "bundle": [(NODE, "Redocly bundles the spec into one file")],
    # Chromium is not listed: `make docs` installs Debian's package itself when it is missing.
    "docs": [(NODE, "Redocly renders the bundle to its interactive HTML reference")],
    "crosslang": [
        (NODE, "openapi-typescript and tsc compile the bundle in TypeScript"),
        (JAVA, "openapi-generator (typescript-fetch) runs on it"),
        (GO, "compiles the generated Go client and decodes an evolved payload with it"),
    ],
    "test-python": [(GIT, "the tests of `make breaking` build scratch repositories")],
    "release-check": [
        (GIT, "lists the tracked files and the release tags"),
        (NODE, "pyright checks what a consumer of the installed wheel sees"),
    ],
    "mutate": [(GIT, "copies the tracked files for each mutant")],
    "test": [
        (NODE, "the pytest tests of Spectral, Redocly and openapi-typescript run, never skip"),
    ],
}
_RUNS: dict[str, tuple[str, ...]] = {
    "node": ("venv",),
    "lint-spec": ("venv", "node"),
    "bundle": ("venv", "node"),
    "docs": ("bundle",),
    "crosslang": ("bundle",),
    "test-python": ("venv",),
    "release-check": ("venv", "node"),
    "mutate": ("venv", "node"),
    "test": ("venv", "node", "lint-spec", "docs", "test-python", "crosslang", "release-check"),
}


def _uses(target: str) -> list[tuple[str, Program, str]]:
    found = [(target, program, why) for program, why in _OWN.get(target, [])]
    for runs in _RUNS.get(target, ()):
        found.extend(use for use in _uses(runs) if use not in found)
    return found


USES: dict[str, list[tuple[str, Program, str]]] = {target: _uses(target) for target in _OWN}
"""target -> (the target that needs it, program, why), for the target and every target it runs."""


def _problem(program: Program) -> str | None:
    if program is PYTHON:
        found = sys.version_info[:2]
        return None if found >= (3, 11) else f"found {found[0]}.{found[1]} ({sys.executable})"
    path = shutil.which(program.command)
    if path is None and program.installer is not None and shutil.which(program.installer) is not None:
        return None
    if path is None:
        alternative = f" (nor is `{program.installer}`)" if program.installer else ""
        return f"`{program.command}` is not on PATH{alternative}"
    return program.version(path) if program.version is not None else None


def missing(targets: Sequence[str]) -> list[str]:
    """One paragraph per program the targets need that this machine lacks (empty when it has them all)."""
    unknown = [target for target in targets if target not in USES]
    if unknown:
        raise ValueError(f"no prerequisites are known for {unknown}; known: {sorted(USES)}")
    needed: dict[Program, list[str]] = {}
    for target in targets:
        for needer, program, why in USES[target]:
            reason = f"make {needer}: {why}"
            if reason not in needed.setdefault(program, []):
                needed[program].append(reason)
    paragraphs = []
    for program in PROGRAMS:
        problem = _problem(program) if program in needed else None
        if problem is not None:
            reasons = "".join(f"\n    {reason}" for reason in needed[program])
            paragraphs.append(f"  {program.name}: {problem}. Needed by{reasons}")
    return paragraphs


def main(argv: list[str] | None = None) -> int:
    targets = sys.argv[1:] if argv is None else argv
    if not targets:
        sys.stderr.write(f"usage: python tools/prerequisites.py TARGET... (one of {', '.join(sorted(USES))})\n")
        return 2
    try:
        paragraphs = missing(targets)
    except ValueError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    if paragraphs:
        goal = " ".join(targets)
        sys.stderr.write(
            f"make {goal} cannot run: this machine lacks what it needs (README.md, 'Two commands').\n"
            + "\n".join(paragraphs)
            + "\n"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

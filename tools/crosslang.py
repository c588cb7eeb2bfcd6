"""`make crosslang`: prove that the bundled spec works in TypeScript through two independent generators.

    python tools/crosslang.py [--spec dist/cubicasa-integrate-v3.openapi.yaml] [--out build/crosslang]

Two pipelines, run side by side (each step's output is captured):

1. openapi-typescript (npm, pinned in package.json) writes `schema.d.ts`; `tsc --strict` compiles it with
   tests/crosslang/openapi-typescript/use.ts.
2. openapi-generator (the PyPI wheel `openapi-generator-cli`, pinned in requirements/dev.txt, which runs its
   bundled jar on the machine's Java) runs `validate`, then `generate -g typescript-fetch`; `tsc --strict`
   compiles the generated client with tests/crosslang/typescript-fetch/use.ts.

Any output line of a generator that is not one of its known progress lines counts as a warning, and every
warning must be matched by an entry of tests/crosslang/allowed-warnings.yaml, which says why it is accepted.
A new warning fails the build; so does an allow-list entry that no longer matches anything (the list stays
exact). tsc must print nothing at all.

openapi-generator runs with `--global-property webhooks=false`: version 7.26 turns each 3.1 `webhooks` entry
into a *client* method and writes it to the API class of the webhook's tag. Ours is tagged `webhooks`, like
`updateCompanyWebhooks`, so WebhooksApi.ts is written twice and the second write (a method that POSTs the
payload to `/orderStatus` on the API server) replaces `updateCompanyWebhooks` (FILEPATH_COLLISION). A webhook
is what a client receives, not what it calls, so a client generator should skip them; the payload model
(OrderStatusEvent) is still generated from components. See openapi/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "cubicasa-integrate-v3.openapi.yaml"
OUT = ROOT / "build" / "crosslang"
USAGE = ROOT / "tests" / "crosslang"
ALLOW_LIST = USAGE / "allowed-warnings.yaml"
NODE_BIN = ROOT / "node_modules" / ".bin"
OPENAPI_GENERATOR = Path(sys.executable).parent / "openapi-generator-cli"
GLOBAL_PROPERTIES = "webhooks=false,apis,models,supportingFiles,apiDocs=false,modelDocs=false"

# The progress lines each tool prints on success. Anything else a generator prints is a warning.
PROGRESS: dict[str, list[str]] = {
    "openapi-typescript": [r"✨ openapi-typescript \S+", r"🚀 .* → .* \[[\d.]+m?s\]"],
    "openapi-generator validate": [
        r"Validating spec \(.*\)",
        r"No validation issues detected\.",
        r"Warnings: ?",
        r"\[info\] Spec has \d+ recommendation\(s\)\.",
    ],
    "openapi-generator generate": [r"\[main\] INFO .*", r"#+", r"# .* #"],
}

# Compiler options for both tsc runs: --strict, no emit, and only the standard library (no @types from
# node_modules). skipLibCheck is off for openapi-typescript, whose output is itself a .d.ts; the typescript-fetch
# client is .ts (always checked) and needs the DOM library for fetch, which is too big to re-check every run.
COMPILER_OPTIONS: dict[str, Any] = {
    "strict": True,
    "noEmit": True,
    "target": "ES2022",
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "lib": ["ES2022"],
    "types": [],
    "skipLibCheck": False,
    "forceConsistentCasingInFileNames": True,
}
FETCH_COMPILER_OPTIONS: dict[str, Any] = {**COMPILER_OPTIONS, "lib": ["ES2022", "DOM"], "skipLibCheck": True}


@dataclass
class Step:
    tool: str
    command: list[str]
    returncode: int = 0
    output: str = ""
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


@dataclass
class Allowed:
    tool: str
    pattern: str
    reason: str
    matched: int = 0


def load_allow_list(path: Path = ALLOW_LIST) -> list[Allowed]:
    import yaml

    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    allowed = []
    for entry in entries:
        if set(entry) != {"tool", "warning", "reason"} or not str(entry["reason"]).strip():
            raise ValueError(f"{path.name}: each entry needs exactly tool, warning and a non-empty reason: {entry}")
        re.compile(entry["warning"])
        allowed.append(Allowed(entry["tool"], entry["warning"], entry["reason"]))
    return allowed


def normalise(line: str, out: Path) -> str:
    """One output line, without what changes between runs and machines (paths, timings, log-level padding)."""
    line = line.replace(str(out), "<out>").replace(str(ROOT), "<root>")
    line = re.sub(r"\[main\] (WARN|ERROR|INFO)\s+", r"[main] \1 ", line)
    return line.strip()


def warnings_in(tool: str, output: str, out: Path) -> list[str]:
    """The lines of a generator's output that are not known progress lines."""
    progress = [re.compile(p) for p in PROGRESS.get(tool, [])]
    found = []
    for raw in output.splitlines():
        line = normalise(raw, out)
        if line and not any(p.fullmatch(line) for p in progress):
            found.append(line)
    return found


def unexplained(steps: list[Step], allowed: list[Allowed]) -> list[str]:
    """Warnings no allow-list entry matches; counts the matches of each entry as a side effect."""
    problems = []
    for step in steps:
        for warning in step.warnings:
            entry = next((a for a in allowed if a.tool == step.tool and re.fullmatch(a.pattern, warning)), None)
            if entry is None:
                problems.append(f"{step.tool}: new warning: {warning}")
            else:
                entry.matched += 1
    return problems


def stale(allowed: list[Allowed]) -> list[str]:
    return [
        f"{a.tool}: allow-listed warning no longer appears, remove it from {ALLOW_LIST.name}: {a.pattern}"
        for a in allowed
        if a.matched == 0
    ]


def run(step: Step, out: Path, check_warnings: bool = True) -> Step:
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"}
    started = time.monotonic()
    result = subprocess.run(step.command, capture_output=True, text=True, cwd=ROOT, env=env)
    step.seconds = time.monotonic() - started
    step.returncode = result.returncode
    step.output = (result.stdout + result.stderr).strip()
    if check_warnings:
        step.warnings = warnings_in(step.tool, step.output, out)
    return step


def tsconfig(folder: Path, files: list[Path], alias: str, target: str, options: dict[str, Any]) -> Path:
    config = {
        "compilerOptions": {**options, "paths": {alias: [target]}},
        "files": [os.path.relpath(f, folder) for f in files],
    }
    path = folder / "tsconfig.json"
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return path


def tsc(tool: str, config: Path) -> Step:
    return Step(tool, [str(NODE_BIN / "tsc"), "--project", str(config), "--strict", "--pretty", "false"])


def openapi_typescript(spec: Path, out: Path) -> list[Step]:
    folder = out / "openapi-typescript"
    schema = folder / "schema.d.ts"
    steps = [run(Step("openapi-typescript", [str(NODE_BIN / "openapi-typescript"), str(spec), "-o", str(schema)]), out)]
    if steps[-1].returncode == 0:
        config = tsconfig(
            folder,
            [schema, USAGE / "openapi-typescript" / "use.ts"],
            "cubicasa-schema",
            "./schema.d.ts",
            COMPILER_OPTIONS,
        )
        steps.append(run(tsc("tsc (openapi-typescript)", config), out, check_warnings=False))
    return steps


def openapi_generator(spec: Path, out: Path) -> list[Step]:
    folder = out / "typescript-fetch"
    generator = str(OPENAPI_GENERATOR)
    steps = [run(Step("openapi-generator validate", [generator, "validate", "-i", str(spec)]), out)]
    if steps[-1].returncode != 0:
        return steps
    generate = [generator, "generate", "-i", str(spec), "-g", "typescript-fetch", "-o", str(folder)]
    steps.append(run(Step("openapi-generator generate", [*generate, "--global-property", GLOBAL_PROPERTIES]), out))
    if steps[-1].returncode == 0:
        files = [folder / "index.ts", USAGE / "typescript-fetch" / "use.ts"]
        config = tsconfig(folder, files, "cubicasa-typescript-fetch", "./index.ts", FETCH_COMPILER_OPTIONS)
        steps.append(run(tsc("tsc (typescript-fetch)", config), out, check_warnings=False))
    return steps


def check(spec: Path = BUNDLE, out: Path = OUT) -> int:
    if not spec.is_file():
        print(f"{spec} does not exist: run `make bundle` first.")
        return 1
    shutil.rmtree(out, ignore_errors=True)
    (out / "openapi-typescript").mkdir(parents=True)
    allowed = load_allow_list()
    pipelines: list[Callable[[Path, Path], list[Step]]] = [openapi_typescript, openapi_generator]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(pipelines)) as pool:
        steps = [step for result in pool.map(lambda p: p(spec, out), pipelines) for step in result]
    elapsed = time.monotonic() - started

    problems = []
    for step in steps:
        status = "ok" if step.returncode == 0 and not (step.tool.startswith("tsc") and step.output) else "FAILED"
        print(f"{status:>6}  {step.tool:<28} {step.seconds:5.1f} s  {len(step.warnings)} warning(s)")
        if status == "FAILED":
            problems.append(f"{step.tool} failed (exit {step.returncode}):\n{step.output}")
    if not problems and len(steps) < 5:
        problems.append("a step did not run")
    problems += unexplained(steps, allowed)
    if not problems:
        problems += stale(allowed)
    for entry in allowed:
        if entry.matched:
            print(f"        allowed ({entry.matched}x) {entry.tool}: {entry.pattern}")
    print(f"crosslang: {elapsed:.1f} s")
    if problems:
        print("\n".join(problems))
        print(f"Fix the spec, or add the warning with its reason to {ALLOW_LIST.relative_to(ROOT)}.")
        return 1
    print(f"The spec compiles in TypeScript through openapi-typescript and openapi-generator ({spec.name}).")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spec", type=Path, default=BUNDLE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    return check(args.spec.resolve(), args.out.resolve())


if __name__ == "__main__":
    sys.exit(main())

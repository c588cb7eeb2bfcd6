"""`make crosslang`: prove that the bundled spec works for other teams, through the generators they use.

    python tools/crosslang.py [--spec dist/cubicasa-integrate-v3.openapi.yaml] [--out build/crosslang]

Pipelines, run side by side (each step's output is captured):

1. openapi-typescript (npm, pinned in package.json) writes `schema.d.ts`; `tsc --strict` compiles it with
   tests/crosslang/openapi-typescript/use.ts. A second `tsc --strict` compiles a day-one openapi-fetch client
   (tests/crosslang/openapi-fetch/client.ts: list, get, upgrade, error handling) against it, and
   tests/crosslang/openapi-fetch/no-assertions.cjs fails if that client needs a non-null assertion (`data!`),
   a type assertion or a @ts-ignore to compile: after `if (error) throw error`, `data` must be narrowed by the
   spec's types alone.
2. openapi-generator (the PyPI wheel `openapi-generator-cli`, pinned in requirements/dev.txt, which runs its
   bundled jar on the machine's Java) runs `validate`, then `generate -g typescript-fetch`; `tsc --strict`
   compiles the generated client with tests/crosslang/typescript-fetch/use.ts.
3. openapi-generator `python`, `java` and `go`, each with its default settings (no --global-property, so the
   3.1 `webhooks` are generated too): every operationId of the spec must have a method (a FILEPATH_COLLISION
   once lost `updateCompanyWebhooks`). The python models and a Go client compiled by Debian's Go (offline,
   GOPROXY=off) decode an *evolved* payload (write_evolved_payloads: unknown status, package, add-on, trigger,
   product and delivery type, and an extra field in every object) and fail if they reject it. Java is only
   generated: its client libraries (gson-fire, okhttp 4, jackson-databind-nullable) are not in Debian, and
   Maven Central is not reachable offline.
4. The same evolved payloads, as TypeScript values, must compile against openapi-typescript's types
   (evolved.ts): a closed enum there is a union of literals a plain `string` does not fit. The typescript-fetch
   client, compiled to CommonJS, decodes them with node (tests/crosslang/typescript-fetch/decode.cjs) and must
   keep the new values; its `FromJSON` functions cast enum values without checking them, so that check cannot
   tell an open enum from a closed one (the other three can).

Any output line of a generator that is not one of its known progress lines counts as a warning, and every
warning must be matched by an entry of tests/crosslang/allowed-warnings.yaml, which says why it is accepted.
A new warning fails the build; so does an allow-list entry that no longer matches anything (the list stays
exact). tsc must print nothing at all.

The Go client that is compiled is generated with enumClassPrefix=true: with the default settings each enum
constant is named after its value alone, and OrderStatus `New` and DeliveryType `new` are both `NEW`
(openapi/README.md, "Generating from it").
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
RECORDED_ORDER = ROOT / "tests" / "recordings" / "get_order.200.json"
GO_ENV = {"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local", "CGO_ENABLED": "0"}

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


def run(
    step: Step, out: Path, check_warnings: bool = True, env_extra: dict[str, str] | None = None, cwd: Path = ROOT
) -> Step:
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0", **(env_extra or {})}
    started = time.monotonic()
    result = subprocess.run(step.command, capture_output=True, text=True, cwd=cwd, env=env)
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


# The evolved payloads as TypeScript values given the generated types. Each is first a plain `const` (its strings
# typed `string`, so no excess-property check and no literal narrowing), then assigned to the generated type: with a
# closed enum (`"New" | "Draft" | ...`) a `string` status does not compile; with the open form it does.
EVOLVED_TS = """import type {{ components, webhooks }} from "cubicasa-schema";

type OrderStatusEvent = NonNullable<webhooks["orderStatus"]["post"]["requestBody"]>["content"]["application/json"];

const order = {order};
const event = {event};
const config = {config};

export const evolvedOrder: components["schemas"]["Order"] = order;
export const evolvedEvent: OrderStatusEvent = event;
export const evolvedConfig: components["schemas"]["WebhookConfig"] = config;
"""


def write_evolved_typescript(folder: Path, evolved: Path) -> Path:
    """evolved.ts: the evolved payloads (write_evolved_payloads) type-checked against openapi-typescript's types."""
    payloads = {name: (evolved / f"{file}.json").read_text(encoding="utf-8").strip() for name, file in
                [("order", "order"), ("event", "order-status-event"), ("config", "webhook-config")]}  # fmt: skip
    path = folder / "evolved.ts"
    path.write_text(EVOLVED_TS.format(**payloads), encoding="utf-8")
    return path


def openapi_typescript(spec: Path, out: Path) -> list[Step]:
    folder = out / "openapi-typescript"
    schema = folder / "schema.d.ts"
    steps = [run(Step("openapi-typescript", [str(NODE_BIN / "openapi-typescript"), str(spec), "-o", str(schema)]), out)]
    if steps[-1].returncode == 0:
        if not (out / "evolved").is_dir():  # run on its own (tests); main() writes them first
            write_evolved_payloads(out / "evolved")
        evolved = write_evolved_typescript(folder, out / "evolved")
        config = tsconfig(
            folder,
            [schema, USAGE / "openapi-typescript" / "use.ts", evolved],
            "cubicasa-schema",
            "./schema.d.ts",
            COMPILER_OPTIONS,
        )
        steps.append(run(tsc("tsc (openapi-typescript)", config), out, check_warnings=False))
        steps += openapi_fetch(folder, schema, out)
    return steps


def openapi_fetch(folder: Path, schema: Path, out: Path) -> list[Step]:
    """The openapi-fetch consumer (list, get, upgrade, errors) under `tsc --strict`, then proven assertion-free.

    tsc alone cannot tell a spec whose types narrow `data` after `if (error) throw error` from a consumer that
    writes `data!`: no-assertions.cjs fails on any non-null or type assertion and any @ts-ignore/-expect-error.
    The DOM library is needed for openapi-fetch's own types (Request, Response, fetch); openapi-fetch itself is
    found in ./node_modules, pinned in package.json.
    """
    consumer = USAGE / "openapi-fetch" / "client.ts"
    fetch_folder = folder / "openapi-fetch"
    fetch_folder.mkdir(exist_ok=True)
    options = {**COMPILER_OPTIONS, "lib": ["ES2022", "DOM"]}
    config = tsconfig(fetch_folder, [schema, consumer], "cubicasa-schema", "../schema.d.ts", options)
    steps = [run(tsc("tsc (openapi-fetch)", config), out, check_warnings=False)]
    node = shutil.which("node") or "node"
    guard = [node, str(USAGE / "openapi-fetch" / "no-assertions.cjs"), str(ROOT / "node_modules" / "typescript"),
             str(consumer)]  # fmt: skip
    steps.append(run(Step("no assertions (openapi-fetch)", guard), out, check_warnings=False))
    return steps


def openapi_generator(spec: Path, out: Path) -> list[Step]:
    folder = out / "typescript-fetch"
    generator = str(OPENAPI_GENERATOR)
    steps = [run(Step("openapi-generator validate", [generator, "validate", "-i", str(spec)]), out)]
    if steps[-1].returncode != 0:
        return steps
    steps.append(generate(spec, out, "typescript-fetch", folder))
    if steps[-1].returncode == 0:
        files = [folder / "index.ts", USAGE / "typescript-fetch" / "use.ts"]
        config = tsconfig(folder, files, "cubicasa-typescript-fetch", "./index.ts", FETCH_COMPILER_OPTIONS)
        steps.append(run(tsc("tsc (typescript-fetch)", config), out, check_warnings=False))
    if steps[-1].returncode == 0:
        steps += typescript_fetch_decode(folder, out)
    return steps


def typescript_fetch_decode(folder: Path, out: Path) -> list[Step]:
    """The client compiled to CommonJS, and node decoding the evolved payloads with its FromJSON functions."""
    emit = folder / "emit"
    config = folder / "tsconfig.emit.json"
    options = {**FETCH_COMPILER_OPTIONS, "noEmit": False, "module": "CommonJS", "moduleResolution": "Node10",
               "outDir": "emit", "ignoreDeprecations": "5.0"}  # fmt: skip
    config.write_text(json.dumps({"compilerOptions": options, "files": ["index.ts"]}, indent=2) + "\n", "utf-8")
    steps = [run(tsc("tsc emit (typescript-fetch)", config), out, check_warnings=False)]
    if steps[-1].returncode == 0:
        node = shutil.which("node") or "node"
        decode = [node, str(USAGE / "typescript-fetch" / "decode.cjs"), str(emit), str(out / "evolved")]
        steps.append(run(Step("decode (typescript-fetch)", decode), out, check_warnings=False))
    return steps


def generate(spec: Path, out: Path, generator: str, folder: Path, *options: str) -> Step:
    """openapi-generator with its default settings (no --global-property: webhooks included) for `generator`."""
    command = [str(OPENAPI_GENERATOR), "generate", "-i", str(spec), "-g", generator, "-o", str(folder), *options]
    return run(Step("openapi-generator generate", command), out)


def operation_ids(spec: Path) -> list[str]:
    import yaml

    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    return [
        operation["operationId"]
        for section in ("paths", "webhooks")
        for item in (document.get(section) or {}).values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    ]


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# How each generator names an operation's method, and where it writes the API classes.
METHOD_PATTERNS: dict[str, tuple[str, Callable[[str], str]]] = {
    "python": ("**/api/*.py", lambda op: rf"def {snake(op)}\("),
    "java": ("**/api/*Api.java", lambda op: rf"public [\w<>, ]+ {op}\("),  # Map<String, Object> has a space
    "go": ("api_*.go", lambda op: rf"\) {op[0].upper() + op[1:]}\(ctx "),
    "typescript-fetch": ("apis/*.ts", lambda op: rf"async {op}\("),
}


def missing_operations(spec: Path, generator: str, folder: Path) -> list[str]:
    """The operationIds of the spec that the generated client has no method for (a lost API class, say)."""
    pattern, method = METHOD_PATTERNS[generator]
    sources = "\n".join(f.read_text(encoding="utf-8") for f in sorted(folder.glob(pattern)))
    return [op for op in operation_ids(spec) if not re.search(method(op), sources)]


def operations_step(spec: Path, generator: str, folder: Path) -> Step:
    step = Step(f"operations ({generator})", [])
    missing = missing_operations(spec, generator, folder)
    step.returncode = 1 if missing else 0
    step.output = f"no method generated for: {', '.join(missing)}" if missing else ""
    return step


def evolve(value: Any) -> Any:
    """`value` with an extra, unknown field in every object, as a newer API version may send it."""
    if isinstance(value, dict):
        return {**{k: evolve(v) for k, v in value.items()}, "x_added_later": {"nested": True}}
    if isinstance(value, list):
        return [evolve(v) for v in value]
    return value


def write_evolved_payloads(folder: Path) -> None:
    """An Order, a webhook event and a webhook configuration that carry values the spec does not list yet."""
    order = json.loads(RECORDED_ORDER.read_text(encoding="utf-8"))["response"]["body"]
    order["info"]["status"] = "Archived"
    product = order["info"]["product"]
    product["package_type"] = "premium"
    product["add_ons"] = ["gla", "6h_turnaround"]
    product["purchasable_add_ons"] = ["3d_videos"]
    product["purchasable_package_types"] = ["premium", "plus_3d"]
    event = {
        "id": order["id"],
        "current_status": "Archived",
        "previous_status": "Ready",
        "model_id": None,
        "product_type": "products_4d",
        "delivery_type": "redelivery",
    }
    config = {"webhook_urls": ["https://example.invalid/hook"], "webhook_triggers": ["moved_to_archived"]}
    folder.mkdir(parents=True, exist_ok=True)
    for name, payload in [("order", order), ("order-status-event", event), ("webhook-config", config)]:
        (folder / f"{name}.json").write_text(json.dumps(evolve(payload), indent=2) + "\n", encoding="utf-8")


def openapi_generator_python(spec: Path, out: Path) -> list[Step]:
    folder = out / "python"
    steps: list[Step] = [generate(spec, out, "python", folder)]
    if steps[-1].returncode == 0:
        steps.append(operations_step(spec, "python", folder))
        decode = [
            sys.executable,
            str(USAGE / "openapi-generator-python" / "decode.py"),
            str(folder),
            str(out / "evolved"),
        ]
        steps.append(run(Step("decode (python)", decode), out, check_warnings=False))
    return steps


def openapi_generator_java(spec: Path, out: Path) -> list[Step]:
    folder = out / "java"
    steps = [generate(spec, out, "java", folder)]
    if steps[-1].returncode == 0:
        steps.append(operations_step(spec, "java", folder))
    return steps


def openapi_generator_go(spec: Path, out: Path) -> list[Step]:
    folder = out / "go"
    steps = [generate(spec, out, "go", folder)]
    if steps[-1].returncode != 0:
        return steps
    steps.append(operations_step(spec, "go", folder))
    # The default settings name each enum constant after its value alone, so OrderStatus `New` and DeliveryType
    # `new` are both NEW and the package does not compile; the compiled client prefixes them with the type.
    compiled = out / "go-compiled"
    steps.append(generate(spec, out, "go", compiled, "--additional-properties", "enumClassPrefix=true"))
    if steps[-1].returncode == 0:
        (compiled / "cmd" / "decode").mkdir(parents=True)
        shutil.copy(USAGE / "go" / "main.go", compiled / "cmd" / "decode" / "main.go")
        env = {**GO_ENV, "GOCACHE": str(out / "gocache"), "GOPATH": str(out / "gopath")}
        command = ["go", "run", "./cmd/decode", str(out / "evolved")]
        steps.append(run(Step("decode (go)", command), out, check_warnings=False, env_extra=env, cwd=compiled))
    return steps


def check(spec: Path = BUNDLE, out: Path = OUT) -> int:
    if not spec.is_file():
        print(f"{spec} does not exist: run `make bundle` first.")
        return 1
    shutil.rmtree(out, ignore_errors=True)
    (out / "openapi-typescript").mkdir(parents=True)
    allowed = load_allow_list()
    write_evolved_payloads(out / "evolved")
    pipelines: list[Callable[[Path, Path], list[Step]]] = [
        openapi_typescript,
        openapi_generator,
        openapi_generator_python,
        openapi_generator_java,
        openapi_generator_go,
    ]
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
    if not problems and len(steps) < 16:
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
    print(
        f"{spec.name}: compiles in TypeScript (openapi-typescript, typescript-fetch, an assertion-free openapi-fetch"
        " client), keeps every operation in"
        " python/java/go, and its evolved payload decodes in python, go and typescript-fetch and type-checks in"
        " openapi-typescript."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spec", type=Path, default=BUNDLE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    return check(args.spec.resolve(), args.out.resolve())


if __name__ == "__main__":
    sys.exit(main())

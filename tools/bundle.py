"""`make bundle`: the spec as one self-contained file for other teams (dist/cubicasa-integrate-v3.openapi.yaml).

    python tools/bundle.py [--out dist/cubicasa-integrate-v3.openapi.yaml]

Redocly CLI (pinned in package.json) resolves every external `$ref` into the one file; local `$ref`s stay, so
component names (and the type names generators derive from them) are unchanged. The result must:

- contain no `$ref` to another file,
- say exactly what openapi/cubicasa-integrate-v3.yaml says (same data; YAML comments are not kept, so the
  header names the source, its sha256 and where the conventions are documented),
- validate with openapi-spec-validator.

tools/crosslang.py generates the TypeScript proofs from this file, so what other teams download is what CI
compiled.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "cubicasa-integrate-v3.yaml"
OUT = ROOT / "dist" / "cubicasa-integrate-v3.openapi.yaml"
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
VERSION_FILE = ROOT / "overrides" / "cubicasa_integrate" / "_version.py"


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def external_refs(document: Any) -> list[str]:
    return sorted({ref for ref in refs(document) if not ref.startswith("#")})


def header(spec: Path) -> str:
    sha = hashlib.sha256(spec.read_bytes()).hexdigest()
    match = re.search(r'__version__ = "([^"]+)"', VERSION_FILE.read_text(encoding="utf-8"))
    version = match.group(1) if match else "unknown"
    return (
        "# CubiCasa Integrate API v3: the OpenAPI 3.1 description, bundled into one self-contained file.\n"
        f"# Bundled from openapi/{spec.name} (sha256 {sha}), cubicasa-integrate {version}.\n"
        "# Conventions (nullable enums, float timestamps, open enums, x-evidence levels), how to propose a change\n"
        "# and what counts as a breaking change: openapi/README.md in the cubicasa-integrate repository.\n"
    )


def bundle(spec: Path = SPEC, out: Path = OUT) -> int:
    import yaml
    from openapi_spec_validator import validate

    env = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    with tempfile.TemporaryDirectory() as tmp:
        bundled_path = Path(tmp) / out.name
        command = [str(REDOCLY), "bundle", str(spec), "-o", str(bundled_path)]
        config = ["--config", str(ROOT / "openapi" / "redocly.yaml")]
        result = subprocess.run([*command, *config], capture_output=True, env=env)
        if result.returncode != 0:
            sys.stderr.write(result.stdout.decode() + result.stderr.decode())
            print(f"redocly bundle failed (exit {result.returncode})")
            return 1
        text = bundled_path.read_text(encoding="utf-8")
    bundled = yaml.safe_load(text)
    source = yaml.safe_load(spec.read_text(encoding="utf-8"))
    problems = []
    if external := external_refs(bundled):
        problems.append(f"the bundle still refers to other files: {external}")
    if not external_refs(source) and bundled != source:
        problems.append(f"the bundle does not say the same as {spec.name}")
    try:
        validate(bundled)
    except Exception as error:  # openapi-spec-validator raises several unrelated exception types
        problems.append(f"the bundle is not a valid OpenAPI document: {error}")
    if problems:
        print("\n".join(problems))
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(header(spec) + text, encoding="utf-8")
    print(f"bundled {os.path.relpath(spec, ROOT)} -> {os.path.relpath(out, ROOT)}: self-contained and valid")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    return bundle(args.spec.resolve(), args.out.resolve())


if __name__ == "__main__":
    sys.exit(main())

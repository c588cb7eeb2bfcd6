"""`make breaking`: what changed for consumers since a release, and whether the version bump says so.

    python tools/breaking.py                 # against the last release tag (git describe --tags --abbrev=0)
    python tools/breaking.py --base v0.2.0   # or any git ref, e.g. the merge base of a branch

Three checks, one verdict:

1. the spec: openapi/cubicasa-integrate-v3.yaml at BASE (`git show`) against the working tree, with
   tools/spec_compat.py (breaking / breaking-for-closed-enum-clients / info findings);
2. the Python surface: griffe's breaking-change finder over both import packages, `cubicasa_integrate_api`
   (generated/) and `cubicasa_integrate` (overrides/), BASE against the working tree. BASE's sources are read
   with `git archive` into a temporary folder: griffe's own `--against` checks the ref out as a temporary git
   worktree *and branch* in the shared repository, which collides between parallel runs and leaves a branch
   behind when killed;
3. the generator: `GENERATOR` in overrides/cubicasa_integrate/_provenance.py at BASE and now.

The SemVer policy (RELEASING.md) turns these into the smallest bump the version must have had since BASE:

    major  any breaking spec finding, or any griffe breakage;
    minor  any other spec finding (new operations, fields, values; enum widening that only closed-enum
           clients feel), or a different generator version;
    patch  anything else.

While the version is 0.x, the minor number plays the role of the major: a required major bump is satisfied by
a minor one (0.2.1 -> 0.3.0). `overrides/cubicasa_integrate/_version.py` at HEAD must be at least that far
from BASE's version; the check fails otherwise and says which bump is needed.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = "openapi/cubicasa-integrate-v3.yaml"
VERSION_FILE = "overrides/cubicasa_integrate/_version.py"
PROVENANCE_FILE = "overrides/cubicasa_integrate/_provenance.py"
# Each import package and the folders it is found in.
PACKAGES = {
    "cubicasa_integrate_api": ("generated",),
    "cubicasa_integrate": ("overrides", "generated"),
}
BUMPS = ("none", "patch", "minor", "major")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _spec_compat() -> ModuleType:
    spec = importlib.util.spec_from_file_location("spec_compat", Path(__file__).with_name("spec_compat.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("spec_compat", module)
    spec.loader.exec_module(module)
    return module


spec_compat = _spec_compat()


# ---------------------------------------------------------------------------------------------------- git


def git(*args: str, repo: Path = ROOT) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def last_release_tag(repo: Path = ROOT) -> str | None:
    """The newest release tag reachable from HEAD, or None if there is none (nothing released yet)."""
    try:
        return git("describe", "--tags", "--abbrev=0", "--match", "v[0-9]*", "HEAD", repo=repo).strip()
    except RuntimeError:
        return None


def show(ref: str, path: str, repo: Path = ROOT) -> str | None:
    try:
        return git("show", f"{ref}:{path}", repo=repo)
    except RuntimeError:
        return None


def export(ref: str, folders: tuple[str, ...], into: Path, repo: Path = ROOT) -> None:
    """Write `folders` as they are at `ref` under `into` (git archive; no worktree, no branch)."""
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", ref, *folders], capture_output=True)
    if archive.returncode != 0:
        raise RuntimeError(f"git archive {ref}: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")


# ---------------------------------------------------------------------------------------------------- versions


def parse_version(text: str) -> tuple[int, int, int]:
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", text.strip())
    if not match:
        raise ValueError(f"not a MAJOR.MINOR.PATCH version: {text!r}")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def assigned(source: str, name: str) -> str:
    """The string assigned to `name` in a Python module's source (`__version__ = "0.3.0"`)."""
    match = re.search(rf'^{re.escape(name)}\s*=\s*"([^"]*)"', source, re.MULTILINE)
    if not match:
        raise ValueError(f'no {name} = "..." assignment')
    return match.group(1)


def bump_between(base: tuple[int, int, int], head: tuple[int, int, int]) -> str:
    """Which part changed from base to head: none, patch, minor or major ("downgrade" if head < base)."""
    if head < base:
        return "downgrade"
    if head == base:
        return "none"
    if head[0] != base[0]:
        return "major"
    return "minor" if head[1] != base[1] else "patch"


def effective(required: str, base: tuple[int, int, int]) -> str:
    """The 0.x rule: before 1.0.0 the minor number is the major one, so a break needs a minor bump only."""
    return "minor" if required == "major" and base[0] == 0 else required


def next_version(base: tuple[int, int, int], bump: str) -> str:
    major, minor, patch = base
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


# ---------------------------------------------------------------------------------------------------- checks


def spec_findings(base_ref: str, repo: Path = ROOT) -> list[Any] | None:
    import yaml

    base_text = show(base_ref, SPEC, repo)
    if base_text is None:
        return None
    head = yaml.safe_load((repo / SPEC).read_text(encoding="utf-8"))
    findings: list[Any] = spec_compat.compare(yaml.safe_load(base_text), head)
    return findings


def python_breakages(base_ref: str, repo: Path = ROOT) -> list[str]:
    """griffe's breaking changes of each import package, BASE -> working tree, one line each."""
    import griffe

    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cubicasa-breaking-") as tmp:
        folders = tuple(sorted({folder for paths in PACKAGES.values() for folder in paths}))
        export(base_ref, folders, Path(tmp), repo)
        for package, paths in PACKAGES.items():
            if not (Path(tmp) / paths[0] / package).is_dir():
                continue  # the package did not exist at BASE: nothing of it can break
            old = griffe.load(package, search_paths=[Path(tmp) / p for p in paths], allow_inspection=False)
            new = griffe.load(package, search_paths=[repo / p for p in paths], allow_inspection=False)
            for breakage in griffe.find_breaking_changes(old, new):
                lines.append(ANSI.sub("", breakage.explain(style=griffe.ExplanationStyle.ONE_LINE)))
    return lines


@dataclass
class Verdict:
    base_ref: str
    base_version: str
    head_version: str
    required: str = "patch"
    reasons: list[str] = field(default_factory=list)
    actual: str = "none"
    ok: bool = True
    message: str = ""


def judge(
    base_ref: str,
    base_version: str,
    head_version: str,
    findings: list[Any],
    breakages: list[str],
    base_generator: str | None,
    head_generator: str | None,
) -> Verdict:
    """Apply the SemVer policy (module docstring, RELEASING.md) to what changed since BASE."""
    verdict = Verdict(base_ref, base_version, head_version)
    spec_breaks = [f for f in findings if f.severity == spec_compat.BREAKING]
    if spec_breaks:
        verdict.reasons.append(f"major: {len(spec_breaks)} breaking spec change(s)")
    if breakages:
        verdict.reasons.append(f"major: {len(breakages)} breaking change(s) of the Python API (griffe)")
    others = [f for f in findings if f.severity != spec_compat.BREAKING]
    if others:
        verdict.reasons.append(f"minor: {len(others)} other spec change(s) (additions, enum values, ...)")
    if base_generator != head_generator:
        verdict.reasons.append(f"minor: generator {base_generator} -> {head_generator}")
    if spec_breaks or breakages:
        required = "major"
    elif others or base_generator != head_generator:
        required = "minor"
    else:
        required = "patch"
    base, head = parse_version(base_version), parse_version(head_version)
    verdict.required = effective(required, base)
    verdict.actual = bump_between(base, head)
    if verdict.actual == "downgrade":
        verdict.ok = False
        verdict.message = f"the version went backwards: {base_version} at {base_ref}, {head_version} now"
    elif verdict.required in ("minor", "major") and BUMPS.index(verdict.actual) < BUMPS.index(verdict.required):
        verdict.ok = False
        zero = " (0.x: the minor number counts as the major one)" if required == "major" and base[0] == 0 else ""
        verdict.message = (
            f"these changes need a {verdict.required} bump{zero}: {base_version} at {base_ref} -> at least "
            f"{next_version(base, verdict.required)}, but {VERSION_FILE} says {head_version}. Bump it and open a "
            f"`## {next_version(base, verdict.required)} — Unreleased` section in CHANGELOG.md (RELEASING.md)."
        )
    else:
        verdict.message = (
            f"{base_version} at {base_ref} -> {head_version} now is a {verdict.actual} bump; "
            f"the changes need {verdict.required if verdict.required != 'patch' else 'no more than a patch'}."
        )
    return verdict


def run(base_ref: str | None, repo: Path = ROOT) -> int:
    if base_ref is None:
        base_ref = last_release_tag(repo)
        if base_ref is None:
            print("No release tag (v*) is reachable from HEAD: nothing has been released, nothing can break.")
            return 0
    print(f"Changes since {base_ref} ({git('rev-parse', '--short', base_ref, repo=repo).strip()}):\n")
    findings = spec_findings(base_ref, repo)
    if findings is None:
        print(f"spec: {SPEC} does not exist at {base_ref}; nothing to compare.")
        findings = []
    else:
        print(f"spec ({SPEC}, tools/spec_compat.py):")
        print("  " + spec_compat.render_text(findings).replace("\n", "\n  "))
    breakages = python_breakages(base_ref, repo)
    print("\nPython API (griffe, cubicasa_integrate_api + cubicasa_integrate):")
    print("  " + ("\n  ".join(breakages) if breakages else "No breaking changes."))

    base_version_source = show(base_ref, VERSION_FILE, repo)
    if base_version_source is None:
        print(f"\n{VERSION_FILE} does not exist at {base_ref}: no version to compare with.")
        return 0
    base_provenance, head_provenance = show(base_ref, PROVENANCE_FILE, repo), (repo / PROVENANCE_FILE).read_text()
    verdict = judge(
        base_ref,
        assigned(base_version_source, "__version__"),
        assigned((repo / VERSION_FILE).read_text(), "__version__"),
        findings,
        breakages,
        assigned(base_provenance, "GENERATOR") if base_provenance else None,
        assigned(head_provenance, "GENERATOR"),
    )
    print("\nSemVer (RELEASING.md):")
    for reason in verdict.reasons or ["patch: no spec or Python API change, same generator"]:
        print(f"  {reason}")
    print(f"  {'OK' if verdict.ok else 'FAIL'}: {verdict.message}")
    return 0 if verdict.ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default=None, help="git ref to compare with (default: the last release tag)")
    args = parser.parse_args(argv)
    return run(args.base or None)


if __name__ == "__main__":
    sys.exit(main())

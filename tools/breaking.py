"""`make breaking`: what changed for consumers since a release, and whether the version bump says so.

    python tools/breaking.py                 # against the last release: the newest sdist in releases/
    python tools/breaking.py --base v0.2.0   # or any git ref, e.g. the merge base of a branch

BASE is, by default, the last published release itself: its sdist, committed under releases/ when it was
released (RELEASING.md). Not the release tag: CI checks out a clone without tags (and maybe without history),
where `git describe` finds nothing and the check would pass without comparing anything. The sdist holds all
that is compared (openapi/, generated/, overrides/), so the baseline travels with every clone.

Three checks, one verdict:

1. the spec: openapi/cubicasa-integrate-v3.yaml at BASE against the working tree, with tools/spec_compat.py
   (breaking / breaking-for-generated-code / breaking-for-closed-enum-clients / info findings);
2. the Python surface: griffe's breaking-change finder over both import packages, `cubicasa_integrate_api`
   (generated/) and `cubicasa_integrate` (overrides/), BASE against the working tree. BASE's sources are
   unpacked into a temporary folder (from the sdist, or with `git archive` for a git ref): griffe's own
   `--against` checks the ref out as a temporary git worktree *and branch* in the shared repository, which
   collides between parallel runs and leaves a branch behind when killed;
3. the generator: `GENERATOR` in overrides/cubicasa_integrate/_provenance.py at BASE and now.

The SemVer policy (RELEASING.md) turns these into the smallest bump the version must have had since BASE:

    major  any breaking or breaking-for-generated-code spec finding, or any griffe breakage;
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
RELEASES = "releases"
RELEASED_SDIST = re.compile(r"cubicasa_integrate-(\d+\.\d+\.\d+)\.tar\.gz")
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


def released_sdists(repo: Path = ROOT) -> dict[str, Path]:
    """Every release recorded in releases/, by version."""
    found = {}
    for path in (repo / RELEASES).glob("*.tar.gz"):
        match = RELEASED_SDIST.fullmatch(path.name)
        if match:
            found[match.group(1)] = path
    return found


def last_release(repo: Path = ROOT) -> tuple[str, Path] | None:
    """The newest release's version and sdist, or None if nothing has been released."""
    releases = released_sdists(repo)
    if not releases:
        return None
    version = max(releases, key=parse_version)
    return version, releases[version]


def unpack_sdist(sdist: Path, into: Path) -> None:
    """The sdist's files under `into`, without the `name-version/` folder every member starts with."""
    with tarfile.open(sdist) as tar:
        members = []
        for member in tar.getmembers():
            _, _, inner = member.name.partition("/")
            if inner:
                member.name = inner
                members.append(member)
        tar.extractall(into, members=members, filter="data")


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


def spec_findings(base_dir: Path, repo: Path = ROOT) -> list[Any] | None:
    import yaml

    base_spec = base_dir / SPEC
    if not base_spec.is_file():
        return None
    head = yaml.safe_load((repo / SPEC).read_text(encoding="utf-8"))
    findings: list[Any] = spec_compat.compare(yaml.safe_load(base_spec.read_text(encoding="utf-8")), head)
    return findings


def python_breakages(base_dir: Path, repo: Path = ROOT) -> list[str]:
    """griffe's breaking changes of each import package, BASE -> working tree, one line each."""
    import griffe

    lines: list[str] = []
    for package, paths in PACKAGES.items():
        if not (base_dir / paths[0] / package).is_dir():
            continue  # the package did not exist at BASE: nothing of it can break
        old = griffe.load(package, search_paths=[base_dir / p for p in paths], allow_inspection=False)
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
    # A change that is not on the wire but renames what code is generated from (an argument, a function, a type)
    # still breaks the teams that generate clients from the spec, and this package's own generated layer.
    breaking_severities = (spec_compat.BREAKING, spec_compat.GENERATED)
    spec_breaks = [f for f in findings if f.severity in breaking_severities]
    if spec_breaks:
        generated = sum(1 for f in spec_breaks if f.severity == spec_compat.GENERATED)
        split = f" ({generated} of them only for generated code, not on the wire)" if generated else ""
        verdict.reasons.append(f"major: {len(spec_breaks)} breaking spec change(s){split}")
    if breakages:
        verdict.reasons.append(f"major: {len(breakages)} breaking change(s) of the Python API (griffe)")
    others = [f for f in findings if f.severity not in breaking_severities]
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
    with tempfile.TemporaryDirectory(prefix="cubicasa-breaking-") as tmp:
        base_dir = Path(tmp)
        if base_ref is None:
            release = last_release(repo)
            if release is None:
                print(f"No release is recorded in {RELEASES}/: nothing has been released, nothing can break.")
                return 0
            version, sdist = release
            base_label = sdist.relative_to(repo).as_posix()
            unpack_sdist(sdist, base_dir)
            print(f"Changes since the {version} release ({base_label}):\n")
        else:
            base_label = base_ref
            export(base_ref, ("generated", "openapi", "overrides"), base_dir, repo)
            print(f"Changes since {base_ref} ({git('rev-parse', '--short', base_ref, repo=repo).strip()}):\n")
        return compare(base_label, base_dir, repo)


def compare(base_label: str, base_dir: Path, repo: Path = ROOT) -> int:
    findings = spec_findings(base_dir, repo)
    if findings is None:
        print(f"spec: {SPEC} does not exist at {base_label}; nothing to compare.")
        findings = []
    else:
        print(f"spec ({SPEC}, tools/spec_compat.py):")
        print("  " + spec_compat.render_text(findings).replace("\n", "\n  "))
    breakages = python_breakages(base_dir, repo)
    print("\nPython API (griffe, cubicasa_integrate_api + cubicasa_integrate):")
    print("  " + ("\n  ".join(breakages) if breakages else "No breaking changes."))

    base_version_file, base_provenance_file = base_dir / VERSION_FILE, base_dir / PROVENANCE_FILE
    if not base_version_file.is_file():
        print(f"\n{VERSION_FILE} does not exist at {base_label}: no version to compare with.")
        return 0
    base_provenance = base_provenance_file.read_text() if base_provenance_file.is_file() else None
    head_provenance = (repo / PROVENANCE_FILE).read_text()
    verdict = judge(
        base_label,
        assigned(base_version_file.read_text(), "__version__"),
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
    parser.add_argument("--base", default=None, help="git ref to compare with (default: the last release in releases/)")
    args = parser.parse_args(argv)
    return run(args.base or None)


if __name__ == "__main__":
    sys.exit(main())

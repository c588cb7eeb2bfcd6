"""`make release-check`: is this tree releasable as the version it says it is?

    python tools/release_check.py [--keep DIR]    # DIR keeps the built sdist and wheel

1. Version and changelog (RELEASING.md): `__version__` (overrides/cubicasa_integrate/_version.py) equals the
   top `## X.Y.Z — YYYY-MM-DD` or `## X.Y.Z — Unreleased` entry of CHANGELOG.md; that entry's `API:` line names
   the sha256 of openapi/cubicasa-integrate-v3.yaml and the generator of _provenance.py (which must match the
   spec too), and its sections are Keep a Changelog's (Added, Changed, Deprecated, Removed, Fixed, Security; at
   least one, each once, in that order); versions decrease down the file. If HEAD
   is tagged vX.Y.Z, the entry is dated (not Unreleased).
   A version number is used once: releases/ keeps the sdist of every release (RELEASING.md), and if X.Y.Z is
   there and the package sources built now differ from it, the version must be bumped first. releases/, not
   the tags, because CI clones without tags; every local release tag must have its sdist in releases/, whose
   spec and version are the tag's.
2. Reproducible build: sdist and wheel (the wheel built from the sdist) with `python -m build --no-isolation`
   and SOURCE_DATE_EPOCH = the last commit's time, twice; both builds must be byte-identical. --no-isolation
   uses the venv's hatchling, which must be the exact version pinned in pyproject's [build-system].
3. Contents: the wheel holds every file of generated/cubicasa_integrate_api and of overrides/cubicasa_integrate
   (incl. _provenance.py, py.typed and the documented examples), the `cubicasa` entry point, and its metadata
   version is `__version__`.
   It holds no sandbox module (the sandbox is the `cubicasa-sandbox` distribution, sandbox/), and its
   `Requires-Dist` outside extras names none of starlette, uvicorn, click, rich.
   The sandbox's sdist and wheel are built too (the wheel from the sdist, as pip would: sandbox/hatch_build.py
   copies ../openapi into the sdist) and the wheel must hold every file of sandbox/cubicasa_sandbox plus the spec,
   byte for byte, where the sandbox reads it.
4. Smoke test in a fresh virtualenv: install the wheel without extras (dependencies from PyPI, pinned by
   requirements/constraints.txt), import both packages from site-packages (not from this tree), check the
   version and provenance, call `client.orders.get` on the facade against an in-process transport that answers
   with the documented example order (shipped in the wheel), and check that click and rich were not installed
   and that `cubicasa --version` prints the [cli] install command on one stderr line and exits 2. Then install
   `cubicasa-integrate[cli]` from the same wheel and run `cubicasa --version` and `cubicasa --help`.
   In the venv without extras, pyright (node_modules) checks what a consumer sees, run as a consumer runs it (the
   venv activated, no --pythonpath): a strict consumer file passes and none of the types it reveals is Unknown,
   and `pyright --verifytypes` finds py.typed and no symbol of unknown type in either installed package.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "cubicasa-integrate-v3.yaml"
CHANGELOG = ROOT / "CHANGELOG.md"
SECTIONS = ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")
"""The sections of a CHANGELOG entry, in this order (Keep a Changelog 1.1): what a consumer must know, by kind."""
PACKAGE_DIR = ROOT / "overrides" / "cubicasa_integrate"
GENERATED_DIR = ROOT / "generated" / "cubicasa_integrate_api"
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
DISTRIBUTION = "cubicasa_integrate"
SANDBOX_DIR = ROOT / "sandbox"
SANDBOX_PACKAGE = "cubicasa_sandbox"
# Runtime dependencies a user of the client library must not pay for: the sandbox's server stack, and the CLI's.
NOT_RUNTIME = ("starlette", "uvicorn", "click", "rich")
RELEASES = ROOT / "releases"
# Package paths whose change since a release means the released version number cannot be reused.
PACKAGE_SOURCES = ("generated", "overrides", "openapi", "pyproject.toml", "README.md")

ENTRY = re.compile(r"^## (?P<version>\d+\.\d+\.\d+) — (?P<date>\d{4}-\d{2}-\d{2}|Unreleased)\s*$", re.MULTILINE)


@dataclass
class Entry:
    version: str
    date: str
    body: str


def git(*args: str) -> str:
    result = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout.strip()


def assigned(path: Path, name: str) -> str:
    match = re.search(rf'^{re.escape(name)}\s*=\s*"([^"]*)"', path.read_text(encoding="utf-8"), re.MULTILINE)
    if not match:
        raise ValueError(f'{path.name}: no {name} = "..."')
    return match.group(1)


def changelog_entries(text: str) -> list[Entry]:
    matches = list(ENTRY.finditer(text))
    return [
        Entry(m["version"], m["date"], text[m.end() : matches[i + 1].start() if i + 1 < len(matches) else len(text)])
        for i, m in enumerate(matches)
    ]


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def check_changelog(
    text: str, version: str, spec_sha: str, generator: str, api_version: str, head_tags: list[str]
) -> list[str]:
    """Problems with CHANGELOG.md for releasing `version` (see RELEASING.md for the rules)."""
    entries = changelog_entries(text)
    if not entries:
        return ["CHANGELOG.md has no `## X.Y.Z — YYYY-MM-DD` (or `— Unreleased`) entry"]
    top, problems = entries[0], []
    for line in text.splitlines():
        if line.startswith("## ") and not ENTRY.fullmatch(line):
            problems.append(
                f"CHANGELOG heading {line!r} is neither `## X.Y.Z — YYYY-MM-DD` nor `## X.Y.Z — Unreleased`"
            )
    if top.version != version:
        problems.append(
            f"the top CHANGELOG entry is {top.version} but __version__ is {version}: add a `## {version} — Unreleased`"
            " section (or fix _version.py)"
        )
    api_line = next((line for line in top.body.splitlines() if line.startswith("API:")), "")
    if f"spec sha256 `{spec_sha}`" not in api_line:
        problems.append(
            f"the {top.version} entry's `API:` line must name the current spec: spec sha256 `{spec_sha}`"
            " (`make generate` writes it into an Unreleased entry)"
        )
    if generator not in api_line:
        problems.append(f"the {top.version} entry's `API:` line must name the generator: {generator}")
    if f"`{api_version}`" not in api_line:
        problems.append(f"the {top.version} entry's `API:` line must name the API version `{api_version}`")
    sections = re.findall(r"^### (.*)$", top.body, re.MULTILINE)
    if not sections:
        problems.append(f"the {top.version} entry has no section: {', '.join(f'`### {s}`' for s in SECTIONS)}")
    for section in sections:
        if section not in SECTIONS:
            problems.append(
                f"the {top.version} entry's section `### {section}` is not one of Keep a Changelog's: "
                + ", ".join(SECTIONS)
            )
    known = [section for section in sections if section in SECTIONS]
    if known != sorted(known, key=SECTIONS.index) or len(set(known)) != len(known):
        problems.append(f"the {top.version} entry's sections must come once each, in this order: {', '.join(SECTIONS)}")
    if f"v{version}" in head_tags and top.date == "Unreleased":
        problems.append(f"HEAD is tagged v{version} but its CHANGELOG entry still says Unreleased")
    versions = [_key(e.version) for e in entries]
    if versions != sorted(versions, reverse=True) or len(set(versions)) != len(versions):
        problems.append("CHANGELOG versions must be unique and decrease from top to bottom")
    if any(e.date == "Unreleased" for e in entries[1:]):
        problems.append("only the top CHANGELOG entry may be Unreleased")
    return problems


def sdist_sources(sdist: Path) -> dict[str, bytes]:
    """The package sources in an sdist, by path without the `name-version/` folder."""
    sources = {}
    with tarfile.open(sdist) as tar:
        for member in tar.getmembers():
            _, _, inner = member.name.partition("/")
            if member.isfile() and any(inner == s or inner.startswith(s + "/") for s in PACKAGE_SOURCES):
                extracted = tar.extractfile(member)
                assert extracted is not None  # a regular file always has content
                sources[inner] = extracted.read()
    return sources


def check_reuse(version: str, built_sdist: Path, releases: Path = RELEASES) -> list[str]:
    """A version number is used once: if X.Y.Z was released and the package changed since, bump first."""
    released = releases / f"{DISTRIBUTION}-{version}.tar.gz"
    if not released.is_file():
        return []
    before, now = sdist_sources(released), sdist_sources(built_sdist)
    changed = sorted(path for path in before.keys() | now.keys() if before.get(path) != now.get(path))
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        return [
            f"{version} was released ({released.name} in releases/) and the package has changed since ({shown}): "
            "bump the version (RELEASING.md) and open an Unreleased CHANGELOG section"
        ]
    return []


def check_recorded_releases(
    tags: list[str], show: Callable[[str, str], str], releases: Path = RELEASES, head_tags: tuple[str, ...] = ()
) -> list[str]:
    """Every release tag has its sdist in releases/, and that sdist is the tag's: same spec, same version.

    A tag on HEAD may lack it: the sdist is built from the tagged commit and recorded in the next one.
    """
    problems = []
    for tag in tags:
        version = tag.removeprefix("v")
        sdist = releases / f"{DISTRIBUTION}-{version}.tar.gz"
        if not sdist.is_file() and tag in head_tags:
            continue
        if not sdist.is_file():
            problems.append(f"{tag} is tagged but releases/{sdist.name} is missing: commit the release's sdist")
            continue
        sources = sdist_sources(sdist)
        spec_path = SPEC.relative_to(ROOT).as_posix()
        if sources.get(spec_path, b"").decode().strip() != show(tag, spec_path).strip():
            problems.append(f"releases/{sdist.name} holds another {spec_path} than {tag}")
        version_path = (PACKAGE_DIR / "_version.py").relative_to(ROOT).as_posix()
        if f'__version__ = "{version}"' not in sources.get(version_path, b"").decode():
            problems.append(f"releases/{sdist.name} does not say __version__ = {version!r}")
    return problems


# ---------------------------------------------------------------------------------------------------- build


def build(outdir: Path, epoch: str, project: Path = ROOT) -> list[Path]:
    """The sdist of `project` and the wheel built from it (tools/publish.py builds the same way)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    command = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(outdir), str(project)]
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"python -m build of {project.name or project} failed:\n{result.stdout}\n{result.stderr}")
    return sorted(outdir.iterdir())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def backend_pin() -> str:
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    return next(r.split("==", 1)[1] for r in requires if r.startswith("hatchling=="))


def wheel_problems(wheel: Path, version: str) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"{DISTRIBUTION}-{version}.dist-info/METADATA").decode()
        entry_points = archive.read(f"{DISTRIBUTION}-{version}.dist-info/entry_points.txt").decode()
    problems = []
    for folder, package in ((GENERATED_DIR, "cubicasa_integrate_api"), (PACKAGE_DIR, "cubicasa_integrate")):
        tracked = git("ls-files", str(folder.relative_to(ROOT))).splitlines()
        expected = {f"{package}/{Path(p).relative_to(folder.relative_to(ROOT))}" for p in tracked}
        if missing := sorted(expected - names):
            problems.append(f"the wheel lacks {len(missing)} file(s) of {package}, e.g. {missing[:3]}")
    for required in (
        "cubicasa_integrate/_provenance.py",
        "cubicasa_integrate_api/py.typed",
        "cubicasa_integrate/py.typed",
    ):
        if required not in names:
            problems.append(f"the wheel lacks {required}")
    if f"\nVersion: {version}\n" not in metadata:
        problems.append(f"the wheel's METADATA does not say Version: {version}")
    if "cubicasa = cubicasa_integrate.cli:main" not in entry_points:
        problems.append("the wheel has no `cubicasa` console script")
    if sandbox := sorted(n for n in names if n.startswith((f"{SANDBOX_PACKAGE}/", "cubicasa_integrate/sandbox/"))):
        problems.append(f"the client wheel holds sandbox modules, e.g. {sandbox[:3]}")
    return problems + dependency_problems(metadata)


def runtime_requirements(metadata: str) -> list[str]:
    """The distribution names of the `Requires-Dist` lines of a METADATA text that no extra guards."""
    lines = [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    names = (re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line) for line in lines if "extra ==" not in line)
    return [match.group(0).lower().replace("_", "-") for match in names if match]


def dependency_problems(metadata: str) -> list[str]:
    if found := [name for name in runtime_requirements(metadata) if name in NOT_RUNTIME]:
        return [f"the client wheel requires {', '.join(found)} outside any extra"]
    return []


def sandbox_wheel_problems(outdir: Path, epoch: str, version: str) -> list[str]:
    """Build the sandbox's sdist and, from it, its wheel; check the wheel carries its package and the spec."""
    try:
        build(outdir, epoch, SANDBOX_DIR)
    except RuntimeError as error:
        return [str(error)]
    wheel = outdir / f"cubicasa_sandbox-{version}-py3-none-any.whl"
    if not wheel.is_file():
        return [f"the sandbox build made {[p.name for p in outdir.iterdir()]}, expected {wheel.name}"]
    problems = []
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        spec_resource = f"{SANDBOX_PACKAGE}/_openapi/{SPEC.name}"
        if spec_resource not in names or archive.read(spec_resource) != SPEC.read_bytes():
            problems.append(f"the sandbox wheel lacks {spec_resource} or holds another spec than openapi/")
        metadata = archive.read(f"cubicasa_sandbox-{version}.dist-info/METADATA").decode()
    tracked = git("ls-files", f"sandbox/{SANDBOX_PACKAGE}").splitlines()
    if missing := sorted({p.removeprefix("sandbox/") for p in tracked} - names):
        problems.append(f"the sandbox wheel lacks {len(missing)} file(s), e.g. {missing[:3]}")
    if "openapi-core" in runtime_requirements(metadata):
        problems.append("the sandbox wheel requires openapi-core outside its [validate] extra")
    if not problems:
        print(f"built {wheel.name}  sha256 {sha256(wheel)}  (with the spec)")
    return problems


# ---------------------------------------------------------------------------------------------------- smoke

SMOKE = """
import json
from importlib.resources import files
import httpx
import cubicasa_integrate, cubicasa_integrate_api
from cubicasa_integrate import CubiCasa, AsyncCubiCasa
from cubicasa_integrate_api.api.orders import upgrade_order

order_json = files("cubicasa_integrate").joinpath("_examples", "upgrade_order.response.json").read_bytes()
transport = httpx.MockTransport(lambda request: httpx.Response(200, content=order_json))
with CubiCasa(api_key="release-check", transport=transport, max_retries=0) as client:
    order = client.orders.get("312babc6-e742-4d54-ac49-e0f7b16ec15a")


def read(value):  # the example as a read model keeps it: optional fields that are null read as None, left out
    if isinstance(value, dict):
        return {key: read(item) for key, item in value.items() if item is not None}
    return [read(item) for item in value] if isinstance(value, list) else value

print(json.dumps({
    "version": cubicasa_integrate.__version__,
    "spec_sha256": cubicasa_integrate.__spec_sha256__,
    "generator": cubicasa_integrate.__generator__,
    "api_version": cubicasa_integrate.__api_version__,
    "files": [cubicasa_integrate.__file__, cubicasa_integrate_api.__file__, upgrade_order.__file__],
    "order_round_trip": order.to_dict() == read(json.loads(order_json))
    and type(order).from_dict(order.to_dict()) == order,
}))
"""


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CUBICASA_", "VIRTUAL_ENV"))}
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env)


CLI_EXTRA = ("click", "rich")
CLI_HINT = "pip install 'cubicasa-integrate[cli]'"


def missing_extra_problems(python: Path, cli: str, workdir: Path) -> list[str]:
    """In a venv with the wheel installed without extras: the library pulled in neither click nor rich, and the
    `cubicasa` script (declared in every install) says how to get the command instead of failing on an import."""
    problems = []
    found = run(
        [str(python), "-I", "-c", f"import importlib.util as u; print([n for n in {CLI_EXTRA!r} if u.find_spec(n)])"],
        workdir,
    )
    if found.returncode != 0 or found.stdout.strip() != "[]":
        problems.append(f"installing the wheel without extras installed {found.stdout.strip()} {found.stderr.strip()}")
    shown = run([cli, "--version"], workdir)
    lines = shown.stderr.splitlines()
    if shown.returncode != 2 or shown.stdout or len(lines) != 1 or CLI_HINT not in lines[0]:
        problems.append(
            f"`cubicasa --version` without the [cli] extra exited {shown.returncode} with {shown.stdout!r} "
            f"{shown.stderr!r}, expected one stderr line naming {CLI_HINT} and exit 2"
        )
    return problems


# A consumer's view of the installed package, through pyright (issue 26, finding 3): the names a consumer's code
# reaches first, each revealed; none may be Unknown, and pyright strict must pass on the file.
CONSUMER = """\
from cubicasa_integrate import CubiCasa, NotFoundError, created_at
from cubicasa_integrate.downloads import download_order_assets
from cubicasa_integrate.sync import sync_orders
from cubicasa_integrate_api.models import Order

client = CubiCasa("key")
order = client.orders.get("an-order")
reveal_type(client)
reveal_type(order)
reveal_type(order.info.status)
reveal_type(created_at(order))
reveal_type(client.orders.upgrade)
reveal_type(NotFoundError("m", method="GET", path="/", status_code=404, body=None, text="", headers={}).status_code)
reveal_type(download_order_assets)
reveal_type(sync_orders)
reveal_type(Order.from_dict)
"""
TYPED_PACKAGES = ("cubicasa_integrate", "cubicasa_integrate_api")
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"


def _pyright(args: list[str], venv: Path, workdir: Path) -> dict[str, Any]:
    """pyright's JSON report, run as a consumer runs it: in a shell with `venv` activated, no --pythonpath."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CUBICASA_", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    result = subprocess.run(
        [str(PYRIGHT), "--outputjson", *args], capture_output=True, text=True, cwd=workdir, env=env, timeout=300
    )
    try:
        report: dict[str, Any] = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"pyright {' '.join(args)} exited {result.returncode}: {result.stderr[-2000:]}") from None
    return report


def consumer_type_problems(venv: Path, workdir: Path) -> list[str]:
    """What a consumer's pyright sees of the package installed in `venv`: every type known, py.typed found."""
    if not PYRIGHT.exists():
        return [
            f"{PYRIGHT.relative_to(ROOT)} is missing (`make node` installs it): the installed types were not checked"
        ]
    consumer = workdir / "consumer"
    consumer.mkdir(parents=True, exist_ok=True)
    (consumer / "consumer.py").write_text(CONSUMER, encoding="utf-8")
    (consumer / "pyrightconfig.json").write_text('{"typeCheckingMode": "strict"}\n', encoding="utf-8")
    problems = []
    report = _pyright(["consumer.py"], venv, consumer)
    diagnostics = report.get("generalDiagnostics", [])
    revealed = [d["message"] for d in diagnostics if d["severity"] == "information"]
    problems += [f"pyright, as a consumer runs it: {d['message']}" for d in diagnostics if d["severity"] == "error"]
    problems += [f"a consumer's pyright sees an Unknown: {message}" for message in revealed if "Unknown" in message]
    if len(revealed) != CONSUMER.count("reveal_type("):
        problems.append(f"a consumer's pyright revealed {len(revealed)} of {CONSUMER.count('reveal_type(')} types")
    for package in TYPED_PACKAGES:
        completeness = _pyright(["--verifytypes", package, "--ignoreexternal"], venv, consumer)["typeCompleteness"]
        if not completeness.get("pyTypedPath"):
            problems.append(f"pyright finds no py.typed for the installed {package}: a consumer sees it untyped")
        for kind in ("exportedSymbolCounts", "otherSymbolCounts"):
            unknown = completeness[kind]["withUnknownType"]
            if unknown:
                names = [
                    s["name"]
                    for s in completeness.get("symbols", [])
                    if "unknown" in str(s.get("diagnostics", "")).lower()
                ][:5]
                problems.append(
                    f"pyright --verifytypes {package}: {unknown} {'exported' if kind[0] == 'e' else 'referenced'} "
                    f"symbols of unknown type (e.g. {', '.join(names) or 'see pyright --verifytypes'})"
                )
    return problems


def smoke(wheel: Path, workdir: Path, version: str, spec_sha: str, generator: str) -> list[str]:
    venv = workdir / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python, problems = venv / "bin" / "python", []
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-c", str(CONSTRAINTS)]
    installed = run([*pip, str(wheel)], workdir)
    if installed.returncode != 0:
        return [f"pip install of the wheel into a fresh venv failed:\n{installed.stderr}"]
    result = run([str(python), "-I", "-c", SMOKE], workdir)
    if result.returncode != 0:
        return [f"import smoke test failed:\n{result.stderr}"]
    facts = json.loads(result.stdout)
    site = str(venv.resolve())
    if not all(str(Path(f).resolve()).startswith(site) for f in facts["files"]):
        problems.append(f"the smoke test imported from outside the fresh venv: {facts['files']}")
    expected = {"version": version, "spec_sha256": spec_sha, "generator": generator, "order_round_trip": True}
    for key, want in expected.items():
        if facts[key] != want:
            problems.append(f"installed package: {key} is {facts[key]!r}, expected {want!r}")
    cli = str(venv / "bin" / "cubicasa")
    problems += missing_extra_problems(python, cli, workdir)
    problems += consumer_type_problems(venv, workdir)
    with_cli = run([*pip, f"cubicasa-integrate[cli] @ {wheel.resolve().as_uri()}"], workdir)
    if with_cli.returncode != 0:
        return [*problems, f"pip install of the wheel with the [cli] extra failed:\n{with_cli.stderr}"]
    shown = run([cli, "--version"], workdir)
    if shown.returncode != 0 or version not in shown.stdout:
        problems.append(f"`cubicasa --version` printed {shown.stdout!r} {shown.stderr!r}, expected {version}")
    helped = run([cli, "--help"], workdir)
    if helped.returncode != 0 or "orders" not in helped.stdout:
        problems.append(f"`cubicasa --help` failed: {helped.stdout!r} {helped.stderr!r}")
    return problems


# ---------------------------------------------------------------------------------------------------- main


def check(keep: Path | None = None) -> int:
    started = time.monotonic()
    version = assigned(PACKAGE_DIR / "_version.py", "__version__")
    spec_sha = hashlib.sha256(SPEC.read_bytes()).hexdigest()
    provenance = PACKAGE_DIR / "_provenance.py"
    generator, api_version = assigned(provenance, "GENERATOR"), assigned(provenance, "API_VERSION")
    problems = []
    if assigned(provenance, "SPEC_SHA256") != spec_sha:
        problems.append("_provenance.py names another spec than openapi/: run `make generate`")
    head_tags = git("tag", "--points-at", "HEAD").split()
    problems += check_changelog(
        CHANGELOG.read_text(encoding="utf-8"), version, spec_sha, generator, api_version, head_tags
    )
    release_tags = [t for t in git("tag", "--list", "v[0-9]*").split() if re.fullmatch(r"v\d+\.\d+\.\d+", t)]
    problems += check_recorded_releases(
        release_tags, lambda tag, path: git("show", f"{tag}:{path}"), head_tags=tuple(head_tags)
    )
    if installed_version("hatchling") != backend_pin():
        problems.append(f"hatchling {installed_version('hatchling')} is installed, pyproject pins {backend_pin()}")
    verdict = "ok" if not problems else "FAILED"
    print(f"version {version}, spec sha256 {spec_sha[:12]}…, {generator}: changelog/tag {verdict}")

    epoch = git("log", "-1", "--format=%ct")
    with tempfile.TemporaryDirectory(prefix="cubicasa-release-") as tmp:
        first, second = build(Path(tmp) / "a", epoch), build(Path(tmp) / "b", epoch)
        names = [p.name for p in first]
        expected_names = [f"{DISTRIBUTION}-{version}-py3-none-any.whl", f"{DISTRIBUTION}-{version}.tar.gz"]
        if names != expected_names:
            problems.append(f"the build made {names}, expected {expected_names}")
        elif [sha256(p) for p in first] != [sha256(p) for p in second]:
            problems.append("two builds of the same commit differ: the build is not reproducible")
        else:
            for path in first:
                print(f"built {path.name}  sha256 {sha256(path)}  (reproducible, SOURCE_DATE_EPOCH={epoch})")
            wheel, sdist = first
            problems += check_reuse(version, sdist)
            problems += wheel_problems(wheel, version)
            problems += sandbox_wheel_problems(Path(tmp) / "sandbox", epoch, version)
            problems += smoke(wheel, Path(tmp), version, spec_sha, generator)
            if keep:
                keep.mkdir(parents=True, exist_ok=True)
                for path in first:
                    shutil.copy(path, keep / path.name)
    print(f"release-check: {time.monotonic() - started:.1f} s")
    if problems:
        print("\n".join(f"FAIL: {problem}" for problem in problems))
        return 1
    status = (
        "tagged"
        if f"v{version}" in head_tags
        else "released"
        if (RELEASES / f"{DISTRIBUTION}-{version}.tar.gz").is_file()
        else "ready to tag"
    )
    print(
        f"OK: cubicasa-integrate {version} ({status}): reproducible sdist + wheel; installs, imports, runs, and is "
        "typed for a consumer."
    )
    if status == "tagged" and not (RELEASES / f"{DISTRIBUTION}-{version}.tar.gz").is_file():
        print(f"Next: record the sdist as the baseline of make breaking (RELEASING.md): cp it into {RELEASES.name}/")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, default=None, help="copy the built sdist and wheel into this folder")
    args = parser.parse_args(argv)
    return check(args.keep)


if __name__ == "__main__":
    sys.exit(main())

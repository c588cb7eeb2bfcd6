"""The requirement files agree with the packages' own metadata, so the dev venv tests what users install.

- A package that requirements/dev.txt lists and a pyproject.toml of this repository also declares (a dependency
  or an extra) has the same range in both: otherwise the suite could pass on a version users are allowed but
  never tested with, or fail on one they can never get.
- requirements/constraints.txt (`make lock`) pins every declared requirement at a version inside its range.
- requirements/codegen.txt pins exactly what constraints.txt locks.

Every pyproject.toml at the top or one folder down counts, so a distribution added beside the client is held
to the same rules.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support import ROOT

REQUIREMENTS = ROOT / "requirements"


def requirement_lines(path: Path) -> list[Requirement]:
    """The requirements a pip requirements file lists itself (not those of the files it includes with -r)."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [Requirement(line) for line in lines if line and not line.startswith("-")]


def declared() -> dict[str, list[tuple[str, Requirement]]]:
    """Every requirement of every pyproject.toml of the repository, by package name, with where it is declared."""
    projects = [ROOT / "pyproject.toml", *sorted(ROOT.glob("*/pyproject.toml"))]
    tables = [(path, tomllib.loads(path.read_text(encoding="utf-8"))["project"]) for path in projects]
    own = {canonicalize_name(table["name"]) for _, table in tables}
    found: dict[str, list[tuple[str, Requirement]]] = {}
    for path, table in tables:
        groups = {"dependencies": table.get("dependencies", []), **table.get("optional-dependencies", {})}
        for group, lines in groups.items():
            for line in lines:
                requirement = Requirement(line)
                name = canonicalize_name(requirement.name)
                if name not in own:  # a distribution of this repository is installed from here, not locked
                    where = f"{path.relative_to(ROOT)} [{group}]"
                    found.setdefault(name, []).append((where, requirement))
    return found


def locked() -> dict[str, str]:
    pins = {}
    for requirement in requirement_lines(REQUIREMENTS / "constraints.txt"):
        (spec,) = requirement.specifier
        pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def range_mismatches(dev: list[Requirement], packages: dict[str, list[tuple[str, Requirement]]]) -> list[str]:
    return [
        f"requirements/dev.txt says {requirement}, {where} says {other}"
        for requirement in dev
        for where, other in packages.get(canonicalize_name(requirement.name), [])
        if requirement.specifier != other.specifier
    ]


def test_dev_txt_repeats_a_declared_requirement_with_the_same_range() -> None:
    assert range_mismatches(requirement_lines(REQUIREMENTS / "dev.txt"), declared()) == []


def test_a_different_range_in_dev_txt_is_reported() -> None:
    """The check above can fail: a dev.txt line that widens a declared range."""
    packages = {"msgspec": [("pyproject.toml [dependencies]", Requirement("msgspec>=0.18,<1"))]}
    assert range_mismatches([Requirement("msgspec>=0.18")], packages) == [
        "requirements/dev.txt says msgspec>=0.18, pyproject.toml [dependencies] says msgspec<1,>=0.18"
    ]


def test_the_locked_version_of_every_declared_requirement_is_in_its_range() -> None:
    pins = locked()
    outside = [
        f"{where}: {requirement}, but constraints.txt locks {pins.get(name)}"
        for name, places in declared().items()
        for where, requirement in places
        if name not in pins or not requirement.specifier.contains(pins[name], prereleases=True)
    ]
    assert outside == []


def test_codegen_txt_pins_the_locked_versions() -> None:
    pins = locked()
    codegen = requirement_lines(REQUIREMENTS / "codegen.txt")
    assert codegen
    for requirement in codegen:
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"codegen.txt pins exactly: {requirement}"
        assert pins.get(canonicalize_name(requirement.name)) == spec.version, requirement

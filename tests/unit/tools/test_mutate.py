"""tools/mutate.py (`make mutate`): the curated mutants still apply, and the runner tells killed from survived."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.support import load_tool


@pytest.fixture(scope="module")
def mutate() -> ModuleType:
    return load_tool("mutate")


def test_every_curated_mutant_still_applies_to_the_code(mutate: ModuleType) -> None:
    """A refactoring that moves a snippet makes its mutant stale: the list must follow the code, in CI."""
    mutants = mutate.load()
    assert len(mutants) >= 44
    assert [(m.id, mutate.stale(m)) for m in mutants if mutate.stale(m) is not None] == []


def test_a_mutant_whose_snippet_moved_is_stale(mutate: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "code.py").write_text("x = 1\nx = 1\n")
    (tmp_path / "test_code.py").write_text("")
    twice = mutate.Mutant("m", "code.py", "x = 1", "x = 2", "why", ("test_code.py",))
    gone = mutate.Mutant("m", "code.py", "y = 1", "y = 2", "why", ("test_code.py",))
    no_tests = mutate.Mutant("m", "code.py", "x = 1\nx", "x = 2\nx", "why", ("test_missing.py",))
    assert "occurs 2 times" in mutate.stale(twice, tmp_path)
    assert "occurs 0 times" in mutate.stale(gone, tmp_path)
    assert "do not exist" in mutate.stale(no_tests, tmp_path)


def test_the_runner_tells_killed_from_survived_and_restores_the_file(mutate: ModuleType, tmp_path: Path) -> None:
    code = tmp_path / "overrides" / "shop.py"
    code.parent.mkdir()
    code.write_text("def price(n):\n    return n * 2\n")
    (tmp_path / "test_shop.py").write_text("import shop\n\ndef test_price():\n    assert shop.price(2) == 4\n")
    (tmp_path / "test_nothing.py").write_text("def test_nothing():\n    assert True\n")
    caught = mutate.Mutant("caught", "overrides/shop.py", "n * 2", "n * 3", "why", ("test_shop.py",))
    missed = mutate.Mutant("missed", "overrides/shop.py", "n * 2", "n * 3", "why", ("test_nothing.py",))
    assert mutate.run_one(caught, tmp_path)[0] == "killed"
    assert mutate.run_one(missed, tmp_path)[0] == "survived"
    assert code.read_text() == "def price(n):\n    return n * 2\n"

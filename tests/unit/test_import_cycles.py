"""No import cycle among the hand-written modules: the client (`cubicasa_integrate`) and the sandbox
(`cubicasa_sandbox`). A cycle makes import order matter and hides which module depends on which; 0.4.0's sandbox
had one (`_state` <-> `_app`). An import under `if TYPE_CHECKING:` breaks a cycle for the interpreter only: until
issue 23 `_app` imported `Sandbox` that way, while `_sandbox` imported `_app` to build its app, so the two modules
still depended on each other. The second test counts those imports too."""

from __future__ import annotations

from pathlib import Path

from tests.import_graph import import_cycles, import_graph
from tests.support import ROOT

HAND_WRITTEN = [ROOT / "overrides" / "cubicasa_integrate", ROOT / "sandbox" / "cubicasa_sandbox"]


def test_the_hand_written_packages_have_no_import_cycle() -> None:
    graph = import_graph(HAND_WRITTEN)
    assert "cubicasa_sandbox._sandbox" in graph["cubicasa_sandbox._server"]  # the graph sees both packages
    assert "cubicasa_integrate._urls" in graph["cubicasa_sandbox._webhooks"]
    assert import_cycles(graph) == []


def test_no_import_cycle_even_counting_the_imports_for_type_checking() -> None:
    """The HTTP app depends on the `SandboxBackend` protocol, not on `Sandbox`; `Sandbox` builds the app."""
    graph = import_graph(HAND_WRITTEN, type_checking=True)
    assert "cubicasa_sandbox._app" in graph["cubicasa_sandbox._sandbox"]
    assert "cubicasa_sandbox._backend" in graph["cubicasa_sandbox._app"]
    assert "cubicasa_sandbox._sandbox" not in graph["cubicasa_sandbox._app"]
    assert import_cycles(graph) == []


def test_only_the_cli_imports_the_sandbox() -> None:
    """The client's one import of the sandbox is the CLI's `_sandbox()` (for `demo`, `--sandbox`, `sandbox`),
    which prints the install command when the sandbox distribution is missing."""
    graph = import_graph(HAND_WRITTEN)
    importers = {
        m for m, targets in graph.items() if m.startswith("cubicasa_integrate") and "cubicasa_sandbox" in targets
    }
    assert importers == {"cubicasa_integrate.cli._app"}
    assert not any(
        t.startswith("cubicasa_sandbox") for m, ts in graph.items() if m in importers for t in ts - {"cubicasa_sandbox"}
    )


def package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_a_planted_cycle_is_found_also_through_a_function_level_import(tmp_path: Path) -> None:
    root = package(
        tmp_path / "pkg",
        {
            "__init__.py": "from ._a import A\n",
            "_a.py": "from ._b import B\nA = 1\n",
            "_b.py": "def late():\n    from . import _c\n",
            "_c.py": "from pkg._a import A\n",
            "_d.py": "import pkg._d\n",
        },
    )
    assert import_cycles(import_graph([root])) == [["pkg._a", "pkg._b", "pkg._c"], ["pkg._d"]]


def test_an_import_only_for_type_checking_is_no_cycle(tmp_path: Path) -> None:
    root = package(
        tmp_path / "pkg",
        {
            "__init__.py": "",
            "_a.py": "from ._b import B\n",
            "_b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ._a import A\nB = 1\n",
        },
    )
    assert import_graph([root])["pkg._b"] == set()
    assert import_cycles(import_graph([root])) == []
    # ... yet the two modules still depend on each other, and the type-level graph says so
    assert import_graph([root], type_checking=True)["pkg._b"] == {"pkg._a"}
    assert import_cycles(import_graph([root], type_checking=True)) == [["pkg._a", "pkg._b"]]

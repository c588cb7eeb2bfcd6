"""The Python snippets of the README and the docs pages pass `mypy --strict` and pyright in strict mode as written
(issues 23, 26): a typed user narrows only None, never the generator's Unset.

The README's snippets are checked in order as one module (as test_readme.py runs them), after the names the README
says the reader brings, typed as the reader has them; each docs page's snippets follow, in order, in a function of
their own (a page is a script of its own: its names are not another page's). Both checkers see the package as a
consumer does: the sources on their search path, no stubs of ours. Each checker is first shown to fail on a snippet
that reads an optional field without narrowing it, so a checker that checks nothing (a wrong path, a config it
ignores) cannot pass here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_readme import DOCS, blocks
from tests.support import ROOT, node_tool

READER = "from cubicasa_integrate import CubiCasa\n\norder_id: str = 'the-reader-s-order'\nclient = CubiCasa()\n"


def snippets_module() -> str:
    """The README's blocks at the top level, then each docs page's blocks in a function of their own."""
    pages = [
        f"def page_{number}() -> None:  # {name}\n" + "\n".join(f"    {line}" for line in code.splitlines()) + "\n"
        for number, (name, text) in enumerate(DOCS.items())
        if (code := "\n".join(blocks("python", text)))
    ]
    return "\n".join(blocks("python")) + "\n\n" + "\n\n".join(pages)


UNNARROWED = {
    "optional field": "order = client.orders.get(order_id)\nprint(order.info.product.add_ons[0])\n",
    "error body": (
        "from cubicasa_integrate import APIStatusError\n\n\n"
        "def detail(error: APIStatusError) -> str:\n    return error.body['detail']\n"
    ),
}
"""Reads through an optional field (`product`), or into an error's JSON body, without narrowing: both checkers must
refuse each (the body is typed JSON, not Any)."""
SEARCH_PATH = [ROOT / "overrides", ROOT / "generated", ROOT / "sandbox"]


def write_module(folder: Path, code: str) -> Path:
    module = folder / "readme_snippets.py"
    module.write_text(READER + "\n" + code, encoding="utf-8")
    return module


def mypy(module: Path) -> subprocess.CompletedProcess[str]:
    config = module.parent / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")  # not the project's own settings: a consumer's
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", str(config)]
    return subprocess.run(
        [*command, "--python-version", "3.11", str(module)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=module.parent,
        env={"MYPYPATH": ":".join(map(str, SEARCH_PATH)), "PATH": str(Path(sys.executable).parent)},
        check=False,
    )


def pyright(module: Path) -> subprocess.CompletedProcess[str]:
    config = {
        "typeCheckingMode": "strict",
        "pythonVersion": "3.11",
        "extraPaths": [str(path) for path in SEARCH_PATH],
        "include": [module.name],
        # A docs page's snippets sit in a function here (snippets_module): a name a reader's script defines at
        # the top level and does not use again would be an "unused" local of it, which is the wrapping's doing.
        "reportUnusedVariable": False,
        "reportUnusedFunction": False,
    }
    (module.parent / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    return subprocess.run(
        [str(node_tool("pyright")), "--pythonpath", sys.executable, "-p", str(module.parent)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=module.parent,
        check=False,
    )


@pytest.mark.parametrize("case", sorted(UNNARROWED))
@pytest.mark.parametrize("checker", [mypy, pyright], ids=["mypy", "pyright"])
def test_the_checker_refuses_a_read_without_narrowing(checker: object, case: str, tmp_path: Path) -> None:
    result = checker(write_module(tmp_path, UNNARROWED[case]))  # type: ignore[operator]
    assert result.returncode != 0, result.stdout
    assert "None" in result.stdout  # about the None it was not narrowed from, not a setup error
    assert "Unset" not in result.stdout  # typed code narrows only None


@pytest.mark.parametrize("checker", [mypy, pyright], ids=["mypy", "pyright"])
def test_the_readme_and_docs_snippets_pass_the_strict_checker_as_written(checker: object, tmp_path: Path) -> None:
    module = snippets_module()
    assert module.count("\ndef page_") >= 8  # the docs pages are in it
    result = checker(write_module(tmp_path, module))  # type: ignore[operator]
    assert result.returncode == 0, result.stdout + result.stderr

"""Every Python snippet of docs/*.md runs as written against the sandbox and passes `mypy --strict` (issue 25).

The README's own snippets are checked by test_readme.py and test_readme_types.py; the pages under docs/ are
checked here the same way: each page's blocks in order as one script, in a fresh interpreter with
CUBICASA_API_KEY and CUBICASA_BASE_URL pointing at a sandbox, and that script type-checked as a consumer's code.
Each block makes its own client and finds its own order ids, so a page needs nothing the reader brings. No page
may buy anything: the sandbox's ledger tells.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import checked_sandbox
from tests.e2e.test_readme import run_script
from tests.e2e.test_readme_types import mypy
from tests.support import ROOT

DOCS = sorted((ROOT / "docs").glob("*.md"))
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def python_blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def docs_sandbox() -> Iterator[RunningSandbox]:
    with checked_sandbox(orders=30) as running:
        yield running


def test_there_are_pages_with_snippets() -> None:
    assert (ROOT / "docs" / "raw-requests.md") in DOCS
    assert all(python_blocks(page) for page in DOCS)


@pytest.mark.parametrize("page", DOCS, ids=[page.name for page in DOCS])
def test_the_snippets_run_as_written(page: Path, docs_sandbox: RunningSandbox, tmp_path: Path) -> None:
    env = {"CUBICASA_API_KEY": docs_sandbox.api_key, "CUBICASA_BASE_URL": docs_sandbox.base_url}
    bought = len(docs_sandbox.sandbox.ledger)
    for code in python_blocks(page):  # each alone, as a reader copies one
        result = run_script(code, env, tmp_path)
        assert result.returncode == 0, f"{page.name}:\n{code}\n{result.stdout}{result.stderr}"
    result = run_script("\n".join(python_blocks(page)), env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no such route: POST" in result.stdout or page.name != "raw-requests.md"
    assert len(docs_sandbox.sandbox.ledger) == bought


@pytest.mark.parametrize("page", DOCS, ids=[page.name for page in DOCS])
def test_the_snippets_pass_mypy_strict(page: Path, tmp_path: Path) -> None:
    module = tmp_path / "docs_snippets.py"
    module.write_text("\n".join(python_blocks(page)), encoding="utf-8")
    result = mypy(module)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_here_refuses_a_wrong_cast(tmp_path: Path) -> None:
    """The checker is shown to check: a result read as what cast_to did not ask for fails."""
    module = tmp_path / "docs_snippets.py"
    module.write_text(
        "from cubicasa_integrate import CubiCasa\n\nclient = CubiCasa()\n"
        "text: str = client.get('/companies/info', cast_to=bytes)\n",
        encoding="utf-8",
    )
    result = mypy(module)
    assert result.returncode != 0
    assert "bytes" in result.stdout

"""The README's sandbox example runs as written."""

from __future__ import annotations

from tests.support import ROOT

MARKER = "```python\nimport httpx\nfrom cubicasa_integrate.sandbox import serve\n"


def test_the_readme_sandbox_example_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(MARKER) + len("```python\n")
    code = readme[start : readme.index("```", start)]
    exec(compile(code, "README.md", "exec"), {})  # our own documentation

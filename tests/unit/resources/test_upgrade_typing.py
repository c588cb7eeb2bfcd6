"""`orders.upgrade` under mypy --strict: a misspelt add-on or package fails the type check (issue 22, finding 9),
the documented names and AddOn members (also one the spec does not list yet) pass, and `.purchase` is typed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT

SNIPPET = """\
from cubicasa_integrate import AsyncCubiCasa, CubiCasa
from cubicasa_integrate.types import AddOn, PackageType


async def main(client: CubiCasa, aclient: AsyncCubiCasa) -> None:
    order = client.orders.upgrade("x", add_ons=["gla", AddOn.CAD_FILES_3D, AddOn("drone_photos")], package_type="plus")
    sent: bool = order.purchase.sent
    already_had: tuple[str, ...] = order.purchase.already_had
    client.orders.upgrade("x", package_type=PackageType.PLUS_3D, force=True)
    print(sent, already_had, order.info.status, (await aclient.orders.upgrade("x", add_ons=["gla"])).purchase.bought)
    client.orders.upgrade("x", add_ons=["glaa"])  # line 11
    client.orders.upgrade("x", package_type="plux")  # line 12
    await aclient.orders.upgrade("x", add_ons=["glaa"])  # line 13
"""


def test_a_misspelt_add_on_or_package_fails_mypy_strict_and_the_rest_passes(tmp_path: Path) -> None:
    script = tmp_path / "snippet.py"
    script.write_text(SNIPPET, encoding="utf-8")
    # Its own process: mypy raises the interpreter's recursion limit and leaves it so, which hides nesting
    # errors from the tests that run after it in the same worker (tests/unit/test_json_parsing.py).
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(script),
        ],
        cwd=tmp_path,  # no project config: the flags are the whole check
        env={**os.environ, "MYPYPATH": os.pathsep.join(str(ROOT / part) for part in ("overrides", "generated"))},
        capture_output=True,
        text=True,
        check=False,
    )
    out, err = result.stdout, result.stderr
    lines = sorted({int(line.split(":")[1]) for line in out.splitlines() if ": error:" in line})
    assert lines == [11, 12, 13], out + err
    assert "glaa" in out
    assert "plux" in out

"""`orders.upgrade` under mypy --strict: a misspelt add-on or package fails the type check (issue 22, finding 9),
the documented names and AddOn members (also one the spec does not list yet) pass, and `.purchase` is typed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mypy import api as mypy_api

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


def test_a_misspelt_add_on_or_package_fails_mypy_strict_and_the_rest_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "snippet.py"
    script.write_text(SNIPPET, encoding="utf-8")
    monkeypatch.setenv("MYPYPATH", os.pathsep.join(str(ROOT / part) for part in ("overrides", "generated")))
    monkeypatch.chdir(tmp_path)  # no project config: the flags below are the whole check
    out, err, _status = mypy_api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(script)]
    )
    lines = sorted({int(line.split(":")[1]) for line in out.splitlines() if ": error:" in line})
    assert lines == [11, 12, 13], out + err
    assert "glaa" in out
    assert "plux" in out

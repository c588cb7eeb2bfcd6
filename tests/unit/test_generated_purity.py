"""generated/ carries no sign of a hand edit (the drift check is the real guarantee; this catches markers early)."""

from __future__ import annotations

import re

from tests.support import ROOT

HAND_EDIT_MARKER = re.compile(
    r"hand[- ]?edit|edited by hand|patched|TODO|FIXME|XXX|HACK|type:\s*ignore|noqa", re.IGNORECASE
)


def test_no_hand_edit_marker_in_generated() -> None:
    hits = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "generated").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_EDIT_MARKER.search(line)
    ]
    assert hits == []


def test_marker_pattern_catches_a_typical_edit() -> None:
    assert HAND_EDIT_MARKER.search("    x = 1  # hand-edited: work around #1405")
    assert HAND_EDIT_MARKER.search("    return cast(int, y)  # type: ignore[return-value]")

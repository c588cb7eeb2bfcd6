"""overrides/cubicasa_integrate/demo.py: the README's main job runs and round-trips the documented order."""

from __future__ import annotations

import io

from cubicasa_integrate import demo


def test_demo_decodes_the_documented_upgrade_response() -> None:
    out = io.StringIO()
    assert demo.main(out) == 0
    text = out.getvalue()
    assert "order 312babc6-e742-4d54-ac49-e0f7b16ec15a: status Ready" in text
    assert "round trip through the generated Order model: exact" in text

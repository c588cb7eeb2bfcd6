"""Paths and small helpers shared by every test tier."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["EXAMPLES_DIR", "ROOT", "SPEC_PATH", "load_example", "load_spec"]

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "cubicasa-integrate-v3.yaml"
EXAMPLES_DIR = ROOT / "overrides" / "cubicasa_integrate" / "_examples"


def load_example(name: str) -> Any:
    return json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))


def load_spec() -> dict[str, Any]:
    import yaml

    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded

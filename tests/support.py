"""Paths and small helpers shared by every test tier."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["EXAMPLES_DIR", "ROOT", "SPEC_PATH", "load_example", "load_spec", "load_tool"]

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "cubicasa-integrate-v3.yaml"
EXAMPLES_DIR = ROOT / "overrides" / "cubicasa_integrate" / "_examples"


def load_example(name: str) -> Any:
    return json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))


def load_spec() -> dict[str, Any]:
    import yaml

    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


def load_tool(name: str) -> ModuleType:
    """Import tools/<name>.py (a script, not a package) as a module."""
    spec = importlib.util.spec_from_file_location(f"tools_{name}", ROOT / "tools" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module

"""Build hook of the `cubicasa-sandbox` distribution: put the repository's OpenAPI document into the package.

The sandbox serves and validates against `openapi/cubicasa-integrate-v3.yaml`, one folder above this project, so
the wheel carries it as the resource `cubicasa_sandbox/_openapi/cubicasa-integrate-v3.yaml` (see
cubicasa_sandbox/_spec.py). A plain `force-include` of `../openapi/...` cannot do that for a wheel built from the
sdist (what `python -m build` and pip do): the unpacked sdist has no `../openapi`, and hatchling fails on a missing
forced include. So the spec is forced in only while building from the repository; the sdist then holds it at the
package path, where the wheel built from it picks it up as an ordinary package file. An editable install gets no
copy (it would be a stale one beside the package it maps to): the loader falls back to openapi/ in the checkout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

__all__ = ["SpecHook"]

SPEC_NAME = "cubicasa-integrate-v3.yaml"


class SpecHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        spec = Path(self.root).parent / "openapi" / SPEC_NAME
        if version != "editable" and spec.is_file():
            build_data["force_include"][str(spec)] = f"cubicasa_sandbox/_openapi/{SPEC_NAME}"

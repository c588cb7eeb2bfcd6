"""generator-config.yaml: every key is a setting of the pinned openapi-python-client.

The generator builds its ConfigFile (a pydantic model) with pydantic's default of ignoring unknown keys, so a
misspelt or retired setting would change nothing and say nothing.
"""

from __future__ import annotations

from typing import Any

import yaml
from openapi_python_client.config import ConfigFile

from tests.support import ROOT

CONFIG = ROOT / "generator-config.yaml"


def unknown_keys(config: dict[str, Any]) -> list[str]:
    return sorted(set(config) - set(ConfigFile.model_fields))


def test_every_key_is_a_setting_of_the_pinned_generator() -> None:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert unknown_keys(config) == []
    ConfigFile.model_validate(config)  # and each value has the type the generator expects


def test_a_misspelt_key_is_reported() -> None:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    config["docstring_on_attributes"] = config.pop("docstrings_on_attributes")
    assert unknown_keys(config) == ["docstring_on_attributes"]


def test_every_custom_template_has_its_edits_justified() -> None:
    """overrides/templates/README.md names each custom template (the one-line reasons for its edits)."""
    from tools.codegen import custom_templates

    readme = (ROOT / "overrides" / "templates" / "README.md").read_text()
    headings = " ".join(line for line in readme.splitlines() if line.startswith("## "))
    assert [name for name in custom_templates() if name not in headings] == []

"""tools/bundle.py: one self-contained, valid file that says what the spec says."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
import yaml

from tests.support import SPEC_PATH, load_spec, load_tool, node_tool


@pytest.fixture(scope="module")
def bundle() -> ModuleType:
    node_tool("redocly")  # every test here runs `redocly bundle`
    return load_tool("bundle")


def test_the_spec_bundles_to_the_same_content(bundle: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "dist" / "cubicasa-integrate-v3.openapi.yaml"
    assert bundle.bundle(SPEC_PATH, out) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# CubiCasa Integrate API v3")
    assert bundle.hashlib.sha256(SPEC_PATH.read_bytes()).hexdigest() in text.splitlines()[1]
    assert yaml.safe_load(text) == load_spec()


def test_a_split_spec_is_inlined(bundle: ModuleType, tmp_path: Path) -> None:
    """If the spec is ever split into files, the bundle still has no $ref to another file."""
    spec = load_spec()
    (tmp_path / "address.yaml").write_text(yaml.safe_dump(spec["components"]["schemas"]["Address"]))
    spec["components"]["schemas"]["Address"] = {"$ref": "address.yaml"}
    split = tmp_path / "split.yaml"
    split.write_text(yaml.safe_dump(spec))
    assert bundle.external_refs(spec) == ["address.yaml"]
    out = tmp_path / "bundled.yaml"
    assert bundle.bundle(split, out) == 0
    bundled = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert bundle.external_refs(bundled) == []
    address = bundled["components"]["schemas"]["Address"]
    if "$ref" in address:  # Redocly moves the file's content into a component of its own
        address = bundled["components"]["schemas"][address["$ref"].rsplit("/", 1)[1]]
    assert address == load_spec()["components"]["schemas"]["Address"]


def test_an_invalid_spec_is_not_bundled(bundle: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = load_spec()
    spec["paths"]["/orders"]["get"]["responses"] = "none"
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(spec))
    out = tmp_path / "bundled.yaml"
    assert bundle.bundle(broken, out) == 1
    assert not out.exists()

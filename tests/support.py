"""Paths and small helpers shared by every test tier."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = [
    "EXAMPLES_DIR",
    "NODE_TOOLS_REQUIRED_ENV",
    "ROOT",
    "SPEC_PATH",
    "as_read",
    "load_example",
    "load_spec",
    "load_tool",
    "node_tool",
    "receiver_process",
    "sigint_at_default",
    "spec_text_operation_ids",
]

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "cubicasa-integrate-v3.yaml"
EXAMPLES_DIR = ROOT / "overrides" / "cubicasa_integrate" / "_examples"
NODE_TOOLS_REQUIRED_ENV = "CUBICASA_NODE_TOOLS_REQUIRED"
"""Set by `make test` (which installs the Node tools first): there a missing tool fails its tests, not skips them."""


def load_example(name: str) -> Any:
    return json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))


def load_spec() -> dict[str, Any]:
    import yaml

    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


def spec_text_operation_ids(text: str | None = None) -> list[str]:
    """Every `operationId:` line of the spec's text, read without walking its structure: the count a test of code
    that walks `paths` and `webhooks` (and may skip a section or a method) compares with, where it once wrote 12."""
    import re

    source = SPEC_PATH.read_text(encoding="utf-8") if text is None else text
    return re.findall(r"^\s+operationId:\s*[\"']?(\w+)[\"']?\s*$", source, re.MULTILINE)


def load_tool(name: str) -> ModuleType:
    """Import tools/<name>.py (a script, not a package) as a module."""
    spec = importlib.util.spec_from_file_location(f"tools_{name}", ROOT / "tools" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def node_tool(name: str) -> Path:
    """The pinned Node tool `name` from ./node_modules, for a test that runs it.

    `make test-python` needs no Node: without the tool (or without node) the test is skipped with the reason.
    `make test` installs the tools and sets NODE_TOOLS_REQUIRED_ENV, so there a missing tool fails the test.
    """
    import pytest

    path = ROOT / "node_modules" / ".bin" / name
    if path.exists() and shutil.which("node"):
        return path
    reason = f"needs Node and {path.relative_to(ROOT)} (`make node`); `make test` installs them and runs this"
    if os.environ.get(NODE_TOOLS_REQUIRED_ENV):
        pytest.fail(f"{NODE_TOOLS_REQUIRED_ENV} is set but: {reason}")
    pytest.skip(reason)


def sigint_at_default() -> None:
    """A Popen preexec_fn for a child that a test interrupts with SIGINT: the signal at its default action, as an
    interactive shell starts a foreground job. A non-interactive shell starts a background job (`cmd &`) with
    SIGINT ignored, its children inherit that, and Python keeps an inherited SIG_IGN: such a child would never see
    the Ctrl-C the test sends."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def receiver_process(command: list[str], env: dict[str, str], cwd: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`command` (a `cubicasa webhooks serve ...`) as a child process, and the URL it says it listens on; killed
    afterwards unless the test stopped it."""
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=env,
        preexec_fn=sigint_at_default,
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stderr is not None
            first = child.stdout.readline()
            assert first.startswith("Receiving webhooks on http://127.0.0.1:"), first + child.stderr.read()
            yield child, first.split()[3].rstrip(",")
        finally:
            if child.poll() is None:
                child.kill()


def as_read(model: type, data: Any) -> Any:
    """`data` as a model read from the API keeps it: a response model reads an absent optional property and a null
    one alike (None), and its to_dict() leaves both out. So this is `data` without the nulls of optional properties,
    everything else as it was (free-form values untouched)."""
    import typing

    import attrs

    if not (isinstance(model, type) and attrs.has(model)) or not isinstance(data, dict):
        return data
    hints = typing.get_type_hints(model)
    fields = {field.name: field for field in attrs.fields(model)}
    kept: dict[str, Any] = {}
    for key, value in data.items():
        field = fields.get(key) or next((f for f in fields.values() if f.alias == key), None)
        if field is None:
            kept[key] = value
        elif value is None and field.default is None:
            continue
        else:
            kept[key] = _as_read_value(hints[field.name], value)
    return kept


def _as_read_value(annotation: Any, value: Any) -> Any:
    import typing

    import attrs

    if isinstance(annotation, type) and attrs.has(annotation):
        return as_read(annotation, value)
    origin, members = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list and isinstance(value, list):
        return [_as_read_value(members[0], item) for item in value]
    for member in members:
        if isinstance(member, type) and attrs.has(member) and isinstance(value, dict):
            return as_read(member, value)
        if typing.get_origin(member) is list and isinstance(value, list):
            return _as_read_value(member, value)
    return value

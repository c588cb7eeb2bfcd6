"""The `cubicasa` command: orders, upgrades, downloads and webhooks from a terminal.

It needs click and rich, which only the [cli] extra installs (the library never imports them). This module is
the console script's entry point and imports neither before checking they are there: without them `cubicasa`
prints the install command on one stderr line and exits 2 (bad usage or configuration), with no traceback.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._app import cli

__all__ = ["INSTALL_COMMAND", "cli", "main"]

INSTALL_COMMAND = "pip install 'cubicasa-integrate[cli]'"
_EXTRA_PACKAGES = ("click", "rich")


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: the exit code of the command (see `_app` for their meaning)."""
    for package in _EXTRA_PACKAGES:
        try:
            importlib.import_module(package)
        except ImportError:
            sys.stderr.write(
                f"error: the cubicasa command needs the [cli] extra ({package} is not installed): {INSTALL_COMMAND}\n"
            )
            return 2
    from ._app import main as run

    return run(argv)


def __getattr__(name: str) -> Any:
    """`cli` (the click group) is imported on first use, so that importing this module needs no click."""
    if name == "cli":
        from ._app import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

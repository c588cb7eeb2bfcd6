"""The `cubicasa` command: orders, upgrades, downloads and webhooks from a terminal."""

from ._app import cli, main

__all__ = ["cli", "main"]

"""Parameter types the commands share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .._urls import path_id
from ..errors import ConfigurationError
from ..sync import S3Destination
from ..sync._store import is_store_url
from ._render import clean

__all__ = ["DESTINATION", "ORDER_ID"]


class _OrderId(click.ParamType[str]):
    """An order id, checked before anything is sent: an id that could leave its path segment is bad input (2)."""

    name = "ORDER_ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return path_id(value, "order id")
        except (ValueError, TypeError) as error:
            self.fail(clean(str(error)), param, ctx)


ORDER_ID = _OrderId()


class _Destination(click.ParamType[Path | S3Destination]):
    """A sync destination: a directory, or `s3://bucket/prefix` (an S3Destination; checked here, resolved when
    the sync starts)."""

    name = "DEST"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path | S3Destination:
        if isinstance(value, Path | S3Destination):
            return value
        if is_store_url(str(value)):
            try:
                return S3Destination(str(value))
            except ConfigurationError as error:
                self.fail(clean(str(error)), param, ctx)
        folder: Path = click.Path(file_okay=False, path_type=Path).convert(value, param, ctx)
        return folder


DESTINATION = _Destination()

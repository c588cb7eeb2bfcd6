"""Parameter types the commands share."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any

import click

from .._urls import path_id
from ..errors import ConfigurationError
from ..sync import S3Destination
from ..sync._store import is_store_url
from ._render import clean

__all__ = ["ALLOW_UNKNOWN", "DESTINATION", "ORDER_ID", "known_values"]


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


def known_values(values: Iterable[str], enum: type[Enum], option: str, *, allow_unknown: bool) -> list[str]:
    """`values`, each one a member of `enum`, or a usage error (exit 2, nothing sent) naming the known ones.

    The API's enums are open (a value CubiCasa adds decodes), but a value typed on a command line is far more
    often a typo than a value CubiCasa added before the spec did: sent, `--status Bogus` lists "0 orders" and a
    script believes it. --allow-unknown sends it anyway."""
    given = list(values)
    known = [str(member.value) for member in enum]
    unknown = [value for value in given if value not in known]
    if unknown and not allow_unknown:
        raise click.UsageError(
            f"unknown {option} {', '.join(repr(clean(v)) for v in unknown)} (known: {', '.join(known)}); "
            "--allow-unknown sends it anyway (for a value CubiCasa added that this version does not list)"
        )
    return given


ALLOW_UNKNOWN = click.option(
    "--allow-unknown",
    is_flag=True,
    help="Send a status, add-on, package, trigger or role this version does not list (one CubiCasa added since).",
)
"""The flag of every command that sends a value of one of the API's enums (see known_values)."""

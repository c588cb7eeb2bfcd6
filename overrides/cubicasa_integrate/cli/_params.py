"""Parameter types the commands share."""

from __future__ import annotations

from typing import Any

import click

from .._urls import path_id
from ._render import clean

__all__ = ["ORDER_ID"]


class _OrderId(click.ParamType[str]):
    """An order id, checked before anything is sent: an id that could leave its path segment is bad input (2)."""

    name = "ORDER_ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return path_id(value, "order id")
        except (ValueError, TypeError) as error:
            self.fail(clean(str(error)), param, ctx)


ORDER_ID = _OrderId()

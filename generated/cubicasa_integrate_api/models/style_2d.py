from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Style2D")


@_attrs_define
class Style2D:
    """2D styling preferences."""

    style_template_id: str | Unset = UNSET
    """ Id of a company styling template (inferred). """
    add_info: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        style_template_id = self.style_template_id

        add_info = self.add_info

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if style_template_id is not UNSET:
            field_dict["style_template_id"] = style_template_id
        if add_info is not UNSET:
            field_dict["add_info"] = add_info

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        style_template_id = d.pop("style_template_id", UNSET)

        add_info = d.pop("add_info", UNSET)

        style_2d = cls(
            style_template_id=style_template_id,
            add_info=add_info,
        )

        return style_2d

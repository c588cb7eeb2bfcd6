from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderPreferences")


@_attrs_define
class OrderPreferences:
    """Styling preferences of an order. The example only holds placeholder values: value lists are unknown."""

    style_2d: Style2D | Unset = UNSET
    """ 2D styling preferences. """
    style_3d: Style3D | Unset = UNSET
    """ 3D styling preferences. The example was cut off inside `add_info`; more fields may follow. """

    def to_dict(self) -> dict[str, Any]:
        style_2d: dict[str, Any] | Unset = UNSET
        if not isinstance(self.style_2d, Unset):
            style_2d = self.style_2d.to_dict()

        style_3d: dict[str, Any] | Unset = UNSET
        if not isinstance(self.style_3d, Unset):
            style_3d = self.style_3d.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if style_2d is not UNSET:
            field_dict["style_2d"] = style_2d
        if style_3d is not UNSET:
            field_dict["style_3d"] = style_3d

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _style_2d = d.pop("style_2d", UNSET)
        style_2d: Style2D | Unset
        if isinstance(_style_2d, Unset):
            style_2d = UNSET
        else:
            style_2d = Style2D.from_dict(_style_2d)

        _style_3d = d.pop("style_3d", UNSET)
        style_3d: Style3D | Unset
        if isinstance(_style_3d, Unset):
            style_3d = UNSET
        else:
            style_3d = Style3D.from_dict(_style_3d)

        order_preferences = cls(
            style_2d=style_2d,
            style_3d=style_3d,
        )

        return order_preferences


from ..models.style_2d import Style2D
from ..models.style_3d import Style3D

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Video3DPreferences")


@_attrs_define
class Video3DPreferences:
    """3D video preferences (value lists unknown)."""

    speed: str | Unset = UNSET
    layout: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        speed = self.speed

        layout = self.layout

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if speed is not UNSET:
            field_dict["speed"] = speed
        if layout is not UNSET:
            field_dict["layout"] = layout

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        speed = d.pop("speed", UNSET)

        layout = d.pop("layout", UNSET)

        video_3d_preferences = cls(
            speed=speed,
            layout=layout,
        )

        return video_3d_preferences

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Style3D")


@_attrs_define
class Style3D:
    """3D styling preferences. The example was cut off inside `add_info`; more fields may follow."""

    video: Video3DPreferences | Unset = UNSET
    """ 3D video preferences (value lists unknown). """
    furniture_set: str | Unset = UNSET
    include_basement: bool | Unset = UNSET
    add_info: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        video: dict[str, Any] | Unset = UNSET
        if not isinstance(self.video, Unset):
            video = self.video.to_dict()

        furniture_set = self.furniture_set

        include_basement = self.include_basement

        add_info = self.add_info

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if video is not UNSET:
            field_dict["video"] = video
        if furniture_set is not UNSET:
            field_dict["furniture_set"] = furniture_set
        if include_basement is not UNSET:
            field_dict["include_basement"] = include_basement
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
        _video = d.pop("video", UNSET)
        video: Video3DPreferences | Unset
        if isinstance(_video, Unset):
            video = UNSET
        else:
            video = Video3DPreferences.from_dict(_video)

        furniture_set = d.pop("furniture_set", UNSET)

        include_basement = d.pop("include_basement", UNSET)

        add_info = d.pop("add_info", UNSET)

        style_3d = cls(
            video=video,
            furniture_set=furniture_set,
            include_basement=include_basement,
            add_info=add_info,
        )

        return style_3d


from ..models.video_3d_preferences import Video3DPreferences

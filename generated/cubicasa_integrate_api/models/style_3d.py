from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="Style3D")

_KEYS = frozenset(
    {
        "video",
        "furniture_set",
        "include_basement",
        "add_info",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class Style3D:
    """3D styling preferences. The example was cut off inside `add_info`; more fields may follow."""

    video: Video3DPreferences | Unset = UNSET
    """ 3D video preferences (value lists unknown). """
    furniture_set: str | Unset = UNSET
    include_basement: bool | Unset = UNSET
    add_info: str | Unset = UNSET
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        video: dict[str, Any] | Unset = UNSET
        if not isinstance(self.video, Unset):
            video = self.video.to_dict()

        furniture_set = self.furniture_set

        include_basement = self.include_basement

        add_info = self.add_info

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
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

    @classmethod
    def _json_plan(cls) -> dict[str, Any]:
        return {"video": Video3DPreferences}

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            _video = d.get("video", UNSET)
            video: Video3DPreferences | Unset
            if isinstance(_video, Unset):
                video = UNSET
            else:
                video = Video3DPreferences.from_dict(_video)

            furniture_set = d.get("furniture_set", UNSET)

            include_basement = d.get("include_basement", UNSET)

            add_info = d.get("add_info", UNSET)

        except Exception:
            drift_keys("invalid", "Style3d", d)
            raise
        style_3d = cls(
            video,
            furniture_set,
            include_basement,
            add_info,
        )

        if not _KEYS.issuperset(d):
            style_3d._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "Style3d", d, _KEYS)
        return style_3d

    @property
    def additional_properties(self) -> dict[str, Any]:
        """The keys of the JSON object that the spec does not list, with their values."""
        if self._additional_properties is None:
            self._additional_properties = {}
        return self._additional_properties

    @additional_properties.setter
    def additional_properties(self, value: dict[str, Any]) -> None:
        self._additional_properties = value

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# Imported here, at the end and once, rather than inside every from_dict/to_dict call (about 2 us per import
# statement per call): this module's class already exists when an import cycle (A -> B -> A) comes back to it.
from ..models.video_3d_preferences import Video3DPreferences

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="Floorplans3D")

_KEYS = frozenset(
    {
        "jpg_urls",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class Floorplans3D:
    """3D floor-plan images."""

    jpg_urls: list[str] | None | Unset = UNSET
    """ Download URLs of one file type; may be empty or null. """
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        jpg_urls: list[str] | None | Unset
        if isinstance(self.jpg_urls, Unset):
            jpg_urls = UNSET
        elif isinstance(self.jpg_urls, list):
            jpg_urls = self.jpg_urls

        else:
            jpg_urls = self.jpg_urls

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if jpg_urls is not UNSET:
            field_dict["jpg_urls"] = jpg_urls

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            jpg_urls: list[str] | None | Unset = d.get("jpg_urls", UNSET)

        except Exception:
            drift_keys("invalid", "Floorplans3d", d)
            raise
        floorplans_3d = cls(
            jpg_urls,
        )

        if not _KEYS.issuperset(d):
            floorplans_3d._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "Floorplans3d", d, _KEYS)
        return floorplans_3d

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="OrderPreferences")

_KEYS = frozenset(
    {
        "style_2d",
        "style_3d",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class OrderPreferences:
    """Styling preferences of an order. The example only holds placeholder values: value lists are unknown."""

    style_2d: Style2D | Unset = UNSET
    """ 2D styling preferences. """
    style_3d: Style3D | Unset = UNSET
    """ 3D styling preferences. The example was cut off inside `add_info`; more fields may follow. """
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        style_2d: dict[str, Any] | Unset = UNSET
        if not isinstance(self.style_2d, Unset):
            style_2d = self.style_2d.to_dict()

        style_3d: dict[str, Any] | Unset = UNSET
        if not isinstance(self.style_3d, Unset):
            style_3d = self.style_3d.to_dict()

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if style_2d is not UNSET:
            field_dict["style_2d"] = style_2d
        if style_3d is not UNSET:
            field_dict["style_3d"] = style_3d

        return field_dict

    @classmethod
    def _json_plan(cls) -> dict[str, Any]:
        return {"style_2d": Style2D, "style_3d": Style3D}

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            _style_2d = d.get("style_2d", UNSET)
            style_2d: Style2D | Unset
            if isinstance(_style_2d, Unset):
                style_2d = UNSET
            else:
                style_2d = Style2D.from_dict(_style_2d)

            _style_3d = d.get("style_3d", UNSET)
            style_3d: Style3D | Unset
            if isinstance(_style_3d, Unset):
                style_3d = UNSET
            else:
                style_3d = Style3D.from_dict(_style_3d)

        except Exception:
            drift_keys("invalid", "OrderPreferences", d)
            raise
        order_preferences = cls(
            style_2d,
            style_3d,
        )

        if not _KEYS.issuperset(d):
            order_preferences._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "OrderPreferences", d, _KEYS)
        return order_preferences

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
from ..models.style_2d import Style2D
from ..models.style_3d import Style3D

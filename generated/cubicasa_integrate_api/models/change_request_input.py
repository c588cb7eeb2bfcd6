from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import check_depth

T = TypeVar("T", bound="ChangeRequestInput")


@_attrs_define
class ChangeRequestInput:
    """Body of a new change request. The documented field table was cut off: the shape is unknown and kept open."""

    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        change_request_input = cls()

        change_request_input._additional_properties = check_depth(dict(d), "ChangeRequestInput")
        return change_request_input

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

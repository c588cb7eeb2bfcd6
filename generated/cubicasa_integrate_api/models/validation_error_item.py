from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="ValidationErrorItem")

_KEYS = frozenset(
    {
        "loc",
        "msg",
        "type",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class ValidationErrorItem:
    """One validation failure (pydantic-style `loc`/`msg`; a `type` key may also be present)."""

    loc: list[int | str]
    """ Path of the offending field, e.g. ["street"]. """
    msg: str
    """ Message, e.g. "field required". """
    type_: str | Unset = UNSET
    """ Machine-readable kind, e.g. "value_error.missing" (not in the captured body; usual for this format). """
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        loc = []
        for loc_item_data in self.loc:
            loc_item: int | str
            loc_item = loc_item_data
            loc.append(loc_item)

        msg = self.msg

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "loc": loc,
                "msg": msg,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            loc = []
            _loc = d["loc"]
            for loc_item_data in _loc:
                loc_item: int | str = loc_item_data

                loc.append(loc_item)

            msg = d["msg"]
            if not isinstance(msg, str):
                raise TypeError(f"msg must be a string, got {type(msg).__name__}")

            type_ = d.get("type", UNSET)

        except Exception:
            drift_keys("invalid", "ValidationErrorItem", d)
            raise
        validation_error_item = cls(
            loc,
            msg,
            type_,
        )

        if not _KEYS.issuperset(d):
            validation_error_item._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "ValidationErrorItem", d, _KEYS)
        return validation_error_item

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

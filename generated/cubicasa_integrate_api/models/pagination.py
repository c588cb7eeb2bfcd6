from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="Pagination")

_KEYS = frozenset(
    {
        "has_more",
        "limit",
        "next_offset",
        "previous_offset",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class Pagination:
    """Pagination block of every list response (documented: "All list-based API endpoints in CubiCasa use
    this pagination model"). What `next_offset`/`previous_offset` hold when there is no next/previous
    page is unknown (null, absent or a number), so only `has_more` is required. The documented example
    answers a first page of 20 with `next_offset: 21`; always use the value the API returns rather than
    computing it.

    """

    has_more: bool
    """ Whether there are more records to fetch. """
    limit: int | Unset = UNSET
    """ The maximum number of records returned in one request. Default is 20. """
    next_offset: int | None | Unset = UNSET
    """ The offset for the next page. If has_more is true, use this value for the next request. """
    previous_offset: int | None | Unset = UNSET
    """ The offset of the previous page. """
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        has_more = self.has_more

        limit = self.limit

        next_offset: int | None | Unset
        if isinstance(self.next_offset, Unset):
            next_offset = UNSET
        else:
            next_offset = self.next_offset

        previous_offset: int | None | Unset
        if isinstance(self.previous_offset, Unset):
            previous_offset = UNSET
        else:
            previous_offset = self.previous_offset

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "has_more": has_more,
            }
        )
        if limit is not UNSET:
            field_dict["limit"] = limit
        if next_offset is not UNSET:
            field_dict["next_offset"] = next_offset
        if previous_offset is not UNSET:
            field_dict["previous_offset"] = previous_offset

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            has_more = d["has_more"]
            if not isinstance(has_more, bool):
                raise TypeError(f"has_more must be a boolean, got {type(has_more).__name__}")

            limit = d.get("limit", UNSET)

            next_offset: int | None | Unset = d.get("next_offset", UNSET)

            previous_offset: int | None | Unset = d.get("previous_offset", UNSET)

        except Exception:
            drift_keys("invalid", "Pagination", d)
            raise
        pagination = cls(
            has_more,
            limit,
            next_offset,
            previous_offset,
        )

        if not _KEYS.issuperset(d):
            pagination._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "Pagination", d, _KEYS)
        return pagination

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

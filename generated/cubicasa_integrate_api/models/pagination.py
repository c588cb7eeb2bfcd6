from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Pagination")


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
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        has_more = d.pop("has_more")

        limit = d.pop("limit", UNSET)

        def _parse_next_offset(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        next_offset = _parse_next_offset(d.pop("next_offset", UNSET))

        def _parse_previous_offset(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        previous_offset = _parse_previous_offset(d.pop("previous_offset", UNSET))

        pagination = cls(
            has_more=has_more,
            limit=limit,
            next_offset=next_offset,
            previous_offset=previous_offset,
        )

        return pagination

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

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
    limit: int | None = None
    """ The maximum number of records returned in one request. Default is 20. """
    next_offset: int | None = None
    """ The offset for the next page. If has_more is true, use this value for the next request. """
    previous_offset: int | None = None
    """ The offset of the previous page. """

    def to_dict(self) -> dict[str, Any]:
        has_more = self.has_more

        limit: int | None
        limit = self.limit

        next_offset: int | None
        next_offset = self.next_offset

        previous_offset: int | None
        previous_offset = self.previous_offset

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "has_more": has_more,
            }
        )
        if limit is not None:
            field_dict["limit"] = limit
        if next_offset is not None:
            field_dict["next_offset"] = next_offset
        if previous_offset is not None:
            field_dict["previous_offset"] = previous_offset

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        has_more = d.pop("has_more")

        def _parse_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        limit = _parse_limit(d.pop("limit", None))

        def _parse_next_offset(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        next_offset = _parse_next_offset(d.pop("next_offset", None))

        def _parse_previous_offset(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        previous_offset = _parse_previous_offset(d.pop("previous_offset", None))

        pagination = cls(
            has_more=has_more,
            limit=limit,
            next_offset=next_offset,
            previous_offset=previous_offset,
        )

        return pagination

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ChangeRequestList")


@_attrs_define
class ChangeRequestList:
    """A page of change requests in the documented pagination envelope (inferred; item shape unknown)."""

    pagination: Pagination
    """ Pagination block of every list response (documented: "All list-based API endpoints in CubiCasa use
    this pagination model"). What `next_offset`/`previous_offset` hold when there is no next/previous
    page is unknown (null, absent or a number), so only `has_more` is required. The documented example
    answers a first page of 20 with `next_offset: 21`; always use the value the API returns rather than
    computing it.
     """
    items: list[ChangeRequest]

    def to_dict(self) -> dict[str, Any]:
        pagination = self.pagination.to_dict()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "pagination": pagination,
                "items": items,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pagination = Pagination.from_dict(d.pop("pagination"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ChangeRequest.from_dict(items_item_data)

            items.append(items_item)

        change_request_list = cls(
            pagination=pagination,
            items=items,
        )

        return change_request_list


from ..models.change_request import ChangeRequest
from ..models.pagination import Pagination

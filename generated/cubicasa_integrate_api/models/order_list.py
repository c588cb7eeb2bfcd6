from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import check_depth, drift_keys

T = TypeVar("T", bound="OrderList")

_KEYS = frozenset(
    {
        "pagination",
        "items",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class OrderList:
    """A page of orders in the documented pagination envelope."""

    pagination: Pagination
    """ Pagination block of every list response (documented: "All list-based API endpoints in CubiCasa use
    this pagination model"). What `next_offset`/`previous_offset` hold when there is no next/previous
    page is unknown (null, absent or a number), so only `has_more` is required. The documented example
    answers a first page of 20 with `next_offset: 21`; always use the value the API returns rather than
    computing it.
     """
    items: list[Order]
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        pagination = self.pagination.to_dict()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "pagination": pagination,
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def _json_plan(cls) -> dict[str, Any]:
        return {"pagination": Pagination, "items": [Order]}

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            pagination = Pagination.from_dict(d["pagination"])

            items = []
            _items = d["items"]
            for items_item_data in _items:
                items_item = Order.from_dict(items_item_data)

                items.append(items_item)

        except Exception:
            drift_keys("invalid", "OrderList", d)
            raise
        order_list = cls(
            pagination,
            items,
        )

        if not _KEYS.issuperset(d):
            order_list._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "OrderList", d, _KEYS)
        return order_list

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
from ..models.order import Order
from ..models.pagination import Pagination

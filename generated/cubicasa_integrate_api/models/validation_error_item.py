from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ValidationErrorItem")


@_attrs_define
class ValidationErrorItem:
    """One validation failure (pydantic-style `loc`/`msg`; a `type` key may also be present)."""

    loc: list[int | str]
    """ Path of the offending field, e.g. ["street"]. """
    msg: str
    """ Message, e.g. "field required". """
    type: None | str = _attrs_field(default=None, alias="type_")
    """ Machine-readable kind, e.g. "value_error.missing" (not in the captured body; usual for this format). """

    def to_dict(self) -> dict[str, Any]:
        loc = []
        for loc_item_data in self.loc:
            loc_item: int | str
            loc_item = loc_item_data
            loc.append(loc_item)

        msg = self.msg

        type_: None | str
        type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "loc": loc,
                "msg": msg,
            }
        )
        if type_ is not None:
            field_dict["type"] = type_

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        loc = []
        _loc = d.pop("loc")
        for loc_item_data in _loc:

            def _parse_loc_item(data: object) -> int | str:
                return cast(int | str, data)

            loc_item = _parse_loc_item(loc_item_data)

            loc.append(loc_item)

        msg = d.pop("msg")

        def _parse_type_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        type_ = _parse_type_(d.pop("type", None))

        validation_error_item = cls(
            loc=loc,
            msg=msg,
            type_=type_,
        )

        return validation_error_item

    @property
    def type_(self) -> None | str:
        return self.type

    @type_.setter
    def type_(self, value: None | str) -> None:
        self.type = value

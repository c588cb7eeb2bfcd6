from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Tour")


@_attrs_define
class Tour:
    """CubiCasa tour links, on visithome.ai (third-party live payload)."""

    link: None | str = None
    """ Branded tour link. """
    mls_compliance_link: None | str = None
    """ Unbranded (MLS-compliant) tour link. """
    type: None | str = _attrs_field(default=None, alias="type_")
    """ Tour kind; only `floorplan_tour` has been seen, so it is a plain string. """

    def to_dict(self) -> dict[str, Any]:
        link: None | str
        link = self.link

        mls_compliance_link: None | str
        mls_compliance_link = self.mls_compliance_link

        type_: None | str
        type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if link is not None:
            field_dict["link"] = link
        if mls_compliance_link is not None:
            field_dict["mls_compliance_link"] = mls_compliance_link
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

        def _parse_link(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        link = _parse_link(d.pop("link", None))

        def _parse_mls_compliance_link(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        mls_compliance_link = _parse_mls_compliance_link(d.pop("mls_compliance_link", None))

        def _parse_type_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        type_ = _parse_type_(d.pop("type", None))

        tour = cls(
            link=link,
            mls_compliance_link=mls_compliance_link,
            type_=type_,
        )

        return tour

    @property
    def type_(self) -> None | str:
        return self.type

    @type_.setter
    def type_(self, value: None | str) -> None:
        self.type = value

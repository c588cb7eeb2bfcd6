from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Tour")


@_attrs_define
class Tour:
    """CubiCasa tour links, on visithome.ai (third-party live payload)."""

    link: str | Unset = UNSET
    """ Branded tour link. """
    mls_compliance_link: str | Unset = UNSET
    """ Unbranded (MLS-compliant) tour link. """
    type: str | Unset = _attrs_field(default=UNSET, alias="type_")
    """ Tour kind; only `floorplan_tour` has been seen, so it is a plain string. """

    def to_dict(self) -> dict[str, Any]:
        link = self.link

        mls_compliance_link = self.mls_compliance_link

        type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if link is not UNSET:
            field_dict["link"] = link
        if mls_compliance_link is not UNSET:
            field_dict["mls_compliance_link"] = mls_compliance_link
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        link = d.pop("link", UNSET)

        mls_compliance_link = d.pop("mls_compliance_link", UNSET)

        type_ = d.pop("type", UNSET)

        tour = cls(
            link=link,
            mls_compliance_link=mls_compliance_link,
            type_=type_,
        )

        return tour

    @property
    def type_(self) -> str | Unset:
        return self.type

    @type_.setter
    def type_(self, value: str | Unset) -> None:
        self.type = value

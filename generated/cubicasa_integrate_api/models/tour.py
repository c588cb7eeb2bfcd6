from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="Tour")

_KEYS = frozenset(
    {
        "link",
        "mls_compliance_link",
        "type",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class Tour:
    """CubiCasa tour links, on visithome.ai (third-party live payload)."""

    link: str | Unset = UNSET
    """ Branded tour link. """
    mls_compliance_link: str | Unset = UNSET
    """ Unbranded (MLS-compliant) tour link. """
    type_: str | Unset = UNSET
    """ Tour kind; only `floorplan_tour` has been seen, so it is a plain string. """
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        link = self.link

        mls_compliance_link = self.mls_compliance_link

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if link is not UNSET:
            field_dict["link"] = link
        if mls_compliance_link is not UNSET:
            field_dict["mls_compliance_link"] = mls_compliance_link
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            link = d.get("link", UNSET)

            mls_compliance_link = d.get("mls_compliance_link", UNSET)

            type_ = d.get("type", UNSET)

        except Exception:
            drift_keys("invalid", "Tour", d)
            raise
        tour = cls(
            link,
            mls_compliance_link,
            type_,
        )

        if not _KEYS.issuperset(d):
            tour._additional_properties = {key: check_depth(value, key) for key, value in d.items() if key not in _KEYS}
            drift_keys("unknown", "Tour", d, _KEYS)
        return tour

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

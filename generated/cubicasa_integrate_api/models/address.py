from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="Address")

_KEYS = frozenset(
    {
        "city",
        "country",
        "full_address",
        "latitude",
        "longitude",
        "number",
        "postalCode",
        "state",
        "street",
        "suite",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class Address:
    """Address of the ordered property. Field naming is snake_case except `postalCode` (as sent by the API)."""

    city: str | Unset = UNSET
    country: str | Unset = UNSET
    """ Country name in English, e.g. "United States" (not an ISO code). """
    full_address: str | Unset = UNSET
    latitude: float | Unset = UNSET
    longitude: float | Unset = UNSET
    number: str | Unset = UNSET
    """ Street number (empty when it is part of `street`). """
    postal_code: str | Unset = UNSET
    state: str | Unset = UNSET
    """ State or region name, e.g. "Minnesota". """
    street: str | Unset = UNSET
    suite: str | Unset = UNSET
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        city = self.city

        country = self.country

        full_address = self.full_address

        latitude = self.latitude

        longitude = self.longitude

        number = self.number

        postal_code = self.postal_code

        state = self.state

        street = self.street

        suite = self.suite

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if city is not UNSET:
            field_dict["city"] = city
        if country is not UNSET:
            field_dict["country"] = country
        if full_address is not UNSET:
            field_dict["full_address"] = full_address
        if latitude is not UNSET:
            field_dict["latitude"] = latitude
        if longitude is not UNSET:
            field_dict["longitude"] = longitude
        if number is not UNSET:
            field_dict["number"] = number
        if postal_code is not UNSET:
            field_dict["postalCode"] = postal_code
        if state is not UNSET:
            field_dict["state"] = state
        if street is not UNSET:
            field_dict["street"] = street
        if suite is not UNSET:
            field_dict["suite"] = suite

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            city = d.get("city", UNSET)

            country = d.get("country", UNSET)

            full_address = d.get("full_address", UNSET)

            latitude = d.get("latitude", UNSET)

            longitude = d.get("longitude", UNSET)

            number = d.get("number", UNSET)

            postal_code = d.get("postalCode", UNSET)

            state = d.get("state", UNSET)

            street = d.get("street", UNSET)

            suite = d.get("suite", UNSET)

        except Exception:
            drift_keys("invalid", "Address", d)
            raise
        address = cls(
            city,
            country,
            full_address,
            latitude,
            longitude,
            number,
            postal_code,
            state,
            street,
            suite,
        )

        if not _KEYS.issuperset(d):
            address._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "Address", d, _KEYS)
        return address

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

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Address")


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
    postalCode: str | Unset = _attrs_field(default=UNSET, alias="postal_code")
    state: str | Unset = UNSET
    """ State or region name, e.g. "Minnesota". """
    street: str | Unset = UNSET
    suite: str | Unset = UNSET

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
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        city = d.pop("city", UNSET)

        country = d.pop("country", UNSET)

        full_address = d.pop("full_address", UNSET)

        latitude = d.pop("latitude", UNSET)

        longitude = d.pop("longitude", UNSET)

        number = d.pop("number", UNSET)

        postal_code = d.pop("postalCode", UNSET)

        state = d.pop("state", UNSET)

        street = d.pop("street", UNSET)

        suite = d.pop("suite", UNSET)

        address = cls(
            city=city,
            country=country,
            full_address=full_address,
            latitude=latitude,
            longitude=longitude,
            number=number,
            postal_code=postal_code,
            state=state,
            street=street,
            suite=suite,
        )

        return address

    @property
    def postal_code(self) -> str | Unset:
        return self.postalCode

    @postal_code.setter
    def postal_code(self, value: str | Unset) -> None:
        self.postalCode = value

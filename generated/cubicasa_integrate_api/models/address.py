from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Address")


@_attrs_define
class Address:
    """Address of the ordered property. Field naming is snake_case except `postalCode` (as sent by the API)."""

    city: None | str = None
    country: None | str = None
    """ Country name in English, e.g. "United States" (not an ISO code). """
    full_address: None | str = None
    latitude: float | None = None
    longitude: float | None = None
    number: None | str = None
    """ Street number (empty when it is part of `street`). """
    postalCode: None | str = _attrs_field(default=None, alias="postal_code")
    state: None | str = None
    """ State or region name, e.g. "Minnesota". """
    street: None | str = None
    suite: None | str = None

    def to_dict(self) -> dict[str, Any]:
        city: None | str
        city = self.city

        country: None | str
        country = self.country

        full_address: None | str
        full_address = self.full_address

        latitude: float | None
        latitude = self.latitude

        longitude: float | None
        longitude = self.longitude

        number: None | str
        number = self.number

        postal_code: None | str
        postal_code = self.postal_code

        state: None | str
        state = self.state

        street: None | str
        street = self.street

        suite: None | str
        suite = self.suite

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if city is not None:
            field_dict["city"] = city
        if country is not None:
            field_dict["country"] = country
        if full_address is not None:
            field_dict["full_address"] = full_address
        if latitude is not None:
            field_dict["latitude"] = latitude
        if longitude is not None:
            field_dict["longitude"] = longitude
        if number is not None:
            field_dict["number"] = number
        if postal_code is not None:
            field_dict["postalCode"] = postal_code
        if state is not None:
            field_dict["state"] = state
        if street is not None:
            field_dict["street"] = street
        if suite is not None:
            field_dict["suite"] = suite

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_city(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        city = _parse_city(d.pop("city", None))

        def _parse_country(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        country = _parse_country(d.pop("country", None))

        def _parse_full_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        full_address = _parse_full_address(d.pop("full_address", None))

        def _parse_latitude(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        latitude = _parse_latitude(d.pop("latitude", None))

        def _parse_longitude(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        longitude = _parse_longitude(d.pop("longitude", None))

        def _parse_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        number = _parse_number(d.pop("number", None))

        def _parse_postal_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        postal_code = _parse_postal_code(d.pop("postalCode", None))

        def _parse_state(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        state = _parse_state(d.pop("state", None))

        def _parse_street(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        street = _parse_street(d.pop("street", None))

        def _parse_suite(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        suite = _parse_suite(d.pop("suite", None))

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
    def postal_code(self) -> None | str:
        return self.postalCode

    @postal_code.setter
    def postal_code(self, value: None | str) -> None:
        self.postalCode = value

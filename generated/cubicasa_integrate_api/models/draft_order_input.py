from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.add_on import AddOn
from ..models.package_type import PackageType
from ..types import UNSET, Unset

T = TypeVar("T", bound="DraftOrderInput")


@_attrs_define
class DraftOrderInput:
    """Body of "Create a draft order" and "Update a draft order". Fields come from the documented example of
    the update (cut off inside `order_preferences.style_3d`); street, city, country and owner_email are
    documented as required. `postalCode` is camelCase on the wire, unlike the other fields.

    """

    street: str
    """ Street and number, e.g. "615 Bourbon St". """
    city: str
    country: str
    """ Country name in English, e.g. "United States" (not an ISO code). """
    owner_email: str
    """ E-mail of an existing user of the company, who will own the order. """
    suite: str | Unset = UNSET
    state: str | Unset = UNSET
    """ State or region name, e.g. "Louisiana". """
    postalCode: str | Unset = _attrs_field(default=UNSET, alias="postal_code")
    info: str | Unset = UNSET
    """ Free-text extra information (a string: the API rejects an object here with "str type expected"). """
    latitude: float | Unset = UNSET
    """ Latitude (float), used to find the nearest orders in the mobile app. """
    longitude: float | Unset = UNSET
    """ Longitude (float), used to find the nearest orders in the mobile app. """
    external_id: str | Unset = UNSET
    """ Your own reference; echoed as `info.external_id`. """
    package_type: PackageType | Unset = UNSET
    """ Product package of an order. `base` and `plus` appear in documented examples, `plus_3d` in the
    Order example's `purchasable_package_types` and in third-party code. The full list is not documented.
    Open enum: clients must accept values not listed here.
     """
    add_ons: list[AddOn] | Unset = UNSET
    order_preferences: OrderPreferences | Unset = UNSET
    """ Styling preferences of an order. The example only holds placeholder values: value lists are unknown. """

    def to_dict(self) -> dict[str, Any]:
        street = self.street

        city = self.city

        country = self.country

        owner_email = self.owner_email

        suite = self.suite

        state = self.state

        postal_code = self.postal_code

        info = self.info

        latitude = self.latitude

        longitude = self.longitude

        external_id = self.external_id

        package_type: str | Unset = UNSET
        if not isinstance(self.package_type, Unset):
            package_type = self.package_type.value

        add_ons: list[str] | Unset = UNSET
        if not isinstance(self.add_ons, Unset):
            add_ons = []
            for add_ons_item_data in self.add_ons:
                add_ons_item = add_ons_item_data.value
                add_ons.append(add_ons_item)

        order_preferences: dict[str, Any] | Unset = UNSET
        if not isinstance(self.order_preferences, Unset):
            order_preferences = self.order_preferences.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "street": street,
                "city": city,
                "country": country,
                "owner_email": owner_email,
            }
        )
        if suite is not UNSET:
            field_dict["suite"] = suite
        if state is not UNSET:
            field_dict["state"] = state
        if postal_code is not UNSET:
            field_dict["postalCode"] = postal_code
        if info is not UNSET:
            field_dict["info"] = info
        if latitude is not UNSET:
            field_dict["latitude"] = latitude
        if longitude is not UNSET:
            field_dict["longitude"] = longitude
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if package_type is not UNSET:
            field_dict["package_type"] = package_type
        if add_ons is not UNSET:
            field_dict["add_ons"] = add_ons
        if order_preferences is not UNSET:
            field_dict["order_preferences"] = order_preferences

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        street = d.pop("street")

        city = d.pop("city")

        country = d.pop("country")

        owner_email = d.pop("owner_email")

        suite = d.pop("suite", UNSET)

        state = d.pop("state", UNSET)

        postal_code = d.pop("postalCode", UNSET)

        info = d.pop("info", UNSET)

        latitude = d.pop("latitude", UNSET)

        longitude = d.pop("longitude", UNSET)

        external_id = d.pop("external_id", UNSET)

        _package_type = d.pop("package_type", UNSET)
        package_type: PackageType | Unset
        if isinstance(_package_type, Unset):
            package_type = UNSET
        else:
            package_type = PackageType(_package_type)

        _add_ons = d.pop("add_ons", UNSET)
        add_ons: list[AddOn] | Unset = UNSET
        if _add_ons is not UNSET:
            add_ons = []
            for add_ons_item_data in _add_ons:
                add_ons_item = AddOn(add_ons_item_data)

                add_ons.append(add_ons_item)

        _order_preferences = d.pop("order_preferences", UNSET)
        order_preferences: OrderPreferences | Unset
        if isinstance(_order_preferences, Unset):
            order_preferences = UNSET
        else:
            order_preferences = OrderPreferences.from_dict(_order_preferences)

        draft_order_input = cls(
            street=street,
            city=city,
            country=country,
            owner_email=owner_email,
            suite=suite,
            state=state,
            postal_code=postal_code,
            info=info,
            latitude=latitude,
            longitude=longitude,
            external_id=external_id,
            package_type=package_type,
            add_ons=add_ons,
            order_preferences=order_preferences,
        )

        return draft_order_input

    @property
    def postal_code(self) -> str | Unset:
        return self.postalCode

    @postal_code.setter
    def postal_code(self, value: str | Unset) -> None:
        self.postalCode = value


from ..models.order_preferences import OrderPreferences

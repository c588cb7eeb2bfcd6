from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.add_on import AddOn
from ..models.package_type import PackageType
from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="DraftOrderInput")

_KEYS = frozenset(
    {
        "street",
        "city",
        "country",
        "owner_email",
        "suite",
        "state",
        "postalCode",
        "info",
        "latitude",
        "longitude",
        "external_id",
        "package_type",
        "add_ons",
        "order_preferences",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


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
    postal_code: str | Unset = UNSET
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
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

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
        if self._additional_properties:
            field_dict.update(self._additional_properties)
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

    @classmethod
    def _json_plan(cls) -> dict[str, Any]:
        return {"order_preferences": OrderPreferences}

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            street = d["street"]
            if not isinstance(street, str):
                raise TypeError(f"street must be a string, got {type(street).__name__}")

            city = d["city"]
            if not isinstance(city, str):
                raise TypeError(f"city must be a string, got {type(city).__name__}")

            country = d["country"]
            if not isinstance(country, str):
                raise TypeError(f"country must be a string, got {type(country).__name__}")

            owner_email = d["owner_email"]
            if not isinstance(owner_email, str):
                raise TypeError(f"owner_email must be a string, got {type(owner_email).__name__}")

            suite = d.get("suite", UNSET)

            state = d.get("state", UNSET)

            postal_code = d.get("postalCode", UNSET)

            info = d.get("info", UNSET)

            latitude = d.get("latitude", UNSET)

            longitude = d.get("longitude", UNSET)

            external_id = d.get("external_id", UNSET)

            _package_type = d.get("package_type", UNSET)
            package_type: PackageType | Unset
            if isinstance(_package_type, Unset):
                package_type = UNSET
            else:
                package_type = PackageType._by_value[_package_type]

            _add_ons = d.get("add_ons", UNSET)
            add_ons: list[AddOn] | Unset = UNSET
            if _add_ons is not UNSET:
                add_ons = list(map(AddOn._by_value.__getitem__, _add_ons))

            _order_preferences = d.get("order_preferences", UNSET)
            order_preferences: OrderPreferences | Unset
            if isinstance(_order_preferences, Unset):
                order_preferences = UNSET
            else:
                order_preferences = OrderPreferences.from_dict(_order_preferences)

        except Exception:
            drift_keys("invalid", "DraftOrderInput", d)
            raise
        draft_order_input = cls(
            street,
            city,
            country,
            owner_email,
            suite,
            state,
            postal_code,
            info,
            latitude,
            longitude,
            external_id,
            package_type,
            add_ons,
            order_preferences,
        )

        if not _KEYS.issuperset(d):
            draft_order_input._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "DraftOrderInput", d, _KEYS)
        return draft_order_input

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
from ..models.order_preferences import OrderPreferences

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.add_on import AddOn
from ..models.package_type import PackageType
from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="OrderProduct")

_KEYS = frozenset(
    {
        "add_ons",
        "over_limits",
        "package_type",
        "purchasable_add_ons",
        "purchasable_package_types",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class OrderProduct:
    """The order's package and add-ons, and what can still be purchased with `upgradeOrder`."""

    add_ons: list[AddOn] | Unset = UNSET
    """ Add-ons the order includes. """
    over_limits: list[Any] | Unset = UNSET
    """ Over-limit charges of the order (empty in every example; item type unknown). """
    package_type: PackageType | Unset = UNSET
    """ Product package of an order. `base` and `plus` appear in documented examples, `plus_3d` in the
    Order example's `purchasable_package_types` and in third-party code. The full list is not documented.
    Open enum: clients must accept values not listed here.
     """
    purchasable_add_ons: list[AddOn] | Unset = UNSET
    """ Add-ons that can still be bought for this order with `upgradeOrder`. """
    purchasable_package_types: list[PackageType] | Unset = UNSET
    """ Packages the order can still be upgraded to with `upgradeOrder`. """
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        add_ons: list[str] | Unset = UNSET
        if not isinstance(self.add_ons, Unset):
            add_ons = []
            for add_ons_item_data in self.add_ons:
                add_ons_item = add_ons_item_data.value
                add_ons.append(add_ons_item)

        over_limits: list[Any] | Unset = UNSET
        if not isinstance(self.over_limits, Unset):
            over_limits = self.over_limits

        package_type: str | Unset = UNSET
        if not isinstance(self.package_type, Unset):
            package_type = self.package_type.value

        purchasable_add_ons: list[str] | Unset = UNSET
        if not isinstance(self.purchasable_add_ons, Unset):
            purchasable_add_ons = []
            for purchasable_add_ons_item_data in self.purchasable_add_ons:
                purchasable_add_ons_item = purchasable_add_ons_item_data.value
                purchasable_add_ons.append(purchasable_add_ons_item)

        purchasable_package_types: list[str] | Unset = UNSET
        if not isinstance(self.purchasable_package_types, Unset):
            purchasable_package_types = []
            for purchasable_package_types_item_data in self.purchasable_package_types:
                purchasable_package_types_item = purchasable_package_types_item_data.value
                purchasable_package_types.append(purchasable_package_types_item)

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if add_ons is not UNSET:
            field_dict["add_ons"] = add_ons
        if over_limits is not UNSET:
            field_dict["over_limits"] = over_limits
        if package_type is not UNSET:
            field_dict["package_type"] = package_type
        if purchasable_add_ons is not UNSET:
            field_dict["purchasable_add_ons"] = purchasable_add_ons
        if purchasable_package_types is not UNSET:
            field_dict["purchasable_package_types"] = purchasable_package_types

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            _add_ons = d.get("add_ons", UNSET)
            add_ons: list[AddOn] | Unset = UNSET
            if _add_ons is not UNSET:
                add_ons = list(map(AddOn._by_value.__getitem__, _add_ons))

            over_limits = d.get("over_limits", UNSET)

            _package_type = d.get("package_type", UNSET)
            package_type: PackageType | Unset
            if isinstance(_package_type, Unset):
                package_type = UNSET
            else:
                package_type = PackageType._by_value[_package_type]

            _purchasable_add_ons = d.get("purchasable_add_ons", UNSET)
            purchasable_add_ons: list[AddOn] | Unset = UNSET
            if _purchasable_add_ons is not UNSET:
                purchasable_add_ons = list(map(AddOn._by_value.__getitem__, _purchasable_add_ons))

            _purchasable_package_types = d.get("purchasable_package_types", UNSET)
            purchasable_package_types: list[PackageType] | Unset = UNSET
            if _purchasable_package_types is not UNSET:
                purchasable_package_types = list(map(PackageType._by_value.__getitem__, _purchasable_package_types))

        except Exception:
            drift_keys("invalid", "OrderProduct", d)
            raise
        order_product = cls(
            add_ons,
            over_limits,
            package_type,
            purchasable_add_ons,
            purchasable_package_types,
        )

        if not _KEYS.issuperset(d):
            order_product._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "OrderProduct", d, _KEYS)
        return order_product

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

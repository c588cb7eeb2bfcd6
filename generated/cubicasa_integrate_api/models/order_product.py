from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.add_on import AddOn
from ..models.package_type import PackageType
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderProduct")


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
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _add_ons = d.pop("add_ons", UNSET)
        add_ons: list[AddOn] | Unset = UNSET
        if _add_ons is not UNSET:
            add_ons = []
            for add_ons_item_data in _add_ons:
                add_ons_item = AddOn(add_ons_item_data)

                add_ons.append(add_ons_item)

        over_limits = cast(list[Any], d.pop("over_limits", UNSET))

        _package_type = d.pop("package_type", UNSET)
        package_type: PackageType | Unset
        if isinstance(_package_type, Unset):
            package_type = UNSET
        else:
            package_type = PackageType(_package_type)

        _purchasable_add_ons = d.pop("purchasable_add_ons", UNSET)
        purchasable_add_ons: list[AddOn] | Unset = UNSET
        if _purchasable_add_ons is not UNSET:
            purchasable_add_ons = []
            for purchasable_add_ons_item_data in _purchasable_add_ons:
                purchasable_add_ons_item = AddOn(purchasable_add_ons_item_data)

                purchasable_add_ons.append(purchasable_add_ons_item)

        _purchasable_package_types = d.pop("purchasable_package_types", UNSET)
        purchasable_package_types: list[PackageType] | Unset = UNSET
        if _purchasable_package_types is not UNSET:
            purchasable_package_types = []
            for purchasable_package_types_item_data in _purchasable_package_types:
                purchasable_package_types_item = PackageType(purchasable_package_types_item_data)

                purchasable_package_types.append(purchasable_package_types_item)

        order_product = cls(
            add_ons=add_ons,
            over_limits=over_limits,
            package_type=package_type,
            purchasable_add_ons=purchasable_add_ons,
            purchasable_package_types=purchasable_package_types,
        )

        return order_product

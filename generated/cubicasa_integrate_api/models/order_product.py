from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.add_on import AddOn
from ..models.package_type import PackageType

T = TypeVar("T", bound="OrderProduct")


@_attrs_define
class OrderProduct:
    """The order's package and add-ons, and what can still be purchased with `upgradeOrder`."""

    add_ons: list[AddOn] | None = None
    """ Add-ons the order includes. """
    over_limits: list[Any] | None = None
    """ Over-limit charges of the order (empty in every example; item type unknown). """
    package_type: None | PackageType = None
    purchasable_add_ons: list[AddOn] | None = None
    """ Add-ons that can still be bought for this order with `upgradeOrder`. """
    purchasable_package_types: list[PackageType] | None = None
    """ Packages the order can still be upgraded to with `upgradeOrder`. """

    def to_dict(self) -> dict[str, Any]:
        add_ons: list[str] | None
        if isinstance(self.add_ons, list):
            add_ons = []
            for add_ons_type_0_item_data in self.add_ons:
                add_ons_type_0_item = add_ons_type_0_item_data.value
                add_ons.append(add_ons_type_0_item)

        else:
            add_ons = self.add_ons

        over_limits: list[Any] | None
        if isinstance(self.over_limits, list):
            over_limits = self.over_limits

        else:
            over_limits = self.over_limits

        package_type: None | str
        if isinstance(self.package_type, PackageType):
            package_type = self.package_type.value
        else:
            package_type = self.package_type

        purchasable_add_ons: list[str] | None
        if isinstance(self.purchasable_add_ons, list):
            purchasable_add_ons = []
            for purchasable_add_ons_type_0_item_data in self.purchasable_add_ons:
                purchasable_add_ons_type_0_item = purchasable_add_ons_type_0_item_data.value
                purchasable_add_ons.append(purchasable_add_ons_type_0_item)

        else:
            purchasable_add_ons = self.purchasable_add_ons

        purchasable_package_types: list[str] | None
        if isinstance(self.purchasable_package_types, list):
            purchasable_package_types = []
            for purchasable_package_types_type_0_item_data in self.purchasable_package_types:
                purchasable_package_types_type_0_item = purchasable_package_types_type_0_item_data.value
                purchasable_package_types.append(purchasable_package_types_type_0_item)

        else:
            purchasable_package_types = self.purchasable_package_types

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if add_ons is not None:
            field_dict["add_ons"] = add_ons
        if over_limits is not None:
            field_dict["over_limits"] = over_limits
        if package_type is not None:
            field_dict["package_type"] = package_type
        if purchasable_add_ons is not None:
            field_dict["purchasable_add_ons"] = purchasable_add_ons
        if purchasable_package_types is not None:
            field_dict["purchasable_package_types"] = purchasable_package_types

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_add_ons(data: object) -> list[AddOn] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                add_ons_type_0 = []
                _add_ons_type_0 = data
                for add_ons_type_0_item_data in _add_ons_type_0:
                    add_ons_type_0_item = AddOn(add_ons_type_0_item_data)

                    add_ons_type_0.append(add_ons_type_0_item)

                return add_ons_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[AddOn] | None, data)

        add_ons = _parse_add_ons(d.pop("add_ons", None))

        def _parse_over_limits(data: object) -> list[Any] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                over_limits_type_0 = cast(list[Any], data)

                return over_limits_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Any] | None, data)

        over_limits = _parse_over_limits(d.pop("over_limits", None))

        def _parse_package_type(data: object) -> None | PackageType:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                package_type_type_0 = PackageType(data)

                return package_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PackageType, data)

        package_type = _parse_package_type(d.pop("package_type", None))

        def _parse_purchasable_add_ons(data: object) -> list[AddOn] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                purchasable_add_ons_type_0 = []
                _purchasable_add_ons_type_0 = data
                for purchasable_add_ons_type_0_item_data in _purchasable_add_ons_type_0:
                    purchasable_add_ons_type_0_item = AddOn(purchasable_add_ons_type_0_item_data)

                    purchasable_add_ons_type_0.append(purchasable_add_ons_type_0_item)

                return purchasable_add_ons_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[AddOn] | None, data)

        purchasable_add_ons = _parse_purchasable_add_ons(d.pop("purchasable_add_ons", None))

        def _parse_purchasable_package_types(data: object) -> list[PackageType] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                purchasable_package_types_type_0 = []
                _purchasable_package_types_type_0 = data
                for purchasable_package_types_type_0_item_data in _purchasable_package_types_type_0:
                    purchasable_package_types_type_0_item = PackageType(purchasable_package_types_type_0_item_data)

                    purchasable_package_types_type_0.append(purchasable_package_types_type_0_item)

                return purchasable_package_types_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[PackageType] | None, data)

        purchasable_package_types = _parse_purchasable_package_types(d.pop("purchasable_package_types", None))

        order_product = cls(
            add_ons=add_ons,
            over_limits=over_limits,
            package_type=package_type,
            purchasable_add_ons=purchasable_add_ons,
            purchasable_package_types=purchasable_package_types,
        )

        return order_product

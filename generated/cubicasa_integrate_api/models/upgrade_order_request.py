from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.add_on import AddOn
from ..models.package_type import PackageType
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpgradeOrderRequest")


@_attrs_define
class UpgradeOrderRequest:
    """What to buy for an order. The documented example sends both keys, `{"package_type": null, "add_ons":
    ["gla"]}`. Which keys the server requires is not documented (the page's field table was not captured).
    `add_ons` is `required` here as a rule for clients, not as a fact about the server
    (`x-evidence-required: inferred`). `package_type` is optional: nothing documented requires it, and a
    client that buys only add-ons need not invent a value for it. Omitting it has not been observed, though:
    sending `null`, as the documented example does, is the documented way to keep the current package
    (`x-evidence-optional`). This project's Python client sends `null`.

    """

    add_ons: list[AddOn | str]
    """ Add-ons to buy, presumably from the order's `info.product.purchasable_add_ons` (inferred). The add-on
    names come from examples, so other strings are allowed: the API may sell add-ons not listed in `AddOn`.
     """
    package_type: None | PackageType | str | Unset = UNSET
    """ Package to upgrade to; null (the documented example) or absent keeps the current package. The package
    names come from examples, so other strings are allowed: the order's
    `info.product.purchasable_package_types` lists what can be bought.
     """

    def to_dict(self) -> dict[str, Any]:
        add_ons = []
        for add_ons_item_data in self.add_ons:
            add_ons_item: str
            if isinstance(add_ons_item_data, AddOn):
                add_ons_item = add_ons_item_data.value
            else:
                add_ons_item = add_ons_item_data
            add_ons.append(add_ons_item)

        package_type: None | str | Unset
        if isinstance(self.package_type, Unset):
            package_type = UNSET
        elif isinstance(self.package_type, PackageType):
            package_type = self.package_type.value
        else:
            package_type = self.package_type

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "add_ons": add_ons,
            }
        )
        if package_type is not UNSET:
            field_dict["package_type"] = package_type

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        add_ons = []
        _add_ons = d.pop("add_ons")
        for add_ons_item_data in _add_ons:

            def _parse_add_ons_item(data: object) -> AddOn | str:
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    add_ons_item_type_0 = AddOn(data)

                    return add_ons_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(AddOn | str, data)

            add_ons_item = _parse_add_ons_item(add_ons_item_data)

            add_ons.append(add_ons_item)

        def _parse_package_type(data: object) -> None | PackageType | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                package_type_type_0 = PackageType(data)

                return package_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PackageType | str | Unset, data)

        package_type = _parse_package_type(d.pop("package_type", UNSET))

        upgrade_order_request = cls(
            add_ons=add_ons,
            package_type=package_type,
        )

        return upgrade_order_request

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.add_on import AddOn
from ..models.package_type import PackageType
from ..types import check_depth, drift_keys

T = TypeVar("T", bound="UpgradeOrderRequest")

_KEYS = frozenset(
    {
        "package_type",
        "add_ons",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class UpgradeOrderRequest:
    """What to buy for an order. The documented example sends both keys (`package_type: null` keeps the
    current package); whether the server requires both is unknown. They are `required` here as a rule for
    clients - always send both, as the example does - not as a fact about the server
    (`x-evidence-required: inferred`).

    """

    package_type: None | PackageType | str
    """ Package to upgrade to, or null to keep the current package. The package names come from examples, so
    other strings are allowed: the order's `info.product.purchasable_package_types` lists what can be bought.
     """
    add_ons: list[AddOn | str]
    """ Add-ons to buy, presumably from the order's `info.product.purchasable_add_ons` (inferred). The add-on
    names come from examples, so other strings are allowed: the API may sell add-ons not listed in `AddOn`.
     """
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        package_type: None | str
        if isinstance(self.package_type, PackageType):
            package_type = self.package_type.value
        else:
            package_type = self.package_type

        add_ons = []
        for add_ons_item_data in self.add_ons:
            add_ons_item: str
            if isinstance(add_ons_item_data, AddOn):
                add_ons_item = add_ons_item_data.value
            else:
                add_ons_item = add_ons_item_data
            add_ons.append(add_ons_item)

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "package_type": package_type,
                "add_ons": add_ons,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            _package_type = d["package_type"]
            package_type: None | PackageType | str = _package_type
            if isinstance(_package_type, str):
                try:
                    package_type_type_0 = PackageType._by_value[_package_type]

                    package_type = package_type_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass

            add_ons = []
            _add_ons = d["add_ons"]
            for add_ons_item_data in _add_ons:
                _add_ons_item = add_ons_item_data
                add_ons_item: AddOn | str = _add_ons_item
                if isinstance(_add_ons_item, str):
                    try:
                        add_ons_item_type_0 = AddOn._by_value[_add_ons_item]

                        add_ons_item = add_ons_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass

                add_ons.append(add_ons_item)

        except Exception:
            drift_keys("invalid", "UpgradeOrderRequest", d)
            raise
        upgrade_order_request = cls(
            package_type,
            add_ons,
        )

        if not _KEYS.issuperset(d):
            upgrade_order_request._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "UpgradeOrderRequest", d, _KEYS)
        return upgrade_order_request

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

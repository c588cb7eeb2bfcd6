from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, JSONText, Unset, check_depth, convert_or_keep, drift_keys

T = TypeVar("T", bound="Order")

_KEYS = frozenset(
    {
        "id",
        "info",
        "address",
        "delivery_assets",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class Order:
    """An order: one property's floor-plan job and everything bought and delivered for it. The documented
    Upgrade-order response example is the authoritative shape; a third-party integrator's live payload
    confirmed `address` and `delivery_assets`. Whether list items carry `address` and `delivery_assets`
    is unknown, so both are optional.

    """

    id: str
    """ Order id (a UUID in every example). """
    info: OrderInfo
    """ General information on an order. Every field except `status` and `created_at` may be null: the
    examples show nulls for several and the others are unconfirmed.
     """
    _address: Address | None | Unset = _attrs_field(
        default=UNSET,
        alias="address",
        eq=lambda value: convert_or_keep(value, Address),
        repr=lambda value: repr(convert_or_keep(value, Address)),
    )
    _delivery_assets: DeliveryAssets | None | Unset = _attrs_field(
        default=UNSET,
        alias="delivery_assets",
        eq=lambda value: convert_or_keep(value, DeliveryAssets),
        repr=lambda value: repr(convert_or_keep(value, DeliveryAssets)),
    )
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        info = self.info.to_dict()

        address: dict[str, Any] | None | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        elif isinstance(self.address, Address):
            address = self.address.to_dict()
        else:
            address = self.address

        delivery_assets: dict[str, Any] | None | Unset
        if isinstance(self.delivery_assets, Unset):
            delivery_assets = UNSET
        elif isinstance(self.delivery_assets, DeliveryAssets):
            delivery_assets = self.delivery_assets.to_dict()
        else:
            delivery_assets = self.delivery_assets

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "id": id,
                "info": info,
            }
        )
        if address is not UNSET:
            field_dict["address"] = address
        if delivery_assets is not UNSET:
            field_dict["delivery_assets"] = delivery_assets

        return field_dict

    @classmethod
    def _json_plan(cls) -> dict[str, Any]:
        return {"info": OrderInfo, "address": JSONText, "delivery_assets": JSONText}

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            id = d["id"]
            if not isinstance(id, str):
                raise TypeError(f"id must be a string, got {type(id).__name__}")

            info = OrderInfo.from_dict(d["info"])

            address = d.get("address", UNSET)

            delivery_assets = d.get("delivery_assets", UNSET)

        except Exception:
            drift_keys("invalid", "Order", d)
            raise
        order = cls(
            id,
            info,
            address,
            delivery_assets,
        )

        if not _KEYS.issuperset(d):
            order._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "Order", d, _KEYS)
        return order

    @property
    def address(self) -> Address | None | Unset:
        """Address of the property (confirmed by a third-party live payload; nullability unknown)."""
        if isinstance(self._address, (dict, JSONText)):
            self._address = convert_or_keep(self._address, Address)
        return self._address

    @address.setter
    def address(self, value: Address | None | Unset) -> None:
        self._address = value

    @property
    def delivery_assets(self) -> DeliveryAssets | None | Unset:
        """Download links of everything delivered for the order, grouped by product."""
        if isinstance(self._delivery_assets, (dict, JSONText)):
            self._delivery_assets = convert_or_keep(self._delivery_assets, DeliveryAssets)
        return self._delivery_assets

    @delivery_assets.setter
    def delivery_assets(self, value: DeliveryAssets | None | Unset) -> None:
        self._delivery_assets = value

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
from ..models.address import Address
from ..models.delivery_assets import DeliveryAssets
from ..models.order_info import OrderInfo

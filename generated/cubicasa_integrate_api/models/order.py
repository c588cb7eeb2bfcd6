from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Order")


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
    address: Address | None = None
    """ Address of the property (confirmed by a third-party live payload; nullability unknown). """
    delivery_assets: DeliveryAssets | None = None
    """ Download links of everything delivered for the order, grouped by product. """

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        info = self.info.to_dict()

        address: dict[str, Any] | None
        if isinstance(self.address, Address):
            address = self.address.to_dict()
        else:
            address = self.address

        delivery_assets: dict[str, Any] | None
        if isinstance(self.delivery_assets, DeliveryAssets):
            delivery_assets = self.delivery_assets.to_dict()
        else:
            delivery_assets = self.delivery_assets

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "info": info,
            }
        )
        if address is not None:
            field_dict["address"] = address
        if delivery_assets is not None:
            field_dict["delivery_assets"] = delivery_assets

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        info = OrderInfo.from_dict(d.pop("info"))

        def _parse_address(data: object) -> Address | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                address_type_0 = Address.from_dict(data)

                return address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Address | None, data)

        address = _parse_address(d.pop("address", None))

        def _parse_delivery_assets(data: object) -> DeliveryAssets | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                delivery_assets_type_0 = DeliveryAssets.from_dict(data)

                return delivery_assets_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeliveryAssets | None, data)

        delivery_assets = _parse_delivery_assets(d.pop("delivery_assets", None))

        order = cls(
            id=id,
            info=info,
            address=address,
            delivery_assets=delivery_assets,
        )

        return order


from ..models.address import Address
from ..models.delivery_assets import DeliveryAssets
from ..models.order_info import OrderInfo

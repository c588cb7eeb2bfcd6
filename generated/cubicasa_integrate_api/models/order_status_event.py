from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_type import DeliveryType
from ..models.order_status import OrderStatus
from ..models.product_type import ProductType
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderStatusEvent")


@_attrs_define
class OrderStatusEvent:
    """Payload CubiCasa POSTs to the company's webhook URLs on an order-status change (documented). With
    `current_status: Ready`, `previous_status` tells the kind of update: `Pending` = first delivery,
    `Fixing` = a fix was delivered, `Ready` = Quick Edit was used; `product_type` tells which product it is.

    """

    id: str
    """ The order id. """
    current_status: OrderStatus
    """ Order status (documented: "There are 5 different states of order status"). New: the first initial
    state of an order; Draft: the order was created as a draft; Pending: in the production line; Ready:
    ready to deliver; Fixing: back in the production line for fixing. A `Failed` status is announced as
    "not a supported status yet". Open enum: clients must accept values not listed here.
     """
    previous_status: None | OrderStatus | Unset = UNSET
    """ The status before the change; whether it can be null on the first transition is unknown. """
    model_id: None | str | Unset = UNSET
    """ Id of the floor-plan model (a UUID); its relation to other endpoints is unknown. """
    product_type: ProductType | Unset = UNSET
    """ Which product a status change is about (documented): products_2d (listing floor plans, GLA, ...),
    products_3d (3D floor plans, 3D video, CAD files, ...), tour (CubiCasa tour). Open enum: clients must
    accept values not listed here.
     """
    delivery_type: DeliveryType | Unset = UNSET
    """ Kind of delivery in a webhook event. Only `new` has been seen; other values are unknown. Open enum: clients
    must accept values not listed here. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        current_status = self.current_status.value

        previous_status: None | str | Unset
        if isinstance(self.previous_status, Unset):
            previous_status = UNSET
        elif isinstance(self.previous_status, OrderStatus):
            previous_status = self.previous_status.value
        else:
            previous_status = self.previous_status

        model_id: None | str | Unset
        if isinstance(self.model_id, Unset):
            model_id = UNSET
        else:
            model_id = self.model_id

        product_type: str | Unset = UNSET
        if not isinstance(self.product_type, Unset):
            product_type = self.product_type.value

        delivery_type: str | Unset = UNSET
        if not isinstance(self.delivery_type, Unset):
            delivery_type = self.delivery_type.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "current_status": current_status,
            }
        )
        if previous_status is not UNSET:
            field_dict["previous_status"] = previous_status
        if model_id is not UNSET:
            field_dict["model_id"] = model_id
        if product_type is not UNSET:
            field_dict["product_type"] = product_type
        if delivery_type is not UNSET:
            field_dict["delivery_type"] = delivery_type

        return field_dict

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        current_status = OrderStatus(d.pop("current_status"))

        def _parse_previous_status(data: object) -> None | OrderStatus | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_status_type_0 = OrderStatus(data)

                return previous_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderStatus | Unset, data)

        previous_status = _parse_previous_status(d.pop("previous_status", UNSET))

        def _parse_model_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model_id = _parse_model_id(d.pop("model_id", UNSET))

        _product_type = d.pop("product_type", UNSET)
        product_type: ProductType | Unset
        if isinstance(_product_type, Unset):
            product_type = UNSET
        else:
            product_type = ProductType(_product_type)

        _delivery_type = d.pop("delivery_type", UNSET)
        delivery_type: DeliveryType | Unset
        if isinstance(_delivery_type, Unset):
            delivery_type = UNSET
        else:
            delivery_type = DeliveryType(_delivery_type)

        order_status_event = cls(
            id=id,
            current_status=current_status,
            previous_status=previous_status,
            model_id=model_id,
            product_type=product_type,
            delivery_type=delivery_type,
        )

        order_status_event.additional_properties = d
        return order_status_event

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

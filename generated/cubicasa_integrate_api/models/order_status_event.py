from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_type import DeliveryType
from ..models.order_status import OrderStatus
from ..models.product_type import ProductType

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
    previous_status: None | OrderStatus = None
    """ The status before the change; whether it can be null on the first transition is unknown. """
    model_id: None | str = None
    """ Id of the floor-plan model (a UUID); its relation to other endpoints is unknown. """
    product_type: None | ProductType = None
    delivery_type: DeliveryType | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        current_status = self.current_status.value

        previous_status: None | str
        if isinstance(self.previous_status, OrderStatus):
            previous_status = self.previous_status.value
        else:
            previous_status = self.previous_status

        model_id: None | str
        model_id = self.model_id

        product_type: None | str
        if isinstance(self.product_type, ProductType):
            product_type = self.product_type.value
        else:
            product_type = self.product_type

        delivery_type: None | str
        if isinstance(self.delivery_type, DeliveryType):
            delivery_type = self.delivery_type.value
        else:
            delivery_type = self.delivery_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "current_status": current_status,
            }
        )
        if previous_status is not None:
            field_dict["previous_status"] = previous_status
        if model_id is not None:
            field_dict["model_id"] = model_id
        if product_type is not None:
            field_dict["product_type"] = product_type
        if delivery_type is not None:
            field_dict["delivery_type"] = delivery_type

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        current_status = OrderStatus(d.pop("current_status"))

        def _parse_previous_status(data: object) -> None | OrderStatus:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_status_type_0 = OrderStatus(data)

                return previous_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderStatus, data)

        previous_status = _parse_previous_status(d.pop("previous_status", None))

        def _parse_model_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        model_id = _parse_model_id(d.pop("model_id", None))

        def _parse_product_type(data: object) -> None | ProductType:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                product_type_type_0 = ProductType(data)

                return product_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProductType, data)

        product_type = _parse_product_type(d.pop("product_type", None))

        def _parse_delivery_type(data: object) -> DeliveryType | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivery_type_type_0 = DeliveryType(data)

                return delivery_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeliveryType | None, data)

        delivery_type = _parse_delivery_type(d.pop("delivery_type", None))

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

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.order_status import OrderStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderInfo")


@_attrs_define
class OrderInfo:
    """General information on an order. Every field except `status` and `created_at` may be null: the
    examples show nulls for several and the others are unconfirmed.

    """

    status: OrderStatus
    """ Order status (documented: "There are 5 different states of order status"). New: the first initial
    state of an order; Draft: the order was created as a draft; Pending: in the production line; Ready:
    ready to deliver; Fixing: back in the production line for fixing. A `Failed` status is announced as
    "not a supported status yet". Open enum: clients must accept values not listed here.
     """
    created_at: float
    """ When the order was created, unix epoch seconds (float), e.g. 1716238626.904049. """
    created_by: None | str | Unset = UNSET
    """ E-mail of the user who created the order. """
    location: None | str | Unset = UNSET
    """ One-line address, e.g. "121 North Washington Avenue Cubi suite Minneapolis". """
    order_type: None | str | Unset = UNSET
    """ Kind of order, e.g. `vbim` (example) or `Tier3-LiDAR` (third-party). The list of values is unknown, so it is
    a plain string. """
    first_delivered_at: float | None | Unset = UNSET
    """ When the order was first delivered, unix epoch seconds (float); null before the first delivery. """
    is_scan_order: bool | None | Unset = UNSET
    """ Whether the order comes from a scan. """
    total_scanned_area: float | None | Unset = UNSET
    """ Total scanned area (unit unknown; 0 in the example). """
    go2scan: Any | Unset = UNSET
    """ GoToScan information; null in the example, otherwise unknown (type not documented). """
    external_id: None | str | Unset = UNSET
    """ Your own reference for the order (set when creating it); can be null (third-party). """
    add_info: None | str | Unset = UNSET
    """ Additional free-text information. """
    style_template: Any | Unset = UNSET
    """ Styling template of the order; null in the example, otherwise unknown (string id or object). """
    product: None | OrderProduct | Unset = UNSET
    """ What the order includes and what can still be bought for it. """

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        created_at = self.created_at

        created_by: None | str | Unset
        if isinstance(self.created_by, Unset):
            created_by = UNSET
        else:
            created_by = self.created_by

        location: None | str | Unset
        if isinstance(self.location, Unset):
            location = UNSET
        else:
            location = self.location

        order_type: None | str | Unset
        if isinstance(self.order_type, Unset):
            order_type = UNSET
        else:
            order_type = self.order_type

        first_delivered_at: float | None | Unset
        if isinstance(self.first_delivered_at, Unset):
            first_delivered_at = UNSET
        else:
            first_delivered_at = self.first_delivered_at

        is_scan_order: bool | None | Unset
        if isinstance(self.is_scan_order, Unset):
            is_scan_order = UNSET
        else:
            is_scan_order = self.is_scan_order

        total_scanned_area: float | None | Unset
        if isinstance(self.total_scanned_area, Unset):
            total_scanned_area = UNSET
        else:
            total_scanned_area = self.total_scanned_area

        go2scan = self.go2scan

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        add_info: None | str | Unset
        if isinstance(self.add_info, Unset):
            add_info = UNSET
        else:
            add_info = self.add_info

        style_template = self.style_template

        product: dict[str, Any] | None | Unset
        if isinstance(self.product, Unset):
            product = UNSET
        elif isinstance(self.product, OrderProduct):
            product = self.product.to_dict()
        else:
            product = self.product

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "created_at": created_at,
            }
        )
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if location is not UNSET:
            field_dict["location"] = location
        if order_type is not UNSET:
            field_dict["order_type"] = order_type
        if first_delivered_at is not UNSET:
            field_dict["first_delivered_at"] = first_delivered_at
        if is_scan_order is not UNSET:
            field_dict["is_scan_order"] = is_scan_order
        if total_scanned_area is not UNSET:
            field_dict["total_scanned_area"] = total_scanned_area
        if go2scan is not UNSET:
            field_dict["go2scan"] = go2scan
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if add_info is not UNSET:
            field_dict["add_info"] = add_info
        if style_template is not UNSET:
            field_dict["style_template"] = style_template
        if product is not UNSET:
            field_dict["product"] = product

        return field_dict

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = OrderStatus(d.pop("status"))

        created_at = d.pop("created_at")

        def _parse_created_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        created_by = _parse_created_by(d.pop("created_by", UNSET))

        def _parse_location(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        location = _parse_location(d.pop("location", UNSET))

        def _parse_order_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order_type = _parse_order_type(d.pop("order_type", UNSET))

        def _parse_first_delivered_at(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        first_delivered_at = _parse_first_delivered_at(d.pop("first_delivered_at", UNSET))

        def _parse_is_scan_order(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_scan_order = _parse_is_scan_order(d.pop("is_scan_order", UNSET))

        def _parse_total_scanned_area(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_scanned_area = _parse_total_scanned_area(d.pop("total_scanned_area", UNSET))

        go2scan = d.pop("go2scan", UNSET)

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_add_info(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        add_info = _parse_add_info(d.pop("add_info", UNSET))

        style_template = d.pop("style_template", UNSET)

        def _parse_product(data: object) -> None | OrderProduct | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                product_type_0 = OrderProduct.from_dict(data)

                return product_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderProduct | Unset, data)

        product = _parse_product(d.pop("product", UNSET))

        order_info = cls(
            status=status,
            created_at=created_at,
            created_by=created_by,
            location=location,
            order_type=order_type,
            first_delivered_at=first_delivered_at,
            is_scan_order=is_scan_order,
            total_scanned_area=total_scanned_area,
            go2scan=go2scan,
            external_id=external_id,
            add_info=add_info,
            style_template=style_template,
            product=product,
        )

        return order_info


from ..models.order_product import OrderProduct

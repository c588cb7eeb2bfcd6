from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.order_status import OrderStatus

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
    created_by: None | str = None
    """ E-mail of the user who created the order. """
    location: None | str = None
    """ One-line address, e.g. "121 North Washington Avenue Cubi suite Minneapolis". """
    order_type: None | str = None
    """ Kind of order, e.g. `vbim` (example) or `Tier3-LiDAR` (third-party). The list of values is unknown, so it is
    a plain string. """
    first_delivered_at: float | None = None
    """ When the order was first delivered, unix epoch seconds (float); null before the first delivery. """
    is_scan_order: bool | None = None
    """ Whether the order comes from a scan. """
    total_scanned_area: float | None = None
    """ Total scanned area (unit unknown; 0 in the example). """
    go2scan: Any = None
    """ GoToScan information; null in the example, otherwise unknown (type not documented). """
    external_id: None | str = None
    """ Your own reference for the order (set when creating it); can be null (third-party). """
    add_info: None | str = None
    """ Additional free-text information. """
    style_template: Any = None
    """ Styling template of the order; null in the example, otherwise unknown (string id or object). """
    product: None | OrderProduct = None
    """ What the order includes and what can still be bought for it. """

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        created_by: None | str
        created_by = self.created_by

        location: None | str
        location = self.location

        order_type: None | str
        order_type = self.order_type

        first_delivered_at: float | None
        first_delivered_at = self.first_delivered_at

        created_at = self.created_at

        is_scan_order: bool | None
        is_scan_order = self.is_scan_order

        total_scanned_area: float | None
        total_scanned_area = self.total_scanned_area

        go2scan = self.go2scan

        external_id: None | str
        external_id = self.external_id

        add_info: None | str
        add_info = self.add_info

        style_template = self.style_template

        product: dict[str, Any] | None
        if isinstance(self.product, OrderProduct):
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
        if created_by is not None:
            field_dict["created_by"] = created_by
        if location is not None:
            field_dict["location"] = location
        if order_type is not None:
            field_dict["order_type"] = order_type
        if first_delivered_at is not None:
            field_dict["first_delivered_at"] = first_delivered_at
        if is_scan_order is not None:
            field_dict["is_scan_order"] = is_scan_order
        if total_scanned_area is not None:
            field_dict["total_scanned_area"] = total_scanned_area
        if go2scan is not None:
            field_dict["go2scan"] = go2scan
        if external_id is not None:
            field_dict["external_id"] = external_id
        if add_info is not None:
            field_dict["add_info"] = add_info
        if style_template is not None:
            field_dict["style_template"] = style_template
        if product is not None:
            field_dict["product"] = product

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = OrderStatus(d.pop("status"))

        def _parse_created_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        created_by = _parse_created_by(d.pop("created_by", None))

        def _parse_location(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        location = _parse_location(d.pop("location", None))

        def _parse_order_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order_type = _parse_order_type(d.pop("order_type", None))

        def _parse_first_delivered_at(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        first_delivered_at = _parse_first_delivered_at(d.pop("first_delivered_at", None))

        created_at = d.pop("created_at")

        def _parse_is_scan_order(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        is_scan_order = _parse_is_scan_order(d.pop("is_scan_order", None))

        def _parse_total_scanned_area(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        total_scanned_area = _parse_total_scanned_area(d.pop("total_scanned_area", None))

        go2scan = d.pop("go2scan", None)

        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("external_id", None))

        def _parse_add_info(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        add_info = _parse_add_info(d.pop("add_info", None))

        style_template = d.pop("style_template", None)

        def _parse_product(data: object) -> None | OrderProduct:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                product_type_0 = OrderProduct.from_dict(data)

                return product_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderProduct, data)

        product = _parse_product(d.pop("product", None))

        order_info = cls(
            status=status,
            created_by=created_by,
            location=location,
            order_type=order_type,
            first_delivered_at=first_delivered_at,
            created_at=created_at,
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

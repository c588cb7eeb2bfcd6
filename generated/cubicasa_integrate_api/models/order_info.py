from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_status import OrderStatus
from ..types import UNSET, JSONText, Unset, check_depth, convert_or_keep, drift_keys

T = TypeVar("T", bound="OrderInfo")

_KEYS = frozenset(
    {
        "status",
        "created_at",
        "created_by",
        "location",
        "order_type",
        "first_delivered_at",
        "is_scan_order",
        "total_scanned_area",
        "go2scan",
        "external_id",
        "add_info",
        "style_template",
        "product",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


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
    _product: None | OrderProduct | Unset = _attrs_field(
        default=UNSET,
        alias="product",
        eq=lambda value: convert_or_keep(value, OrderProduct),
        repr=lambda value: repr(convert_or_keep(value, OrderProduct)),
    )
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

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
        if self._additional_properties:
            field_dict.update(self._additional_properties)
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
    def _json_plan(cls) -> dict[str, Any]:
        return {"product": JSONText}

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            status = OrderStatus._by_value[d["status"]]

            created_at = d["created_at"]
            if not isinstance(created_at, int | float) or isinstance(created_at, bool):
                raise TypeError(f"created_at must be a number, got {type(created_at).__name__}")

            created_by: None | str | Unset = d.get("created_by", UNSET)

            location: None | str | Unset = d.get("location", UNSET)

            order_type: None | str | Unset = d.get("order_type", UNSET)

            first_delivered_at: float | None | Unset = d.get("first_delivered_at", UNSET)

            is_scan_order: bool | None | Unset = d.get("is_scan_order", UNSET)

            total_scanned_area: float | None | Unset = d.get("total_scanned_area", UNSET)

            go2scan = d.get("go2scan", UNSET)

            external_id: None | str | Unset = d.get("external_id", UNSET)

            add_info: None | str | Unset = d.get("add_info", UNSET)

            style_template = d.get("style_template", UNSET)

            product = d.get("product", UNSET)

        except Exception:
            drift_keys("invalid", "OrderInfo", d)
            raise
        order_info = cls(
            status,
            created_at,
            created_by,
            location,
            order_type,
            first_delivered_at,
            is_scan_order,
            total_scanned_area,
            go2scan,
            external_id,
            add_info,
            style_template,
            product,
        )

        if not _KEYS.issuperset(d):
            order_info._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "OrderInfo", d, _KEYS)
        return order_info

    @property
    def product(self) -> None | OrderProduct | Unset:
        """What the order includes and what can still be bought for it."""
        if isinstance(self._product, (dict, JSONText)):
            self._product = convert_or_keep(self._product, OrderProduct)
        return self._product

    @product.setter
    def product(self, value: None | OrderProduct | Unset) -> None:
        self._product = value

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
from ..models.order_product import OrderProduct

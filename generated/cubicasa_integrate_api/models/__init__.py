"""Contains all the data models used in inputs/outputs"""

from .add_on import AddOn
from .add_user_request import AddUserRequest
from .add_user_response import AddUserResponse
from .address import Address
from .cad_files import CadFiles
from .change_request import ChangeRequest
from .change_request_input import ChangeRequestInput
from .change_request_list import ChangeRequestList
from .delivery_assets import DeliveryAssets
from .delivery_type import DeliveryType
from .draft_order_input import DraftOrderInput
from .draft_order_result import DraftOrderResult
from .error_body import ErrorBody
from .floorplans_3d import Floorplans3D
from .gla_package import GlaPackage
from .home_report import HomeReport
from .listing_floorplans import ListingFloorplans
from .order import Order
from .order_info import OrderInfo
from .order_list import OrderList
from .order_preferences import OrderPreferences
from .order_product import OrderProduct
from .order_status import OrderStatus
from .order_status_event import OrderStatusEvent
from .package_type import PackageType
from .pagination import Pagination
from .product_type import ProductType
from .property_data import PropertyData
from .snapshot import Snapshot
from .style_2d import Style2D
from .style_3d import Style3D
from .tour import Tour
from .upgrade_order_request import UpgradeOrderRequest
from .user import User
from .user_list import UserList
from .user_role import UserRole
from .validation_error_body import ValidationErrorBody
from .validation_error_item import ValidationErrorItem
from .validation_errors import ValidationErrors
from .video_3d import Video3D
from .video_3d_preferences import Video3DPreferences
from .webhook_config import WebhookConfig
from .webhook_config_input import WebhookConfigInput
from .webhook_trigger import WebhookTrigger

__all__ = (
    "AddOn",
    "AddUserRequest",
    "AddUserResponse",
    "Address",
    "CadFiles",
    "ChangeRequest",
    "ChangeRequestInput",
    "ChangeRequestList",
    "DeliveryAssets",
    "DeliveryType",
    "DraftOrderInput",
    "DraftOrderResult",
    "ErrorBody",
    "Floorplans3D",
    "GlaPackage",
    "HomeReport",
    "ListingFloorplans",
    "Order",
    "OrderInfo",
    "OrderList",
    "OrderPreferences",
    "OrderProduct",
    "OrderStatus",
    "OrderStatusEvent",
    "PackageType",
    "Pagination",
    "ProductType",
    "PropertyData",
    "Snapshot",
    "Style2D",
    "Style3D",
    "Tour",
    "UpgradeOrderRequest",
    "User",
    "UserList",
    "UserRole",
    "ValidationErrorBody",
    "ValidationErrorItem",
    "ValidationErrors",
    "Video3D",
    "Video3DPreferences",
    "WebhookConfig",
    "WebhookConfigInput",
    "WebhookTrigger",
)

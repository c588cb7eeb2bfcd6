"""What the drift radar knows of each schema. Written by `python tools/drift_paths.py` (make generate) from
openapi/cubicasa-integrate-v3.yaml; do not edit."""

__all__ = ["CHILDREN", "ENUMS", "ENUM_FIELDS", "ENUM_PATHS", "SCHEMAS", "SPEC_SHA256"]

SPEC_SHA256 = "aec0f158276fd6b3a4055dc0ce8ef66ee5a269fba4a30416ae5250d9a880a5cf"
"""sha256 of the spec this table was written from (the same bytes generated/ comes from)."""

SCHEMAS: dict[str, tuple[str, dict[str, tuple[tuple[str, ...] | None, bool]]]] = {
    "Pagination": (
        "pagination",
        {
            "has_more": (("boolean",), True),
            "limit": (("integer",), False),
            "next_offset": (("integer", "null"), False),
            "previous_offset": (("integer", "null"), False),
        },
    ),
    "OrderList": (
        "",
        {
            "pagination": (("object",), True),
            "items": (("array",), True),
        },
    ),
    "Order": (
        "",
        {
            "id": (("string",), True),
            "info": (("object",), True),
            "address": (("null", "object"), False),
            "delivery_assets": (("null", "object"), False),
        },
    ),
    "OrderInfo": (
        "info",
        {
            "status": (("string",), True),
            "created_by": (("null", "string"), False),
            "location": (("null", "string"), False),
            "order_type": (("null", "string"), False),
            "first_delivered_at": (("null", "number"), False),
            "created_at": (("number",), True),
            "is_scan_order": (("boolean", "null"), False),
            "total_scanned_area": (("null", "number"), False),
            "go2scan": (None, False),
            "external_id": (("null", "string"), False),
            "add_info": (("null", "string"), False),
            "style_template": (None, False),
            "product": (("null", "object"), False),
        },
    ),
    "OrderProduct": (
        "info.product",
        {
            "add_ons": (("array",), False),
            "over_limits": (("array",), False),
            "package_type": (("string",), False),
            "purchasable_add_ons": (("array",), False),
            "purchasable_package_types": (("array",), False),
        },
    ),
    "Address": (
        "address",
        {
            "city": (("string",), False),
            "country": (("string",), False),
            "full_address": (("string",), False),
            "latitude": (("number",), False),
            "longitude": (("number",), False),
            "number": (("string",), False),
            "postalCode": (("string",), False),
            "state": (("string",), False),
            "street": (("string",), False),
            "suite": (("string",), False),
        },
    ),
    "DeliveryAssets": (
        "delivery_assets",
        {
            "listing_floorplans": (("null", "object"), False),
            "floorplans_3d": (("null", "object"), False),
            "video_3d": (("null", "object"), False),
            "cad_files": (("null", "object"), False),
            "gla_package": (("null", "object"), False),
            "home_report": (("null", "object"), False),
            "snapshot": (("null", "object"), False),
            "property_data": (("null", "object"), False),
            "tour": (("null", "object"), False),
        },
    ),
    "ListingFloorplans": (
        "delivery_assets.listing_floorplans",
        {
            "jpg_urls": (("array", "null"), False),
            "png_urls": (("array", "null"), False),
            "svg_urls": (("array", "null"), False),
            "pdf_urls": (("array", "null"), False),
            "zip_urls": (("array", "null"), False),
            "jpg_urls_dim": (("array", "null"), False),
            "png_urls_dim": (("array", "null"), False),
            "svg_urls_dim": (("array", "null"), False),
            "pdf_urls_dim": (("array", "null"), False),
            "zip_urls_dim": (("array", "null"), False),
        },
    ),
    "Floorplans3d": (
        "delivery_assets.floorplans_3d",
        {
            "jpg_urls": (("array", "null"), False),
        },
    ),
    "Video3d": (
        "delivery_assets.video_3d",
        {
            "video_urls": (("array", "null"), False),
        },
    ),
    "CadFiles": (
        "delivery_assets.cad_files",
        {
            "zip_urls": (("array", "null"), False),
        },
    ),
    "GlaPackage": (
        "delivery_assets.gla_package",
        {
            "image_urls": (("array", "null"), False),
            "report_urls": (("array", "null"), False),
            "gla_formula_text": (("null", "string"), False),
        },
    ),
    "HomeReport": (
        "delivery_assets.home_report",
        {
            "pdf_urls": (("array", "null"), False),
        },
    ),
    "Snapshot": (
        "delivery_assets.snapshot",
        {
            "pdf_urls": (("array", "null"), False),
            "image_urls": (("array", "null"), False),
        },
    ),
    "PropertyData": (
        "delivery_assets.property_data",
        {
            "json_urls": (("array", "null"), False),
        },
    ),
    "Tour": (
        "delivery_assets.tour",
        {
            "link": (("string",), False),
            "mls_compliance_link": (("string",), False),
            "type": (("string",), False),
        },
    ),
    "UpgradeOrderRequest": (
        "",
        {
            "package_type": (("null", "string"), False),
            "add_ons": (("array",), True),
        },
    ),
    "ChangeRequestList": (
        "",
        {
            "pagination": (("object",), True),
            "items": (("array",), True),
        },
    ),
    "DraftOrderInput": (
        "",
        {
            "street": (("string",), True),
            "suite": (("string",), False),
            "city": (("string",), True),
            "state": (("string",), False),
            "country": (("string",), True),
            "postalCode": (("string",), False),
            "info": (("string",), False),
            "latitude": (("number",), False),
            "longitude": (("number",), False),
            "external_id": (("string",), False),
            "owner_email": (("string",), True),
            "package_type": (("string",), False),
            "add_ons": (("array",), False),
            "order_preferences": (("object",), False),
        },
    ),
    "OrderPreferences": (
        "order_preferences",
        {
            "style_2d": (("object",), False),
            "style_3d": (("object",), False),
        },
    ),
    "Style2d": (
        "order_preferences.style_2d",
        {
            "style_template_id": (("string",), False),
            "add_info": (("string",), False),
        },
    ),
    "Style3d": (
        "order_preferences.style_3d",
        {
            "video": (("object",), False),
            "furniture_set": (("string",), False),
            "include_basement": (("boolean",), False),
            "add_info": (("string",), False),
        },
    ),
    "Video3dPreferences": (
        "order_preferences.style_3d.video",
        {
            "speed": (("string",), False),
            "layout": (("string",), False),
        },
    ),
    "User": (
        "",
        {
            "id": (("string",), True),
            "email": (("string",), True),
            "name": (("null", "string"), False),
            "surname": (("null", "string"), False),
            "role": (("string",), False),
            "email_confirmed": (("boolean",), False),
            "created_at": (("number",), False),
        },
    ),
    "UserList": (
        "",
        {
            "pagination": (("object",), True),
            "items": (("array",), True),
        },
    ),
    "AddUserRequest": (
        "",
        {
            "email": (("string",), True),
            "role": (("string",), False),
            "office_id": (("string",), False),
            "password": (("string",), False),
        },
    ),
    "AddUserResponse": (
        "",
        {
            "email": (("string",), False),
            "id": (("string",), False),
            "message": (("string",), False),
            "role": (("string",), False),
        },
    ),
    "WebhookConfig": (
        "",
        {
            "webhook_urls": (("array",), False),
            "webhook_triggers": (("array",), False),
        },
    ),
    "OrderStatusEvent": (
        "",
        {
            "id": (("string",), True),
            "current_status": (("string",), True),
            "previous_status": (("null", "string"), False),
            "model_id": (("null", "string"), False),
            "product_type": (("string",), False),
            "delivery_type": (("string",), False),
        },
    ),
    "ValidationErrorItem": (
        "",
        {
            "loc": (("array",), True),
            "msg": (("string",), True),
            "type": (("string",), False),
        },
    ),
    "ValidationErrors": (
        "validation_error",
        {
            "body_params": (("array",), False),
            "query_params": (("array",), False),
            "path_params": (("array",), False),
        },
    ),
    "ValidationErrorBody": (
        "",
        {
            "validation_error": (("object",), False),
        },
    ),
}
"""Object schema -> (its path in its resource, {JSON key: (JSON types, None for any; required)})."""

ENUM_PATHS: dict[str, str] = {
    "OrderStatus": "info.status",
    "AddOn": "info.product.add_ons",
    "PackageType": "info.product.package_type",
    "UserRole": "role",
    "WebhookTrigger": "webhook_triggers",
    "ProductType": "product_type",
    "DeliveryType": "delivery_type",
}
"""Enum schema -> path of its first use."""

ENUMS: dict[str, tuple[str, ...]] = {
    "OrderStatus": ("New", "Draft", "Pending", "Ready", "Fixing"),
    "PackageType": ("base", "plus", "plus_3d"),
    "AddOn": ("gla", "3d_cad_files"),
    "WebhookTrigger": ("moved_to_draft", "moved_to_pending", "moved_to_ready", "moved_to_fixing", "moved_to_failed"),
    "ProductType": ("products_2d", "products_3d", "tour"),
    "DeliveryType": ("new",),
    "UserRole": ("Collaborator", "User", "Manager"),
}
"""Enum schema -> the values the spec lists."""

ENUM_FIELDS: dict[str, dict[str, tuple[str, bool]]] = {
    "OrderInfo": {
        "status": ("OrderStatus", False),
    },
    "OrderProduct": {
        "add_ons": ("AddOn", True),
        "package_type": ("PackageType", False),
        "purchasable_add_ons": ("AddOn", True),
        "purchasable_package_types": ("PackageType", True),
    },
    "UpgradeOrderRequest": {
        "package_type": ("PackageType", False),
        "add_ons": ("AddOn", True),
    },
    "DraftOrderInput": {
        "package_type": ("PackageType", False),
        "add_ons": ("AddOn", True),
    },
    "User": {
        "role": ("UserRole", False),
    },
    "AddUserRequest": {
        "role": ("UserRole", False),
    },
    "AddUserResponse": {
        "role": ("UserRole", False),
    },
    "WebhookConfig": {
        "webhook_triggers": ("WebhookTrigger", True),
    },
    "OrderStatusEvent": {
        "current_status": ("OrderStatus", False),
        "previous_status": ("OrderStatus", False),
        "product_type": ("ProductType", False),
        "delivery_type": ("DeliveryType", False),
    },
}
"""Object schema -> {JSON key: (enum schema of its value, as list items?)}: the values an audit checks."""

CHILDREN: dict[str, dict[str, tuple[str, bool]]] = {
    "OrderList": {
        "pagination": ("Pagination", False),
        "items": ("Order", True),
    },
    "Order": {
        "info": ("OrderInfo", False),
        "address": ("Address", False),
        "delivery_assets": ("DeliveryAssets", False),
    },
    "OrderInfo": {
        "product": ("OrderProduct", False),
    },
    "DeliveryAssets": {
        "listing_floorplans": ("ListingFloorplans", False),
        "floorplans_3d": ("Floorplans3d", False),
        "video_3d": ("Video3d", False),
        "cad_files": ("CadFiles", False),
        "gla_package": ("GlaPackage", False),
        "home_report": ("HomeReport", False),
        "snapshot": ("Snapshot", False),
        "property_data": ("PropertyData", False),
        "tour": ("Tour", False),
    },
    "ChangeRequestList": {
        "pagination": ("Pagination", False),
    },
    "DraftOrderInput": {
        "order_preferences": ("OrderPreferences", False),
    },
    "OrderPreferences": {
        "style_2d": ("Style2d", False),
        "style_3d": ("Style3d", False),
    },
    "Style3d": {
        "video": ("Video3dPreferences", False),
    },
    "UserList": {
        "pagination": ("Pagination", False),
        "items": ("User", True),
    },
    "ValidationErrors": {
        "body_params": ("ValidationErrorItem", True),
        "query_params": ("ValidationErrorItem", True),
        "path_params": ("ValidationErrorItem", True),
    },
    "ValidationErrorBody": {
        "validation_error": ("ValidationErrors", False),
    },
}
"""Object schema -> {JSON key: (object schema of its value, as list items?)}: what an audit descends."""

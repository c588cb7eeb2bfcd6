"""Python client for the CubiCasa Integrate API v3.

from cubicasa_integrate import CubiCasa

with CubiCasa() as client:                      # api key from CUBICASA_API_KEY
    order = client.orders.upgrade(order_id, add_ons=["gla"])
"""

from ._provenance import API_VERSION as __api_version__
from ._provenance import GENERATOR as __generator__
from ._provenance import SPEC_SHA256 as __spec_sha256__
from ._version import __version__

# Not `from typing import TYPE_CHECKING`: importing typing (with re, enum, collections...) would be most of what
# `import cubicasa_integrate` costs. Type checkers treat a module-level TYPE_CHECKING of this form as true.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

    from . import drift, errors, helpers, types, webhooks
    from ._client import AsyncCubiCasa, CubiCasa
    from ._client_factory import make_generated_client
    from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, PRODUCTION_BASE_URL
    from ._logging import setup_logging
    from .errors import (
        APIConnectionError,
        APIRedirectError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ConfigurationError,
        CubiCasaError,
        DownloadError,
        InternalServerError,
        NoRawResponseError,
        NotFoundError,
        NotPurchasableError,
        PermissionDeniedError,
        PurchaseStateUnknownError,
        RateLimitError,
        ResponseDecodeError,
        UnprocessableEntityError,
        WebhookPayloadError,
    )
    from .helpers import AssetUrl, asset_urls, created_at, first_delivered_at
    from .pagination import AsyncPager, Pager
    from .resources._upgraded import PurchaseOutcome, UpgradedOrder

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "PRODUCTION_BASE_URL",
    "APIConnectionError",
    "APIRedirectError",
    "APIStatusError",
    "APITimeoutError",
    "AssetUrl",
    "AsyncCubiCasa",
    "AsyncPager",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "CubiCasa",
    "CubiCasaError",
    "DownloadError",
    "InternalServerError",
    "NoRawResponseError",
    "NotFoundError",
    "NotPurchasableError",
    "Pager",
    "PermissionDeniedError",
    "PurchaseOutcome",
    "PurchaseStateUnknownError",
    "RateLimitError",
    "ResponseDecodeError",
    "UnprocessableEntityError",
    "UpgradedOrder",
    "WebhookPayloadError",
    "__api_version__",
    "__generator__",
    "__spec_sha256__",
    "__version__",
    "asset_urls",
    "created_at",
    "drift",
    "errors",
    "first_delivered_at",
    "helpers",
    "make_generated_client",
    "setup_logging",
    "types",
    "webhooks",
]

# Where each public name lives. They are imported on first access (PEP 562), so `import cubicasa_integrate`
# costs next to nothing and `from cubicasa_integrate import CubiCasa` loads only the client, not every module.
_SUBMODULES = frozenset({"drift", "errors", "helpers", "types", "webhooks"})
_ORIGINS = {
    "AsyncCubiCasa": "_client",
    "CubiCasa": "_client",
    "make_generated_client": "_client_factory",
    "DEFAULT_MAX_RETRIES": "_constants",
    "DEFAULT_TIMEOUT": "_constants",
    "PRODUCTION_BASE_URL": "_constants",
    "setup_logging": "_logging",
    "AssetUrl": "helpers",
    "asset_urls": "helpers",
    "created_at": "helpers",
    "first_delivered_at": "helpers",
    "AsyncPager": "pagination",
    "Pager": "pagination",
    "PurchaseOutcome": "resources._upgraded",
    "UpgradedOrder": "resources._upgraded",
    **{name: "errors" for name in __all__ if name.endswith("Error")},
}

if not TYPE_CHECKING:  # for type checkers every name above is a plain import: a typo stays an error

    def __getattr__(name: str) -> "Any":
        from importlib import import_module

        if name in _SUBMODULES:
            value = import_module(f"{__name__}.{name}")
        elif name in _ORIGINS:
            value = getattr(import_module(f"{__name__}.{_ORIGINS[name]}"), name)
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})

"""Python client for the CubiCasa Integrate API v3.

from cubicasa_integrate import CubiCasa

with CubiCasa() as client:                      # api key from CUBICASA_API_KEY
    order = client.orders.upgrade(order_id, add_ons=["gla"])
"""

from . import errors, helpers, types, webhooks
from ._client import AsyncCubiCasa, CubiCasa
from ._client_factory import make_generated_client
from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, PRODUCTION_BASE_URL
from ._provenance import API_VERSION as __api_version__
from ._provenance import GENERATOR as __generator__
from ._provenance import SPEC_SHA256 as __spec_sha256__
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    CubiCasaError,
    DownloadError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    PurchaseStateUnknownError,
    RateLimitError,
    ResponseDecodeError,
    UnprocessableEntityError,
    WebhookPayloadError,
)
from .helpers import AssetUrl, asset_urls, created_at, first_delivered_at
from .pagination import AsyncPager, Pager

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "PRODUCTION_BASE_URL",
    "APIConnectionError",
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
    "NotFoundError",
    "Pager",
    "PermissionDeniedError",
    "PurchaseStateUnknownError",
    "RateLimitError",
    "ResponseDecodeError",
    "UnprocessableEntityError",
    "WebhookPayloadError",
    "__api_version__",
    "__generator__",
    "__spec_sha256__",
    "__version__",
    "asset_urls",
    "created_at",
    "errors",
    "first_delivered_at",
    "helpers",
    "make_generated_client",
    "types",
    "webhooks",
]

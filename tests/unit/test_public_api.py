"""The public surface of cubicasa_integrate is a contract: adding a name is a decision, removing one a break."""

from __future__ import annotations

import importlib
import pkgutil

import cubicasa_integrate

PUBLIC = {
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
}


def test_top_level_names_are_exactly_the_documented_ones() -> None:
    assert set(cubicasa_integrate.__all__) == PUBLIC
    for name in PUBLIC:
        assert hasattr(cubicasa_integrate, name), name


def test_every_module_declares_all_and_everything_in_it_exists() -> None:
    for module_info in pkgutil.walk_packages(cubicasa_integrate.__path__, "cubicasa_integrate."):
        if ".sandbox" in module_info.name:
            continue  # optional extra, tested on its own
        module = importlib.import_module(module_info.name)
        assert hasattr(module, "__all__"), module_info.name
        for name in module.__all__:
            assert hasattr(module, name), f"{module_info.name}.{name}"


def test_sync_and_async_resources_have_the_same_methods() -> None:
    from typing import get_type_hints

    from cubicasa_integrate import AsyncCubiCasa, CubiCasa

    sync_hints, async_hints = get_type_hints(CubiCasa), get_type_hints(AsyncCubiCasa)
    for resource in ("orders", "users", "webhooks", "drafts", "change_requests"):
        sync = {n for n in vars(sync_hints[resource]) if not n.startswith("_")}
        twin = {n for n in vars(async_hints[resource]) if not n.startswith("_")}
        assert sync, resource
        assert sync == twin, resource

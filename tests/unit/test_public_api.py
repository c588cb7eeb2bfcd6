"""The public surface of cubicasa_integrate is a contract: adding a name is a decision, removing one a break."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

import cubicasa_integrate
from tests.support import ROOT

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


def test_names_are_listed_by_dir_and_unknown_names_are_attribute_errors() -> None:
    assert set(cubicasa_integrate.__all__) <= set(dir(cubicasa_integrate))
    with pytest.raises(AttributeError, match="no attribute 'CubiCasaa'"):
        cubicasa_integrate.CubiCasaa  # type: ignore[attr-defined]  # noqa: B018


LOADED = "import sys; print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in {}))); "


def loaded_after(code: str, *packages: str) -> set[str]:
    """Which modules of `packages` a fresh interpreter has loaded after running `code` (import cost, not timed)."""
    script = f"{code}\n" + LOADED.format(set(packages))
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return set(output.split())


def test_importing_the_package_loads_next_to_nothing() -> None:
    loaded = loaded_after("import cubicasa_integrate", "httpx", "attr", "tenacity", "cubicasa_integrate_api")
    assert loaded == set()


def test_the_client_class_loads_neither_the_models_nor_attrs_nor_tenacity() -> None:
    loaded = loaded_after("from cubicasa_integrate import CubiCasa", "attr", "tenacity", "cubicasa_integrate_api")
    assert loaded == set()


def test_a_successful_request_never_loads_the_retry_machinery() -> None:
    code = """
import httpx, json
from cubicasa_integrate import CubiCasa
from tests.unit.fakes import order_json
transport = httpx.MockTransport(lambda request: httpx.Response(200, json=order_json()))
with CubiCasa("key", transport=transport) as client:
    client.orders.get("312babc6-e742-4d54-ac49-e0f7b16ec15a")
"""
    assert loaded_after(code, "tenacity") == set()

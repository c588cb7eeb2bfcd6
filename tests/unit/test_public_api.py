"""The public surface of cubicasa_integrate is a contract: adding a name is a decision, removing one a break."""

from __future__ import annotations

import importlib
import os
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
    # Without coverage's subprocess measurement (make test-python), which imports typing, re and enum at start-up.
    env = {key: value for key, value in os.environ.items() if not key.startswith("COVERAGE_PROCESS_")}
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT, env=env
    ).stdout
    return set(output.split())


def test_importing_the_package_loads_next_to_nothing() -> None:
    loaded = loaded_after("import cubicasa_integrate", "httpx", "attr", "tenacity", "cubicasa_integrate_api")
    assert loaded == set()


def test_importing_the_package_does_not_load_typing() -> None:
    """typing (with re, enum, collections and functools) costs several times the rest of the package's import;
    the package's own names come with their modules, on first access."""
    assert loaded_after("import cubicasa_integrate", "typing", "re", "enum") == set()
    assert "typing" in loaded_after("import cubicasa_integrate\ncubicasa_integrate.CubiCasa", "typing")


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


LIBRARY = ROOT / "overrides" / "cubicasa_integrate"


def library_modules() -> list[str]:
    """Every module of the client library: all but the command line (the [cli] extra) and the sandbox; the
    command line's package itself is in, its entry point must load without click and rich."""
    names = []
    for path in sorted(LIBRARY.rglob("*.py")):
        parts = path.relative_to(LIBRARY.parent).with_suffix("").parts
        if parts[1] == "sandbox" or (parts[1] == "cli" and parts[-1] != "__init__"):
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_the_library_needs_neither_click_nor_rich() -> None:
    """Without the [cli] extra: every library module imports, and a get, a listing, a download and a webhook
    work, in an interpreter where importing click or rich fails as when they are not installed. (A check of
    sys.modules alone cannot tell: httpx imports both for its own command line whenever they are installed.)"""
    code = f"""
import sys
sys.modules.update(click=None, rich=None)
import importlib, json, tempfile
import httpx
from cubicasa_integrate import CubiCasa, webhooks
from cubicasa_integrate.downloads import download_order_assets
from tests.support import load_example
from tests.unit.fakes import order_json, page_json

for name in {library_modules()!r}:
    importlib.import_module(name)
order = load_example("upgrade_order.response.json")

def answer(request):
    if request.url.host != "app.cubi.casa":
        return httpx.Response(200, content=b"asset")
    if request.url.path.endswith("/orders"):
        return httpx.Response(200, json=page_json([order_json()], has_more=False))
    return httpx.Response(200, json=order)

with CubiCasa("key", transport=httpx.MockTransport(answer)) as client, tempfile.TemporaryDirectory() as dest:
    got = client.orders.get(order["id"])
    listed = list(client.orders.list())
    with httpx.Client(transport=httpx.MockTransport(answer)) as http:
        files = list(download_order_assets(got, dest, http=http))
event = webhooks.parse(json.dumps(load_example("webhook_order_status.payload.json")))
print(len(listed), len(files) > 0, bool(event))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "True", "True"]

"""overrides/cubicasa_integrate/_client_factory.py: the authenticated generated client, checked on the wire."""

from __future__ import annotations

import httpx
import pytest

from cubicasa_integrate import DEFAULT_TIMEOUT, PRODUCTION_BASE_URL, make_generated_client
from cubicasa_integrate_api.api.orders import get_order
from cubicasa_integrate_api.models import Order
from tests.support import load_example


def capture(seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=load_example("upgrade_order.response.json"))

    return httpx.MockTransport(handler)


def test_sends_exactly_the_api_key_header() -> None:
    seen: list[httpx.Request] = []
    with make_generated_client("k-123", httpx_args={"transport": capture(seen)}) as client:
        order = get_order.sync("312babc6-e742-4d54-ac49-e0f7b16ec15a", client=client)

    assert isinstance(order, Order)
    (request,) = seen
    assert request.headers.get_list("api-key") == ["k-123"]
    assert "authorization" not in request.headers
    assert str(request.url) == f"{PRODUCTION_BASE_URL}/orders/312babc6-e742-4d54-ac49-e0f7b16ec15a"


def test_default_timeout_is_finite() -> None:
    seen: list[httpx.Request] = []
    with make_generated_client("k", httpx_args={"transport": capture(seen)}) as client:
        get_order.sync("x", client=client)
    timeouts = seen[0].extensions["timeout"]
    assert timeouts == {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0}
    assert DEFAULT_TIMEOUT.connect == 5.0


def test_a_number_is_accepted_as_timeout() -> None:
    seen: list[httpx.Request] = []
    with make_generated_client("k", timeout=2.5, httpx_args={"transport": capture(seen)}) as client:
        get_order.sync("x", client=client)
    assert seen[0].extensions["timeout"]["read"] == 2.5


def test_missing_key_is_refused_at_construction() -> None:
    with pytest.raises(ValueError, match="API key is required"):
        make_generated_client("")

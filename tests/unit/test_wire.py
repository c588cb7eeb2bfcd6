"""Issue 22 findings 1-2: API calls never follow a redirect; every credential sent is redacted, one api-key."""

from __future__ import annotations

import logging

import httpx
import pytest

from cubicasa_integrate import AsyncCubiCasa, CubiCasa, errors
from tests.unit.fakes import KEY, ORDER_ID, order_json

BASE = "https://api.example.test"
OTHER = "https://evil.example.test"
OTHER_KEY = "PER-CALL-KEY-0123456789abcdef"


def _transport(status: int, seen: list[httpx.Request], only: str = "") -> httpx.MockTransport:
    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host != "api.example.test" or (only and request.method != only):
            return httpx.Response(200, json=order_json())
        return httpx.Response(status, headers={"location": f"{OTHER}/steal?k={KEY}"})

    return httpx.MockTransport(reply)


def _other_host(seen: list[httpx.Request]) -> list[httpx.Request]:
    return [r for r in seen if r.url.host != "api.example.test"]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_on_get_is_never_followed_even_by_a_following_client(status: int) -> None:
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=_transport(status, seen), follow_redirects=True)
    with (
        CubiCasa(api_key=KEY, base_url=BASE, http_client=http, max_retries=0) as client,
        pytest.raises(errors.APIRedirectError) as caught,
    ):
        client.orders.get(ORDER_ID)
    assert _other_host(seen) == []
    assert caught.value.status_code == status
    assert KEY not in str(caught.value)
    assert KEY not in caught.value.location


@pytest.mark.anyio
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_a_redirect_on_get_is_never_followed_async(status: int) -> None:
    seen: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=_transport(status, seen), follow_redirects=True)
    async with AsyncCubiCasa(api_key=KEY, base_url=BASE, http_client=http, max_retries=0) as client:
        with pytest.raises(errors.APIRedirectError):
            await client.orders.get(ORDER_ID)
    assert _other_host(seen) == []


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_on_the_purchase_post_never_reaches_another_host(status: int) -> None:
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=_transport(status, seen, only="POST"), follow_redirects=True)
    with (
        CubiCasa(api_key=KEY, base_url=BASE, http_client=http, max_retries=0) as client,
        pytest.raises(errors.CubiCasaError) as caught,
    ):
        client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"])
    assert _other_host(seen) == []
    assert [r.method for r in seen].count("POST") == 1
    assert KEY not in repr(caught.value)
    assert KEY not in str(caught.value)


@pytest.mark.parametrize("name", ["api-key", "API-KEY"])
def test_a_per_call_key_replaces_the_key_once_and_is_redacted(name: str, caplog: pytest.LogCaptureFixture) -> None:
    seen: list[httpx.Request] = []

    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(401, json={"detail": f"bad key {OTHER_KEY}"}, headers={"x-echo": OTHER_KEY})

    http = httpx.Client(transport=httpx.MockTransport(reply))
    caplog.set_level(logging.DEBUG)
    with (
        CubiCasa(api_key=KEY, base_url=BASE, http_client=http, max_retries=0) as client,
        pytest.raises(errors.AuthenticationError) as caught,
    ):
        client.orders.get(ORDER_ID, extra_headers={name: OTHER_KEY})
    assert seen[0].headers.get_list("api-key") == [OTHER_KEY]
    shown = repr(caught.value) + str(caught.value) + repr(caught.value.headers) + repr(caught.value.body)
    shown += caught.value.text + repr(caught.value.__context__) + repr(caught.value.__cause__)
    assert OTHER_KEY not in shown
    assert OTHER_KEY not in caplog.text

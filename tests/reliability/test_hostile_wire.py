"""Issue 22 findings 1-2 at the reliability tier: a user's following httpx client, a second host that counts."""

from __future__ import annotations

import logging

import httpx
import pytest

from cubicasa_integrate import AsyncCubiCasa, CubiCasa, errors
from tests.reliability.tally import HOSTILE_KEY, Tally
from tests.unit.fakes import ORDER_ID, order_json

BASE = "https://api.example.test"
PER_CALL = HOSTILE_KEY + "-per-call"


def _world(status: int, other_host: list[httpx.Request]) -> httpx.MockTransport:
    def reply(request: httpx.Request) -> httpx.Response:
        if request.url.host != "api.example.test":
            other_host.append(request)
            return httpx.Response(200, json=order_json())
        if request.method == "GET" and "only-post" in request.headers.get("x-case", ""):
            return httpx.Response(200, json=order_json())
        return httpx.Response(status, headers={"location": f"https://other.example.test/x?k={HOSTILE_KEY}"})

    return httpx.MockTransport(reply)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_no_redirect_is_followed_sync(status: int, tally: Tally, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    other: list[httpx.Request] = []
    http = httpx.Client(transport=_world(status, other), follow_redirects=True)
    with CubiCasa(api_key=HOSTILE_KEY, base_url=BASE, http_client=http, max_retries=0) as client:
        with pytest.raises(errors.APIRedirectError) as caught:
            client.orders.get(ORDER_ID, extra_headers={"API-KEY": PER_CALL})
        tally.no_redirect_followed(len(other), f"{status} on GET")
        with pytest.raises(errors.CubiCasaError) as bought:
            client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"], extra_headers={"x-case": "only-post"})
        tally.no_redirect_followed(len(other), f"{status} on the purchase POST")
    tally.no_leak(HOSTILE_KEY, caught.value, bought.value, caplog.text)
    tally.no_leak(PER_CALL, caught.value, caplog.text)


@pytest.mark.anyio
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_no_redirect_is_followed_async(status: int, tally: Tally) -> None:
    other: list[httpx.Request] = []
    http = httpx.AsyncClient(transport=_world(status, other), follow_redirects=True)
    async with AsyncCubiCasa(api_key=HOSTILE_KEY, base_url=BASE, http_client=http, max_retries=0) as client:
        with pytest.raises(errors.APIRedirectError) as caught:
            await client.orders.get(ORDER_ID)
        tally.no_redirect_followed(len(other), f"{status} on GET (async)")
    tally.no_leak(HOSTILE_KEY, caught.value)

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


CREDENTIALS = {
    "authorization": "Bearer BEARER-SECRET-0123456789",
    "proxy-authorization": "Basic UFJPWFktU0VDUkVULTAxMjM0NTY3ODk=",
    "cookie": "session=COOKIE-SECRET-0123456789",
}


def _echoing(seen: list[httpx.Request], status: int) -> httpx.MockTransport:
    """A server that echoes every credential it was sent, in its body and in its headers."""

    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        echoed = " ".join(request.headers.get(name, "") for name in ("api-key", *CREDENTIALS))
        body = order_json() if status == 200 else {"detail": f"refused {echoed}"}
        return httpx.Response(status, json=body, headers={"x-echo": echoed})

    return httpx.MockTransport(reply)


def _secrets(value: str) -> list[str]:
    """The value and the secret part of it (after a scheme or a cookie name)."""
    return [part for part in (value, value.split(" ", 1)[-1], value.split("=", 1)[-1]) if len(part) >= 8]


@pytest.mark.parametrize("given", ["constructor", "with_options", "extra_headers"])
@pytest.mark.parametrize("name", sorted(CREDENTIALS))
def test_every_credential_sent_is_redacted_however_it_was_given(
    name: str, given: str, caplog: pytest.LogCaptureFixture
) -> None:
    value = f"{CREDENTIALS[name]}-{given}"  # redaction is process-wide: a value of its own, unknown until this test
    spelled = name.upper() if given == "extra_headers" else name  # header names merge case-insensitively
    seen: list[httpx.Request] = []
    caplog.set_level(logging.DEBUG)
    on_client = {"default_headers": {spelled: value}} if given == "constructor" else {}
    with CubiCasa(api_key=KEY, base_url=BASE, transport=_echoing(seen, 401), max_retries=0, **on_client) as client:
        caller = client.with_options(default_headers={spelled: value}) if given == "with_options" else client
        per_call = {"extra_headers": {spelled: value}} if given == "extra_headers" else {}
        with pytest.raises(errors.AuthenticationError) as caught:
            caller.orders.get(ORDER_ID, **per_call)
    assert seen[0].headers.get_list(name) == [value]  # sent once, as given
    error = caught.value
    shown = repr(error) + str(error) + repr(error.headers) + repr(error.body) + error.text
    shown += repr(error.__context__) + repr(error.__cause__) + caplog.text
    for secret in _secrets(value):
        assert secret not in shown, secret


@pytest.mark.parametrize("name", ["api-key", *sorted(CREDENTIALS)])
def test_raw_response_headers_are_redacted_of_a_per_call_credential(name: str) -> None:
    value = f"{CREDENTIALS.get(name, OTHER_KEY)}-raw"  # a value of its own: redaction is process-wide
    seen: list[httpx.Request] = []
    with CubiCasa(api_key=KEY, base_url=BASE, transport=_echoing(seen, 200), max_retries=0) as client:
        raw = client.orders.with_raw_response.get(ORDER_ID, extra_headers={name: value})
    assert seen[0].headers.get_list(name) == [value]
    assert raw.status_code == 200
    shown = repr(raw.headers) + str(dict(raw.headers)) + repr(raw)
    for secret in _secrets(value):
        assert secret not in shown, secret


def test_an_asset_download_may_follow_a_redirect_but_never_carries_a_credential(tmp_path: object) -> None:
    from pathlib import Path

    from cubicasa_integrate.downloads import download_order_assets

    seen: list[httpx.Request] = []

    def storage(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "assets.example.test":  # a pre-signed link that moved to another host
            return httpx.Response(302, headers={"location": f"{OTHER}/file.png?sig=1"})
        return httpx.Response(200, content=b"png bytes")

    order = order_json()
    order["delivery_assets"] = {"listing_floorplans": {"png_urls": ["https://assets.example.test/a/file.png?sig=0"]}}
    api = httpx.MockTransport(lambda request: httpx.Response(200, json=order))
    with (
        CubiCasa(api_key=KEY, base_url=BASE, transport=api, default_headers=CREDENTIALS) as client,
        httpx.Client(transport=httpx.MockTransport(storage), follow_redirects=True) as http,
    ):
        files = list(download_order_assets(client.orders.get(ORDER_ID), Path(str(tmp_path)), http=http))
    assert [f.path.read_bytes() for f in files] == [b"png bytes"]
    assert [r.url.host for r in seen] == ["assets.example.test", "evil.example.test"]
    for request in seen:
        assert not {"api-key", *CREDENTIALS} & {k.lower() for k in request.headers}, request.headers

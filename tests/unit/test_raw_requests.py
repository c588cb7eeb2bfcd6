"""The escape hatch (issue 25, finding 1): `client.get/post/patch/delete(path, cast_to=...)` for routes the spec
does not describe, with every guarantee of the facade methods."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from cubicasa_integrate import CubiCasa, errors
from cubicasa_integrate._response import APIResponse
from cubicasa_integrate_api.models import Order
from tests.unit.fakes import BASE, KEY, ORDER_ID, FakeAPI, json_body, order_json

INFO = {"name": "Example Oy", "offices": [{"id": "o-1"}]}


def test_get_decodes_a_route_the_spec_lacks_as_asked(api: FakeAPI) -> None:
    api.on("GET", "/companies/info", httpx.Response(200, json=INFO, headers={"x-request-id": "r-1"}))
    with api.client() as client:
        assert client.get("/companies/info", cast_to=dict) == INFO
        assert client.get("/companies/info", cast_to=bytes) == httpx.Response(200, json=INFO).content
        assert client.get("/companies/info", cast_to=str).startswith('{"name"')
        response = client.get("/companies/info", cast_to=httpx.Response)
    assert isinstance(response, httpx.Response)
    assert response.json() == INFO
    assert response.headers["x-request-id"] == "r-1"
    assert response.request.headers["api-key"] != KEY  # a copy, redacted: the request sent holds the key
    (sent,) = {request.headers["api-key"] for request in api.requests}
    assert sent == KEY


def test_typed_containers_decode_and_check_their_items(api: FakeAPI) -> None:
    # A strict type checker reads bare `dict` as dict[Unknown, Unknown]; typed code names the item types.
    api.on("GET", "/companies/info", httpx.Response(200, json=INFO))
    api.on("GET", "/offices", httpx.Response(200, json=["o-1", 2]))
    with api.client() as client:
        assert client.get("/companies/info", cast_to=dict[str, object]) == INFO
        assert client.get("/offices", cast_to=list[object]) == ["o-1", 2]
        with pytest.raises(errors.ResponseDecodeError, match="not a JSON array"):
            client.get("/offices", cast_to=list[str])
        with pytest.raises(errors.ResponseDecodeError, match="not a JSON object"):
            client.get("/offices", cast_to=dict[str, object])


def test_a_generated_model_and_a_list_decode_like_their_operations(api: FakeAPI) -> None:
    api.on("GET", f"/orders/{ORDER_ID}", httpx.Response(200, json=order_json()))
    api.on("GET", "/offices", httpx.Response(200, json=[{"id": "o-1"}]))
    with api.client() as client:
        order = client.get("/orders/{order_id}", path_params={"order_id": ORDER_ID}, cast_to=Order)
        offices = client.get("/offices", cast_to=list)
    assert isinstance(order, Order)
    assert order.id == ORDER_ID
    assert offices == [{"id": "o-1"}]


def test_params_and_body_are_sent_as_given(api: FakeAPI) -> None:
    api.on("POST", f"/orders/{ORDER_ID}/redraw", httpx.Response(200, json={"ok": True}))
    with api.client() as client:
        client.post(
            "/orders/{order_id}/redraw",
            path_params={"order_id": ORDER_ID},
            params={"notify": True, "tag": ["a", "b"]},
            body={"reason": "walls"},
            cast_to=dict,
        )
    (request,) = api.requests
    assert request.url.params.multi_items() == [("notify", "true"), ("tag", "a"), ("tag", "b")]
    assert json_body(request) == {"reason": "walls"}


HOSTILE_PATHS = [
    "/orders/../users",
    "/orders/%2F..%2Fusers",
    "/orders/a%2Fb",
    "/orders/a/",
    "/companies/info?api-key=x",
    "/companies/info#x",
    "/orders/a\nb",
    "/orders/a\x00",
    "/orders/ a",
    "//evil.example/x",
    "https://evil.example/x",
    "companies/info",
    "/",
    "/orders/./x",
]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_hostile_path_is_refused_before_anything_is_sent(api: FakeAPI, path: str) -> None:
    with api.client() as client, pytest.raises(ValueError, match="path") as refused:
        client.get(path, cast_to=dict)
    assert api.requests == []
    assert KEY not in str(refused.value)


@pytest.mark.parametrize("value", ["..", "a/b", "%2F", "a?b=1", "a#b", "a\r\nb", "", "."])
def test_a_hostile_path_param_is_refused_like_an_id(api: FakeAPI, value: str) -> None:
    with api.client() as client, pytest.raises(ValueError, match="path_params"):
        client.delete("/webhooks/{webhook_id}", path_params={"webhook_id": value}, cast_to=dict)
    assert api.requests == []


def test_placeholders_and_path_params_must_match(api: FakeAPI) -> None:
    with api.client() as client:
        with pytest.raises(ValueError, match="does not give"):
            client.get("/orders/{order_id}", cast_to=dict)
        with pytest.raises(ValueError, match="not placeholders"):
            client.get("/orders", path_params={"order_id": ORDER_ID}, cast_to=dict)
        with pytest.raises(TypeError, match="cast_to"):
            client.get("/orders", cast_to=set)
        with pytest.raises(ValueError, match="method"):
            client.request("TRACE", "/orders", cast_to=dict)
    assert api.requests == []


def test_a_post_is_never_repeated_unless_said_idempotent(api: FakeAPI) -> None:
    api.on("POST", "/orders/x/redraw", httpx.Response(503), httpx.Response(200, json={}))
    with api.client(max_retries=3) as client:
        with pytest.raises(errors.InternalServerError):
            client.post("/orders/x/redraw", cast_to=dict)
        assert len(api.calls("POST", "/orders/x/redraw")) == 1
        api.on("PATCH", "/users/u", httpx.ReadTimeout("late"))
        with pytest.raises(errors.APITimeoutError):
            client.patch("/users/u", body={"role": "User"}, cast_to=dict)
        assert len(api.calls("PATCH", "/users/u")) == 1
        api.on("POST", "/orders/y/redraw", httpx.Response(503), httpx.Response(200, json={"ok": 1}))
        assert client.post("/orders/y/redraw", cast_to=dict, idempotent=True) == {"ok": 1}
        assert len(api.calls("POST", "/orders/y/redraw")) == 2


def test_a_post_that_never_left_is_retried_as_every_post_is(api: FakeAPI) -> None:
    api.on("POST", "/orders/x/redraw", httpx.ConnectError("refused"), httpx.Response(200, json={}))
    with api.client(max_retries=2) as client:
        assert client.post("/orders/x/redraw", cast_to=dict) == {}


def test_reads_are_retried(api: FakeAPI) -> None:
    api.on("GET", "/companies/info", httpx.Response(502), httpx.Response(200, json=INFO))
    api.on("DELETE", "/webhooks", httpx.Response(500), httpx.Response(200, json={}))
    with api.client(max_retries=2) as client:
        assert client.get("/companies/info", cast_to=dict) == INFO
        assert client.delete("/webhooks", cast_to=dict) == {}
        api.on("GET", "/companies/info", httpx.Response(502), httpx.Response(200, json=INFO))
        with pytest.raises(errors.InternalServerError):  # the caller says this read must not be repeated
            client.get("/companies/info", cast_to=dict, idempotent=False, timeout=1)


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_not_followed_and_its_location_redacted(status: int) -> None:
    other: list[httpx.Request] = []

    def reply(request: httpx.Request) -> httpx.Response:
        if request.url.host != httpx.URL(BASE).host:
            other.append(request)
            return httpx.Response(200, json={})
        return httpx.Response(status, headers={"location": f"https://other.example/x?k={KEY}"})

    http = httpx.Client(transport=httpx.MockTransport(reply), follow_redirects=True)
    with CubiCasa(KEY, base_url=BASE, http_client=http) as client:
        with pytest.raises(errors.APIRedirectError) as caught:
            client.post("/orders/x/redraw", body={"a": 1}, cast_to=dict)
        with pytest.raises(errors.APIRedirectError):
            client.get("/companies/info", cast_to=dict)
    assert other == []
    assert KEY not in str(caught.value)
    assert KEY not in caught.value.location


@pytest.mark.parametrize(
    ("content", "cast_to", "problem"),
    [
        (b"<html>502</html>", dict, "not JSON"),
        (b"[1, 2]", dict, "JSON object"),
        (b'{"a": 1}', list, "JSON array"),
        (b"[" * 100 + b"]" * 100, list, "nested"),
        (b"[" * 100_000 + b"]" * 100_000, list, "nested"),
        (b"\xff\xfe", str, "UTF-8"),
        (b'{"id": 1}', Order, "not a valid Order"),
    ],
)
def test_a_body_that_does_not_decode_is_a_decode_error(
    api: FakeAPI, content: bytes, cast_to: type[Any], problem: str
) -> None:
    api.on("GET", "/companies/info", httpx.Response(200, content=content))
    with api.client() as client, pytest.raises(errors.ResponseDecodeError, match=problem):
        client.get("/companies/info", cast_to=cast_to)


def test_a_huge_body_is_cut_at_max_response_bytes(api: FakeAPI) -> None:
    api.on("GET", "/companies/info", httpx.Response(200, content=b"[" + b"0," * 50_000 + b"0]"))
    with api.client(max_response_bytes=10_000) as client, pytest.raises(errors.ResponseDecodeError, match="larger"):
        client.get("/companies/info", cast_to=list)


def test_errors_are_typed_and_redacted(api: FakeAPI, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api.on("GET", "/companies/info", httpx.Response(404, json={"detail": f"no key {KEY}"}))
    with api.client() as client, pytest.raises(errors.NotFoundError) as caught:
        client.get("/companies/info", cast_to=dict)
    assert caught.value.path == "/companies/info"
    assert KEY not in str(caught.value)
    assert KEY not in caplog.text


def test_with_raw_response_and_with_options_work_with_it(api: FakeAPI) -> None:
    api.on("GET", "/companies/info", httpx.Response(503), httpx.Response(200, json=INFO))
    with api.client(max_retries=0) as client:
        raw = client.with_options(max_retries=1).with_raw_response.get("/companies/info", cast_to=dict)
        assert isinstance(raw, APIResponse)
        assert raw.parse() == INFO
        assert raw.status_code == 200
        assert raw.retries_taken == 1
        assert raw.http_request.headers["api-key"] != KEY
        api.on("GET", "/companies/info", httpx.Response(503), httpx.Response(200, json=INFO))
        with pytest.raises(errors.InternalServerError):  # the copy's max_retries, not the client's
            client.get("/companies/info", cast_to=dict)
        api.on("POST", "/x", httpx.Response(201, json={}))
        posted = client.with_raw_response.post("/x", cast_to=httpx.Response)
        assert posted.status_code == 201
        assert isinstance(posted.parse(), httpx.Response)


def test_a_per_call_key_replaces_the_clients_and_is_redacted(api: FakeAPI) -> None:
    api.on("GET", "/companies/info", httpx.Response(401, json={"detail": "bad"}))
    with api.client() as client, pytest.raises(errors.AuthenticationError):
        client.get("/companies/info", cast_to=dict, extra_headers={"API-KEY": "per-call-secret-123"})
    assert api.requests[-1].headers.get_list("api-key") == ["per-call-secret-123"]


@pytest.mark.anyio
async def test_the_async_twin_keeps_the_same_guarantees(api: FakeAPI) -> None:
    api.on("GET", "/companies/info", httpx.Response(500), httpx.Response(200, json=INFO))
    api.on("POST", "/orders/x/redraw", httpx.Response(500), httpx.Response(200, json={}))
    async with api.async_client(max_retries=2) as client:
        assert await client.get("/companies/info", cast_to=dict) == INFO
        with pytest.raises(errors.InternalServerError):
            await client.post("/orders/x/redraw", cast_to=dict)
        assert len(api.calls("POST", "/orders/x/redraw")) == 1
        with pytest.raises(ValueError, match="path"):
            await client.patch("/orders/../users", cast_to=dict)
        api.on("DELETE", "/webhooks", httpx.Response(200, content=b"done"))
        raw = await client.with_options(timeout=5).with_raw_response.delete("/webhooks", cast_to=bytes)
    assert raw.status_code == 200
    assert raw.parse() == b"done"

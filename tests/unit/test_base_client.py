"""overrides/cubicasa_integrate/_base_client.py: every error class, decode guards, and what errors carry."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from cubicasa_integrate import errors
from cubicasa_integrate.types import Order
from tests.support import as_read
from tests.unit.fakes import KEY, ORDER_ID, FakeAPI, order_json

GET_ORDER = f"/orders/{ORDER_ID}"

STATUS_CLASSES = [
    (400, errors.BadRequestError),
    (401, errors.AuthenticationError),
    (403, errors.PermissionDeniedError),
    (404, errors.NotFoundError),
    (409, errors.APIStatusError),
    (422, errors.UnprocessableEntityError),
    (429, errors.RateLimitError),
    (500, errors.InternalServerError),
    (502, errors.InternalServerError),
    (503, errors.InternalServerError),
    (520, errors.InternalServerError),
    (599, errors.InternalServerError),
]


@pytest.mark.parametrize(("status", "error_class"), STATUS_CLASSES)
def test_each_error_status_raises_its_class_with_context(
    api: FakeAPI, status: int, error_class: type[errors.APIStatusError]
) -> None:
    api.on("GET", GET_ORDER, httpx.Response(status, json={"detail": "nope"}))
    with api.client(max_retries=0) as client, pytest.raises(error_class) as caught:
        client.orders.get(ORDER_ID)
    error = caught.value
    assert type(error) is error_class
    assert isinstance(error, errors.APIStatusError)
    assert isinstance(error, errors.CubiCasaError)
    assert error.status_code == status
    assert (error.method, error.path) == ("GET", GET_ORDER)
    assert error.body == {"detail": "nope"}
    assert f"{status}" in str(error)
    assert f"GET {GET_ORDER}" in str(error)
    assert '"nope"' in str(error)


def test_bad_request_carries_the_parsed_field_errors(api: FakeAPI) -> None:
    body = {"validation_error": {"body_params": [{"loc": ["add_ons", 0], "msg": "not purchasable", "type": "x"}]}}
    api.on("GET", GET_ORDER, httpx.Response(200, json=order_json()))
    api.on("POST", f"{GET_ORDER}/post-purchase", httpx.Response(400, json=body))
    with api.client() as client, pytest.raises(errors.BadRequestError) as caught:
        client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"])
    assert caught.value.errors == [errors.FieldError(("body_params", "add_ons", 0), "not purchasable", "x")]
    assert len(api.calls("POST", f"{GET_ORDER}/post-purchase")) == 1


def test_rate_limit_error_carries_retry_after(api: FakeAPI) -> None:
    api.on("GET", GET_ORDER, httpx.Response(429, json={}, headers={"retry-after": "7"}))
    with api.client(max_retries=0) as client, pytest.raises(errors.RateLimitError) as caught:
        client.orders.get(ORDER_ID)
    assert caught.value.retry_after == 7.0
    assert caught.value.headers["retry-after"] == "7"


@pytest.mark.parametrize(
    ("status", "content", "error_class"),
    [
        (401, b"<html><body>401 Authorization Required</body></html>", errors.AuthenticationError),
        (502, b"<html><h1>502 Bad Gateway</h1></html>", errors.InternalServerError),
        (404, b'"just a string"', errors.NotFoundError),
        (500, b"", errors.InternalServerError),
    ],
)
def test_error_status_with_a_body_that_is_not_the_spec_still_raises_the_status_class(
    api: FakeAPI, status: int, content: bytes, error_class: type[errors.APIStatusError]
) -> None:
    api.on("GET", GET_ORDER, httpx.Response(status, content=content, headers={"content-type": "text/html"}))
    with api.client(max_retries=0) as client, pytest.raises(error_class) as caught:
        client.orders.get(ORDER_ID)
    assert caught.value.status_code == status
    assert caught.value.text == content.decode()


@pytest.mark.parametrize(
    "content",
    [
        b"<html>maintenance</html>",  # an HTML page with 200
        b'{"id": "x", "info": {"status": "Ready", "created',  # truncated JSON
        b"[]",  # the wrong JSON type
        b'{"id": "x"}',  # a required key missing
        b'{"id": "x", "info": "Ready"}',  # a nested object of the wrong type
        b"",
    ],
)
def test_success_status_with_a_body_that_is_not_an_order_raises_response_decode_error(
    api: FakeAPI, content: bytes
) -> None:
    api.on("GET", GET_ORDER, httpx.Response(200, content=content))
    with api.client() as client, pytest.raises(errors.ResponseDecodeError) as caught:
        client.orders.get(ORDER_ID)
    error = caught.value
    assert error.status_code == 200
    assert (error.method, error.path) == ("GET", GET_ORDER)
    assert "not a valid Order" in str(error)
    assert not isinstance(error, KeyError | ValueError | TypeError)
    assert len(api.requests) == 1  # a body we cannot read is not retried


def test_undocumented_success_status_is_a_decode_error(api: FakeAPI) -> None:
    api.on("GET", GET_ORDER, httpx.Response(204))
    with api.client() as client, pytest.raises(errors.ResponseDecodeError, match="undocumented status 204"):
        client.orders.get(ORDER_ID)


@pytest.mark.parametrize(
    ("exception", "error_class", "sent"),
    [
        (httpx.ConnectError("refused"), errors.APIConnectionError, False),
        (httpx.ConnectTimeout("slow dns"), errors.APITimeoutError, False),
        (httpx.ReadTimeout("slow"), errors.APITimeoutError, True),
        (httpx.RemoteProtocolError("Server disconnected without sending a response."), errors.APIConnectionError, True),
        (httpx.ReadError("reset by peer"), errors.APIConnectionError, True),
    ],
)
def test_transport_failures_raise_connection_errors(
    api: FakeAPI, exception: Exception, error_class: type[errors.APIConnectionError], sent: bool
) -> None:
    api.on("GET", GET_ORDER, exception)
    with api.client(max_retries=0) as client, pytest.raises(error_class) as caught:
        client.orders.get(ORDER_ID)
    assert type(caught.value) is error_class
    assert caught.value.request_sent is sent
    # Nothing leads back to httpx's exception, whose .request carries the api-key header in clear.
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None
    assert type(exception).__name__ in str(caught.value)
    assert ("was not sent" in str(caught.value)) is not sent


def test_no_error_ever_holds_the_api_key(api: FakeAPI) -> None:
    """Even when the server echoes the key back, neither the message nor the kept body text shows it."""
    api.on("GET", GET_ORDER, httpx.Response(401, content=f"bad key {KEY}".encode()))
    with api.client() as client, pytest.raises(errors.AuthenticationError) as caught:
        client.orders.get(ORDER_ID)
    error = caught.value
    assert KEY not in str(error)
    assert KEY not in repr(error)
    assert KEY not in error.text
    assert KEY not in repr(vars(error))


def test_a_successful_response_is_the_generated_model(api: FakeAPI) -> None:
    api.on("GET", GET_ORDER, httpx.Response(200, json=order_json()))
    with api.client() as client:
        order = client.orders.get(ORDER_ID)
    assert type(order) is Order
    assert order.to_dict() == as_read(Order, order_json())


def test_programming_errors_are_not_disguised(api: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception raised before anything is sent is a bug, and surfaces as itself."""
    from cubicasa_integrate_api.api.orders import get_order

    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("bug")

    monkeypatch.setattr(get_order, "build_request", broken)
    with api.client() as client, pytest.raises(TypeError, match="bug"):
        client.orders.get(ORDER_ID)


@pytest.mark.parametrize("declare_length", [True, False])
def test_a_body_larger_than_the_limit_fails_cleanly(api: FakeAPI, declare_length: bool) -> None:
    huge = b'{"id": "' + b"x" * 5000 + b'"}'
    headers = {"content-length": str(len(huge))} if declare_length else {}

    def reply(request: httpx.Request) -> httpx.Response:
        # Streamed, as from a real server (a response built from bytes is read before the transport sees it).
        return httpx.Response(200, content=iter([huge[:2000], huge[2000:]]), headers=headers)

    api.on("GET", GET_ORDER, reply)
    with api.client(max_response_bytes=4096) as client, pytest.raises(errors.ResponseDecodeError) as caught:
        client.orders.get(ORDER_ID)
    assert "larger than 4096 bytes" in str(caught.value)
    assert caught.value.status_code == 200


def test_an_error_body_larger_than_the_limit_still_reports_the_status(api: FakeAPI) -> None:
    api.on("GET", GET_ORDER, lambda request: httpx.Response(503, content=iter([b"x" * 10_000])))
    with api.client(max_response_bytes=1024, max_retries=0) as client, pytest.raises(errors.InternalServerError):
        client.orders.get(ORDER_ID)


def test_deeply_nested_json_fails_cleanly(api: FakeAPI) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    api.on("GET", GET_ORDER, httpx.Response(200, content=b'{"id": "x", "info": {"surprise": ' + deep + b"}}"))
    with api.client() as client, pytest.raises(errors.ResponseDecodeError, match="nested too deep"):
        client.orders.get(ORDER_ID)


@pytest.mark.anyio
async def test_async_client_applies_the_size_limit(api: FakeAPI) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"id": "' + b"x" * 5000

    api.on("GET", GET_ORDER, lambda request: httpx.Response(200, content=chunks()))
    async with api.async_client(max_response_bytes=100) as client:
        with pytest.raises(errors.ResponseDecodeError, match="larger than 100 bytes"):
            await client.orders.get(ORDER_ID)


def test_max_response_bytes_is_checked() -> None:
    with pytest.raises(errors.ConfigurationError, match="max_response_bytes"):
        FakeAPI().client(max_response_bytes=0)


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", None), ("id", 12345), ("id", ["x"]), ("created_at", "yesterday"), ("created_at", True), ("status", 5)],
)
def test_required_fields_of_the_wrong_type_are_a_decode_error(api: FakeAPI, field: str, value: object) -> None:
    """0.3.1 returned an Order for id: null, id: 12345 and created_at: "yesterday"."""
    document = order_json()
    if field == "id":
        document["id"] = value
    else:
        document["info"][field] = value
    api.on("GET", GET_ORDER, httpx.Response(200, json=document))
    with api.client() as client, pytest.raises(errors.ResponseDecodeError, match=f"not a valid Order .*{field}"):
        client.orders.get(ORDER_ID)


@pytest.mark.parametrize("status", [200, 503])
def test_max_response_bytes_counts_decoded_bytes_not_compressed_ones(api: FakeAPI, status: int) -> None:
    """0.3.1 counted what travelled: a 100 KB gzip body inflating to 100 MB was accepted."""
    import gzip

    inflated = b'{"id": "' + b"x" * 200_000 + b'"}'
    compressed = gzip.compress(inflated)
    assert len(compressed) < 4096 < len(inflated)

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=iter([compressed]), headers={"content-encoding": "gzip"})

    api.on("GET", GET_ORDER, reply)
    expected = errors.ResponseDecodeError if status == 200 else errors.InternalServerError
    with api.client(max_response_bytes=4096, max_retries=0) as client, pytest.raises(expected) as caught:
        client.orders.get(ORDER_ID)
    assert caught.value.status_code == status
    if status == 200:
        assert "larger than 4096 bytes" in str(caught.value)


def test_a_body_that_is_not_the_gzip_it_claims_is_a_decode_error(api: FakeAPI) -> None:
    api.on(
        "GET",
        GET_ORDER,
        lambda request: httpx.Response(200, content=iter([b"nope"]), headers={"content-encoding": "gzip"}),
    )
    with api.client() as client, pytest.raises(errors.ResponseDecodeError, match="cannot be decoded") as caught:
        client.orders.get(ORDER_ID)
    assert caught.value.__context__ is None


def private_generated_names(source: str) -> set[str]:
    """The `_private` attributes read off generated operation modules (`call.operation._x`, `operation._x`)."""
    import ast

    return {
        node.attr
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and isinstance(node.value, ast.Attribute | ast.Name)
        and (node.value.attr if isinstance(node.value, ast.Attribute) else node.value.id) == "operation"
    }


def test_the_loop_uses_only_the_public_surface_of_the_generated_operations() -> None:
    """build_request and RESPONSES (endpoint_module.py.jinja): no private generated name, no stand-in response."""
    from tests.support import ROOT

    source = (ROOT / "overrides" / "cubicasa_integrate" / "_base_client.py").read_text()
    assert "operation.build_request" in source
    assert "operation.RESPONSES" in source
    assert private_generated_names(source) == set()
    assert "AuthenticatedClient" not in source


def test_the_private_name_check_sees_one() -> None:
    assert private_generated_names("call.operation._get_kwargs(**a)\noperation._parse_response(r)") == {
        "_get_kwargs",
        "_parse_response",
    }

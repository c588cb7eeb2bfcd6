"""overrides/cubicasa_integrate/_retries.py: what is retried, how long it waits, and that a purchase is never
sent twice."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from cubicasa_integrate import errors
from cubicasa_integrate._retries import RetryPolicy, parse_retry_after
from tests.unit.fakes import ORDER_ID, FakeAPI, order_json

GET_ORDER = f"/orders/{ORDER_ID}"
PURCHASE = f"/orders/{ORDER_ID}/post-purchase"
OK = httpx.Response(200, json=order_json())


def status(code: int, **headers: str) -> httpx.Response:
    return httpx.Response(code, json={"detail": "transient"}, headers=headers)


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        status(408),
        status(429),
        status(500),
        status(502),
        status(503),
        status(504),
    ],
    ids=lambda f: type(f).__name__ if isinstance(f, Exception) else str(f.status_code),
)
def test_get_recovers_from_transient_failures(api: FakeAPI, failure: httpx.Response | Exception) -> None:
    api.on("GET", GET_ORDER, failure, failure, OK)
    with api.client(max_retries=2) as client:
        assert client.orders.get(ORDER_ID).id == ORDER_ID
    assert len(api.requests) == 3


def test_gives_up_after_max_retries_with_the_last_error(api: FakeAPI, sleeps: list[float]) -> None:
    api.on("GET", GET_ORDER, status(503))
    with api.client(max_retries=3) as client, pytest.raises(errors.InternalServerError):
        client.orders.get(ORDER_ID)
    assert len(api.requests) == 4
    assert len(sleeps) == 3


@pytest.mark.parametrize("code", [400, 401, 403, 404, 409, 422])
def test_client_errors_are_not_retried(api: FakeAPI, code: int) -> None:
    api.on("GET", GET_ORDER, status(code), OK)
    with api.client(max_retries=2) as client, pytest.raises(errors.APIStatusError):
        client.orders.get(ORDER_ID)
    assert len(api.requests) == 1


def test_max_retries_zero_sends_once(api: FakeAPI) -> None:
    api.on("GET", GET_ORDER, status(503), OK)
    with api.client(max_retries=0) as client, pytest.raises(errors.InternalServerError):
        client.orders.get(ORDER_ID)
    assert len(api.requests) == 1


def test_backoff_is_exponential_with_jitter_and_capped(api: FakeAPI, sleeps: list[float]) -> None:
    api.on("GET", GET_ORDER, status(503))
    with api.client(max_retries=6) as client, pytest.raises(errors.InternalServerError):
        client.orders.get(ORDER_ID)
    ceilings = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert len(sleeps) == len(ceilings)
    assert all(0 <= wait <= ceiling for wait, ceiling in zip(sleeps, ceilings, strict=True))


def test_retry_after_is_honoured(api: FakeAPI, sleeps: list[float]) -> None:
    api.on("GET", GET_ORDER, status(429, **{"retry-after": "3"}), status(503, **{"retry-after": "1.5"}), OK)
    with api.client() as client:
        client.orders.get(ORDER_ID)
    assert sleeps == [3.0, 1.5]


def test_a_retry_after_too_long_to_wait_fails_at_once(api: FakeAPI, sleeps: list[float]) -> None:
    api.on("GET", GET_ORDER, status(429, **{"retry-after": "3600"}), OK)
    with api.client() as client, pytest.raises(errors.RateLimitError) as caught:
        client.orders.get(ORDER_ID)
    assert caught.value.retry_after == 3600.0
    assert sleeps == []


def test_patch_is_retried(api: FakeAPI) -> None:
    config = {"webhook_urls": ["https://example.com/h"], "webhook_triggers": ["moved_to_ready"]}
    api.on("PATCH", "/companies/webhook", status(502), httpx.Response(200, json=config))
    with api.client() as client:
        client.webhooks.update(urls=["https://example.com/h"], triggers=["moved_to_ready"])
    assert len(api.requests) == 2


# ----------------------------------------------------------------------------------- purchases (POST)


def test_purchase_is_retried_when_it_provably_never_left(api: FakeAPI) -> None:
    api.on("GET", GET_ORDER, httpx.Response(200, json=order_json()))
    api.on("POST", PURCHASE, httpx.ConnectError("refused"), httpx.ConnectTimeout("dns"), OK)
    with api.client(max_retries=2) as client:
        client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"])
    assert len(api.calls("POST", PURCHASE)) == 3


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("connection reset by peer"),
        httpx.WriteError("broken pipe"),
        status(500),
        status(502),
        status(503),
        status(429),
        status(408),
    ],
    ids=lambda f: type(f).__name__ if isinstance(f, Exception) else str(f.status_code),
)
def test_purchase_is_never_sent_twice_once_it_may_have_been_received(
    api: FakeAPI, failure: httpx.Response | Exception
) -> None:
    api.on("POST", PURCHASE, failure, OK)
    api.on("GET", GET_ORDER, httpx.Response(200, json=order_json()))
    with api.client(max_retries=5) as client, pytest.raises(errors.CubiCasaError):
        # The fake order lacks 3d_cad_files, so reconciliation cannot confirm the purchase.
        client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"])
    assert len(api.calls("POST", PURCHASE)) == 1


def test_other_posts_are_not_repeated_either(api: FakeAPI) -> None:
    api.on("POST", "/users", status(503), httpx.Response(200, json={"email": "a@example.com"}))
    with api.client() as client, pytest.raises(errors.InternalServerError):
        client.users.add("a@example.com")
    assert len(api.requests) == 1


# ----------------------------------------------------------------------------------- the policy itself


def test_parse_retry_after() -> None:
    now = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after(None) is None
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after("0.25") == 0.25
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after("Thu, 26 Nov 2026 12:00:30 GMT", now=lambda: now) == 30.0
    assert parse_retry_after("Thu, 26 Nov 2026 11:00:00 GMT", now=lambda: now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None
    assert parse_retry_after("inf") is None


def test_should_retry_matrix() -> None:
    policy = RetryPolicy(max_retries=2)
    where = {"method": "GET", "path": "/x"}
    not_sent = errors.APIConnectionError("x", request_sent=False, **where)
    sent = errors.APITimeoutError("x", request_sent=True, **where)

    def status_error(cls: type[errors.APIStatusError], code: int, **extra: object) -> errors.APIStatusError:
        return cls("x", status_code=code, body=None, text="", headers={}, **where, **extra)  # type: ignore[arg-type]

    assert policy.should_retry(not_sent, idempotent=False)
    assert not policy.should_retry(sent, idempotent=False)
    assert policy.should_retry(sent, idempotent=True)
    assert policy.should_retry(status_error(errors.InternalServerError, 500), idempotent=True)
    assert not policy.should_retry(status_error(errors.InternalServerError, 500), idempotent=False)
    assert policy.should_retry(status_error(errors.RateLimitError, 429, retry_after=None), idempotent=True)
    assert not policy.should_retry(status_error(errors.RateLimitError, 429, retry_after=61.0), idempotent=True)
    assert not policy.should_retry(status_error(errors.NotFoundError, 404), idempotent=True)
    assert not policy.should_retry(ValueError("bug"), idempotent=True)


# ----------------------------------------------------------------------------------- asyncio: the same loop


@pytest.mark.anyio
async def test_async_get_recovers_with_the_same_waits(api: FakeAPI, sleeps: list[float]) -> None:
    api.on("GET", GET_ORDER, status(503), status(429, **{"retry-after": "2"}), OK)
    async with api.async_client(max_retries=2) as client:
        assert (await client.orders.get(ORDER_ID)).id == ORDER_ID
    assert len(api.requests) == 3
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.5
    assert sleeps[1] == 2.0


@pytest.mark.anyio
async def test_async_gives_up_after_max_retries_with_the_last_error(api: FakeAPI, sleeps: list[float]) -> None:
    api.on("GET", GET_ORDER, httpx.ReadTimeout("slow"), status(503))
    async with api.async_client(max_retries=2) as client:
        with pytest.raises(errors.InternalServerError):
            await client.orders.get(ORDER_ID)
    assert len(api.requests) == 3
    assert len(sleeps) == 2


@pytest.mark.anyio
async def test_async_purchase_is_not_retried_once_it_may_have_been_received(api: FakeAPI) -> None:
    api.on("POST", PURCHASE, httpx.ConnectError("refused"), status(503), OK)
    api.on("GET", GET_ORDER, httpx.Response(200, json=order_json()))
    async with api.async_client(max_retries=5) as client:
        with pytest.raises(errors.PurchaseStateUnknownError):
            await client.orders.upgrade(ORDER_ID, add_ons=["3d_cad_files"])
    assert len(api.calls("POST", PURCHASE)) == 2  # the refused connection is retried, the 503 is not


def test_a_failure_is_never_sent_again_by_the_retry_loop(api: FakeAPI, sleeps: list[float]) -> None:
    """Exactly one request per attempt."""
    api.on("GET", GET_ORDER, status(502), status(502), status(502))
    with api.client(max_retries=2) as client, pytest.raises(errors.InternalServerError):
        client.orders.get(ORDER_ID)
    assert len(api.requests) == 3
    assert len(sleeps) == 2

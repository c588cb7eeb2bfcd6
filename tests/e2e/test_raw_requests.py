"""The escape hatch end to end (issue 25): a route the spec does not have, on the sandbox over loopback HTTP.

The sandbox answers `GET /companies/info`, which CubiCasa's documentation lists (company information) but the spec
leaves out (no shape is documented); it is marked NOT IN THE SPEC in the sandbox. The client reaches it with
`client.get(path, cast_to=...)`, sync and async, through the user's own httpx client too, with the facade's
guarantees: its key checked, a 503 retried for the read, the response of the call's own request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from cubicasa_integrate import AsyncCubiCasa, CubiCasa, errors
from cubicasa_sandbox import OFF_SPEC_ROUTES, RunningSandbox
from tests.e2e.support import TEST_KEY, checked_sandbox


@pytest.fixture(scope="module")
def running() -> Iterator[RunningSandbox]:
    with checked_sandbox() as sandbox:
        yield sandbox


def test_the_route_is_not_in_the_spec(running: RunningSandbox) -> None:
    assert "/companies/info" in OFF_SPEC_ROUTES
    spec = httpx.get(running.base_url.split("/api/")[0] + "/openapi.yaml").text
    assert "/companies/info" not in spec


def test_the_sync_hatch_reaches_it(running: RunningSandbox) -> None:
    with httpx.Client(timeout=10) as http, CubiCasa(TEST_KEY, base_url=running.base_url, http_client=http) as client:
        info = client.get("/companies/info", cast_to=dict)
        raw = client.with_raw_response.get("/companies/info", cast_to=dict)
        retried = client.get("/companies/info", cast_to=dict, extra_headers={"x-sandbox-fault": "503;times=1"})
    assert info["not_in_the_spec"] is True
    assert info["users"] == len(running.sandbox.users)
    assert raw.status_code == 200
    assert raw.request_id
    assert raw.parse() == info
    assert retried == info


def test_its_key_is_checked_and_other_methods_refused(running: RunningSandbox) -> None:
    with CubiCasa("not-the-key", base_url=running.base_url) as client, pytest.raises(errors.AuthenticationError):
        client.get("/companies/info", cast_to=dict)
    with CubiCasa(TEST_KEY, base_url=running.base_url, max_retries=3) as client:
        with pytest.raises(errors.APIStatusError) as refused:
            client.post("/companies/info", body={}, cast_to=dict)
        with pytest.raises(errors.NotFoundError):
            client.get("/companies/nope", cast_to=dict)
    assert refused.value.status_code == 405


def test_the_async_hatch_reaches_it(running: RunningSandbox) -> None:
    async def run() -> tuple[dict[str, object], bytes]:
        async with AsyncCubiCasa(TEST_KEY, base_url=running.base_url) as client:
            info = await client.get("/companies/info", cast_to=dict)
            body = await client.with_options(timeout=10).get("/companies/info", cast_to=bytes)
            return info, body

    info, body = asyncio.run(run())
    assert info["not_in_the_spec"] is True
    assert body.startswith(b"{")

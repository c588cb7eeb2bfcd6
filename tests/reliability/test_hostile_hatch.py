"""The escape hatch (issue 25) inherits every guarantee of the facade, over real HTTP against a hostile server.

`client.get/post/patch(path, cast_to=...)` sends routes the spec does not describe. Each case is counted with
`hatch_held` in the summary's "escape hatch" row (tried, broke a guarantee: must be 0), and where it applies with
the checks the facade's own rows use: `no_redirect_followed` (the key never follows a 3xx), `no_leak` (an echoed
key is nowhere in the error, its chain or the logs), `no_escape` (only the documented errors reach the caller).
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from cubicasa_integrate import AsyncCubiCasa, CubiCasa, errors
from tests.reliability.hostile_server import HostileServer, Reply, hostile_server
from tests.reliability.tally import HOSTILE_KEY, Tally
from tests.reliability.test_hostile_core import ECHOES

INFO = "/companies/info"
REDRAW = "/orders/312babc6/redraw"
JSON = {"content-type": "application/json"}


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with hostile_server() as running:
        yield running


@pytest.fixture
def elsewhere() -> Iterator[HostileServer]:
    """A second host: whatever reaches it followed a redirect."""
    with hostile_server() as running:
        yield running


def client_for(server: HostileServer, **options: Any) -> CubiCasa:
    return CubiCasa(HOSTILE_KEY, base_url=server.base_url, timeout=5.0, **options)


# ------------------------------------------------------------------------------------------------ redirects
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_no_redirect_is_followed_through_the_hatch(
    status: int, server: HostileServer, elsewhere: HostileServer, tally: Tally, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    location = {"location": f"{elsewhere.base_url}{INFO}?k={HOSTILE_KEY}"}
    server.on("GET", INFO, Reply(status, b"", location))
    server.on("POST", REDRAW, Reply(status, b"", location))
    elsewhere.on("GET", INFO, Reply(200, b"{}", JSON))
    elsewhere.on("POST", INFO, Reply(200, b"{}", JSON))
    http = httpx.Client(follow_redirects=True)  # the user's own client, following redirects
    with CubiCasa(HOSTILE_KEY, base_url=server.base_url, http_client=http, max_retries=2) as client:
        for send in (
            lambda: client.get(INFO, cast_to=dict, params={"q": "1"}),
            lambda: client.post(REDRAW, body={"reason": "walls"}, cast_to=dict),
            lambda: client.post(REDRAW, body={}, cast_to=httpx.Response, idempotent=True),
        ):
            with tally.no_escape(errors.APIRedirectError) as raised:
                send()
            assert raised
            tally.calls += 1
            tally.no_redirect_followed(len(elsewhere.seen), f"{status} through the hatch")
            tally.hatch_held(len(elsewhere.seen), f"{status} followed")
            tally.no_leak(HOSTILE_KEY, raised[0], caplog.text)
    http.close()


# ------------------------------------------------------------------------------------------------ the key
@pytest.mark.parametrize("case", ECHOES, ids=list(ECHOES))
def test_an_echoed_key_is_nowhere_through_the_hatch(
    server: HostileServer, tally: Tally, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    server.on("GET", INFO, ECHOES[case])
    server.on("POST", REDRAW, ECHOES[case])
    with caplog.at_level(logging.DEBUG), client_for(server, max_retries=0) as client:
        for send in (lambda: client.get(INFO, cast_to=dict), lambda: client.post(REDRAW, cast_to=dict)):
            with tally.no_escape(errors.CubiCasaError) as raised:
                send()
            tally.calls += 1
            # A 2xx of valid JSON decodes (as dict the body is the caller's, echoed key and all): only what the
            # client itself writes - errors, their chains, logs - must hold no key.
            tally.no_leak(HOSTILE_KEY, *raised, caplog.text)
            failed = bool(raised) or ECHOES[case].status < 300
            tally.hatch_held(0 if failed else 1, f"{case}: an error answer did not fail the call")


def test_a_raw_response_through_the_hatch_hides_the_key(server: HostileServer, tally: Tally) -> None:
    server.on("GET", INFO, Reply(200, b"{}", {**JSON, "x-echo": HOSTILE_KEY}))
    with client_for(server) as client:
        response = client.get(INFO, cast_to=httpx.Response)
        raw = client.with_raw_response.get(INFO, cast_to=dict)
    tally.calls += 2
    tally.no_leak(
        HOSTILE_KEY, response.headers, response.request.headers, raw.headers, raw.http_request.headers, repr(raw)
    )
    tally.hatch_held(0, "raw response")


# ------------------------------------------------------------------------------------------------ retries
POST_FAILURES = {
    "500": Reply(500, b'{"detail": "boom"}', JSON),
    "503-retry-after-0": Reply(503, b"{}", {**JSON, "retry-after": "0"}),
    "502-html": Reply(502, b"<html>bad gateway</html>", {"content-type": "text/html"}),
    "429": Reply(429, b"{}", {**JSON, "retry-after": "0"}),
    "408": Reply(408, b"{}", JSON),
    "cut-mid-body": Reply(200, b'{"ok": true, "padding": "' + b"x" * 500 + b'"}', JSON, cut_after=20),
    "bad-json": Reply(200, b"{not json", JSON),
}


@pytest.mark.parametrize("case", POST_FAILURES, ids=list(POST_FAILURES))
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_a_post_through_the_hatch_is_sent_once(server: HostileServer, tally: Tally, case: str, method: str) -> None:
    server.on(method, REDRAW, POST_FAILURES[case], Reply(200, b"{}", JSON))
    with client_for(server, max_retries=3) as client, tally.no_escape(errors.APIError) as raised:
        client.request(method, REDRAW, body={"reason": "walls"}, cast_to=dict)
    tally.calls += 1
    assert raised
    tally.hatch_held(server.calls(method, REDRAW) - 1, f"{method} {case} repeated")


def test_a_read_through_the_hatch_is_retried(server: HostileServer, tally: Tally) -> None:
    server.on("GET", INFO, POST_FAILURES["503-retry-after-0"], Reply(200, b'{"name": "x"}', JSON))
    with client_for(server, max_retries=3) as client:
        assert client.get(INFO, cast_to=dict) == {"name": "x"}
    tally.calls += 1
    tally.hatch_held(0 if server.calls("GET", INFO) == 2 else 1, "a read not retried")


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_an_async_post_through_the_hatch_is_sent_once(server: HostileServer, tally: Tally) -> None:
    server.on("POST", REDRAW, POST_FAILURES["500"], Reply(200, b"{}", JSON))
    async with AsyncCubiCasa(HOSTILE_KEY, base_url=server.base_url, max_retries=3) as client:
        with tally.no_escape(errors.InternalServerError) as raised:
            await client.post(REDRAW, cast_to=dict)
    tally.calls += 1
    assert raised
    tally.hatch_held(server.calls("POST", REDRAW) - 1, "async POST repeated")


# ------------------------------------------------------------------------------------------------ hostile segments
HOSTILE_PATHS = [
    "/orders/../users",
    "/orders/%2e%2e/users",
    "/orders/a%2Fb/post-purchase",
    "/companies/info?api-key=x",
    "/companies/info#frag",
    "/orders/a\r\nHost: other.example",
    "/orders/a\x00b",
    "/orders/\u202eevil",
    "//other.example/companies/info",
    "http://other.example/companies/info",
    "/orders//post-purchase",
    "/companies/info/",
]
HOSTILE_IDS = ["..", "a/b", "%2F", "a?b", "a#b", "a\nb", "", " ", "\u2215"]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_hostile_path_is_never_sent(server: HostileServer, tally: Tally, path: str) -> None:
    with client_for(server) as client:
        for send in (lambda: client.get(path, cast_to=dict), lambda: client.post(path, cast_to=dict)):
            with tally.no_escape(ValueError) as raised:
                send()
            assert raised
            tally.hatch_held(len(server.seen), f"{path!r} sent")


@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_a_hostile_path_param_is_never_sent(server: HostileServer, tally: Tally, value: str) -> None:
    with client_for(server) as client, tally.no_escape(ValueError) as raised:
        client.patch("/users/{user_id}", path_params={"user_id": value}, body={}, cast_to=dict)
    assert raised
    tally.hatch_held(len(server.seen), f"path_params {value!r} sent")


# ------------------------------------------------------------------------------------------------ hostile bodies
def _deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


HOSTILE_BODIES: dict[str, tuple[Reply, type[Any]]] = {
    "html": (Reply(200, b"<html>oops</html>", {"content-type": "text/html"}), dict),
    "truncated-json": (Reply(200, b'{"name": "x", "of', JSON), dict),
    "array-for-object": (Reply(200, b"[1, 2, 3]", JSON), dict),
    "object-for-array": (Reply(200, b'{"a": 1}', JSON), list),
    "nested-100": (Reply(200, _deep(100), JSON), list),
    "nested-100000": (Reply(200, _deep(100_000), JSON), list),
    "nested-object-100000": (Reply(200, b'{"a":' * 100_000 + b"1" + b"}" * 100_000, JSON), dict),
    "huge-declared": (Reply(200, b"[" + b"0," * 300_000 + b"0]", JSON), list),
    "gzip-bomb": (
        Reply(200, gzip.compress(b"[" + b"0," * 2_000_000 + b"0]"), {**JSON, "content-encoding": "gzip"}),
        list,
    ),
    "bad-gzip": (Reply(200, b"not gzip at all", {**JSON, "content-encoding": "gzip"}), dict),
    "not-utf8": (Reply(200, b"\xff\xfe\xfa", {"content-type": "text/plain"}), str),
    "empty": (Reply(200, b"", JSON), dict),
}


@pytest.mark.parametrize("case", HOSTILE_BODIES, ids=list(HOSTILE_BODIES))
def test_a_hostile_body_ends_in_the_documented_error(server: HostileServer, tally: Tally, case: str) -> None:
    reply, cast_to = HOSTILE_BODIES[case]
    server.on("GET", INFO, reply)
    with (
        client_for(server, max_retries=0, max_response_bytes=500_000) as client,
        tally.no_escape(errors.ResponseDecodeError) as raised,
    ):
        client.get(INFO, cast_to=cast_to)
    tally.calls += 1
    tally.hatch_held(0 if raised else 1, f"{case} decoded")
    if raised:
        json.dumps(raised[0].args)  # what the error holds can be logged as JSON: no deep value in it
        tally.no_leak(HOSTILE_KEY, raised[0])


def test_a_hostile_body_through_the_async_hatch(server: HostileServer, tally: Tally) -> None:
    server.on("GET", INFO, Reply(200, _deep(100_000), JSON))

    async def run() -> list[BaseException]:
        async with AsyncCubiCasa(HOSTILE_KEY, base_url=server.base_url, max_retries=0) as client:
            with tally.no_escape(errors.ResponseDecodeError) as raised:
                await client.get(INFO, cast_to=list)
            return raised

    raised = asyncio.run(run())
    tally.calls += 1
    tally.hatch_held(0 if raised else 1, "async deep body decoded")

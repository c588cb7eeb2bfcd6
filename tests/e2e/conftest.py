"""One sandbox for the tier, reset before every test, and no test may make it break the spec."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import assert_no_violations, checked_sandbox


@pytest.fixture(scope="session")
def _session_sandbox() -> Iterator[RunningSandbox]:
    with checked_sandbox() as running:
        yield running


@pytest.fixture
def running(_session_sandbox: RunningSandbox) -> Iterator[RunningSandbox]:
    """The shared sandbox in its seeded state; after the test, every response it sent must match the spec."""
    _session_sandbox.sandbox.reset()
    yield _session_sandbox
    _session_sandbox.sandbox.wait_for_webhooks(5.0)
    assert_no_violations(_session_sandbox)


@pytest.fixture
def client(running: RunningSandbox) -> Iterator[httpx.Client]:
    """Plain httpx on the API base URL with the right api-key (no client facade)."""
    with httpx.Client(base_url=running.base_url, headers={"api-key": running.api_key}, timeout=5.0) as http:
        yield http


@pytest.fixture
def web() -> Iterator[httpx.Client]:
    """Plain httpx without any api-key: for asset URLs and /_sandbox/ controls."""
    with httpx.Client(timeout=5.0) as http:
        yield http

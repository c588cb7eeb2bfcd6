"""Unit-tier fixtures: a fake API and retries that do not really sleep."""

from __future__ import annotations

import pytest

from cubicasa_integrate import _retries
from tests.unit.fakes import FakeAPI


@pytest.fixture
def api() -> FakeAPI:
    return FakeAPI()


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every backoff wait the client asks for, in order (nothing actually sleeps)."""
    waited: list[float] = []

    async def async_sleep(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(_retries, "sleep", waited.append)
    monkeypatch.setattr(_retries, "async_sleep", async_sleep)
    return waited


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"

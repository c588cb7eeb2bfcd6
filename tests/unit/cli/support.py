"""Running the `cubicasa` command in-process against a fake API (tests.unit.fakes.FakeAPI)."""

from __future__ import annotations

import io
from collections.abc import Callable

import httpx
import pytest
from click.testing import CliRunner, Result

from cubicasa_integrate import CubiCasa
from cubicasa_integrate.cli import _app, cli
from tests.unit.fakes import KEY, FakeAPI

__all__ = ["Interrupted", "Invoke", "cli_against"]

Invoke = Callable[..., Result]


class Interrupted(io.BytesIO):
    """A stdin whose first read is a Ctrl-C, as when the user interrupts a prompt."""

    def read(self, size: int | None = -1) -> bytes:
        if size == 0:  # click probes whether the stream is binary with read(0)
            return b""
        raise KeyboardInterrupt

    read1 = readline = read  # type: ignore[assignment]


def cli_against(api: FakeAPI, monkeypatch: pytest.MonkeyPatch, files: httpx.MockTransport | None = None) -> Invoke:
    """`invoke(*args, input=None, key=KEY)` runs `cubicasa ...` against `api` (asset downloads against `files`).

    The key comes from the environment, as users set it. Exceptions are not caught by the runner, so anything
    that escapes the command's own handling fails the test instead of hiding in `result.exception`.
    """
    monkeypatch.setattr(_app, "CubiCasa", lambda *a, **kw: CubiCasa(*a, transport=httpx.MockTransport(api), **kw))
    if files is not None:
        monkeypatch.setattr(_app, "asset_client", lambda timeout: httpx.Client(transport=files))
    monkeypatch.delenv("CUBICASA_BASE_URL", raising=False)

    def invoke(*args: str, input: str | io.BytesIO | None = None, key: str | None = KEY) -> Result:
        env = {"CUBICASA_API_KEY": key or ""}
        return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)

    return invoke

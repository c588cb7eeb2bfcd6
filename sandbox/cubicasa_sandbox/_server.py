"""Running the sandbox over real loopback HTTP: `serve()` (a background thread, for tests and demos) and
`run_forever()` (the foreground; the one command line that runs it is the client's `cubicasa sandbox`).

uvicorn runs with its pure-Python h11 protocol, subclassed only to register each connection's transport with the
sandbox (`connection_made` / `connection_lost`), which is what lets `drop_before` / `drop_after` / `drop_during`
faults abort a real TCP connection. Measured with httpx 0.28 against this server on loopback:

* `drop_before`, `drop_after` (no response byte): `httpx.RemoteProtocolError: Server disconnected without sending
  a response.`, every time: both read the whole request before closing, because a socket closed with request
  bytes unread sends RST, which the client would meet as `httpx.ReadError: [Errno 104] Connection reset by peer`;
* `drop_during`: `httpx.RemoteProtocolError: peer closed connection without sending complete message body
  (received N bytes, expected M)`.

The alternative, an asyncio TCP proxy in front of uvicorn, would need the same per-connection bookkeeping plus a
second hop for every byte; the protocol subclass is two small overrides of a class that uvicorn has kept stable.
"""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any, TextIO

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.utils import get_remote_addr

from cubicasa_integrate._urls import is_loopback

from ._model import SandboxConfig
from ._sandbox import Sandbox
from ._spec import BASE_PATH

__all__ = ["RunningSandbox", "check_host", "run_forever", "serve"]


@dataclass(frozen=True)
class RunningSandbox:
    """A sandbox listening on `host:port`."""

    sandbox: Sandbox
    host: str
    port: int

    @property
    def root_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The API base URL to give a client, e.g. `http://127.0.0.1:50123/api/integrate/v3`."""
        return self.root_url + BASE_PATH

    @property
    def spec_url(self) -> str:
        return self.root_url + "/openapi.yaml"

    @property
    def api_key(self) -> str:
        return self.sandbox.config.api_key


def check_host(host: str, allow_non_loopback: bool = False) -> None:
    """Refuse to listen beyond this machine unless asked to: the sandbox has no real security."""
    if not allow_non_loopback and not is_loopback(host):
        raise ValueError(
            f"refusing to listen on {host!r}: the sandbox binds loopback addresses only "
            "(127.0.0.1, ::1, localhost) unless allow_non_loopback=True"
        )


def _protocol(sandbox: Sandbox) -> type[H11Protocol]:
    class SandboxH11Protocol(H11Protocol):
        """uvicorn's h11 protocol, telling the sandbox which transport serves which client address."""

        _sandbox_peer: tuple[str, int] | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # as uvicorn's
            super().connection_made(transport)
            # asyncio sets TCP_NODELAY only on sockets created with proto=IPPROTO_TCP; without it, a response sent
            # as headers then body waits ~40 ms for the client's delayed ACK (Nagle).
            sock = transport.get_extra_info("socket")
            if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._sandbox_peer = get_remote_addr(transport)
            if self._sandbox_peer is not None:
                sandbox.register_connection(self._sandbox_peer, transport)

        def connection_lost(self, exc: Exception | None) -> None:
            if self._sandbox_peer is not None:
                sandbox.register_connection(self._sandbox_peer, None)
            super().connection_lost(exc)

    return SandboxH11Protocol


def _uvicorn(sandbox: Sandbox, log_level: str, access_log: bool) -> uvicorn.Server:
    config = uvicorn.Config(
        sandbox.app,
        http=_protocol(sandbox),
        loop="asyncio",
        ws="none",
        lifespan="on",
        log_level=log_level,
        access_log=access_log,
        timeout_graceful_shutdown=1,
        server_header=False,
    )
    return uvicorn.Server(config)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


@contextmanager
def serve(
    config: SandboxConfig | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    sandbox: Sandbox | None = None,
    allow_non_loopback: bool = False,
    log_level: str = "warning",
    access_log: bool = False,
    startup_timeout: float = 10.0,
    shutdown_timeout: float = 10.0,
) -> Iterator[RunningSandbox]:
    """Run a sandbox in a background thread for the duration of a `with` block.

    `port=0` picks a free port; the yielded object's `.base_url` is what a client needs. Pass `sandbox=` to serve
    an existing Sandbox (its state outlives the server), else one is built from `config`.
    """
    check_host(host, allow_non_loopback)
    sandbox = sandbox if sandbox is not None else Sandbox(config)
    sock = _bind(host, port)
    server = _uvicorn(sandbox, log_level, access_log)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"cubicasa-sandbox-{sock.getsockname()[1]}", daemon=True
    )
    try:
        thread.start()
        deadline = time.monotonic() + startup_timeout
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the sandbox server stopped during startup (see the uvicorn log)")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the sandbox server did not start within {startup_timeout} s")
            time.sleep(0.005)
        yield RunningSandbox(sandbox, host, int(sock.getsockname()[1]))
    finally:
        server.should_exit = True
        thread.join(shutdown_timeout)
        if thread.is_alive():
            server.force_exit = True
            thread.join(2.0)
        sock.close()
        if thread.is_alive():  # pragma: no cover - uvicorn honours force_exit within its 0.1 s tick
            raise RuntimeError("the sandbox server thread did not stop")


def _config(**values: Any) -> SandboxConfig:
    known = {f.name for f in fields(SandboxConfig)}
    unknown = set(values) - known
    if unknown:
        raise TypeError(f"unknown sandbox option(s): {', '.join(sorted(unknown))} (known: {', '.join(sorted(known))})")
    if "faults" in values:
        values["faults"] = tuple(values["faults"])
    for key in ("webhook_urls", "webhook_triggers"):
        if key in values:
            values[key] = tuple(values[key])
    return SandboxConfig(**values)


def run_forever(
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    allow_non_loopback: bool = False,
    log_level: str = "info",
    out: TextIO | None = None,
    **config: Any,
) -> None:
    """Serve a sandbox in the foreground until interrupted (Ctrl-C). `config` holds SandboxConfig fields."""
    check_host(host, allow_non_loopback)
    sandbox = Sandbox(_config(**config))
    sock = _bind(host, port)
    running = RunningSandbox(sandbox, host, int(sock.getsockname()[1]))
    stream = out if out is not None else sys.stdout
    stream.write(
        f"CubiCasa sandbox on {running.root_url}\n"
        f"  API base URL  {running.base_url}   (header  api-key: {sandbox.config.api_key})\n"
        f"  spec          {running.spec_url}\n"
        f"  controls      {running.root_url}/_sandbox\n"
        f"  orders        {len(sandbox.order_ids())} (seed {sandbox.config.seed})\n"
    )
    stream.flush()
    try:
        _uvicorn(sandbox, log_level, access_log=log_level in ("debug", "trace")).run(sockets=[sock])
    finally:
        sock.close()

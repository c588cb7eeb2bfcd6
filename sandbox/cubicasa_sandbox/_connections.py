"""Which TCP connection serves which client address: what lets the drop faults abort a real connection."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

__all__ = ["Connections"]


class Connections:
    """Transports by client address, filled by the sandbox's uvicorn protocol (`_server.py`).

    Only the server's event loop touches it (connection_made / connection_lost / the request handlers), so it
    needs no lock."""

    def __init__(self) -> None:
        self._transports: dict[tuple[str, int], asyncio.BaseTransport] = {}

    def register(self, peer: tuple[str, int], transport: asyncio.BaseTransport | None) -> None:
        """Remember a new connection's transport; None forgets it (the connection was lost)."""
        if transport is None:
            self._transports.pop(peer, None)
        else:
            self._transports[peer] = transport

    @property
    def open(self) -> int:
        """How many client connections the server holds open right now (to prove clients close theirs)."""
        return len(self._transports)

    def of(self, peer: Iterable[Any] | None) -> asyncio.BaseTransport | None:
        """The transport serving an ASGI `client` (host, port), if the sandbox's protocol registered it."""
        if peer is None:
            return None
        host, port, *_ = peer
        return self._transports.get((str(host), int(port)))

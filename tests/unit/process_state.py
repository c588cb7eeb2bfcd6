"""What a user's script leaves behind in its process: run as `python -m tests.unit.process_state` (by
tests/unit/test_process_state.py), in a fresh interpreter with CUBICASA_LOG set, it imports the package, takes a
snapshot of the process-wide state a library could change, builds, uses and closes a CubiCasa (and a with_options
copy), an AsyncCubiCasa, parses a webhook body and builds a webhook receiver, takes the snapshot again and prints
both as JSON.

A fresh interpreter, because every one of these effects is idempotent: in a process where another test built a
client first, before and after would agree whatever building a client does.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import sys
import threading
import warnings
import weakref
from typing import Any

import httpx

KEY = "process-state-probe-key-0123456789"
BASE = "https://app.cubi.casa/api/integrate/v3"
LOGGERS = ("", "cubicasa_integrate", "cubicasa_integrate.drift", "httpx", "httpcore", "httpcore.http11")
"""The root logger, the package's, and the HTTP stack's: what a library may configure."""

__all__ = ["KEY", "LOGGERS", "main", "snapshot"]


def _logger_state(name: str) -> dict[str, Any]:
    logger = logging.getLogger(name)
    return {
        "level": logger.level,
        "propagate": logger.propagate,
        "disabled": logger.disabled,
        "handlers": [f"{type(handler).__name__}@{id(handler)}" for handler in logger.handlers],
        "filters": [f"{type(item).__name__}@{id(item)}" for item in logger.filters],
    }


def _shown(name: str) -> str:
    """What the logger `name` makes of a record that holds the key (its filters applied, no handler needed)."""
    record = logging.LogRecord(name, logging.WARNING, __file__, 0, "echo %s", (KEY,), None)
    logging.getLogger(name).filter(record)
    return record.getMessage()


def snapshot() -> dict[str, Any]:
    """The process-wide state a client could change, as JSON values."""
    gc.collect()  # a client dropped without close() is released by its finalizer: collect it first
    from cubicasa_integrate import errors
    from cubicasa_integrate_api import types

    return {
        "loggers": {name or "root": _logger_state(name) for name in LOGGERS},
        # The redaction that applies outside any client: what a record or an error holding the key shows.
        "log records": {name or "root": _shown(name) for name in LOGGERS},
        "errors": str(errors.APIError(f"echo {KEY}", method="GET", path="/orders")),
        "generated types module": sorted(
            f"{name}={value!r}" for name, value in vars(types).items() if not name.startswith("__")
        ),
        "finalizers": sorted(f"{type(item).__name__}@{id(item)}" for item in weakref.finalize._registry),  # type: ignore[attr-defined]
        "threads": sorted(thread.name for thread in threading.enumerate()),
        "environment": sorted(os.environ),
        "warnings filters": [repr(item) for item in warnings.filters],
        "excepthooks": [repr(sys.excepthook), repr(threading.excepthook)],
    }


def _use() -> None:
    """What a script does: build, call (an order, a page), a copy with other options, close; the async twin;
    a webhook body parsed and a receiver built."""
    from cubicasa_integrate import AsyncCubiCasa, CubiCasa, webhooks
    from cubicasa_integrate.webhook_receiver import SyncReceiver
    from tests.support import load_example
    from tests.unit.fakes import ORDER_ID, order_json, page_json

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/orders"):
            return httpx.Response(200, json=page_json([order_json()], has_more=False))
        return httpx.Response(200, json=order_json())

    with CubiCasa(KEY, base_url=BASE, transport=httpx.MockTransport(answer)) as client:
        client.orders.get(ORDER_ID)
        list(client.orders.list())
        copy = client.with_options(timeout=60, default_headers={"Authorization": "probe-other-secret-0123456789"})
        copy.orders.get(ORDER_ID)
        copy.close()
    CubiCasa(KEY, base_url=BASE, transport=httpx.MockTransport(answer))  # dropped without close()

    async def use_async() -> None:
        async with AsyncCubiCasa(KEY, base_url=BASE, transport=httpx.MockTransport(answer)) as client:
            await client.orders.get(ORDER_ID)

        async def work(order_id: str) -> None:
            del order_id

        SyncReceiver(work)

    asyncio.run(use_async())
    webhooks.parse(json.dumps(load_example("webhook_order_status.payload.json")))


def main() -> None:
    import cubicasa_integrate.webhook_receiver  # noqa: F401  # imported first: importing is not what is measured
    from cubicasa_integrate import AsyncCubiCasa, CubiCasa, webhooks  # noqa: F401

    before = snapshot()
    _use()
    after = snapshot()
    json.dump({"before": before, "after": after}, sys.stdout)


if __name__ == "__main__":
    main()

"""A benchmark worker: one interpreter that runs named candidates on request and times them itself.

The parent starts one worker per code variant (a git commit's generated/ and overrides/ first on PYTHONPATH,
optionally with some installed packages hidden) and drives every worker in the same interleaved rounds. The
protocol is one JSON object per line: {"run": name, "n": count} -> {"seconds": elapsed}, or {"error": text}.

Candidate names (see build below) are `kind` or `kind:argument`, e.g. `decode:20`, `async:50`; `gc-time/NAME`
and `gc-runs/NAME` run NAME and return the seconds spent in the cyclic GC, or the number of collections.
"""

from __future__ import annotations

import asyncio
import importlib.abc
import importlib.machinery
import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

__all__ = ["HIDE_ENV", "SERVER_ENV", "build", "main"]

HIDE_ENV = "CUBICASA_BENCH_HIDE"
"""Comma-separated top-level packages to make unimportable, as if not installed (e.g. msgspec, sniffio)."""
SERVER_ENV = "CUBICASA_BENCH_SERVER"
"""Base URL of the loopback server (benchmarks.server) for the round-trip candidates."""
KEY = "bench-key"
ORDER_ID = "312babc6-e742-4d54-ac49-e0f7b16ec15a"
UPGRADE = {"package_type": None, "add_ons": ["gla"]}

Runner = Callable[[int], float]


class _NotInstalled(importlib.abc.MetaPathFinder):
    """Makes packages fail to import the way a missing one does, at the same cost: a full search of sys.path."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
        if fullname.split(".")[0] in self.names:
            importlib.machinery.PathFinder.find_spec(f"_{fullname}_is_not_installed", path)
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


def hide_packages() -> None:
    names = {name for name in os.environ.get(HIDE_ENV, "").split(",") if name}
    if names:
        sys.meta_path.insert(0, _NotInstalled(names))


def _loop(fn: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> Runner:
    def run(n: int) -> float:
        started = clock()
        for _ in range(n):
            fn()
        return clock() - started

    return run


def _cpu_loop(fn: Callable[[], object]) -> Runner:
    """For work that never waits (decoding): the process's CPU time, which other processes on a shared machine do
    not inflate the way they inflate wall time when they take the CPU away."""
    return _loop(fn, time.process_time)


# ------------------------------------------------------------------------------------------------ decode


def _decode(kind: str, size: int) -> Runner:
    import json as stdlib_json

    from benchmarks.fixtures import page_bytes

    content = page_bytes(size)
    if kind == "json.loads":
        return _cpu_loop(lambda: stdlib_json.loads(content))
    if kind == "orjson":
        import orjson

        return _cpu_loop(lambda: orjson.loads(content))
    if kind == "msgspec-untyped":
        import msgspec

        untyped = msgspec.json.Decoder()
        return _cpu_loop(lambda: untyped.decode(content))
    if kind == "pydantic":
        from benchmarks.rivals import PydanticOrderList

        return _cpu_loop(lambda: PydanticOrderList.model_validate_json(content))
    if kind == "msgspec":
        import msgspec

        from benchmarks.rivals import MsgspecOrderList

        typed = msgspec.json.Decoder(MsgspecOrderList)
        return _cpu_loop(lambda: typed.decode(content))
    if kind == "decode":
        # Exactly what the client does with a 200 response of GET /orders: the generated _build_response of that
        # version (its JSON parser, OrderList.from_dict, and whatever else it does around them).
        import httpx

        from cubicasa_integrate import make_generated_client
        from cubicasa_integrate_api.api.orders import list_orders

        client = make_generated_client(KEY, base_url="http://127.0.0.1")
        response = httpx.Response(200, content=content)
        return _cpu_loop(lambda: list_orders._build_response(client=client, response=response))
    raise KeyError(kind)


# -------------------------------------------------------------------------------------------- round trips


def _server() -> str:
    return os.environ[SERVER_ENV]


def _sequential(kind: str, size: int) -> Runner:
    import json as stdlib_json

    import httpx

    if kind == "raw-get":
        http = httpx.Client(base_url=_server(), headers={"api-key": KEY})
        return _loop(lambda: stdlib_json.loads(http.get("/orders", params={"limit": size}).content))
    if kind == "raw-post":
        http = httpx.Client(base_url=_server(), headers={"api-key": KEY})
        path = f"/orders/{ORDER_ID}/post-purchase"
        return _loop(lambda: stdlib_json.loads(http.post(path, json=UPGRADE).content))
    if kind == "pydantic-get":
        from benchmarks.rivals import PydanticOrderList

        http = httpx.Client(base_url=_server(), headers={"api-key": KEY})
        return _loop(lambda: PydanticOrderList.model_validate_json(http.get("/orders", params={"limit": size}).content))
    if kind == "msgspec-get":
        import msgspec

        from benchmarks.rivals import MsgspecOrderList

        typed = msgspec.json.Decoder(MsgspecOrderList)
        http = httpx.Client(base_url=_server(), headers={"api-key": KEY})
        return _loop(lambda: typed.decode(http.get("/orders", params={"limit": size}).content))

    from cubicasa_integrate import CubiCasa

    client = CubiCasa(KEY, base_url=_server())
    if kind == "get":
        return _loop(lambda: next(iter(client.orders.list(page_size=size).pages())))
    if kind == "post":
        return _loop(lambda: client.orders.upgrade(ORDER_ID, add_ons=["gla"]))
    raise KeyError(kind)


def _concurrent(kind: str, in_flight: int) -> Runner:
    """n GET /orders (20 orders) with `in_flight` requests at a time; returns the wall time of the batch."""
    import json as stdlib_json

    import httpx

    loop = asyncio.new_event_loop()
    fetch: Callable[[], Any]
    if kind == "raw-async":
        http = httpx.AsyncClient(base_url=_server(), headers={"api-key": KEY})

        async def fetch_raw() -> Any:
            return stdlib_json.loads((await http.get("/orders", params={"limit": 20})).content)

        fetch = fetch_raw
    elif kind == "async":
        from cubicasa_integrate import AsyncCubiCasa

        client = AsyncCubiCasa(KEY, base_url=_server())

        async def fetch_client() -> Any:
            async for page in client.orders.list(page_size=20).pages():
                return page  # the first page, as a user reading one page would
            return None

        fetch = fetch_client
    else:
        raise KeyError(kind)

    async def batch(n: int) -> None:
        remaining = [n]

        async def lane() -> None:
            while remaining[0] > 0:
                remaining[0] -= 1
                await fetch()

        await asyncio.gather(*(lane() for _ in range(in_flight)))

    def run(n: int) -> float:
        started = time.perf_counter()
        loop.run_until_complete(batch(n))
        return time.perf_counter() - started

    return run


def _in_gc(inner: Runner, measure: str) -> Runner:
    """Runs `inner` and returns what the cyclic GC cost during it: seconds ('gc-time') or collections ('gc-runs')."""
    import gc

    totals = {"seconds": 0.0, "runs": 0}
    started: list[float] = []

    def callback(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started.append(time.perf_counter())
            totals["runs"] += 1
        elif started:
            totals["seconds"] += time.perf_counter() - started.pop()

    def run(n: int) -> float:
        totals.update(seconds=0.0, runs=0)
        gc.callbacks.append(callback)
        try:
            inner(n)
        finally:
            gc.callbacks.remove(callback)
        return float(totals["seconds"] if measure == "gc-time" else totals["runs"])

    return run


def build(name: str) -> Runner:
    if name.startswith(("gc-time/", "gc-runs/")):
        measure, _, inner = name.partition("/")
        return _in_gc(build(inner), measure)
    kind, _, argument = name.partition(":")
    size = int(argument or 20)
    if kind in ("json.loads", "orjson", "msgspec-untyped", "pydantic", "msgspec", "decode"):
        return _decode(kind, size)
    if kind in ("raw-async", "async"):
        return _concurrent(kind, size)
    return _sequential(kind, size)


def main() -> None:
    hide_packages()
    runners: dict[str, Runner] = {}
    out = sys.stdout
    sys.stdout = sys.stderr  # anything a candidate prints must not break the protocol
    for line in sys.stdin:
        request = json.loads(line)
        try:
            name = request["run"]
            if name not in runners:
                runners[name] = build(name)
            reply: dict[str, Any] = {"seconds": runners[name](int(request["n"]))}
        except Exception:
            reply = {"error": traceback.format_exc()}
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    main()

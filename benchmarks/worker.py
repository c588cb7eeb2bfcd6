"""A benchmark worker: one interpreter that runs named candidates on request and times them itself.

The parent starts one worker per code variant (a git commit's generated/ and overrides/ first on PYTHONPATH,
optionally with some installed packages hidden) and drives every worker in the same interleaved rounds. The
protocol is one JSON object per line: {"run": name, "n": count} -> {"seconds": elapsed, "gc_seconds": in the
cyclic GC during the run, "collections": count}, or {"error": text}. The GC figures come from gc.callbacks
(benchmarks.gctime) around the whole run, so they include collections that a call causes but that run after it.

Candidate names (see build below) are `kind` or `kind:argument`, e.g. `decode:20`, `async:50`; `kept/NAME` runs
NAME with each result kept alive until the next call has returned (see _kept). A decode or in-process kind may
carry the reads a user makes of the result, `kind+typical` or `kind+every` (benchmarks/reads.py), e.g.
`kept/inproc+typical:20`: each call decodes, then reads, and the reads are timed with it. `sync-<candidate>:O/F/S/L/C`
runs a bulk-sync candidate (benchmarks/downloaders.py) on the scenario of O orders of F files of S bytes each
answered after L ms (benchmarks/assets.py), C files at a time.
"""

from __future__ import annotations

import asyncio
import importlib.abc
import importlib.machinery
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.gctime import GcTime

__all__ = ["HIDE_ENV", "KEPT", "SERVER_ENV", "build", "in_process", "main", "with_reads"]

HIDE_ENV = "CUBICASA_BENCH_HIDE"
"""Comma-separated top-level packages to make unimportable, as if not installed (e.g. msgspec, sniffio)."""
SERVER_ENV = "CUBICASA_BENCH_SERVER"
"""Base URL of the loopback server (benchmarks.server) for the round-trip candidates."""
KEY = "bench-key"
BASE_URL = "https://app.cubi.casa/api/integrate/v3"
ORDER_ID = "312babc6-e742-4d54-ac49-e0f7b16ec15a"
UPGRADE = {"package_type": None, "add_ons": ["gla"]}
KEPT = 1
"""Results a `kept/` candidate holds while it makes the next one: a consumer works on the page it has while the
next one arrives, so the page is still alive when the next call's collections run. A loop that drops each result
at once lets CPython's allocation count fall back before any collection sees the page, which hides the GC cost of
objects that live on (the old decode figure); holding more pages makes full collections walk more."""

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


def _cpu_loop(fn: Callable[[], object], *, keep: int = 0) -> Runner:
    """For work that never waits (decoding): the process's CPU time, which other processes on a shared machine do
    not inflate the way they inflate wall time when they take the CPU away. With `keep`, the last `keep` results
    stay alive while the next is made (see KEPT)."""
    if not keep:
        return _loop(fn, time.process_time)

    def run(n: int) -> float:
        held: deque[object] = deque(maxlen=keep)
        started = time.process_time()
        for _ in range(n):
            held.append(fn())
        held.clear()  # freeing the last results is part of their cost, and the next sample must not see them
        return time.process_time() - started

    return run


# ------------------------------------------------------------------------------------------------ decode


DECODERS = ("json.loads", "orjson", "msgspec-untyped", "pydantic", "msgspec", "decode", "decode-radar", "decode-drift")


def _decoder(kind: str, size: int) -> Callable[[], object]:
    import json as stdlib_json

    from benchmarks.fixtures import page_bytes

    content = page_bytes(size)
    if kind == "json.loads":
        return lambda: stdlib_json.loads(content)
    if kind == "orjson":
        import orjson

        return lambda: orjson.loads(content)
    if kind == "msgspec-untyped":
        import msgspec

        return _bound(msgspec.json.Decoder().decode, content)
    if kind == "pydantic":
        from benchmarks.rivals import PydanticOrderList

        return lambda: PydanticOrderList.model_validate_json(content)
    if kind == "msgspec":
        import msgspec

        from benchmarks.rivals import MsgspecOrderList

        return _bound(msgspec.json.Decoder(MsgspecOrderList).decode, content)
    if kind in ("decode", "decode-radar", "decode-drift"):
        # Exactly what the client does with a 200 response of GET /orders, in that version. decode-radar:
        # with the drift radar listening, as it did once a CubiCasa was built (before 0.6; since then the decode
        # tells the radar nothing, the request loop's sampled audit does); decode-drift: and a page with an
        # unknown field and an unknown status in every order.
        import httpx

        if kind != "decode":
            from benchmarks.fixtures import drifting_page_bytes

            try:
                from cubicasa_integrate._drift import install  # type: ignore[attr-defined]  # before 0.6
            except ImportError:
                pass
            else:
                install()
            if kind == "decode-drift":
                content = drifting_page_bytes(size)

        try:  # 0.6: the request loop decodes a 200 of listOrders with _decode (msgspec into the attrs models)
            from cubicasa_integrate._decode import decode as client_decode
        except ImportError:  # an earlier version (a baseline, a lever's before): its generated _build_response
            from cubicasa_integrate import make_generated_client
            from cubicasa_integrate_api.api.orders import list_orders

            client = make_generated_client(KEY, base_url="http://127.0.0.1")
            response = httpx.Response(200, content=content)
            return lambda: list_orders._build_response(client=client, response=response)
        from cubicasa_integrate_api.models import OrderList

        return lambda: client_decode(OrderList, content)
    raise KeyError(kind)


def _bound(decode: Callable[[bytes], object], content: bytes) -> Callable[[], object]:
    return lambda: decode(content)


# ----------------------------------------------------------------------------------------------- in process

IN_PROCESS = ("inproc-raw", "inproc", "inproc-pydantic", "inproc-msgspec", "inproc-noradar")
PLAIN = ("json.loads", "orjson", "msgspec-untyped", "inproc-raw")
"""The kinds whose result is plain dicts and lists; the others give typed models."""
RESPONSES = ("decode", "decode-radar", "decode-drift")
"""The kinds whose result may be the generated Response (versions before 0.6): the page is its `parsed`."""


def in_process(kind: str, size: int) -> Callable[[], object]:
    """One list call answered by an httpx.MockTransport in this process: no socket and no server, so the time is
    the caller's alone. The body is a page of `size` documented orders (fixtures.documented_page_bytes)."""
    import json as stdlib_json

    import httpx

    from benchmarks.fixtures import documented_page_bytes

    content = documented_page_bytes(size)
    headers = {"content-type": "application/json"}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=content, headers=headers))
    if kind in ("inproc-raw", "inproc-pydantic", "inproc-msgspec"):
        http = httpx.Client(base_url=BASE_URL, headers={"api-key": KEY}, transport=transport)
        params = {"limit": size}
        if kind == "inproc-raw":
            return lambda: stdlib_json.loads(http.get("/orders", params=params).content)
        if kind == "inproc-msgspec":
            import msgspec

            from benchmarks.rivals import MsgspecOrderList

            typed = msgspec.json.Decoder(MsgspecOrderList)
            return lambda: typed.decode(http.get("/orders", params=params).content)
        from benchmarks.rivals import PydanticOrderList

        return lambda: PydanticOrderList.model_validate_json(http.get("/orders", params=params).content)
    if kind in ("inproc", "inproc-noradar"):
        from cubicasa_integrate import CubiCasa

        client = CubiCasa(KEY, transport=transport)
        if kind == "inproc":
            return lambda: next(iter(client.orders.list(page_size=size).pages()))
        # The same call with the drift radar not listening (no audit; before 0.6 also no hook in the decode), in
        # the same process as `inproc`: the difference is what listening costs. What is switched off is put back
        # after each call, so `inproc` samples interleaved with these keep listening.
        from cubicasa_integrate import _base_client
        from cubicasa_integrate_api import types

        def unheard() -> object:
            if hasattr(types, "drift_hook"):  # before 0.6
                hook, types.drift_hook = types.drift_hook, None
                try:
                    return next(iter(client.orders.list(page_size=size).pages()))
                finally:
                    types.drift_hook = hook
            audits, _base_client.should_audit = _base_client.should_audit, lambda operation: False
            try:
                return next(iter(client.orders.list(page_size=size).pages()))
            finally:
                _base_client.should_audit = audits

        return unheard
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


def _sync(kind: str, argument: str) -> Runner:
    """n syncs of the scenario, each into a fresh empty folder (made and removed outside the timed part)."""
    from benchmarks import downloaders
    from benchmarks.assets import Scenario

    *numbers, concurrency = (int(part) for part in argument.split("/"))
    scenario = Scenario(*numbers)
    base_url = scenario.base_url(_server())
    loop = asyncio.new_event_loop()

    def run(n: int) -> float:
        elapsed = 0.0
        for _ in range(n):
            dest = Path(tempfile.mkdtemp(prefix="cubicasa-sync-bench-"))
            try:
                started = time.perf_counter()
                settled = downloaders.run(kind, base_url, dest, concurrency, loop)
                elapsed += time.perf_counter() - started
            finally:
                shutil.rmtree(dest)
            if settled != scenario.total_files:  # a candidate that skipped files must not look fast
                raise RuntimeError(f"{kind} settled {settled} of {scenario.total_files} files")
        return elapsed

    return run


def with_reads(fn: Callable[[], object], kind: str, level: str) -> Callable[[], object]:
    """`fn` followed by the reads of `level` (reads.LEVELS) of its page; the call returns what `fn` returned, so a
    kept result holds the page as the reads left it."""
    if not level:
        return fn
    from benchmarks.reads import reader

    read = reader(level, models=kind not in PLAIN)
    if kind in RESPONSES:

        def decode_and_read_response() -> object:
            response: Any = fn()
            read(getattr(response, "parsed", response))
            return response

        return decode_and_read_response

    def decode_and_read() -> object:
        page = fn()
        read(page)
        return page

    return decode_and_read


def build(name: str) -> Runner:
    if name.startswith("sync-"):
        kind, _, argument = name.removeprefix("sync-").partition(":")
        return _sync(kind, argument)
    keep = 0
    if name.startswith("kept/"):
        keep, name = KEPT, name.removeprefix("kept/")
    kind, _, argument = name.partition(":")
    kind, _, level = kind.partition("+")
    size = int(argument or 20)
    if kind in DECODERS:
        return _cpu_loop(with_reads(_decoder(kind, size), kind, level), keep=keep)
    if kind in IN_PROCESS:
        return _cpu_loop(with_reads(in_process(kind, size), kind, level), keep=keep)
    if level:
        raise KeyError(f"+{level} applies to the decode and in-process candidates only, not {name!r}")
    if keep:
        raise KeyError(f"kept/ applies to the CPU-timed candidates only, not {name!r}")
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
            with GcTime() as counted:
                seconds = runners[name](int(request["n"]))
            gc_seconds, collections = counted.take()
            reply: dict[str, Any] = {"seconds": seconds, "gc_seconds": gc_seconds, "collections": collections}
        except Exception:
            reply = {"error": traceback.format_exc()}
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    main()

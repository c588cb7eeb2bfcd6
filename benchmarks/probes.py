"""Measurements that need a fresh interpreter each: memory held by decoded orders, and memory while paging.

    python -m benchmarks.probes memory <decoder>      # {"retained": bytes, "peak": bytes} for 1,000 orders
    python -m benchmarks.probes paging <orders>       # {"peak": bytes, "orders": n} iterating lazily
    python -m benchmarks.probes sync KIND O/F/S/L/C   # {"peak": bytes} or, with --rss, {"rss_growth": bytes}
                                                      # of a sync candidate (downloaders.py) on that scenario

Run by the benchmark with the variant's PYTHONPATH (see processes.python_env); prints one JSON object.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import resource
import shutil
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.worker import KEY, SERVER_ENV, hide_packages

__all__ = ["WARM_UP", "main"]

WARM_UP = 200


def _decoder(name: str) -> Callable[[bytes], Any]:
    if name == "dicts":
        return json.loads
    if name == "client":
        try:  # 0.6: what the request loop does with a 200 of listOrders
            from cubicasa_integrate._decode import decode
        except ImportError:  # an earlier version (the baseline, a lever's before): its generated _build_response
            import httpx

            from cubicasa_integrate import make_generated_client
            from cubicasa_integrate_api.api.orders import list_orders

            client = make_generated_client(KEY, base_url="http://127.0.0.1")
            return lambda content: list_orders._build_response(
                client=client, response=httpx.Response(200, content=content)
            )
        from cubicasa_integrate_api.models import OrderList

        return lambda content: decode(OrderList, content)
    if name == "client-read":
        read = _decoder("client")

        def decode_and_read(content: bytes) -> Any:
            decoded = read(content)
            _read_every_field(getattr(decoded, "parsed", decoded))  # a generated Response before 0.6
            return decoded

        return decode_and_read
    if name == "pydantic":
        from benchmarks.rivals import PydanticOrderList

        return PydanticOrderList.model_validate_json
    if name == "msgspec":
        import msgspec

        from benchmarks.rivals import MsgspecOrderList

        return msgspec.json.Decoder(MsgspecOrderList).decode
    raise KeyError(name)


def _read_every_field(value: Any) -> None:
    """Read every attribute of a decoded model tree."""
    import attrs

    pending = [value]
    while pending:
        current = pending.pop()
        if isinstance(current, list):
            pending.extend(current)
        elif attrs.has(type(current)):
            pending.extend(getattr(current, field.name) for field in attrs.fields(type(current)))


def memory(name: str) -> dict[str, int]:
    """Memory still held (and the peak) after decoding a 1,000-order page, input bytes excluded."""
    from benchmarks.fixtures import page_bytes

    decode = _decoder(name)
    content = page_bytes(1000)
    decode(page_bytes(20))  # imports, caches and interned keys are not what is measured
    gc.collect()
    tracemalloc.start()
    kept = decode(content)
    gc.collect()
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert kept is not None
    return {"retained": retained, "peak": peak}


def paging(count: int) -> dict[str, int]:
    """Peak memory while iterating `count` orders lazily (20 per page) from the loopback server, and what is
    still held after. Measured after WARM_UP pages: the bounded caches on the way (urllib's urlsplit cache of
    128 URLs, msgspec's key cache, httpx's cookie jar) are full by then and no longer grow."""
    from cubicasa_integrate import CubiCasa

    with CubiCasa(KEY, base_url=os.environ[SERVER_ENV]) as client:
        for _ in itertools.islice(client.orders.list(page_size=20).pages(), WARM_UP):
            pass
        gc.collect()
        tracemalloc.start()
        seen = 0
        for _ in itertools.islice(client.orders.list(page_size=20), count):
            seen += 1
        gc.collect()
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {"peak": peak, "held": held, "orders": seen}


def sync(kind: str, argument: str, *, rss: bool) -> dict[str, int]:
    """Peak memory of one sync by the candidate `kind` (benchmarks/downloaders.py) of the scenario into a fresh
    folder, after a warm-up sync of one tiny file (imports, SQLite, the SSL context's certificates). Traced:
    tracemalloc's peak (Python allocations, SQLite's included). RSS: how much the sync raised the process's
    resident high-water mark (getrusage, KiB on Linux), which also sees memory outside Python's allocators and
    is untouched by tracemalloc's own overhead."""
    import asyncio

    from benchmarks.assets import Scenario
    from benchmarks.downloaders import run

    *numbers, concurrency = (int(part) for part in argument.split("/"))
    server = os.environ[SERVER_ENV]
    warm_up, scenario = Scenario(1, 1, 64, 0), Scenario(*numbers)
    loop = asyncio.new_event_loop()
    result: dict[str, int] = {}
    for step in (warm_up, scenario):
        dest = tempfile.mkdtemp(prefix="cubicasa-sync-probe-")
        try:
            gc.collect()
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            if step is scenario and not rss:
                tracemalloc.start()
            settled = run(kind, step.base_url(server), Path(dest), concurrency, loop)
            if step is scenario:
                if rss:
                    result["rss_growth"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
                else:
                    result["peak"] = tracemalloc.get_traced_memory()[1]
                    tracemalloc.stop()
            assert settled == step.total_files
        finally:
            shutil.rmtree(dest)
    return result


def main() -> None:
    hide_packages()
    probe, argument = sys.argv[1], sys.argv[2]
    if probe == "sync":
        result = sync(argument, sys.argv[3], rss="--rss" in sys.argv[4:])
    else:
        result = memory(argument) if probe == "memory" else paging(int(argument))
    print(json.dumps(result))


if __name__ == "__main__":
    main()

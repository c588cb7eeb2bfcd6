"""The bulk-sync candidates: this client's async_sync_orders, and the two downloaders a user would write without it.

Each mirrors every delivered file of every order listed at `base_url` (an API base URL of the asset-serving mode,
benchmarks/assets.py) into `dest`, which the caller makes fresh and empty for each run:

- `client`: `async_sync_orders(AsyncCubiCasa(...), dest, concurrency=...)`, as the README shows it.
- `handwritten`: what a competent user writes with asyncio and httpx at the same concurrency: the orders listed
  with httpx and json.loads, then one GET per file under an asyncio.Semaphore, each body streamed to its final
  path; one AsyncClient whose pool is as wide as the semaphore.
- `sequential`: the loop the issue calls today's way: for each order, for each URL, GET it and write the body.
- `curl`: the wire's limit on this machine: the orders listed as `handwritten` lists them, then one curl process
  (`--parallel --parallel-max C`, keep-alive connections, C at a time) fetches every file to its final path.

The two rivals keep the URL's own file name (`dest/<order id>/<name>`); the client its download layout. What each
writes must be the same bytes (tests/unit/test_benchmarks.py), or the comparison would not be fair.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

__all__ = ["CANDIDATES", "KEY", "client", "curl", "curl_path", "handwritten", "run", "sequential"]

KEY = "bench-key"
PAGE_SIZE = 20
TIMEOUT = 30.0


def _files(page: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(order id, URL) of every file URL a page's orders list in their delivery_assets."""
    for order in page["items"]:
        for group in (order.get("delivery_assets") or {}).values():
            if isinstance(group, dict):
                for urls in group.values():
                    if isinstance(urls, list):
                        yield from ((order["id"], url) for url in urls)


def _target(dest: Path, order_id: str, url: str) -> Path:
    return dest / order_id / urlsplit(url).path.rsplit("/", 1)[-1]


async def client(base_url: str, dest: Path, concurrency: int) -> int:
    from cubicasa_integrate import AsyncCubiCasa
    from cubicasa_integrate.sync import async_sync_orders

    async with AsyncCubiCasa(KEY, base_url=base_url) as api:
        summary = await async_sync_orders(api, dest, concurrency=concurrency)
    if summary.failed:
        raise RuntimeError(f"the sync failed {summary.failed} files: {summary.failures[0].error}")
    return summary.files


async def handwritten(base_url: str, dest: Path, concurrency: int) -> int:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=TIMEOUT) as http:
        files: list[tuple[str, str]] = []
        offset: int | None = 0
        while offset is not None:
            response = await http.get(
                f"{base_url}/orders", params={"limit": PAGE_SIZE, "offset": offset}, headers={"api-key": KEY}
            )
            response.raise_for_status()
            page = json.loads(response.content)
            files += _files(page)
            offset = page["pagination"]["next_offset"] if page["pagination"]["has_more"] else None
        semaphore = asyncio.Semaphore(concurrency)

        async def fetch(order_id: str, url: str) -> int:
            async with semaphore:
                path = _target(dest, order_id, url)
                path.parent.mkdir(parents=True, exist_ok=True)
                async with http.stream("GET", url) as response:
                    response.raise_for_status()
                    with path.open("wb") as out:
                        async for chunk in response.aiter_bytes():
                            out.write(chunk)
            return 1

        return sum(await asyncio.gather(*(fetch(order_id, url) for order_id, url in files)))


def sequential(base_url: str, dest: Path) -> int:
    count = 0
    with httpx.Client(timeout=TIMEOUT) as http:
        offset: int | None = 0
        while offset is not None:
            response = http.get(
                f"{base_url}/orders", params={"limit": PAGE_SIZE, "offset": offset}, headers={"api-key": KEY}
            )
            response.raise_for_status()
            page = json.loads(response.content)
            for order_id, url in _files(page):
                file = http.get(url)
                file.raise_for_status()
                path = _target(dest, order_id, url)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(file.content)
                count += 1
            offset = page["pagination"]["next_offset"] if page["pagination"]["has_more"] else None
    return count


def curl_path() -> str:
    """The curl the `curl` candidate runs (the Makefile's bench target installs Debian's when it is missing)."""
    found = shutil.which("curl")
    if found is None:
        raise RuntimeError("the bench's curl row needs curl on PATH (make bench installs it with apt-get)")
    return found


def _listed(base_url: str) -> list[tuple[str, str]]:
    files: list[tuple[str, str]] = []
    with httpx.Client(timeout=TIMEOUT) as http:
        offset: int | None = 0
        while offset is not None:
            response = http.get(
                f"{base_url}/orders", params={"limit": PAGE_SIZE, "offset": offset}, headers={"api-key": KEY}
            )
            response.raise_for_status()
            page = json.loads(response.content)
            files += _files(page)
            offset = page["pagination"]["next_offset"] if page["pagination"]["has_more"] else None
    return files


def curl(base_url: str, dest: Path, concurrency: int) -> int:
    files = _listed(base_url)
    with tempfile.NamedTemporaryFile("w", suffix=".curlrc") as config:
        for order_id, url in files:  # the URLs and paths hold no quote or backslash (benchmarks/assets.py)
            config.write(f'url = "{url}"\noutput = "{_target(dest, order_id, url)}"\n')
        config.flush()
        flags = ["--silent", "--no-progress-meter", "--show-error", "--fail", "--create-dirs"]
        parallel = ["--parallel", "--parallel-immediate", "--parallel-max", str(concurrency)]
        subprocess.run([curl_path(), *flags, *parallel, "--config", config.name], check=True)
    return len(files)


CANDIDATES = ("client", "handwritten", "sequential", "curl")


def run(kind: str, base_url: str, dest: Path, concurrency: int, loop: asyncio.AbstractEventLoop) -> int:
    """One sync by the candidate `kind` into `dest`; returns how many files it settled."""
    if kind == "client":
        return loop.run_until_complete(client(base_url, dest, concurrency))
    if kind == "handwritten":
        return loop.run_until_complete(handwritten(base_url, dest, concurrency))
    if kind == "sequential":
        return sequential(base_url, dest)
    if kind == "curl":
        return curl(base_url, dest, concurrency)
    raise KeyError(kind)

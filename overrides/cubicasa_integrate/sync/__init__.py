"""Mirror every delivered file of every order into a folder, incrementally and crash-safe.

    from cubicasa_integrate import AsyncCubiCasa
    from cubicasa_integrate.sync import async_sync_orders

    async with AsyncCubiCasa() as client:
        summary = await async_sync_orders(client, "mirror/", statuses=["Ready"], concurrency=16)
    print(summary.new, summary.changed, summary.unchanged, summary.failed)

`sync_orders(client, dest, ...)` is the same for a CubiCasa client (it runs the async core in its own event
loop). `cubicasa sync DEST` is the command behind it.

Files land in `DEST/<order id>/<group>/<kind>/<name>-<hash>.<ext>`, the layout of `download_order_assets`, and a
manifest (`DEST/.cubicasa-sync.sqlite3`, SQLite in WAL mode) records each one: size, ETag/Last-Modified,
SHA-256 and when. A rerun asks the server only whether each recorded file changed (a conditional GET: a 304 moves
no body), fetches new and changed files, and fetches again files deleted or altered on disk. Killed at any
moment (`kill -9` included), a sync leaves no half-written file under a final name, and the next run completes
without fetching again what was committed (sync/_engine.py explains the order of steps that makes this hold).

One sync per destination at a time: a sync holds an exclusive lock on `DEST/.cubicasa-sync.sqlite3.lock` (flock)
for its whole run, and a second sync of the same destination, in this process or another, waits for it to end
(SyncObserver.waiting is told once; `cubicasa sync` prints a "waiting:" line on stderr). Each file is written into
a temporary file of its own (`<name>.<8 hex>.part`, O_EXCL) and renamed into place, so no file is ever spliced or
half-written, and every committed row is true of its file. The lock is flock's: the kernel drops it when its
holder dies, and on network file systems (NFS, SMB) it may not hold across machines, nor SQLite's WAL, which needs
shared memory: give each machine its own folder, or a bucket (README, "Past one machine").

Or sync into S3-compatible storage: `async_sync_orders(client, "s3://bucket/prefix")` (or an S3Destination; the
[s3] extra). There the store is the record: each object carries its row in its own metadata, so any number of
workers on any number of machines may sync into one prefix at once, with no lock and no local state; conditional
writes keep every object whole, true of its metadata and never older than what another worker put
(sync/_store.py).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from pathlib import Path

import httpx

from .._client import AsyncCubiCasa, CubiCasa
from .._constants import DEFAULT_TIMEOUT
from ..downloads import DEFAULT_MAX_BYTES
from ..errors import ConfigurationError
from ._engine import FileResult, FileStatus, SyncObserver, SyncSummary, run
from ._manifest import MANIFEST_NAME, FileKey, Manifest, Row
from ._store import S3Destination, is_store_url

__all__ = [
    "DEFAULT_CONCURRENCY",
    "MANIFEST_NAME",
    "FileKey",
    "FileResult",
    "FileStatus",
    "Manifest",
    "Row",
    "S3Destination",
    "SyncObserver",
    "SyncSummary",
    "async_sync_orders",
    "sync_orders",
]

DEFAULT_CONCURRENCY = 8


def asset_client(
    concurrency: int, timeout: float | httpx.Timeout = DEFAULT_TIMEOUT, **kwargs: object
) -> httpx.AsyncClient:
    """The client for the pre-signed asset URLs: no api-key (they are storage links), redirects followed, and a
    pool as wide as the sync's concurrency."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(timeout=timeout, follow_redirects=True, limits=limits, **kwargs)  # type: ignore[arg-type]


async def async_sync_orders(
    client: AsyncCubiCasa,
    dest: str | os.PathLike[str] | S3Destination,
    *,
    order_ids: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    since: datetime | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    dry_run: bool = False,
    observer: SyncObserver | None = None,
    http: httpx.AsyncClient | None = None,
    max_attempts: int = 4,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> SyncSummary:
    """Mirror the delivered files of the matching orders into `dest`; returns what happened, file by file counted.

    `dest` is a folder, or an S3-compatible bucket and prefix: `"s3://bucket/prefix"` or an S3Destination (the
    [s3] extra; sync/_store.py says how the store is its own record, shared by any number of workers).

    Orders: the ids in `order_ids` (each read with orders.get), else every order listed (only those in
    `statuses`, if given), keeping those created at or after `since` (an aware datetime). Files are fetched by
    `concurrency` workers sharing one connection pool (`http`: your own httpx.AsyncClient for the asset URLs,
    which must not carry the api-key; by default the client's own pool, or a new one when the client runs on an
    http_client you passed). `dry_run` reads only the manifest and
    the disk: it reports what is new or altered locally, creates nothing and asks the server nothing about files.

    A file that fails (after `max_attempts` tries for transient failures) is in `summary.failures`; the other
    files go on. Raises SyncError when the manifest cannot be used, and the API's errors when orders cannot be
    listed.
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, not {concurrency}")
    if max_attempts < 1:
        raise ValueError(f"max_attempts must be at least 1, not {max_attempts}")
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be at least 1, not {max_bytes}")
    if since is not None and since.tzinfo is None:
        raise ValueError("since must be an aware datetime (e.g. datetime(2026, 1, 1, tzinfo=UTC))")
    # The API client's own pool serves the asset URLs too when it is ours (one pool, one TLS setup; the api-key is
    # added to each API request, never to the pool). A pool the user passed may carry their credentials: not that.
    store = S3Destination(dest) if isinstance(dest, str) and is_store_url(dest) else dest
    own = http is None and not client._api.owns_http
    assets = http if http is not None else client._api.http if client._api.owns_http else asset_client(concurrency)
    # The same engine either way; only what syncs one file differs (a folder: _engine, a store: _store).
    runner: Callable[..., Awaitable[SyncSummary]] = run
    where: Path | S3Destination = store if isinstance(store, S3Destination) else Path(store)
    if isinstance(where, S3Destination):
        from ._store import run as runner
    try:
        return await runner(
            client,
            where,
            assets,
            order_ids=order_ids,
            statuses=statuses,
            since=since,
            concurrency=concurrency,
            dry_run=dry_run,
            observer=observer or SyncObserver(),
            max_attempts=max_attempts,
            max_bytes=max_bytes,
            timeout=client._api.options.timeout,
        )
    finally:
        if own:
            await assets.aclose()


def sync_orders(
    client: CubiCasa,
    dest: str | os.PathLike[str] | S3Destination,
    *,
    order_ids: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    since: datetime | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    dry_run: bool = False,
    observer: SyncObserver | None = None,
    max_attempts: int = 4,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> SyncSummary:
    """async_sync_orders for a CubiCasa client: runs in an event loop of its own (so not inside a running one).

    The async core gets a client with the same settings as `client`. A client built on your own http_client
    cannot be carried over (its proxies and certificates live in its sync transport): use AsyncCubiCasa and
    async_sync_orders then. A client on an httpx.MockTransport (tests) keeps it for API and asset requests.
    """
    api = client._api
    transport = getattr(api, "transport", None)
    if not api.owns_http or (transport is not None and not isinstance(transport, httpx.MockTransport)):
        raise ConfigurationError(
            "sync_orders cannot carry a client built on your own http_client or transport over to asyncio; build "
            "an AsyncCubiCasa on an async transport and call async_sync_orders"
        )
    mock = transport if isinstance(transport, httpx.MockTransport) else None

    async def main() -> SyncSummary:
        from .._base_client import AsyncAPIClient

        twin = object.__new__(AsyncCubiCasa)
        twin._attach(AsyncAPIClient(api.options, transport=mock))
        http = None  # the twin's own pool
        try:
            return await async_sync_orders(
                twin,
                dest,
                order_ids=order_ids,
                statuses=statuses,
                since=since,
                concurrency=concurrency,
                dry_run=dry_run,
                observer=observer,
                http=http,
                max_attempts=max_attempts,
                max_bytes=max_bytes,
            )
        finally:
            await twin.aclose()

    return asyncio.run(main())

"""The sync engine: orders are listed while a bounded pool of workers fetches their files.

One sync at a time per destination: the run holds an exclusive lock (flock on `DEST/.cubicasa-sync.sqlite3.lock`)
from before the manifest is opened until the end; a second sync of the same destination, in this process or
another, waits for it (polling, so syncs sharing one event loop, as the webhook receiver's, wait too) and says so
once (SyncObserver.waiting). A dry run writes nothing and takes no lock.

One file, start to end (`_Worker.sync_file`):

1. Recover: the temporary files of this file left by killed runs (`<name>.<8 hex>.part`, or `<name>.part` from
   older versions) are settled. Under the lock no other sync writes them, so each is either the part of a run
   that committed the file's row and was killed before the rename (checked against the row, size and SHA-256,
   and renamed: nothing is fetched again) or garbage (removed).
2. Check the local copy against the row: present, a regular file, same size, and same mtime (or, if the mtime
   moved, same SHA-256). A missing or altered copy is fetched again.
3. Ask the server with the row's validator (If-None-Match, else If-Modified-Since). 304, or a 200 carrying the
   recorded ETag (a server that ignores conditional requests), is "unchanged": the body is not read.
4. Otherwise stream the body into a new temporary file `<name>.<8 random hex>.part` (created with O_EXCL, so it is
   never another writer's; SHA-256 on the way, size capped), commit the new row, then rename it over the file.
   The order matters: a kill before the commit leaves the old row and the old file (the part is removed next
   time); a kill after it leaves a part that step 1 completes. Any failure or interruption before the commit
   (Ctrl-C, a cancelled task) removes the part, then propagates.

A 429 (or a 503 with Retry-After) pauses every worker until the time it names, not just the one that got it;
transport errors, 408, 429 and 5xx are retried with backoff. A file that still fails (or has a malformed URL, meets
a full disk or a folder it may not write) is reported by name in the summary and does not stop the others; a full
disk is "no space left writing PATH", for a file or the manifest. Manifest damage found at any moment is the
SyncError given at open, and stops the run. A failure to list orders stops the run: without the list, what to
mirror is unknown.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import errno
import fcntl
import hashlib
import os
import random
import re
import secrets
import stat
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Literal, Protocol, TypeVar

import httpx

from cubicasa_integrate_api.models import Order

from .._constants import MAX_RETRY_AFTER
from .._logging import logger
from .._retries import parse_retry_after
from .._text import escape
from ..downloads import _Folder, _open_dest, _safe_name, _segments
from ..errors import DownloadError, NotFoundError, SyncError
from ..helpers import AssetUrl, asset_urls, to_datetime
from ._manifest import MANIFEST_NAME, FileKey, Manifest, Row, now

__all__ = ["FileResult", "FileStatus", "FileSyncer", "SyncObserver", "SyncSummary", "drive", "run"]

FileStatus = Literal["new", "changed", "unchanged", "failed"]

_RETRYABLE = frozenset({408, 429, 500, 502, 503, 504})
LOCK_NAME = MANIFEST_NAME + ".lock"
"""The lock file in the destination (its name starts as the manifest's: tools that skip the manifest skip it)."""
_LOCK_POLL = 0.1
_HEX8 = re.compile(r"[0-9a-f]{8}")
PROGRESS_EVERY = 0.1
_clock = time.monotonic  # the progress throttle's (a test's fake clock replaces it)
"""Seconds between two file_progress calls for one file (and one more when its body ends)."""


@dataclass(frozen=True)
class FileResult:
    """What happened to one file: `new` (not on disk before, or deleted there), `changed` (the server's file, or
    the local copy, differed from the manifest), `unchanged`, or `failed` (with `error`). `bytes` counts the asset
    bytes received for it, including attempts that failed. In an object store, `url` is the object's
    (`s3://bucket/key`) and `path` its key."""

    key: FileKey
    path: Path
    status: FileStatus
    bytes: int = 0
    size: int | None = None
    error: str | None = None
    url: str | None = None


@dataclass
class SyncSummary:
    """The outcome of a sync. `failed` also counts orders that could not be read (`--order ID` not found)."""

    orders: int = 0
    files: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    bytes: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    failures: list[FileResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, int | float | bool | str]:
        """The summary as JSON-ready data (the last line of `cubicasa sync --json`)."""
        return {
            "event": "summary",
            "orders": self.orders,
            "files": self.files,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "dry_run": self.dry_run,
        }

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.bytes += result.bytes
        if result.status == "new":
            self.new += 1
        elif result.status == "changed":
            self.changed += 1
        elif result.status == "unchanged":
            self.unchanged += 1
        else:
            self.failed += 1
            self.failures.append(result)


class SyncObserver:
    """Hooks a progress display implements (each is a no-op here). Called on the event loop: keep them quick."""

    def order_found(self, order_id: str, files: int) -> None:
        """An order to mirror, with how many files it lists."""

    def file_started(self, key: FileKey, total: int | None) -> None:
        """A file's body starts arriving (total: its size, if the server said)."""

    def file_progress(self, key: FileKey, done: int, total: int | None) -> None:
        """More of a file arrived: `done` bytes of this attempt so far. Called at most every PROGRESS_EVERY
        seconds per file, and once when its whole body arrived."""

    def file_done(self, result: FileResult) -> None:
        """A file is settled (any status)."""

    def waiting(self, dest: Path) -> None:
        """Another sync holds `dest`: this one waits for it to end (called once, before anything is synced)."""


@dataclass(frozen=True)
class _Job:
    order_id: str
    asset: AssetUrl
    key: FileKey


class _Progress:
    """file_progress throttled: a display redraws a few times a second, not once per socket read (a 5 MiB body
    arrives in hundreds of pieces), and every call runs on the event loop."""

    __slots__ = ("key", "next", "observer", "total")

    def __init__(self, observer: SyncObserver, key: FileKey, total: int | None) -> None:
        self.observer, self.key, self.total = observer, key, total
        self.next = _clock() + PROGRESS_EVERY

    def update(self, done: int) -> None:
        now = _clock()
        if now >= self.next:
            self.next = now + PROGRESS_EVERY
            self.observer.file_progress(self.key, done, self.total)

    def end(self, done: int) -> None:
        self.observer.file_progress(self.key, done, self.total)


class _Pause:
    """One clock every worker waits on: a 429 pauses the whole pool, as the server asked, not one worker."""

    def __init__(self) -> None:
        self.until = 0.0

    def extend(self, seconds: float) -> None:
        self.until = max(self.until, time.monotonic() + seconds)

    async def wait(self) -> None:
        while (left := self.until - time.monotonic()) > 0:
            await asyncio.sleep(left)


class _Failed(Exception):
    """A file that cannot be synced now; `retry` says whether another attempt may help, `received` how many bytes
    the attempt took."""

    def __init__(self, message: str, *, retry: bool, wait: float | None = None, received: int = 0) -> None:
        super().__init__(message)
        self.retry, self.wait, self.received = retry, wait, received


def _key(order_id: str, asset: AssetUrl) -> FileKey:
    group, kind, name = _segments(asset)
    return FileKey(_safe_name(order_id, "order"), group, kind, name)


def _sha256_of(folder: _Folder, name: str) -> str:
    digest = hashlib.sha256()
    with folder.open(name, os.O_RDONLY) as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _plain_file_of_size(path: Path, size: int) -> bool:
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size == size


def _local_same(path: Path, row: Row) -> bool:
    """For a dry run: the file at `path` is the row's, by the check a real run makes (size, then mtime or SHA-256)."""
    if not _plain_file_of_size(path, row.size):
        return False
    if path.lstat().st_mtime_ns == row.mtime_ns:
        return True
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest() == row.sha256


def _parts(folder: _Folder, name: str) -> list[str]:
    """The temporary files of `name` in the folder: `<name>.<8 hex>.part`, and `<name>.part` of older versions.
    (By slicing, not a regular expression of the name: every file has its own, and compiling one is ~100 µs.)"""
    start = len(name) + 1
    return sorted(
        entry
        for entry in os.listdir(folder.fd)
        if entry.startswith(name)
        and entry[start - 1 : start] == "."
        and (entry[start:] == "part" or (entry[start + 8 :] == ".part" and _HEX8.fullmatch(entry, start, start + 8)))
    )


def _failure_text(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return f"no space left writing {error.filename or path}"
    return f"{error.filename or path}: {error.strerror or error}"


def _stat(folder: _Folder, name: str) -> os.stat_result | None:
    try:
        info = os.stat(name, dir_fd=folder.fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    return info


_T = TypeVar("_T")
_BATCH = 256 * 1024
"""Bytes of a body gathered before they are written and hashed, as one write and one hash update (a 5 MiB file in
about twenty calls, not one per 64 KiB piece the socket gives); a file in flight holds at most one batch, whatever
its size (the bench's peak-memory target: the peak with 4 MiB files within 1.10x of the peak with 1 MiB ones).

On the event loop: a disk thread fed batch by batch (levers 20-23 of benchmarks/RESULTS.md) needs the GIL back
after every write and hash, and gets it only when the loop lets go; the handovers and the waits for the GIL cost
more than the writes and hashes they moved off the loop (fast loopback, quiet machine, against the hand-written
downloader: 1 KiB files 0.62-0.72x with threads, 0.85-0.89x without; 5 MiB files 0.68-0.72x, 0.76x). The
hand-written one writes on its loop too."""


async def _in_thread(executor: concurrent.futures.Executor, fn: Callable[..., _T], *args: object) -> _T:
    """fn(*args) in the sync's thread pool. Cancelled (Ctrl-C, a failing task group), this waits for the thread
    to finish before it raises: whatever cleans up afterwards (closing the folders) must never race a thread still
    reading."""
    future = executor.submit(fn, *args)
    try:
        return await asyncio.wrap_future(future)
    except BaseException:
        concurrent.futures.wait([future])
        raise


class _PartWriter:
    """A part file written and SHA-256 hashed _BATCH bytes at a time, on the event loop (see _BATCH); created with
    its first batch, so a body smaller than a batch is written whole when it ends."""

    __slots__ = ("digest", "folder", "gathered", "gathered_bytes", "name", "out")

    def __init__(self, folder: _Folder, name: str) -> None:
        self.folder, self.name = folder, name
        self.gathered: list[bytes] = []
        self.gathered_bytes = 0
        self.digest = hashlib.sha256()
        self.out: BinaryIO | None = None

    def add(self, chunk: bytes) -> None:
        self.gathered.append(chunk)
        self.gathered_bytes += len(chunk)
        if self.gathered_bytes >= _BATCH:
            self._write()

    def _write(self) -> None:
        data = self.gathered[0] if len(self.gathered) == 1 else b"".join(self.gathered)
        self.gathered, self.gathered_bytes = [], 0
        if self.out is None:
            self.out = self.folder.open(self.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        self.out.write(data)
        self.digest.update(data)

    def finish(self) -> tuple[os.stat_result, str]:
        """Write what is left (an empty body's part is created all the same); returns the closed part's stat and
        the body's SHA-256."""
        self._write()
        assert self.out is not None
        with self.out as out:
            # No fsync (README, "Crash-safe"): a killed process loses nothing the kernel holds; after a power cut,
            # a file the manifest records but the disk lost differs in size or mtime and is fetched again.
            # Measured here: fsync adds 0.34 ms to a 1 KiB file (25x) and 3.5 ms to a 5 MiB one (4x).
            out.flush()
            info = os.fstat(out.fileno())
        return info, self.digest.hexdigest()

    def abandon(self) -> None:
        """After a failure: remove the part (nothing was committed)."""
        if self.out is not None:
            self.out.close()
        self.folder.remove(self.name)


class _Body:
    """The 200 body of an asset being read: counted, capped at max_bytes, checked against its Content-Length,
    its progress reported; `etag` is the validator to record (None for an encoded body: its ETag is the
    encoding's), `last_modified` the other."""

    __slots__ = ("etag", "key", "last_modified", "max_bytes", "observer", "received", "response", "total")

    def __init__(self, response: httpx.Response, key: FileKey, observer: SyncObserver, max_bytes: int) -> None:
        self.response, self.key, self.observer, self.max_bytes = response, key, observer, max_bytes
        self.received = 0
        self.total = _length(response)
        etag = response.headers.get("etag")
        self.etag = etag if etag and not _encoded(response) else None
        self.last_modified: str | None = response.headers.get("last-modified")

    async def chunks(self) -> AsyncIterator[bytes]:
        progress = _Progress(self.observer, self.key, self.total)
        # The chunks as the socket gives them (no chunk_size): re-cutting them into fixed pieces copies every
        # byte once more, on the event loop.
        async for chunk in self.response.aiter_bytes():
            self.received += len(chunk)
            if self.received > self.max_bytes:
                raise _Failed(f"more than {self.max_bytes} bytes (max_bytes)", retry=False, received=self.received)
            yield chunk
            progress.update(self.received)
        if self.total is not None and self.received != self.total:
            raise _Failed(f"got {self.received} bytes, expected {self.total}", retry=True, received=self.received)
        progress.end(self.received)


class _Asker:
    """What syncing one file asks of the asset server, for either destination: the conditional GET, what answers
    mean (a 304 or the recorded ETag: unchanged; an error status: a _Failed, pausing the pool on a 429), and the
    body (_Body)."""

    http: httpx.AsyncClient
    pause: _Pause
    observer: SyncObserver
    max_bytes: int
    timeout: httpx.Timeout | float

    @asynccontextmanager
    async def _ask(self, job: _Job, url: httpx.URL, row: Row | None) -> AsyncIterator[_Body | None]:
        """The body to read, or None when the file is unchanged since `row`. Transport errors, while asking or
        while the body is read inside the block, come out as _Failed with the bytes received."""
        headers = {"accept-encoding": "identity"}
        if row is not None and row.etag:
            headers["if-none-match"] = row.etag
        elif row is not None and row.last_modified:
            headers["if-modified-since"] = row.last_modified
        body: _Body | None = None
        try:
            request = self.http.stream("GET", url, headers=headers, follow_redirects=True, timeout=self.timeout)
            async with request as response:
                status = response.status_code
                if status == 304 and row is not None:
                    yield None
                    return
                if status != 200:
                    self._refuse(response)
                etag = response.headers.get("etag")
                if row is not None and etag and etag == row.etag:
                    yield None  # the server ignored If-None-Match but says it is the same file
                    return
                body = _Body(response, job.key, self.observer, self.max_bytes)
                if body.total is not None and body.total > self.max_bytes:
                    raise _Failed(f"{body.total} bytes is more than {self.max_bytes} bytes (max_bytes)", retry=False)
                self.observer.file_started(job.key, body.total)
                yield body
        except httpx.InvalidURL as error:  # a redirect to a malformed URL: no attempt can help
            raise _Failed(f"not a valid URL: {error}", retry=False, received=_got(body)) from None
        except httpx.HTTPError as error:  # transport errors, a bad gzip body, too many redirects
            raise _Failed(f"{type(error).__name__}: {error}", retry=True, received=_got(body)) from None

    def _refuse(self, response: httpx.Response) -> None:
        status = response.status_code
        wait = parse_retry_after(response.headers.get("retry-after"))
        if wait is not None and status in (429, 503):
            wait = min(wait, MAX_RETRY_AFTER)
            self.pause.extend(wait)  # every worker waits, not only this one
        elif status == 429:
            self.pause.extend(1.0)
        raise _Failed(f"the server answered {status}", retry=status in _RETRYABLE, wait=wait)


def _got(body: _Body | None) -> int:
    return body.received if body is not None else 0


class _Worker(_Asker):
    def __init__(
        self,
        *,
        root: Path,
        manifest: Manifest,
        http: httpx.AsyncClient,
        pause: _Pause,
        observer: SyncObserver,
        max_attempts: int,
        max_bytes: int,
        dry_run: bool,
        timeout: httpx.Timeout | float,
        dest: _Folder,
        disk: concurrent.futures.Executor,
    ) -> None:
        self.root, self.manifest, self.http, self.pause = root, manifest, http, pause
        self.timeout, self.dest, self.disk = timeout, dest, disk
        self.observer, self.max_attempts, self.max_bytes, self.dry_run = observer, max_attempts, max_bytes, dry_run

    def _folder(self, job: _Job, stack: ExitStack) -> _Folder:
        folder = _Folder(self.dest.fd, self.dest.path, job.asset.url)  # the destination, opened once per run
        for segment in (job.key.order_id, job.key.group, job.key.kind):
            folder = folder.child(segment, stack)
        return folder

    async def sync_file(self, job: _Job) -> FileResult:
        path = self.root / job.key.relative()
        received = 0
        try:
            row = self.manifest.get(job.key)
            if self.dry_run:  # the manifest and the disk only: no folder is created, nothing is asked of the server
                present = path.is_file() and not path.is_symlink()
                local_ok = row is not None and _local_same(path, row)
                status: FileStatus = "unchanged" if local_ok else "changed" if row is not None and present else "new"
                return FileResult(job.key, path, status, 0, row.size if row is not None else None)
            url = _parse_url(job.asset.url)
            if isinstance(url, str):
                return FileResult(job.key, path, "failed", 0, error=f"{job.asset.url}: {url}")
            with ExitStack() as stack:
                folder, existed, local_ok = await self._prepare(job, row, stack)
                for attempt in range(1, self.max_attempts + 1):
                    await self.pause.wait()
                    try:
                        size, got = await self._fetch(job, url, folder, row if local_ok else None)
                    except _Failed as failure:
                        received += failure.received
                        if not failure.retry or attempt == self.max_attempts:
                            return FileResult(job.key, path, "failed", received, error=str(failure))
                        wait = failure.wait
                        if wait is None:  # full jitter, as the API client's retries
                            wait = random.uniform(0, min(8.0, 0.25 * 2**attempt))
                        logger.info(  # names and failures come from the server: escaped, one line
                            "Sync of %s: %s; retrying in %.2f s",
                            escape(str(job.key.relative())),
                            escape(str(failure)),
                            wait,
                        )
                        await asyncio.sleep(wait)
                        continue
                    received += got
                    if size is None:
                        return FileResult(job.key, path, "unchanged", received, row.size if row else None)
                    status = "changed" if row is not None and existed else "new"
                    return FileResult(job.key, path, status, received, size)
        except DownloadError as error:  # a symlink or a non-folder where a folder belongs
            return FileResult(job.key, path, "failed", received, error=str(error))
        except OSError as error:  # a full disk (the file's or the manifest's), a folder it may not write
            return FileResult(job.key, path, "failed", received, error=_failure_text(path, error))
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns

    async def _prepare(self, job: _Job, row: Row | None, stack: ExitStack) -> tuple[_Folder, bool, bool]:
        """(The file's folder, whether a file is at its place, whether it is the row's). On the event loop (see
        _BATCH), but for the SHA-256 of a file whose mtime moved."""
        folder = self._folder(job, stack)
        existed = _stat(folder, job.key.name) is not None
        return folder, existed, await self._recover_or_check(folder, job.key.name, row)

    async def _recover_or_check(self, folder: _Folder, name: str, row: Row | None) -> bool:
        """True if the file on disk is the one the row describes (after completing a rename a kill interrupted).
        Every temporary file of `name` left by a killed run is settled: renamed if it is the row's, else removed
        (safe only because the destination's lock keeps every other sync out)."""
        ok = row is not None and await self._same(folder, name, _stat(folder, name), row)
        for part in _parts(folder, name):
            if row is not None and not ok and await self._same(folder, part, _stat(folder, part), row):
                folder.rename(part, name)  # committed, then killed before the rename: finish it
                logger.info("Sync: completed %s, interrupted by an earlier run", escape(str(row.key.relative())))
                ok = True
            else:  # never committed (killed while fetching), or superseded
                folder.remove(part)
        return ok

    async def _same(self, folder: _Folder, name: str, info: os.stat_result | None, row: Row) -> bool:
        if info is None or not stat.S_ISREG(info.st_mode) or info.st_size != row.size:
            return False
        return info.st_mtime_ns == row.mtime_ns or await _in_thread(self.disk, _sha256_of, folder, name) == row.sha256

    async def _fetch(self, job: _Job, url: httpx.URL, folder: _Folder, row: Row | None) -> tuple[int | None, int]:
        """Ask for the file (conditionally if `row`); write it if it changed. Returns (its size, or None when
        unchanged; the bytes received)."""
        async with self._ask(job, url, row) as body:
            if body is None:
                return None, 0
            # A name of its own (O_EXCL): never truncated or written by another sync, whatever the lock does.
            part = _PartWriter(folder, f"{job.key.name}.{secrets.token_hex(4)}.part")
            try:
                async for chunk in body.chunks():
                    part.add(chunk)
                info, digest = part.finish()
                self.manifest.put(
                    Row(
                        job.key,
                        size=body.received,
                        mtime_ns=info.st_mtime_ns,
                        sha256=digest,
                        etag=body.etag,
                        last_modified=body.last_modified,
                        synced_at=now(),
                    )
                )
            except BaseException:  # a failure, a full disk, Ctrl-C, a cancelled task: nothing was committed
                part.abandon()
                raise
            # Committed: from here a part left behind is the row's, and the next run's step 1 renames it.
            folder.rename(part.name, job.key.name)
            return body.received, body.received


def _parse_url(url: str) -> httpx.URL | str:
    """The asset URL parsed (once: httpx takes the parsed URL as it is, and parsing one costs tens of µs), or why
    it cannot be fetched (malformed, or not http(s))."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        return f"not a valid URL: {error}"
    if parsed.scheme not in ("http", "https") or not parsed.host:
        return "not an http(s) URL; refusing to fetch it"
    return parsed


async def _lock(dest: _Folder, observer: SyncObserver, stack: ExitStack) -> None:
    """Hold the destination's lock until `stack` closes, waiting for a sync that holds it (flock: the kernel
    releases it when its holder ends, `kill -9` included, so a killed run never leaves it taken)."""
    try:
        fd = os.open(LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644, dir_fd=dest.fd)
    except OSError as error:
        raise SyncError(f"cannot lock {dest.path / LOCK_NAME}: {error.strerror or error}") from None
    stack.callback(os.close, fd)
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if not told:
                logger.warning("Sync: another sync is writing into %s; waiting for it to end", dest.path)
                observer.waiting(dest.path)
                told = True
            await asyncio.sleep(_LOCK_POLL)


def _encoded(response: httpx.Response) -> bool:
    return response.headers.get("content-encoding", "identity").strip().lower() not in ("", "identity")


def _length(response: httpx.Response) -> int | None:
    length = response.headers.get("content-length", "")
    return None if _encoded(response) or not length.isdigit() else int(length)


async def _orders(
    client: object, order_ids: Sequence[str] | None, statuses: Sequence[str] | None, since: datetime | None
) -> AsyncIterator[Order | tuple[str, str]]:
    """The orders to mirror, as they are read; an order that cannot be read is (order id, error)."""
    from .._client import AsyncCubiCasa

    assert isinstance(client, AsyncCubiCasa)
    if order_ids:
        for order_id in dict.fromkeys(order_ids):  # each once, in the order given
            try:
                yield await client.orders.get(order_id)
            except NotFoundError as error:  # that order alone; any other error (a refused key...) ends the run
                yield order_id, str(error)
        return
    async for order in client.orders.list(status=list(statuses) if statuses else None):
        if since is None or to_datetime(order.info.created_at) >= since:
            yield order


async def run(
    client: object,
    root: Path,
    http: httpx.AsyncClient,
    *,
    order_ids: Sequence[str] | None,
    statuses: Sequence[str] | None,
    since: datetime | None,
    concurrency: int,
    dry_run: bool,
    observer: SyncObserver,
    max_attempts: int,
    max_bytes: int,
    timeout: httpx.Timeout | float,
) -> SyncSummary:
    started = time.monotonic()
    summary = SyncSummary(dry_run=dry_run)
    stack = ExitStack()
    try:
        # The destination is opened once, by descriptor, for the whole run (each file's folders below it too are
        # opened relative to it, never through a symlink: downloads._Folder).
        dest = _Folder(-1, root, "") if dry_run else _open_dest(root, "", stack)
    except DownloadError as error:  # a file where the folder should be, no permission
        raise SyncError(str(error)) from None
    try:
        if not dry_run:
            await _lock(dest, observer, stack)
        manifest = Manifest(root, create=not dry_run)
    except BaseException:
        stack.close()
        raise
    pause = _Pause()
    # Only a SHA-256 of a file on disk whose mtime moved runs here, off the event loop; threads start when needed.
    disk = concurrent.futures.ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="cubicasa-sync-disk")
    stack.callback(disk.shutdown)  # waits for every thread: no folder is closed under one

    def worker() -> _Worker:
        return _Worker(
            root=root,
            manifest=manifest,
            http=http,
            pause=pause,
            observer=observer,
            max_attempts=max_attempts,
            max_bytes=max_bytes,
            dry_run=dry_run,
            timeout=timeout,
            dest=dest,
            disk=disk,
        )

    try:
        await drive(client, worker, root, summary, order_ids, statuses, since, concurrency, observer)
    finally:
        stack.close()
        manifest.close()
        summary.seconds = time.monotonic() - started
    return summary


class FileSyncer(Protocol):
    """What syncs one file into a destination (a folder: _Worker; an object store: sync/_store.py)."""

    async def sync_file(self, job: _Job) -> FileResult: ...


async def drive(
    client: object,
    worker: Callable[[], FileSyncer],
    root: Path,
    summary: SyncSummary,
    order_ids: Sequence[str] | None,
    statuses: Sequence[str] | None,
    since: datetime | None,
    concurrency: int,
    observer: SyncObserver,
) -> None:
    """List the orders while `concurrency` workers (each made by `worker`) sync their files into `summary`.
    `root` is the path an order that cannot be read is reported at."""
    queue: asyncio.Queue[_Job | None] = asyncio.Queue(maxsize=concurrency * 4)

    def settle(result: FileResult) -> None:
        summary.add(result)
        observer.file_done(result)

    async def produce() -> None:
        async for order in _orders(client, order_ids, statuses, since):
            if isinstance(order, tuple):
                order_id, error = order
                settle(FileResult(FileKey(_safe_name(order_id, "order"), "", "", ""), root, "failed", error=error))
                continue
            summary.orders += 1
            # One job per place on disk: two URLs that differ only in their query are one file, fetched once.
            jobs: dict[FileKey, _Job] = {}
            for asset in asset_urls(order):
                key = _key(str(order.id), asset)
                jobs.setdefault(key, _Job(str(order.id), asset, key))
            observer.order_found(str(order.id), len(jobs))
            for job in jobs.values():
                await queue.put(job)
        for _ in range(concurrency):  # not on failure: the task group then cancels the workers itself
            await queue.put(None)

    async def work() -> None:
        syncer = worker()
        while (job := await queue.get()) is not None:
            settle(await syncer.sync_file(job))

    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(produce())
            for _ in range(concurrency):
                group.create_task(work())
    except BaseExceptionGroup as errors:  # the listing failed: raise its error, not a group
        raise errors.exceptions[0] from None

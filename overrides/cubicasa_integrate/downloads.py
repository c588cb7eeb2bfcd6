"""Download every delivered file of an order: one file per URL, resumable only when provably the same file, never
half-written under the final name, never through a symlink, never larger than `max_bytes`.

    from cubicasa_integrate.downloads import download_order_assets

    for file in download_order_assets(client.orders.get(order_id), "out/"):
        print(file.status, file.path)

Layout: `<dest>/<order id>/<group>/<kind>/<name>-<hash>.<ext>`, e.g.
`out/312babc6-.../gla_package/report_urls/report-3fa2c91b0d.pdf` (`per_order_folder=False` leaves out the order
folder). Every segment is sanitised into one safe path segment. The file name keeps the URL's own name, always
followed by 10 hex digits of a SHA-256 of the URL's host and path: two URLs ending in the same name
(`floor1/plan.png`, `floor2/plan.png`, or `plan a.png` and `plan_a.png`, which sanitise alike) never share a
file, and the name does not depend on which other files the order lists, so it is the same on every run. The
query is left out on purpose: asset URLs are pre-signed and their query (signature, expiry) changes on every
read of the order, while the file does not.

A file is streamed into `<name>.part` and renamed only once its size matches the server's (Content-Length or
Content-Range, when it gives one). The validator of the
response that started the part (a strong ETag, else Last-Modified) is kept beside it in `<name>.part.json`. An
interrupted download (a later attempt or a later run) resumes with `Range` plus `If-Range: <validator>`, so a
server whose file changed answers with the whole new file, which replaces the part; without a validator the part
is restarted from zero, never spliced. A 206 that does not continue the part exactly (other start, other total,
other ETag) discards it. A part is written by one download at a time: it is held with an exclusive flock from its
open to its rename, and a second download of the same file (another process, another thread) is refused with a
DownloadError instead of writing into it. A full disk or a folder it may not write removes the part (a rerun
would only fail the same way with the disk still full); Ctrl-C (KeyboardInterrupt) keeps a part that has a
validator, to resume, and removes one that has none. A file present under its final name was completed by an
earlier run and is "skipped"; the name ties it to its URL, so it is never another URL's file.

Asset requests ask for `Accept-Encoding: identity`, because Range offsets count the bytes as sent while the part
holds them decoded; a server that compresses anyway is read decoded and not resumed. `max_bytes` (default 2 GiB)
caps the *decoded* size of each file, so a small compressed body cannot fill the disk: a larger file is a
DownloadError and its part is removed. (httpx inflates each received chunk of at most 64 KiB at once, so a
compressed body may briefly take up to about 64 MiB of memory before the cap sees it.)

Nothing below `dest` is followed if it is a symlink: the order, group and kind folders are opened relative to
each other with O_NOFOLLOW, and the part, its sidecar and the target too, so a planted link cannot make a
download write (or skip) anywhere else; such a link is a DownloadError. `dest` itself is the caller's choice and
may be a symlink. This needs POSIX `openat` semantics (Linux, macOS); elsewhere downloads raise DownloadError.

The asset URLs are pre-signed storage links: they are fetched without the api-key, by a separate HTTP client.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal
from urllib.parse import unquote, urlsplit

import httpx

from cubicasa_integrate_api.models import Order

from ._constants import DEFAULT_TIMEOUT
from ._logging import logger
from ._text import escape
from .errors import DownloadError
from .helpers import AssetUrl, asset_urls

__all__ = ["DEFAULT_MAX_BYTES", "DownloadedFile", "ProgressCallback", "download_order_assets", "target_path"]

ProgressCallback = Callable[[AssetUrl, int, int | None], None]
"""Called as bytes arrive: (asset, bytes so far including a resumed part, total size or None if unknown)."""

DEFAULT_MAX_BYTES = 2 * 1024**3
"""The largest file `download_order_assets` accepts by default (2 GiB, decoded); delivered files are far smaller."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,16}")
_HASH_LENGTH = 10
_SIDECAR_LIMIT = 4096  # a sidecar holds one validator and one number; anything bigger is not ours
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a planted FIFO must not hang the download on open
_POSIX = bool(_NOFOLLOW and _DIRECTORY) and {os.open, os.mkdir, os.stat, os.unlink, os.rename} <= os.supports_dir_fd


@dataclass(frozen=True)
class DownloadedFile:
    asset: AssetUrl
    path: Path
    size: int
    status: Literal["downloaded", "resumed", "skipped"]


def _safe_name(text: str, fallback: str) -> str:
    name = _UNSAFE.sub("_", text).strip("._")[:150]
    return name or fallback


def _where(url: str) -> tuple[str, str]:
    """(host:port and path, path) of a URL: what tells its files apart."""
    try:
        parts = urlsplit(url)
        return f"{(parts.hostname or '').lower()}:{parts.port}{parts.path}", parts.path
    except ValueError:  # a bad host or port: named all the same, then refused before anything is fetched
        head = url.partition("?")[0].partition("#")[0]
        return head, head


def _file_name(url: str) -> str:
    where, path = _where(url)
    name = unquote(path.rsplit("/", 1)[-1])
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or not _EXTENSION.fullmatch(extension):
        stem, extension = name, ""
    # Host and path, not the query: the query of a pre-signed URL changes on every read of the order.
    digest = hashlib.sha256(where.encode()).hexdigest()[:_HASH_LENGTH]
    # The extension stays last (what opens the file), and the whole name stays far below 255 bytes with
    # `.part.json` added: at most 150 + 11 + 17 + 10.
    return f"{_safe_name(stem, 'file')}-{digest}" + (f".{extension}" if extension else "")


def target_path(dest: Path, asset: AssetUrl) -> Path:
    """Where an asset is saved below `dest` (the order's folder, by default): `<group>/<kind>/<name>-<hash>.<ext>`.

    Names come from the URL but can never leave `dest`, and two URLs with different hosts or paths never share one.
    """
    return dest.joinpath(*_segments(asset))


def _segments(asset: AssetUrl) -> tuple[str, str, str]:
    return _safe_name(asset.group, "group"), _safe_name(asset.kind, "kind"), _file_name(asset.url)


# ------------------------------------------------------------------------------------------------ the file system
class _Folder:
    """A folder opened by descriptor: files in it are opened, renamed and removed relative to it, never through
    a symlink, so a link planted after the check cannot redirect anything either."""

    def __init__(self, fd: int, path: Path, url: str) -> None:
        self.fd, self.path, self.url = fd, path, url  # url: the asset it is opened for, for its errors

    def child(self, name: str, stack: ExitStack) -> _Folder:
        """The sub-folder `name`, created if missing; a symlink or a file there is a DownloadError."""
        path = self.path / name
        flags = os.O_RDONLY | _DIRECTORY | _NOFOLLOW
        try:
            try:  # opened first, made only when missing: a rerun, where every folder exists, makes no mkdir call
                fd = os.open(name, flags, dir_fd=self.fd)
            except FileNotFoundError:
                with suppress(FileExistsError):
                    os.mkdir(name, dir_fd=self.fd)
                fd = os.open(name, flags, dir_fd=self.fd)
        except OSError as error:
            raise self.refusal(name, error, "a folder") from error
        stack.callback(os.close, fd)
        return _Folder(fd, path, self.url)

    def refusal(self, name: str, error: OSError, expected: str) -> DownloadError:
        path = self.path / name
        if error.errno == errno.ELOOP or self.is_link(name):
            return DownloadError(f"{path} is a symlink; refusing to follow it", url=self.url, path=path)
        if error.errno == errno.ENOTDIR:
            return DownloadError(f"{path} is not {expected}", url=self.url, path=path)
        return DownloadError(f"{path}: {error.strerror or error}", url=self.url, path=path)

    def is_link(self, name: str) -> bool:
        mode = self.mode(name)
        return mode is not None and stat.S_ISLNK(mode)

    def mode(self, name: str) -> int | None:
        try:
            return os.stat(name, dir_fd=self.fd, follow_symlinks=False).st_mode
        except FileNotFoundError:
            return None

    def open(self, name: str, flags: int) -> BinaryIO:
        try:
            fd = os.open(name, flags | _NOFOLLOW | _NONBLOCK, 0o644, dir_fd=self.fd)
        except OSError as error:
            raise self.refusal(name, error, "a file") from error
        info = os.fstat(fd)
        # A second hard link would let a planted name write into a file elsewhere, as a symlink would.
        problem = "is not a regular file" if not stat.S_ISREG(info.st_mode) else "has other hard links"
        if not stat.S_ISREG(info.st_mode) or (flags & (os.O_RDWR | os.O_WRONLY) and info.st_nlink > 1):
            os.close(fd)
            raise DownloadError(
                f"{self.path / name} {problem}; refusing to use it", url=self.url, path=self.path / name
            )
        return os.fdopen(fd, "r+b" if flags & os.O_RDWR else "wb" if flags & os.O_WRONLY else "rb")

    def remove(self, name: str) -> None:
        with suppress(FileNotFoundError):
            os.unlink(name, dir_fd=self.fd)

    def rename(self, source: str, target: str) -> None:
        os.rename(source, target, src_dir_fd=self.fd, dst_dir_fd=self.fd)


class _Retry(Exception):
    """A DownloadError that another attempt may fix (a short body, a discarded part, an error status)."""

    def __init__(self, error: DownloadError) -> None:
        super().__init__(str(error))
        self.error = error


# ------------------------------------------------------------------------------------------------ one transfer
@dataclass(frozen=True)
class _Record:
    """What the sidecar of a part keeps: the If-Range validator, the ETag ("" if none) and the total size."""

    if_range: str
    etag: str
    total: int | None


@dataclass
class _Part:
    """The `.part` file of one target and what is known about the response that started it."""

    folder: _Folder
    name: str
    asset: AssetUrl
    max_bytes: int

    @property
    def part(self) -> str:
        return self.name + ".part"

    @property
    def sidecar(self) -> str:
        return self.name + ".part.json"

    @property
    def path(self) -> Path:
        return self.folder.path / self.part

    def error(self, message: str) -> DownloadError:
        return DownloadError(f"{self.asset.url}: {message}", url=self.asset.url, path=self.path)

    def retry(self, message: str) -> _Retry:
        return _Retry(self.error(message))

    def discard(self) -> None:
        self.folder.remove(self.part)
        self.folder.remove(self.sidecar)

    @contextmanager
    def claimed(self) -> Iterator[BinaryIO]:
        """The part, opened (created if missing) and held with an exclusive flock until the block ends; another
        holder is a DownloadError. Held through the rename, so no one can write into it once it is the file."""
        while True:
            out = self.folder.open(self.part, os.O_RDWR | os.O_CREAT)
            try:
                fcntl.flock(out.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                out.close()
                message = "another download is writing this file now; refusing to share its partial file"
                raise self.error(message) from None
            try:
                same = os.stat(self.part, dir_fd=self.folder.fd, follow_symlinks=False).st_ino
            except FileNotFoundError:
                same = None
            if same == os.fstat(out.fileno()).st_ino:
                break
            out.close()  # its holder renamed it into place before we locked it: open the name afresh
        try:
            yield out
        finally:
            out.close()

    def recorded(self) -> _Record | None:
        """The validator and total kept when the part was started; None if missing or not what we write."""
        if self.folder.mode(self.sidecar) is None:
            return None
        with self.folder.open(self.sidecar, os.O_RDONLY) as file:
            text = file.read(_SIDECAR_LIMIT + 1)
        try:
            data = json.loads(text) if len(text) <= _SIDECAR_LIMIT else None
        except ValueError:  # also UnicodeDecodeError
            return None
        if not isinstance(data, dict):
            return None
        if_range, etag, total = data.get("if_range"), data.get("etag"), data.get("total")
        if not isinstance(if_range, str) or not if_range or not isinstance(etag, str):
            return None
        if total is not None and (type(total) is not int or total < 0):
            return None
        return _Record(if_range, etag, total)

    def record(self, response: httpx.Response, total: int | None) -> None:
        """Keep the strong validator of the response starting the part; without one the part is never resumed."""
        self.folder.remove(self.sidecar)
        etag = response.headers.get("etag", "")
        validator = etag if etag.startswith('"') else response.headers.get("last-modified", "")
        if not validator or _encoded(response):
            return
        with self.folder.open(self.sidecar, os.O_WRONLY | os.O_CREAT | os.O_EXCL) as file:
            file.write(json.dumps({"if_range": validator, "etag": etag, "total": total}).encode())


def _encoded(response: httpx.Response) -> bool:
    return response.headers.get("content-encoding", "identity").strip().lower() not in ("", "identity")


def _length(response: httpx.Response) -> int | None:
    length = response.headers.get("content-length", "")
    return None if _encoded(response) or not length.isdigit() else int(length)


def _content_range(response: httpx.Response) -> tuple[int | None, int | None]:
    """(start, total) of a Content-Range header, None where it does not say."""
    match = re.fullmatch(r"bytes (?:(\d+)-\d+|\*)/(\d+|\*)", response.headers.get("content-range", "").strip())
    if match is None:
        return None, None
    start, total = match.groups()
    return (int(start) if start else None), (int(total) if total.isdigit() else None)


def _fetch(http: httpx.Client, part: _Part, out: BinaryIO, on_progress: ProgressCallback | None) -> bool:
    """Stream the asset into the part, resuming it if the server proves it is the same file. True if resumed."""
    try:
        return _fetch_into(http, part, out, on_progress)
    finally:
        out.flush()  # the next attempt measures the part by its size on disk, and the rename follows


def _fetch_into(http: httpx.Client, part: _Part, out: BinaryIO, on_progress: ProgressCallback | None) -> bool:
    already = os.fstat(out.fileno()).st_size
    record = part.recorded() if already else None
    headers = {"accept-encoding": "identity"}
    if record is not None:
        headers |= {"range": f"bytes={already}-", "if-range": record.if_range}
    with http.stream("GET", part.asset.url, headers=headers) as response:
        start, total = _content_range(response)
        if response.status_code == 416 and record is not None:
            if total == already and record.total in (None, already):
                return True  # the part already holds every byte: only the rename was missing
            part.discard()
            raise part.retry(f"discarded a partial file the server no longer has (416, total {total})")
        if response.status_code == 206 and record is not None:
            etag = response.headers.get("etag")
            changed = record.total is not None and total != record.total
            if start != already or changed or _encoded(response) or etag not in (None, record.etag):
                part.discard()
                raise part.retry(
                    f"the file changed on the server: asked for bytes {already}- of {record.total}, got "
                    f"{response.headers.get('content-range')!r}; the partial file is discarded"
                )
            resumed, size, expected = True, already, total
        elif response.status_code == 200:
            # A 200 to a ranged request is the whole (possibly new) file: start over, never append.
            resumed, size, expected = False, 0, _length(response)
            out.truncate(0)
            part.record(response, expected)
        else:
            raise part.retry(f"answered {response.status_code}")
        if expected is not None and expected > part.max_bytes:
            part.discard()
            raise part.error(f"{expected} bytes is more than {part.max_bytes} bytes (max_bytes)")
        out.seek(size)
        # As the bytes arrive, not in fixed chunks: a chunker would lose what it holds when the connection drops.
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > part.max_bytes:
                part.discard()
                raise part.error(f"more than {part.max_bytes} bytes (max_bytes); the partial file is removed")
            out.write(chunk)
            if on_progress is not None:
                on_progress(part.asset, size, expected)
    if expected is not None and size != expected:
        raise part.retry(f"got {size} bytes, expected {expected}; the partial file is kept to resume")
    return resumed


def _download_one(
    http: httpx.Client, part: _Part, on_progress: ProgressCallback | None, max_attempts: int
) -> DownloadedFile:
    """Skip, fetch (with retries that resume) or refuse one asset. Only a DownloadError leaves here."""
    folder, asset, target = part.folder, part.asset, part.folder.path / part.name
    try:
        url = httpx.URL(asset.url)
    except httpx.InvalidURL as error:
        raise part.error(f"not a valid URL: {error}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise part.error("not an http(s) URL; refusing to fetch it")
    skipped = _skipped(part)
    if skipped is not None:
        return skipped
    attempt = 0
    try:
        with part.claimed() as out:
            skipped = _skipped(part)  # completed by another download while this one opened the part
            if skipped is not None:
                part.discard()
                return skipped
            while True:
                attempt += 1
                try:
                    resumed = _fetch(http, part, out, on_progress)
                    break
                except (httpx.HTTPError, _Retry) as error:  # transport, decoding (a bad gzip body), redirect loops
                    if attempt == max_attempts:
                        if isinstance(error, _Retry):
                            raise error.error from None
                        raise part.error(f"{type(error).__name__}: {error}") from error
                    logger.info(  # the URL and the error are the server's text: escaped, one line
                        "Download of %s interrupted (%s); resuming (attempt %d)",
                        escape(asset.url),
                        escape(str(error)),
                        attempt + 1,
                    )
                    if part.folder.mode(part.part) is None:  # discarded: start it again
                        raise _Reclaim() from None
            folder.rename(part.part, part.name)
            folder.remove(part.sidecar)
            size = os.stat(part.name, dir_fd=folder.fd).st_size
    except _Reclaim:
        return _download_one(http, part, on_progress, max_attempts - attempt)
    except OSError as error:  # a full disk, a read-only folder: the caller's to fix, no retry helps
        part.discard()  # a part kept would hold the disk full
        text = "no space left writing this file" if error.errno == errno.ENOSPC else error.strerror or str(error)
        raise part.error(text) from error
    except KeyboardInterrupt:  # Ctrl-C: a part with a validator resumes next time; one without never would
        if part.recorded() is None:
            part.discard()
        raise
    return DownloadedFile(asset, target, size, "resumed" if resumed else "downloaded")


class _Reclaim(Exception):
    """The part was discarded by an attempt (a changed file): the next attempt opens and locks a new one."""


def _skipped(part: _Part) -> DownloadedFile | None:
    """The file, if an earlier download completed it (only a completed download is renamed to its name)."""
    folder, target = part.folder, part.folder.path / part.name
    mode = folder.mode(part.name)
    if mode is None:
        return None
    if not stat.S_ISREG(mode):
        kind = "a symlink; refusing to follow it" if stat.S_ISLNK(mode) else "not a regular file"
        raise DownloadError(f"{target} is {kind}", url=part.asset.url, path=target)
    return DownloadedFile(part.asset, target, os.stat(part.name, dir_fd=folder.fd).st_size, "skipped")


def download_order_assets(
    order: Order,
    dest: str | os.PathLike[str],
    *,
    http: httpx.Client | None = None,
    on_progress: ProgressCallback | None = None,
    max_attempts: int = 3,
    max_bytes: int = DEFAULT_MAX_BYTES,
    per_order_folder: bool = True,
) -> Iterator[DownloadedFile]:
    """Download every file of the order's delivery_assets into `dest`, one after the other, lazily.

    Files go to `<dest>/<order id>/<group>/<kind>/` (`per_order_folder=False`: `<dest>/<group>/<kind>/`); see the
    module docstring for names, resuming and symlinks. `http` is the client used for the (unauthenticated) asset
    URLs; by default a fresh one with the package's default timeout. Raises DownloadError for a file that cannot
    be fetched completely, is larger than `max_bytes` (decoded), or would be written through a symlink; ValueError
    for a `max_bytes` or `max_attempts` below 1.
    """
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be at least 1, not {max_bytes}")
    if max_attempts < 1:
        raise ValueError(f"max_attempts must be at least 1, not {max_attempts}")
    root = Path(dest)
    own = http is None
    client = http or httpx.Client(timeout=DEFAULT_TIMEOUT, follow_redirects=True)
    try:
        for asset in asset_urls(order):
            with ExitStack() as stack:
                folder = _open_dest(root, asset.url, stack)
                if per_order_folder:
                    folder = folder.child(_safe_name(str(order.id), "order"), stack)
                group, kind, name = _segments(asset)
                folder = folder.child(group, stack).child(kind, stack)
                yield _download_one(client, _Part(folder, name, asset, max_bytes), on_progress, max_attempts)
    finally:
        if own:
            client.close()


def _open_dest(root: Path, url: str, stack: ExitStack) -> _Folder:
    """`dest` itself, created if missing; it may be a symlink (the caller chose it)."""
    if not _POSIX:
        raise DownloadError("downloads need POSIX openat/O_NOFOLLOW (Linux, macOS)", url=url, path=root)
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root, os.O_RDONLY | _DIRECTORY)
    except OSError as error:
        raise DownloadError(f"{root}: {error.strerror or error}", url=url, path=root) from error
    stack.callback(os.close, fd)
    return _Folder(fd, root, url)

"""Sync into S3-compatible object storage (`s3://bucket/prefix`, the [s3] extra): the store is the record.

Each object carries in its user metadata what the manifest of a folder records (sync/_manifest.py Row): the
source's ETag and Last-Modified, the body's SHA-256 and size, and when it was synced (`x-amz-meta-cubicasa-*`).
So a machine with no local state knows what is current: one file, start to end (`_StoreWorker.sync_file`):

1. HEAD the object. Absent: the file is new. Present with our metadata, and a size that agrees with it: its
   validators are the row. Present without (another tool's object, or one whose metadata does not agree): it is
   replaced, as a local file altered on disk is.
2. Ask the asset server with the row's validator (If-None-Match, else If-Modified-Since). A 304, or a 200 carrying
   the recorded ETag, is "unchanged": no asset body moves, and nothing is written.
3. Otherwise read the body (size capped, length checked, SHA-256 computed) and PUT it with its metadata in one
   request, conditionally: `If-None-Match: *` when step 1 found nothing, `If-Match: <the ETag step 1 saw>` when
   it found an object. A PUT is atomic in S3: the object appears whole or not at all, so a worker killed at any
   moment (`kill -9` included) leaves the old object or the new one, never a torn one, and no local file either.
4. A 412 (another worker wrote the object between steps 1 and 3) starts the file again at step 1, against what
   that worker wrote: usually the same file, now "unchanged". So workers on several machines syncing into one
   prefix at once never overwrite a newer object with what they read before it, and every object's metadata is
   true of its body (both go in the one PUT).
5. A PUT the store may take on a second try (a transport error, 408, 429, 500, 502, 503, 504) is sent again, with
   backoff, at most four more times; any other refusal fails the file at once, by name. A store out of space or
   over a quota is one of those: MinIO's 507 XMinioStorageFull, Ceph's 403 QuotaExceeded, an AccessDenied whose
   message names a storage cap (Backblaze). It says "the store is full or over its quota" with the store's code
   and words; no object is left (a refused PUT writes nothing), and a rerun once there is room puts only what is
   missing. (obstore would retry a 507 as any 5xx, sending the whole body five times over seconds: PUTs go
   through a store of their own with obstore's retries off, and this loop decides.)

Why obstore (Rust's object_store) and not boto3, aiobotocore or s3fs: measured against moto's S3 server on
loopback (benchmarks/s3_clients.py; the table is in benchmarks/CONSIDERED.md), it spends about a quarter of the
client CPU of either botocore client per conditional PUT and per HEAD, imports in milliseconds instead of hundreds,
and needs no other package (typing-extensions before Python 3.13); its conditional writes are part of its API
(PutMode "create" is `If-None-Match: *`, an UpdateVersion `If-Match`). aiobotocore pins botocore to a few patch
releases, which fights any boto3 a user has; s3fs adds fsspec on top of aiobotocore and has no If-Match. obstore's
cost: a conditional PUT is one request whose body it holds in memory (it cannot make a multipart upload
conditional), so each worker holds one file's body at a time (floor plans are megabytes; `max_bytes` caps it, and
S3 caps one PUT at 5 GiB).

Credentials, region and endpoint are resolved by botocore (also in the extra), as the AWS CLI resolves them: the
environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE, AWS_REGION,
AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL), ~/.aws/credentials and ~/.aws/config (profiles, SSO, credential_process,
assumed roles, a profile's or its services section's endpoint_url), then container and instance roles. Every
secret is added to the package's redaction (cubicasa_integrate._logging) as soon as it is read, and none is ever
kept in a repr or put in a message.

A store that ignores conditional headers (older MinIO and Ceph releases, some gateways) takes each PUT as an
unconditional one: every object is still whole and true of its metadata (one PUT), but two workers that read
different versions of a changed file at once may leave the older one, until a later sync sees the source's newer
ETag and replaces it; and two workers may both fetch and put a new file. A store that rejects the headers fails
each write with its error, named per file.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import os
import random
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import httpx

from .._logging import hold, logger, redact, release_when_collected
from .._text import escape
from ..errors import ConfigurationError, SyncError
from ._engine import (
    FileResult,
    FileStatus,
    SyncObserver,
    SyncSummary,
    _Asker,
    _Failed,
    _Job,
    _parse_url,
    _Pause,
    drive,
)
from ._manifest import FileKey, Row, now

__all__ = ["METADATA_PREFIX", "S3Destination", "is_store_url", "run"]

S3_INSTALL = "pip install 'cubicasa-integrate[s3]'"
METADATA_PREFIX = "cubicasa-"
"""Our user-metadata keys (`x-amz-meta-cubicasa-sha256`, ...); S3 keeps metadata keys in lower case."""
_VERSION = "1"
_SHA256 = re.compile(r"[0-9a-f]{64}")
# Metadata travels as HTTP headers: printable ASCII stays readable, '%' and everything else is percent-encoded.
_SAFE = "".join(chr(code) for code in range(0x20, 0x7F) if chr(code) != "%")
_VALIDATOR_LIMIT = 256  # S3 allows 2 KB of user metadata; an ETag or a date is far shorter
_MAX_RACES = 5
_PUT_TRIES = 5  # a PUT and at most four more, as obstore retries the other requests (max_retries below)
_RETRY_PUT = frozenset({408, 429, 500, 502, 503, 504})  # not 507: a full store has no more room a second later
_HASH_IN_THREAD = 1024 * 1024  # hashlib releases the GIL: a large body is hashed without holding the loop
_BUCKET = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{2,62}")  # S3's names: 3 to 63 characters
_NO_CREDENTIALS = (
    "no AWS credentials found for {url}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (a profile "
    "in ~/.aws/credentials or ~/.aws/config)"
)


# Every obstore call runs its blocking twin (obstore.put, not put_async) on one of these threads. obstore's async
# calls hand their result to the event loop from a tokio thread that takes the GIL to do it (call_soon_threadsafe),
# and can still be inside Python, waiting for the GIL, after the loop has resumed the awaiting code: if that code
# then ends the interpreter, Python <= 3.13 ends the waiting thread with pthread_exit, whose unwinding through
# Rust frames aborts the process (SIGABRT, exit -6, after the sync had printed its summary). These are Python
# threads instead, which the interpreter joins before it finalizes; the blocking calls release the GIL.
_CALLS = ThreadPoolExecutor(max_workers=64, thread_name_prefix="cubicasa-s3")


async def _call(function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    return await asyncio.get_running_loop().run_in_executor(_CALLS, partial(function, *args, **kwargs))


def is_store_url(text: str) -> bool:
    """True for an `s3://` destination (any case of the scheme)."""
    return text[:5].lower() == "s3://"


def _parse(url: str) -> tuple[str, str]:
    if not is_store_url(url):
        raise ConfigurationError(f"not an s3:// URL: {escape(url)!r}")
    bucket, _, prefix = url[5:].partition("/")
    if not _BUCKET.fullmatch(bucket):
        raise ConfigurationError(f"{escape(url)!r} does not name a bucket (s3://BUCKET/PREFIX)")
    if escape(prefix) != prefix:
        raise ConfigurationError(f"the prefix of {escape(url)!r} holds control characters")
    return bucket, "/".join(segment for segment in prefix.split("/") if segment)


def _message(error: BaseException) -> str:
    """obstore's error text without its debug dump (which repeats the request), redacted, one line, bounded."""
    text = str(error).split("\n\nDebug source:", 1)[0].strip()
    return escape(redact(text))[:500]


def _code(text: str) -> str | None:
    match = re.search(r"<Code>([A-Za-z]+)</Code>", text)
    return match.group(1) if match else None


def _status(text: str) -> int | None:
    """The HTTP status of obstore's "Server returned non-2xx status code: 507 ..." (None: no answer came)."""
    match = re.search(r"status code: (\d{3})\b", text)
    return int(match.group(1)) if match else None


def _said(text: str) -> str:
    """The store's own <Message>, XML entities decoded, redacted, one line, bounded ("" if it gave none)."""
    match = re.search(r"<Message>(.*?)</Message>", text, re.DOTALL)
    return escape(redact(html.unescape(match.group(1)).strip()))[:300] if match else ""


_FULL_CODE = re.compile(r"Quota|StorageFull|InsufficientStorage|NoSpace", re.IGNORECASE)
_FULL_WORDS = re.compile(r"quota|storage cap|no space|space left|storage full|insufficient storage", re.IGNORECASE)


class _Credentials:
    """The obstore credential provider over botocore's credentials (which refresh themselves: SSO, roles)."""

    def __init__(self, credentials: Any) -> None:
        self._credentials = credentials
        self._held: frozenset[str] = frozenset()

    def __call__(self) -> dict[str, Any]:
        frozen = self._credentials.get_frozen_credentials()
        # In the live redaction set while this provider lives (as a client's key while the client does): a
        # refresh adds the new ones.
        new = frozenset(s for s in (frozen.access_key, frozen.secret_key, frozen.token) if s) - self._held
        if new:
            hold(new)
            release_when_collected(self, new)
            self._held |= new
        # Refreshable credentials are asked again within minutes; static ones never expire.
        refreshes = getattr(self._credentials, "refresh_needed", None) is not None
        expires = datetime.now(UTC) + timedelta(minutes=5) if refreshes else None
        return {
            "access_key_id": frozen.access_key,
            "secret_access_key": frozen.secret_key,
            "token": frozen.token,
            "expires_at": expires,
        }

    def __repr__(self) -> str:
        return "<AWS credentials>"


@dataclass(frozen=True)
class _Settings:
    credentials: _Credentials
    region: str
    endpoint: str | None


def _aws(url: str, profile: str | None, region: str | None, endpoint: str | None) -> _Settings:
    """Credentials, region and endpoint as the AWS CLI resolves them (the module docstring lists the sources)."""
    try:
        import botocore.exceptions  # type: ignore[import-untyped]
        import botocore.session  # type: ignore[import-untyped]
    except ImportError:
        raise ConfigurationError(f"s3:// destinations need the [s3] extra: {S3_INSTALL}") from None
    try:
        session = botocore.session.Session(profile=profile)
        credentials = session.get_credentials()
        if credentials is None:
            raise ConfigurationError(_NO_CREDENTIALS.format(url=url))
        provider = _Credentials(credentials)
        provider()  # reads them now (a refused SSO token or process fails here, before anything is listed)
        configured = session.get_scoped_config()
        region = (
            region
            or os.environ.get("AWS_REGION")
            or os.environ.get("AWS_DEFAULT_REGION")
            or configured.get("region")
            or "us-east-1"
        )
        endpoint = (
            endpoint
            or os.environ.get("AWS_ENDPOINT_URL_S3")
            or os.environ.get("AWS_ENDPOINT_URL")
            or _configured_endpoint(session, configured)
        )
    except botocore.exceptions.ProfileNotFound as error:
        raise ConfigurationError(f"{url}: {_message(error)} (AWS_PROFILE, ~/.aws/config)") from None
    except botocore.exceptions.BotoCoreError as error:
        raise ConfigurationError(f"{url}: cannot read the AWS credentials: {_message(error)}") from None
    return _Settings(provider, str(region), str(endpoint) if endpoint else None)


def _configured_endpoint(session: Any, configured: dict[str, Any]) -> str | None:
    """The profile's endpoint_url for S3: its services section's `s3 = endpoint_url = ...`, else its own."""
    if str(session.get_config_variable("ignore_configured_endpoint_urls") or "").lower() == "true":
        return None
    services = configured.get("services")
    if isinstance(services, str):
        section = session.full_config.get("services", {}).get(services, {})
        found = section.get("s3", {}).get("endpoint_url") if isinstance(section, dict) else None
        if found:
            return str(found)
    found = configured.get("endpoint_url")
    return str(found) if found else None


class S3Destination:
    """An S3-compatible bucket and prefix to sync into: `S3Destination("s3://floorplans/cubicasa")`.

    Objects land at `<prefix>/<order id>/<group>/<kind>/<name>-<hash>.<ext>`, the layout of a folder sync. The
    credentials, region and endpoint come from the standard AWS environment and files (the module docstring of
    cubicasa_integrate.sync._store lists them), so AWS, MinIO, Ceph and R2 work alike; `profile`, `region` and
    `endpoint_url` override them. Nothing is read or sent before the first sync, which also checks once that
    the bucket exists and takes the credentials. The object is reusable (the webhook receiver syncs every order
    into one), and holds no secret in its repr.
    """

    def __init__(
        self, url: str, *, profile: str | None = None, region: str | None = None, endpoint_url: str | None = None
    ) -> None:
        self.bucket, self.prefix = _parse(url)
        try:  # now, so that a missing extra is said before an api key is even looked for
            import obstore  # noqa: F401
        except ImportError:
            raise ConfigurationError(f"s3:// destinations need the [s3] extra: {S3_INSTALL}") from None
        self.profile, self.region, self.endpoint_url = profile, region, endpoint_url
        self.endpoint: str | None = None
        """The endpoint in use, once the first sync resolved it (None: AWS's own)."""
        self._store: Any = None

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"

    def __repr__(self) -> str:
        return f"S3Destination({self.url!r})"

    def __str__(self) -> str:
        return self.url

    def key(self, file: FileKey) -> str:
        """The object key of a file (its place below the prefix, as in a folder)."""
        return "/".join((*([self.prefix] if self.prefix else []), file.order_id, file.group, file.kind, file.name))

    def object_url(self, key: str) -> str:
        return f"s3://{self.bucket}/{key}"

    async def open(self) -> tuple[Any, Any]:
        """The obstore S3Stores, built and checked once (the bucket exists, the credentials are taken): one for
        reads, whose requests obstore retries, and one for PUTs, which _StoreWorker._put retries itself."""
        if self._store is None:  # two syncs opening it at once in one loop both check: harmless
            stores = self._build(retries=4), self._build(retries=0)
            await self._check(stores[0])
            self._store = stores
        return self._store  # type: ignore[no-any-return]

    def _build(self, retries: int) -> Any:
        try:
            from obstore.store import S3Store
        except ImportError:
            raise ConfigurationError(f"s3:// destinations need the [s3] extra: {S3_INSTALL}") from None
        settings = _aws(self.url, self.profile, self.region, self.endpoint_url)
        self.endpoint = settings.endpoint
        options: dict[str, Any] = {"connect_timeout": "10s", "timeout": "300s"}
        config: dict[str, Any] = {"region": settings.region}
        if settings.endpoint:
            config["endpoint"] = settings.endpoint
            options["allow_http"] = settings.endpoint.lower().startswith("http://")
        # obstore retries 5xx and transport errors itself, with backoff, for at most this long per request.
        retry = {"max_retries": retries, "retry_timeout": timedelta(seconds=60)}
        return S3Store(
            self.bucket,
            config=config,  # type: ignore[arg-type]
            client_options=options,  # type: ignore[arg-type]
            retry_config=retry,  # type: ignore[arg-type]
            credential_provider=settings.credentials,  # type: ignore[arg-type]
        )

    async def _check(self, store: Any) -> None:
        """One LIST of the prefix: a missing bucket or refused credentials stop the run before any order is read."""
        import obstore

        try:
            await _call(obstore.list_with_delimiter, store, self.prefix or None)
        except Exception as error:
            raise SyncError(self.explain(error)) from None

    def explain(self, error: BaseException) -> str:
        text = _message(error)
        code = _code(text)
        where = f" at {self.endpoint}" if self.endpoint else ""
        if code == "NoSuchBucket":
            return f"{self.url}: the bucket {self.bucket!r} does not exist{where}"
        if code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken"):
            return f"{self.url}: the store refused the credentials ({code}){where}"
        return f"{self.url}: {text}"

    def refused(self, error: BaseException, url: str) -> str:
        """What a failed PUT of the object at `url` says: the store's refusal with its code and words, said as
        "full or over its quota" when it is one (507, a quota or storage-full code, or words naming either)."""
        text = str(error).split("\n\nDebug source:", 1)[0]
        status, code, said = _status(text), _code(text), _said(text)
        if status is None and code is None:
            return f"{url}: {_message(error)}"
        detail = f"{code}: {said}" if code and said else code or f"HTTP {status}"
        if status == 507 or (code and _FULL_CODE.search(code)) or _FULL_WORDS.search(said):
            return f"{url}: the store is full or over its quota and refused the write ({detail})"
        return f"{url}: the store refused the write ({detail})"


@dataclass(frozen=True)
class _Stored:
    """An object found at a file's key: its store ETag (for If-Match), its size, and the row its metadata
    records if it is a whole object this package wrote (None otherwise)."""

    e_tag: str | None
    size: int
    row: Row | None


def _encode(value: str | None) -> str:
    return quote(value or "", safe=_SAFE)


def _decode(value: str | None) -> str | None:
    return unquote(value) if value else None


def _validator(value: str | None) -> str | None:
    return value if value and len(value) <= _VALIDATOR_LIMIT else None


def _stored(key: FileKey, attributes: dict[str, str], meta: dict[str, Any]) -> _Stored:
    found = {name.lower(): value for name, value in attributes.items()}

    def get(name: str) -> str | None:
        return found.get(METADATA_PREFIX + name)

    size, digest = get("size") or "", get("sha256") or ""
    row = None
    if size.isdigit() and int(size) == meta["size"] and _SHA256.fullmatch(digest):
        try:
            synced = float(get("synced-at") or 0)
        except ValueError:
            synced = 0.0
        row = Row(key, int(size), 0, digest, _decode(get("etag")), _decode(get("last-modified")), synced)
    return _Stored(meta.get("e_tag"), int(meta["size"]), row)


class _Raced(Exception):
    """Another writer changed the object between our HEAD and our PUT (412): look again."""

    def __init__(self, received: int) -> None:
        super().__init__("the object changed while this sync wrote it")
        self.received = received


def _content_type(response: httpx.Response) -> str | None:
    value = response.headers.get("content-type", "")
    return value if value and len(value) <= 200 and escape(value) == value and value.isascii() else None


def _sha256(body: bytearray) -> str:
    return hashlib.sha256(body).hexdigest()


class _StoreWorker(_Asker):
    def __init__(
        self,
        *,
        dest: S3Destination,
        store: Any,
        writer: Any,
        http: httpx.AsyncClient,
        pause: _Pause,
        observer: SyncObserver,
        max_attempts: int,
        max_bytes: int,
        dry_run: bool,
        timeout: httpx.Timeout | float,
    ) -> None:
        self.dest, self.store, self.writer, self.http = dest, store, writer, http
        self.pause, self.observer = pause, observer
        self.max_attempts, self.max_bytes, self.dry_run, self.timeout = max_attempts, max_bytes, dry_run, timeout

    async def sync_file(self, job: _Job) -> FileResult:
        key = self.dest.key(job.key)
        url = self.dest.object_url(key)

        def result(status: FileStatus, received: int, size: int | None = None, error: str | None = None) -> FileResult:
            return FileResult(job.key, Path(key), status, received, size, error, url)

        received = attempt = races = 0
        while True:
            try:
                stored = await self._head(job.key, key)
                if self.dry_run:  # the store only: nothing is asked of the asset server, nothing written
                    row = stored.row if stored is not None else None
                    status: FileStatus = "unchanged" if row else "changed" if stored is not None else "new"
                    return result(status, 0, stored.size if stored is not None else None)
                asset = _parse_url(job.asset.url)
                if isinstance(asset, str):
                    return result("failed", 0, error=f"{job.asset.url}: {asset}")
                await self.pause.wait()
                size, got = await self._fetch(job, asset, key, stored)
            except _Raced as race:
                received += race.received
                races += 1
                if races == _MAX_RACES:
                    return result("failed", received, error=f"{url}: other writers changed it {races} times meanwhile")
                logger.info("Sync of %s: another worker wrote it meanwhile; looking again", escape(url))
                continue
            except _Failed as failure:
                received += failure.received
                attempt += 1
                if not failure.retry or attempt >= self.max_attempts:
                    return result("failed", received, error=str(failure))
                wait = failure.wait if failure.wait is not None else random.uniform(0, min(8.0, 0.25 * 2**attempt))
                logger.info("Sync of %s: %s; retrying in %.2f s", escape(url), escape(str(failure)), wait)
                await asyncio.sleep(wait)
                continue
            received += got
            if size is None:
                return result("unchanged", received, stored.size if stored is not None else None)
            return result("changed" if stored is not None else "new", received, size)

    async def _head(self, file: FileKey, key: str) -> _Stored | None:
        import obstore

        try:
            found = await _call(obstore.get, self.store, key, options={"head": True})
        except FileNotFoundError:
            return None
        except Exception as error:  # obstore has retried what a retry may fix
            raise _Failed(self.dest.explain(error), retry=False) from None
        return _stored(file, dict(found.attributes), dict(found.meta))

    async def _fetch(self, job: _Job, asset: httpx.URL, key: str, stored: _Stored | None) -> tuple[int | None, int]:
        """Ask the asset server for the file (conditionally if the object records it); put it if it changed.
        Returns (its size, or None when unchanged; the bytes received)."""
        body = bytearray()
        async with self._ask(job, asset, stored.row if stored is not None else None) as answer:
            if answer is None:
                return None, 0
            async for chunk in answer.chunks():
                body += chunk
            content_type = _content_type(answer.response)
        received = answer.received
        digest = await asyncio.to_thread(_sha256, body) if len(body) > _HASH_IN_THREAD else _sha256(body)
        attributes = {
            f"{METADATA_PREFIX}record": _VERSION,
            f"{METADATA_PREFIX}sha256": digest,
            f"{METADATA_PREFIX}size": str(received),
            f"{METADATA_PREFIX}etag": _encode(_validator(answer.etag)),
            f"{METADATA_PREFIX}last-modified": _encode(_validator(answer.last_modified)),
            f"{METADATA_PREFIX}synced-at": f"{now():.3f}",
        }
        if content_type:
            attributes["Content-Type"] = content_type
        await self._put(key, body, stored, attributes, received)
        return received, received

    async def _put(
        self, key: str, body: bytearray, stored: _Stored | None, attributes: dict[str, str], received: int
    ) -> None:
        import obstore
        from obstore.exceptions import AlreadyExistsError, PreconditionError

        # If-None-Match: * for a new object; If-Match: the ETag seen for one that is replaced.
        mode: Any = "create" if stored is None else {"e_tag": stored.e_tag} if stored.e_tag else "overwrite"
        for attempt in range(_PUT_TRIES):
            try:
                await _call(obstore.put, self.writer, key, memoryview(body), mode=mode, attributes=attributes)
                return
            except (AlreadyExistsError, PreconditionError):
                raise _Raced(received) from None
            except Exception as error:
                status = _status(str(error))
                if attempt + 1 < _PUT_TRIES and (status is None or status in _RETRY_PUT):
                    wait = min(15.0, 0.1 * 2**attempt)
                    logger.info("PUT of %s: %s; retrying", escape(key), _message(error))
                    await asyncio.sleep(random.uniform(wait / 2, wait))
                    continue
                raise _Failed(
                    self.dest.refused(error, self.dest.object_url(key)), retry=False, received=received
                ) from None


async def run(
    client: object,
    dest: S3Destination,
    http: httpx.AsyncClient,
    *,
    order_ids: Any,
    statuses: Any,
    since: datetime | None,
    concurrency: int,
    dry_run: bool,
    observer: SyncObserver,
    max_attempts: int,
    max_bytes: int,
    timeout: httpx.Timeout | float,
) -> SyncSummary:
    """The sync into an object store: the engine's order listing and workers, with _StoreWorker per file. No
    lock: any number of syncs, on any number of machines, may write one prefix at once (the module docstring)."""
    started = time.monotonic()
    summary = SyncSummary(dry_run=dry_run)
    store, writer = await dest.open()
    pause = _Pause()

    def worker() -> _StoreWorker:
        return _StoreWorker(
            dest=dest,
            store=store,
            writer=writer,
            http=http,
            pause=pause,
            observer=observer,
            max_attempts=max_attempts,
            max_bytes=max_bytes,
            dry_run=dry_run,
            timeout=timeout,
        )

    try:
        await drive(client, worker, Path(dest.prefix), summary, order_ids, statuses, since, concurrency, observer)
    finally:
        summary.seconds = time.monotonic() - started
    return summary

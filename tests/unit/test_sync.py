"""cubicasa_integrate.sync: incremental, crash-safe mirroring, against a scriptable fake API and asset store."""

from __future__ import annotations

import asyncio
import errno
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from cubicasa_integrate import AsyncCubiCasa, CubiCasa
from cubicasa_integrate.errors import ConfigurationError, SyncError
from cubicasa_integrate.sync import (
    MANIFEST_NAME,
    FileKey,
    FileResult,
    Manifest,
    SyncObserver,
    async_sync_orders,
    sync_orders,
)
from tests.unit.fakes import KEY, order_json, page_json

BASE = "https://app.cubi.casa/api/integrate/v3"
ASSETS = "https://assets.example"


class Store:
    """Orders and their files; answers the API's list/get and the asset URLs (ETag, If-None-Match, faults)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}  # path -> content
        self.orders: dict[str, dict[str, list[str]]] = {}  # order id -> kind -> paths (group listing_floorplans)
        self.reads = 0  # reads of order lists: each read signs the URLs anew
        self.asset_requests: list[tuple[str, dict[str, str], float]] = []
        self.sent = 0  # asset body bytes answered
        self.honour_conditional = True
        self.faults: dict[str, list[Callable[[httpx.Request], Awaitable[httpx.Response] | httpx.Response]]] = {}
        self.created_at: dict[str, float] = {}

    def add(self, order_id: str, **kinds: dict[str, bytes]) -> None:
        self.orders[order_id] = {}
        for kind, files in kinds.items():
            for name, content in files.items():
                path = f"/{order_id}/{name}"
                self.files[path] = content
                self.orders[order_id].setdefault(kind, []).append(path)

    def order(self, order_id: str) -> dict[str, Any]:
        self.reads += 1
        kinds = self.orders[order_id]
        order = order_json(created_at=self.created_at.get(order_id, 1716238626.9))
        order["id"] = order_id
        signature = f"?X-Amz-Signature={self.reads:08x}"  # pre-signed: another query on every read
        order["delivery_assets"] = {
            "listing_floorplans": {kind: [ASSETS + p + signature for p in paths] for kind, paths in kinds.items()}
        }
        return order

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if str(url).startswith(BASE):
            path = url.path.removeprefix("/api/integrate/v3")
            if path == "/orders":
                items = [self.order(order_id) for order_id in self.orders]
                return httpx.Response(200, json=page_json(items, has_more=False))
            order_id = path.removeprefix("/orders/")
            if order_id in self.orders:
                return httpx.Response(200, json=self.order(order_id))
            return httpx.Response(404, json={"detail": "Not found"})
        assert "api-key" not in request.headers, "the api-key must never go to storage"
        self.asset_requests.append((url.path, dict(request.headers), time.monotonic()))
        faults = self.faults.get(url.path)
        if faults:
            reply = faults.pop(0)(request)
            return await reply if asyncio.iscoroutine(reply) else reply  # type: ignore[return-value]
        content = self.files.get(url.path)
        if content is None:
            return httpx.Response(404)
        etag = '"' + hashlib.sha256(content).hexdigest()[:16] + '"'
        if self.honour_conditional and request.headers.get("if-none-match") == etag:
            return httpx.Response(304, headers={"etag": etag})
        self.sent += len(content)
        return httpx.Response(200, content=content, headers={"etag": etag, "content-length": str(len(content))})


def client_for(store: Store) -> AsyncCubiCasa:
    return AsyncCubiCasa(KEY, base_url=BASE, transport=httpx.MockTransport(store), max_retries=0)


def sync(store: Store, dest: Path, **kwargs: Any) -> Any:
    async def main() -> Any:
        transport = httpx.MockTransport(store)
        async with client_for(store) as client, httpx.AsyncClient(transport=transport) as http:
            return await async_sync_orders(client, dest, http=http, **kwargs)

    return asyncio.run(main())


def on_disk(dest: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(dest)): p.read_bytes()
        for p in sorted(dest.rglob("*"))
        if p.is_file() and not p.name.startswith(MANIFEST_NAME)
    }


@pytest.fixture
def store() -> Store:
    s = Store()
    s.add("order-a", png_urls={"plan.png": b"A-png" * 100, "plan2.png": b"A-png2"}, pdf_urls={"plan.pdf": b"A-pdf"})
    s.add("order-b", png_urls={"plan.png": b"B-png" * 50})
    return s


def test_first_sync_mirrors_every_file_in_the_documented_layout(store: Store, tmp_path: Path) -> None:
    summary = sync(store, tmp_path)
    assert (summary.orders, summary.files, summary.new, summary.failed) == (2, 4, 4, 0)
    assert summary.bytes == sum(len(c) for c in store.files.values())
    files = on_disk(tmp_path)
    assert len(files) == 4
    assert not any(name.endswith(".part") for name in files)
    for path, content in store.files.items():
        order_id, name = path.strip("/").split("/")
        stem, ext = name.rsplit(".", 1)
        kind = "png_urls" if ext == "png" else "pdf_urls"
        [match] = [p for p in files if p.startswith(f"{order_id}/listing_floorplans/{kind}/{stem}-")]
        assert files[match] == content
    rows = Manifest(tmp_path).rows()
    assert len(rows) == 4
    for row in rows:
        data = (tmp_path / row.key.relative()).read_bytes()
        assert (row.size, row.sha256) == (len(data), hashlib.sha256(data).hexdigest())
        assert row.etag
        assert row.etag.startswith('"')


def test_a_rerun_with_nothing_new_transfers_no_asset_bytes(store: Store, tmp_path: Path) -> None:
    sync(store, tmp_path)
    sent, before = store.sent, len(store.asset_requests)
    summary = sync(store, tmp_path)
    assert (summary.unchanged, summary.new, summary.changed, summary.bytes) == (4, 0, 0, 0)
    assert store.sent == sent
    rerun = store.asset_requests[before:]
    assert len(rerun) == 4
    assert all(headers.get("if-none-match") for _, headers, _ in rerun)


def test_a_server_ignoring_if_none_match_is_judged_by_its_etag_and_its_body_is_not_kept(
    store: Store, tmp_path: Path
) -> None:
    sync(store, tmp_path)
    store.honour_conditional = False
    summary = sync(store, tmp_path)
    assert (summary.unchanged, summary.bytes) == (4, 0)


def test_changed_files_are_fetched_again_and_replace_the_old_ones(store: Store, tmp_path: Path) -> None:
    sync(store, tmp_path)
    store.files["/order-a/plan.pdf"] = b"A-pdf, fixed"
    summary = sync(store, tmp_path)
    assert (summary.changed, summary.unchanged, summary.bytes) == (1, 3, len(b"A-pdf, fixed"))
    assert b"A-pdf, fixed" in on_disk(tmp_path).values()
    assert b"A-pdf" not in on_disk(tmp_path).values()


def test_files_deleted_or_altered_on_disk_are_noticed_and_fetched_again(store: Store, tmp_path: Path) -> None:
    sync(store, tmp_path)
    paths = sorted(p for p in tmp_path.rglob("*.png"))
    paths[0].unlink()
    altered = paths[1]
    altered.write_bytes(b"X" * altered.stat().st_size)  # same size: only the mtime and the hash tell
    os.utime(altered, ns=(1, 1))
    summary = sync(store, tmp_path)
    assert (summary.new, summary.changed, summary.unchanged) == (1, 1, 2)
    assert sorted(on_disk(tmp_path).values()) == sorted(store.files.values())


def test_a_file_is_identified_by_its_place_not_its_pre_signed_url(store: Store, tmp_path: Path) -> None:
    sync(store, tmp_path)
    reads = store.reads
    summary = sync(store, tmp_path)
    assert store.reads > reads  # the URLs were signed anew
    assert summary.unchanged == 4
    assert len(on_disk(tmp_path)) == 4


def test_urls_differing_only_in_their_query_are_one_file_fetched_once(tmp_path: Path) -> None:
    store = Store()
    store.add("order-a", png_urls={"plan.png": b"png"})
    store.orders["order-a"]["jpg_urls"] = []
    original = store.order

    def doubled(order_id: str) -> dict[str, Any]:
        order = original(order_id)
        urls = order["delivery_assets"]["listing_floorplans"]["png_urls"]
        urls.append(urls[0].replace("?", "?other=1&"))
        return order

    store.order = doubled  # type: ignore[method-assign]
    summary = sync(store, tmp_path)
    assert (summary.files, summary.new) == (1, 1)
    assert len(store.asset_requests) == 1


def test_a_429_pauses_every_worker_until_retry_after(tmp_path: Path) -> None:
    store = Store()
    store.add("order-a", png_urls={f"{n}.png": bytes([n]) * 10 for n in range(8)})
    release = asyncio.Event()
    limited_at: list[float] = []

    def too_many(request: httpx.Request) -> httpx.Response:
        limited_at.append(time.monotonic())
        return httpx.Response(429, headers={"retry-after": "0.3"})

    async def held(request: httpx.Request) -> httpx.Response:
        await release.wait()  # the other workers are in flight while the 429 arrives
        content = store.files[request.url.path]
        return httpx.Response(200, content=content)

    def let_go(request: httpx.Request) -> httpx.Response:
        release.set()
        return too_many(request)

    store.faults["/order-a/0.png"] = [let_go]
    for n in (1, 2, 3):
        store.faults[f"/order-a/{n}.png"] = [held]
    summary = sync(store, tmp_path, concurrency=4)
    assert (summary.new, summary.failed) == (8, 0)
    [limited] = limited_at
    later = [when for path, _, when in store.asset_requests if path not in {f"/order-a/{n}.png" for n in (1, 2, 3)}]
    after = [when for when in later if when > limited]
    assert len(after) == 5  # 4..7 and the retry of 0, all held back until the pause ended
    assert all(when >= limited + 0.3 for when in after)


def test_transient_failures_are_retried_and_a_failed_file_does_not_fail_the_others(
    store: Store, tmp_path: Path
) -> None:
    store.faults["/order-a/plan.png"] = [lambda r: httpx.Response(503), lambda r: httpx.Response(502)]
    store.faults["/order-a/plan.pdf"] = [lambda r: httpx.Response(403)] * 5
    events: list[FileResult] = []

    class Seen(SyncObserver):
        def file_done(self, result: FileResult) -> None:
            events.append(result)

    summary = sync(store, tmp_path, observer=Seen())
    assert (summary.new, summary.failed) == (3, 1)
    [failure] = summary.failures
    assert failure.key.name.startswith("plan-")
    assert failure.key.kind == "pdf_urls"
    assert "403" in (failure.error or "")
    assert len([r for r in store.asset_requests if r[0] == "/order-a/plan.pdf"]) == 1  # a 403 is not retried
    assert sorted(e.status for e in events) == ["failed", "new", "new", "new"]


def test_a_short_body_is_retried_and_never_lands_under_the_final_name(store: Store, tmp_path: Path) -> None:
    content = store.files["/order-b/plan.png"]
    short = httpx.Response(200, content=content[:10], headers={"content-length": str(len(content))})
    store.faults["/order-b/plan.png"] = [lambda r: short] * 4
    summary = sync(store, tmp_path)
    assert summary.failed == 1
    assert "expected" in (summary.failures[0].error or "")
    assert not list((tmp_path / "order-b").rglob("plan-*.png"))
    assert Manifest(tmp_path).rows()
    assert all(r.key.order_id == "order-a" for r in Manifest(tmp_path).rows())


def test_max_bytes_refuses_a_larger_file_and_removes_its_part(store: Store, tmp_path: Path) -> None:
    summary = sync(store, tmp_path, max_bytes=100)
    assert summary.failed == 2
    assert all("max_bytes" in (f.error or "") for f in summary.failures)
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".part")]


def test_a_commit_interrupted_before_its_rename_is_completed_without_fetching(store: Store, tmp_path: Path) -> None:
    sync(store, tmp_path)
    [target] = [p for p in tmp_path.rglob("*.pdf")]
    part = target.with_name(target.name + ".part")
    target.rename(part)  # the state a kill leaves after the manifest commit, before the rename
    requests = len(store.asset_requests)
    summary = sync(store, tmp_path)
    assert summary.unchanged == 4
    assert summary.bytes == 0
    assert target.read_bytes() == b"A-pdf"
    assert not part.exists()
    assert all(h.get("if-none-match") for _, h, _ in store.asset_requests[requests:])


def test_a_part_never_committed_is_discarded(store: Store, tmp_path: Path) -> None:
    sync(store, tmp_path)
    [target] = [p for p in tmp_path.rglob("*.pdf")]
    target.with_name(target.name + ".part").write_bytes(b"half of a newer ver")
    summary = sync(store, tmp_path)
    assert summary.unchanged == 4
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".part")]
    assert target.read_bytes() == b"A-pdf"


def test_dry_run_writes_nothing_and_asks_storage_nothing(store: Store, tmp_path: Path) -> None:
    dest = tmp_path / "mirror"
    summary = sync(store, dest, dry_run=True)
    assert (summary.new, summary.files, summary.dry_run) == (4, 4, True)
    assert not dest.exists()
    assert store.asset_requests == []
    sync(store, dest)
    next(iter(dest.rglob("*.pdf"))).unlink()
    requests = len(store.asset_requests)
    summary = sync(store, dest, dry_run=True)
    assert (summary.new, summary.unchanged) == (1, 3)
    assert len(store.asset_requests) == requests


def test_order_ids_since_and_an_unknown_order(store: Store, tmp_path: Path) -> None:
    summary = sync(store, tmp_path, order_ids=["order-b", "missing", "order-b"])
    assert (summary.orders, summary.files, summary.new, summary.failed) == (1, 2, 1, 1)
    assert [f.key.order_id for f in summary.failures] == ["missing"]
    assert {p.split("/")[0] for p in on_disk(tmp_path)} == {"order-b"}
    from datetime import UTC, datetime

    store.created_at["order-a"] = datetime(2026, 6, 1, tzinfo=UTC).timestamp()
    summary = sync(store, tmp_path / "since", since=datetime(2026, 1, 1, tzinfo=UTC))
    assert summary.orders == 1
    assert {p.split("/")[0] for p in on_disk(tmp_path / "since")} == {"order-a"}
    with pytest.raises(ValueError, match="aware"):
        sync(store, tmp_path, since=datetime(2026, 1, 1))


def test_a_planted_symlink_is_refused_and_nothing_is_written_through_it(store: Store, tmp_path: Path) -> None:
    dest, elsewhere = tmp_path / "mirror", tmp_path / "elsewhere"
    dest.mkdir()
    elsewhere.mkdir()
    (dest / "order-b").symlink_to(elsewhere)
    summary = sync(store, dest)
    assert summary.failed == 1
    assert "symlink" in (summary.failures[0].error or "")
    assert list(elsewhere.iterdir()) == []
    assert summary.new == 3


@pytest.mark.parametrize("content", [b"not a database at all" * 100, b""])
def test_an_unreadable_manifest_is_a_clear_sync_error(store: Store, tmp_path: Path, content: bytes) -> None:
    (tmp_path / MANIFEST_NAME).write_bytes(content)
    if not content:  # an empty file is a valid, empty SQLite database: it just works
        assert sync(store, tmp_path).new == 4
        return
    with pytest.raises(SyncError, match="not a readable sync manifest"):
        sync(store, tmp_path)


def test_a_manifest_of_another_version_or_a_symlink_is_refused(store: Store, tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / MANIFEST_NAME)
    db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(SyncError, match="version 99"):
        sync(store, tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / MANIFEST_NAME).symlink_to(tmp_path / "target.sqlite3")
    with pytest.raises(SyncError, match="not a regular file"):
        sync(store, other)


def test_sync_orders_runs_the_async_core_for_a_sync_client(store: Store, tmp_path: Path) -> None:
    with CubiCasa(KEY, base_url=BASE, transport=httpx.MockTransport(store)) as client:
        summary = sync_orders(client, tmp_path)
        assert summary.new == 4
    with (
        httpx.Client() as own,
        CubiCasa(KEY, base_url=BASE, http_client=own) as mine,
        pytest.raises(ConfigurationError, match="async_sync_orders"),
    ):
        sync_orders(mine, tmp_path)


@pytest.mark.parametrize(
    ("argument", "value"), [("concurrency", 0), ("max_attempts", 0), ("max_bytes", 0)], ids=lambda v: str(v)
)
def test_bad_arguments_fail_at_the_call(store: Store, tmp_path: Path, argument: str, value: int) -> None:
    with pytest.raises(ValueError, match=argument):
        sync(store, tmp_path, **{argument: value})


def test_the_summary_as_json_has_integer_counts(store: Store, tmp_path: Path) -> None:
    data = json.loads(json.dumps(sync(store, tmp_path).as_dict()))
    for field in ("orders", "files", "new", "changed", "unchanged", "failed", "bytes"):
        assert type(data[field]) is int
    assert FileKey("o", "g", "k", "n").relative() == Path("o/g/k/n")


def test_a_pool_the_user_passed_never_carries_asset_requests(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user's http_client may add credentials of its own: asset URLs then go through a pool of the sync's."""
    import cubicasa_integrate.sync as sync_module

    seen: list[httpx.Request] = []
    made: list[httpx.AsyncClient] = []

    def sync_pool(concurrency: int, **_: Any) -> httpx.AsyncClient:
        made.append(httpx.AsyncClient(transport=httpx.MockTransport(store)))
        return made[-1]

    monkeypatch.setattr(sync_module, "asset_client", sync_pool)

    async def main() -> Any:
        async def hook(request: httpx.Request) -> None:
            seen.append(request)

        transport = httpx.MockTransport(store)
        async with (
            httpx.AsyncClient(
                transport=transport, headers={"authorization": "mine"}, event_hooks={"request": [hook]}
            ) as own,
            AsyncCubiCasa(KEY, base_url=BASE, http_client=own) as client,
        ):
            return await async_sync_orders(client, tmp_path)

    assert asyncio.run(main()).new == 4
    assert seen
    assert all(str(r.url).startswith(BASE) for r in seen)
    [pool] = made
    assert pool.is_closed


def test_a_destination_that_is_a_file_is_a_clear_sync_error(store: Store, tmp_path: Path) -> None:
    (tmp_path / "mirror").write_text("not a folder")
    with pytest.raises(SyncError, match="mirror"):
        sync(store, tmp_path / "mirror")


# ------------------------------------------------------------------------------------------------ issue 22
def parts_under(dest: Path) -> list[Path]:
    return [p for p in dest.rglob("*") if p.name.endswith(".part")]


def slow_body(content: bytes, started: asyncio.Event | None = None, pause: float = 0.01) -> Any:
    async def stream() -> Any:
        for start in range(0, len(content), 4):
            if started is not None:
                started.set()
            yield content[start : start + 4]
            await asyncio.sleep(pause)

    return stream()


def test_a_second_sync_of_one_destination_waits_for_the_first(store: Store, tmp_path: Path) -> None:
    """Two syncs into one destination at once (one event loop, as the webhook receiver runs them): the second
    waits on the destination's lock, says so, and never writes while the first does."""
    started = asyncio.Event()
    writing: list[int] = []  # how many streams are in flight, sampled as each chunk is sent

    def slowly(request: httpx.Request) -> httpx.Response:
        content = store.files[request.url.path]

        async def counted() -> Any:
            writing.append(1)
            try:
                async for chunk in slow_body(content, started):
                    yield chunk
            finally:
                writing.pop()

        return httpx.Response(200, content=counted(), headers={"content-length": str(len(content))})

    store.faults["/order-b/plan.png"] = [slowly, slowly]
    waited: list[Path] = []

    class Waiting(SyncObserver):
        def waiting(self, dest: Path) -> None:
            waited.append(dest)

    async def main() -> tuple[Any, Any]:
        transport = httpx.MockTransport(store)
        async with client_for(store) as client, httpx.AsyncClient(transport=transport) as http:
            first = asyncio.create_task(async_sync_orders(client, tmp_path, http=http, order_ids=["order-b"]))
            await started.wait()  # the first is streaming a file into the destination
            second = await async_sync_orders(client, tmp_path, http=http, order_ids=["order-b"], observer=Waiting())
            return await first, second

    first, second = asyncio.run(main())
    assert waited == [tmp_path]
    assert (first.new, second.changed, first.failed, second.failed) == (1, 1, 0, 0)
    assert len([p for p, *_ in store.asset_requests if p == "/order-b/plan.png"]) == 2
    assert on_disk(tmp_path) == {
        str(r.key.relative()): store.files["/order-b/plan.png"] for r in Manifest(tmp_path).rows()
    }


def _small_batches(monkeypatch: pytest.MonkeyPatch, engine: Any, size: int = 16 * 1024) -> None:
    """Bodies written `size` bytes at a time (not 256 KiB): the tests that meddle with a part while it is written
    need its first bytes on the disk early (a body smaller than a batch is written whole at its end)."""
    monkeypatch.setattr(engine, "_BATCH", size)


def test_the_temporary_file_is_the_syncs_own_not_a_shared_name(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer of `<name>.part` (an older sync, a second process: O_TRUNC, then its own bytes) cannot splice
    into the sync's file: the sync writes into a temporary file of its own, created with O_EXCL."""
    from cubicasa_integrate.sync import _engine

    _small_batches(monkeypatch, _engine)
    content = bytes(range(256)) * 1200  # the first 128 KiB reach the disk before the meddling
    store.files["/order-b/plan.png"] = content
    folder = tmp_path / "order-b" / "listing_floorplans" / "png_urls"

    def meddled(request: httpx.Request) -> httpx.Response:
        async def stream() -> Any:
            yield content[: 128 * 1024]
            deadline = time.monotonic() + 10
            # Wait until the first bytes are in the part.
            while not (parts := [p for p in folder.iterdir() if p.suffix == ".part" and p.stat().st_size]):
                assert time.monotonic() < deadline, "the sync's part never got its first bytes"
                await asyncio.sleep(0.001)
            [target] = parts
            with open(folder / (target.name.split(".")[0] + ".png.part"), "wb") as other:  # O_TRUNC, as it did
                other.write(b"X" * 1000)
            yield content[128 * 1024 :]

        return httpx.Response(200, content=stream(), headers={"content-length": str(len(content))})

    store.faults["/order-b/plan.png"] = [meddled]
    summary = sync(store, tmp_path, order_ids=["order-b"])
    assert (summary.new, summary.failed) == (1, 0)
    [row] = Manifest(tmp_path).rows()
    landed = (tmp_path / row.key.relative()).read_bytes()
    assert landed == content
    assert row.sha256 == hashlib.sha256(landed).hexdigest()


def test_a_killed_runs_unique_parts_are_settled_by_the_next_run(store: Store, tmp_path: Path) -> None:
    sync(store, tmp_path)
    [target] = list(tmp_path.rglob("*.pdf"))
    target.rename(target.with_name(target.name + ".0123abcd.part"))  # committed, killed before the rename
    (target.parent.parent / "png_urls").joinpath("stray.png.89abcdef.part").write_bytes(b"not ours")
    [png] = [p for p in tmp_path.rglob("plan-*.png") if "order-a" in str(p)]
    png.with_name(png.name + ".fedcba98.part").write_bytes(b"half of a newer version")
    summary = sync(store, tmp_path)
    assert (summary.unchanged, summary.bytes) == (4, 0)
    assert target.read_bytes() == b"A-pdf"
    assert [p.name for p in parts_under(tmp_path)] == ["stray.png.89abcdef.part"]  # no file of ours: left alone


def test_dry_run_reports_a_recorded_file_altered_on_disk_as_changed(store: Store, tmp_path: Path) -> None:
    sync(store, tmp_path)
    rows = {r.key.name.split("-")[0] + r.key.kind: r for r in Manifest(tmp_path).rows() if r.key.order_id == "order-a"}
    grown = tmp_path / rows["planpng_urls"].key.relative()
    grown.write_bytes(grown.read_bytes() + b"!")  # another size
    same_size = tmp_path / rows["planpdf_urls"].key.relative()
    same_size.write_bytes(b"B-pdf")  # the same size, other bytes, a new mtime
    (tmp_path / rows["plan2png_urls"].key.relative()).unlink()
    summary = sync(store, tmp_path, dry_run=True)
    assert (summary.changed, summary.new, summary.unchanged) == (2, 1, 1)
    real = sync(store, tmp_path)  # the dry run said what the real run does
    assert (real.changed, real.new, real.unchanged) == (2, 1, 1)


def test_a_malformed_url_fails_that_file_alone(store: Store, tmp_path: Path) -> None:
    plain = store.order

    def with_bad_url(order_id: str) -> dict[str, Any]:
        order = plain(order_id)
        if order_id == "order-a":
            order["delivery_assets"]["listing_floorplans"]["png_urls"].append("http://[::1/x")
        return order

    store.order = with_bad_url  # type: ignore[method-assign]
    summary = sync(store, tmp_path)
    assert (summary.new, summary.failed, summary.files) == (4, 1, 5)
    [failure] = summary.failures
    assert "http://[::1/x" in (failure.error or "")
    assert "not a valid URL" in (failure.error or "")
    assert parts_under(tmp_path) == []


class _FailingFile:
    """A part whose writes fail as a full disk does (an OSError ENOSPC), after `after` bytes."""

    def __init__(self, real: Any, after: int) -> None:
        self.real, self.after = real, after

    def write(self, data: bytes) -> int:
        if self.after < len(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.after -= len(data)
        return int(self.real.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


@pytest.mark.parametrize(
    ("error", "said"),
    [(errno.ENOSPC, "no space left writing "), (errno.EACCES, "Permission denied")],
)
def test_a_full_disk_or_a_refused_write_fails_that_file_by_name_and_removes_its_part(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: int, said: str
) -> None:
    from cubicasa_integrate import downloads

    real_open = downloads._Folder.open

    def failing_open(folder: Any, name: str, flags: int) -> Any:
        if not name.startswith("plan-") or not name.endswith(".part") or "pdf_urls" not in str(folder.path):
            return real_open(folder, name, flags)
        if error == errno.EACCES:
            raise OSError(error, os.strerror(error))
        return _FailingFile(real_open(folder, name, flags), after=2)

    monkeypatch.setattr(downloads._Folder, "open", failing_open)
    summary = sync(store, tmp_path)
    assert (summary.new, summary.failed) == (3, 1)
    [failure] = summary.failures
    assert failure.key.kind == "pdf_urls"
    assert (failure.error or "").startswith(said if error == errno.ENOSPC else str(failure.path))
    assert said in (failure.error or "")
    assert str(failure.path) in (failure.error or "")
    assert parts_under(tmp_path) == []
    monkeypatch.undo()  # space freed: the rerun fetches that file, and the manifest is not blamed
    again = sync(store, tmp_path)
    assert (again.new, again.unchanged, again.failed) == (1, 3, 0)


def test_a_large_body_reaches_the_disk_in_large_writes_not_piece_by_piece(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 5 MiB body that arrives in 16 KiB pieces is gathered by 256 KiB and written in about twenty calls (one
    write and one hash update each), and whole."""
    from cubicasa_integrate import downloads

    content = bytes(range(256)) * (5 * 4096)  # 5 MiB
    store.files["/order-b/plan.png"] = content

    async def body() -> Any:
        for start in range(0, len(content), 16 * 1024):
            yield content[start : start + 16 * 1024]

    store.faults["/order-b/plan.png"] = [
        lambda request: httpx.Response(200, content=body(), headers={"content-length": str(len(content))})
    ]
    writes: list[int] = []
    real_open = downloads._Folder.open

    class Counted(_FailingFile):
        def write(self, data: bytes) -> int:
            writes.append(len(data))
            return int(self.real.write(data))

    def counted_open(folder: Any, name: str, flags: int) -> Any:
        opened = real_open(folder, name, flags)
        return Counted(opened, after=0) if name.endswith(".part") else opened

    monkeypatch.setattr(downloads._Folder, "open", counted_open)
    summary = sync(store, tmp_path, order_ids=["order-b"])
    assert (summary.new, summary.failed) == (1, 0)
    assert sum(writes) == len(content)
    assert len(writes) <= 21, f"{len(writes)} writes for 5 MiB"
    [row] = Manifest(tmp_path).rows()
    assert (tmp_path / row.key.relative()).read_bytes() == content
    assert row.sha256 == hashlib.sha256(content).hexdigest()


def test_a_sync_writes_on_the_event_loop_and_hashes_only_a_moved_file_in_a_thread(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bodies, small or large, are written and hashed on the event loop, and each file's folders and stats are
    settled there: a disk thread fed batch by batch cost the loop more in GIL handovers than it saved (fast wire,
    1 KiB files 0.62-0.72x the hand-written downloader, 5 MiB files 0.68-0.72x). Only reading back a file whose
    mtime moved (its SHA-256 against the manifest's) goes to a thread: the whole file is read at once."""
    import concurrent.futures

    submitted: list[str] = []
    real_submit = concurrent.futures.ThreadPoolExecutor.submit

    def counted_submit(pool: Any, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        if pool._thread_name_prefix == "cubicasa-sync-disk":
            submitted.append(getattr(fn, "__name__", repr(fn)))
        return real_submit(pool, fn, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures.ThreadPoolExecutor, "submit", counted_submit)
    large = bytes(range(256)) * 4096  # 1 MiB
    store.add("order-c", png_urls={"large.png": large})
    summary = sync(store, tmp_path)
    assert (summary.new, summary.failed) == (5, 0)
    assert submitted == []
    [row] = [row for row in Manifest(tmp_path).rows() if row.key.order_id == "order-c"]
    assert (tmp_path / row.key.relative()).read_bytes() == large
    os.utime(tmp_path / row.key.relative(), ns=(row.mtime_ns - 10**9, row.mtime_ns - 10**9))
    summary = sync(store, tmp_path)
    assert (summary.unchanged, summary.failed) == (5, 0)
    assert submitted == ["_sha256_of"]


def test_a_full_disk_writing_the_manifest_is_said_as_such(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's 'database or disk is full' (made real with max_page_count) is "no space left writing" the
    manifest, for the file being committed; at open it stops the run, without advice to move the manifest."""
    real_connect = sqlite3.connect
    limit = {"pages": 0}

    def small_disk(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db: sqlite3.Connection = real_connect(*args, **kwargs)
        if limit["pages"]:
            db.execute(f"PRAGMA max_page_count={limit['pages']}")
        return db

    monkeypatch.setattr(sqlite3, "connect", small_disk)  # the manifest's connections only: this test opens none
    limit["pages"] = 1  # not even the table fits
    with pytest.raises(SyncError) as raised:
        sync(store, tmp_path)
    assert "no space left writing" in str(raised.value)
    assert "move it away" not in str(raised.value)
    limit["pages"] = 0
    sync(store, tmp_path / "full")
    db = real_connect(tmp_path / "full" / MANIFEST_NAME)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.close()
    limit["pages"] = pages  # the manifest may not grow by a page
    store.add("order-c", png_urls={f"{'long-name-' * 12}{n}.png": b"C" for n in range(40)})
    summary = sync(store, tmp_path / "full")
    assert summary.failed > 0
    assert all((f.error or "").startswith("no space left writing ") for f in summary.failures)
    assert all(str(tmp_path / "full" / MANIFEST_NAME) in (f.error or "") for f in summary.failures)
    assert parts_under(tmp_path / "full") == []
    rows = Manifest(tmp_path / "full").rows()
    assert all((tmp_path / "full" / r.key.relative()).read_bytes() for r in rows)


def test_manifest_damage_found_during_a_run_is_the_error_given_at_open(store: Store, tmp_path: Path) -> None:
    sync(store, tmp_path)

    class Vandal(SyncObserver):
        def order_found(self, order_id: str, files: int) -> None:  # after the open, before any file is read
            db = sqlite3.connect(tmp_path / MANIFEST_NAME)
            db.executescript("DROP TABLE files; CREATE TABLE files (other TEXT)")
            db.close()

    with pytest.raises(SyncError, match=r"is not a readable sync manifest .*; move it away to start over"):
        sync(store, tmp_path, observer=Vandal())
    assert parts_under(tmp_path) == []


def test_a_cancelled_sync_removes_its_temporary_files(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in asyncio.run cancels the sync's task: each worker removes its part, and the cancel propagates.
    (Batches of 4 bytes: the part is on the disk from the body's first piece.)"""
    from cubicasa_integrate.sync import _engine

    _small_batches(monkeypatch, _engine, 4)
    started = asyncio.Event()
    content = store.files["/order-a/plan.png"]
    store.faults["/order-a/plan.png"] = [
        lambda r: httpx.Response(
            200, content=slow_body(content, started), headers={"content-length": str(len(content))}
        )
    ]

    async def main() -> None:
        transport = httpx.MockTransport(store)
        async with client_for(store) as client, httpx.AsyncClient(transport=transport) as http:
            task = asyncio.create_task(async_sync_orders(client, tmp_path, http=http))
            await started.wait()
            await asyncio.sleep(0.05)
            assert parts_under(tmp_path), "the interruption lands while a part is being written"
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(main())
    assert parts_under(tmp_path) == []


@pytest.mark.skipif(
    os.geteuid() != 0,
    reason="mounting a small tmpfs needs root; the injected ENOSPC tests above cover the same code unprivileged",
)
def test_a_really_full_disk_fails_the_file_that_does_not_fit_and_keeps_the_manifest(
    store: Store, tmp_path: Path
) -> None:
    import subprocess

    small = tmp_path / "small"
    small.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(small)], check=True)
    try:
        store.add("order-c", png_urls={"huge.png": b"H" * (2 * 1024 * 1024)})
        summary = sync(store, small, concurrency=1)
        assert (summary.new, summary.failed) == (4, 1)
        [failure] = summary.failures
        assert failure.error == f"no space left writing {failure.path}"
        assert parts_under(small) == []  # the space the part took is given back
        again = sync(store, small, concurrency=1)  # the manifest is fine, and no one is told to move it away
        assert (again.unchanged, again.failed) == (4, 1)
        assert again.failures[0].error == f"no space left writing {again.failures[0].path}"
    finally:
        subprocess.run(["umount", str(small)], check=True)


# ------------------------------------------------------------------------------ throughput (issue 24)


class Progress(SyncObserver):
    def __init__(self) -> None:
        self.calls: list[tuple[int, int | None]] = []

    def file_progress(self, key: FileKey, done: int, total: int | None) -> None:
        self.calls.append((done, total))


def test_progress_is_reported_at_most_every_tenth_of_a_second_and_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A body of 200 pieces, each arriving 10 ms after the last (a fake clock): about 20 progress calls, not 200,
    and the last one says the whole body arrived."""
    from cubicasa_integrate.sync import _engine

    clock = [0.0]

    def tick() -> float:
        clock[0] += 0.01
        return clock[0]

    monkeypatch.setattr(_engine, "_clock", tick)
    content = bytes(range(256)) * 8 * 200  # 200 pieces of 2 KiB

    async def body() -> Any:
        for start in range(0, len(content), 2048):
            yield content[start : start + 2048]

    store = Store()
    store.add("order-a", png_urls={"plan.png": b"x"})
    store.faults["/order-a/plan.png"] = [
        lambda request: httpx.Response(200, content=body(), headers={"content-length": str(len(content))})
    ]
    observer = Progress()
    summary = sync(store, tmp_path, observer=observer)
    assert summary.new == 1
    assert 15 <= len(observer.calls) <= 25
    assert observer.calls[-1] == (len(content), len(content))
    assert [done for done, _total in observer.calls] == sorted(done for done, _total in observer.calls)


def test_only_the_files_own_parts_are_taken_for_its_temporary_files(tmp_path: Path) -> None:
    """`<name>.part` and `<name>.<8 hex>.part`, nothing else (found by slicing: no regular expression per name)."""
    from contextlib import ExitStack

    from cubicasa_integrate.downloads import _open_dest
    from cubicasa_integrate.sync._engine import _parts

    ours = ["plan.png.part", "plan.png.0123abcd.part", "plan.png.ffffffff.part"]
    others = [
        "plan.png", "plan.png.0123abcx.part", "plan.png.0123abcd.parts", "plan.pngX0123abcd.part",
        "plan.png.0123abcde.part", "plan.png.0123abc.part", "plan.png.part.json", "plan.png..part",
        "plan.png.0123ABCD.part", "xplan.png.part", "plan.pn.part",
    ]  # fmt: skip
    for name in ours + others:
        (tmp_path / name).write_bytes(b"")
    with ExitStack() as stack:
        assert _parts(_open_dest(tmp_path, "", stack), "plan.png") == sorted(ours)


def test_a_large_file_cancelled_midway_leaves_no_part(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A body half written when the sync is cancelled: the worker removes the part; nothing is recorded."""
    from cubicasa_integrate.sync import _engine

    _small_batches(monkeypatch, _engine)
    content = bytes(range(256)) * 4096  # 1 MiB
    half = asyncio.Event()

    async def body() -> Any:
        for start in range(0, len(content), 16 * 1024):
            if start >= len(content) // 2:
                half.set()
                await asyncio.sleep(0.01)
            yield content[start : start + 16 * 1024]

    store.files["/order-b/plan.png"] = content
    store.faults["/order-b/plan.png"] = [
        lambda request: httpx.Response(200, content=body(), headers={"content-length": str(len(content))})
    ]

    async def main() -> None:
        transport = httpx.MockTransport(store)
        async with client_for(store) as client, httpx.AsyncClient(transport=transport) as http:
            task = asyncio.create_task(async_sync_orders(client, tmp_path, http=http, order_ids=["order-b"]))
            await half.wait()
            await asyncio.sleep(0.03)
            [part] = parts_under(tmp_path)
            assert part.stat().st_size > 0, "bytes reached the disk before the cancel"
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(main())
    assert parts_under(tmp_path) == []
    assert Manifest(tmp_path).rows() == []


def test_a_sync_cancelled_while_a_thread_hashes_a_file_waits_for_the_thread(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rerun reads back a file whose mtime moved in a thread (0.2 s, a slow disk): cancelled meanwhile, the
    worker waits for the thread before the file's folders are closed, so the thread never reads through a closed
    (or, worse, reused) descriptor."""
    import threading
    import time as clock

    from cubicasa_integrate.sync import _engine

    sync(store, tmp_path, order_ids=["order-b"])
    [row] = Manifest(tmp_path).rows()
    os.utime(tmp_path / row.key.relative(), ns=(row.mtime_ns - 10**9, row.mtime_ns - 10**9))
    real = _engine._sha256_of
    started, done = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def slow_sha256_of(folder: Any, name: str) -> str:
        started.set()
        clock.sleep(0.2)
        try:
            return real(folder, name)
        except BaseException as error:
            failures.append(error)
            raise
        finally:
            done.set()

    monkeypatch.setattr(_engine, "_sha256_of", slow_sha256_of)
    finished_first: list[bool] = []

    async def main() -> None:
        transport = httpx.MockTransport(store)
        async with client_for(store) as client, httpx.AsyncClient(transport=transport) as http:
            task = asyncio.create_task(async_sync_orders(client, tmp_path, http=http, order_ids=["order-b"]))
            while not started.is_set():
                await asyncio.sleep(0.005)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            finished_first.append(done.is_set())

    asyncio.run(main())
    assert finished_first == [True], "the sync returned while its thread still read the file"
    assert failures == []
    assert parts_under(tmp_path) == []

"""cubicasa_integrate.sync: incremental, crash-safe mirroring, against a scriptable fake API and asset store."""

from __future__ import annotations

import asyncio
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

"""overrides/cubicasa_integrate/downloads.py: one file per URL, resumed only when provably the same file, never
through a symlink, never larger than `max_bytes` - and without the api-key."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from cubicasa_integrate import DownloadError
from cubicasa_integrate.downloads import download_order_assets, target_path
from cubicasa_integrate.helpers import AssetUrl
from cubicasa_integrate.types import Order
from tests.unit.fakes import order_json

PLAN_A = "https://files.example/a/plan.png"
PLAN_B = "https://files.example/b/plan.png"
REPORT = "https://files.example/report.pdf"
CONTENT = {PLAN_A: b"P" * 70_000, PLAN_B: b"Q" * 10, REPORT: b"%PDF-1.4 report"}


def order_with(urls: dict[str, list[str]], order_id: str | None = None) -> Order:
    data = order_json()
    data["delivery_assets"] = {"listing_floorplans": urls}
    if order_id is not None:
        data["id"] = order_id
    return Order.from_dict(data)


ORDER = order_with({"png_urls": [PLAN_A], "png_urls_dim": [PLAN_B], "pdf_urls": [REPORT]})


class Files:
    """A file server that honours Range and If-Range (on its ETag or Last-Modified, as configured), can cut a
    response short, lie about the length or ignore Range, and records what it was asked."""

    def __init__(
        self,
        content: dict[str, bytes] | None = None,
        *,
        validator: str | None = "etag",
        cut_after: int | None = None,
        ignore_range: bool = False,
        ignore_if_range: bool = False,
        lie: int = 0,
    ) -> None:
        self.content = dict(CONTENT if content is None else content)
        self.versions = dict.fromkeys(self.content, 1)
        self.requests: list[httpx.Request] = []
        self.validator, self.cut_after, self.lie = validator, cut_after, lie
        self.ignore_range, self.ignore_if_range = ignore_range, ignore_if_range

    def change(self, url: str, body: bytes) -> None:
        self.content[url] = body
        self.versions[url] += 1

    def validators(self, url: str) -> dict[str, str]:
        digest = hashlib.sha256(self.content[url]).hexdigest()[:16]
        modified = f"Tue, 01 Dec 2026 12:{self.versions[url]:02d}:00 GMT"
        return {
            "etag": {"etag": f'"{digest}"'},
            "weak-etag": {"etag": f'W/"{digest}"'},
            "last-modified": {"last-modified": modified},
            None: {},
        }[self.validator]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        url = str(request.url)
        body, validators = self.content[url], self.validators(url)
        start = int(request.headers.get("range", "bytes=0-")[6:-1])
        if_range = request.headers.get("if-range")
        same = if_range is None or self.ignore_if_range or if_range in validators.values()
        if start and same and not self.ignore_range:
            if start >= len(body):
                return httpx.Response(416, headers={"content-range": f"bytes */{len(body)}", **validators})
            headers = {"content-range": f"bytes {start}-{len(body) - 1}/{len(body)}", **validators}
            return httpx.Response(206, content=body[start:], headers=headers)
        if self.cut_after is not None:
            cut, self.cut_after = self.cut_after, None
            return httpx.Response(200, content=body[:cut], headers={"content-length": str(len(body)), **validators})
        return httpx.Response(200, content=body, headers={"content-length": str(len(body) + self.lie), **validators})


def run(dest: Path, files: Any, order: Order = ORDER, **options: Any) -> list[Any]:
    with httpx.Client(transport=httpx.MockTransport(files)) as http:
        return list(download_order_assets(order, dest, http=http, **options))


def one(url: str, kind: str = "pdf_urls") -> Order:
    return order_with({kind: [url]})


def where(dest: Path, url: str, kind: str = "pdf_urls", order: Order = ORDER) -> Path:
    return target_path(dest / order.id, AssetUrl("listing_floorplans", kind, url))


def interrupted(dest: Path, files: Files, url: str = PLAN_A, cut: int = 1000) -> Path:
    """A download of `url` cut after `cut` bytes in an earlier run: its .part (and validator) stay behind."""
    files.cut_after = cut
    with pytest.raises(DownloadError, match="expected"):
        run(dest, files, order=one(url), max_attempts=1)
    part = where(dest, url).with_name(where(dest, url).name + ".part")
    assert part.stat().st_size == cut
    return part


# ---------------------------------------------------------------------------------------------- layout, names
def test_downloads_every_file_into_order_group_and_kind_folders(tmp_path: Path) -> None:
    progress: list[tuple[str, int, int | None]] = []
    results = run(tmp_path, Files(), on_progress=lambda asset, done, total: progress.append((asset.kind, done, total)))
    layout = [(r.status, r.path.relative_to(tmp_path).as_posix()) for r in results]
    assert [(status, re.sub("-[0-9a-f]{10}[.]", "-HASH.", path)) for status, path in layout] == [
        ("downloaded", f"{ORDER.id}/listing_floorplans/png_urls/plan-HASH.png"),
        ("downloaded", f"{ORDER.id}/listing_floorplans/pdf_urls/report-HASH.pdf"),
        ("downloaded", f"{ORDER.id}/listing_floorplans/png_urls_dim/plan-HASH.png"),
    ]
    for result in results:
        assert result.path.read_bytes() == CONTENT[result.asset.url]
    assert progress[-1] == ("png_urls_dim", 10, 10)
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(r.path.name for r in results)


def test_urls_ending_in_the_same_file_name_get_a_file_each(tmp_path: Path) -> None:
    urls = [
        "https://files.example/floor1/plan.png",
        "https://files.example/floor2/plan.png",
        "https://files.example/plan%20a.png",
        "https://files.example/plan_a.png",
    ]
    files = Files({url: url.encode() for url in urls})
    results = run(tmp_path, files, order=order_with({"png_urls": urls}))
    assert [r.status for r in results] == ["downloaded"] * 4
    assert len({r.path for r in results}) == 4
    assert [r.path.read_bytes() for r in results] == [url.encode() for url in urls]


def test_two_orders_downloaded_into_one_folder_do_not_mix(tmp_path: Path) -> None:
    first, second = order_with({"png_urls": [PLAN_A]}, "order-1"), order_with({"png_urls": [PLAN_B]}, "order/../2")
    files = Files()
    [a], [b] = run(tmp_path, files, order=first), run(tmp_path, files, order=second)
    assert (a.status, b.status) == ("downloaded", "downloaded")
    assert a.path.relative_to(tmp_path).parts[0] == "order-1"
    assert b.path.relative_to(tmp_path).parts[0] == "order_.._2"  # one safe segment, never `..`
    assert (a.path.read_bytes(), b.path.read_bytes()) == (CONTENT[PLAN_A], CONTENT[PLAN_B])


def test_the_query_of_a_pre_signed_url_does_not_change_the_target(tmp_path: Path) -> None:
    signed = [f"{REPORT}?X-Amz-Signature={n}" for n in (1, 2)]
    assert where(tmp_path, signed[0]) == where(tmp_path, signed[1]) == where(tmp_path, REPORT)
    files = Files({url: CONTENT[REPORT] for url in signed})
    assert run(tmp_path, files, order=one(signed[0]))[0].status == "downloaded"
    assert run(tmp_path, files, order=one(signed[1]))[0].status == "skipped"


def test_the_per_order_folder_can_be_left_out(tmp_path: Path) -> None:
    [result] = run(tmp_path, Files(), order=one(REPORT), per_order_folder=False)
    assert result.path == target_path(tmp_path, AssetUrl("listing_floorplans", "pdf_urls", REPORT))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x/a/..%2F..%2Fetc%2Fpasswd", r"g/k/etc_passwd-[0-9a-f]{10}"),
        ("https://x/a/%2E%2E", r"g/k/file-[0-9a-f]{10}"),
        ("https://x/", r"g/k/file-[0-9a-f]{10}"),
        ("https://x/a/pl%20an.png?X-Amz-Signature=abc", r"g/k/pl_an-[0-9a-f]{10}\.png"),
        ("https://x/a/" + "n" * 300 + ".tar.gz", r"g/k/n{150}-[0-9a-f]{10}\.gz"),
    ],
)
def test_file_names_can_never_leave_the_destination(tmp_path: Path, url: str, expected: str) -> None:
    path = target_path(tmp_path, AssetUrl("g", "k", url))
    assert re.fullmatch(expected, path.relative_to(tmp_path).as_posix())


# ---------------------------------------------------------------------------------------------- skipping
def test_finished_files_are_skipped(tmp_path: Path) -> None:
    run(tmp_path, Files())
    files = Files()
    assert {r.status for r in run(tmp_path, files)} == {"skipped"}
    assert files.requests == []


def test_the_api_key_is_never_sent_to_asset_hosts(tmp_path: Path) -> None:
    files = Files()
    run(tmp_path, files)
    assert all("api-key" not in request.headers for request in files.requests)


# ---------------------------------------------------------------------------------------------- resuming
def test_an_interrupted_download_resumes_with_range_and_if_range(tmp_path: Path) -> None:
    files = Files(cut_after=1000)
    results = run(tmp_path, files, order=one(PLAN_A))
    assert results[0].status == "resumed"
    assert results[0].path.read_bytes() == CONTENT[PLAN_A]
    etag = files.validators(PLAN_A)["etag"]
    assert [(r.headers.get("range"), r.headers.get("if-range")) for r in files.requests] == [
        (None, None),
        ("bytes=1000-", etag),
    ]
    assert [p.name for p in results[0].path.parent.iterdir()] == [results[0].path.name]  # no .part, no sidecar


@pytest.mark.parametrize("validator", ["etag", "last-modified"])
def test_a_part_file_from_an_earlier_run_resumes_if_the_server_proves_it_unchanged(
    tmp_path: Path, validator: str
) -> None:
    files = Files(validator=validator)
    interrupted(tmp_path, files)
    files.requests.clear()
    [result] = run(tmp_path, files, order=one(PLAN_A))
    assert (result.status, result.path.read_bytes()) == ("resumed", CONTENT[PLAN_A])
    [request] = files.requests
    assert (request.headers["range"], request.headers["if-range"]) == (
        "bytes=1000-",
        files.validators(PLAN_A)[validator],
    )


def test_a_file_that_changed_between_runs_is_downloaded_again_not_spliced(tmp_path: Path) -> None:
    files = Files()
    interrupted(tmp_path, files)
    files.change(PLAN_A, b"N" * 50_000)
    [result] = run(tmp_path, files, order=one(PLAN_A))
    assert (result.status, result.path.read_bytes()) == ("downloaded", b"N" * 50_000)


@pytest.mark.parametrize("validator", ["weak-etag", None])
def test_without_a_strong_validator_a_part_file_is_restarted_from_zero(tmp_path: Path, validator: str | None) -> None:
    files = Files(validator=validator)
    interrupted(tmp_path, files)
    files.requests.clear()
    [result] = run(tmp_path, files, order=one(PLAN_A))
    assert (result.status, result.path.read_bytes()) == ("downloaded", CONTENT[PLAN_A])
    assert [r.headers.get("range") for r in files.requests] == [None]


def test_a_part_file_without_its_validator_is_restarted_from_zero(tmp_path: Path) -> None:
    part = where(tmp_path, REPORT).with_name(where(tmp_path, REPORT).name + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes(b"%PDF-1.3 OLD")  # e.g. left by 0.3.1, which kept no validator
    files = Files()
    [result] = run(tmp_path, files, order=one(REPORT))
    assert (result.status, result.path.read_bytes()) == ("downloaded", CONTENT[REPORT])
    assert "range" not in files.requests[0].headers


@pytest.mark.parametrize("sidecar", [b"", b"{", b"[]", b'{"validator": 7}', b"\xff" * 10, b"x" * 100_000])
def test_a_damaged_sidecar_means_starting_again(tmp_path: Path, sidecar: bytes) -> None:
    files = Files()
    part = interrupted(tmp_path, files)
    part.with_name(part.name + ".json").write_bytes(sidecar)
    files.requests.clear()
    [result] = run(tmp_path, files, order=one(PLAN_A))
    assert (result.status, result.path.read_bytes()) == ("downloaded", CONTENT[PLAN_A])
    assert "range" not in files.requests[0].headers


def test_a_200_answer_to_a_ranged_request_restarts_the_file(tmp_path: Path) -> None:
    files = Files(ignore_range=True)
    interrupted(tmp_path, files)
    [result] = run(tmp_path, files, order=one(PLAN_A))
    assert (result.status, result.path.read_bytes()) == ("downloaded", CONTENT[PLAN_A])


def test_a_200_with_a_shorter_new_file_leaves_no_old_bytes_behind(tmp_path: Path) -> None:
    """The whole new file replaces the part: appending to it, or writing over its start, would keep old bytes."""
    files = Files(ignore_range=True)
    interrupted(tmp_path, files, cut=1000)
    files.change(PLAN_A, b"short")
    [result] = run(tmp_path, files, order=one(PLAN_A))
    assert (result.status, result.path.read_bytes()) == ("downloaded", b"short")


def test_a_server_ignoring_range_within_one_run_restarts_the_file(tmp_path: Path) -> None:
    files = Files(cut_after=5, ignore_range=True)
    [result] = run(tmp_path, files, order=one(REPORT))
    assert (result.status, result.path.read_bytes()) == ("downloaded", CONTENT[REPORT])


def test_a_resumed_download_whose_total_changed_is_a_download_error(tmp_path: Path) -> None:
    files = Files(ignore_if_range=True)  # a server that resumes whatever it holds now
    part = interrupted(tmp_path, files)
    files.change(PLAN_A, b"N" * 50_000)
    with pytest.raises(DownloadError, match="changed") as caught:
        run(tmp_path, files, order=one(PLAN_A), max_attempts=1)
    assert not part.exists()  # useless now: the next attempt starts from zero
    assert caught.value.url == PLAN_A
    [result] = run(tmp_path, files, order=one(PLAN_A))
    assert (result.status, result.path.read_bytes()) == ("downloaded", b"N" * 50_000)


def test_a_206_starting_elsewhere_is_never_spliced(tmp_path: Path) -> None:
    files = Files()
    interrupted(tmp_path, files)

    def elsewhere(request: httpx.Request) -> httpx.Response:
        body = CONTENT[PLAN_A]
        headers = {"content-range": f"bytes 0-{len(body) - 1}/{len(body)}", **files.validators(PLAN_A)}
        return httpx.Response(206, content=body, headers=headers)

    with pytest.raises(DownloadError, match="bytes 0-"):
        run(tmp_path, elsewhere, order=one(PLAN_A), max_attempts=1)


def test_a_complete_part_file_is_finished_without_refetching_the_body(tmp_path: Path) -> None:
    files = Files()
    part = interrupted(tmp_path, files, REPORT, cut=len(CONTENT[REPORT]) - 1)
    with part.open("ab") as out:
        out.write(CONTENT[REPORT][-1:])  # the body arrived; the rename did not happen (a crash)
    [result] = run(tmp_path, files, order=one(REPORT))
    assert (result.status, result.path.read_bytes()) == ("resumed", CONTENT[REPORT])


def test_a_stale_part_file_is_discarded(tmp_path: Path) -> None:
    files = Files()
    part = interrupted(tmp_path, files, REPORT, cut=3)
    part.write_bytes(b"x" * 100)  # longer than the file: not a prefix of it
    [result] = run(tmp_path, files, order=one(REPORT))
    assert result.path.read_bytes() == CONTENT[REPORT]


def test_a_size_mismatch_keeps_only_the_part_file(tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="expected 16") as caught:
        run(tmp_path, Files(lie=1), order=one(REPORT), max_attempts=1)
    assert caught.value.path.name.endswith(".pdf.part")
    assert not where(tmp_path, REPORT).exists()


def test_an_error_status_is_a_download_error(tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="answered 403"):
        run(tmp_path, lambda r: httpx.Response(403), order=one(REPORT))


def test_a_connection_that_keeps_failing_is_a_download_error(tmp_path: Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(DownloadError, match="ConnectError"):
        run(tmp_path, refuse, order=one(REPORT), max_attempts=2)


# ---------------------------------------------------------------------------------------------- symlinks
@pytest.mark.parametrize(
    ("suffix", "link", "message"),
    [(".part", "symlink", "symlink"), ("", "symlink", "symlink"), (".part", "hardlink", "other hard links")],
)
def test_a_planted_link_as_part_or_target_is_refused_and_its_target_untouched(
    tmp_path: Path, suffix: str, link: str, message: str
) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    planted = where(tmp_path / "dest", REPORT).with_name(where(tmp_path / "dest", REPORT).name + suffix)
    planted.parent.mkdir(parents=True)
    planted.symlink_to(victim) if link == "symlink" else planted.hardlink_to(victim)
    with pytest.raises(DownloadError, match=message):  # a target is refused, never "skipped"
        run(tmp_path / "dest", Files(), order=one(REPORT))
    assert victim.read_bytes() == b"precious"


def test_a_symlinked_group_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    order_folder = tmp_path / "dest" / ORDER.id
    order_folder.mkdir(parents=True)
    (order_folder / "listing_floorplans").symlink_to(outside)
    with pytest.raises(DownloadError, match="symlink"):
        run(tmp_path / "dest", Files(), order=one(REPORT))
    assert list(outside.iterdir()) == []


def test_a_symlinked_sidecar_is_refused(tmp_path: Path) -> None:
    files = Files()
    part = interrupted(tmp_path / "dest", files)
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    sidecar = part.with_name(part.name + ".json")
    sidecar.unlink()
    sidecar.symlink_to(victim)
    with pytest.raises(DownloadError, match="symlink"):
        run(tmp_path / "dest", files, order=one(PLAN_A))
    assert victim.read_bytes() == b"precious"


def test_the_destination_itself_may_be_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    [result] = run(tmp_path / "link", Files(), order=one(REPORT))
    assert (tmp_path / "real" / result.path.relative_to(tmp_path / "link")).read_bytes() == CONTENT[REPORT]


def test_a_file_where_a_folder_belongs_is_a_download_error(tmp_path: Path) -> None:
    (tmp_path / ORDER.id).write_bytes(b"not a folder")
    with pytest.raises(DownloadError, match="not a folder"):
        run(tmp_path, Files(), order=one(REPORT))


# ---------------------------------------------------------------------------------------------- size cap
def gzip_bomb(request: httpx.Request) -> httpx.Response:
    body = gzip.compress(b"\0" * 5_000_000)
    return httpx.Response(200, content=body, headers={"content-encoding": "gzip", "content-length": str(len(body))})


def test_a_body_that_inflates_past_max_bytes_is_refused_and_removed(tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="more than 1000000 bytes") as caught:
        run(tmp_path, gzip_bomb, order=one(REPORT), max_bytes=1_000_000)
    assert caught.value.path.name.endswith(".part")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_declared_size_past_max_bytes_is_refused_before_reading(tmp_path: Path) -> None:
    files = Files()
    with pytest.raises(DownloadError, match="more than 100 bytes"):
        run(tmp_path, files, order=one(PLAN_A), max_bytes=100)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert len(files.requests) == 1  # refusing is final: no retries


def test_asset_requests_ask_for_the_file_bytes_themselves(tmp_path: Path) -> None:
    files = Files()
    run(tmp_path, files, order=one(REPORT))
    assert files.requests[0].headers["accept-encoding"] == "identity"  # Range offsets count these bytes


@pytest.mark.parametrize("max_bytes", [0, -1])
def test_max_bytes_must_be_positive(tmp_path: Path, max_bytes: int) -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        run(tmp_path, Files(), max_bytes=max_bytes)


def test_default_http_client_is_created_and_closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    created: list[httpx.Client] = []
    real_client = httpx.Client

    def client(**kwargs: Any) -> httpx.Client:
        created.append(real_client(transport=httpx.MockTransport(Files()), **kwargs))
        return created[-1]

    monkeypatch.setattr(httpx, "Client", client)
    assert len(list(download_order_assets(ORDER, tmp_path))) == 3
    assert created[0].is_closed
    assert os.listdir(tmp_path) == [ORDER.id]


# ------------------------------------------------------------------------------------------------ issue 22
def test_a_second_download_of_a_file_being_written_is_refused_and_the_first_lands_whole(tmp_path: Path) -> None:
    """Two downloads of one order into one folder at once (two threads here, two processes alike): the part has
    one writer; the second is refused instead of writing into it, and the first's file is whole."""
    import threading

    streaming, release = threading.Event(), threading.Event()
    body = CONTENT[REPORT] * 1000

    def held(request: httpx.Request) -> httpx.Response:
        def stream() -> Any:
            yield body[:100]
            streaming.set()
            release.wait(10)
            yield body[100:]

        return httpx.Response(200, content=stream(), headers={"content-length": str(len(body)), "etag": '"v1"'})

    results: list[Any] = []
    first = threading.Thread(target=lambda: results.extend(run(tmp_path, held, order=one(REPORT))))
    first.start()
    try:
        assert streaming.wait(10)
        with pytest.raises(DownloadError, match="another download is writing this file now"):
            run(tmp_path, Files({REPORT: b"other version"}), order=one(REPORT))
    finally:
        release.set()
        first.join(10)
    assert [r.status for r in results] == ["downloaded"]
    assert where(tmp_path, REPORT).read_bytes() == body
    assert [p.name for p in where(tmp_path, REPORT).parent.iterdir()] == [where(tmp_path, REPORT).name]


def test_a_full_disk_removes_the_part_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cubicasa_integrate import downloads

    real_open = downloads._Folder.open

    class Full:
        def __init__(self, real: Any) -> None:
            self.real = real

        def write(self, data: bytes) -> int:
            raise OSError(28, os.strerror(28))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.real, name)

        def __enter__(self) -> Any:
            return self

        def __exit__(self, *exc: object) -> None:
            self.real.close()

    def full_open(folder: Any, name: str, flags: int) -> Any:
        opened = real_open(folder, name, flags)
        return Full(opened) if name.endswith(".part") else opened

    monkeypatch.setattr(downloads._Folder, "open", full_open)
    with pytest.raises(DownloadError, match="no space left writing this file"):
        run(tmp_path, Files(), order=one(REPORT))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize(("validator", "kept"), [("etag", True), (None, False)])
def test_ctrl_c_keeps_a_resumable_part_and_removes_one_that_is_not(
    tmp_path: Path, validator: str | None, kept: bool
) -> None:
    files = Files(validator=validator)
    plain = files.__call__

    def interrupted_once(request: httpx.Request) -> httpx.Response:
        response = plain(request)
        body = response.content

        def stream() -> Any:
            yield body[:1000]
            raise KeyboardInterrupt

        return httpx.Response(response.status_code, content=stream(), headers=dict(response.headers))

    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, interrupted_once, order=one(PLAN_A))
    part = where(tmp_path, PLAN_A).with_name(where(tmp_path, PLAN_A).name + ".part")
    assert part.exists() is kept
    [result] = run(tmp_path, files, order=one(PLAN_A))
    assert result.status == ("resumed" if kept else "downloaded")
    assert where(tmp_path, PLAN_A).read_bytes() == CONTENT[PLAN_A]

"""overrides/cubicasa_integrate/downloads.py: resumable, size-checked downloads without the api-key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from cubicasa_integrate import DownloadError
from cubicasa_integrate.downloads import download_order_assets, target_path
from cubicasa_integrate.helpers import AssetUrl
from cubicasa_integrate.types import Order
from tests.unit.fakes import order_json

CONTENT = {
    "https://files.example/a/plan.png": b"P" * 70_000,
    "https://files.example/b/plan.png": b"Q" * 10,
    "https://files.example/report.pdf": b"%PDF-1.4 report",
}


def order_with(urls: dict[str, list[str]]) -> Order:
    data = order_json()
    data["delivery_assets"] = {"listing_floorplans": urls}
    return Order.from_dict(data)


ORDER = order_with(
    {
        "png_urls": ["https://files.example/a/plan.png"],
        "png_urls_dim": ["https://files.example/b/plan.png"],
        "pdf_urls": ["https://files.example/report.pdf"],
    }
)


class Files:
    """A file server that honours Range, can cut a response short, and records what it was asked."""

    def __init__(self, *, cut_after: int | None = None, ignore_range: bool = False, lie: int = 0) -> None:
        self.requests: list[httpx.Request] = []
        self.cut_after, self.ignore_range, self.lie = cut_after, ignore_range, lie

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        body = CONTENT[str(request.url)]
        start = int(request.headers.get("range", "bytes=0-")[6:-1])
        if start and not self.ignore_range:
            if start >= len(body):
                return httpx.Response(416, headers={"content-range": f"bytes */{len(body)}"})
            headers = {"content-range": f"bytes {start}-{len(body) - 1}/{len(body)}"}
            return httpx.Response(206, content=body[start:], headers=headers)
        if self.cut_after is not None:
            cut, self.cut_after = self.cut_after, None
            return httpx.Response(200, content=body[:cut], headers={"content-length": str(len(body))})
        return httpx.Response(200, content=body, headers={"content-length": str(len(body) + self.lie)})


def run(dest: Path, files: Files, order: Order = ORDER, **options: Any) -> list[Any]:
    with httpx.Client(transport=httpx.MockTransport(files)) as http:
        return list(download_order_assets(order, dest, http=http, **options))


def test_downloads_every_file_into_group_and_kind_folders(tmp_path: Path) -> None:
    progress: list[tuple[str, int, int | None]] = []
    results = run(tmp_path, Files(), on_progress=lambda asset, done, total: progress.append((asset.kind, done, total)))
    assert [(r.status, r.path.relative_to(tmp_path).as_posix()) for r in results] == [
        ("downloaded", "listing_floorplans/png_urls/plan.png"),
        ("downloaded", "listing_floorplans/pdf_urls/report.pdf"),
        ("downloaded", "listing_floorplans/png_urls_dim/plan.png"),
    ]
    for result in results:
        assert result.path.read_bytes() == CONTENT[result.asset.url]
    assert progress[-1] == ("png_urls_dim", 10, 10)
    assert list(tmp_path.rglob("*.part")) == []


def test_the_api_key_is_never_sent_to_asset_hosts(tmp_path: Path) -> None:
    files = Files()
    run(tmp_path, files)
    assert all("api-key" not in request.headers for request in files.requests)


def test_finished_files_are_skipped(tmp_path: Path) -> None:
    run(tmp_path, Files())
    files = Files()
    assert {r.status for r in run(tmp_path, files)} == {"skipped"}
    assert files.requests == []


def test_an_interrupted_download_resumes_with_range(tmp_path: Path) -> None:
    files = Files(cut_after=1000)
    results = run(tmp_path, files, order=order_with({"png_urls": ["https://files.example/a/plan.png"]}))
    assert results[0].status == "resumed"
    assert results[0].path.read_bytes() == CONTENT["https://files.example/a/plan.png"]
    assert [r.headers.get("range") for r in files.requests] == [None, "bytes=1000-"]


def test_a_part_file_from_an_earlier_run_is_resumed(tmp_path: Path) -> None:
    asset = AssetUrl("listing_floorplans", "pdf_urls", "https://files.example/report.pdf")
    part = target_path(tmp_path, asset).with_name("report.pdf.part")
    part.parent.mkdir(parents=True)
    part.write_bytes(b"%PDF-1.4")
    files = Files()
    results = run(tmp_path, files, order=order_with({"pdf_urls": [asset.url]}))
    assert results[0].status == "resumed"
    assert results[0].path.read_bytes() == b"%PDF-1.4 report"
    assert files.requests[0].headers["range"] == "bytes=8-"


def test_a_complete_part_file_is_finished_without_refetching(tmp_path: Path) -> None:
    asset = AssetUrl("listing_floorplans", "pdf_urls", "https://files.example/report.pdf")
    part = target_path(tmp_path, asset).with_name("report.pdf.part")
    part.parent.mkdir(parents=True)
    part.write_bytes(b"%PDF-1.4 report")
    assert run(tmp_path, Files(), order=order_with({"pdf_urls": [asset.url]}))[0].status == "resumed"


def test_a_stale_part_file_is_discarded(tmp_path: Path) -> None:
    asset = AssetUrl("listing_floorplans", "pdf_urls", "https://files.example/report.pdf")
    part = target_path(tmp_path, asset).with_name("report.pdf.part")
    part.parent.mkdir(parents=True)
    part.write_bytes(b"x" * 100)
    result = run(tmp_path, Files(), order=order_with({"pdf_urls": [asset.url]}))[0]
    assert result.path.read_bytes() == b"%PDF-1.4 report"


def test_a_server_ignoring_range_restarts_the_file(tmp_path: Path) -> None:
    files = Files(cut_after=5, ignore_range=True)
    result = run(tmp_path, files, order=order_with({"pdf_urls": ["https://files.example/report.pdf"]}))[0]
    assert result.path.read_bytes() == b"%PDF-1.4 report"


def test_a_size_mismatch_keeps_only_the_part_file(tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="expected 16") as caught:
        run(
            tmp_path, Files(lie=1), order=order_with({"pdf_urls": ["https://files.example/report.pdf"]}), max_attempts=1
        )
    assert caught.value.path.name == "report.pdf.part"
    assert not caught.value.path.with_name("report.pdf").exists()


def test_an_error_status_is_a_download_error(tmp_path: Path) -> None:
    order = order_with({"pdf_urls": ["https://files.example/report.pdf"]})
    with (
        httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(403))) as http,
        pytest.raises(DownloadError, match="answered 403"),
    ):
        list(download_order_assets(order, tmp_path, http=http))


def test_a_connection_that_keeps_failing_is_a_download_error(tmp_path: Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    order = order_with({"pdf_urls": ["https://files.example/report.pdf"]})
    with (
        httpx.Client(transport=httpx.MockTransport(refuse)) as http,
        pytest.raises(DownloadError, match="ConnectError"),
    ):
        list(download_order_assets(order, tmp_path, http=http, max_attempts=2))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x/a/..%2F..%2Fetc%2Fpasswd", "g/k/etc_passwd"),
        ("https://x/a/%2E%2E", "g/k/file"),
        ("https://x/", "g/k/file"),
        ("https://x/a/pl%20an.png?X-Amz-Signature=abc", "g/k/pl_an.png"),
    ],
)
def test_file_names_can_never_leave_the_destination(tmp_path: Path, url: str, expected: str) -> None:
    path = target_path(tmp_path, AssetUrl("g", "k", url))
    assert path.relative_to(tmp_path).as_posix() == expected


def test_default_http_client_is_created_and_closed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    created: list[httpx.Client] = []
    real_client = httpx.Client

    def client(**kwargs: Any) -> httpx.Client:
        created.append(real_client(transport=httpx.MockTransport(Files()), **kwargs))
        return created[-1]

    monkeypatch.setattr(httpx, "Client", client)
    assert len(list(download_order_assets(ORDER, tmp_path))) == 3
    assert created[0].is_closed

"""Asset downloads: real files at the URLs the orders list, no api-key, Content-Length, Range and If-Range resume,
and the package's downloader against them."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest

from cubicasa_integrate import CubiCasa, DownloadError
from cubicasa_integrate.downloads import DownloadedFile, download_order_assets
from cubicasa_sandbox import RunningSandbox
from cubicasa_sandbox._faults import ASSET_ROUTE
from tests.e2e.support import checked_sandbox

DOCUMENTED_ID = "312babc6-e742-4d54-ac49-e0f7b16ec15a"


def urls(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [url for value in node.values() for url in urls(value)]
    if isinstance(node, list):
        return [url for value in node for url in urls(value)]
    return [node] if isinstance(node, str) and node.startswith("http") else []


def looks_real(content_type: str, data: bytes) -> None:
    """Each file is a valid file of its type (a structural check per format)."""
    if content_type == "image/png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert (width, height) > (0, 0)
        idat = data.index(b"IDAT")
        (length,) = struct.unpack(">I", data[idat - 4 : idat])
        assert len(zlib.decompress(data[idat + 4 : idat + 4 + length])) == height * (width + 1)
    elif content_type == "image/jpeg":
        assert data[:2] == b"\xff\xd8"
        assert data[-2:] == b"\xff\xd9"
    elif content_type == "image/svg+xml":
        assert ElementTree.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"
    elif content_type == "application/pdf":
        assert data.startswith(b"%PDF-1.4")
        assert data.rstrip().endswith(b"%%EOF")
        startxref = int(data.rsplit(b"startxref", 1)[1].split()[0])
        assert data[startxref:].startswith(b"xref")
    elif content_type == "application/zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None
    elif content_type == "application/json":
        assert data.lstrip().startswith(b"{")
    elif content_type == "video/mp4":
        assert data[4:8] == b"ftyp"
    else:
        assert content_type.startswith("text/html")
        assert data.startswith(b"<!DOCTYPE html>")


def test_every_listed_url_downloads_a_real_file_without_api_key(web: httpx.Client, running: RunningSandbox) -> None:
    seen: set[str] = set()
    for order_id in running.sandbox.order_ids("Ready", "Fixing")[:12]:
        for url in urls(running.sandbox.order(order_id, running.root_url)["delivery_assets"]):
            response = web.get(url)  # no api-key: real asset URLs are pre-signed storage links
            assert response.status_code == 200, url
            assert int(response.headers["content-length"]) == len(response.content) > 0
            assert len(response.content) < 8192
            looks_real(response.headers["content-type"], response.content)
            seen.add(url.rsplit("/", 1)[1])
    assert {"floorplan.png", "floorplan.svg", "floorplan.pdf", "floorplan.jpg", "tour.html"} <= seen


def test_urls_use_the_host_the_client_called(web: httpx.Client, running: RunningSandbox) -> None:
    base = running.base_url.replace("127.0.0.1", "localhost")
    with httpx.Client(base_url=base, headers={"api-key": running.api_key}) as client:
        order = client.get(f"/orders/{DOCUMENTED_ID}").json()
    png = order["delivery_assets"]["listing_floorplans"]["png_urls"][0]
    assert png.startswith(f"http://localhost:{running.port}/_sandbox/assets/")
    assert web.get(png).status_code == 200


def test_range_resumes_a_download(web: httpx.Client, running: RunningSandbox) -> None:
    url = f"{running.root_url}/_sandbox/assets/{DOCUMENTED_ID}/floorplan.svg"
    whole = web.get(url)
    size = len(whole.content)
    tail = web.get(url, headers={"range": "bytes=100-"})
    assert tail.status_code == 206
    assert tail.headers["content-range"] == f"bytes 100-{size - 1}/{size}"
    assert int(tail.headers["content-length"]) == size - 100
    assert whole.content[:100] + tail.content == whole.content
    assert web.get(url, headers={"range": "bytes=-10"}).content == whole.content[-10:]
    assert web.get(url, headers={"range": "bytes=5-9"}).content == whole.content[5:10]
    unsatisfiable = web.get(url, headers={"range": f"bytes={size}-"})
    assert (unsatisfiable.status_code, unsatisfiable.headers["content-range"]) == (416, f"bytes */{size}")
    stale = web.get(url, headers={"range": "bytes=100-", "if-range": '"not-the-etag"'})
    assert stale.status_code == 200  # the validator does not match: the whole file again
    head = web.head(url)
    assert (head.status_code, head.content, head.headers["content-length"]) == (200, b"", str(size))


def test_a_download_cut_mid_body_resumes_with_range(web: httpx.Client, running: RunningSandbox) -> None:
    url = f"{running.root_url}/_sandbox/assets/{DOCUMENTED_ID}/floorplan.png"
    expected = web.get(url).content
    received = bytearray()

    def download(stream: httpx.Response) -> None:
        for chunk in stream.iter_raw():
            received.extend(chunk)

    with (
        httpx.Client() as client,
        client.stream("GET", url, headers={"x-sandbox-fault": "drop_during;bytes=300"}) as stream,
    ):
        assert stream.headers["content-length"] == str(len(expected))
        with pytest.raises(httpx.RemoteProtocolError):
            download(stream)
    assert len(received) == 300
    rest = web.get(url, headers={"range": f"bytes={len(received)}-", "if-range": stream.headers["etag"]})
    assert rest.status_code == 206
    assert bytes(received) + rest.content == expected


def test_assets_of_things_not_bought_do_not_exist(web: httpx.Client, running: RunningSandbox) -> None:
    order_id = next(
        i for i in running.sandbox.order_ids("Ready") if "gla" in running.sandbox.record(i).purchasable_add_ons
    )
    assert web.get(f"{running.root_url}/_sandbox/assets/{order_id}/gla_report.pdf").status_code == 404
    assert web.get(f"{running.root_url}/_sandbox/assets/nope/floorplan.png").status_code == 404
    pending = running.sandbox.order_ids("Pending")[0]
    assert web.get(f"{running.root_url}/_sandbox/assets/{pending}/floorplan.png").status_code == 404


def downloaded(running: RunningSandbox, dest: Path, **options: Any) -> tuple[list[DownloadedFile], list[httpx.Request]]:
    """Every file of the documented order downloaded by the package into `dest`, and the asset requests it sent."""
    with CubiCasa(running.api_key, base_url=running.base_url) as client:
        order = client.orders.get(DOCUMENTED_ID)
    sent: list[httpx.Request] = []
    with httpx.Client(timeout=5.0, event_hooks={"request": [sent.append]}) as http:
        return list(download_order_assets(order, dest, http=http, **options)), sent


def test_a_download_cut_mid_body_resumes_with_if_range(
    web: httpx.Client, running: RunningSandbox, tmp_path: Path
) -> None:
    running.sandbox.add_fault(f"drop_during;route={ASSET_ROUTE};bytes=300;times=1")
    files, sent = downloaded(running, tmp_path)
    assert [file.status for file in files][:1] == ["resumed"]
    assert {file.status for file in files[1:]} == {"downloaded"}
    first = files[0].asset.url
    etag = web.get(first).headers["etag"]
    assert [(r.headers.get("range"), r.headers.get("if-range")) for r in sent[:2]] == [
        (None, None),
        ("bytes=300-", etag),
    ]
    for file in files:
        assert file.path.relative_to(tmp_path).parts[0] == DOCUMENTED_ID
        assert file.path.read_bytes() == web.get(file.asset.url).content
    assert [p for p in tmp_path.rglob("*.part*")] == []


def test_a_part_the_server_no_longer_vouches_for_is_downloaded_whole(
    web: httpx.Client, running: RunningSandbox, tmp_path: Path
) -> None:
    running.sandbox.add_fault(f"drop_during;route={ASSET_ROUTE};bytes=300;times=1")
    with pytest.raises(DownloadError):
        downloaded(running, tmp_path, max_attempts=1)
    [sidecar] = tmp_path.rglob("*.part.json")
    sidecar.write_text(sidecar.read_text().replace('"if_range": "\\"', '"if_range": "\\"changed'))  # another version
    files, sent = downloaded(running, tmp_path)
    assert files[0].status == "downloaded"  # not "resumed": the sandbox answered 200 to the stale If-Range
    assert sent[0].headers["if-range"].startswith('"changed')
    assert files[0].path.read_bytes() == web.get(files[0].asset.url).content


def test_if_none_match_answers_304_without_a_body(web: httpx.Client, running: RunningSandbox) -> None:
    url = f"{running.root_url}/_sandbox/assets/{DOCUMENTED_ID}/floorplan.svg"
    whole = web.get(url)
    etag, size = whole.headers["etag"], len(whole.content)
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        for method in ("GET", "HEAD"):
            cached = web.request(method, url, headers={"if-none-match": header})
            assert (cached.status_code, cached.content, cached.headers["etag"]) == (304, b"", etag), (method, header)
            assert cached.headers.get("content-length") in (None, str(size))  # RFC 9110 §8.6: the 200's, or none
            assert "content-type" not in cached.headers
    # If-None-Match is evaluated before Range: a match is a 304, a mismatch lets the Range through.
    assert web.get(url, headers={"if-none-match": etag, "range": "bytes=0-9"}).status_code == 304
    missed = web.get(url, headers={"if-none-match": '"other"', "range": "bytes=0-9"})
    assert (missed.status_code, missed.content) == (206, whole.content[:10])
    assert web.get(url, headers={"if-none-match": etag[:-2] + '"'}).status_code == 200


def test_asset_bytes_sent_count_200_and_206_bodies_only(web: httpx.Client, running: RunningSandbox) -> None:
    sandbox = running.sandbox
    assert sandbox.asset_bytes_sent == 0  # the fixture reset it
    url = f"{running.root_url}/_sandbox/assets/{DOCUMENTED_ID}/floorplan.png"
    whole = web.get(url)
    web.get(url, headers={"range": "bytes=10-19"})
    web.head(url)
    web.get(url, headers={"if-none-match": whole.headers["etag"]})
    web.get(f"{running.root_url}/_sandbox/assets/{DOCUMENTED_ID}/nope.png")
    assert sandbox.asset_bytes_sent == len(whole.content) + 10
    index = web.get(f"{running.root_url}/_sandbox").json()["assets"]
    assert index == {"bytes_sent": len(whole.content) + 10, "responses": {"200": 2, "206": 1, "304": 1, "404": 1}}
    sandbox.reset()
    assert sandbox.asset_bytes_sent == 0
    assert web.get(f"{running.root_url}/_sandbox").json()["assets"] == {"bytes_sent": 0, "responses": {}}


def test_a_cut_body_counts_the_bytes_that_left(web: httpx.Client, running: RunningSandbox) -> None:
    url = f"{running.root_url}/_sandbox/assets/{DOCUMENTED_ID}/floorplan.png"
    with (
        httpx.Client() as client,
        client.stream("GET", url, headers={"x-sandbox-fault": "drop_during;bytes=300"}) as stream,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        stream.read()
    assert running.sandbox.asset_bytes_sent == 300


def test_a_fix_changes_the_floor_plans_and_their_etags_only(web: httpx.Client, running: RunningSandbox) -> None:
    sandbox = running.sandbox
    order = sandbox.order(DOCUMENTED_ID, running.root_url)["delivery_assets"]
    plan, report = order["listing_floorplans"]["svg_urls"][0], order["home_report"]["pdf_urls"][0]
    old_plan, old_report = web.get(plan), web.get(report)
    control = f"{running.root_url}/_sandbox/orders/{DOCUMENTED_ID}/status"
    for status in ("Fixing", "Ready"):
        web.post(control, json={"status": status}).raise_for_status()
    new_plan = web.get(plan, headers={"if-none-match": old_plan.headers["etag"]})
    assert new_plan.status_code == 200
    assert new_plan.headers["etag"] != old_plan.headers["etag"]
    assert new_plan.content == sandbox.render_file(DOCUMENTED_ID, "floorplan.svg") != old_plan.content
    assert b"<desc>Revision 1" in new_plan.content
    looks_real(new_plan.headers["content-type"], new_plan.content)
    assert web.get(report, headers={"if-none-match": old_report.headers["etag"]}).status_code == 304
    assert sandbox.render_file(DOCUMENTED_ID, "home_report.pdf") == old_report.content


def test_signed_asset_urls_download_and_pass_the_spec(tmp_path: Path) -> None:
    with checked_sandbox(signed_asset_urls=True) as signed:
        with httpx.Client(base_url=signed.base_url, headers={"api-key": signed.api_key}) as api:
            first, second = (urls(api.get(f"/orders/{DOCUMENTED_ID}").json()["delivery_assets"]) for _ in range(2))
        assert first != second
        assert [url.split("?")[0] for url in first] == [url.split("?")[0] for url in second]
        assert all("&X-Amz-Signature=" in url for url in first + second)
        with httpx.Client() as web:
            assert web.get(first[0]).content == web.get(second[0]).content == web.get(first[0].split("?")[0]).content
        files, _ = downloaded(signed, tmp_path)
        assert files
        for file in files:
            assert "Amz" not in str(file.path)  # named by host and path: the same file at every read
            name = file.asset.url.split("?")[0].rsplit("/", 1)[1]
            assert file.path.read_bytes() == signed.sandbox.render_file(DOCUMENTED_ID, name)
        assert signed.sandbox.responses_checked > 0

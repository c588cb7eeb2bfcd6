"""Hostile downloads: servers that lie about ranges, lengths and encodings, order listings with nonsense URLs, and
destination trees planted with links - only DownloadError (or a correct file) ever comes back, nothing outside
`dest` is touched, and every file under its final name holds exactly the bytes of its own URL."""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from cubicasa_integrate import CubiCasa, DownloadError
from cubicasa_integrate.downloads import DownloadedFile, download_order_assets, target_path
from cubicasa_integrate.helpers import AssetUrl
from cubicasa_integrate.types import Order
from cubicasa_sandbox import RunningSandbox
from cubicasa_sandbox._faults import ASSET_ROUTE
from tests.reliability.tally import Tally
from tests.unit.fakes import order_json

URL = "https://files.example/plans/plan.png"
BODY = bytes(range(256)) * 40
ETAG = '"v1"'
Handler = Callable[[httpx.Request], httpx.Response]


def order_of(urls: list[str], order_id: str = "order-1") -> Order:
    data = order_json()
    data["id"] = order_id
    data["delivery_assets"] = {"listing_floorplans": {"png_urls": urls}}
    return Order.from_dict(data)


def fetch(dest: Path, handler: Handler, urls: list[str] | None = None, **options: Any) -> list[DownloadedFile]:
    transport = httpx.MockTransport(handler)
    with httpx.Client(transport=transport, follow_redirects=True) as http:
        return list(download_order_assets(order_of(urls or [URL]), dest, http=http, **options))


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def target_of(dest: Path, url: str = URL) -> Path:
    return target_path(dest / "order-1", AssetUrl("listing_floorplans", "png_urls", url))


def finished_file_is_right(dest: Path) -> None:
    """The only file that may have a final name is URL's own target, holding exactly BODY (a .part may hold
    anything)."""
    for path in dest.rglob("*"):
        if path.is_file() and not path.is_symlink() and not path.name.endswith((".part", ".part.json")):
            assert (path, path.read_bytes()) == (target_of(dest), BODY)


def part_in(dest: Path) -> Path:
    """A part file left by an interrupted earlier run, with the validator it was started under. Its target."""
    target = target_of(dest)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.with_name(target.name + ".part").write_bytes(BODY[:1000])
    sidecar = target.with_name(target.name + ".part.json")
    sidecar.write_text(f'{{"if_range": {ETAG!r}, "etag": {ETAG!r}, "total": {len(BODY)}}}'.replace("'", '"'))
    return target


def gzip_stream(request: httpx.Request) -> httpx.Response:
    bomb = gzip.compress(b"\0" * 3_000_000)
    return httpx.Response(200, content=iter([bomb]), headers={"content-encoding": "gzip"})  # chunked: no length


def deflate_with_length(request: httpx.Request) -> httpx.Response:
    bomb = zlib.compress(b"\0" * 3_000_000)
    return httpx.Response(200, content=bomb, headers={"content-encoding": "deflate"})


def reply(status: int, content: bytes = BODY, **headers: str) -> Handler:
    return lambda request: httpx.Response(status, content=content, headers=headers)


def redirect_loop(request: httpx.Request) -> httpx.Response:
    return httpx.Response(302, headers={"location": str(request.url)})


HOSTILE_SERVERS: dict[str, Handler] = {
    "gzip bomb, chunked": gzip_stream,
    "deflate bomb with a length": deflate_with_length,
    "gzip header, not gzip": reply(200, b"not gzip at all", **{"content-encoding": "gzip"}),
    "length -1": reply(200, **{"content-length": "-1"}),
    "length not a number": reply(200, **{"content-length": "lots"}),
    "length larger than the body": reply(200, **{"content-length": str(len(BODY) + 1)}),
    "length beyond max_bytes": reply(200, **{"content-length": str(10**15)}),
    "206 without being asked": reply(206, **{"content-range": f"bytes 0-{len(BODY) - 1}/{len(BODY)}"}),
    "416 without being asked": reply(416, b""),
    "redirect loop": redirect_loop,
    "500 forever": reply(500, b"oops"),
    "204 no content": reply(204, b""),
    "transport error": lambda request: (_ for _ in ()).throw(httpx.ReadError("reset", request=request)),
}


@pytest.mark.parametrize("name", list(HOSTILE_SERVERS))
def test_a_hostile_server_gets_a_download_error_or_a_correct_file(tally: Tally, tmp_path: Path, name: str) -> None:
    with tally.no_escape(DownloadError) as raised:
        fetch(tmp_path, HOSTILE_SERVERS[name], max_bytes=1_000_000, max_attempts=2)
    finished_file_is_right(tmp_path)
    if raised:
        assert raised[0].url == URL
        assert all(p.stat().st_size <= 1_000_000 for p in tmp_path.rglob("*") if p.is_file())


RESUMING_SERVERS: dict[str, Handler] = {
    "206 from another offset": reply(206, BODY, **{"content-range": f"bytes 0-{len(BODY) - 1}/{len(BODY)}"}),
    "206 of another total": reply(206, BODY[1000:], **{"content-range": f"bytes 1000-{len(BODY)}/{len(BODY) + 1}"}),
    "206 with another etag": reply(
        206, BODY[1000:], etag='"v2"', **{"content-range": f"bytes 1000-{len(BODY) - 1}/{len(BODY)}"}
    ),
    "206 with a garbage range": reply(206, BODY[1000:], **{"content-range": "bytes banana"}),
    "206 compressed": reply(
        206,
        gzip.compress(BODY[1000:]),
        **{"content-range": f"bytes 1000-{len(BODY) - 1}/{len(BODY)}", "content-encoding": "gzip"},
    ),
    "416 of another total": reply(416, b"", **{"content-range": "bytes */5"}),
    "416 without a range": reply(416, b""),
}


@pytest.mark.parametrize("name", list(RESUMING_SERVERS))
def test_a_resume_the_server_cannot_vouch_for_is_never_spliced(tally: Tally, tmp_path: Path, name: str) -> None:
    part_in(tmp_path)
    with tally.no_escape(DownloadError) as raised:
        fetch(tmp_path, RESUMING_SERVERS[name], max_attempts=1)
    assert raised, "a resume that does not continue the part exactly must not succeed"
    finished_file_is_right(tmp_path)
    # ...and the next run, with an honest server whose file changed, ends with the right bytes.
    [result] = fetch(tmp_path, reply(200, BODY, etag='"v2"'))
    assert (result.path, result.path.read_bytes(), result.status) == (target_of(tmp_path), BODY, "downloaded")


HOSTILE_URLS = [
    "file:///etc/passwd",
    "javascript:alert(1)",
    "http://[::1",
    "",
    "https://files.example/" + "%00" * 10,
    "https://files.example/..%2F..%2F..%2Fescape.png",
    "https://files.example/%E2%80%AEgnp.exe",
    "https://files.example/" + "a" * 5000 + ".png",
    "https://files.example/CON",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_hostile_urls_in_the_listing_stay_inside_dest(tally: Tally, tmp_path: Path, url: str) -> None:
    dest = tmp_path / "dest"
    with tally.no_escape(DownloadError):
        fetch(dest, reply(200, b"data"), urls=[url], max_attempts=1)
    assert [p for p in tmp_path.iterdir()] == [dest]
    for path in dest.rglob("*"):
        assert path.resolve().is_relative_to(dest.resolve())
        assert path.name.isascii()
        assert len(path.name.encode()) < 255


PLANTS = ["order", "group", "kind", "target", "part", "sidecar"]


@pytest.mark.parametrize("where", PLANTS)
@pytest.mark.parametrize("plant", ["symlink", "fifo", "folder"])
def test_a_planted_tree_is_refused_and_nothing_outside_is_touched(
    tally: Tally, tmp_path: Path, where: str, plant: str
) -> None:
    dest, outside = tmp_path / "dest", tmp_path / "outside"
    outside.mkdir()
    (outside / "victim").write_bytes(b"precious")
    target = part_in(dest)
    paths = {
        "order": dest / "order-1",
        "group": target.parents[1],
        "kind": target.parent,
        "target": target,
        "part": target.with_name(target.name + ".part"),
        "sidecar": target.with_name(target.name + ".part.json"),
    }
    place = paths[where]
    if where in ("order", "group", "kind"):
        os.rename(place, tmp_path / "moved")  # the tree part_in made, out of the way
    else:
        place.unlink(missing_ok=True)
    if plant == "symlink":
        place.symlink_to(outside if where in ("order", "group", "kind") else outside / "victim")
    elif plant == "fifo":
        os.mkfifo(place)
    else:
        place.mkdir()
    with tally.no_escape(DownloadError) as raised:
        fetch(dest, reply(200, BODY, etag=ETAG))
    assert files_under(outside) == {"victim": b"precious"}
    folder_plant = where in ("order", "group", "kind") and plant == "folder"
    if not folder_plant:  # a real folder where a folder belongs is just a folder
        assert raised, f"a {plant} as the {where} must be refused"
    finished_file_is_right(dest)


def test_orders_downloaded_into_one_folder_under_faults_never_mix(
    tally: Tally, running: RunningSandbox, tmp_path: Path
) -> None:
    running.sandbox.add_fault(f"drop_during;route={ASSET_ROUTE};bytes=200;p=0.3")
    tally.faults.add("drop_during")
    files: list[DownloadedFile] = []
    with CubiCasa(running.api_key, base_url=running.base_url) as client, httpx.Client(timeout=5.0) as web:
        orders = [client.orders.get(order_id) for order_id in running.sandbox.order_ids("Ready")[:4]]
        tally.calls += len(orders)
        for order in orders:
            with tally.no_escape(DownloadError):
                files.extend(download_order_assets(order, tmp_path, http=web, max_attempts=6))
        running.sandbox.clear_faults()
        assert len(files) > 4 * 5, "the orders had files to download"
        for file in files:
            tally.hostile += 1  # a file written under dropped connections and resumes, next to other orders' files
            assert file.path.read_bytes() == web.get(file.asset.url).content, file.path
    assert len({file.path.parts[len(tmp_path.parts)] for file in files}) == 4  # one folder per order

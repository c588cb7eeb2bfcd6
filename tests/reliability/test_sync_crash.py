"""`cubicasa sync` killed with SIGKILL at random moments, again and again, then run to the end.

The promise (cubicasa_integrate/sync): a kill at any moment leaves no corrupt or half-named file and a manifest
that tells the truth; the next run completes without fetching again what was committed; a run with nothing new
moves no asset bytes. The kill moments come from a seeded generator, and the sandbox answers every asset 100 ms
late, so a whole sync takes several seconds and every kill (at most 3 s in) lands while it runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cubicasa_integrate.downloads import target_path
from cubicasa_integrate.helpers import asset_urls
from cubicasa_integrate.sync import MANIFEST_NAME
from cubicasa_integrate_api.models import Order
from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import checked_sandbox
from tests.support import sigint_at_default

KILLS = 5
SEED = 20261201
COMMAND = "import sys; from cubicasa_integrate.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture(scope="module")
def slow_sandbox() -> Iterator[RunningSandbox]:
    with checked_sandbox(orders=12, seed=3, faults=("latency;ms=100;route=downloadAsset",)) as running:
        yield running


def sync_process(running: RunningSandbox, dest: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CUBICASA_API_KEY": running.sandbox.config.api_key, "CUBICASA_LOG": ""}
    args = ["--base-url", running.base_url, "sync", str(dest), "--concurrency", "4", *extra]
    return subprocess.Popen(
        [sys.executable, "-c", COMMAND, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def expected_files(running: RunningSandbox, dest: Path) -> dict[Path, bytes]:
    """Every file the sandbox delivers, by where the sync must put it, with its bytes as the sandbox serves them."""
    key = {"api-key": running.sandbox.config.api_key}
    files: dict[Path, bytes] = {}
    with httpx.Client(timeout=30.0) as http:
        for order_id in running.sandbox.order_ids():
            order = Order.from_dict(http.get(f"{running.base_url}/orders/{order_id}", headers=key).json())
            for asset in asset_urls(order):
                files[target_path(dest / str(order.id), asset)] = http.get(asset.url).content
    return files


def manifest_rows(dest: Path) -> list[tuple[Any, ...]]:
    if not (dest / MANIFEST_NAME).exists():
        return []
    db = sqlite3.connect(dest / MANIFEST_NAME)
    try:
        return db.execute("SELECT order_id, grp, kind, name, size, sha256 FROM files").fetchall()
    finally:
        db.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_consistent(dest: Path, expected: dict[Path, bytes], *, finished: bool) -> set[tuple[str, ...]]:
    """No file under a final name differs from the server's; every manifest row is true of the disk (or, in the
    one window a kill can leave, of the part that the next run renames). Returns the committed keys."""
    for path in dest.rglob("*"):
        if path.is_file() and not path.name.startswith(MANIFEST_NAME) and not path.name.endswith(".part"):
            assert path in expected, f"unexpected file {path}"
            assert path.read_bytes() == expected[path], f"corrupt file {path}"
    committed: set[tuple[str, ...]] = set()
    for order_id, group, kind, name, size, digest in manifest_rows(dest):
        final = dest / order_id / group / kind / name
        parts = final.parent.glob(name + ".*.part")  # each download's own part: <name>.<8 hex>.part
        ok_final = final.is_file() and final.stat().st_size == size and sha(final) == digest
        ok_part = not finished and any(part.is_file() and sha(part) == digest for part in parts)
        assert ok_final or ok_part, f"the manifest's row for {final} is not true of the disk"
        assert hashlib.sha256(expected[final]).hexdigest() == digest, f"the row for {final} is not the served file"
        committed.add((order_id, group, kind, name))
    if finished:
        assert not [p for p in dest.rglob("*.part")], "a finished sync leaves no part behind"
    return committed


def test_kill_9_at_random_moments_then_a_clean_rerun(slow_sandbox: RunningSandbox, tmp_path: Path) -> None:
    dest = tmp_path / "mirror"
    expected = expected_files(slow_sandbox, dest)
    assert len(expected) > 50
    moments = random.Random(SEED)
    committed: set[tuple[str, ...]] = set()
    for _ in range(KILLS):
        process = sync_process(slow_sandbox, dest)
        time.sleep(moments.uniform(0.5, 3.0))
        assert process.poll() is None, "the kill must land while the sync runs"
        process.send_signal(signal.SIGKILL)
        process.communicate()
        assert process.returncode == -signal.SIGKILL
        now = check_consistent(dest, expected, finished=False)
        assert committed <= now, "a committed file was forgotten"
        committed = now
    assert committed, "some files were committed between the kills"
    assert len(committed) < len(expected), "some files were still missing after the kills"

    rerun = sync_process(slow_sandbox, dest, "--json")
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    *events, summary = [json.loads(line) for line in out.decode().splitlines()]
    assert summary["failed"] == 0
    assert summary["files"] == len(expected)
    for event in events:  # nothing committed before is fetched again
        if (event["order_id"], event["group"], event["kind"], event["name"]) in committed:
            assert (event["status"], event["bytes"]) == ("unchanged", 0), event
    assert check_consistent(dest, expected, finished=True) == {
        (str(p.relative_to(dest).parts[0]), *p.relative_to(dest).parts[1:]) for p in expected
    }

    sent = slow_sandbox.sandbox.asset_bytes_sent
    quiet = sync_process(slow_sandbox, dest, "--json")
    out, err = quiet.communicate(timeout=300)
    assert quiet.returncode == 0, err.decode()
    summary = json.loads(out.decode().splitlines()[-1])
    assert (summary["bytes"], summary["unchanged"], summary["new"], summary["changed"]) == (0, len(expected), 0, 0)
    assert slow_sandbox.sandbox.asset_bytes_sent == sent, "the server sent asset bytes to a run with nothing new"


# ------------------------------------------------------------------------------------------------ shared destinations
SHARED_RUNS = 20
SHARED_SEED = 20261207
SHARED_FILES = 6
SHARED_SIZE = 384 * 1024
SYNC_SCRIPT = """
import asyncio, json, sys
import httpx
from cubicasa_integrate import AsyncCubiCasa
from cubicasa_integrate.sync import async_sync_orders

key, order_file, dest = sys.argv[1:4]
order = json.loads(open(order_file).read())

async def main() -> int:
    api = httpx.MockTransport(lambda request: httpx.Response(200, json=order))
    async with AsyncCubiCasa(key, transport=api, max_retries=0) as client, httpx.AsyncClient(timeout=30) as http:
        summary = await async_sync_orders(client, dest, order_ids=[order["id"]], http=http, concurrency=2)
    print(json.dumps(summary.as_dict()), flush=True)
    return 1 if summary.failed else 0

sys.exit(asyncio.run(main()))
"""


class ChangingFiles:
    """A 127.0.0.1 asset server whose every read of a file is a new version of it (a new ETag too, and it ignores
    If-None-Match), sent slowly in small chunks; it remembers the SHA-256 of every version it served."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.served: dict[str, set[str]] = {}
        self.reads = 0
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # the http.server hook
                with outer.lock:
                    outer.reads += 1
                    version = outer.reads
                path = self.path.partition("?")[0]
                stamp = f"{path} version {version};".encode()
                body = (stamp * (SHARED_SIZE // len(stamp) + 1))[:SHARED_SIZE]
                with outer.lock:
                    outer.served.setdefault(path, set()).add(hashlib.sha256(body).hexdigest())
                self.send_response(200)
                self.send_header("content-length", str(len(body)))
                self.send_header("etag", f'"v{version}"')
                self.end_headers()
                try:
                    for start in range(0, len(body), 16 * 1024):
                        self.wfile.write(body[start : start + 16 * 1024])
                        self.wfile.flush()
                        time.sleep(0.005)
                except (BrokenPipeError, ConnectionResetError):  # the sync reading it was killed
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def shared_order(base: str) -> dict[str, Any]:
    from tests.unit.fakes import order_json

    order = order_json()
    order["delivery_assets"] = {
        "listing_floorplans": {"png_urls": [f"{base}/files/plan{n}.png?sig=x" for n in range(SHARED_FILES)]}
    }
    return order


def shared_check(
    dest: Path, order: dict[str, Any], served: dict[str, set[str]], *, finished: bool
) -> tuple[list[str], list[str]]:
    """(final-named files that are no whole version served, manifest rows true neither of their file nor, while a
    kill's window may be open, of one of its parts)."""
    assets = asset_urls(Order.from_dict(order))
    folder = dest / str(order["id"]) / "listing_floorplans" / "png_urls"
    names = {target_path(Path(), asset).name: httpx.URL(asset.url).path for asset in assets}
    torn, false_rows = [], []
    for path in folder.glob("*") if folder.is_dir() else []:
        if not path.name.endswith(".part") and sha(path) not in served.get(names.get(path.name, ""), set()):
            torn.append(str(path))
    for _order_id, _group, _kind, name, size, digest in manifest_rows(dest):
        final = folder / name
        parts = [] if finished else [p for p in folder.glob(name + ".*.part")]
        if not any(p.is_file() and p.stat().st_size == size and sha(p) == digest for p in [final, *parts]):
            false_rows.append(str(final))
    return torn, false_rows


def test_two_syncs_into_one_destination_one_killed_at_random_moments(tmp_path: Path, tally: Any) -> None:
    """The done-when of issue 22: two syncs into one destination, with content changing between reads and one of
    them killed at a random moment, 20 times (seeded), never leave a final-named file that is not one whole
    version, and every committed row is true of its file. The second sync waits for the first (the lock)."""
    files = ChangingFiles()
    try:
        order = shared_order(files.base)
        order_file = tmp_path / "order.json"
        order_file.write_text(json.dumps(order))
        dest = tmp_path / "mirror"
        env = {**os.environ, "CUBICASA_LOG": ""}
        from tests.unit.fakes import KEY

        def start() -> subprocess.Popen[bytes]:
            return subprocess.Popen(
                [sys.executable, "-c", SYNC_SCRIPT, KEY, str(order_file), str(dest)],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            )  # fmt: skip

        moments = random.Random(SHARED_SEED)
        landed = 0
        for _ in range(SHARED_RUNS):
            syncs = [start(), start()]
            victim = moments.randrange(2)
            time.sleep(moments.uniform(0.2, 1.2))
            landed += syncs[victim].poll() is None
            syncs[victim].send_signal(signal.SIGKILL)
            syncs[victim].communicate()
            _out, err = syncs[1 - victim].communicate(timeout=60)
            assert syncs[1 - victim].returncode == 0, err.decode()
            torn, false_rows = shared_check(dest, order, files.served, finished=False)
            tally.shared_destination(torn, false_rows)
        assert landed >= SHARED_RUNS // 2, f"only {landed} kills landed while their sync ran"

        last = start()
        _out, err = last.communicate(timeout=60)
        assert last.returncode == 0, err.decode()
        torn, false_rows = shared_check(dest, order, files.served, finished=True)
        tally.shared_destination(torn, false_rows)
        assert len(manifest_rows(dest)) == SHARED_FILES
        assert not list(dest.rglob("*.part")), "the temporary files of killed runs are cleaned up"
    finally:
        files.close()


def test_ctrl_c_mid_download_leaves_no_part(tmp_path: Path) -> None:
    """SIGINT while files stream in (seeded moments, 5 times): the sync removes its temporary files as it stops."""
    files = ChangingFiles()
    try:
        order_file = tmp_path / "order.json"
        order_file.write_text(json.dumps(shared_order(files.base)))
        from tests.unit.fakes import KEY

        moments = random.Random(SHARED_SEED + 1)
        for run in range(5):
            dest = tmp_path / f"mirror{run}"
            reads = files.reads
            process = subprocess.Popen(
                [sys.executable, "-c", SYNC_SCRIPT, KEY, str(order_file), str(dest)],
                env={**os.environ, "CUBICASA_LOG": ""}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                preexec_fn=sigint_at_default,
            )  # fmt: skip
            deadline = time.monotonic() + 30
            while files.reads == reads and time.monotonic() < deadline:  # a file has started streaming
                time.sleep(0.005)
            time.sleep(moments.uniform(0.0, 0.1))
            assert process.poll() is None, "the interrupt must land while the sync runs"
            process.send_signal(signal.SIGINT)
            out, _ = process.communicate(timeout=60)
            assert process.returncode == -signal.SIGINT, "the sync was interrupted, not run to its end"
            assert not out.strip(), "an interrupted sync prints no summary"
            assert list(dest.rglob("*.part")) == [], "an interrupted sync leaves no temporary file"
    finally:
        files.close()


def test_a_second_cubicasa_sync_into_one_destination_says_it_waits(
    slow_sandbox: RunningSandbox, tmp_path: Path
) -> None:
    """The real command, twice at once into one folder: the second says on stderr that it waits, then both end
    well and the folder is the server's."""
    dest = tmp_path / "mirror"
    first = sync_process(slow_sandbox, dest, "--json")
    deadline = time.monotonic() + 60
    while not list(dest.rglob("*.part")) and time.monotonic() < deadline:  # the first is writing files
        time.sleep(0.01)
    second = sync_process(slow_sandbox, dest, "--json")
    _, first_err = first.communicate(timeout=300)
    out, err = second.communicate(timeout=300)
    assert (first.returncode, second.returncode) == (0, 0), (first_err + err).decode()
    assert f"waiting: another sync is writing into {dest}; this one starts when it ends" in err.decode()
    summary = json.loads(out.decode().splitlines()[-1])
    assert (summary["failed"], summary["new"]) == (0, 0)  # the first fetched everything; the second found it
    check_consistent(dest, expected_files(slow_sandbox, dest), finished=True)

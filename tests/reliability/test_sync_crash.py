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
    committed = set()
    for order_id, group, kind, name, size, digest in manifest_rows(dest):
        final = dest / order_id / group / kind / name
        part = final.with_name(name + ".part")
        ok_final = final.is_file() and final.stat().st_size == size and sha(final) == digest
        ok_part = not finished and part.is_file() and sha(part) == digest
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

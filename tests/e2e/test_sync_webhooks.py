"""Webhook-driven sync, end to end: the sandbox calls `cubicasa webhooks serve --sync-to DEST` when an order
becomes Ready, and the order's files land on disk byte for byte; a fix (Fixing -> Ready) fetches only the files
it changed; duplicate deliveries fetch nothing twice; Ctrl-C waits for the work in flight.

The sandbox signs asset URLs anew on every read (as pre-signed storage links are), so the receiver's syncs can
only recognise files by their place, never by URL.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cubicasa_integrate import CubiCasa
from cubicasa_integrate.downloads import target_path
from cubicasa_integrate.helpers import asset_urls
from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import checked_sandbox
from tests.support import receiver_process

COMMAND = "import sys; from cubicasa_integrate.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture(scope="module")
def signing_sandbox() -> Iterator[RunningSandbox]:
    with checked_sandbox(orders=6, seed=5, signed_asset_urls=True, webhook_timeout=30.0) as running:
        yield running


def move(running: RunningSandbox, order_id: str, status: str, *faults: str) -> None:
    headers = {"x-sandbox-fault": ",".join(faults)} if faults else {}
    answer = httpx.post(
        f"{running.root_url}/_sandbox/orders/{order_id}/status", json={"status": status}, headers=headers, timeout=30
    )
    assert answer.status_code == 200, answer.text


def expected_files(running: RunningSandbox, client: CubiCasa, order_id: str, dest: Path) -> dict[Path, bytes]:
    order = client.orders.get(order_id)
    return {
        target_path(dest / order_id, asset): running.sandbox.render_file(
            order_id, asset.url.split("?")[0].rsplit("/")[-1]
        )
        for asset in asset_urls(order)
    }


def on_disk(dest: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in dest.rglob("*") if p.is_file() and not p.name.startswith(".cubicasa-sync")}


def test_a_webhook_syncs_the_order_and_a_fix_fetches_only_what_changed(
    signing_sandbox: RunningSandbox, tmp_path: Path
) -> None:
    sandbox, key = signing_sandbox.sandbox, signing_sandbox.sandbox.config.api_key
    dest = tmp_path / "mirror"
    env = {**os.environ, "CUBICASA_API_KEY": key, "CUBICASA_LOG": ""}
    command = [sys.executable, "-c", COMMAND, "--base-url", signing_sandbox.base_url, "webhooks", "serve"]
    command += ["--sync-to", str(dest), "--port", "0"]
    with (
        CubiCasa(key, base_url=signing_sandbox.base_url) as client,
        receiver_process(command, env, tmp_path) as (process, url),
    ):
        assert process.stderr is not None
        client.webhooks.update(urls=[url], triggers=["moved_to_ready"])
        order_id = sandbox.order_ids("Ready")[0]

        # The first delivery: every file of the order arrives, byte for byte.
        move(signing_sandbox, order_id, "Fixing")
        before = sandbox.asset_bytes_sent
        move(signing_sandbox, order_id, "Ready")
        line = process.stderr.readline()
        assert line.startswith(f"sync of order {order_id}: 1 order, "), line
        first = expected_files(signing_sandbox, client, order_id, dest)
        assert len(first) >= 10
        assert on_disk(dest) == first
        assert sandbox.asset_bytes_sent - before == sum(map(len, first.values()))

        # A fix: only the floor plans the fix re-rendered are sent again.
        move(signing_sandbox, order_id, "Fixing")
        before = sandbox.asset_bytes_sent
        move(signing_sandbox, order_id, "Ready")
        line = process.stderr.readline()
        assert line.startswith(f"sync of order {order_id}: "), line
        second = expected_files(signing_sandbox, client, order_id, dest)
        changed = {path: data for path, data in second.items() if first[path] != data}
        assert changed, "the fix changed some files"
        assert len(changed) < len(second), "and left others as they were"
        assert on_disk(dest) == second
        assert sandbox.asset_bytes_sent - before == sum(map(len, changed.values()))
        assert f" {len(changed)} changed, {len(second) - len(changed)} unchanged, 0 failed" in line

        # Three copies of one more fix: the changed files are still sent once. Ctrl-C then waits for any sync
        # still running or pending before the command exits.
        move(signing_sandbox, order_id, "Fixing")
        before = sandbox.asset_bytes_sent
        move(signing_sandbox, order_id, "Ready", "webhook_duplicate;copies=3")
        assert sandbox.wait_for_webhooks(30.0)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        third = expected_files(signing_sandbox, client, order_id, dest)
        assert on_disk(dest) == third
        assert sandbox.asset_bytes_sent - before == sum(len(d) for p, d in third.items() if second[p] != d)
        assert key not in out + err + line


def test_hostile_bodies_are_refused_and_start_nothing(signing_sandbox: RunningSandbox, tmp_path: Path) -> None:
    key = signing_sandbox.sandbox.config.api_key
    env = {**os.environ, "CUBICASA_API_KEY": key, "CUBICASA_LOG": ""}
    command = [sys.executable, "-c", COMMAND, "--base-url", signing_sandbox.base_url, "webhooks", "serve"]
    command += ["--sync-to", str(tmp_path / "mirror"), "--port", "0"]
    with receiver_process(command, env, tmp_path) as (process, url):
        for body in (b"{", b'{"id": "../../etc", "current_status": "Ready"}', b"[]" * 10, b"\xff\xfe"):
            assert httpx.post(url, content=body, timeout=30).status_code == 400
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "sync of order" not in err
    assert not (tmp_path / "mirror").exists()

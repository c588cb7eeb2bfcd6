"""The object-store rows of make bench: `cubicasa sync s3://...` into moto's S3 server on loopback, then again from a
machine with no local state, counting the asset bodies the sandbox sent to each.

A count, not a timing: the rerun must learn from the store alone (each object's metadata) that every file is
current, and ask the asset server only conditionally (304, no body). Every process is started here and stopped by
its own handle: the sandbox (in this process, a thread), moto's server (a child process on 127.0.0.1) and the two
`cubicasa sync` runs (children, each in a fresh empty working directory with a HOME of its own).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.suite import Section
from benchmarks.targets import TARGETS

__all__ = ["object_store"]

COMMAND = "import sys; from cubicasa_integrate.cli import main; sys.exit(main(sys.argv[1:]))"
ACCESS_KEY, SECRET_KEY = "AKIABENCHS3SYNC00000", "bench-secret-" + "0" * 27


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _environment(endpoint: str, home: Path, api_key: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    return env | {
        "HOME": str(home),
        "AWS_CONFIG_FILE": str(home / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_METADATA_ENDPOINT": "http://127.0.0.1:9",
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": endpoint,
        "CUBICASA_API_KEY": api_key,
        "CUBICASA_LOG": "",
    }


def _moto(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("moto's server did not start")


def _sync(base_url: str, url: str, env: dict[str, str], cwd: Path) -> tuple[dict[str, Any], float]:
    cwd.mkdir(parents=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", COMMAND, "--base-url", base_url, "sync", url, "--status", "Ready", "--json"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"cubicasa sync exited {done.returncode}: {done.stderr.strip()}")
    summary: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return summary, seconds


def object_store(progress: Any) -> Section:
    import boto3

    from cubicasa_sandbox import SandboxConfig, serve

    section = Section("Sync into S3-compatible storage")
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = _moto(port)
    rows = []
    try:
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        ).create_bucket(Bucket="bench-floorplans")
        with (
            serve(SandboxConfig(api_key="bench-key"), log_level="error") as running,
            tempfile.TemporaryDirectory(prefix="cubicasa-bench-s3-") as tmp,
        ):
            traffic = running.sandbox.asset_traffic
            url = "s3://bench-floorplans/cubicasa"
            for label, machine in (("first sync, empty prefix", "a"), ("rerun, no local state", "b")):
                progress(f"object store: {label}")
                before, sent = traffic.responses, running.sandbox.asset_bytes_sent
                env = _environment(endpoint, Path(tmp) / machine / "home", "bench-key")
                summary, seconds = _sync(running.base_url, url, env, Path(tmp) / machine / "cwd")
                after = traffic.responses
                delta = {status: after.get(status, 0) - before.get(status, 0) for status in after}
                rows.append((label, summary, delta, running.sandbox.asset_bytes_sent - sent, seconds))
            orders = len(running.sandbox.order_ids("Ready"))
    finally:
        server.kill()
        server.wait()
    section.lines += [
        f"`cubicasa sync s3://bench-floorplans/cubicasa --status Ready` for the sandbox's {orders} Ready orders (its",
        "default seed), into moto's S3 server (its own process on 127.0.0.1), twice: each run a new process in a",
        "new empty working directory with a HOME of its own, so the second knows only what the store holds. The",
        "sandbox counts every asset response it sends, by status, and the body bytes of the 200s and 206s.",
        "",
        "| run | files | new | unchanged | asset bodies sent (200/206) | 304s | asset bytes | seconds |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, summary, delta, sent, seconds in rows:
        bodies = delta.get(200, 0) + delta.get(206, 0)
        section.lines.append(
            f"| {label} | {summary['files']} | {summary['new']} | {summary['unchanged']} | {bodies} "
            f"| {delta.get(304, 0)} | {sent:,} | {seconds:.2f} |"
        )
    first, (_label, summary, delta, _sent, _seconds) = rows[0][1], rows[-1]
    if not first["files"] or summary["files"] != first["files"] or first["new"] != first["files"]:
        raise RuntimeError(f"the object-store bench synced nothing it can judge: {first} then {summary}")
    bodies = delta.get(200, 0) + delta.get(206, 0)
    target = TARGETS["s3-rerun"]
    met, text = target.verdict(float(bodies))
    section.verdicts.append((target, met, text, float(bodies)))
    section.lines += [
        "",
        "_Seconds include each process's start (imports, credentials) and moto's own pace; they are shown, not"
        " judged._",
        "",
        f"**Target:** {target.text} → {text}",
    ]
    return section

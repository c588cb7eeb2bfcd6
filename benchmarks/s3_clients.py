"""The measurement that chose obstore for S3 destinations (benchmarks/CONSIDERED.md); not part of make bench.

    python benchmarks/s3_clients.py [ROUNDS]

Needs a venv of its own with the three clients and moto's server (`pip install obstore aiobotocore boto3
'moto[server]'`): aiobotocore pins botocore to a few patch releases, which the project's venv does not keep. Each
round runs each client in a fresh process against one moto server (its own process on 127.0.0.1): import, then 300
conditional PUTs of 1 KiB with five metadata fields (If-None-Match: *), 300 HEADs reading that metadata back, 12
conditional PUTs of 5 MiB, 8 at a time. CPU is the whole client process's (getrusage: obstore's Rust threads and
boto3's thread pool included); wall time is mostly moto's own pace and is shown for reference only.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
import uuid

CLIENTS = ("obstore", "aiobotocore", "boto3")
META = {
    "sha256": "a" * 64,
    "size": "1024",
    "etag": '"abcdef0123456789"',
    "last-modified": "Mon, 07 Dec 2026 11:52:43 GMT",
    "synced-at": "1796562763.0",
}
BUCKET = "bench-bkt"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def one(client: str, small: int = 300, large: int = 12, concurrency: int = 8) -> dict[str, object]:
    """One client's figures, in this process (the child of `main`)."""
    run = uuid.uuid4().hex[:6]
    small_body, large_body = os.urandom(1024), os.urandom(5 * 1024 * 1024)
    started = time.perf_counter()
    if client == "obstore":
        import obstore
        from obstore.store import S3Store
    elif client == "aiobotocore":
        from aiobotocore.config import AioConfig
        from aiobotocore.session import get_session
    else:
        import boto3
        from botocore.config import Config
    out: dict[str, object] = {"import_ms": 1000 * (time.perf_counter() - started)}

    async def phases(put, head) -> None:  # type: ignore[no-untyped-def]
        gate = asyncio.Semaphore(concurrency)

        async def bounded(call, *args):  # type: ignore[no-untyped-def]
            async with gate:
                return await call(*args)

        for name, count, body in (
            ("put_1kib", small, small_body),
            ("head", small, None),
            ("put_5mib", large, large_body),
        ):
            wall, cpu = time.perf_counter(), _cpu()
            if body is None:
                found = await asyncio.gather(*(bounded(head, f"{run}/s{i}") for i in range(count)))
                assert all(item.get("sha256") == META["sha256"] for item in found)
            else:
                kind = "s" if body is small_body else "l"
                await asyncio.gather(*(bounded(put, f"{run}/{kind}{i}", body) for i in range(count)))
            out[name] = {
                "wall_ms": 1000 * (time.perf_counter() - wall) / count,
                "cpu_ms": 1000 * (_cpu() - cpu) / count,
            }

    async def main() -> None:
        if client == "obstore":
            store = S3Store(BUCKET, client_options={"allow_http": True})

            async def put(key: str, body: bytes) -> None:
                await obstore.put_async(store, key, body, mode="create", attributes=dict(META))

            async def head(key: str) -> dict[str, str]:
                return dict((await obstore.get_async(store, key, options={"head": True})).attributes)

            await phases(put, head)
        elif client == "aiobotocore":
            config = AioConfig(max_pool_connections=concurrency)
            async with get_session().create_client("s3", config=config) as s3:

                async def put(key: str, body: bytes) -> None:
                    await s3.put_object(Bucket=BUCKET, Key=key, Body=body, Metadata=META, IfNoneMatch="*")

                async def head(key: str) -> dict[str, str]:
                    return (await s3.head_object(Bucket=BUCKET, Key=key))["Metadata"]  # type: ignore[no-any-return]

                await phases(put, head)
        else:
            s3 = boto3.client("s3", config=Config(max_pool_connections=concurrency))

            async def put(key: str, body: bytes) -> None:
                call = s3.put_object
                await asyncio.to_thread(call, Bucket=BUCKET, Key=key, Body=body, Metadata=META, IfNoneMatch="*")

            async def head(key: str) -> dict[str, str]:
                return (await asyncio.to_thread(s3.head_object, Bucket=BUCKET, Key=key))["Metadata"]  # type: ignore[no-any-return]

            await phases(put, head)

    asyncio.run(main())
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main(rounds: int) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint = f"http://127.0.0.1:{port}"
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("AWS_")},
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ALLOW_HTTP": "true",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        create = f"import boto3; boto3.client('s3').create_bucket(Bucket={BUCKET!r})"
        subprocess.run([sys.executable, "-c", create], env=env, check=True)
        results: dict[str, list[dict[str, object]]] = {client: [] for client in CLIENTS}
        for _ in range(rounds):
            for client in CLIENTS:  # interleaved: each round runs every client once
                code = f"import json, sys; sys.path.insert(0, {os.path.dirname(__file__)!r}); import s3_clients; "
                code += f"print(json.dumps(s3_clients.one({client!r})))"
                done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
                results[client].append(json.loads(done.stdout))
    finally:
        server.terminate()
        server.wait()
    print(f"medians of {rounds} rounds; CPU and wall per operation")
    print("| client | import | 1 KiB PUT: CPU / wall | HEAD: CPU / wall | 5 MiB PUT: CPU / wall | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|")
    for client, runs in results.items():

        def median(phase: str, field: str, runs: list[dict[str, object]] = runs) -> float:
            return statistics.median(run[phase][field] for run in runs)  # type: ignore[index]

        imported = statistics.median(float(run["import_ms"]) for run in runs)  # type: ignore[arg-type]
        rss = statistics.median(float(run["peak_rss_mb"]) for run in runs)  # type: ignore[arg-type]
        print(
            f"| {client} | {imported:.0f} ms"
            f" | {median('put_1kib', 'cpu_ms'):.2f} / {median('put_1kib', 'wall_ms'):.2f} ms"
            f" | {median('head', 'cpu_ms'):.2f} / {median('head', 'wall_ms'):.2f} ms"
            f" | {median('put_5mib', 'cpu_ms'):.1f} / {median('put_5mib', 'wall_ms'):.1f} ms | {rss:.0f} MB |"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)

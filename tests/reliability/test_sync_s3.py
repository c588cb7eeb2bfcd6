"""`cubicasa sync s3://bucket/prefix` against a real S3 API on loopback (moto's server, tests/s3_support.py).

The promise (cubicasa_integrate/sync/_store.py): the store is the record. A second machine with no local state
moves no asset body for what is current; an object is whole or absent, and its metadata is true of it, whatever
is killed when; workers syncing one prefix at once never leave a torn or stale object (conditional writes); a
missing credential or bucket is one clear line with the CLI's exit code.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cubicasa_integrate import CubiCasa
from cubicasa_integrate._logging import redact
from cubicasa_integrate.downloads import target_path
from cubicasa_integrate.helpers import asset_urls
from cubicasa_integrate.sync import FileKey, S3Destination, SyncObserver, sync_orders
from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import checked_sandbox
from tests.s3_support import (
    ACCESS_KEY,
    SECRET_KEY,
    SLOW_DOWN,
    STORE_FULL,
    S3Server,
    aws_environment,
    moto_server,
    refusing_proxy,
)

COMMAND = "import sys; from cubicasa_integrate.cli import main; sys.exit(main(sys.argv[1:]))"
PREFIX = "floorplans/cubicasa"
KILLS = 4
SEED = 20261207


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    with moto_server() as server:
        yield server


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    with checked_sandbox(orders=8, seed=11) as running:
        yield running


@pytest.fixture(scope="module")
def slow_sandbox() -> Iterator[RunningSandbox]:
    """Every asset answered 100 ms late: a sync of its Ready orders takes seconds, long enough to kill it midway."""
    with checked_sandbox(orders=10, seed=12, faults=("latency;ms=100;route=downloadAsset",)) as running:
        yield running


@pytest.fixture
def aws(s3: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """This process's environment for an in-process sync, and the one for a `cubicasa sync` child."""
    env = aws_environment(s3.endpoint, tmp_path)
    for name in [name for name in os.environ if name.startswith("AWS_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        if name.startswith("AWS_"):
            monkeypatch.setenv(name, value)
    return env


def catalogue(running: RunningSandbox, *statuses: str) -> dict[str, tuple[bytes, str]]:
    """Every file of the sandbox's orders in `statuses` (all orders if none), by the object key the sync must put
    it at, with its bytes and Content-Type now."""
    files = {}
    with CubiCasa(running.sandbox.config.api_key, base_url=running.base_url) as client:
        for order_id in running.sandbox.order_ids(*statuses):
            for asset in asset_urls(client.orders.get(order_id)):
                name = httpx.URL(asset.url).path.rsplit("/", 1)[-1]
                key = f"{PREFIX}/{target_path(Path(order_id), asset).as_posix()}"
                files[key] = running.sandbox.asset(order_id, name)
    return files


def expected(running: RunningSandbox, *statuses: str) -> dict[str, bytes]:
    """The bytes of every file of the Ready orders (or of those in `statuses`), by object key."""
    return {key: body for key, (body, _) in catalogue(running, *(statuses or ("Ready",))).items()}


def served(files: dict[str, bytes]) -> dict[str, set[str]]:
    return {key: {hashlib.sha256(body).hexdigest()} for key, body in files.items()}


def bodies(running: RunningSandbox) -> int:
    """Asset responses that carried a body (200, 206) since the sandbox started."""
    responses = running.sandbox.asset_traffic.responses
    return responses.get(200, 0) + responses.get(206, 0)


def cubicasa(running: RunningSandbox, env: dict[str, str], cwd: Path, *args: str) -> subprocess.Popen[str]:
    cwd.mkdir(parents=True, exist_ok=True)
    env = {**env, "CUBICASA_API_KEY": running.sandbox.config.api_key}
    return subprocess.Popen(
        [sys.executable, "-c", COMMAND, "--base-url", running.base_url, *args],
        env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def sync_json(running: RunningSandbox, env: dict[str, str], cwd: Path, url: str, *args: str) -> list[dict[str, Any]]:
    process = cubicasa(running, env, cwd, "sync", url, "--status", "Ready", "--json", *args)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return [json.loads(line) for line in out.splitlines()]


def test_first_sync_puts_every_file_whole_with_its_record(
    s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str]
) -> None:
    bucket = s3.bucket()
    files = expected(sandbox)
    types = {key: kind for key, (_, kind) in catalogue(sandbox, "Ready").items()}
    before = bodies(sandbox)
    with CubiCasa(sandbox.sandbox.config.api_key, base_url=sandbox.base_url) as client:
        summary = sync_orders(client, f"s3://{bucket}/{PREFIX}/", statuses=["Ready"], concurrency=4)
    assert (summary.new, summary.failed, summary.files) == (len(files), 0, len(files))
    assert bodies(sandbox) - before == len(files)
    stored = s3.objects(bucket)
    assert {key: body for key, (body, _, _) in stored.items()} == files
    for key, (body, metadata, _) in stored.items():
        head = s3.admin.head_object(Bucket=bucket, Key=key)
        assert metadata["cubicasa-sha256"] == hashlib.sha256(body).hexdigest()
        assert metadata["cubicasa-size"] == str(len(body))
        assert metadata["cubicasa-etag"] == '"' + hashlib.sha256(body).hexdigest()[:32] + '"'  # the sandbox's ETag
        assert metadata["cubicasa-record"] == "1"
        assert head["ContentType"] == types[key]


def test_a_rerun_from_a_fresh_machine_moves_no_asset_body(
    s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str], tmp_path: Path
) -> None:
    """The done-when row: the second `cubicasa sync` runs in a new working directory with a new HOME (no local
    state of any kind) and learns from the store alone that everything is current."""
    bucket = s3.bucket()
    url = f"s3://{bucket}/{PREFIX}"
    files = expected(sandbox)
    *_, first = sync_json(sandbox, aws, tmp_path / "machine-a", url)
    assert (first["new"], first["failed"]) == (len(files), 0)

    fresh = tmp_path / "machine-b"
    count, sent = bodies(sandbox), sandbox.sandbox.asset_bytes_sent
    *events, second = sync_json(sandbox, aws_environment(s3.endpoint, fresh), fresh, url)
    assert (second["unchanged"], second["new"], second["changed"], second["bytes"]) == (len(files), 0, 0, 0)
    assert bodies(sandbox) == count, "an asset body moved to a machine that had nothing to fetch"
    assert sandbox.sandbox.asset_bytes_sent == sent
    assert {event["path"] for event in events} == {f"s3://{bucket}/{key}" for key in files}
    assert list(fresh.iterdir()) == [], "a sync into a store leaves nothing in the working directory"


def test_a_dry_run_reads_only_the_store(s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str]) -> None:
    """Also: one S3Destination serves sync after sync, each sync_orders call in an event loop of its own."""
    destination = S3Destination(f"s3://{s3.bucket()}/{PREFIX}")
    files = expected(sandbox)
    requests = sum(sandbox.sandbox.asset_traffic.responses.values())
    with CubiCasa(sandbox.sandbox.config.api_key, base_url=sandbox.base_url) as client:
        empty = sync_orders(client, destination, statuses=["Ready"], dry_run=True)
        assert (empty.new, empty.unchanged, empty.dry_run) == (len(files), 0, True)
        assert s3.objects(destination.bucket) == {}
        assert sum(sandbox.sandbox.asset_traffic.responses.values()) == requests, "a dry run asks nothing"
        assert sync_orders(client, destination, statuses=["Ready"]).new == len(files)
        count = bodies(sandbox)
        full = sync_orders(client, destination, statuses=["Ready"], dry_run=True)
    assert (full.new, full.unchanged) == (0, len(files))
    assert bodies(sandbox) == count


def move(running: RunningSandbox, order_id: str, status: str) -> None:
    answer = httpx.post(f"{running.root_url}/_sandbox/orders/{order_id}/status", json={"status": status}, timeout=30)
    assert answer.status_code == 200, answer.text


def test_a_changed_file_at_the_source_replaces_only_its_object(
    s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str], tmp_path: Path
) -> None:
    bucket = s3.bucket()
    url = f"s3://{bucket}/{PREFIX}"
    before = expected(sandbox)
    sync_json(sandbox, aws, tmp_path, url)
    etags = {key: etag for key, (_, _, etag) in s3.objects(bucket).items()}

    order_id = sandbox.sandbox.order_ids("Ready")[0]
    move(sandbox, order_id, "Fixing")
    move(sandbox, order_id, "Ready")  # a fix: the order's floor plans are rendered anew (revision 1)
    after = expected(sandbox)
    changed = {key for key in after if after[key] != before[key]}
    assert changed, "the fix changed some files"

    count = bodies(sandbox)
    *events, summary = sync_json(sandbox, aws_environment(s3.endpoint, tmp_path / "b"), tmp_path / "b", url)
    assert (summary["changed"], summary["unchanged"], summary["new"]) == (len(changed), len(after) - len(changed), 0)
    assert bodies(sandbox) - count == len(changed), "only the changed files' bodies moved"
    assert {e["path"].removeprefix(f"s3://{bucket}/") for e in events if e["status"] == "changed"} == changed
    stored = s3.objects(bucket)
    assert {key: body for key, (body, _, _) in stored.items()} == after
    assert all(stored[key][2] == etags[key] for key in after if key not in changed), "the others were not rewritten"


def test_two_workers_on_one_prefix_at_once_create_each_object_once(
    s3: S3Server, slow_sandbox: RunningSandbox, aws: dict[str, str], tmp_path: Path, tally: Any
) -> None:
    """Two machines sync the same orders into one prefix at the same moment: each object is created exactly once
    (If-None-Match: *), the loser of each race finds the winner's object current and moves on, and every object
    is whole and true of its metadata."""
    bucket = s3.bucket()
    url = f"s3://{bucket}/{PREFIX}"
    files = expected(slow_sandbox)
    workers = [
        cubicasa(
            slow_sandbox,
            aws_environment(s3.endpoint, tmp_path / n),
            tmp_path / n,
            "sync",
            url,
            "--status",
            "Ready",
            "--json",
        )
        for n in ("a", "b")
    ]
    outcomes = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        outcomes.append([json.loads(line) for line in out.splitlines()])
    statuses: dict[str, list[str]] = {}
    for *events, summary in outcomes:
        assert summary["failed"] == 0
        for event in events:
            statuses.setdefault(event["path"], []).append(event["status"])
    paths = {f"s3://{bucket}/{key}" for key in files}
    both = {path: sorted(found) for path, found in statuses.items()}
    assert both == {path: ["new", "unchanged"] for path in paths}, "each object created once, by one worker"
    assert {key: body for key, (body, _, _) in s3.objects(bucket).items()} == files
    torn = s3.torn_or_false(bucket, PREFIX, served(files))
    tally.shared_destination([item for item in torn if "whole" in item], [item for item in torn if "whole" not in item])


def test_kill_9_mid_sync_leaves_no_torn_or_false_object_and_a_rerun_ends_right(
    s3: S3Server, slow_sandbox: RunningSandbox, aws: dict[str, str], tmp_path: Path, tally: Any
) -> None:
    bucket = s3.bucket()
    url = f"s3://{bucket}/{PREFIX}"
    files = expected(slow_sandbox)
    moments = random.Random(SEED)
    done: set[str] = set()
    for run in range(KILLS):
        # Each kill comes a random moment after this run put its first object (so every run makes progress,
        # however loaded the machine); two at a time, 100 ms a file, no run can put them all before it.
        args = ("sync", url, "--status", "Ready", "--concurrency", "2")
        process = cubicasa(slow_sandbox, aws, tmp_path / f"run{run}", *args)
        deadline = time.monotonic() + 60
        while count(s3, bucket) == len(done) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(moments.uniform(0.1, 0.6))
        assert process.poll() is None, "the kill must land while the sync runs"
        process.send_signal(signal.SIGKILL)
        process.communicate()
        torn = s3.torn_or_false(bucket, PREFIX, served(files))
        tally.shared_destination([item for item in torn if "whole" in item], [i for i in torn if "whole" not in i])
        now = set(s3.objects(bucket))
        assert done <= now, "an object that was there is gone"
        done = now
    assert done, "some objects were put between the kills"
    assert len(done) < len(files), "and some were still missing"

    *events, summary = sync_json(slow_sandbox, aws_environment(s3.endpoint, tmp_path / "last"), tmp_path / "last", url)
    assert (summary["failed"], summary["files"]) == (0, len(files))
    for event in events:  # what a killed run had put is current: not fetched again
        if event["path"].removeprefix(f"s3://{bucket}/") in done:
            assert (event["status"], event["bytes"]) == ("unchanged", 0), event
    assert {key: body for key, (body, _, _) in s3.objects(bucket).items()} == files
    assert s3.torn_or_false(bucket, PREFIX, served(files)) == []


def count(s3: S3Server, bucket: str) -> int:
    return int(s3.admin.list_objects_v2(Bucket=bucket, Prefix=PREFIX)["KeyCount"])


class _Meanwhile(SyncObserver):
    """Runs `action` once, when the first file body starts to arrive: between this sync's HEAD and its PUT."""

    def __init__(self, action: Any) -> None:
        self.action, self.fired = action, False

    def file_started(self, key: FileKey, total: int | None) -> None:
        if not self.fired:
            self.fired = True
            self.action(key)


def test_a_newer_object_written_between_head_and_put_is_never_overwritten_with_older_bytes(
    s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str], tmp_path: Path
) -> None:
    """Worker A reads revision 1 of a file; before it puts it, worker B syncs revision 2 into the same object.
    A's PUT carries If-Match: the ETag A saw (revision 0's object), so the store refuses it (412); A looks again,
    finds B's record current at the source (304) and leaves B's object. An unconditional PUT would put revision
    1 back over revision 2, and the store would claim a file the source no longer has."""
    bucket = s3.bucket()
    url = f"s3://{bucket}/{PREFIX}"
    order_id = sandbox.sandbox.order_ids("Ready")[1]
    key = sandbox.sandbox.config.api_key
    with CubiCasa(key, base_url=sandbox.base_url) as client:
        sync_orders(client, url, order_ids=[order_id])  # revision 0 everywhere
        move(sandbox, order_id, "Fixing")
        move(sandbox, order_id, "Ready")  # revision 1: what A will read

        def worker_b(_key: FileKey) -> None:
            move(sandbox, order_id, "Fixing")
            move(sandbox, order_id, "Ready")  # revision 2
            other = cubicasa(sandbox, aws, tmp_path / "b", "sync", url, "--order", order_id)
            _, err = other.communicate(timeout=120)
            assert other.returncode == 0, err

        summary = sync_orders(client, url, order_ids=[order_id], concurrency=1, observer=_Meanwhile(worker_b))
    assert (summary.failed, summary.changed, summary.unchanged) == (0, 0, summary.files), "A left B's objects"
    now = {k: v for k, v in expected(sandbox).items() if k.startswith(f"{PREFIX}/{order_id}/")}
    assert {k: body for k, (body, _, _) in s3.objects(bucket).items()} == now, "every object is revision 2"


def test_an_object_created_between_head_and_put_is_not_overwritten(
    s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str], tmp_path: Path
) -> None:
    """The If-None-Match: * half: B creates the order's objects while A streams its first file; A's create is
    refused, and A finds each of them current instead of putting it again."""
    bucket = s3.bucket()
    url = f"s3://{bucket}/{PREFIX}"
    order_id = sandbox.sandbox.order_ids("Ready")[2]

    def worker_b(_key: FileKey) -> None:
        other = cubicasa(sandbox, aws, tmp_path / "b", "sync", url, "--order", order_id)
        _, err = other.communicate(timeout=120)
        assert other.returncode == 0, err

    etags: dict[str, str] = {}
    with CubiCasa(sandbox.sandbox.config.api_key, base_url=sandbox.base_url) as client:
        observer = _Meanwhile(lambda key: (worker_b(key), etags.update(etag_map(s3, bucket))))
        summary = sync_orders(client, url, order_ids=[order_id], concurrency=1, observer=observer)
    assert (summary.new, summary.unchanged, summary.failed) == (0, summary.files, 0)
    assert etag_map(s3, bucket) == etags, "A rewrote none of B's objects"


def etag_map(s3: S3Server, bucket: str) -> dict[str, str]:
    return {key: etag for key, (_, _, etag) in s3.objects(bucket).items()}


def test_a_foreign_object_at_a_files_key_is_replaced(
    s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str]
) -> None:
    """An object another tool put there (no record of ours) is not trusted: it is fetched and replaced (If-Match)."""
    bucket = s3.bucket()
    files = expected(sandbox)
    victim = sorted(files)[0]
    s3.admin.put_object(Bucket=bucket, Key=victim, Body=b"not the floor plan")
    with CubiCasa(sandbox.sandbox.config.api_key, base_url=sandbox.base_url) as client:
        summary = sync_orders(client, f"s3://{bucket}/{PREFIX}", statuses=["Ready"])
    assert (summary.changed, summary.new) == (1, len(files) - 1)
    assert s3.objects(bucket)[victim][0] == files[victim]


# The event loop of a `cubicasa` child in which a thread that Python did not start (and so does not join at exit)
# and that hands a result to the loop is held, without the GIL, until the interpreter is about to finalize: the
# moment a loaded machine had descheduled it, where this was seen (one `cubicasa sync s3://` in a full test run
# ended -6, SIGABRT, with nothing on stderr, after printing its summary). atexit handlers run after Python joined
# its own threads and just before it finalizes.
SLOW_WAKER = """
import asyncio, atexit, threading
ending = threading.Event()
atexit.register(ending.set)
class Loop(asyncio.SelectorEventLoop):
    def call_soon_threadsafe(self, *args, **kwargs):
        handle = super().call_soon_threadsafe(*args, **kwargs)
        if isinstance(threading.current_thread(), threading._DummyThread):
            ending.wait(5)
        return handle
class Policy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self):
        return Loop()
asyncio.set_event_loop_policy(Policy())
"""


def test_the_process_exits_cleanly_while_a_store_result_is_still_being_handed_over(
    s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str], tmp_path: Path
) -> None:
    """No thread of the S3 client is left inside Python when the interpreter finalizes: obstore's async calls handed
    each result over from a tokio thread, which Python (<= 3.13) killed with pthread_exit if it still waited for
    the GIL then, and that aborted the whole process (exit -6) after a complete sync."""
    env = {**aws, "CUBICASA_API_KEY": sandbox.sandbox.config.api_key}
    command = [sys.executable, "-c", SLOW_WAKER + COMMAND, "--base-url", sandbox.base_url, "sync"]
    command += [f"s3://{s3.bucket()}/p", "--order", sandbox.sandbox.order_ids("Ready")[0]]
    for changed in (" 0 unchanged, ", " 0 new, "):  # the first puts every file, the rerun only looks (HEADs)
        process = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert process.returncode == 0, f"exit {process.returncode}: {process.stderr}"
        assert changed in process.stdout, process.stdout
        assert " 0 failed, " in process.stdout, process.stdout


def test_missing_credentials_are_one_clear_line_and_exit_2(
    s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str], tmp_path: Path
) -> None:
    env = {k: v for k, v in aws.items() if k not in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    before = sum(sandbox.sandbox.asset_traffic.responses.values())
    process = cubicasa(sandbox, env, tmp_path, "sync", "s3://some-bucket/prefix")
    out, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert (out, err) == (
        "",
        "error: no AWS credentials found for s3://some-bucket/prefix: set AWS_ACCESS_KEY_ID and "
        "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (a profile in ~/.aws/credentials or ~/.aws/config)\n",
    )
    assert sum(sandbox.sandbox.asset_traffic.responses.values()) == before


def test_a_profile_in_the_aws_files_is_used(
    s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str], tmp_path: Path
) -> None:
    """No AWS_ variable but AWS_PROFILE: the keys from ~/.aws/credentials, endpoint and region from ~/.aws/config
    (a services section, as MinIO and R2 set-ups use)."""
    bucket = s3.bucket()
    (tmp_path / "credentials").write_text(
        f"[plans]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n"
    )
    (tmp_path / "config").write_text(
        f"[profile plans]\nregion = eu-north-1\nservices = local\n\n[services local]\ns3 =\n"
        f"  endpoint_url = {s3.endpoint}\n"
    )
    env = {k: v for k, v in aws.items() if not k.startswith("AWS_") or k in ("AWS_EC2_METADATA_DISABLED",)}
    env |= {
        "AWS_PROFILE": "plans",
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
        "AWS_METADATA_ENDPOINT": aws["AWS_METADATA_ENDPOINT"],
    }
    *_, summary = sync_json(sandbox, env, tmp_path / "cwd", f"s3://{bucket}/p")
    assert (summary["new"], summary["failed"]) == (len(expected(sandbox)), 0)


def test_a_bucket_that_does_not_exist_is_one_clear_line_and_exit_1(
    s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str], tmp_path: Path
) -> None:
    process = cubicasa(sandbox, aws, tmp_path, "sync", "s3://no-such-bucket/prefix")
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert (out, err) == (
        "",
        f"error: s3://no-such-bucket/prefix: the bucket 'no-such-bucket' does not exist at {s3.endpoint}\n",
    )


def test_no_credential_is_ever_printed(sandbox: RunningSandbox, tmp_path: Path) -> None:
    """A store that echoes every request header in its error (the session token travels in one, the key id in
    Authorization): the command's error, its debug log and every repr hold none of the credentials."""
    import http.server
    import threading

    token = "session-token-" + "7" * 30

    class Echo(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the http.server hook: every S3 call here is a GET (the LIST of the check)
            body = f"<Error><Code>Echo</Code><Message>{dict(self.headers)}</Message></Error>".encode()
            self.send_response(400)
            self.send_header("content-type", "application/xml")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        endpoint = f"http://127.0.0.1:{server.server_address[1]}"
        env = aws_environment(endpoint, tmp_path, AWS_SESSION_TOKEN=token, CUBICASA_LOG="debug")
        process = cubicasa(sandbox, env, tmp_path, "sync", "s3://echo-bucket/p")
        out, err = process.communicate(timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    assert process.returncode == 1
    assert err.startswith("error: s3://echo-bucket/p: "), err
    assert "<redacted>" in err, "the echoed headers are in the message, with the credentials replaced"
    for secret in (ACCESS_KEY, SECRET_KEY, token):
        assert secret not in out + err
    destination = S3Destination("s3://echo-bucket/p")
    assert repr(destination) == "S3Destination('s3://echo-bucket/p')"


def test_the_secret_read_from_the_environment_is_redacted(aws: dict[str, str]) -> None:
    """Once a sync has read the credentials, the package's redaction knows them (any message, any log record)."""
    from cubicasa_integrate.sync._store import _aws

    settings = _aws("s3://b/p", None, None, None)
    assert SECRET_KEY not in repr(settings)
    assert redact(f"echoed {SECRET_KEY} and {ACCESS_KEY}") == "echoed <redacted> and <redacted>"


@pytest.mark.parametrize(
    "url", ["s3://", "s3:///prefix", "s3://ab/prefix", "s3://bucket name/p", "s3://bucket/line\nfeed"]
)
def test_a_malformed_s3_url_is_bad_input(url: str, tmp_path: Path, sandbox: RunningSandbox) -> None:
    process = cubicasa(sandbox, aws_environment(None, tmp_path), tmp_path, "sync", url)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert (out, err.splitlines()[-1].startswith("Error: Invalid value for 'DEST': ")) == ("", True)


# ------------------------------------------------------------------------------------------------ hostile input
def hostile_sync(s3: S3Server, bucket: str, handler: Any, urls: list[str]) -> Any:
    """One order whose asset URLs are `urls`, served by `handler`, synced into the bucket (the API and the asset
    server are httpx.MockTransports; the store is moto, over HTTP)."""
    import asyncio

    from cubicasa_integrate import AsyncCubiCasa
    from cubicasa_integrate.sync import async_sync_orders
    from tests.reliability.test_hostile_downloads import order_of
    from tests.unit.fakes import KEY

    order = order_of(urls).to_dict()

    async def main() -> Any:
        api = httpx.MockTransport(lambda request: httpx.Response(200, json=order))
        assets = httpx.AsyncClient(transport=httpx.MockTransport(handler), follow_redirects=True)
        async with AsyncCubiCasa(KEY, transport=api, max_retries=0) as client, assets:
            url = f"s3://{bucket}/{PREFIX}"
            return await async_sync_orders(
                client, url, order_ids=["order-1"], http=assets, max_bytes=1_000_000, max_attempts=2
            )

    return asyncio.run(main())


HOSTILE = (
    "deflate bomb with a length",
    "length larger than the body",
    "length beyond max_bytes",
    "206 without being asked",
)


@pytest.mark.parametrize("name", [*HOSTILE, "redirect loop", "500 forever", "transport error"])
def test_a_hostile_asset_server_gets_a_failed_file_or_a_correct_object(
    s3: S3Server, aws: dict[str, str], tally: Any, name: str
) -> None:
    """The sync's answers to hostile asset servers hold for a store too: a failure named in the summary, never a
    torn object, an object over max_bytes or an exception."""
    from tests.reliability.test_hostile_downloads import BODY, HOSTILE_SERVERS, URL

    bucket = s3.bucket()
    with tally.no_escape():
        summary = hostile_sync(s3, bucket, HOSTILE_SERVERS[name], [URL])
    stored = s3.objects(bucket)
    if summary.failed:
        assert stored == {}, "a failed file leaves no object"
        assert summary.failures[0].url is not None
    else:
        ((body, metadata, _),) = stored.values()
        assert body == BODY
        assert metadata["cubicasa-sha256"] == hashlib.sha256(body).hexdigest()


@pytest.mark.parametrize(
    "url",
    [
        "https://files.example/..%2F..%2F..%2Fescape.png",
        "https://files.example/%E2%80%AEgnp.exe",
        "https://files.example/" + "%00" * 10,
        "https://files.example/" + "a" * 5000 + ".png",
        "https://files.example/a%0Ab%1B[31m.png",
    ],
)
def test_hostile_names_become_safe_keys_below_the_prefix(s3: S3Server, aws: dict[str, str], url: str) -> None:
    bucket = s3.bucket()
    summary = hostile_sync(s3, bucket, lambda request: httpx.Response(200, content=b"data"), [url])
    assert summary.failed == 0
    (key,) = s3.objects(bucket)
    assert key.startswith(f"{PREFIX}/order-1/listing_floorplans/png_urls/")
    name = key.rsplit("/", 1)[-1]
    assert key.isascii()
    assert name not in ("", ".", "..")
    assert len(name.encode()) < 255
    assert all(char.isalnum() or char in "._-" for char in name)


def test_the_webhook_receiver_syncs_each_order_into_the_bucket(
    s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str], tmp_path: Path
) -> None:
    """`cubicasa webhooks serve --sync-to s3://...`: a webhook's order lands in the bucket, and a second event for
    it moves no asset body (the store says every file is current)."""
    from tests.support import load_example, receiver_process

    bucket = s3.bucket()
    order_id = sandbox.sandbox.order_ids("Ready")[0]
    payload = json.dumps(load_example("webhook_order_status.payload.json") | {"id": order_id})
    env = {**aws, "CUBICASA_API_KEY": sandbox.sandbox.config.api_key}
    command = [sys.executable, "-c", COMMAND, "--base-url", sandbox.base_url, "webhooks", "serve"]
    command += ["--sync-to", f"s3://{bucket}/{PREFIX}", "--port", "0"]
    with receiver_process(command, env, tmp_path) as (process, url):
        assert process.stderr is not None
        assert httpx.post(url, content=payload, timeout=30).status_code == 200
        first = process.stderr.readline()
        count = bodies(sandbox)
        assert httpx.post(url, content=payload, timeout=30).status_code == 200
        second = process.stderr.readline()
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
    files = {key: body for key, body in expected(sandbox).items() if key.startswith(f"{PREFIX}/{order_id}/")}
    assert first.startswith(f"sync of order {order_id}: 1 order, {len(files)} files: {len(files)} new"), first
    assert f"0 new, 0 changed, {len(files)} unchanged, 0 failed" in second, second
    assert bodies(sandbox) == count
    assert {key: body for key, (body, _, _) in s3.objects(bucket).items()} == files


def test_a_server_with_only_last_modified_is_asked_if_modified_since(s3: S3Server, aws: dict[str, str]) -> None:
    """No ETag: the object records Last-Modified, and a machine with no local state asks with If-Modified-Since."""
    from tests.reliability.test_hostile_downloads import URL

    stamp = "Mon, 07 Dec 2026 11:52:43 GMT"
    asked: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.headers.get("if-modified-since"))
        if request.headers.get("if-modified-since") == stamp:
            return httpx.Response(304)
        return httpx.Response(200, content=b"plan", headers={"last-modified": stamp})

    bucket = s3.bucket()
    first, second = hostile_sync(s3, bucket, handler, [URL]), hostile_sync(s3, bucket, handler, [URL])
    assert (first.new, second.unchanged, second.bytes) == (1, 1, 0)
    assert asked == [None, stamp]


def test_a_429_is_waited_out_and_the_file_lands(s3: S3Server, aws: dict[str, str]) -> None:
    from tests.reliability.test_hostile_downloads import URL

    answers = iter([httpx.Response(429, headers={"retry-after": "0"})])

    def handler(request: httpx.Request) -> httpx.Response:
        return next(answers, None) or httpx.Response(200, content=b"plan", headers={"etag": '"e1"'})

    bucket = s3.bucket()
    summary = hostile_sync(s3, bucket, handler, [URL])
    assert (summary.new, summary.failed) == (1, 0)  # the second of max_attempts=2
    assert next(iter(s3.objects(bucket).values()))[0] == b"plan"


# ------------------------------------------------------------------------------------------------ a full store
def outcome_errors(s3: S3Server, bucket: str, files: dict[str, bytes], outcomes: dict[str, str]) -> list[str]:
    """Files whose reported outcome (object key -> status) is not what the bucket holds: reported synced but
    absent or not the file, reported failed but present; and files of the sync with no outcome at all."""
    stored = {key: body for key, (body, _, _) in s3.objects(bucket).items()}
    wrong = [f"{key}: no outcome" for key in files if key not in outcomes]
    for key, status in outcomes.items():
        if status == "failed" and key in stored:
            wrong.append(f"{key}: reported failed, but the store holds it")
        elif status != "failed" and stored.get(key) != files[key]:
            wrong.append(f"{key}: reported {status}, but the store does not hold it")
    return wrong


@pytest.mark.parametrize("store", sorted(STORE_FULL))
def test_a_full_store_fails_those_files_by_name_and_a_rerun_puts_only_the_missing_ones(
    s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str], tmp_path: Path, tally: Any, store: str
) -> None:
    """The store takes three objects and then refuses every PUT as MinIO, Ceph or Backblaze do when out of space
    or over quota. Each refused file fails by name, once (no PUT sent again: more room does not appear in a
    second), with one escaped line saying the store is full and what it said; the command exits 1; every object
    there is whole with its record. Once there is room, a rerun from a fresh machine puts only the missing files:
    no asset body moves for what the store already holds."""
    refusal = STORE_FULL[store]
    bucket = s3.bucket()
    url = f"s3://{bucket}/{PREFIX}"
    files = expected(sandbox)
    with refusing_proxy(s3.endpoint, refusal, objects=3) as proxy:
        env = aws_environment(proxy.endpoint, tmp_path / "a", CUBICASA_LOG="debug")
        process = cubicasa(sandbox, env, tmp_path / "a", "sync", url, "--status", "Ready", "--json")
        out, err = process.communicate(timeout=300)
        *events, summary = [json.loads(line) for line in out.splitlines()]
        outcomes = {event["path"].removeprefix(f"s3://{bucket}/"): event["status"] for event in events}
        torn = s3.torn_or_false(bucket, PREFIX, served(files))
        tally.full_store(torn, outcome_errors(s3, bucket, files, outcomes))
        assert process.returncode == 1, err  # a file failed (tests/reliability/test_exit_codes.py)
        assert (summary["new"], summary["failed"]) == (3, len(files) - 3)
        failed = [event for event in events if event["status"] == "failed"]
        assert proxy.refused == len(failed), "each refused file's PUT was sent once"
        for event in failed:
            assert event["error"] == (
                f"{event['path']}: the store is full or over its quota and refused the write "
                f"({refusal.code}{': ' + refusal.message if refusal.message else ''})"
            )
        for secret in (ACCESS_KEY, SECRET_KEY):
            assert secret not in out + err

        proxy.lift()  # room again
        count, puts = bodies(sandbox), proxy.methods["PUT"]
        fresh = tmp_path / "b"
        *events, summary = sync_json(sandbox, aws_environment(proxy.endpoint, fresh), fresh, url)
    assert (summary["new"], summary["unchanged"], summary["failed"]) == (len(failed), 3, 0), summary
    assert bodies(sandbox) - count == len(failed), "only the missing files' bodies moved"
    assert proxy.methods["PUT"] - puts == len(failed), "only the missing files were put"
    assert {key: body for key, (body, _, _) in s3.objects(bucket).items()} == files
    outcomes = {event["path"].removeprefix(f"s3://{bucket}/"): event["status"] for event in events}
    tally.full_store(s3.torn_or_false(bucket, PREFIX, served(files)), outcome_errors(s3, bucket, files, outcomes))


def test_a_store_out_of_bytes_fails_through_sync_orders_what_does_not_fit(
    s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str], tally: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Python API against a store with room for half the bytes (MinIO's 507): what fits lands whole, the
    rest is in summary.failures by object URL; once there is room, the same destination object puts the rest."""
    files = expected(sandbox)
    with refusing_proxy(s3.endpoint, STORE_FULL["minio"], space=sum(map(len, files.values())) // 2) as proxy:
        monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.endpoint)
        destination = S3Destination(f"s3://{s3.bucket()}/{PREFIX}")
        with CubiCasa(sandbox.sandbox.config.api_key, base_url=sandbox.base_url) as client:
            summary = sync_orders(client, destination, statuses=["Ready"], concurrency=1)
            stored = s3.objects(destination.bucket)
            outcomes = {r.url.removeprefix(f"s3://{destination.bucket}/"): "failed" for r in summary.failures if r.url}
            outcomes |= {key: "new" for key in stored}
            tally.full_store(s3.torn_or_false(destination.bucket, PREFIX, served(files)),
                             outcome_errors(s3, destination.bucket, files, outcomes))  # fmt: skip
            assert 0 < summary.new < len(files)
            assert summary.failed == len(files) - summary.new == proxy.refused
            assert sum(len(files[key]) for key in stored) <= proxy.used
            for failure in summary.failures:
                assert failure.url is not None
                assert (failure.error or "").startswith(f"{failure.url}: the store is full or over its quota ")
            proxy.lift()
            again = sync_orders(client, destination, statuses=["Ready"])
    assert (again.new, again.unchanged, again.failed) == (summary.failed, summary.new, 0)
    assert {key: body for key, (body, _, _) in s3.objects(destination.bucket).items()} == files


def test_a_put_the_store_asks_to_slow_down_is_sent_again_and_lands(
    s3: S3Server, sandbox: RunningSandbox, aws: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unlike a full store's 507, AWS's 503 SlowDown is worth a second try: each PUT refused so is sent again
    (the sync retries PUTs itself, obstore's own retries being off for them), and every file lands."""
    files = expected(sandbox)
    with refusing_proxy(s3.endpoint, SLOW_DOWN, objects=0, lift_after=3) as proxy:
        monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.endpoint)
        bucket = s3.bucket()
        with CubiCasa(sandbox.sandbox.config.api_key, base_url=sandbox.base_url) as client:
            summary = sync_orders(client, f"s3://{bucket}/{PREFIX}", statuses=["Ready"], concurrency=2)
    assert (summary.new, summary.failed, proxy.refused) == (len(files), 0, 3)
    assert {key: body for key, (body, _, _) in s3.objects(bucket).items()} == files

"""A real S3 API on 127.0.0.1 for the object-store sync tests (reliability, README): moto's server mode, started
here, on a random port.

Nothing of the client library is mocked: the sync talks S3 over HTTP to moto as it would to AWS or MinIO, and the
tests read the bucket back with boto3 (moto's own dependency) to check every object and its metadata. Every
environment the tests build has no AWS setting of the machine's, and the instance-metadata lookups of botocore and
obstore point at nothing (AWS_EC2_METADATA_DISABLED, AWS_METADATA_ENDPOINT on a closed loopback port): a test
without credentials must not reach out to 169.254.169.254.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "ACCESS_KEY",
    "SECRET_KEY",
    "SLOW_DOWN",
    "STORE_FULL",
    "Refusal",
    "RefusingProxy",
    "S3Server",
    "aws_environment",
    "moto_server",
    "refusing_proxy",
]

ACCESS_KEY = "AKIATESTS3SYNC0ACCESS"
SECRET_KEY = "s3-sync-test-secret-" + "0" * 20
NO_METADATA = "http://127.0.0.1:9"  # the discard port: nothing listens, every lookup fails at once


def aws_environment(endpoint: str | None, home: Path, **extra: str) -> dict[str, str]:
    """The process environment with every AWS_ variable of the machine's removed, these credentials, `endpoint`,
    and ~/.aws files that do not exist (HOME is `home`)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    env |= {
        "HOME": str(home),
        "AWS_CONFIG_FILE": str(home / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_METADATA_ENDPOINT": NO_METADATA,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_REGION": "us-east-1",
        "CUBICASA_LOG": "",
    }
    if endpoint is not None:
        env["AWS_ENDPOINT_URL"] = endpoint
    return env | extra


@dataclass
class S3Server:
    endpoint: str
    admin: Any  # a boto3 S3 client, for the tests' own reads and writes

    def bucket(self) -> str:
        """A new empty bucket of its own for one test."""
        name = f"sync-{secrets.token_hex(6)}"
        self.admin.create_bucket(Bucket=name)
        return name

    def objects(self, bucket: str, prefix: str = "") -> dict[str, tuple[bytes, dict[str, str], str]]:
        """Every object under `prefix`: key -> (body, user metadata, store ETag)."""
        found = {}
        for page in self.admin.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                got = self.admin.get_object(Bucket=bucket, Key=item["Key"])
                found[item["Key"]] = (got["Body"].read(), got["Metadata"], got["ETag"])
        return found

    def torn_or_false(self, bucket: str, prefix: str, served: dict[str, set[str]]) -> list[str]:
        """Objects that are not a whole served version of their file ("... not a whole served version"), or whose
        metadata is not true of them ("... its metadata is not true of its body")."""
        bad = []
        for key, (body, metadata, _etag) in self.objects(bucket, prefix).items():
            digest = hashlib.sha256(body).hexdigest()
            if digest not in served.get(key, set()):
                bad.append(f"{key}: not a whole served version")
            elif metadata.get("cubicasa-sha256") != digest or metadata.get("cubicasa-size") != str(len(body)):
                bad.append(f"{key}: its metadata is not true of its body ({metadata})")
        return bad


class _OneAtATime:
    """A WSGI app that lets one request at a time into moto.

    S3 applies each request atomically: a conditional PUT's check and write, and an object's body and metadata,
    are one step. moto (5.2.5) takes them in several (responses.put_object checks If-None-Match / If-Match, then
    stores the body, then sets the metadata), in a threaded server with no lock, so two requests at once could
    interleave (two creates both succeed, a HEAD sees an object without its metadata) where S3 never would. Seen
    0 times in 300 tries of two racing creates plus a HEAD, but possible: serialised, moto keeps S3's promise."""

    def __init__(self, app: Any) -> None:
        import threading

        self.app, self.lock = app, threading.Lock()

    def __call__(self, environ: Any, start_response: Any) -> Any:
        with self.lock:
            return list(self.app(environ, start_response))  # the whole answer made while the lock is held


def _server() -> Any:
    from moto.server import ThreadedMotoServer

    class Server(ThreadedMotoServer):
        def _server_entry(self) -> None:  # ThreadedMotoServer's own, with the app wrapped
            from moto.moto_server.threaded_moto_server import MotoRequestHandler
            from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
            from werkzeug.serving import make_server

            app = _OneAtATime(DomainDispatcherApplication(create_backend_app))
            self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
            self._server_ready_event.set()
            self._server.serve_forever()

    return Server(ip_address="127.0.0.1", port=0, verbose=False)


@contextmanager
def moto_server() -> Iterator[S3Server]:
    import logging

    import boto3

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not one line per request
    server = _server()
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        admin = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )
        yield S3Server(endpoint, admin)
    finally:
        server.stop()


# ------------------------------------------------------------------------------------------------- a full store
@dataclass(frozen=True)
class Refusal:
    """How one kind of store says it is full or over quota, as it says it: the status and the S3 error XML."""

    status: int
    reason: str
    code: str
    message: str

    def body(self, key: str) -> bytes:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{self.code}</Code><Message>{self.message}</Message><Key>{key}</Key>"
            f"<RequestId>17E2B0F4C5A1D3E9</RequestId></Error>"
        ).encode()


STORE_FULL = {
    # MinIO (cmd/api-errors.go, ErrStorageFull): every drive under its minimum free space.
    "minio": Refusal(
        507,
        "Insufficient Storage",
        "XMinioStorageFull",
        "Storage backend has reached its minimum free drive threshold. Please delete a few objects to proceed.",
    ),
    # Ceph RGW (rgw_common.cc, ERR_QUOTA_EXCEEDED): a user or bucket quota reached.
    "ceph": Refusal(403, "Forbidden", "QuotaExceeded", ""),
    # Backblaze B2's S3 API (and others fronted by AWS-style policies): a storage cap is an AccessDenied.
    "b2": Refusal(403, "Forbidden", "AccessDenied", "Cannot upload files, storage cap exceeded."),
}
SLOW_DOWN = Refusal(503, "Slow Down", "SlowDown", "Please reduce your request rate.")
"""AWS's throttling answer: worth a second try, unlike a full store."""


class RefusingProxy:
    """An HTTP proxy in front of an S3 endpoint that refuses uploads once the store is "full", as `refusal`.

    Every request is forwarded as it came (the signature covers the Host header, which moto does not check); an
    upload (a PUT of an object, a multipart upload's create, part or complete) is refused, without being forwarded,
    once `objects` uploads were let through or when it would take the bytes let through beyond `space`. `None`
    leaves that limit off; `lift()` lifts both, as the proxy itself does after `lift_after` refusals (a store
    that was briefly unable to answer, when `refusal` is a 503). Counts what it saw: `uploads` let through,
    their bytes `used`, `refused`, and the requests by method."""

    def __init__(
        self,
        upstream: str,
        refusal: Refusal,
        *,
        objects: int | None = None,
        space: int | None = None,
        lift_after: int | None = None,
    ):
        import http.server
        import threading
        import urllib.parse

        self.upstream = urllib.parse.urlsplit(upstream)
        self.refusal, self.objects, self.space, self.lift_after = refusal, objects, space, lift_after
        self.uploads = self.used = self.refused = 0
        self.methods: dict[str, int] = {}
        self.lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                if proxy._refuses(self.command, self.path, len(body)):
                    self._answer(proxy.refusal.status, {"content-type": "application/xml"}, proxy._body(self.path))
                    return
                self._answer(*proxy._forward(self.command, self.path, dict(self.headers), body))

            def _answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection", "date", "server"):
                        self.send_header(name, value)
                stated = next((value for name, value in headers.items() if name.lower() == "content-length"), "0")
                length = stated if self.command == "HEAD" else str(len(body))
                self.send_header("content-length", length)  # a HEAD's is the object's
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = _any

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def lift(self) -> None:
        """The space is freed, the quota raised: every later upload goes through."""
        with self.lock:
            self.objects = self.space = None

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _refuses(self, method: str, path: str, size: int) -> bool:
        """Whether to refuse this request: an upload (object PUTs and multipart creates count as objects; parts
        and completions only as bytes) beyond a limit."""
        with self.lock:
            self.methods[method] = self.methods.get(method, 0) + 1
            where, _, query = path.partition("?")
            part = "uploadId=" in query  # a part of a multipart upload, or its completion
            if not (method == "PUT" and "/" in where.strip("/")) and not (method == "POST" and "upload" in query):
                return False
            full = (self.objects is not None and not part and self.uploads >= self.objects) or (
                self.space is not None and self.used + size > self.space
            )
            if full:
                self.refused += 1
                if self.refused == self.lift_after:
                    self.objects = self.space = None
                return True
            self.uploads += 0 if part else 1
            self.used += size
            return False

    def _body(self, path: str) -> bytes:
        import urllib.parse

        return self.refusal.body(urllib.parse.unquote(path.partition("?")[0].split("/", 2)[-1]))

    def _forward(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        import http.client

        connection = http.client.HTTPConnection(self.upstream.hostname or "", self.upstream.port, timeout=60)
        try:
            sent = {k: v for k, v in headers.items() if k.lower() not in ("connection", "content-length")}
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            return answer.status, dict(answer.getheaders()), answer.read()
        finally:
            connection.close()


@contextmanager
def refusing_proxy(upstream: str, refusal: Refusal, **limits: int | None) -> Iterator[RefusingProxy]:
    proxy = RefusingProxy(upstream, refusal, **limits)
    try:
        yield proxy
    finally:
        proxy.close()

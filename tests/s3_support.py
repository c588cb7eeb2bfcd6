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

__all__ = ["ACCESS_KEY", "SECRET_KEY", "S3Server", "aws_environment", "moto_server"]

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

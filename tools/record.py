"""(Re-)record interactions with the real CubiCasa API into tests/recordings/, redacted before anything is written.

    CUBICASA_API_KEY=... python tools/record.py [--base-url URL] [--out tests/recordings]   # or: make record

Only read-only calls are made (list orders, get one order, list users, an unknown order id, a wrong key): the
recorder never buys anything (post-purchase) and never replaces the company's webhooks. Every exchange goes
through RedactingRecorder, an httpx transport wrapper that writes one JSON file per interaction in the format of
tests/contract/recordings.py, after:

- replacing the api-key header with "<redacted>" and dropping every other request header but content-type;
- replacing every e-mail address in the bodies with a stable placeholder at example.com (the same address always
  gets the same placeholder, so relations between fields survive), and the api-key value wherever it appears;
- keeping only the content-type and retry-after response headers (no cookies, no tracing ids).

CI never records; it only replays what is committed. Review the files before committing them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = "https://app.cubi.casa/api/integrate/v3"
REDACTED = "<redacted>"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
KEPT_RESPONSE_HEADERS = ("content-type", "retry-after")


class Redactor:
    """Scrubs one recording session: the api-key and every e-mail address, consistently across files."""

    def __init__(self, api_key: str) -> None:
        self.api_key = api_key
        self.emails: dict[str, str] = {}

    def text(self, value: str) -> str:
        if self.api_key:
            value = value.replace(self.api_key, REDACTED)
        return EMAIL.sub(self._placeholder, value)

    def _placeholder(self, match: re.Match[str]) -> str:
        email = match.group(0).lower()
        return self.emails.setdefault(email, f"redacted-{len(self.emails) + 1}@example.com")

    def json(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.json(item) for item in value]
        if isinstance(value, dict):
            return {self.text(key): self.json(item) for key, item in value.items()}
        return value


class RedactingRecorder(httpx.BaseTransport):
    """Wraps the real transport; writes each exchange, redacted, as `<out>/<name>.json`."""

    def __init__(self, inner: httpx.BaseTransport, out: Path, base_url: str, redactor: Redactor) -> None:
        self.inner, self.out, self.redactor = inner, out, redactor
        self.base_path = urlsplit(base_url).path.rstrip("/")
        self.next_name = "interaction"
        self.description = ""
        self.operation_id = ""
        self.written: list[Path] = []

    def close(self) -> None:
        self.inner.close()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        self.written.append(self._write(request, response))
        return response

    def _body(self, content: bytes) -> tuple[str, Any]:
        if not content:
            return "body", None
        try:
            return "body", self.redactor.json(json.loads(content))
        except ValueError:
            return "body_text", self.redactor.text(content.decode("utf-8", errors="replace"))

    def _write(self, request: httpx.Request, response: httpx.Response) -> Path:
        headers = {"api-key": REDACTED} if "api-key" in request.headers else {}
        if "content-type" in request.headers:
            headers["content-type"] = request.headers["content-type"]
        _, request_body = self._body(request.content)
        response_key, response_body = self._body(response.content)
        recording = {
            "description": self.redactor.text(self.description),
            "provenance": "recorded",
            "kind": "api",
            "operation_id": self.operation_id,
            "request": {
                "method": request.method,
                "path": request.url.raw_path.decode().split("?")[0].removeprefix(self.base_path),
                "query": self.redactor.text(request.url.query.decode()),
                "headers": headers,
                "body": request_body,
            },
            "response": {
                "status": response.status_code,
                "headers": {name: response.headers[name] for name in KEPT_RESPONSE_HEADERS if name in response.headers},
                response_key: response_body,
            },
        }
        path = self.out / f"{self.next_name}.json"
        text = json.dumps(recording, indent=2, ensure_ascii=False) + "\n"
        if self.redactor.api_key and self.redactor.api_key in text:  # belt and braces: never let the key reach disk
            raise RuntimeError("refusing to write a recording that still contains the api-key")
        path.write_text(text, encoding="utf-8")
        return path


def record(api_key: str, base_url: str, out: Path, transport: httpx.BaseTransport | None = None) -> list[Path]:
    """The read-only recording session. Returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    recorder = RedactingRecorder(transport or httpx.HTTPTransport(), out, base_url, Redactor(api_key))

    with httpx.Client(base_url=base_url, transport=recorder, timeout=30) as client:

        def call(name: str, operation_id: str, description: str, path: str, key: str = api_key, **params: Any) -> Any:
            recorder.next_name, recorder.operation_id, recorder.description = name, operation_id, description
            return client.get(path, params=params, headers={"api-key": key})

        orders = call("recorded.list_orders.200", "listOrders", "First page of orders (recorded).", "/orders", limit=2)
        items = orders.json().get("items", []) if orders.status_code == 200 else []
        if items:
            call("recorded.get_order.200", "getOrder", "One order (recorded).", f"/orders/{items[0]['id']}")
        call("recorded.list_users.200", "listUsers", "Company users (recorded).", "/users")
        call("recorded.get_order.404", "getOrder", "Unknown order id (recorded).", "/orders/00000000-0000-4000-8000-0")
        call(
            "recorded.get_order.401",
            "getOrder",
            "Wrong api-key (recorded).",
            "/orders/x",
            key="wrong-key-for-recording",
        )
    return recorder.written


def arguments(description: str | None, out: Path) -> tuple[argparse.Namespace, str]:
    """--base-url and --out, and the real key from CUBICASA_API_KEY ("" when unset): what every recording tool
    (this one, tools/drift.py) starts from."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default=PRODUCTION)
    parser.add_argument("--out", type=Path, default=out)
    return parser.parse_args(), os.environ.get("CUBICASA_API_KEY", "")


def main() -> int:
    args, api_key = arguments(__doc__, ROOT / "tests" / "recordings")
    if not api_key:
        print("Set CUBICASA_API_KEY to a real key (web app: Settings → Company → Developers).", file=sys.stderr)
        return 2
    for path in record(api_key, args.base_url, args.out):
        print(f"wrote {path}")
    print("Review them (tests/contract/test_recordings_hygiene.py runs on `make test`) before committing.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

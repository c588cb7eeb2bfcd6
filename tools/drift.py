"""`make drift`: record read-only production traffic, replay it through the client's drift radar, propose the spec
change.

    CUBICASA_API_KEY=... python tools/drift.py [--base-url URL] [--out dist/drift]

1. tools/record.py records the read-only calls (redacted) into OUT/recordings (never tests/recordings: those are
   reviewed and committed by hand);
2. each recorded answer of a read operation is served again, from memory, to the client's own call, so the radar
   sees exactly what the API sent; its report goes to OUT/report.json;
3. `cubicasa drift propose --from OUT/report.json` prints the patch (stdout) and what a human must decide (stderr).

Without CUBICASA_API_KEY: one line, exit 2.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from record import ROOT, arguments, record  # tools/ is not a package: found on the path above

__all__ = ["main", "replay"]

_READS = {"listOrders", "getOrder", "listUsers"}


def replay(recordings: list[Path], base_url: str) -> None:
    """Make the client's own call for every recorded 2xx read, answered by its recording (the radar listens)."""
    from cubicasa_integrate import CubiCasa

    answers: dict[str, list[dict[str, Any]]] = {}
    calls: list[tuple[str, str]] = []
    for path in sorted(recordings):
        data = json.loads(path.read_text())
        request, response = data["request"], data["response"]
        if data.get("operation_id") in _READS and 200 <= response["status"] < 300:
            answers.setdefault(request["path"], []).append(response)
            calls.append((data["operation_id"], request["path"]))
    prefix = httpx.URL(base_url).path.rstrip("/")

    def answer(request: httpx.Request) -> httpx.Response:
        queue = answers.get(request.url.path.removeprefix(prefix), [])
        if not queue:
            return httpx.Response(404, json={"detail": "not recorded"})
        found = queue.pop(0)  # the calls below are made in the order of the recordings of each path
        return httpx.Response(found["status"], headers=found.get("headers", {}), json=found["body"])

    with CubiCasa("replayed", base_url=base_url, transport=httpx.MockTransport(answer), max_retries=0) as client:
        for operation, path in calls:
            if operation == "getOrder":
                client.orders.get(path.rsplit("/", 1)[1])
            elif operation == "listOrders":
                next(iter(client.orders.list()), None)  # the recorded page only
            else:
                next(iter(client.users.list()), None)


def main() -> int:
    args, api_key = arguments(__doc__, ROOT / "dist" / "drift")
    if not api_key:
        print("make drift needs CUBICASA_API_KEY (a real key: it records production traffic).", file=sys.stderr)
        return 2
    from cubicasa_integrate import drift

    recordings = record(api_key, args.base_url, args.out / "recordings")
    replay(list(recordings), args.base_url)
    report = args.out / "report.json"
    report.write_text(drift.report().to_json())
    print(f"wrote {report}", file=sys.stderr)
    command = [sys.executable, "-c", "from cubicasa_integrate.cli import main; raise SystemExit(main())"]
    spec = ROOT / "openapi" / "cubicasa-integrate-v3.yaml"
    propose = [*command, "drift", "propose", "--from", str(report), "--spec", str(spec)]
    return subprocess.run(propose, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())

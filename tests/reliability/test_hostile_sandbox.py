"""The sandbox as a strict server, attacked over real loopback HTTP: every templated operation of the spec with
every path parameter replaced by a value that a decode-then-route (or decode-then-normalise) server would turn
into other path segments, sent byte for byte over a raw socket (a client would normalise `.` and `..` away).
None may reach any operation or change anything."""

from __future__ import annotations

import json
import re

from cubicasa_sandbox import BASE_PATH, RunningSandbox
from tests.e2e.support import raw_http, sandbox_state
from tests.reliability.tally import Tally

# {id} is a real order: a lenient server would act on it. Each value is sent exactly as written.
SMUGGLING = [
    "x%2F..%2F{id}",
    "{id}%2Fpost-purchase",
    "{id}%2F",
    "%2F{id}",
    "..%2F..%2Fusers",
    "..%2Fcompanies%2Fwebhook",
    "%2E%2E",
    "%2e",
    ".",
    "..",
    "x%5C..%5C{id}",
    "{id}%5Cpost-purchase",
    "{id}%00",
    "{id}%0D%0AHost:%20evil",
    "{id}%09",
    "{id}%7F",
]
NOT_FOUND = b'{"detail": "Not Found"}'
BODIES = {"POST": {"package_type": None, "add_ons": ["gla"]}, "PATCH": {"webhook_urls": [], "webhook_triggers": []}}


def test_no_encoded_separator_or_dot_segment_reaches_any_operation(running: RunningSandbox, tally: Tally) -> None:
    sandbox = running.sandbox
    order_id = next(i for i in sandbox.order_ids("Ready") if "gla" in sandbox.record(i).purchasable_add_ons)
    templated = [op for op in sandbox.spec.operations if "{" in op.path]
    assert len(templated) >= 5  # every operation with a path parameter, as the spec lists them
    before = sandbox_state(running)
    answers: dict[str, tuple[int, bytes]] = {}
    for operation in templated:
        names = re.findall(r"\{([^}]+)\}", operation.path)
        for name in names:
            for payload in SMUGGLING:
                path = operation.path
                for other in names:  # the other parameters hold plain, real-looking values
                    value = payload.replace("{id}", order_id) if other == name else order_id
                    path = path.replace("{" + other + "}", value)
                tally.hostile += 1
                line = f"{operation.method} {BASE_PATH}{path} HTTP/1.1"
                answers[line] = raw_http(running, line, json.dumps(BODIES.get(operation.method)).encode())
    wrong = {line: answer for line, answer in answers.items() if answer != (404, NOT_FOUND)}
    assert wrong == {}
    assert sandbox_state(running) == before

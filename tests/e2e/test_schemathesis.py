"""Honesty check (b): schemathesis, every check and every phase including the stateful one, against the sandbox.

A failure here is a bug in the sandbox or in the spec; it is never suppressed. The sandbox runs with
`validate_responses=True`, so openapi-core checks each of its responses too (honesty check (a)).

By hand, from the repository root, with a sandbox running (`cubicasa sandbox --port 8080`):

    schemathesis --config-file <the config this test writes> run http://127.0.0.1:8080/openapi.yaml \\
        --url http://127.0.0.1:8080/api/integrate/v3 -H 'api-key: sandbox-key'
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from tests.e2e import schemathesis_hooks
from tests.e2e.support import checked_sandbox
from tests.support import ROOT

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
MAX_EXAMPLES = 15
SEED = 20261126
BUILT_IN_CHECKS = {
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "missing_required_header",
    "unsupported_method",
    "allow_header_conformance",
    "use_after_free",
    "ensure_resource_availability",
    "ignored_auth",
    "object_level_authorization",
}

CONFIG = """\
# Written by tests/e2e/test_schemathesis.py.
hooks = "{hooks}"

# Every check is enabled by default. `--checks all` on the command line would also override the per-operation
# setting below, so the run relies on the default and the test proves from the report that every check ran.
[checks]
enabled = true

[generation]
max-examples = {max_examples}
database = "none"

[cache]
enabled = false

# Built-in `positive_data_acceptance` assumes every schema-valid request succeeds. For these four operations the
# spec makes acceptance depend on state (what is purchasable, whether owner_email is a user, whether the e-mail is
# already a user), so the sandbox refuses some valid requests with the documented 400. The hooks file replaces
# the check here with a stricter-than-nothing one: only a 400 whose every item names such a state reason passes.
[[operations]]
include-operation-id = ["upgradeOrder", "createDraftOrder", "updateDraftOrder", "addUser"]
checks.positive_data_acceptance.enabled = false

# Known ids, so that getChangeRequest and updateDraftOrder are exercised beyond 404.
[[operations]]
include-operation-id = "getChangeRequest"
parameters = {{ "path.order_id" = "{order_id}", "path.change_request_id" = "{change_request_id}" }}

[[operations]]
include-operation-id = "updateDraftOrder"
parameters = {{ "path.order_id" = "{draft_id}" }}
"""


def test_schemathesis_finds_nothing(tmp_path: Path) -> None:
    with checked_sandbox() as running:
        with httpx.Client(base_url=running.base_url, headers={"api-key": running.api_key}) as client:
            order_id = running.sandbox.order_ids("Ready")[0]
            change_request = client.post(f"/orders/{order_id}/change-requests", json={"message": "schemathesis"})
            draft = client.post(
                "/orders/draft",
                json={
                    "street": "1 Main St",
                    "city": "Minneapolis",
                    "country": "United States",
                    "owner_email": "tim@internet.com",
                },
            )
        config = tmp_path / "schemathesis.toml"
        config.write_text(
            CONFIG.format(
                hooks=ROOT / "tests" / "e2e" / "schemathesis_hooks.py",
                max_examples=MAX_EXAMPLES,
                order_id=order_id,
                change_request_id=change_request.json()["id"],
                draft_id=draft.json()["id"],
            )
        )
        report = tmp_path / "report.ndjson"
        command = [
            str(SCHEMATHESIS),
            "--config-file",
            str(config),
            "run",
            running.spec_url,
            "--url",
            running.base_url,
            "-H",
            f"api-key: {running.api_key}",
            "--seed",
            str(SEED),
            "--no-color",
            "--report",
            "ndjson",
            "--report-ndjson-path",
            str(report),
        ]
        # schemathesis is not our code: keep coverage measurement (patch = subprocess) out of its process.
        env = {name: value for name, value in os.environ.items() if not name.startswith("COVERAGE_")}
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)
        assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout[-20000:]}\n{result.stderr[-5000:]}"
        assert running.sandbox.responses_checked > 500
    # checked_sandbox() has asserted that openapi-core found no response breaking the spec.
    ran = _checks_that_ran(report)
    assert BUILT_IN_CHECKS | {"positive_data_accepted_unless_state_refuses"} <= ran
    assert "✅  Stateful" in result.stdout  # the stateful phase ran (and passed)


def _checks_that_ran(report: Path) -> set[str]:
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("name"), str) and node.get("status") in ("success", "failure"):
                names.add(node["name"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for line in report.read_text().splitlines():
        walk(json.loads(line))
    return names


# ------------------------------------------------------------------------------------------------ the hook itself
def _case(label: str, positive: bool = True) -> Any:
    method, path = label.split(" ", 1)
    mode = SimpleNamespace(is_positive=positive)
    return SimpleNamespace(
        method=method, operation=SimpleNamespace(path=path), meta=SimpleNamespace(generation=SimpleNamespace(mode=mode))
    )


def _response(status: int, body: Any) -> Any:
    return SimpleNamespace(status_code=status, content=json.dumps(body).encode())


def _refusal(kind: str) -> dict[str, Any]:
    return {"validation_error": {"body_params": [{"loc": ["add_ons", 0], "msg": "no", "type": kind}]}}


PURCHASE = "POST /orders/{order_id}/post-purchase"
check = schemathesis_hooks.positive_data_accepted_unless_state_refuses


def test_the_hook_accepts_a_state_refusal_and_success() -> None:
    assert check(None, _response(400, _refusal("value_error.not_purchasable")), _case(PURCHASE)) is None
    assert check(None, _response(200, {}), _case(PURCHASE)) is None
    assert check(None, _response(404, {"detail": "x"}), _case(PURCHASE)) is None
    assert check(None, _response(422, {}), _case("GET /orders")) is None  # not its operation: built-in check's job
    assert check(None, _response(422, {}), _case(PURCHASE, positive=False)) is None  # negative data


@pytest.mark.parametrize(
    "response",
    [
        _response(400, _refusal("value_error.missing")),  # a validation error on valid data: a bug
        _response(400, _refusal("value_error.owner_email")),  # a state reason of another operation
        _response(400, {"detail": "no"}),
        _response(422, {}),
    ],
)
def test_the_hook_fails_any_other_refusal(response: Any) -> None:
    with pytest.raises(AssertionError, match="Valid data should have been accepted"):
        check(None, response, _case(PURCHASE))

"""The drift radar end to end: the sandbox answers as an evolved API (cubicasa_sandbox.EVOLUTIONS: new fields at
several levels, new enum values, one type change); the client, in a fresh process, reads everything and reports
each evolution once; `cubicasa drift propose` turns the report into a spec patch; applied to a clone of this
repository and regenerated, the client decodes the new fields as typed attributes and the new values as members;
and `tools/breaking.py` (make breaking) classifies the change as a minor bump.

The client runs in a child process so that its radar (process-wide by design) starts empty and its WARNING lines
can be counted on stderr. The clone is a `git clone` of HEAD: it regenerates from what is committed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cubicasa_sandbox import EVOLUTIONS, RunningSandbox
from tests.e2e.support import checked_sandbox
from tests.support import ROOT

# Regenerating and the breaking check take ~1 min on an idle machine.
pytestmark = pytest.mark.timeout(600)

CLIENT = """
import json, sys
import httpx
from cubicasa_integrate import CubiCasa, drift, webhooks

base_url, root_url, key = sys.argv[1:4]
with CubiCasa(key, base_url=base_url) as client:
    for order in client.orders.list():
        order.address, order.info.product  # nested objects are decoded on first read
        if order.delivery_assets:
            order.delivery_assets.to_dict()
    ready = next(o for o in client.orders.list(status=["Ready"]))
    for status in ("Fixing", "Ready"):  # a fix: the webhook event says delivery_type "fix"
        event = httpx.post(f"{root_url}/_sandbox/orders/{ready.id}/status", json={"status": status}).content
        webhooks.parse(event)
    print(json.dumps({"api": client.drift.as_dict(), "webhooks": drift.webhook_report().as_dict()}))
"""

DECODE = """
import json, sys
from cubicasa_integrate_api.models import DeliveryType, Order, OrderStatus, OrderStatusEvent, AddOn

order = Order.from_dict(json.loads(sys.argv[1]))
event = OrderStatusEvent.from_dict(json.loads(sys.argv[2]))
assert isinstance(order.revision, int), order
assert isinstance(order.info.floor_count, int), order.info
assert isinstance(order.address.county, str), order.address
assert isinstance(order.info.product.bundle_id, str)
webp = order.delivery_assets.floorplans_webp
assert type(webp).__module__.startswith("cubicasa_integrate_api.models"), type(webp)
assert isinstance(event.occurred_at, float | int)
members = {str(m) for m in OrderStatus} | {str(m) for m in AddOn} | {str(m) for m in DeliveryType}
assert {"Archived", "drone_photos", "fix"} <= members, members
print("typed")
"""


@pytest.fixture(scope="module")
def evolved() -> Iterator[RunningSandbox]:
    with checked_sandbox(evolved_api=True, orders=30, seed=9) as running:
        yield running


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=500, check=False)


def test_radar_proposal_regeneration_and_breaking_check(evolved: RunningSandbox, tmp_path: Path) -> None:
    key = evolved.sandbox.config.api_key
    env = {**os.environ, "CUBICASA_LOG": ""}
    child = run([sys.executable, "-c", CLIENT, evolved.base_url, evolved.root_url, key], tmp_path, env)
    assert child.returncode == 0, child.stderr
    reports = json.loads(child.stdout)
    assert reports["api"]["format"] == reports["webhooks"]["format"] == "cubicasa-drift/1"
    assert (reports["api"]["source"], reports["webhooks"]["source"]) == ("api", "webhooks")

    # Every evolution is reported, with its schema, path and JSON types - and nothing else is. What only webhook
    # bodies carried is in the webhook report, never in client.drift: nothing signs a webhook body.
    by_source = {
        source: {(f["kind"], f["schema"], f.get("field") or f.get("value")) for f in report["findings"]}
        for source, report in reports.items()
    }
    webhook_only = {(e.kind, e.schema, e.name) for e in EVOLUTIONS if "webhook" in e.where}
    assert webhook_only
    assert by_source["api"].isdisjoint(webhook_only)
    assert by_source["webhooks"] == webhook_only
    findings = reports["api"]["findings"] + [
        f
        for f in reports["webhooks"]["findings"]
        if (f["kind"], f["schema"], f.get("field") or f.get("value")) not in by_source["api"]
    ]
    found = {(f["kind"], f["schema"], f.get("field") or f.get("value")): f for f in findings}
    expected = {(e.kind, e.schema, e.name): e for e in EVOLUTIONS}
    assert set(found) == set(expected)
    for key_, evolution in expected.items():
        if evolution.kind != "unknown_enum_value":  # an enum used in several places is named by its first use
            assert found[key_]["path"] == evolution.path
        if evolution.types:
            assert tuple(found[key_]["types"]) == evolution.types
    assert all(f["count"] >= 1 for f in findings)

    # Said once: one WARNING line per finding, however many orders carried it.
    warnings = [line for line in child.stderr.splitlines() if "see DRIFT in the README" in line]
    assert len(warnings) == len(expected), child.stderr
    assert max(f["count"] for f in findings) > 1
    assert key not in child.stdout + child.stderr

    # The proposal, applied to a clone of HEAD and regenerated.
    clone = tmp_path / "clone"
    assert run(["git", "clone", "-q", "--no-tags", str(ROOT), str(clone)], tmp_path).returncode == 0
    cubicasa = [sys.executable, "-c", "import sys; from cubicasa_integrate.cli import main; sys.exit(main())"]
    # The API's report first, then the webhooks' (a user who trusts every sender of the receiver), each proposed
    # against the spec as the one before left it.
    for source in ("api", "webhooks"):
        report_file = tmp_path / f"{source}.json"
        report_file.write_text(json.dumps(reports[source]))
        proposal = run([*cubicasa, "drift", "propose", "--from", str(report_file)], clone)
        assert proposal.returncode == 0, proposal.stderr
        assert ("nothing signs" in proposal.stderr) == (source == "webhooks"), proposal.stderr
        if source == "api":
            assert "A human must decide" in proposal.stderr  # the type change is a note, not an edit
        assert "total_scanned_area" not in "".join(
            line for line in proposal.stdout.splitlines(keepends=True) if line.startswith(("+", "-"))
        )
        patch = tmp_path / f"{source}.patch"
        patch.write_text(proposal.stdout)
        applied = run(["git", "apply", str(patch)], clone)
        assert applied.returncode == 0, applied.stderr
        assert run(["git", "diff", "--name-only"], clone).stdout.split() == ["openapi/cubicasa-integrate-v3.yaml"]
        # A proposal only adds: the one kind of line it rewrites is a flow list (an enum) that it extends.
        lines = proposal.stdout.splitlines()
        removed = [line[1:] for line in lines if line.startswith("-") and not line.startswith("---")]
        added = [line[1:] for line in lines if line.startswith("+") and not line.startswith("+++")]
        assert added
        for line in removed:
            assert line.endswith("]")
            assert any(new.startswith(line[:-1] + ", ") for new in added), line

    generated = run([sys.executable, "tools/codegen.py", "generate"], clone)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    order = json.dumps(evolved.sandbox.order(evolved.sandbox.order_ids("Ready")[0], evolved.root_url))
    event = evolved.sandbox.set_order_status(evolved.sandbox.order_ids("Ready")[0], "Fixing")
    event = evolved.sandbox.set_order_status(event["id"], "Ready")
    path = os.pathsep.join(str(clone / part) for part in ("generated", "overrides"))
    decoded = run([sys.executable, "-c", DECODE, order, json.dumps(event)], tmp_path, {**env, "PYTHONPATH": path})
    assert decoded.stdout.strip() == "typed", decoded.stderr

    # make breaking: additions only, so a minor bump (0.x: the next minor version) is enough.
    version_file = clone / "overrides" / "cubicasa_integrate" / "_version.py"
    current = re.search(r'"(\d+)\.(\d+)\.(\d+)"', version_file.read_text())
    assert current is not None
    major, minor = int(current.group(1)), int(current.group(2))
    version_file.write_text(version_file.read_text().replace(current.group(0), f'"{major}.{minor + 1}.0"'))
    breaking = run([sys.executable, "tools/breaking.py", "--base", "HEAD"], clone)
    assert breaking.returncode == 0, breaking.stdout + breaking.stderr
    assert "is a minor bump; the changes need minor." in breaking.stdout, breaking.stdout
    assert "major:" not in breaking.stdout, breaking.stdout

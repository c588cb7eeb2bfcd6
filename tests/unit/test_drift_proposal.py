"""cubicasa_integrate.drift_proposal: a drift report becomes an additive, valid, deterministic patch of the spec."""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from cubicasa_integrate.drift_proposal import ReportError, parse_report, propose
from tests.support import ROOT, SPEC_PATH, node_tool
from tools.spec_compat import compare

FIXTURES = ROOT / "tests" / "fixtures" / "drift"
EVERY_KIND = FIXTURES / "every-kind.json"
SPEC = SPEC_PATH.read_text()
LABEL = "openapi/cubicasa-integrate-v3.yaml"


def report(*findings: dict[str, Any], **header: Any) -> str:
    return json.dumps({"format": "cubicasa-drift/1", "client_version": "0.4.0", "findings": list(findings), **header})


def field(schema: str, name: str, *types: str) -> dict[str, Any]:
    return {"kind": "unknown_field", "schema": schema, "field": name, "path": name, "types": list(types), "count": 1}


def value(schema: str, name: str) -> dict[str, Any]:
    return {"kind": "unknown_enum_value", "schema": schema, "value": name, "path": "x", "count": 1}


def schemas(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(text)["components"]["schemas"]
    return loaded


@pytest.fixture(scope="module")
def patched() -> str:
    return propose(EVERY_KIND.read_text(), SPEC, LABEL).patched


def test_the_patch_applies_with_git_apply_and_gives_the_patched_text(tmp_path: Path) -> None:
    proposal = propose(EVERY_KIND.read_text(), SPEC, LABEL)
    (tmp_path / "openapi").mkdir()
    shutil.copy(SPEC_PATH, tmp_path / LABEL)
    (tmp_path / "change.diff").write_text(proposal.patch)
    git = ["git", "apply", "-p1", "change.diff"]
    subprocess.run([*git[:2], "--check", *git[2:]], cwd=tmp_path, check=True)
    subprocess.run(git, cwd=tmp_path, check=True)
    assert (tmp_path / LABEL).read_text() == proposal.patched != SPEC


def test_the_patched_spec_is_valid_openapi_and_passes_the_flow_check(patched: str, tmp_path: Path) -> None:
    validate(yaml.safe_load(patched), base_uri=SPEC_PATH.as_uri())
    copy = tmp_path / "spec.yaml"
    copy.write_text(patched)
    check = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "check_flow_descriptions.py"), str(copy)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_patched_spec_passes_spectral(patched: str, tmp_path: Path) -> None:
    spectral = node_tool("spectral")
    copy = tmp_path / "spec.yaml"
    copy.write_text(patched)
    ruleset = ROOT / "openapi" / ".spectral.yaml"
    run = subprocess.run(
        [str(spectral), "lint", str(copy), "--ruleset", str(ruleset), "--fail-severity", "error"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_unknown_fields_become_optional_observed_properties_typed_as_seen(patched: str) -> None:
    new, old = schemas(patched), schemas(SPEC)
    props = {name: new[name].get("properties", {}) for name in new}
    assert props["OrderInfo"]["floor_count"]["type"] == "integer"
    assert props["OrderInfo"]["inspector"]["type"] == ["string", "null"]
    assert props["Order"]["revision"]["type"] == "number"  # integer and number seen: number covers both
    webp = props["DeliveryAssets"]["floorplans_webp"]
    assert (webp["type"], webp["additionalProperties"]) == (["object", "null"], True)
    assert props["ListingFloorplans"]["webp_urls"] == {**props["ListingFloorplans"]["webp_urls"], "type": "array"}
    assert props["ListingFloorplans"]["webp_urls"]["items"] == {}
    assert props["OrderStatusEvent"]["occurred_at"]["type"] == ["array", "boolean", "number", "object"]
    assert props["ErrorBody"]["trace_id"]["type"] == "string"  # a schema that had no properties gets them
    assert props["Address"]["county"]["type"] == "string"
    added = [(s, p) for s in new for p in new[s].get("properties", {}) if p not in old[s].get("properties", {})]
    assert len(added) == 8
    for schema, prop in added:
        assert new[schema]["properties"][prop]["x-evidence"] == "observed"
        assert "Observed in API responses" in new[schema]["properties"][prop]["description"]
        assert prop not in new[schema].get("required", [])


def test_enum_values_are_appended_and_marked_observed(patched: str) -> None:
    new = schemas(patched)
    assert new["OrderStatus"]["enum"] == ["New", "Draft", "Pending", "Ready", "Fixing", "Archived", "Failed"]
    assert new["OrderStatus"]["x-evidence-values"] == {"Archived": "observed", "Failed": "observed"}
    assert new["AddOn"]["enum"] == ["gla", "3d_cad_files", "6h_turnaround", "drone_photos"]
    assert new["AddOn"]["x-enum-varnames"] == ["GLA", "CAD_FILES_3D", "TURNAROUND_6H", "DRONE_PHOTOS"]
    assert new["DeliveryType"]["enum"] == ["new", "yes"]  # quoted: a plain `yes` would be YAML 1.1's true


def test_type_conflicts_and_missing_fields_change_nothing_and_ask_a_human(patched: str) -> None:
    proposal = propose(EVERY_KIND.read_text(), SPEC, LABEL)
    new, old = schemas(patched), schemas(SPEC)
    info = "OrderInfo"
    assert new[info]["properties"]["total_scanned_area"] == old[info]["properties"]["total_scanned_area"]
    assert new[info]["required"] == old[info]["required"]
    decide = [note for note in proposal.notes if "A human must decide" in note]
    assert [note.split(":")[0] for note in decide] == [
        "OrderInfo.created_at (info.created_at)",
        "OrderInfo.total_scanned_area (info.total_scanned_area)",
    ]


def test_the_change_is_additive_only(patched: str) -> None:
    """No removal, no new requirement, no type change: spec_compat finds nothing breaking but the new enum
    values (which break closed-enum clients only)."""
    findings = compare(yaml.safe_load(SPEC), yaml.safe_load(patched))
    assert {f.rule for f in findings if f.severity == "breaking"} == set()
    assert {f.rule for f in findings} <= {"response-property-added", "response-enum-widened", "request-enum-widened"}
    assert {f.rule for f in findings} >= {"response-property-added", "response-enum-widened"}


def test_proposing_again_against_the_patched_spec_gives_an_empty_patch(patched: str) -> None:
    again = propose(EVERY_KIND.read_text(), patched, LABEL)
    assert again.patch == ""
    assert again.patched == patched
    assert sum("already in the spec" in note for note in again.notes) == 13  # 8 fields, 5 values


def test_the_output_does_not_depend_on_the_order_of_the_findings() -> None:
    data = json.loads(EVERY_KIND.read_text())
    first = propose(json.dumps(data), SPEC, LABEL)
    for seed in range(3):
        random.Random(seed).shuffle(data["findings"])
        assert propose(json.dumps(data), SPEC, LABEL) == first


def test_the_proposal_holds_only_names_types_and_fixed_words() -> None:
    text = report(
        field("OrderInfo", "floor_count", "integer"),
        field("Address", "county", "string", "null"),
        field("DeliveryAssets", "floorplans_webp", "object"),
        value("OrderStatus", "Archived"),
        first_seen="2026-12-01T18:40:00Z",
    )
    allowed = re.compile(
        r"(floor_count|county|floorplans_webp):"
        r"|type: (integer|\[string, \"null\"\]|object)|additionalProperties: true"
        r"|description: \"Observed in API responses \(drift radar of 0\.4\.0\); not documented, meaning unknown\.\""
        r"|x-evidence: observed"
        r"|enum: \[New, Draft, Pending, Ready, Fixing, Archived\]|x-evidence-values: \{Archived: observed\}"
    )
    added = [line[1:].strip() for line in propose(text, SPEC, LABEL).patch.splitlines() if line.startswith("+ ")]
    assert added
    assert [line for line in added if not allowed.fullmatch(line)] == []


@pytest.mark.parametrize("name", ["yes", "null", "1.5", "0x1F", "a: b", "#x", "- x", "[x]", "it's", 'q"uote', "ü"])
def test_odd_names_and_values_are_quoted_so_yaml_reads_them_back(name: str) -> None:
    patched = propose(report(field("Address", name, "string"), value("UserRole", name)), SPEC, LABEL).patched
    new = schemas(patched)
    assert name in new["Address"]["properties"]
    assert new["UserRole"]["enum"][-1] == name
    assert new["UserRole"]["x-evidence-values"] == {name: "observed"}


def test_what_cannot_be_proposed_is_noted() -> None:
    proposal = propose(
        report(field("NoSuchSchema", "x", "string"), field("AssetUrls", "y", "string"), value("Order", "z")),
        SPEC,
        LABEL,
    )
    assert proposal.patch == ""
    assert proposal.notes == (
        "AssetUrls.y (y): AssetUrls is not an object schema; nothing proposed.",
        "NoSuchSchema.x (x): no schema 'NoSuchSchema' in the spec; nothing proposed.",
        "Order.z (x): Order has no one-line `enum: [...]` to extend; nothing proposed.",
    )


def test_a_report_of_another_spec_or_with_dropped_findings_says_so() -> None:
    same = hashlib.sha256(SPEC.encode()).hexdigest()
    assert propose(report(spec_sha256=same), SPEC).notes == ()
    notes = propose(report(spec_sha256="0" * 64, dropped=3), SPEC).notes
    assert any("another version of the spec" in note for note in notes)
    assert any("dropped 3 findings" in note for note in notes)


def test_a_report_of_webhook_bodies_is_proposed_with_a_warning_that_nothing_signs_them() -> None:
    finding = field("OrderStatusEvent", "region", "string")
    from_api, from_webhooks = propose(report(finding), SPEC), propose(report(finding, source="webhooks"), SPEC)
    assert from_api.patch == from_webhooks.patch != ""
    assert not any("nothing signs" in note for note in from_api.notes)
    assert any("nothing signs" in note for note in from_webhooks.notes)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "not JSON"),
        ("garbage", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        ("[]", "format must be 'cubicasa-drift/1'"),
        (json.dumps({"format": "cubicasa-drift/2", "findings": []}), "found 'cubicasa-drift/2'"),
        (json.dumps({"format": "cubicasa-drift/1"}), "'findings' must be a list"),
    ],
)
def test_anything_but_a_drift_report_is_refused_in_one_line(data: str | bytes, message: str) -> None:
    with pytest.raises(ReportError) as refused:
        parse_report(data)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("x", "finding 0: not an object"),
        ({"kind": "renamed_field", "schema": "Order", "field": "x"}, "unknown kind 'renamed_field'"),
        ({"kind": "unknown_field", "field": "x", "types": []}, "'schema' must be a non-empty string"),
        ({"kind": "unknown_enum_value", "schema": "AddOn", "field": "x"}, "'value' must be"),
        (field("Order", "x", "text"), "'types' must be a list of JSON types"),
        (field("Address", "lone\ud800", "string"), "'field' holds a lone surrogate"),
    ],
)
def test_a_finding_that_cannot_be_proposed_is_noted_and_skipped_and_the_rest_proposed(bad: Any, message: str) -> None:
    proposal = propose(report(bad, field("Address", "still_proposed", "string")), SPEC, LABEL)
    assert "still_proposed" in schemas(proposal.patched)["Address"]["properties"]
    (note,) = [note for note in proposal.notes if message in note]
    assert note.endswith("skipped, nothing proposed for it.")


# Any Unicode scalar value: control characters, bidi overrides, U+FFFE/U+FFFF, and characters outside the BMP.
NAMES = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)


@settings(max_examples=50, deadline=None)
@given(name=NAMES)
def test_any_name_round_trips_exactly_and_the_patch_stays_one_line_per_entry(name: str) -> None:
    proposal = propose(report(field("Address", name, "string"), value("UserRole", name)), SPEC, LABEL)
    new = schemas(proposal.patched)
    assert name in new["Address"]["properties"]
    assert new["UserRole"]["enum"][-1] == name
    proposal.patched.encode("utf-8")  # writable as the UTF-8 spec it is
    for line in proposal.patch.splitlines():
        assert not any(char in line for char in "\x1b\x07\r\x85\u2028\u2029\u202e"), line


@pytest.mark.parametrize("name", ["emoji\U0001f600", "x\n        evil: true", "bell\x07", "rtl\u202e", "bom\ufffe"])
def test_names_outside_the_bmp_or_with_control_characters_round_trip(name: str) -> None:
    patched = propose(report(field("Address", name, "string")), SPEC, LABEL).patched
    assert name in schemas(patched)["Address"]["properties"]
    assert "evil" not in schemas(patched)["Address"]

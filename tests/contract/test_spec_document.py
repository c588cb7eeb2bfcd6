"""The OpenAPI document itself: valid 3.1, and every operation says how well it is evidenced."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from tests.support import SPEC_PATH, spec_text_operation_ids

EVIDENCE_LEVELS = {"documented", "example", "third-party", "inferred", "observed"}
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for section in ("paths", "webhooks"):
        for path, item in spec.get(section, {}).items():
            found += [(path, method, op) for method, op in item.items() if method in HTTP_METHODS]
    return found


def test_spec_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1.")
    validate(spec, base_uri=SPEC_PATH.as_uri())


def test_validator_rejects_a_broken_document(spec: dict[str, Any]) -> None:
    broken = {**spec, "paths": {"/orders": {"get": {"responses": "not-a-mapping"}}}}
    with pytest.raises(OpenAPIValidationError):
        validate(broken, base_uri=SPEC_PATH.as_uri())


def test_every_operation_records_its_evidence_level(spec: dict[str, Any]) -> None:
    ops = operations(spec)
    # The walk reaches every operation the text has (both sections, every method): the check below covers all.
    assert sorted(op["operationId"] for _, _, op in ops) == sorted(spec_text_operation_ids())
    missing = [f"{method.upper()} {path}" for path, method, op in ops if op.get("x-evidence") not in EVIDENCE_LEVELS]
    assert missing == []


def test_api_key_header_is_the_global_security(spec: dict[str, Any]) -> None:
    assert spec["security"] == [{"apiKey": []}]
    assert spec["components"]["securitySchemes"]["apiKey"] == {
        **spec["components"]["securitySchemes"]["apiKey"],
        "type": "apiKey",
        "in": "header",
        "name": "api-key",
    }
    assert spec["servers"][0]["url"] == "https://app.cubi.casa/api/integrate/v3"

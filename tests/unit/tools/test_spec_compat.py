"""tools/spec_compat.py: each rule fires on a seeded break, with the right severity and JSON path, and nothing else.

Most seeds are one-line mutations of the real spec (so the rules are proven on the shapes the spec really uses:
`anyOf: [$ref, null]`, shared components, `5XX`, webhooks); constructs the spec does not use yet (allOf,
multi-variant unions, header parameters, 3.1 type lists, recursive schemas, webhook responses) are small YAML
pairs in tests/fixtures/spec_compat/. Each case lists *every* finding it expects, so a rule that fires too
often (noise) fails as surely as one that does not fire.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.support import ROOT, load_spec, load_tool

FIXTURES = ROOT / "tests" / "fixtures" / "spec_compat"
Spec = dict[str, Any]


@pytest.fixture(scope="module")
def sc() -> ModuleType:
    return load_tool("spec_compat")


@functools.cache
def _real_spec() -> Spec:
    return load_spec()


def real_spec() -> Spec:
    """A fresh copy of openapi/cubicasa-integrate-v3.yaml (parsed once: YAML parsing dominates the run time)."""
    return copy.deepcopy(_real_spec())


def schemas(doc: Spec) -> dict[str, Any]:
    return doc["components"]["schemas"]  # type: ignore[no-any-return]


def op(doc: Spec, path: str, method: str = "get") -> dict[str, Any]:
    return doc["paths"][path][method]  # type: ignore[no-any-return]


def param(doc: Spec, path: str, name: str, method: str = "get") -> dict[str, Any]:
    return next(p for p in op(doc, path, method)["parameters"] if p.get("name") == name)


def rename_path(doc: Spec, old: str, new: str) -> None:
    doc["paths"] = {(new if key == old else key): value for key, value in doc["paths"].items()}


def rename_schema(doc: Spec, old: str, new: str) -> None:
    schemas(doc)[new] = schemas(doc).pop(old)
    text = json.dumps(doc).replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    doc.clear()
    doc.update(json.loads(text))


B, G, C, I = "breaking", "breaking-for-generated-code", "breaking-for-closed-enum-clients", "info"  # noqa: E741
ORDER_READERS = (
    "GET /orders (listOrders)",
    "GET /orders/{order_id} (getOrder)",
    "POST /orders/{order_id}/post-purchase (upgradeOrder)",
)


def replace_media_type(body: dict[str, Any], new: str) -> None:
    body["content"] = {new: body["content"]["application/json"]}


OK_200 = "$.paths['/orders/{order_id}'].get.responses['200']"


def get_order_by_id(doc: Spec) -> None:
    """getOrder as the documentation's page names it (and the spec did before issue 26): `{id}`, inline."""
    rename_path(doc, "/orders/{order_id}", "/orders/{id}")
    path_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    op(doc, "/orders/{id}")["parameters"] = [path_id]


def html_5xx(doc: Spec) -> None:
    """The ServerError (5XX) response with the gateway's HTML page as a string body (before issue 26)."""
    doc["components"]["responses"]["ServerError"]["content"]["text/html"] = {"schema": {"type": "string"}}


SERVER_ERROR_HTML = "$.components.responses.ServerError.content['text/html']"

# (id, mutate HEAD, mutate BASE or None, every expected (severity, rule, path))
Mutation = Callable[[Spec], Any]
CASES: list[tuple[str, Mutation, Mutation | None, set[tuple[str, str, str]]]] = [
    # ------------------------------------------------------------------------------------------ operations
    (
        "operation removed",
        lambda d: d["paths"]["/users"].pop("post"),
        None,
        {(B, "operation-removed", "$.paths['/users'].post")},
    ),
    (
        "operation added (info)",
        lambda d: d["paths"].__setitem__(
            "/orders/{order_id}/notes",
            {"get": {"operationId": "listNotes", "responses": {"200": {"description": "ok"}}}},
        ),
        None,
        {(I, "operation-added", "$.paths['/orders/{order_id}/notes'].get")},
    ),
    (
        "operationId renamed",
        lambda d: op(d, "/orders/{order_id}").__setitem__("operationId", "fetchOrder"),
        None,
        {(G, "operation-id-changed", "$.paths['/orders/{order_id}'].get.operationId")},
    ),
    (
        "webhook removed",
        lambda d: d.pop("webhooks"),
        None,
        {(B, "operation-removed", "$.webhooks.orderStatus.post")},
    ),
    # ------------------------------------------------------------------------------------------ parameters
    (
        "query parameter removed",
        lambda d: op(d, "/orders")["parameters"].remove(param(d, "/orders", "offset")),
        None,
        {(B, "parameter-removed", "$.paths['/orders'].get.parameters[?(@.name=='offset')]")},
    ),
    (
        "query parameter renamed = removed + added",
        lambda d: param(d, "/orders", "offset").__setitem__("name", "start"),
        None,
        {
            (B, "parameter-removed", "$.paths['/orders'].get.parameters[?(@.name=='offset')]"),
            (I, "parameter-added", "$.paths['/orders'].get.parameters[?(@.name=='start')]"),
        },
    ),
    (
        "optional query parameter became required",
        lambda d: param(d, "/orders", "limit").__setitem__("required", True),
        None,
        {(B, "parameter-became-required", "$.paths['/orders'].get.parameters[?(@.name=='limit')]")},
    ),
    (
        "required query parameter became optional (info)",
        lambda d: param(d, "/orders", "limit").__setitem__("required", False),
        lambda d: param(d, "/orders", "limit").__setitem__("required", True),
        {(I, "parameter-became-optional", "$.paths['/orders'].get.parameters[?(@.name=='limit')]")},
    ),
    (
        "required query parameter added",
        lambda d: op(d, "/orders")["parameters"].append(
            {"name": "company", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        None,
        {(B, "parameter-added-required", "$.paths['/orders'].get.parameters[?(@.name=='company')]")},
    ),
    (
        "repeated status parameter no longer exploded",
        lambda d: param(d, "/orders", "status").__setitem__("explode", False),
        None,
        {(B, "parameter-serialization-changed", "$.paths['/orders'].get.parameters[?(@.name=='status')]")},
    ),
    (
        "path parameter renamed",
        get_order_by_id,
        None,
        {(G, "path-parameter-renamed", "$.paths['/orders/{id}'].get.parameters[?(@.name=='id')]")},
    ),
    (
        "issue 26: getOrder's {id} becomes the shared {order_id} (wire-compatible)",
        lambda d: None,
        get_order_by_id,
        {(G, "path-parameter-renamed", "$.components.parameters.OrderId")},
    ),
    (
        "shared path parameter renamed in its component",
        lambda d: (
            d["components"]["parameters"]["OrderId"].__setitem__("name", "orderId"),
            d.__setitem__("paths", {k.replace("{order_id}", "{orderId}"): v for k, v in d["paths"].items()}),
        ),
        None,
        {(G, "path-parameter-renamed", "$.components.parameters.OrderId")},
    ),
    (
        "query parameter enum narrowed: from an enum to one value",
        lambda d: param(d, "/orders", "status")["schema"].__setitem__("items", {"type": "string", "enum": ["Ready"]}),
        None,
        {
            (B, "request-enum-narrowed", "$.paths['/orders'].get.parameters[?(@.name=='status')].schema.items"),
            # the open form `anyOf: [OrderStatus, string]` lost both its variants as well
            (B, "request-variant-removed", "$.paths['/orders'].get.parameters[?(@.name=='status')].schema.items"),
        },
    ),
    # ------------------------------------------------------------------------------------------ request bodies
    (
        "request body removed",
        lambda d: op(d, "/orders/{order_id}/post-purchase", "post").pop("requestBody"),
        None,
        {(B, "request-body-removed", "$.paths['/orders/{order_id}/post-purchase'].post.requestBody")},
    ),
    (
        "request body became required",
        lambda d: None,
        lambda d: op(d, "/users", "post")["requestBody"].__setitem__("required", False),
        {(B, "request-body-became-required", "$.paths['/users'].post.requestBody")},
    ),
    (
        "request content type replaced",
        lambda d: replace_media_type(op(d, "/users", "post")["requestBody"], "application/x-www-form-urlencoded"),
        None,
        {
            (B, "request-media-type-removed", "$.paths['/users'].post.requestBody.content['application/json']"),
            (
                I,
                "request-media-type-added",
                "$.paths['/users'].post.requestBody.content['application/x-www-form-urlencoded']",
            ),
        },
    ),
    (
        "request field removed",
        lambda d: schemas(d)["DraftOrderInput"]["properties"].pop("suite"),
        None,
        {(B, "request-property-removed", "$.components.schemas.DraftOrderInput.properties.suite")},
    ),
    (
        "optional request field became required",
        lambda d: schemas(d)["AddUserRequest"]["required"].append("role"),
        None,
        {(B, "request-property-became-required", "$.components.schemas.AddUserRequest.properties.role")},
    ),
    (
        "required request field became optional (wire-compatible, generated code)",
        lambda d: schemas(d)["AddUserRequest"].__setitem__("required", []),
        None,
        {(G, "request-property-became-optional", "$.components.schemas.AddUserRequest.properties.email")},
    ),
    (
        "required request field added",
        lambda d: (
            schemas(d)["AddUserRequest"]["properties"].__setitem__("office_name", {"type": "string"}),
            schemas(d)["AddUserRequest"]["required"].append("office_name"),
        ),
        None,
        {(B, "request-property-added-required", "$.components.schemas.AddUserRequest.properties.office_name")},
    ),
    (
        "optional request field added (info)",
        lambda d: schemas(d)["AddUserRequest"]["properties"].__setitem__("office_name", {"type": "string"}),
        None,
        {(I, "request-property-added", "$.components.schemas.AddUserRequest.properties.office_name")},
    ),
    (
        "request enum narrowed (AddOn is also in responses: there, info)",
        lambda d: schemas(d)["AddOn"]["enum"].remove("3d_cad_files"),
        None,
        {
            (B, "request-enum-narrowed", "$.components.schemas.AddOn"),
            (I, "response-enum-narrowed", "$.components.schemas.AddOn"),
        },
    ),
    (
        "nullable enum no longer nullable in a request",
        lambda d: schemas(d)["UpgradeOrderRequest"]["properties"]["package_type"]["anyOf"].remove({"type": "null"}),
        None,
        {(B, "request-type-narrowed", "$.components.schemas.UpgradeOrderRequest.properties.package_type")},
    ),
    (
        "request field accepts null (info)",
        lambda d: schemas(d)["AddUserRequest"]["properties"]["password"].__setitem__("type", ["string", "null"]),
        None,
        {(I, "request-type-widened", "$.components.schemas.AddUserRequest.properties.password")},
    ),
    (
        "request field type replaced",
        lambda d: schemas(d)["DraftOrderInput"]["properties"]["info"].__setitem__("type", "object"),
        None,
        {(B, "request-type-changed", "$.components.schemas.DraftOrderInput.properties.info")},
    ),
    (
        "request object closed",
        lambda d: schemas(d)["ChangeRequestInput"].__setitem__("additionalProperties", False),
        None,
        {(B, "request-object-closed", "$.components.schemas.ChangeRequestInput")},
    ),
    # ------------------------------------------------------------------------------------------ responses
    (
        "response status removed",
        lambda d: op(d, "/orders/{order_id}")["responses"].pop("404"),
        None,
        {(B, "response-removed", "$.paths['/orders/{order_id}'].get.responses['404']")},
    ),
    (
        "response status added (info)",
        lambda d: op(d, "/orders/{order_id}")["responses"].__setitem__(
            "409", {"$ref": "#/components/responses/NotFound"}
        ),
        None,
        {(I, "response-added", "$.paths['/orders/{order_id}'].get.responses['409']")},
    ),
    (
        "5XX range narrowed to 500 only",
        lambda d: op(d, "/orders")["responses"].__setitem__("500", op(d, "/orders")["responses"].pop("5XX")),
        None,
        {(B, "response-removed", "$.paths['/orders'].get.responses['5XX']")},
    ),
    (
        "a 503 body under the 5XX range changes type",
        lambda d: op(d, "/orders")["responses"].__setitem__(
            "503",
            {
                "description": "x",
                "content": {"application/json": {"schema": {"type": "string"}}},
            },
        ),
        None,
        {(B, "response-type-changed", "$.paths['/orders'].get.responses['503'].content['application/json'].schema")},
    ),
    (
        "response header removed",
        lambda d: d["components"]["responses"]["TooManyRequests"].pop("headers"),
        None,
        {(B, "response-header-removed", "$.components.responses.TooManyRequests.headers['Retry-After']")},
    ),
    (
        "response header added (info)",
        lambda d: d["components"]["responses"]["NotFound"].__setitem__(
            "headers", {"X-Request-Id": {"schema": {"type": "string"}}}
        ),
        None,
        {(I, "response-header-added", "$.components.responses.NotFound.headers['X-Request-Id']")},
    ),
    (
        "response content type replaced",
        lambda d: replace_media_type(op(d, "/orders/{order_id}")["responses"]["200"], "application/vnd.cubicasa+json"),
        None,
        {
            (B, "response-media-type-removed", OK_200 + ".content['application/json']"),
            (B, "response-media-type-added", OK_200 + ".content['application/vnd.cubicasa+json']"),
        },
    ),
    (
        "5XX may now be an HTML page (breaks openapi-fetch's narrowing, and JSON-only parsers)",
        html_5xx,
        None,
        {(B, "response-media-type-added", SERVER_ERROR_HTML)},
    ),
    (
        "issue 26: 5XX describes only its JSON body, which is still described (info)",
        lambda d: None,
        html_5xx,
        {(I, "response-media-type-removed", SERVER_ERROR_HTML)},
    ),
    (
        "issue 26: package_type no longer required in a purchase (wire-compatible; reorders attrs classes)",
        lambda d: None,
        lambda d: schemas(d)["UpgradeOrderRequest"].__setitem__("required", ["package_type", "add_ons"]),
        {(G, "request-property-became-optional", "$.components.schemas.UpgradeOrderRequest.properties.package_type")},
    ),
    (
        "response field removed",
        lambda d: schemas(d)["OrderInfo"]["properties"].pop("external_id"),
        None,
        {(B, "response-property-removed", "$.components.schemas.OrderInfo.properties.external_id")},
    ),
    (
        "response field no longer required",
        lambda d: schemas(d)["Order"].__setitem__("required", ["id"]),
        None,
        {(B, "response-property-became-optional", "$.components.schemas.Order.properties.info")},
    ),
    (
        "response field now required (info)",
        lambda d: schemas(d)["Order"]["required"].append("address"),
        None,
        {(I, "response-property-became-required", "$.components.schemas.Order.properties.address")},
    ),
    (
        "response field added (info)",
        lambda d: schemas(d)["OrderInfo"]["properties"].__setitem__("updated_at", {"type": "number"}),
        None,
        {(I, "response-property-added", "$.components.schemas.OrderInfo.properties.updated_at")},
    ),
    (
        "response timestamp becomes an ISO string",
        lambda d: schemas(d)["OrderInfo"]["properties"]["first_delivered_at"].update(type="string", format="date-time"),
        None,
        {
            (B, "response-type-changed", "$.components.schemas.OrderInfo.properties.first_delivered_at"),
            (B, "format-changed", "$.components.schemas.OrderInfo.properties.first_delivered_at"),
        },
    ),
    (
        "response field may now be null",
        lambda d: schemas(d)["OrderInfo"]["properties"]["created_at"].__setitem__("type", ["number", "null"]),
        None,
        {(B, "response-type-changed", "$.components.schemas.OrderInfo.properties.created_at")},
    ),
    (
        "nullable response field never null any more (info)",
        lambda d: schemas(d)["Order"]["properties"].__setitem__(
            "delivery_assets", {"$ref": "#/components/schemas/DeliveryAssets"}
        ),
        None,
        {(I, "response-type-narrowed", "$.components.schemas.Order.properties.delivery_assets")},
    ),
    (
        "response uri format dropped (info: no generated type changes)",
        lambda d: schemas(d)["Tour"]["properties"]["link"].pop("format"),
        None,
        {(I, "format-changed", "$.components.schemas.Tour.properties.link")},
    ),
    (
        "response enum gains a value; OrderStatus is also a query filter (info there)",
        lambda d: schemas(d)["OrderStatus"]["enum"].append("Archived"),
        None,
        {
            (C, "response-enum-widened", "$.components.schemas.OrderStatus"),
            (I, "request-enum-widened", "$.components.schemas.OrderStatus"),
        },
    ),
    (
        "webhook payload enum gains a value: the payload is received, so closed-enum",
        lambda d: schemas(d)["DeliveryType"]["enum"].append("fix"),
        None,
        {(C, "response-enum-widened", "$.components.schemas.DeliveryType")},
    ),
    (
        "response enum opened up to any string",
        lambda d: schemas(d)["DeliveryType"].pop("enum"),
        None,
        {(C, "response-enum-widened", "$.components.schemas.DeliveryType")},
    ),
    (
        "webhook payload gains a required field: received, so info",
        lambda d: (
            schemas(d)["OrderStatusEvent"]["properties"].__setitem__("company_id", {"type": "string"}),
            schemas(d)["OrderStatusEvent"]["required"].append("company_id"),
        ),
        None,
        {(I, "response-property-added", "$.components.schemas.OrderStatusEvent.properties.company_id")},
    ),
    (
        "referenced schema renamed",
        lambda d: rename_schema(d, "Address", "PropertyAddress"),
        None,
        {(G, "schema-renamed", "$.components.schemas.Order.properties.address")},
    ),
    (
        "an enum use opened (0.3.0's plain $ref -> anyOf [Enum, string]): one finding, at the use",
        lambda d: None,
        lambda d: schemas(d)["OrderInfo"]["properties"].__setitem__(
            "status", {"$ref": "#/components/schemas/OrderStatus"}
        ),
        {(B, "response-enum-opened", "$.components.schemas.OrderInfo.properties.status")},
    ),
    (
        "a request enum use opened: info",
        lambda d: None,
        lambda d: schemas(d)["AddUserRequest"]["properties"].__setitem__(
            "role", {"$ref": "#/components/schemas/UserRole"}
        ),
        {(I, "request-enum-opened", "$.components.schemas.AddUserRequest.properties.role")},
    ),
]
CASE_IDS = [case[0] for case in CASES]


@pytest.mark.parametrize(("mutate_head", "mutate_base", "expected"), [c[1:] for c in CASES], ids=CASE_IDS)
def test_seeded_break_in_the_real_spec(
    sc: ModuleType,
    mutate_head: Mutation,
    mutate_base: Mutation | None,
    expected: set[tuple[str, str, str]],
) -> None:
    base, head = real_spec(), real_spec()
    if mutate_base:
        mutate_base(base)
    mutate_head(head)
    found = {(f.severity, f.rule, f.path) for f in sc.compare(base, head)}
    assert found == expected


def fixture_cases() -> list[Path]:
    return sorted(FIXTURES.glob("*.yaml"))


@pytest.mark.parametrize("case", fixture_cases(), ids=[p.stem for p in fixture_cases()])
def test_seeded_break_in_a_fixture(sc: ModuleType, case: Path) -> None:
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    found = {(f.severity, f.rule, f.path) for f in sc.compare(data["base"], data["head"])}
    assert found == {tuple(item) for item in data["expect"] or []}


def test_every_rule_is_seeded(sc: ModuleType) -> None:
    """Each documented rule fires in at least one seeded case above (so none is dead or untested)."""
    fired: set[str] = set()
    for _, mutate_head, mutate_base, _expected in CASES:
        base, head = real_spec(), real_spec()
        if mutate_base:
            mutate_base(base)
        mutate_head(head)
        fired |= {f.rule for f in sc.compare(base, head)}
    for case in fixture_cases():
        data = yaml.safe_load(case.read_text(encoding="utf-8"))
        fired |= {f.rule for f in sc.compare(data["base"], data["head"])}
    assert set(sc.RULES) - fired == set()


def test_identical_specs_report_nothing(sc: ModuleType) -> None:
    assert sc.compare(real_spec(), real_spec()) == []


def test_key_order_and_yaml_style_are_not_differences(sc: ModuleType) -> None:
    """A reformatted document (keys reordered, flow style) is the same contract."""
    spec = real_spec()
    reordered = yaml.safe_load(yaml.safe_dump(spec, sort_keys=True, default_flow_style=True))
    assert sc.compare(spec, reordered) == []


def test_shared_component_findings_name_every_operation(sc: ModuleType) -> None:
    head = real_spec()
    schemas(head)["OrderInfo"]["properties"].pop("external_id")
    (finding,) = sc.compare(real_spec(), head)
    assert finding.operations == ORDER_READERS


def test_additions_alone_are_not_breaking(sc: ModuleType) -> None:
    head = real_spec()
    schemas(head)["Order"]["properties"]["notes"] = {"type": ["string", "null"]}
    op(head, "/orders")["parameters"].append({"name": "external_id", "in": "query", "schema": {"type": "string"}})
    head["paths"]["/offices"] = {"get": {"operationId": "listOffices", "responses": {"200": {"description": "ok"}}}}
    findings = sc.compare(real_spec(), head)
    assert {f.severity for f in findings} == {"info"}
    assert sc.failing(findings) == []


def test_external_refs_are_refused(sc: ModuleType) -> None:
    head = real_spec()
    schemas(head)["Order"]["properties"]["info"] = {"$ref": "other.yaml#/OrderInfo"}
    with pytest.raises(ValueError, match="bundle the document first"):
        sc.compare(real_spec(), head)


def write(path: Path, doc: Spec) -> Path:
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def test_cli_exit_codes_and_json(sc: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write(tmp_path / "base.yaml", real_spec())
    assert sc.main([str(base), str(base)]) == 0
    assert "No differences." in capsys.readouterr().out

    widened = real_spec()
    schemas(widened)["OrderStatus"]["enum"].append("Archived")
    head = write(tmp_path / "widened.yaml", widened)
    assert sc.main([str(base), str(head)]) == 0  # closed-enum findings do not fail this client's check
    assert sc.main([str(base), str(head), "--fail-on", "closed-enum"]) == 1  # other teams can opt in
    capsys.readouterr()

    broken = copy.deepcopy(widened)
    schemas(broken)["OrderInfo"]["properties"].pop("external_id")
    head = write(tmp_path / "broken.yaml", broken)
    assert sc.main([str(base), str(head), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report[0] == {
        "severity": "breaking",
        "rule": "response-property-removed",
        "path": "$.components.schemas.OrderInfo.properties.external_id",
        "message": "response property `external_id` removed",
        "operations": list(ORDER_READERS),
    }


def test_generated_code_breaks_fail_by_default_and_not_for_wire_only(sc: ModuleType, tmp_path: Path) -> None:
    """A path parameter rename is not on the wire: `--fail-on wire` (hand-written clients) passes it."""
    base = real_spec()
    get_order_by_id(base)
    old, new = write(tmp_path / "base.yaml", base), write(tmp_path / "head.yaml", real_spec())
    assert sc.main([str(old), str(new)]) == 1
    assert sc.main([str(old), str(new), "--fail-on", "wire"]) == 0
    assert sc.main([str(old), str(new), "--fail-on", "closed-enum"]) == 1


def test_every_rule_is_documented_for_other_teams(sc: ModuleType) -> None:
    readme = (ROOT / "openapi" / "README.md").read_text(encoding="utf-8")
    assert [rule for rule in sc.RULES if f"`{rule}`" not in readme] == []

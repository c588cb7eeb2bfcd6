"""Compare two versions of an OpenAPI 3.1 document and report what would break the clients generated from it.

    python tools/spec_compat.py BASE.yaml HEAD.yaml                  # text report; exit 1 on a breaking finding
    python tools/spec_compat.py BASE.yaml HEAD.yaml --format json
    python tools/spec_compat.py BASE.yaml HEAD.yaml --fail-on closed-enum   # for consumers with closed enums

No offline tool handles OpenAPI 3.1 well here (oasdiff cannot be installed, openapi-diff is 3.0-only,
api-schema-diff misses type changes and enum widening), so the project owns this comparer. It walks every
operation of `paths` and `webhooks`, follows `$ref`, `allOf`, `anyOf`/`oneOf` (incl. the nullable form
`anyOf: [$ref, {type: 'null'}]`) and 3.1 type lists, and compares path/query/header parameters, request bodies
and response bodies per status (a range such as `5XX` or `default` covers the codes it matches).

What counts as breaking depends on which way the data flows. Data the client *sends* (parameters, request
bodies, and the responses a webhook receiver returns) breaks when the API accepts less: a parameter or field
removed or newly required, a type or enum narrowed. Data the client *receives* (response bodies, and the
payload of a webhook) breaks when the API may send more or other: a field removed or no longer required, a type
changed or widened (e.g. now nullable). A response enum gaining a value has its own severity,
`breaking-for-closed-enum-clients`: it breaks every generated client whose enums are closed (most of them), but
not this project's Python client, whose enums are open. Renaming an operationId, a path parameter or a
referenced schema is not on the wire but changes generated names: `breaking-for-generated-code`. A response
content type that is added is breaking (the API may send a body clients do not expect); one that is removed is
`info` while another one is still described. Additions are reported as `info`.

Every finding has a severity, a rule id, a JSONPath into the document where the difference is, a message and
the operations it affects. Findings in shared components are reported once, with every operation they reach.
The rules are documented in openapi/README.md ("What counts as breaking").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BREAKING = "breaking"
# Not on the wire: the same requests and responses, but the names generated code is written with change (an
# operationId, a path parameter, a component). A hand-written HTTP client keeps working; a generated one must be
# regenerated and its callers renamed.
GENERATED = "breaking-for-generated-code"
CLOSED_ENUM = "breaking-for-closed-enum-clients"
INFO = "info"
SEVERITIES = (BREAKING, GENERATED, CLOSED_ENUM, INFO)

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Formats that change the generated type (openapi-python-client, openapi-generator): a change in any other
# format (uri, email, ...) is reported as info.
TYPED_FORMATS = frozenset({"date", "date-time", "time", "duration", "uuid", "binary", "byte", "decimal"})

# Every rule the comparer reports, with the severity it has where the client sends the data (requests) and where
# it receives it (responses, webhook payloads). tests/unit/tools/test_spec_compat.py seeds a break for each one.
RULES: dict[str, str] = {
    "operation-removed": "an operation (path + method, or webhook) is gone",
    "operation-added": "a new operation (info)",
    "operation-id-changed": "operationId renamed: the generated function/method is renamed",
    "parameter-removed": "a path, query or header parameter is gone",
    "parameter-added-required": "a new required parameter",
    "parameter-added": "a new optional parameter (info)",
    "parameter-became-required": "an optional parameter became required",
    "parameter-became-optional": "a required parameter became optional (breaking only for webhook parameters)",
    "parameter-serialization-changed": "`style`/`explode` changed: the value is written differently on the wire",
    "path-parameter-renamed": "a path parameter renamed: not on the wire, but the generated argument is renamed",
    "request-body-removed": "the request body is gone",
    "request-body-added-required": "a required request body where there was none",
    "request-body-added": "an optional request body where there was none (info)",
    "request-body-became-required": "an optional request body became required",
    "request-media-type-removed": "a request content type is no longer accepted",
    "request-media-type-added": "a request content type is accepted too (info)",
    "response-media-type-removed": "a response content type is no longer described (info while another remains)",
    "response-media-type-added": "a new response content type: clients may receive a body they do not expect",
    "response-removed": "a response status (or range) is gone and no range or default covers it",
    "response-added": "a new response status (info)",
    "response-header-removed": "a response header is no longer described",
    "response-header-added": "a new response header (info)",
    "request-property-removed": "a request body field is gone (generated constructors lose an argument)",
    "request-property-added-required": "a new required request body field",
    "request-property-added": "a new optional request body field (info)",
    "request-property-became-required": "an optional request body field became required",
    "request-property-became-optional": "a required request body field became optional: compatible on the wire,"
    " but generated constructors that take required fields first (openapi-python-client) reorder their arguments",
    "response-property-removed": "a response field is gone",
    "response-property-added": "a new response field (info)",
    "response-property-became-optional": "a required response field may now be absent",
    "response-property-became-required": "a response field is now always present (info)",
    "request-type-narrowed": "a request value accepts fewer types (e.g. no longer null)",
    "request-type-widened": "a request value accepts more types (info)",
    "request-type-changed": "a request value's type was replaced",
    "response-type-changed": "a response value may have another type, or may now be null",
    "response-type-narrowed": "a response value has fewer possible types (info)",
    "request-enum-narrowed": "a request enum lost values, or a request value became an enum",
    "request-enum-widened": "a request enum gained values (info)",
    "response-enum-widened": "a response enum gained values: breaks clients with closed enums (not this one)",
    "response-enum-narrowed": "a response enum lost values (info)",
    "format-changed": "`format` changed; breaking when it changes the generated type (date-time, uuid, ...)",
    "schema-renamed": "a `$ref` now points to another component: the generated type is renamed",
    "request-object-closed": "`additionalProperties: false` on a request object: unknown keys are rejected",
    "request-variant-removed": "a request union (anyOf/oneOf) lost a variant",
    "request-variant-added": "a request union gained a variant (info)",
    "response-variant-removed": "a response union lost a variant (info)",
    "response-variant-added": "a response union gained a variant",
    "response-enum-opened": "an enum use became `anyOf: [Enum, string]`: same on the wire, and clients stop rejecting"
    " new values; generated types change from the enum to a union with string",
    "request-enum-opened": "a request enum use also takes any string (info)",
}

SEND = "request"  # data the client sends
RECEIVE = "response"  # data the client receives

Doc = Mapping[str, Any]


@dataclass(frozen=True)
class Finding:
    severity: str
    rule: str
    path: str
    message: str
    operations: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "rule": self.rule,
            "path": self.path,
            "message": self.message,
            "operations": list(self.operations),
        }


# ---------------------------------------------------------------------------------------------------- paths


def jsonpath(segments: tuple[str, ...]) -> str:
    """`$.paths['/orders'].get.responses['200']`: dotted where the key is a plain name, bracketed otherwise."""
    out = "$"
    for segment in segments:
        if segment.startswith("["):
            out += segment
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", segment):
            out += f".{segment}"
        else:
            out += "['" + segment.replace("\\", "\\\\").replace("'", "\\'") + "']"
    return out


def pointer_segments(ref: str) -> tuple[str, ...]:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $refs are supported (bundle the document first): {ref}")
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in ref[2:].split("/"))


def resolve(doc: Doc, node: Any, where: tuple[str, ...]) -> tuple[Any, tuple[str, ...], str | None]:
    """Follow `$ref` chains: (target, its location, the last component name followed or None)."""
    name = None
    seen: set[str] = set()
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            raise ValueError(f"$ref cycle at {ref}")
        seen.add(ref)
        where = pointer_segments(ref)
        target: Any = doc
        for part in where:
            if not isinstance(target, Mapping) or part not in target:
                raise ValueError(f"unresolvable $ref {ref}")
            target = target[part]
        node, name = target, where[-1]
    return node, where, name


# ---------------------------------------------------------------------------------------------------- schemas


@dataclass
class View:
    """A schema reduced to what the comparison needs, after $ref/allOf/anyOf-with-null are resolved."""

    where: tuple[str, ...]  # where the schema is defined (a component, after following $ref)
    name: str | None = None  # the component it came from, through $ref or a nullable anyOf wrapper
    types: frozenset[str] | None = None  # None: any type
    enum: frozenset[Any] | None = None
    enum_where: tuple[str, ...] = ()
    format: str | None = None
    properties: dict[str, tuple[Any, tuple[str, ...]]] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    items: tuple[Any, tuple[str, ...]] | None = None
    additional: Any = True  # True (open), False (closed) or (schema, location)
    variants: list[tuple[Any, tuple[str, ...], str | None]] = field(default_factory=list)


def _types_of(schema: Mapping[str, Any]) -> frozenset[str] | None:
    declared = schema.get("type")
    if isinstance(declared, str):
        return frozenset({declared})
    if isinstance(declared, list):
        return frozenset(declared)
    if "const" in schema:
        return frozenset({_json_type(schema["const"])})
    if "enum" in schema:
        return frozenset(_json_type(value) for value in schema["enum"])
    if "properties" in schema or "required" in schema:
        return frozenset({"object"})
    if "items" in schema:
        return frozenset({"array"})
    return None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _is_null(schema: Any) -> bool:
    return isinstance(schema, Mapping) and _types_of(schema) == frozenset({"null"})


def view(doc: Doc, node: Any, where: tuple[str, ...]) -> View:
    schema, where, name = resolve(doc, node, where)
    if schema is True or schema is None or schema == {}:
        return View(where, name)
    if schema is False:
        return View(where, name, types=frozenset())
    result = View(
        where,
        name,
        types=_types_of(schema),
        format=schema.get("format"),
        required=frozenset(schema.get("required", ())),
    )
    if "enum" in schema or "const" in schema:
        values = schema["enum"] if "enum" in schema else [schema["const"]]
        result.enum = frozenset(_hashable(v) for v in values if v is not None)
        result.enum_where = where
    for prop_name, prop in (schema.get("properties") or {}).items():
        result.properties[prop_name] = (prop, (*where, "properties", prop_name))
    if "items" in schema:
        result.items = (schema["items"], (*where, "items"))
    extra = schema.get("additionalProperties", True)
    result.additional = extra if isinstance(extra, bool) else (extra, (*where, "additionalProperties"))

    for index, part in enumerate(schema.get("allOf") or ()):
        _merge_all_of(result, view(doc, part, (*where, "allOf", f"[{index}]")))
    for keyword in ("anyOf", "oneOf"):
        branches = [(b, (*where, keyword, f"[{i}]")) for i, b in enumerate(schema.get(keyword) or ())]
        if not branches:
            continue
        nullable = any(_is_null(resolve(doc, b, w)[0]) for b, w in branches)
        others = [(b, w) for b, w in branches if not _is_null(resolve(doc, b, w)[0])]
        if len(others) == 1:  # `anyOf: [X, {type: 'null'}]`: X, nullable
            inner = view(doc, *others[0])
            _merge_all_of(result, inner)
            result.name = result.name or inner.name
        else:
            result.variants.extend((b, w, resolve(doc, b, w)[2]) for b, w in others)
            branch_types = [view(doc, b, w).types for b, w in others]
            if all(t is not None for t in branch_types):
                result.types = frozenset().union(*(t for t in branch_types if t is not None))
        if nullable and result.types is not None:
            result.types = result.types | {"null"}
    return result


def _hashable(value: Any) -> Any:
    return json.dumps(value, sort_keys=True) if isinstance(value, list | dict) else value


def _merge_all_of(into: View, part: View) -> None:
    if part.types is not None:
        into.types = part.types if into.types is None else into.types & part.types
    if part.enum is not None:
        into.enum = part.enum if into.enum is None else into.enum & part.enum
        into.enum_where = into.enum_where or part.enum_where
    into.format = into.format or part.format
    for name, value in part.properties.items():
        into.properties.setdefault(name, value)
    into.required |= part.required
    into.items = into.items or part.items
    if part.additional is False:
        into.additional = False
    into.variants.extend(part.variants)


def _covered(kind: str, types: frozenset[str]) -> bool:
    return kind in types or (kind == "integer" and "number" in types)


def _fmt_types(types: frozenset[str] | None) -> str:
    return "any" if types is None else "[" + ", ".join(sorted(types)) + "]"


def _fmt_values(values: set[Any]) -> str:
    return "[" + ", ".join(sorted(str(v) for v in values)) + "]"


# ---------------------------------------------------------------------------------------------------- comparer


class Comparer:
    def __init__(self, base: Doc, head: Doc) -> None:
        self.base, self.head = base, head
        self._found: dict[tuple[str, str, str, str], set[str]] = {}
        self._operation = ""
        self._seen: set[tuple[Any, ...]] = set()

    # -- reporting
    def report(self, severity: str, rule: str, where: tuple[str, ...], message: str) -> None:
        assert rule in RULES, f"undocumented rule {rule}"
        self._found.setdefault((severity, rule, jsonpath(where), message), set()).add(self._operation)

    def findings(self) -> list[Finding]:
        order = {severity: index for index, severity in enumerate(SEVERITIES)}
        found = [
            Finding(severity, rule, path, message, tuple(sorted(op for op in operations if op)))
            for (severity, rule, path, message), operations in self._found.items()
        ]
        return sorted(found, key=lambda f: (order[f.severity], f.path, f.rule, f.message))

    # -- operations
    def compare(self) -> list[Finding]:
        base_ops, head_ops = dict(self._operations(self.base)), dict(self._operations(self.head))
        for key, (where, op) in base_ops.items():
            self._operation = _label(key, op)
            if key not in head_ops:
                self.report(BREAKING, "operation-removed", where, f"operation {self._operation} removed")
                continue
            head_where, head_op = head_ops[key]
            self._operation = _label(key, head_op)
            self.compare_operation(key, where, op, head_where, head_op)
        for key, (where, op) in head_ops.items():
            if key not in base_ops:
                self._operation = _label(key, op)
                self.report(INFO, "operation-added", where, f"operation {self._operation} added")
        return self.findings()

    @staticmethod
    def _operations(doc: Doc) -> Iterator[tuple[tuple[str, str, str], tuple[tuple[str, ...], dict[str, Any]]]]:
        """(kind, normalised path or webhook name, method) -> (location, operation with its path-level params)."""
        for section, kind in (("paths", "path"), ("webhooks", "webhook")):
            for name, item in (doc.get(section) or {}).items():
                item, item_where, _ = resolve(doc, item, (section, name))
                for method in METHODS:
                    if method in item:
                        op = dict(item[method])
                        op["x-path-parameters"] = (item.get("parameters") or [], (*item_where, "parameters"))
                        key_name = re.sub(r"\{[^}]*\}", "{}", name) if kind == "path" else name
                        yield (kind, key_name, method), ((*item_where, method), op)

    def compare_operation(
        self,
        key: tuple[str, str, str],
        b_where: tuple[str, ...],
        b_op: dict[str, Any],
        h_where: tuple[str, ...],
        h_op: dict[str, Any],
    ) -> None:
        if b_op.get("operationId") != h_op.get("operationId"):
            self.report(
                GENERATED,
                "operation-id-changed",
                (*h_where, "operationId"),
                f"operationId {b_op.get('operationId')} renamed to {h_op.get('operationId')} "
                "(renames the generated function or method)",
            )
        # Webhooks flow the other way: CubiCasa sends the request body and the receiver sends the responses.
        sends, receives = (RECEIVE, SEND) if key[0] == "webhook" else (SEND, RECEIVE)
        self.compare_parameters(b_op, h_op, b_where, h_where, sends)
        self.compare_request_body(b_op, h_op, b_where, h_where, sends)
        self.compare_responses(b_op, h_op, b_where, h_where, receives)

    # -- parameters
    def _parameters(
        self, doc: Doc, op: dict[str, Any], where: tuple[str, ...]
    ) -> dict[tuple[str, str], tuple[Any, tuple[str, ...]]]:
        """(in, name) -> (parameter, location); operation-level parameters override path-level ones.

        Path parameters are keyed by their place in the path template instead of their name: the name never
        reaches the wire, so a rename is reported as such rather than as a removal plus an addition.
        """
        path_level, path_where = op["x-path-parameters"]
        template = re.findall(r"\{([^}]*)\}", op.get("x-template", ""))
        params: dict[tuple[str, str], tuple[Any, tuple[str, ...]]] = {}
        for items, items_where in ((path_level, path_where), (op.get("parameters") or [], (*where, "parameters"))):
            for raw in items:
                inline = (*items_where, f"[?(@.name=='{raw.get('name')}')]")
                param, param_where, _ = resolve(doc, raw, inline)
                name, location = str(param.get("name")), str(param.get("in"))
                if location == "path":
                    key = ("path", f"#{template.index(name)}" if name in template else name)
                else:
                    key = (location, name.lower() if location == "header" else name)
                params[key] = (param, param_where)
        return params

    def compare_parameters(
        self,
        b_op: dict[str, Any],
        h_op: dict[str, Any],
        b_where: tuple[str, ...],
        h_where: tuple[str, ...],
        direction: str,
    ) -> None:
        base = self._parameters(self.base, b_op, b_where)
        head = self._parameters(self.head, h_op, h_where)
        for key, (param, where) in base.items():
            label = f"{param.get('in')} parameter `{param.get('name')}`"
            if key not in head:
                self.report(BREAKING, "parameter-removed", where, f"{label} removed")
                continue
            h_param, h_where_p = head[key]
            if key[0] == "path" and param.get("name") != h_param.get("name"):
                self.report(
                    GENERATED,
                    "path-parameter-renamed",
                    h_where_p,
                    f"path parameter `{param.get('name')}` renamed to `{h_param.get('name')}` "
                    "(not on the wire, but renames the argument of generated functions)",
                )
            was, now = bool(param.get("required")), bool(h_param.get("required"))
            if not was and now:
                severity = BREAKING if direction == SEND else INFO
                self.report(severity, "parameter-became-required", h_where_p, f"{label} became required")
            elif was and not now:
                severity = INFO if direction == SEND else BREAKING
                self.report(severity, "parameter-became-optional", h_where_p, f"{label} became optional")
            for attribute in ("style", "explode"):
                if param.get(attribute) != h_param.get(attribute):
                    self.report(
                        BREAKING,
                        "parameter-serialization-changed",
                        h_where_p,
                        f"{label}: `{attribute}` changed from {param.get(attribute)} to {h_param.get(attribute)} "
                        "(changes how the value is written on the wire)",
                    )
            self.compare_schema(
                param.get("schema"), (*where, "schema"), h_param.get("schema"), (*h_where_p, "schema"), direction
            )
        for key, (param, where) in head.items():
            if key not in base:
                label = f"{param.get('in')} parameter `{param.get('name')}`"
                if param.get("required") and direction == SEND:
                    self.report(BREAKING, "parameter-added-required", where, f"required {label} added")
                else:
                    self.report(INFO, "parameter-added", where, f"optional {label} added")

    # -- bodies
    def compare_request_body(
        self,
        b_op: dict[str, Any],
        h_op: dict[str, Any],
        b_where: tuple[str, ...],
        h_where: tuple[str, ...],
        direction: str,
    ) -> None:
        if "requestBody" not in b_op and "requestBody" not in h_op:
            return
        if "requestBody" not in h_op:
            self.report(BREAKING, "request-body-removed", (*b_where, "requestBody"), "request body removed")
            return
        h_body, h_body_where, _ = resolve(self.head, h_op["requestBody"], (*h_where, "requestBody"))
        if "requestBody" not in b_op:
            if h_body.get("required") and direction == SEND:
                self.report(BREAKING, "request-body-added-required", h_body_where, "required request body added")
            else:
                self.report(INFO, "request-body-added", h_body_where, "optional request body added")
            return
        b_body, b_body_where, _ = resolve(self.base, b_op["requestBody"], (*b_where, "requestBody"))
        if not b_body.get("required") and h_body.get("required") and direction == SEND:
            self.report(BREAKING, "request-body-became-required", h_body_where, "request body became required")
        self.compare_content(b_body, b_body_where, h_body, h_body_where, direction, "request body")

    def compare_content(
        self,
        base: Mapping[str, Any],
        b_where: tuple[str, ...],
        head: Mapping[str, Any],
        h_where: tuple[str, ...],
        direction: str,
        what: str,
    ) -> None:
        b_content, h_content = base.get("content") or {}, head.get("content") or {}
        # Data the client receives breaks when the API may send another kind of body (a media type added), not
        # when it describes fewer, as long as one the client already parses remains: a TypeScript `data`/`error`
        # union only narrows. What the client sends breaks when the API accepts fewer.
        kept = b_content.keys() & h_content.keys()
        for media, b_media in b_content.items():
            if media not in h_content:
                receiving = direction == RECEIVE and bool(kept)
                still = f" ({', '.join(sorted(kept))} still described)" if receiving else ""
                self.report(
                    INFO if receiving else BREAKING,
                    f"{direction}-media-type-removed",
                    (*b_where, "content", media),
                    f"{what}: media type {media} removed{still}",
                )
                continue
            self.compare_schema(
                b_media.get("schema"),
                (*b_where, "content", media, "schema"),
                h_content[media].get("schema"),
                (*h_where, "content", media, "schema"),
                direction,
            )
        for media in sorted(h_content.keys() - b_content.keys()):
            receiving = direction == RECEIVE
            self.report(
                BREAKING if receiving else INFO,
                f"{direction}-media-type-added",
                (*h_where, "content", media),
                f"{what}: media type {media} added" + (" (clients may receive a body they do not expect)" * receiving),
            )

    # -- responses
    @staticmethod
    def _covering(code: str, responses: Mapping[str, Any]) -> str | None:
        if code in responses:
            return code
        if re.fullmatch(r"\d{3}", code) and f"{code[0]}XX" in responses:
            return f"{code[0]}XX"
        return "default" if "default" in responses else None

    def compare_responses(
        self,
        b_op: dict[str, Any],
        h_op: dict[str, Any],
        b_where: tuple[str, ...],
        h_where: tuple[str, ...],
        direction: str,
    ) -> None:
        base, head = b_op.get("responses") or {}, h_op.get("responses") or {}
        base, head = (
            {str(k).upper() if k != "default" else k: v for k, v in base.items()},
            {str(k).upper() if k != "default" else k: v for k, v in head.items()},
        )
        for code, b_raw in base.items():
            covering = self._covering(code, head)
            if covering is None:
                self.report(BREAKING, "response-removed", (*b_where, "responses", code), f"response {code} removed")
                continue
            self.compare_response(
                code,
                b_raw,
                (*b_where, "responses", code),
                covering,
                head[covering],
                (*h_where, "responses", covering),
                direction,
            )
        for code, h_raw in head.items():
            if code in base:
                continue
            covering = self._covering(code, base)
            if covering is None:
                self.report(INFO, "response-added", (*h_where, "responses", code), f"response {code} added")
            else:
                self.compare_response(
                    covering,
                    base[covering],
                    (*b_where, "responses", covering),
                    code,
                    h_raw,
                    (*h_where, "responses", code),
                    direction,
                )

    def compare_response(
        self,
        b_code: str,
        b_raw: Any,
        b_where: tuple[str, ...],
        h_code: str,
        h_raw: Any,
        h_where: tuple[str, ...],
        direction: str,
    ) -> None:
        b_resp, b_where, _ = resolve(self.base, b_raw, b_where)
        h_resp, h_where, _ = resolve(self.head, h_raw, h_where)
        what = f"response {h_code}" if b_code == h_code else f"response {b_code} (now under {h_code})"
        self.compare_content(b_resp, b_where, h_resp, h_where, direction, what)
        # Header names are case-insensitive: matched lower-cased, reported as the document spells them.
        b_headers = {k.lower(): k for k in b_resp.get("headers") or {}}
        h_headers = {k.lower(): k for k in h_resp.get("headers") or {}}
        for name in sorted(b_headers.keys() - h_headers.keys()):
            severity = BREAKING if direction == RECEIVE else INFO
            header = b_headers[name]
            self.report(
                severity, "response-header-removed", (*b_where, "headers", header), f"{what}: header {header} removed"
            )
        for name in sorted(h_headers.keys() - b_headers.keys()):
            header = h_headers[name]
            self.report(INFO, "response-header-added", (*h_where, "headers", header), f"{what}: header {header} added")

    # -- schemas
    def compare_schema(
        self, b_node: Any, b_where: tuple[str, ...], h_node: Any, h_where: tuple[str, ...], direction: str
    ) -> None:
        if b_node is None and h_node is None:
            return
        old, new = view(self.base, b_node, b_where), view(self.head, h_node, h_where)
        b_loc, h_loc = old.where, new.where
        visit = (b_loc, h_loc, direction, self._operation)
        if visit in self._seen:  # once per operation, and no endless walk through recursive schemas
            return
        self._seen.add(visit)
        if old.name and new.name and old.name != new.name:
            self.report(
                GENERATED,
                "schema-renamed",
                h_where,
                f"schema {old.name} replaced by {new.name} (renames the generated type)",
            )
        self._compare_types(old, new, h_where, h_loc, direction)
        if not _enum_opened(old, new):  # an opened enum's values are not dropped: it is reported once, below
            self._compare_enums(old, new, new.enum_where or old.enum_where or h_loc, direction)
        if old.format != new.format:
            typed = {old.format, new.format} & TYPED_FORMATS
            self.report(
                BREAKING if typed else INFO,
                "format-changed",
                h_loc,
                f"format changed from {old.format} to {new.format}"
                + (" (changes the generated type)" if typed else ""),
            )
        self._compare_properties(old, new, b_loc, h_loc, direction)
        if old.items and new.items:
            self.compare_schema(old.items[0], old.items[1], new.items[0], new.items[1], direction)
        self._compare_additional(old, new, h_loc, direction)
        self._compare_variants(old, new, h_loc, direction)

    def _compare_types(
        self, old: View, new: View, use_site: tuple[str, ...], definition: tuple[str, ...], direction: str
    ) -> None:
        """Type changes, reported where the schema is defined; a change of nullability only, at the use site
        (`anyOf: [$ref, {type: 'null'}]` makes one use nullable, not the referenced component)."""
        if old.types == new.types:
            return
        change = f"type {_fmt_types(old.types)} -> {_fmt_types(new.types)}"
        if old.types is not None and new.types is not None and old.types ^ new.types == {"null"}:
            now_null = "null" in new.types
            if direction == RECEIVE:
                severity, rule = (BREAKING, "response-type-changed") if now_null else (INFO, "response-type-narrowed")
                message = f"{change}: may now be null" if now_null else f"{change}: never null any more"
            else:
                severity, rule = (INFO, "request-type-widened") if now_null else (BREAKING, "request-type-narrowed")
                message = f"{change}: now accepts null" if now_null else f"{change}: no longer accepts null"
            self.report(severity, rule, use_site, message)
            return
        if old.types is None or new.types is None:
            wider = new.types is None
        else:
            gained = {t for t in new.types if not _covered(t, old.types)}
            lost = {t for t in old.types if not _covered(t, new.types)}
            if not gained and not lost:
                return
            if gained and lost:
                self.report(BREAKING, f"{direction}-type-changed", definition, change)
                return
            wider = bool(gained)
        if direction == RECEIVE:
            severity, rule = (BREAKING, "response-type-changed") if wider else (INFO, "response-type-narrowed")
        else:
            severity, rule = (INFO, "request-type-widened") if wider else (BREAKING, "request-type-narrowed")
        self.report(severity, rule, definition, change)

    def _compare_enums(self, old: View, new: View, where: tuple[str, ...], direction: str) -> None:
        if old.enum == new.enum:
            return
        if direction == RECEIVE:
            if new.enum is None:
                self.report(
                    CLOSED_ENUM,
                    "response-enum-widened",
                    where,
                    f"response enum {_fmt_values(set(old.enum or ()))} dropped: any value may now be sent",
                )
                return
            gained = new.enum - (old.enum or frozenset()) if old.enum is not None else set()
            if old.enum is None:
                self.report(
                    INFO,
                    "response-enum-narrowed",
                    where,
                    f"response values now limited to {_fmt_values(set(new.enum))}",
                )
                return
            lost = old.enum - new.enum
            if gained:
                self.report(
                    CLOSED_ENUM, "response-enum-widened", where, f"response enum gained {_fmt_values(set(gained))}"
                )
            if lost:
                self.report(INFO, "response-enum-narrowed", where, f"response enum lost {_fmt_values(set(lost))}")
            return
        if new.enum is None:
            self.report(INFO, "request-enum-widened", where, "request enum dropped: any value is accepted")
            return
        if old.enum is None:
            self.report(
                BREAKING, "request-enum-narrowed", where, f"request values now limited to {_fmt_values(set(new.enum))}"
            )
            return
        lost, gained = old.enum - new.enum, new.enum - old.enum
        if lost:
            self.report(BREAKING, "request-enum-narrowed", where, f"request enum lost {_fmt_values(set(lost))}")
        if gained:
            self.report(INFO, "request-enum-widened", where, f"request enum gained {_fmt_values(set(gained))}")

    def _compare_properties(
        self, old: View, new: View, b_loc: tuple[str, ...], h_loc: tuple[str, ...], direction: str
    ) -> None:
        names = set(old.properties) | set(new.properties) | old.required | new.required
        for name in sorted(names):
            in_old = name in old.properties or name in old.required
            in_new = name in new.properties or name in new.required
            was_required, now_required = name in old.required, name in new.required
            b_prop = old.properties.get(name, (None, (*b_loc, "properties", name)))
            h_prop = new.properties.get(name, (None, (*h_loc, "properties", name)))
            if in_old and not in_new:
                self.report(
                    BREAKING, f"{direction}-property-removed", b_prop[1], f"{direction} property `{name}` removed"
                )
                continue
            if in_new and not in_old:
                if direction == SEND and now_required:
                    self.report(
                        BREAKING,
                        "request-property-added-required",
                        h_prop[1],
                        f"required request property `{name}` added",
                    )
                else:
                    kind = "required" if now_required else "optional"
                    self.report(
                        INFO, f"{direction}-property-added", h_prop[1], f"{kind} {direction} property `{name}` added"
                    )
                continue
            if not was_required and now_required:
                severity = BREAKING if direction == SEND else INFO
                self.report(
                    severity,
                    f"{direction}-property-became-required",
                    h_prop[1],
                    f"{direction} property `{name}` became required",
                )
            elif was_required and not now_required:
                # Sent: the API accepts more, nothing changes on the wire. But generated model classes list the
                # required fields first (openapi-python-client's attrs classes do; griffe does not see it), so
                # the field moves behind them and a positional constructor call passes values to the wrong one.
                severity = GENERATED if direction == SEND else BREAKING
                why = (
                    "(clients may leave it out; not on the wire, but generated constructors that take required "
                    "fields first move it behind them)"
                    if direction == SEND
                    else "(may be absent)"
                )
                self.report(
                    severity,
                    f"{direction}-property-became-optional",
                    h_prop[1],
                    f"{direction} property `{name}` became optional {why}",
                )
            if b_prop[0] is not None or h_prop[0] is not None:
                self.compare_schema(b_prop[0], b_prop[1], h_prop[0], h_prop[1], direction)

    def _compare_additional(self, old: View, new: View, where: tuple[str, ...], direction: str) -> None:
        if isinstance(old.additional, tuple) and isinstance(new.additional, tuple):
            self.compare_schema(old.additional[0], old.additional[1], new.additional[0], new.additional[1], direction)
            return
        if old.additional is not False and new.additional is False and direction == SEND:
            self.report(
                BREAKING,
                "request-object-closed",
                where,
                "additionalProperties: false added (unknown keys are now rejected)",
            )

    def _compare_variants(self, old: View, new: View, where: tuple[str, ...], direction: str) -> None:
        if not old.variants and not new.variants:
            return
        if _enum_opened(old, new):
            self.report(
                BREAKING if direction == RECEIVE else INFO,
                f"{direction}-enum-opened",
                where,
                f"`{old.name}` is open here: any string is valid, the listed values stay known (generated types change"
                " from the enum to a union with string; nothing changes on the wire)",
            )
            return

        def keyed(variants: list[tuple[Any, tuple[str, ...], str | None]]) -> dict[str, tuple[Any, tuple[str, ...]]]:
            return {name or f"#{i}": (node, loc) for i, (node, loc, name) in enumerate(variants)}

        b_variants, h_variants = keyed(old.variants), keyed(new.variants)
        for key, (node, loc) in b_variants.items():
            if key in h_variants:
                self.compare_schema(node, loc, h_variants[key][0], h_variants[key][1], direction)
            else:
                severity = BREAKING if direction == SEND else INFO
                self.report(severity, f"{direction}-variant-removed", where, f"{direction} union lost variant {key}")
        for key in h_variants.keys() - b_variants.keys():
            severity = BREAKING if direction == RECEIVE else INFO
            self.report(severity, f"{direction}-variant-added", where, f"{direction} union gained variant {key}")


def _enum_opened(old: View, new: View) -> bool:
    """`$ref: Enum` that became `anyOf: [$ref: Enum, {type: string}]`, the open-enum form (openapi/README.md)."""
    if old.variants or old.enum is None or old.name is None or len(new.variants) != 2:
        return False
    named = [node for node, _loc, name in new.variants if name == old.name]
    plain = [node for node, _loc, name in new.variants if name is None]
    return len(named) == 1 and len(plain) == 1 and plain[0].get("type") == "string" and "enum" not in plain[0]


def _label(key: tuple[str, str, str], op: Mapping[str, Any]) -> str:
    kind, name, method = key
    op_id = op.get("operationId", "?")
    if kind == "webhook":
        return f"webhook {name} {method.upper()} ({op_id})"
    return f"{method.upper()} {op.get('x-path', name)} ({op_id})"


# ---------------------------------------------------------------------------------------------------- API


def compare(base: Doc, head: Doc) -> list[Finding]:
    """Every difference between two OpenAPI documents, breaking first."""
    return Comparer(_annotate(base), _annotate(head)).compare()


def _annotate(doc: Doc) -> dict[str, Any]:
    """A shallow copy whose operations know their path template (for labels and path-parameter order)."""
    out = dict(doc)
    for section in ("paths", "webhooks"):
        items = {}
        for name, item in (doc.get(section) or {}).items():
            if isinstance(item, Mapping) and "$ref" not in item:
                item = {
                    k: ({**v, "x-path": name, "x-template": name} if k in METHODS and isinstance(v, Mapping) else v)
                    for k, v in item.items()
                }
            items[name] = item
        if section in doc:
            out[section] = items
    return out


def load(path: Path) -> dict[str, Any]:
    import yaml

    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def render_text(findings: list[Finding]) -> str:
    if not findings:
        return "No differences."
    lines = []
    for f in findings:
        lines.append(f"{f.severity.upper():<33} {f.rule:<34} {f.path}")
        lines.append(f"    {f.message}")
        if f.operations:
            lines.append(f"    affects: {', '.join(f.operations)}")
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    lines.append(", ".join(f"{n} {s}" for s, n in counts.items()))
    return "\n".join(lines)


FAIL_ON = {
    "wire": {BREAKING},
    "breaking": {BREAKING, GENERATED},
    "closed-enum": {BREAKING, GENERATED, CLOSED_ENUM},
}


def failing(findings: list[Finding], fail_on: str = "breaking") -> list[Finding]:
    return [f for f in findings if f.severity in FAIL_ON[fail_on]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", type=Path, help="the older document (e.g. from the last release)")
    parser.add_argument("head", type=Path, help="the newer document")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument(
        "--fail-on",
        choices=sorted(FAIL_ON),
        default="breaking",
        help="exit 1 on `breaking` and `breaking-for-generated-code` findings (default), only on `breaking` "
        "(wire: for hand-written clients), or also on `breaking-for-closed-enum-clients` ones",
    )
    args = parser.parse_args(argv)
    findings = compare(load(args.base), load(args.head))
    if args.format == "json":
        print(json.dumps([f.as_dict() for f in findings], indent=2))
    else:
        print(render_text(findings))
    return 1 if failing(findings, args.fail_on) else 0


if __name__ == "__main__":
    sys.exit(main())

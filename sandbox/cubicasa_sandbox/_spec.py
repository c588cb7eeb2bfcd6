"""The OpenAPI document as the sandbox uses it: where it is read from, its operations, and request validation.

Where the spec comes from: the wheel carries `openapi/cubicasa-integrate-v3.yaml` as the package resource
`cubicasa_sandbox/_openapi/cubicasa-integrate-v3.yaml` (the build hook sandbox/hatch_build.py puts it there), read
with importlib.resources. An editable install (`pip install -e ./sandbox`, what `make venv` does) maps the package
to `sandbox/cubicasa_sandbox`, which holds no copy: the loader then falls back to `openapi/` in the checkout.
Nothing is copied by hand, so the sandbox can never serve a stale spec.

Request validation uses jsonschema (Draft 2020-12, the dialect of OpenAPI 3.1) against the schemas of the
document itself, and reports failures in the documented 400 body
`{"validation_error": {"body_params"|"query_params"|"path_params": [{"loc": [...], "msg": ..., "type": ...}]}}`.
The one message ever captured from CubiCasa is pydantic v1's "str type expected" for `["info"]`; the sandbox uses
pydantic v1 wording for the other messages too. The wording of those other messages is the sandbox's own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

__all__ = [
    "BASE_PATH",
    "SPEC_RESOURCE",
    "ErrorItem",
    "Operation",
    "RequestValidator",
    "SpecIndex",
    "spec_bytes",
    "spec_document",
    "spec_path",
    "validation_error_body",
]

BASE_PATH = "/api/integrate/v3"
"""Path of the production server URL (`servers[0].url`); every operation is served under it."""
SPEC_FILENAME = "cubicasa-integrate-v3.yaml"
SPEC_RESOURCE = ("_openapi", SPEC_FILENAME)
"""Where the wheel puts the spec inside the `cubicasa_sandbox` package (sandbox/hatch_build.py)."""
_SPEC_URI = "urn:cubicasa-integrate:openapi"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

Location = Literal["body_params", "query_params", "path_params"]


def spec_path() -> Path | None:
    """The checkout's `openapi/` copy when running from an editable install or the source tree, else None."""
    candidate = Path(__file__).resolve().parents[2] / "openapi" / SPEC_FILENAME
    return candidate if candidate.is_file() else None


@cache
def spec_bytes() -> bytes:
    """The exact bytes of the OpenAPI document: the packaged resource, else the checkout's file."""
    resource = files("cubicasa_sandbox").joinpath(*SPEC_RESOURCE)
    if resource.is_file():
        return resource.read_bytes()
    path = spec_path()
    if path is None:
        raise FileNotFoundError(
            f"{SPEC_FILENAME} is neither packaged (cubicasa_sandbox/{'/'.join(SPEC_RESOURCE)}) nor in a checkout"
        )
    return path.read_bytes()


@cache
def spec_document() -> Mapping[str, Any]:
    """The parsed spec. Cached and shared: never mutate it."""
    loaded = yaml.safe_load(spec_bytes())
    if not isinstance(loaded, dict):
        raise ValueError(f"{SPEC_FILENAME} is not a mapping")
    return loaded


@dataclass(frozen=True)
class ErrorItem:
    """One entry of a documented 400 body."""

    location: Location
    loc: tuple[str | int, ...]
    msg: str
    type: str

    def to_dict(self) -> dict[str, Any]:
        return {"loc": list(self.loc), "msg": self.msg, "type": self.type}


def validation_error_body(items: Iterable[ErrorItem]) -> dict[str, Any]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        grouped.setdefault(item.location, []).append(item.to_dict())
    return {"validation_error": grouped}


@dataclass(frozen=True)
class QueryParameter:
    name: str
    required: bool
    pointer: str
    """JSON pointer of the parameter's schema inside the spec."""
    is_array: bool
    item_type: str | None


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    """Upper case, e.g. "POST"."""
    path: str
    """The spec's path template, e.g. `/orders/{order_id}/post-purchase`."""
    regex: re.Pattern[str] = field(repr=False)
    query: tuple[QueryParameter, ...] = ()
    body_pointer: str | None = None
    body_required: bool = False
    secured: bool = True

    def match(self, path: str) -> dict[str, str] | None:
        found = self.regex.fullmatch(path)
        return None if found is None else found.groupdict()


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _deref(document: Mapping[str, Any], node: Any) -> Any:
    while isinstance(node, Mapping) and "$ref" in node:
        reference = str(node["$ref"])
        if not reference.startswith("#/"):
            raise ValueError(f"only local references are supported: {reference}")
        target: Any = document
        for token in reference[2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _path_regex(template: str) -> re.Pattern[str]:
    pattern = ""
    for literal, name in re.findall(r"([^{]*)(?:\{([^}]+)\})?", template):
        pattern += re.escape(literal)
        if name:
            pattern += f"(?P<{name}>[^/]+)"
    return re.compile(pattern)


class SpecIndex:
    """The spec's operations, matched by method and path (relative to BASE_PATH)."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        top_security = document.get("security", [])
        operations: list[Operation] = []
        for path, item in document.get("paths", {}).items():
            shared = list(item.get("parameters", []))
            for method in _METHODS:
                spec_op = item.get(method)
                if spec_op is None:
                    continue
                base = f"#/paths/{_escape(path)}/{method}"
                query: list[QueryParameter] = []
                for index, raw in enumerate([*shared, *spec_op.get("parameters", [])]):
                    parameter = _deref(document, raw)
                    if parameter.get("in") != "query":
                        continue
                    if "$ref" in raw:
                        pointer = str(raw["$ref"]) + "/schema"
                    elif index < len(shared):
                        pointer = f"#/paths/{_escape(path)}/parameters/{index}/schema"
                    else:
                        pointer = f"{base}/parameters/{index - len(shared)}/schema"
                    schema = _deref(document, parameter.get("schema", {}))
                    items = _deref(document, schema.get("items", {})) if schema.get("type") == "array" else None
                    query.append(
                        QueryParameter(
                            name=parameter["name"],
                            required=bool(parameter.get("required", False)),
                            pointer=pointer,
                            is_array=schema.get("type") == "array",
                            item_type=(items or {}).get("type") if items is not None else schema.get("type"),
                        )
                    )
                body = spec_op.get("requestBody")
                body_pointer = None
                if body is not None:
                    body = _deref(document, body)
                    if "application/json" in body.get("content", {}):
                        body_pointer = f"{base}/requestBody/content/application~1json/schema"
                operations.append(
                    Operation(
                        operation_id=spec_op["operationId"],
                        method=method.upper(),
                        path=path,
                        regex=_path_regex(path),
                        query=tuple(query),
                        body_pointer=body_pointer,
                        body_required=bool(body is not None and body.get("required", False)),
                        secured=bool(spec_op.get("security", top_security)),
                    )
                )
        self.operations: tuple[Operation, ...] = tuple(operations)
        self.by_id: dict[str, Operation] = {op.operation_id: op for op in operations}

    def resolve(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | tuple[None, list[str]]:
        """The operation and its path parameters, or (None, the methods allowed on this path).

        As OpenAPI says, a concrete path wins over a templated one: `/orders/draft` is the path of
        `createDraftOrder` only, never `getOrder` with `id=draft`. Among templated paths, the one with the fewest
        parameters wins.
        """
        matches = [(op, params) for op in self.operations if (params := op.match(path)) is not None]
        if not matches:
            return None, []
        best = min(len(params) for _, params in matches)
        template = next(op.path for op, params in matches if len(params) == best)
        allowed: list[str] = []
        for operation, params in matches:
            if operation.path != template:
                continue
            if operation.method == method.upper():
                return operation, params
            allowed.append(operation.method)
        return None, allowed


# ----------------------------------------------------------------------------------------------- validation

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s\x00-\x1f\x7f<>\"{}|\\^`]*$")
_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    """RFC 3986 absolute URI: a scheme, a colon, and no character a URI can never hold."""
    return not isinstance(value, str) or bool(_URI.match(value))


_TYPE_MESSAGES = {
    "string": ("str type expected", "type_error.str"),
    "integer": ("value is not a valid integer", "type_error.integer"),
    "number": ("value is not a valid float", "type_error.float"),
    "boolean": ("value could not be parsed to a boolean", "type_error.bool"),
    "array": ("value is not a valid list", "type_error.list"),
    "object": ("value is not a valid dict", "type_error.dict"),
}
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _py_repr(value: Any) -> str:
    return repr(value) if isinstance(value, str) else json.dumps(value)


def _convert(error: ValidationError, location: Location, prefix: tuple[str | int, ...]) -> list[ErrorItem]:
    loc = (*prefix, *error.absolute_path)
    keyword = error.validator
    expected: Any = error.validator_value
    if keyword == "required":
        instance: Any = error.instance
        missing = [name for name in expected if name not in instance]
        return [ErrorItem(location, (*loc, name), "field required", "value_error.missing") for name in missing]
    if keyword == "type":
        kinds = [expected] if isinstance(expected, str) else list(expected)
        if error.instance is None and "null" not in kinds:
            return [ErrorItem(location, loc, "none is not an allowed value", "type_error.none.not_allowed")]
        msg, kind = _TYPE_MESSAGES.get(kinds[0], (error.message, "type_error"))
        return [ErrorItem(location, loc, msg, kind)]
    if keyword == "enum":
        permitted = ", ".join(_py_repr(value) for value in expected)
        return [
            ErrorItem(
                location, loc, f"value is not a valid enumeration member; permitted: {permitted}", "type_error.enum"
            )
        ]
    if keyword == "minimum":
        return [
            ErrorItem(
                location,
                loc,
                f"ensure this value is greater than or equal to {expected}",
                "value_error.number.not_ge",
            )
        ]
    if keyword == "format" and expected == "uri":
        return [ErrorItem(location, loc, "invalid or missing URL scheme", "value_error.url.scheme")]
    if keyword in ("anyOf", "oneOf") and error.context:
        # `anyOf: [$ref, {type: null}]` is how the spec writes "nullable": report why the non-null branch failed.
        branches: dict[int, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
        non_null = [
            errors
            for errors in branches.values()
            if not (len(errors) == 1 and errors[0].validator == "type" and errors[0].validator_value == "null")
        ]
        if len(non_null) == 1:
            return [item for sub in non_null[0] for item in _convert(sub, location, prefix)]
    return [ErrorItem(location, loc, error.message, f"value_error.{keyword}")]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class RequestValidator:
    """Validates query strings and JSON bodies of requests against the spec's own schemas."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        resource: Resource[Any] = Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(_SPEC_URI, resource)
        self._validators: dict[str, Draft202012Validator] = {}

    def _validator(self, pointer: str) -> Draft202012Validator:
        validator = self._validators.get(pointer)
        if validator is None:
            validator = Draft202012Validator(
                {"$ref": _SPEC_URI + pointer}, registry=self._registry, format_checker=_FORMATS
            )
            self._validators[pointer] = validator
        return validator

    def errors(
        self, pointer: str, instance: Any, location: Location, prefix: tuple[str | int, ...] = ()
    ) -> list[ErrorItem]:
        # One message per location, like pydantic: a wrong type hides every other failure of the same value.
        found = sorted(
            self._validator(pointer).iter_errors(instance),
            key=lambda e: ([str(p) for p in e.absolute_path], e.validator != "type"),
        )
        items: dict[tuple[str | int, ...], ErrorItem] = {}
        for error in found:
            for item in _convert(error, location, prefix):
                items.setdefault(item.loc, item)
        return list(items.values())

    def query(self, operation: Operation, pairs: Sequence[tuple[str, str]]) -> tuple[dict[str, Any], list[ErrorItem]]:
        """Parse and validate a query string strictly: unknown or repeated (non-array) parameters are errors."""
        known = {parameter.name: parameter for parameter in operation.query}
        raw: dict[str, list[str]] = {}
        for name, value in pairs:
            raw.setdefault(name, []).append(value)
        values: dict[str, Any] = {}
        errors: list[ErrorItem] = []
        for name in raw:
            if name not in known:
                errors.append(ErrorItem("query_params", (name,), "extra fields not permitted", "value_error.extra"))
        for name, parameter in known.items():
            given = raw.get(name)
            if given is None:
                if parameter.required:
                    errors.append(ErrorItem("query_params", (name,), "field required", "value_error.missing"))
                continue
            if not parameter.is_array and len(given) > 1:
                errors.append(ErrorItem("query_params", (name,), "only one value is allowed", "value_error.single"))
                continue
            converted: list[Any] = []
            for index, text in enumerate(given):
                loc: tuple[str | int, ...] = (name, index) if parameter.is_array else (name,)
                if parameter.item_type == "integer":
                    if not _INTEGER.fullmatch(text):
                        errors.append(ErrorItem("query_params", loc, *_TYPE_MESSAGES["integer"]))
                        continue
                    converted.append(int(text))
                else:
                    converted.append(text)
            if len(converted) != len(given):
                continue
            parsed: Any = converted if parameter.is_array else converted[0]
            found = self.errors(parameter.pointer, parsed, "query_params", (name,))
            if found:
                errors.extend(found)
            else:
                values[name] = parsed
        return values, errors

    def body(self, operation: Operation, raw: bytes, content_type: str) -> tuple[Any, list[ErrorItem]]:
        """Parse and validate a JSON request body. Returns (the parsed body or None, errors)."""
        if operation.body_pointer is None:
            return None, []
        if not raw.strip():
            if operation.body_required:
                return None, [ErrorItem("body_params", (), "field required", "value_error.missing")]
            return None, []
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type != "application/json":
            message = f"unsupported content type {media_type or '(none)'!r}: expected 'application/json'"
            return None, [ErrorItem("body_params", (), message, "type_error.content_type")]
        try:
            parsed = json.loads(raw, parse_constant=_reject_constant)
        except (UnicodeDecodeError, ValueError) as error:
            return None, [ErrorItem("body_params", (), str(error), "value_error.jsondecode")]
        return parsed, self.errors(operation.body_pointer, parsed, "body_params")

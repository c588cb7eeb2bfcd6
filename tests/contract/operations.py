"""The spec's operations and how they map onto the generated package (module per operationId, model per schema)."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from cubicasa_integrate_api import models
from tests.support import load_spec, load_tool

__all__ = [
    "SPEC",
    "Operation",
    "api_operations",
    "find_operation",
    "model_for",
    "resolve",
    "snake",
    "webhook_payload_schema",
]

SPEC = load_spec()
PYTHON_VIEW = load_tool("codegen").python_view(SPEC)
"""The spec as the Python generator sees it: a body that is both sent and read has an `<Name>Input` copy there."""
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).replace("-", "_").lower()


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def model_for(schema: dict[str, Any]) -> Any:
    """The generated class of a `$ref`'d schema."""
    return getattr(models, schema["$ref"].rsplit("/", 1)[-1])


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    spec: dict[str, Any]

    @property
    def operation_id(self) -> str:
        return str(self.spec["operationId"])

    @property
    def module(self) -> ModuleType:
        tag = snake(self.spec["tags"][0])
        return importlib.import_module(f"cubicasa_integrate_api.api.{tag}.{snake(self.operation_id)}")

    @property
    def parameters(self) -> list[dict[str, Any]]:
        return [resolve(p) for p in self.spec.get("parameters", [])]

    @property
    def request_schema(self) -> dict[str, Any] | None:
        body = self.spec.get("requestBody")
        return None if body is None else dict(body["content"]["application/json"]["schema"])

    @property
    def python_request_schema(self) -> dict[str, Any] | None:
        """The request body schema of the Python view (the generated model the body is built from)."""
        body = PYTHON_VIEW["paths"][self.path][self.method].get("requestBody")
        return None if body is None else dict(body["content"]["application/json"]["schema"])

    def response_schemas(self) -> dict[str, dict[str, Any]]:
        """Documented status (e.g. "200", "5XX") -> JSON body schema."""
        found = {}
        for status, response in self.spec["responses"].items():
            content = resolve(response).get("content", {})
            if "application/json" in content:
                found[status] = dict(content["application/json"]["schema"])
        return found


def api_operations() -> list[Operation]:
    return [
        Operation(path, method, item[method])
        for path, item in SPEC["paths"].items()
        for method in HTTP_METHODS
        if method in item
    ]


def find_operation(operation_id: str) -> Operation:
    (operation,) = (op for op in api_operations() if op.operation_id == operation_id)
    return operation


def webhook_payload_schema(operation_id: str) -> dict[str, Any]:
    """The request body schema of a 3.1 `webhooks:` entry, by its operationId."""
    for item in SPEC["webhooks"].values():
        for operation in item.values():
            if operation.get("operationId") == operation_id:
                return dict(operation["requestBody"]["content"]["application/json"]["schema"])
    raise LookupError(operation_id)

"""Write api.md: each HTTP route -> generated function -> facade method -> return type (and CLI command).

    python tools/api_md.py           # rewrite api.md (make api-md)
    python tools/api_md.py --check   # exit 1 if api.md is stale (make test)

Nothing here is typed by hand. The routes come from the spec; everything else is read from the code with `ast`
(nothing is imported or run):

- the generated function of a route is the module under generated/cubicasa_integrate_api/api/ whose
  `_get_kwargs` sends that method to that URL, with the signature and return type of its `sync`;
- the facade methods of a route are the public methods of the resource classes (overrides/cubicasa_integrate/
  resources/) whose code reaches that generated module, directly or through module-level helpers of their
  file; calls to other methods of the same resource (`self.get` inside `upgrade`, to re-read the order) do not
  count. `client.<name>` is the attribute of `CubiCasa` holding that resource class, and every method must
  have an async twin on `AsyncCubiCasa` with the same parameters;
- the CLI command of a facade method is the click command in overrides/cubicasa_integrate/cli/_app.py that
  calls it;
- a webhook maps to its payload model and the function of cubicasa_integrate.webhooks that returns it.

A route without a generated module, or a facade method without its async twin, is an error: api.md would be
wrong, and so would the code.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "cubicasa-integrate-v3.yaml"
API_MD = ROOT / "api.md"
GENERATED_API = ROOT / "generated" / "cubicasa_integrate_api" / "api"
FACADE = ROOT / "overrides" / "cubicasa_integrate"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Function:
    name: str
    signature: str
    returns: str
    is_async: bool = False


def signature(node: ast.FunctionDef | ast.AsyncFunctionDef, *, skip_self: bool = False) -> str:
    """`(order_id, *, add_ons, package_type)`: parameter names and kinds, no annotations or defaults."""
    args = node.args
    positional = [a.arg for a in [*args.posonlyargs, *args.args]]
    if skip_self and positional:
        positional = positional[1:]
    parts = positional[:]
    if args.vararg:
        parts.append(f"*{args.vararg.arg}")
    elif args.kwonlyargs:
        parts.append("*")
    parts += [a.arg for a in args.kwonlyargs]
    if args.kwarg:
        parts.append(f"**{args.kwarg.arg}")
    return "(" + ", ".join(parts) + ")"


def function(node: ast.FunctionDef | ast.AsyncFunctionDef, *, skip_self: bool = False) -> Function:
    returns = ast.unparse(node.returns) if node.returns else "None"
    return Function(node.name, signature(node, skip_self=skip_self), returns, isinstance(node, ast.AsyncFunctionDef))


# ---------------------------------------------------------------------------------------------------- generated


def generated_functions(api: Path = GENERATED_API) -> dict[tuple[str, str], tuple[str, Function]]:
    """(METHOD, path) -> ("orders.upgrade_order", its `sync`), from each module's `_get_kwargs`."""
    found: dict[tuple[str, str], tuple[str, Function]] = {}
    for path in sorted(api.glob("*/*.py")):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
        route = _route(functions.get("_get_kwargs"))
        if route is None or "sync" not in functions:
            continue
        found[route] = (f"{path.parent.name}.{path.stem}", function(functions["sync"]))
    return found


def _route(node: ast.FunctionDef | ast.AsyncFunctionDef | None) -> tuple[str, str] | None:
    for child in ast.walk(node) if node else ():
        if isinstance(child, ast.Dict):
            pairs = {k.value: v for k, v in zip(child.keys, child.values, strict=True) if isinstance(k, ast.Constant)}
            method, url = pairs.get("method"), pairs.get("url")
            if isinstance(url, ast.Call) and isinstance(url.func, ast.Attribute):
                url = url.func.value  # "/orders/{order_id}".format(...)
            if isinstance(method, ast.Constant) and isinstance(url, ast.Constant):
                return str(method.value).upper(), str(url.value)
    return None


# ---------------------------------------------------------------------------------------------------- facade


def _names(node: ast.AST) -> set[str]:
    """Every bare name a piece of code refers to (`get_order` in `get_order.sync_detailed`; not `self`)."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id != "self"}


def facade_methods(resources: Path = FACADE / "resources") -> dict[str, list[tuple[str, Function, Function | None]]]:
    """ "orders.upgrade_order" -> [(resource class, sync method, async twin)] for each resource method using it."""
    uses: dict[str, list[tuple[str, Function, Function | None]]] = {}
    for path in sorted(resources.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        generated: dict[str, str] = {}  # local name -> "orders.upgrade_order"
        for node in ast.walk(tree):  # module level, or inside the functions that import on first use
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cubicasa_integrate_api.api."):
                tag = node.module.rsplit(".", 1)[1]  # type: ignore[union-attr]
                generated.update({alias.asname or alias.name: f"{tag}.{alias.name}" for alias in node.names})
        helpers = {
            node.name: _names(node)
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not _is_resource(node)
        }
        classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef) and _is_resource(n)}
        for name, cls in classes.items():
            if name.startswith("Async"):
                continue
            twin = classes.get(f"Async{name}")
            for method in _public_methods(cls):
                reached = _reach(_names(method), helpers)
                twin_method = next((m for m in _public_methods(twin) if m.name == method.name), None) if twin else None
                entry = (
                    name,
                    function(method, skip_self=True),
                    function(twin_method, skip_self=True) if twin_method else None,
                )
                for local in sorted(reached & generated.keys()):
                    uses.setdefault(generated[local], []).append(entry)
    return uses


def _is_resource(node: ast.stmt) -> bool:
    """A resource class: its __init__ takes the request loop (`api: SyncAPIClient` / `AsyncAPIClient`)."""
    if not isinstance(node, ast.ClassDef):
        return False
    init = next((n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
    loops = ("SyncAPIClient", "AsyncAPIClient")
    return init is not None and any(
        a.annotation is not None and ast.unparse(a.annotation) in loops for a in init.args.args
    )


def _public_methods(cls: ast.ClassDef | None) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    if cls is None:
        return []
    nodes = (n for n in cls.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))
    return [n for n in nodes if not n.name.startswith("_")]


def _reach(names: set[str], helpers: dict[str, set[str]]) -> set[str]:
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(helpers.get(name, ()))
    return seen


def client_attributes(client: Path = FACADE / "_client.py") -> dict[str, tuple[str, str]]:
    """Resource class -> (client class, attribute), from `orders: Orders` in CubiCasa / AsyncCubiCasa."""
    attributes: dict[str, tuple[str, str]] = {}
    for node in ast.parse(client.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    attributes[ast.unparse(item.annotation)] = (node.name, item.target.id)
    return attributes


def cli_commands(app: Path = FACADE / "cli" / "_app.py") -> dict[tuple[str, str], list[str]]:
    """(client attribute, method) -> the `cubicasa` commands whose code calls `client.<attribute>.<method>`."""
    groups: dict[str, str] = {}
    commands: dict[tuple[str, str], list[str]] = {}
    tree = ast.parse(app.read_text(encoding="utf-8"))
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
                continue
            owner = ast.unparse(decorator.func.value)
            if decorator.func.attr == "group":
                groups[node.name] = node.name if owner == "cli" else f"{groups.get(owner, owner)} {node.name}"
            elif decorator.func.attr == "command":
                name = decorator.args[0].value if decorator.args else node.name  # type: ignore[attr-defined]
                command = f"cubicasa {groups.get(owner, owner)} {name}"
                for call in ast.walk(node):
                    if isinstance(call, ast.Attribute) and isinstance(call.value, ast.Attribute):
                        commands.setdefault((call.value.attr, call.attr), []).append(command)
    return commands


def webhook_parsers(module: Path = FACADE / "webhooks.py") -> dict[str, Function]:
    """Return type -> the public function of cubicasa_integrate.webhooks that returns it."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    nodes = [n for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]
    return {ast.unparse(n.returns): function(n) for n in nodes if n.returns is not None}


# ---------------------------------------------------------------------------------------------------- render


def _operations(spec: dict[str, Any], section: str) -> Iterable[tuple[str, str, dict[str, Any]]]:
    for path, item in (spec.get(section) or {}).items():
        for method in METHODS:
            if method in item:
                yield path, method.upper(), item[method]


def _code(text: str) -> str:
    return "`" + text.replace("|", "\\|") + "`"


def render(spec: dict[str, Any]) -> str:
    generated = generated_functions()
    facade = facade_methods()
    attributes = client_attributes()
    commands = cli_commands()
    problems: list[str] = []
    rows = []
    for path, method, op in _operations(spec, "paths"):
        if (method, path) not in generated:
            problems.append(f"{method} {path} ({op.get('operationId')}): no module in {GENERATED_API} sends it")
            continue
        module, sync = generated[(method, path)]
        users = facade.get(module, [])
        if not users:
            rows.append(
                [f"{method} {path}", op["operationId"], f"{module}.sync{sync.signature}", "—", "—", sync.returns]
            )
        for resource, method_fn, twin in users:
            _, attribute = attributes.get(resource, ("CubiCasa", "?"))
            if twin is None or twin.signature != method_fn.signature:
                problems.append(
                    f"{resource}.{method_fn.name}: no Async{resource}.{method_fn.name} with the same parameters"
                )
                continue
            async_use = f"await → {twin.returns}" if twin.is_async else f"→ {twin.returns}"
            rows.append(
                [
                    f"{method} {path}",
                    op["operationId"],
                    f"{module}.sync{sync.signature}",
                    f"client.{attribute}.{method_fn.name}{method_fn.signature} → {method_fn.returns}",
                    async_use,
                    ", ".join(sorted(set(commands.get((attribute, method_fn.name), [])))) or "—",
                ]
            )
    webhook_rows = []
    parsers = webhook_parsers()
    for name, method, op in _operations(spec, "webhooks"):
        ref = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
        model = ref.rsplit("/", 1)[-1]
        parser = parsers.get(model)
        webhook_rows.append(
            [
                f"{method} <your URL> ({name})",
                op["operationId"],
                f"cubicasa_integrate_api.models.{model}" if model else "—",
                f"cubicasa_integrate.webhooks.{parser.name}{parser.signature} → {parser.returns}" if parser else "—",
            ]
        )
    if problems:
        raise SystemExit("api.md cannot be written:\n" + "\n".join(problems))
    return _document(rows, webhook_rows)


def _table(header: list[str], rows: list[list[str]], code_columns: set[int]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = [_code(c) if i in code_columns and c != "—" else c for i, c in enumerate(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _document(rows: list[list[str]], webhook_rows: list[list[str]]) -> str:
    lines = [
        "# API map",
        "",
        "<!-- Generated by tools/api_md.py from openapi/cubicasa-integrate-v3.yaml and the code. Do not edit:",
        "     `make api-md` rewrites it, and `make test` fails when it is stale. -->",
        "",
        "Each route of the CubiCasa Integrate API v3, the generated function that calls it, the facade method",
        "that wraps it and what that returns, and the `cubicasa` command that uses it.",
        "",
        "- **Generated** functions live in `cubicasa_integrate_api.api.<module>` (generated/; the table shows",
        "  `sync`). Each module also has `sync_detailed`, `asyncio` and `asyncio_detailed` with the same",
        "  parameters; the `_detailed` ones return `Response[...]` with the status code, headers and raw body.",
        "  They return `None` or an error model instead of raising.",
        "- **Facade** methods are on `CubiCasa` (`with CubiCasa() as client:`). They raise typed errors",
        "  (`cubicasa_integrate.errors`), retry what is safe to retry and page lazily (`Pager`).",
        "- **Async**: `AsyncCubiCasa` has the same resources and methods with the same parameters; the column",
        "  shows what its twin returns (`await` it, or iterate an `AsyncPager` with `async for`).",
        "- **Raw responses**: every facade method that is not a list (nor `orders.wait`) also exists as",
        "  `client.<resource>.with_raw_response.<method>(...)`, returning `APIResponse`: the response of the",
        "  call's own request (for `orders.upgrade` the purchase POST) - status, redacted headers, `content`,",
        "  `request_id`, `retries_taken`, `http_request`, `.parse()`; `client.with_options(timeout=...,",
        "  max_retries=...)` is a copy of the client on the same connection pool.",
        "- **Waiting**: `client.orders.wait(order_id, until=...)` (`cubicasa orders wait`) polls `getOrder`.",
        "- **Extras**: every facade method takes `extra_headers=`, `extra_query=` and `extra_body=`, added to",
        "  what it sends (never replacing it; on `orders.upgrade`, nothing that selects what is bought unless",
        "  `force=True`).",
        "- **Routes not in the spec**: `client.get/post/patch/delete(path, cast_to=...)` and",
        "  `client.request(method, path, ...)` send them with the same guarantees (docs/raw-requests.md).",
        "- **Batch purchases**: `cubicasa_integrate.batch.upgrade_orders(...)` (`async_upgrade_orders`) and",
        "  `cubicasa orders buy` plan, cap and journal one `orders.upgrade` per order (docs/batch-purchases.md).",
        "",
        "## Routes",
        "",
    ]
    header = [
        "Route",
        "operationId",
        "Generated (`cubicasa_integrate_api.api.…`)",
        "Facade (`CubiCasa`)",
        "Async",
        "CLI",
    ]
    lines += _table(header, rows, {0, 1, 2, 3, 4, 5})
    lines += [
        "",
        "## Webhooks",
        "",
        "CubiCasa calls your URL; openapi-python-client generates no function for a webhook, only its payload model.",
        "",
    ]
    lines += _table(["Call", "operationId", "Payload model", "Parse it with"], webhook_rows, {0, 1, 2, 3})
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    import yaml

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if api.md differs from what would be written")
    args = parser.parse_args(argv)
    text = render(yaml.safe_load(SPEC.read_text(encoding="utf-8")))
    current = API_MD.read_text(encoding="utf-8") if API_MD.exists() else ""
    if args.check:
        if current == text:
            print("api.md is up to date.")
            return 0
        diff = difflib.unified_diff(current.splitlines(), text.splitlines(), "api.md", "regenerated", lineterm="")
        print("\n".join(list(diff)[:60]))
        print("api.md is stale: run `make api-md` and commit it.")
        return 1
    API_MD.write_text(text, encoding="utf-8")
    print(f"wrote {API_MD.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

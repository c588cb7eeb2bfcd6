"""cubicasa_sandbox without a server: packaging, spec coverage, faults, ranges, seeds, validation."""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.util
import pkgutil
import re
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

import cubicasa_sandbox as sandbox_package
from cubicasa_sandbox import FaultSpecError, Sandbox, SandboxConfig, is_loopback_url, parse_fault, spec_bytes
from cubicasa_sandbox._app import HANDLERS
from cubicasa_sandbox._assets import ASSET_FILES, FLOOR_PLAN_FILES, ByteRange, none_match, parse_range, render_asset
from cubicasa_sandbox._backend import SandboxBackend
from cubicasa_sandbox._faults import FaultPlan
from cubicasa_sandbox._model import NotFound
from cubicasa_sandbox._orders import _FILES, DOCUMENTED_ORDER_ID, seed_heads
from cubicasa_sandbox._spec import SPEC_RESOURCE, RequestValidator, SpecIndex, spec_document
from tests.support import ROOT, SPEC_PATH

# ------------------------------------------------------------------------------------------------ packaging


def test_every_spec_operation_has_a_handler() -> None:
    operations = {op.operation_id for op in SpecIndex(spec_document()).operations}
    assert set(HANDLERS) == operations


def test_the_backend_protocol_declares_what_the_app_uses_and_no_more() -> None:
    """`SandboxBackend` is the HTTP app's whole view of the sandbox: mypy proves the app uses nothing outside it and
    that `Sandbox` has all of it; this keeps the protocol from collecting members the app no longer calls."""
    tree = ast.parse((ROOT / "sandbox" / "cubicasa_sandbox" / "_app.py").read_text())
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and (
            (isinstance(node.value, ast.Name) and node.value.id == "sandbox")  # sandbox.x
            or (isinstance(node.value, ast.Attribute) and node.value.attr == "sandbox")  # ex.sandbox.x
        )
    }
    assert used == {name for name in vars(SandboxBackend) if not name.startswith("_")}


def spec_included_by_the_build_hook(root: Path, version: str) -> dict[str, str]:
    """What sandbox/hatch_build.py forces into a build of the project at `root` (hatchling calls it the same way)."""
    spec = importlib.util.spec_from_file_location("sandbox_hatch_build", ROOT / "sandbox" / "hatch_build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    hook_class = module.SpecHook
    build_data: dict[str, Any] = {"force_include": {}}
    hook_class(str(root), {}, None, None, str(root / "dist"), "wheel").initialize(version, build_data)
    included: dict[str, str] = build_data["force_include"]
    return included


def test_the_wheel_and_sdist_carry_the_spec_where_the_sandbox_reads_it(tmp_path: Path) -> None:
    resource = "cubicasa_sandbox/" + "/".join(SPEC_RESOURCE)
    assert spec_included_by_the_build_hook(ROOT / "sandbox", "standard") == {str(SPEC_PATH): resource}
    # An unpacked sdist has no ../openapi: its copy is already at `resource`, an ordinary package file.
    assert spec_included_by_the_build_hook(tmp_path / "cubicasa_sandbox-1.0.0", "standard") == {}
    # An editable install maps the package to the checkout and reads openapi/ there: no copy to go stale.
    assert spec_included_by_the_build_hook(ROOT / "sandbox", "editable") == {}
    assert spec_bytes() == SPEC_PATH.read_bytes()


def test_dev_requirements_install_the_sandbox_dependencies() -> None:
    pyproject = tomllib.loads((ROOT / "sandbox" / "pyproject.toml").read_text())
    dev = (ROOT / "requirements" / "dev.txt").read_text().splitlines()
    third_party = [r for r in pyproject["project"]["dependencies"] if not r.startswith(("cubicasa-integrate", "httpx"))]
    assert third_party, "the sandbox's own dependencies were not found"
    for requirement in third_party:
        assert requirement in dev, f"{requirement} (sandbox/pyproject.toml) is missing from requirements/dev.txt"


def test_the_client_distribution_declares_no_sandbox() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "sandbox" not in pyproject["project"].get("optional-dependencies", {})
    assert not (ROOT / "overrides" / "cubicasa_integrate" / "sandbox").exists()


def test_every_sandbox_module_declares_all() -> None:
    for module_info in pkgutil.iter_modules(sandbox_package.__path__, "cubicasa_sandbox."):
        module = importlib.import_module(module_info.name)
        assert isinstance(getattr(module, "__all__", None), list), module_info.name
        assert module_info.name.rsplit(".", 1)[1].startswith("_"), "sandbox modules are private"
    for name in sandbox_package.__all__:
        assert hasattr(sandbox_package, name)


MAX_CLASS_LINES = 250


def test_no_sandbox_class_is_over_250_lines() -> None:
    """One concern per class, each findable by name (the 0.4.0 `Sandbox` was one 526-line class of nine)."""
    too_long = {
        f"{path.name}:{node.name}": node.end_lineno - node.lineno + 1  # type: ignore[operator]
        for path in sorted(Path(sandbox_package.__file__).parent.glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > MAX_CLASS_LINES  # type: ignore[operator]
    }
    assert too_long == {}


# ------------------------------------------------------------------------------------------------ faults
@pytest.mark.parametrize(
    "text",
    ["503", "429;retry_after=2", "latency;ms=250", "drop_after;route=upgradeOrder;times=1", "truncate;bytes=10;p=0.5"],
)
def test_fault_rules_round_trip(text: str) -> None:
    assert str(parse_fault(text)) == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "teapot",
        "418",
        "600",
        "503;ms=3",
        "latency;ms=-1",
        "latency;ms=x",
        "drop_after;times=-1",
        "503;p=2",
        "503;x",
    ],
)
def test_bad_fault_rules_are_refused(text: str) -> None:
    with pytest.raises(FaultSpecError):
        parse_fault(text)


def test_a_plan_counts_per_rule_and_route() -> None:
    plan = FaultPlan(seed=0, routes=["listOrders", "getOrder"])
    plan.replace([parse_fault("503;route=getOrder;times=2"), parse_fault("latency;ms=5")])
    decisions = [plan.decide("getOrder", None) for _ in range(3)]
    assert [str(d.pre) if d.pre else None for d in decisions] == ["503", "503", None]
    assert all(d.delay is not None for d in decisions)  # unlimited
    assert plan.decide("listOrders", None).pre is None
    with pytest.raises(FaultSpecError, match="unknown route"):
        plan.add(parse_fault("503;route=nope"))


def test_a_header_is_armed_once_per_value_and_route() -> None:
    plan = FaultPlan(seed=0, routes=["listOrders", "getOrder"])
    assert [bool(plan.decide("getOrder", "500;times=1")) for _ in range(2)] == [True, False]
    assert bool(plan.decide("listOrders", "500;times=1"))  # another route: its own count
    assert [bool(plan.decide("getOrder", "500")) for _ in range(3)] == [True, True, True]  # no times: always


def test_probabilities_repeat_with_the_seed() -> None:
    def draws(seed: int) -> list[bool]:
        plan = FaultPlan(seed=seed, routes=["listOrders"])
        plan.replace([parse_fault("503;p=0.5")])
        return [plan.decide("listOrders", None).pre is not None for _ in range(64)]

    assert draws(1) == draws(1)
    assert draws(1) != draws(2)
    assert 10 < sum(draws(1)) < 54


# ------------------------------------------------------------------------------------------------ assets
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("bytes=10-", ByteRange(10, 99)),
        ("bytes=10-19", ByteRange(10, 19)),
        ("bytes=90-200", ByteRange(90, 99)),
        ("bytes=-5", ByteRange(95, 99)),
        ("bytes=100-", False),
        ("bytes=-0", False),
        ("bytes=20-10", None),
        ("bytes=0-1,5-6", None),
        ("items=0-1", None),
    ],
)
def test_range_header(header: str | None, expected: object) -> None:
    assert parse_range(header, 100) == expected


def test_every_linked_asset_exists_and_renders_deterministically() -> None:
    assert set(_FILES.values()) <= set(ASSET_FILES)
    for name in ASSET_FILES:
        first, content_type = render_asset(name, "order-1", "1 Main St, Minneapolis")
        assert render_asset(name, "order-1", "1 Main St, Minneapolis") == (first, content_type)
        assert 0 < len(first) < 8192


REVISION_0_DIGEST = "3c914e4bb72635fdc31876c8a39df4ff6cefdc692083d9aeddd9a6e3e860f31f"
"""sha256 of every file's name and sha256 at revision 0, as rendered before revisions existed: recordings, the
demo's downloads and clients' caches rely on those bytes."""


def files_digest(revision: int) -> str:
    lines = "".join(
        f"{name} {hashlib.sha256(render_asset(name, 'order-1', '1 Main St, Minneapolis', revision)[0]).hexdigest()}\n"
        for name in sorted(ASSET_FILES)
    )
    return hashlib.sha256(lines.encode()).hexdigest()


def test_revision_0_renders_every_file_as_before() -> None:
    assert files_digest(0) == REVISION_0_DIGEST
    assert files_digest(1) != REVISION_0_DIGEST  # the digest can tell a change


def test_a_revision_changes_the_floor_plans_and_nothing_else() -> None:
    assert {name for (group, _), name in _FILES.items() if group == "listing_floorplans"} == FLOOR_PLAN_FILES
    for name in ASSET_FILES:
        renders = [render_asset(name, "order-1", "1 Main St", revision)[0] for revision in (0, 1, 2)]
        distinct = len(set(renders))
        assert distinct == (3 if name in FLOOR_PLAN_FILES else 1), name
        assert all(0 < len(data) < 8192 for data in renders)


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        (None, False),
        ('"abc"', True),
        ('W/"abc"', True),  # weak comparison: the W/ prefix does not matter
        ('"x", W/"y" ,"abc"', True),
        ("*", True),
        (' "x" , "y"', False),
        ('"ab"', False),
        ("abc", False),  # not an entity tag
        ("", False),
    ],
)
def test_if_none_match(header: str | None, matches: bool) -> None:
    assert none_match(header, '"abc"') is matches


def revision_moves(sandbox: Sandbox, order_id: str, *statuses: str) -> list[int]:
    moves = []
    for status in statuses:
        sandbox.set_order_status(order_id, status)
        moves.append(sandbox.record(order_id).revision)
    return moves


def test_an_order_back_from_fixing_to_ready_has_new_floor_plans() -> None:
    sandbox = Sandbox(SandboxConfig(orders=8))
    order_id = sandbox.order_ids()[7]  # Ready, plus_3d, gla and 3d_cad_files: every group
    names = sorted(sandbox.asset_names(order_id))
    assert set(names) > FLOOR_PLAN_FILES | {"gla_report.pdf", "cad_files.zip", "floorplan_3d.jpg"}
    before = {name: sandbox.render_file(order_id, name) for name in names}
    assert revision_moves(sandbox, order_id, "Fixing", "Ready", "Ready", "Pending", "Ready") == [0, 1, 1, 1, 1]
    after = {name: sandbox.render_file(order_id, name) for name in names}
    assert {name for name in names if after[name] != before[name]} == FLOOR_PLAN_FILES
    assert after["floorplan.svg"] == render_asset("floorplan.svg", order_id, sandbox.record(order_id).label, 1)[0]
    sandbox.add_change_request(order_id, {"message": "the bath is larger"})  # documented: moves it to Fixing
    assert revision_moves(sandbox, order_id, "Ready") == [2]
    sandbox.reset()
    assert {name: sandbox.render_file(order_id, name) for name in names} == before
    with pytest.raises(NotFound):
        sandbox.render_file(order_id, "nope.png")


def test_signed_asset_urls_change_at_every_read() -> None:
    plain = Sandbox().order(DOCUMENTED_ORDER_ID)["delivery_assets"]["listing_floorplans"]["png_urls"][0]
    assert "?" not in plain  # the default keeps the documented shape
    signed = Sandbox(SandboxConfig(signed_asset_urls=True))
    first, second = (
        signed.order(DOCUMENTED_ORDER_ID)["delivery_assets"]["listing_floorplans"]["png_urls"][0] for _ in range(2)
    )
    assert first != second
    for url in (first, second):
        path, query = url.split("?")
        assert path == plain
        assert re.fullmatch(r"X-Amz-Algorithm=.+&X-Amz-Expires=3600&.+&X-Amz-Signature=[0-9a-f]{64}", query)


# ------------------------------------------------------------------------------------------------ seeds
def test_seeds_are_deterministic_and_differ_by_seed() -> None:
    a, b, c = Sandbox(SandboxConfig(seed=3)), Sandbox(SandboxConfig(seed=3)), Sandbox(SandboxConfig(seed=4))
    assert a.order_ids() == b.order_ids() != c.order_ids()
    assert [a.order(i) for i in a.order_ids()] == [b.order(i) for i in b.order_ids()]
    assert a.order_ids()[0] == c.order_ids()[0] == "312babc6-e742-4d54-ac49-e0f7b16ec15a"


def test_ten_thousand_orders_are_cheap() -> None:
    started = time.perf_counter()
    heads = seed_heads(0, 10_000)
    assert time.perf_counter() - started < 2.0  # ~0.05 s measured; generous for slow CI machines
    assert len({order_id for order_id, _ in heads}) == 10_000


def test_config_is_checked() -> None:
    for bad in ({"api_key": ""}, {"orders": -1}, {"webhook_attempts": 0}, {"public_url": "ftp://x"}):
        with pytest.raises(ValueError):  # noqa: PT011 - each has its own message
            SandboxConfig(**bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8000/hook", True),
        ("http://127.8.9.10/hook", True),
        ("http://[::1]:9/x", True),
        ("https://localhost/x", True),
        ("http://example.com/x", False),
        ("http://10.0.0.1/x", False),
        ("ftp://127.0.0.1/x", False),
        ("not a url", False),
    ],
)
def test_loopback_urls(url: str, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback


# ------------------------------------------------------------------------------------------------ validation
VALIDATOR = RequestValidator(spec_document())
INDEX = SpecIndex(spec_document())


def body_errors(operation_id: str, body: bytes) -> list[tuple[Any, ...]]:
    _, errors = VALIDATOR.body(INDEX.by_id[operation_id], body, "application/json")
    return [(e.location, e.loc, e.type) for e in errors]


def test_validation_errors_name_each_field_once() -> None:
    assert body_errors("createDraftOrder", b'{"info": {"a": 1}, "latitude": "north"}') == [
        ("body_params", ("street",), "value_error.missing"),
        ("body_params", ("city",), "value_error.missing"),
        ("body_params", ("country",), "value_error.missing"),
        ("body_params", ("owner_email",), "value_error.missing"),
        ("body_params", ("info",), "type_error.str"),
        ("body_params", ("latitude",), "type_error.float"),
    ]
    assert body_errors("upgradeOrder", b'{"package_type": null, "add_ons": [3]}') == [
        ("body_params", ("add_ons", 0), "value_error.anyOf")
    ]
    assert body_errors("upgradeOrder", b'{"package_type": 5, "add_ons": []}') == [
        ("body_params", ("package_type",), "value_error.anyOf")
    ]
    # Package and add-on names are known only from examples: other strings pass the schema (and are then refused
    # as not purchasable, by the sandbox's state).
    assert body_errors("upgradeOrder", b'{"package_type": "gold", "add_ons": ["6h_turnaround"]}') == []
    # Roles are an open enum too (anyOf [UserRole, string]): a new role passes the schema, a number does not.
    assert body_errors("addUser", b'{"email": "a@example.com", "role": "Owner"}') == []
    assert body_errors("addUser", b'{"email": "a@example.com", "role": 5}') == [
        ("body_params", ("role",), "value_error.anyOf")
    ]
    assert body_errors("addUser", b'{"email": null}') == [("body_params", ("email",), "type_error.none.not_allowed")]


def test_concrete_paths_win_over_templates() -> None:
    operation, params = INDEX.resolve("POST", "/orders/draft")
    assert operation is not None
    assert (operation.operation_id, params) == ("createDraftOrder", {})
    assert INDEX.resolve("GET", "/orders/draft") == (None, ["POST"])
    operation, params = INDEX.resolve("GET", "/orders/abc")
    assert operation is not None
    assert (operation.operation_id, params) == ("getOrder", {"order_id": "abc"})

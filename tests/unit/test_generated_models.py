"""The generated models (custom templates in overrides/templates/): properties the drift check cannot see."""

from __future__ import annotations

import ast
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from cubicasa_integrate_api import models
from tests.support import ROOT

MODELS = sorted(
    (cls for cls in vars(models).values() if inspect.isclass(cls) and attrs.has(cls)), key=lambda cls: cls.__name__
)


def constructor_arguments(cls: type) -> list[str]:
    """The names passed positionally to cls(...) in from_dict, read from the generated source."""
    tree = ast.parse(inspect.getsource(cls))
    from_dict = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "from_dict")
    calls = (n for n in ast.walk(from_dict) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name))
    call = next(n for n in calls if isinstance(n.func, ast.Name) and n.func.id == "cls")
    assert not call.keywords
    return [arg.id for arg in call.args if isinstance(arg, ast.Name)]


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_from_dict_passes_every_attribute_in_init_order(cls: type) -> None:
    """model.py.jinja calls the constructor positionally (twice as fast): the order must be attrs' own (a field
    converted on first read is stored under `_name`; its constructor argument keeps the public name)."""
    assert constructor_arguments(cls) == [field.alias for field in attrs.fields(cls) if field.init]


def test_every_model_module_imports_first_in_a_fresh_interpreter() -> None:
    """Model imports sit at the end of each module (model.py.jinja), which must be safe whichever module of an
    import graph loads first. models/__init__.py always imports them alphabetically, so each module is loaded
    here first under an empty stand-in for the package, and must pull in everything it needs by itself."""
    names = sorted(info.name for info in pkgutil.iter_modules(models.__path__))
    script = f"""
import importlib, sys, types
for name in {names!r}:
    for loaded in [m for m in sys.modules if m.startswith("cubicasa_integrate_api")]:
        del sys.modules[loaded]
    importlib.import_module("cubicasa_integrate_api")
    stand_in = types.ModuleType("cubicasa_integrate_api.models")
    stand_in.__path__ = {list(models.__path__)!r}
    sys.modules[stand_in.__name__] = stand_in
    module = importlib.import_module("cubicasa_integrate_api.models." + name)
    for cls in vars(module).values():
        if isinstance(cls, type) and hasattr(cls, "from_dict"):
            cls.from_dict  # the class is complete
print("ok", len({names!r}))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok", str(len(names))]


CYCLIC_SPEC = """
openapi: 3.1.0
info: {title: Cyclic, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/A"}
components:
  schemas:
    A:
      type: object
      properties:
        b: {$ref: "#/components/schemas/B"}
        child: {$ref: "#/components/schemas/A"}
        maybe_b:
          anyOf: [{$ref: "#/components/schemas/B"}, {type: "null"}]
    B:
      type: object
      required: [a]
      properties:
        a: {$ref: "#/components/schemas/A"}
        items: {type: array, items: {$ref: "#/components/schemas/A"}}
"""


def test_hoisted_model_imports_survive_import_cycles(tmp_path: Path) -> None:
    """A self-reference (A -> A) and a mutual cycle (A <-> B), generated with our templates, import and decode
    whichever module loads first."""
    (tmp_path / "spec.yaml").write_text(CYCLIC_SPEC)
    generator = Path(sys.executable).parent / "openapi-python-client"
    subprocess.run(
        [str(generator), "generate", "--path", "spec.yaml", "--meta", "none", "--output-path", "cyclic",
         "--custom-template-path", str(ROOT / "overrides" / "templates")],
        cwd=tmp_path, check=True, capture_output=True,
    )  # fmt: skip
    data = {"b": {"a": {"child": {}}, "items": [{}]}, "child": {"maybe_b": {"a": {}}}, "maybe_b": None}
    for first in ("a", "b"):
        script = (
            f"import importlib, sys, types\n"
            f"sys.modules['cyclic.models'] = stand_in = types.ModuleType('cyclic.models')\n"
            f"stand_in.__path__ = ['cyclic/models']\n"
            f"importlib.import_module('cyclic.models.{first}')\n"
            f"from cyclic.models.a import A\n"
            f"assert A.from_dict({data!r}).to_dict() == {data!r}\n"
        )
        subprocess.run([sys.executable, "-c", script], cwd=tmp_path, check=True)


# ------------------------------------------------------------------------- fields converted on first read


def documented_order() -> dict[str, Any]:
    from tests.contract.test_documented_examples import load_example

    data: dict[str, Any] = load_example("upgrade_order.response.json")
    return data


def test_model_or_null_fields_are_converted_on_first_read_not_in_from_dict() -> None:
    """A page decodes one object per order, not one per asset group: the lever that keeps a page's allocations
    near raw JSON's (benchmarks/RESULTS.md)."""
    order = models.Order.from_dict(documented_order())
    assert type(order._delivery_assets) is dict
    assert type(order._address) is dict
    assert type(order.info._product) is dict

    assets = order.delivery_assets
    assert isinstance(assets, models.DeliveryAssets)
    assert order._delivery_assets is assets  # converted once, then kept
    assert order.delivery_assets is assets
    assert type(assets._listing_floorplans) is dict  # one level at a time
    assert isinstance(assets.listing_floorplans, models.ListingFloorplans)


def test_a_read_field_and_an_unread_one_are_equal_and_look_the_same() -> None:
    data = documented_order()
    read, unread = models.Order.from_dict(data), models.Order.from_dict(data)
    read.delivery_assets, read.address, read.info.product  # noqa: B018 - reading is the point
    assert read == unread
    assert unread == read
    assert repr(read) == repr(unread)
    assert read.to_dict() == unread.to_dict() == data
    changed = models.Order.from_dict(data)
    assert isinstance(changed.address, models.Address)
    changed.address.city = "Elsewhere"
    assert changed != unread


@pytest.mark.parametrize(
    "value",
    [
        None,
        "a string",
        12,
        [],
        {},
        {"listing_floorplans": None, "cad_files": "not an object", "tour": [1, 2]},
        {"surprise": {"deep": [1, 2, 3]}},
    ],
    ids=repr,
)
def test_reading_a_field_gives_what_converting_in_from_dict_gave(value: Any) -> None:
    """Same value as eager conversion (the stock generator's `Model | None` code: convert, or keep the value as it
    is), and never an exception at the read."""
    data = documented_order()
    data["delivery_assets"] = value
    order = models.Order.from_dict(data)
    try:
        expected: Any = models.DeliveryAssets.from_dict(value)
    except (TypeError, ValueError, AttributeError, KeyError):
        expected = value
    else:
        if not isinstance(value, dict):
            expected = value
    assert order.delivery_assets == expected
    assert order.to_dict() == data


def test_a_value_the_model_refuses_is_kept_as_it_is_and_reading_it_never_raises() -> None:
    """An unknown key nested beyond MAX_JSON_DEPTH makes the group's from_dict raise JSONNestingError; the field
    keeps the JSON value, as converting in from_dict did, and every read returns it."""
    from cubicasa_integrate_api.types import MAX_JSON_DEPTH, JSONNestingError

    deep: Any = []
    for _ in range(MAX_JSON_DEPTH + 5):
        deep = [deep]
    data = documented_order()
    data["address"] = {"city": "Helsinki", "surprise": deep}
    order = models.Order.from_dict(data)
    with pytest.raises(JSONNestingError):
        models.Address.from_dict(data["address"])
    assert order.address is data["address"]
    assert order.address is data["address"]  # every read, not only the first

"""The generated models (custom templates in overrides/templates/): properties the drift check cannot see."""

from __future__ import annotations

import ast
import gc
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

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
    """model.py.jinja calls the constructor positionally (twice as fast): the order must be attrs' own."""
    assert constructor_arguments(cls) == [field.name for field in attrs.fields(cls) if field.init]


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


# ----------------------------------------------------------------------------------- the collector pause


def test_decoding_pauses_the_collector_and_restores_it() -> None:
    from cubicasa_integrate_api.types import without_gc

    seen: list[bool] = []
    assert gc.isenabled()
    assert without_gc(lambda **kw: seen.append(gc.isenabled()) or kw, a=1) == {"a": 1}
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_comes_back_when_decoding_fails() -> None:
    from cubicasa_integrate_api.types import without_gc

    def broken() -> None:
        raise KeyError("id")

    with pytest.raises(KeyError):
        without_gc(broken)
    assert gc.isenabled()


def test_a_collector_disabled_by_the_application_stays_disabled() -> None:
    from cubicasa_integrate_api.types import without_gc

    gc.disable()
    try:
        without_gc(lambda: None)
        assert not gc.isenabled()
    finally:
        gc.enable()

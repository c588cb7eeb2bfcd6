"""The generated models (custom templates in overrides/templates/): properties the drift check cannot see."""

from __future__ import annotations

import inspect
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import attrs
import msgspec
import pytest

from cubicasa_integrate_api import models
from tests.support import ROOT, load_example

MODELS = sorted(
    (cls for cls in vars(models).values() if inspect.isclass(cls) and attrs.has(cls)), key=lambda cls: cls.__name__
)


def response_models() -> list[type]:
    """Every model an operation's documented response decodes into (RESPONSES), and every model nested in one."""
    import importlib

    from cubicasa_integrate_api import api

    found: set[type] = set()
    for info in pkgutil.walk_packages(api.__path__, api.__name__ + "."):
        module = importlib.import_module(info.name)
        pending = [model for _low, _high, model in getattr(module, "RESPONSES", ()) if model is not None]
        while pending:
            model = pending.pop()
            if model not in found:
                found.add(model)
                pending.extend(cls for cls in MODELS if cls.__name__ in repr(attrs.fields(model)))
    return sorted(found, key=lambda cls: cls.__name__)


@pytest.mark.parametrize("cls", response_models(), ids=lambda cls: cls.__name__)
def test_msgspec_resolves_every_annotation_of_every_response_model(cls: type) -> None:
    """The models their annotations name are imported at runtime (the end of each module, model.py.jinja).
    Request bodies are not decoded (UpgradeOrderRequest's `PackageType | str` is no type msgspec can decode)."""
    assert msgspec.json.Decoder(cls).type is cls


def test_the_response_models_are_all_the_client_decodes() -> None:
    assert {"Order", "OrderList", "OrderInfo", "DeliveryAssets", "Address", "UserList"} <= {
        cls.__name__ for cls in response_models()
    }
    assert "UpgradeOrderRequest" not in {cls.__name__ for cls in response_models()}


@pytest.mark.parametrize(
    ("cls", "example"),
    [
        (models.Order, "upgrade_order.response.json"),
        (models.AddUserResponse, "add_user.response.json"),
        (models.WebhookConfig, "update_company_webhooks.response.json"),
        (models.OrderStatusEvent, "webhook_order_status.payload.json"),
    ],
)
def test_a_documented_example_decodes_in_c_as_from_dict_decodes_it(cls: type, example: str) -> None:
    data = load_example(example)
    decoded = msgspec.json.decode(json.dumps(data), type=cls)
    assert decoded == cls.from_dict(data)
    assert decoded.to_dict() == cls.from_dict(data).to_dict()


def test_a_key_that_is_not_its_python_name_is_the_attribute_and_the_python_name_its_alias() -> None:
    """model.py.jinja: msgspec decodes attrs classes by attribute name, so `postalCode` is the attribute, and
    `postal_code` the __init__ argument and a property that reads and writes it."""
    address = models.Address(postal_code="55401")
    assert address.postal_code == address.postalCode == "55401"
    address.postal_code = "55402"
    assert address.to_dict() == {"postalCode": "55402"}
    assert msgspec.json.decode(b'{"postalCode": "1"}', type=models.Address).postal_code == "1"
    assert models.Address.from_dict({"postalCode": "2"}) == models.Address(postal_code="2")
    tour = msgspec.json.decode(b'{"type": "matterport"}', type=models.Tour)
    assert tour.type_ == "matterport"
    assert tour.to_dict()["type"] == "matterport"


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
            f"import json, msgspec\n"
            f"assert msgspec.json.decode(json.dumps({data!r}), type=A) == A.from_dict({data!r})\n"
        )
        subprocess.run([sys.executable, "-c", script], cwd=tmp_path, check=True)


def annotation_of(cls: type, name: str) -> str:
    return str(cls.__annotations__[name])


@pytest.mark.parametrize("cls", [*response_models(), models.OrderStatusEvent], ids=lambda cls: cls.__name__)
def test_what_the_client_reads_types_optional_fields_none_never_unset(cls: type) -> None:
    """Typed code reading a response or a webhook event narrows only None (issue 23, finding 8)."""
    for field in attrs.fields(cls):
        assert "Unset" not in annotation_of(cls, field.name), (cls.__name__, field.name)
        if field.init and field.default is not attrs.NOTHING:  # not additional_properties (a free-form object's)
            assert field.default is None, (cls.__name__, field.name)


@pytest.mark.parametrize("cls", [models.WebhookConfigInput, models.AddUserRequest, models.DraftOrderInput])
def test_request_bodies_keep_not_sent(cls: type) -> None:
    """A request tells "not sent" from null: its optional fields default to UNSET and to_dict() leaves them out."""
    from cubicasa_integrate_api.types import UNSET

    optional = [field for field in attrs.fields(cls) if field.default is not attrs.NOTHING]
    assert optional
    assert all(field.default is UNSET and "Unset" in annotation_of(cls, field.name) for field in optional)


def test_an_absent_and_a_null_optional_field_read_alike() -> None:
    document = load_example("upgrade_order.response.json")
    absent = {**document, "info": {k: v for k, v in document["info"].items() if k != "go2scan"}}
    null = {**document, "info": {**document["info"], "go2scan": None}}
    for body in (absent, null):
        order = msgspec.json.decode(json.dumps(body), type=models.Order)
        assert order.info.go2scan is None
        assert order == models.Order.from_dict(body)
        assert "go2scan" not in order.to_dict()["info"]
    assert models.WebhookConfig.from_dict({}) == models.WebhookConfig(webhook_urls=None, webhook_triggers=None)

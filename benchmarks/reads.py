"""What a user reads from a decoded page: the same reads for every candidate, on plain dicts or on typed models.

Two levels, each written once for plain dicts (json.loads and friends) and once for typed models (this client's
attrs classes, the stock generator's, pydantic's and msgspec's, which all spell the fields the same way):

- **typical**: for every order of the page, `id`, `info.status`, `info.product.add_ons` and
  `delivery_assets.listing_floorplans.jpg_urls`, collected into a list of tuples. A group or field that is
  absent, null or unset reads as None, tested the way a user tests it (truthiness: the generator's `Unset` and
  msgspec's `UNSET` are falsy, a model is truthy).
- **every**: every field of every object of the page, recursively, by one walker shared by all candidates. Only
  the way to list an object's children differs: `dict.values` for a dict, one `operator.attrgetter` of the
  field names for a model (attrs fields by alias, so that the client's properties convert what they keep;
  pydantic's `model_fields`; msgspec's `__struct_fields__`), `iter` for a list. Anything else is a leaf. Keys
  the spec does not list (`additional_properties`, pydantic's extras) are not walked: the payloads have none. A
  field the JSON leaves out is one more leaf of a model (None or unset) and nothing of a dict: a documented
  order is 42 leaves as dicts, 43 as any of the models.

Each reader returns what it read (typical: the tuples; every: the number of leaves), so that the tests can check
that every candidate read the same thing (tests/unit/test_benchmarks.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any

__all__ = ["LEVELS", "reader"]

LEVELS = ("typical", "every")

Children = Callable[[Any], Iterable[Any]] | None


# ------------------------------------------------------------------------------------------------- typical


def typical_dicts(page: Any) -> list[tuple[Any, Any, Any, Any]]:
    read = []
    for order in page["items"]:
        info = order["info"]
        product = info.get("product")
        assets = order.get("delivery_assets")
        floorplans = assets.get("listing_floorplans") if assets else None
        read.append(
            (
                order["id"],
                info["status"],
                product.get("add_ons") if product else None,
                floorplans.get("jpg_urls") if floorplans else None,
            )
        )
    return read


def typical_models(page: Any) -> list[tuple[Any, Any, Any, Any]]:
    read = []
    for order in page.items:
        info = order.info
        product = info.product
        assets = order.delivery_assets
        floorplans = assets.listing_floorplans if assets else None
        read.append(
            (
                order.id,
                info.status,
                product.add_ons if product else None,
                floorplans.jpg_urls if floorplans else None,
            )
        )
    return read


# --------------------------------------------------------------------------------------------------- every


def _walker(children_of: Callable[[type], Children]) -> Callable[[Any], int]:
    """A walker over every value reachable from its argument; `children_of(type)` says how to list a value's
    children (None: a leaf), asked once per type and remembered."""
    known: dict[type, Children] = {}

    def walk(value: Any) -> int:
        leaves = 0
        pending = [value]
        pop, extend = pending.pop, pending.extend
        while pending:
            current = pop()
            kind = type(current)
            try:
                children = known[kind]
            except KeyError:
                children = known[kind] = children_of(kind)
            if children is None:
                leaves += 1
            else:
                extend(children(current))
        return leaves

    return walk


def _dict_children(kind: type) -> Children:
    if kind is dict:
        return dict.values
    if kind is list:
        return iter
    return None


def _field_names(kind: type) -> list[str] | None:
    import attrs

    if attrs.has(kind):
        return [field.alias for field in attrs.fields(kind) if field.alias != "additional_properties"]
    if isinstance(getattr(kind, "model_fields", None), dict):  # pydantic v2 (read on the class, not an instance)
        return list(kind.model_fields)  # type: ignore[attr-defined]
    names = getattr(kind, "__struct_fields__", None)  # msgspec.Struct
    return list(names) if isinstance(names, tuple) else None


def _model_children(kind: type) -> Children:
    if kind is list:
        return iter
    names = _field_names(kind)
    if names is None:
        return None
    if len(names) == 1:  # attrgetter of one name returns the value, not a 1-tuple
        one = attrgetter(names[0])
        return lambda value: (one(value),)
    return attrgetter(*names)


def reader(level: str, *, models: bool) -> Callable[[Any], object]:
    """The reads of `level` (LEVELS) for a page of plain dicts or (models=True) of typed models."""
    if level == "typical":
        return typical_models if models else typical_dicts
    if level == "every":
        return _walker(_model_children if models else _dict_children)
    raise KeyError(level)

"""Response bodies decoded in C: msgspec reads the JSON straight into the generated attrs models, eagerly.

Every field is typed when the call returns: a required field that is missing or of another JSON type, a body
that is not JSON, nesting deeper than the decoder can follow - each is a `DecodeFailure` here and a
`ResponseDecodeError` at the call, never later at an attribute. Open enums take values the spec does not list
(their `_missing_`, which msgspec asks); keys a model does not declare are skipped (the drift radar's audit
reports them, see _drift).

An optional field of another JSON type than the spec says (the API changed it) must not fail a whole page: it
is kept as it came, on that object, and everything else is typed (`_lenient`, the slow path such a body takes:
each conflicting field is set aside where it occurs, the rest converted, the values put back). The drift radar
reports it as a type conflict.

Values the spec leaves free-form (`Any`: an order's `go2scan`, `style_template`, `over_limits`) are the one
place a server chooses the shape: they are held to MAX_FREE_FORM_DEPTH levels, so a hostile value cannot
break whoever touches it next (json.dumps, copy.deepcopy, a logging call) with a RecursionError far from the
response that carried it.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs
import msgspec

__all__ = ["MAX_FREE_FORM_DEPTH", "DecodeFailure", "decode", "json_or_none"]

MAX_FREE_FORM_DEPTH = 64
"""How deep a free-form value may nest. The documented shapes nest a few levels."""


class DecodeFailure(ValueError):
    """The body is not a valid instance of the model (its text says why, never the body's values)."""


_Check = Callable[[Any], None]
_DECODERS: dict[type, Callable[[bytes], Any]] = {}


def decode(model: type, content: bytes) -> Any:
    """`content` decoded into `model`, every nested model and enum typed. Raises DecodeFailure."""
    decoder = _DECODERS.get(model)
    if decoder is None:
        decoder = _DECODERS.setdefault(model, _free_form_decoder(model) if _free_form(model) else _typed(model))
    return decoder(content)


def _typed(model: type) -> Callable[[bytes], Any]:
    decoder: msgspec.json.Decoder[Any] = msgspec.json.Decoder(model)
    check = _free_form_check(model)

    def typed(content: bytes) -> Any:
        try:
            value = decoder.decode(content)
        except msgspec.ValidationError as error:
            value = _lenient(model, content, error)
        except (msgspec.DecodeError, UnicodeDecodeError) as error:
            raise DecodeFailure(f"not JSON ({error})") from None
        except RecursionError:
            raise DecodeFailure("JSON nested too deep to read") from None
        if check is not None:
            check(value)
        return value

    return typed


def _free_form(model: type, visiting: frozenset[type] = frozenset()) -> bool:
    """Whether `model` is, or holds, a model the spec describes as any JSON object (ChangeRequest,
    DraftOrderResult): all such a model has is what from_dict keeps in additional_properties, which msgspec
    cannot fill. Those bodies are parsed in C and built by from_dict (ChangeRequestList: a page of them)."""
    if model in visiting:
        return False
    if all(not field.init for field in attrs.fields(model)):
        return True
    hints = typing.get_type_hints(model)
    return any(
        nested is not None and _free_form(nested, visiting | {model})
        for field in attrs.fields(model)
        for nested in _models_in(hints[field.name])
    )


def _free_form_decoder(model: type) -> Callable[[bytes], Any]:
    def free_form(content: bytes) -> Any:
        try:
            value = msgspec.json.decode(content)
        except (msgspec.DecodeError, UnicodeDecodeError) as error:
            raise DecodeFailure(f"not JSON ({error})") from None
        except RecursionError:
            raise DecodeFailure("JSON nested too deep to read") from None
        if not isinstance(value, dict):
            raise DecodeFailure(f"Expected `object`, got `{type(value).__name__}`")
        if not _depth_within(value, MAX_FREE_FORM_DEPTH):
            raise DecodeFailure(f"the object nested deeper than {MAX_FREE_FORM_DEPTH} levels")
        return getattr(model, "from_dict")(value)  # noqa: B009  # every generated model has one

    return free_form


def json_or_none(content: bytes) -> Any:
    """The body as plain JSON values (an error report, the drift radar's audit), or None if it is not JSON."""
    try:
        return msgspec.json.decode(content)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return None


def _depth_within(value: Any, limit: int) -> bool:
    """Whether `value` nests at most `limit` containers deep (iterative: a deep value must not recurse here)."""
    pending = [(value, 1)]
    while pending:
        current, depth = pending.pop()
        items = current.values() if isinstance(current, dict) else current if isinstance(current, list) else None
        if items is None:
            continue
        if depth > limit:
            return False
        pending.extend((item, depth + 1) for item in items if isinstance(item, dict | list))
    return True


def _free_form_check(model: type) -> _Check | None:
    """A function that raises DecodeFailure when a free-form value under `model` nests too deep, or None when
    `model` holds none. It visits only the paths that lead to one, each shared step once (a trie: a page of orders
    costs a few attribute reads per order), without recursion. A value on the way that is not a model (an optional
    field of another type, kept as it came) is held to the same depth."""
    trie: dict[str, Any] = {}
    for path in _free_form_paths(model, frozenset()):
        node = trie
        for step in path:
            node = node.setdefault(step, {})
    if not trie:
        return None
    fast = _fast_walk(trie)

    def check(value: Any) -> None:
        try:
            fast(value)
        except (_Doubt, AttributeError):
            exact(value)

    def exact(value: Any) -> None:
        # `where` is a linked path ((parent, step) or ()): built per item, flattened only for an error.
        pending: list[tuple[Any, dict[str, Any], Any]] = [(value, trie, ())]
        while pending:
            current, node, where = pending.pop()
            if current is None or current is msgspec.UNSET:
                continue
            if node:
                below = node.get("[]")
                if below is not None and type(current) is list:
                    pending.extend([(item, below, (where, index)) for index, item in enumerate(current)])
                    continue
                if below is None:
                    steps = [(getattr(current, step, _RAW), child, (where, step)) for step, child in node.items()]
                    if all(found[0] is not _RAW for found in steps):
                        pending.extend(steps)
                        continue
            if isinstance(current, dict | list) and not _depth_within(current, MAX_FREE_FORM_DEPTH):
                raise DecodeFailure(f"{_where(where)} nested deeper than {MAX_FREE_FORM_DEPTH} levels")

    return check


class _Doubt(Exception):
    """The fast walk met what it does not decide (a value kept as it came, a deep value): the exact walk does."""


def _fast_walk(node: dict[str, Any]) -> _Check:
    """The trie as nested closures (a sixth of the exact walk's time on a page of orders): empty containers and
    None are the common case and cost one call each."""
    if not node:

        def leaf(value: Any) -> None:
            is_container = value.__class__ is dict or value.__class__ is list
            if is_container and value and not _depth_within(value, MAX_FREE_FORM_DEPTH):
                raise _Doubt

        return leaf
    if "[]" in node:
        item_walk = _fast_walk(node["[]"])

        def each(value: Any) -> None:
            if value is None:
                return
            if value.__class__ is not list:
                raise _Doubt
            for item in value:
                item_walk(item)

        return each
    children = [(step, _fast_walk(child)) for step, child in node.items()]

    def fields(value: Any) -> None:
        if value is None or value is msgspec.UNSET:
            return
        for step, child in children:
            child(getattr(value, step))  # AttributeError: not a model (kept as it came)

    return fields


_RAW = object()
"""What getattr finds on a value that is not a model (kept as it came): it is then held to the depth limit."""


def _at(path: _Path) -> str:
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path).lstrip(".")


def _where(linked: Any) -> str:
    steps: list[str | int] = []
    while linked:
        linked, step = linked
        steps.append(step)
    return _at(tuple(reversed(steps)))


def _free_form_paths(model: type, visiting: frozenset[type]) -> list[tuple[str, ...]]:
    if model in visiting:
        return []
    hints = typing.get_type_hints(model)
    paths: list[tuple[str, ...]] = []
    for field in attrs.fields(model):
        for prefix in _paths_in(hints[field.name], visiting | {model}):
            paths.append((field.name, *prefix))
    return paths


def _paths_in(annotation: Any, visiting: frozenset[type]) -> list[tuple[str, ...]]:
    """Paths below a value of this annotation that lead to a free-form value (the empty path: this one)."""
    if annotation is Any:
        return [()]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [path for member in typing.get_args(annotation) for path in _paths_in(member, visiting)]
    if origin is list:
        (item,) = typing.get_args(annotation)
        return [()] if item is Any else [("[]", *path) for path in _paths_in(item, visiting)]
    if origin is dict:
        (_, item) = typing.get_args(annotation)
        return [()] if item is Any else []
    if isinstance(annotation, type) and attrs.has(annotation):
        return _free_form_paths(annotation, visiting)
    return []


MAX_CONFLICTS = 32
"""Distinct optional fields of another type that one body may carry before it is refused as not the model."""
_AT = re.compile(r" - at `\$(.*)`$")
_STEP = re.compile(r"\.(\w+)|\[(\d+)\]")
_Path = tuple[str | int, ...]


def _lenient(model: type, content: bytes, error: msgspec.ValidationError) -> Any:
    """The body typed except for the optional fields whose JSON type conflicts with the spec, kept as they came.
    Raises DecodeFailure for anything else (a required field missing or of another type)."""
    document = json_or_none(content)
    set_aside: list[tuple[_Path, Any]] = []
    patterns: set[tuple[str | None, ...]] = set()
    while True:
        path = _optional_field_at(model, str(error))
        if path is None or len(patterns) >= MAX_CONFLICTS or document is None:
            raise DecodeFailure(str(error)) from None
        pattern = tuple(None if isinstance(step, int) else step for step in path)
        patterns.add(pattern)
        set_aside += _remove_all(document, pattern, ())  # the same field of every list item: one pass per field
        try:
            value: Any = msgspec.convert(document, model)
        except msgspec.ValidationError as again:
            error = again
            continue
        except RecursionError:
            raise DecodeFailure("JSON nested too deep to read") from None
        for where, kept in set_aside:
            if isinstance(kept, dict | list) and not _depth_within(kept, MAX_FREE_FORM_DEPTH):
                raise DecodeFailure(f"{_at(where)} nested deeper than {MAX_FREE_FORM_DEPTH} levels")
            target = value
            for step in where[:-1]:
                target = target[step] if isinstance(step, int) else getattr(target, step)
            setattr(target, str(where[-1]), kept)
        return value


def _optional_field_at(model: type, message: str) -> _Path | None:
    """The path of the optional model field a ValidationError is about (a list index inside its value cut), or
    None when the error is about a required field or is not about one field."""
    match = _AT.search(message)
    if match is None or message.startswith("Object missing required field"):
        return None
    steps: list[str | int] = [int(index) if index else name for name, index in _STEP.findall(match.group(1))]
    current: Any = model
    field_end: int | None = None
    required = False
    for position, step in enumerate(steps):
        current = _model_in(current)
        if isinstance(step, int) or current is None:
            continue
        field = next((f for f in attrs.fields(current) if f.name == step), None)
        if field is None:
            return None
        field_end, required = position + 1, field.default is attrs.NOTHING
        current = typing.get_type_hints(current)[field.name]
    if field_end is None or required:
        return None
    return tuple(steps[:field_end])


def _models_in(annotation: Any) -> list[type]:
    """Every attrs model an annotation names (through unions and lists)."""
    if isinstance(annotation, type) and attrs.has(annotation):
        return [annotation]
    return [model for member in typing.get_args(annotation) for model in _models_in(member)]


def _model_in(annotation: Any) -> Any:
    """The attrs model an annotation holds (through unions and lists), or None."""
    if isinstance(annotation, type) and attrs.has(annotation):
        return annotation
    for member in typing.get_args(annotation):
        found = _model_in(member)
        if found is not None:
            return found
    return None


def _remove_all(value: Any, pattern: tuple[str | None, ...], where: _Path) -> list[tuple[_Path, Any]]:
    """Remove the values at `pattern` (None: every list item) from the JSON `value`; their paths and values."""
    if not pattern:
        return []
    step, rest = pattern[0], pattern[1:]
    if step is None:
        if not isinstance(value, list):
            return []
        return [found for index, item in enumerate(value) for found in _remove_all(item, rest, (*where, index))]
    if not isinstance(value, dict) or step not in value:
        return []
    if not rest:
        return [((*where, step), value.pop(step))]
    return _remove_all(value[step], rest, (*where, step))

"""Contains some shared types for properties"""

import json
import re
import sys
from collections.abc import Callable, Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, Protocol, Self, TypeVar

from attrs import define, field


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


_HTTP_STATUSES = {status.value: status for status in HTTPStatus}


def _http_status(code: int) -> HTTPStatus | int:
    """HTTPStatus where Python knows the code, the plain int otherwise (e.g. 599, or a CDN's 520)"""
    return _HTTP_STATUSES.get(code, code)


class JSONNestingError(ValueError):
    """A JSON body nested deeper than the client reads: refused as an invalid body, not a crash."""


MAX_JSON_DEPTH = 64
""" How deep a JSON value the spec does not describe (an unknown field's value) may be nested. The documented
shapes nest a few levels; anything near the interpreter's recursion limit would break whoever touches it next
(json.dumps, copy.deepcopy, a logging call) with a RecursionError far from the response that caused it. """


class JSONText(bytes):
    """A JSON value kept as its text until first read: what a `Model | None` field holds between the decode of a
    response and its first read (convert_or_keep parses and converts it then). A copy of the value's bytes, not a
    view of the body, and about half the memory of the dicts, lists and strings it becomes (none of them tracked
    by the cyclic GC). Its text was checked when the response was decoded, well-formed JSON in valid UTF-8 with no
    integer too long to convert, that the parser could recurse through, so parsing it again cannot fail (see
    _parse_text and _unchecked_by_skipping)."""

    __slots__ = ()


_PLANS: dict[type, Any] = {}


def _plan_of(model: type, visiting: frozenset[type] = frozenset()) -> Any:
    """Which keys of `model`'s JSON object to keep as text (JSONText), and which lead to arrays of models (a
    one-item list) that keep some: from each model's `_json_plan()` (model.py.jinja), None when nothing is kept.
    A model nested as a single object (an order's info) is parsed as it is, its own `Model | None` fields then
    held as parsed objects until read: reading an object's members one by one costs a parser call per member
    (about 2 us for an order's info, to keep its product's 0.5 KiB as text), while arrays are where a page's bulk
    is. A model met again below itself is parsed at once there, which ends the walk."""
    plan = _PLANS.get(model)
    if plan is not None or model in _PLANS or model in visiting:
        return plan
    described = getattr(model, "_json_plan", None)
    found: dict[str, Any] = {}
    for key, inner in (described() if described is not None else {}).items():
        if inner is JSONText:
            found[key] = inner
        elif isinstance(inner, list):
            nested = _plan_of(inner[0], visiting | {model})
            if nested is not None:
                found[key] = [nested]
    plan = _PLANS[model] = found or None
    return plan


def _json_parser() -> Callable[[bytes, Any], Any]:
    """The JSON parser for response bodies: msgspec's when it is installed (2-4x faster), else the standard library.

    msgspec keeps integers of any size exactly, as json does (orjson would turn those beyond 64 bits into floats).
    What msgspec rejects but json accepts (NaN, Infinity, lone surrogates, a BOM, UTF-16/32 bodies) goes to json,
    so the result, or the error, never depends on which parser ran.

    With msgspec, a plan (see _plan_of) keeps the values of `Model | None` fields as JSONText: the body is read as
    objects of raw values down the planned keys, other values are parsed as they are. Anything off the plan's
    shape is parsed as it is, for from_dict to judge; a body the plan cannot read ends on the plain path, which
    gives the same result or the same error as a parse without a plan.
    """
    try:
        from msgspec import DecodeError, Raw, ValidationError
        from msgspec.json import Decoder
    except ImportError:
        return lambda content, plan: json.loads(content)

    value_of = Decoder().decode  # a Decoder's method: no keyword handling per call, unlike msgspec.json.decode
    members = Decoder(dict[str, Raw]).decode
    items = Decoder(list[Raw]).decode
    items_members = Decoder(list[dict[str, Raw]]).decode  # an array of objects in one pass, not one per item

    def planned_object(found: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
        return {key: planned(value, plan[key]) if key in plan else value_of(value) for key, value in found.items()}

    def planned(raw: Any, plan: Any) -> Any:
        if plan is JSONText:
            text = JSONText(raw)
            return None if text == b"null" else text
        if type(plan) is list:
            inner = plan[0]
            if type(inner) is dict:
                try:
                    return [planned_object(found, inner) for found in items_members(raw)]
                except ValidationError:
                    pass  # an item is not an object (or a value is out of msgspec's range): item by item
            try:
                found = items(raw)
            except ValidationError:  # not an array: as it is
                return value_of(raw)
            return [planned(item, inner) for item in found]
        try:
            found_members = members(raw)
        except ValidationError:  # not an object: as it is
            return value_of(raw)
        return planned_object(found_members, plan)

    def loads(content: bytes, plan: Any) -> Any:
        if plan is not None and not _unchecked_by_skipping(content):
            try:
                return planned(content, plan)
            except (DecodeError, UnicodeDecodeError):
                pass  # the plain path below gives the same result, or the same error
        try:
            return value_of(content)
        except (DecodeError, UnicodeDecodeError):  # msgspec's UnicodeDecodeError counts from the string, not the body
            return json.loads(content)

    return loads


_DIGIT_FLAGS = bytes(49 if 48 <= byte <= 57 else 48 for byte in range(256))  # b"1" for an ASCII digit, else b"0"


def _unchecked_by_skipping(content: bytes) -> bool:
    """Whether `content` holds what msgspec does not check in a value it skips over (a kept one, or one a later
    duplicate key replaces) but json.loads refuses: invalid UTF-8, or an integer longer than Python converts
    (sys.get_int_max_str_digits). Such a body takes the plain path, which refuses it with the response (a run of
    digits inside a string or a float is only parsed plainly), instead of a later read raising or the duplicate
    hiding it. An ASCII body skips the UTF-8 check; a non-ASCII one costs a decode of the whole body (measured:
    6 us for 75 KB, 3.6 ms for 3.7 MB, 4-20 % of the planned parse)."""
    if not content.isascii():
        try:
            content.decode()
        except UnicodeDecodeError:
            return True
    limit = sys.get_int_max_str_digits()
    return 0 < limit < len(content) and _may_hold_a_digit_run(content, limit + 1)


def _may_hold_a_digit_run(content: bytes, length: int) -> bool:
    """Whether `content` may hold `length` ASCII digits in a row, from a sample of every `step`-th byte instead of
    a scan of every byte: such a run covers two consecutive samples (2 * step <= length), and then the stretch
    between them is all digits. True only where some step + 1 digits stand in a row (the plain path then decides),
    never False where a run is."""
    step = length // 2
    flags = content[::step].translate(_DIGIT_FLAGS)
    at = flags.find(b"11")
    while at != -1:
        if content[at * step : (at + 1) * step + 1].isdigit():
            return True
        at = flags.find(b"11", at + 1)
    return False


_loads = _json_parser()


def json_loads(content: bytes, model: type | None = None) -> Any:
    """`content` parsed as JSON, for `model.from_dict` when a model is given (its `Model | None` fields then hold
    JSONText). Both parsers recurse once per nesting level; a body nested beyond the recursion limit is a
    JSONNestingError (a ValueError) instead of a RecursionError."""
    try:
        return _loads(content, None if model is None else _plan_of(model))
    except RecursionError:
        raise JSONNestingError("the JSON body is nested too deeply to read") from None


def check_depth(value: Any, name: str) -> Any:
    """`value` (a JSON value the spec does not describe) if it nests at most MAX_JSON_DEPTH levels, else
    JSONNestingError. Iterative: the check itself must not recurse."""
    pending = [(value, 1)]
    while pending:
        current, depth = pending.pop()
        if not isinstance(current, dict | list):
            continue
        if depth > MAX_JSON_DEPTH:
            raise JSONNestingError(f"{name} is nested more than {MAX_JSON_DEPTH} levels deep")
        pending.extend((child, depth + 1) for child in (current.values() if isinstance(current, dict) else current))
    return value


class _Model(Protocol):
    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self: ...


def _parse_text(text: JSONText, model: type) -> Any:
    """The value of `text`. Its parse recurses once per nesting level from the stack of whoever first reads the
    field; the response's decode went through it from the stack of the call, so only a read from a deeper stack
    can run out of recursion (a hostile value nested hundreds deep): that read parses it again on a thread of its
    own, from an empty stack, instead of failing far from the response."""
    try:
        return json_loads(text, model)
    except JSONNestingError:
        import threading

        parsed: list[Any] = []
        worker = threading.Thread(target=lambda: parsed.append(json_loads(text, model)), name="cubicasa-json")
        worker.start()
        worker.join()
        return parsed[0]


def convert_or_keep(value: Any, model: type[_Model]) -> Any:
    """`model.from_dict(value)` for a JSON object that model converts, else `value` as it is: what from_dict does
    with a `Model | None` field, done on the field's first read. The same exceptions are caught, so a read never
    raises where converting in from_dict would not have; a value kept as it is is converted again on each read.
    JSONText (the field's value as the response decode left it) is parsed first."""
    if type(value) is JSONText:
        value = _parse_text(value, model)
    if isinstance(value, dict):
        try:
            return model.from_dict(value)
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    return value


DriftHook = Callable[[str, str, Any], None]
drift_hook: DriftHook | None = None
""" Told what a decode met that the spec does not describe; None (nothing is told) unless an application installs
one, as cubicasa_integrate does. Called on the decode's slow paths only, never for a document the spec describes,
with (event, schema name, detail): "unknown" (keys the schema does not list) or "invalid" (the whole object, whose
decode is failing) with a dict of JSON key -> Python type of its value, or "enum" with the value an enum does not
list. Never a field's value. """


def drift_keys(event: str, schema: str, d: Any, known: frozenset[str] = frozenset()) -> None:
    """Tell drift_hook, if any, the keys of `d` that `known` lacks, with the types of their values."""
    hook = drift_hook
    if hook is not None and isinstance(d, Mapping):
        hook(event, schema, {key: type(value) for key, value in d.items() if key not in known})


def drift_enum(schema: str, value: str) -> None:
    """Tell drift_hook, if any, of a value that the enum `schema` does not list."""
    hook = drift_hook
    if hook is not None:
        hook("enum", schema, value)


# What an id placed in a URL path may hold: RFC 3986's unreserved characters, which no server, proxy or
# framework decodes, normalises, strips or splits on (a dot only inside: "." and ".." are dot segments, and some
# servers drop trailing dots). Anything else - "/", "\\", "%", ";", "?", "#", control characters, non-ASCII -
# could be decoded or normalised on the way and reach another route or another order.
_PATH_SEGMENT = re.compile(r"[A-Za-z0-9_~-](?:[A-Za-z0-9._~-]{0,254}[A-Za-z0-9_~-])?")


def path_segment(value: str, name: str) -> str:
    """`value` for one path segment of a request URL; ValueError (TypeError for a non-string) if it could leave it."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if _PATH_SEGMENT.fullmatch(value) is None:
        raise ValueError(
            f"{name} is not a valid id: {value[:60]!r}; ids are letters, digits, '-', '_', '~' and inner '.' "
            "(anything else could reach another route on a server or proxy that decodes paths)"
        )
    return value


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus | int = field(converter=_http_status)
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = [
    "MAX_JSON_DEPTH",
    "UNSET",
    "DriftHook",
    "File",
    "FileTypes",
    "JSONNestingError",
    "JSONText",
    "RequestFiles",
    "Response",
    "Unset",
    "check_depth",
    "convert_or_keep",
    "drift_enum",
    "drift_hook",
    "drift_keys",
    "json_loads",
    "path_segment",
]

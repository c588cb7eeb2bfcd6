"""Contains some shared types for properties"""

import json
import re
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


def _json_loads() -> Callable[[bytes], Any]:
    """The JSON parser for response bodies: msgspec's when it is installed (2-4x faster), else the standard library.

    msgspec keeps integers of any size exactly, as json does (orjson would turn those beyond 64 bits into floats).
    What msgspec rejects but json accepts (NaN, Infinity, lone surrogates, a BOM, UTF-16/32 bodies) goes to json,
    so the result, or the error, never depends on which parser ran. Both parsers recurse once per nesting level;
    a body nested beyond the recursion limit is a JSONNestingError (a ValueError) instead of a RecursionError.
    """
    try:
        from msgspec import DecodeError
        from msgspec.json import decode
    except ImportError:
        return _refusing_deep_nesting(json.loads)

    def loads(content: bytes) -> Any:
        try:
            return decode(content)
        except DecodeError:
            return json.loads(content)

    return _refusing_deep_nesting(loads)


def _refusing_deep_nesting(loads: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    def refusing(content: bytes) -> Any:
        try:
            return loads(content)
        except RecursionError:
            raise JSONNestingError("the JSON body is nested too deeply to read") from None

    return refusing


json_loads = _json_loads()


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


def convert_or_keep(value: Any, model: type[_Model]) -> Any:
    """`model.from_dict(value)` for a JSON object that model converts, else `value` as it is: what from_dict does
    with a `Model | None` field, done on the field's first read. The same exceptions are caught, so a read never
    raises where converting in from_dict would not have; a value kept as it is is converted again on each read."""
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

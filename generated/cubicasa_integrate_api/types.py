"""Contains some shared types for properties"""

import gc
import json
from collections.abc import Callable, Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, Any, BinaryIO, Generic, Literal, TypeVar

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


def _json_loads() -> Callable[[bytes], Any]:
    """The JSON parser for response bodies: msgspec's when it is installed (2-4x faster), else the standard library.

    msgspec keeps integers of any size exactly, as json does (orjson would turn those beyond 64 bits into floats).
    What msgspec rejects but json accepts (NaN, Infinity, lone surrogates, a BOM, UTF-16/32 bodies) goes to json,
    so the result, or the error, never depends on which parser ran.
    """
    try:
        from msgspec import DecodeError
        from msgspec.json import decode
    except ImportError:
        return json.loads

    def loads(content: bytes) -> Any:
        try:
            return decode(content)
        except DecodeError:
            return json.loads(content)

    return loads


json_loads = _json_loads()


def without_gc(parse: Callable[..., T], **arguments: Any) -> T:
    """parse(**arguments) with the cyclic garbage collector paused, as Mercurial's util.nogc does.

    A page of orders allocates tens of thousands of objects that all stay alive, so the collector runs again and
    again during the decode without finding anything to free: about a quarter of the decode time, and more the
    larger the page. The pause lasts only for this CPU-bound call (no I/O happens in it) and is undone even if it
    raises; if the collector was already disabled it is left alone. Like any gc.disable(), it applies to the
    whole process: another thread that disables the collector during those milliseconds would find it enabled.
    """
    if not gc.isenabled():
        return parse(**arguments)
    gc.disable()
    try:
        return parse(**arguments)
    finally:
        gc.enable()


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus | int = field(converter=_http_status)
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset", "json_loads", "without_gc"]

"""Contains some shared types for properties"""

import re
from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, BinaryIO, Generic, TypeVar

from attrs import define, field

# msgspec's own "not sent" marker: msgspec decodes a response (in C) straight into the attrs models, and fills an
# absent optional field with it.
from msgspec import UNSET
from msgspec import UnsetType as Unset

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


# An id placed in a URL path: RFC 3986's unreserved characters (a dot only inside), which nothing on the way
# decodes or normalises; "/", "%", "..", control characters could reach another route or another order.
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


def _http_status(code: int) -> HTTPStatus | int:
    """HTTPStatus where Python knows the code, the plain int otherwise (a CDN's 520)"""
    return HTTPStatus(code) if code in HTTPStatus._value2member_map_ else code


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus | int = field(converter=_http_status)
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset", "path_segment"]

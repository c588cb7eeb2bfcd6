"""Requests the client does not cover yet: `client.get/post/put/patch/delete(path, cast_to=...)`.

CubiCasa documents more operations than the spec can describe (their shapes are not documented). A route the spec
lacks is sent through the same request loop as every method, so it keeps every guarantee the facade gives:

- the api-key goes to the base URL's host only: the path is relative to the base URL and checked segment by
  segment with the rule of generated ids (`types.path_segment`): no `/`, `%` (so no `%2F`), `..`, `?`, `#`,
  spaces or control characters in a segment; ids go in `{name}` placeholders, filled from `path_params=` and
  checked the same way. ValueError before anything is sent;
- no redirect is followed (APIRedirectError), errors are the documented ones, redacted of every credential;
- retries only for methods that are safe to repeat (GET, PUT, DELETE): never a POST or PATCH unless the caller says
  `idempotent=True`;
- max_response_bytes caps the body; `cast_to` decodes it (dict, list: any JSON of that type, nested at most
  MAX_FREE_FORM_DEPTH levels; a generated model: as its own operation would; bytes; str, UTF-8; httpx.Response: the
  response, its headers and request redacted) and a body that does not decode is ResponseDecodeError.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, get_origin

import httpx

from ._base_client import Call, RawOperation, is_query_value

if TYPE_CHECKING:
    from ._response import Answer

__all__ = ["METHODS", "SAFE_TO_REPEAT", "as_response", "checked_path", "raw_call", "raw_result"]

T = TypeVar("T")

METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
SAFE_TO_REPEAT = frozenset({"GET", "PUT", "DELETE"})
"""Methods HTTP defines as idempotent: retried after a transient failure unless `idempotent=False`. POST and PATCH
are retried only with `idempotent=True` (a POST may buy something: `orders.upgrade`'s route is one)."""

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# Hop-by-hop or body-framing headers that no longer describe `content` (already decoded, already whole).
_FRAMING = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def _segment(value: object, what: str, path: str) -> str:
    from cubicasa_integrate_api.types import path_segment

    try:
        return path_segment(value, what)  # type: ignore[arg-type]  # path_segment checks the type itself
    except ValueError:
        hint = " (pass the query as params=)" if isinstance(value, str) and ("?" in value or "#" in value) else ""
        raise ValueError(
            f"{what} of {path[:80]!r} is not a safe path segment: {str(value)[:60]!r}{hint}. Segments are letters, "
            "digits, '-', '_', '~' and inner '.' (no '/', '%', '..', '?', '#', spaces or control characters, "
            "which could reach another route); nothing was sent"
        ) from None


def checked_path(path: str, path_params: Mapping[str, str] | None = None) -> str:
    """`path` (relative to the base URL, e.g. `/companies/info` or `/orders/{order_id}/redraw`) with each
    placeholder filled from `path_params`, every segment checked; ValueError / TypeError otherwise."""
    if not isinstance(path, str):
        raise TypeError(f"path must be a str, got {type(path).__name__}")
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(
            f"path must start with one '/' and is relative to the base URL (e.g. '/companies/info'), got "
            f"{path[:60]!r}: the api-key goes to the base URL's host only"
        )
    given = dict(path_params or {})
    used: set[str] = set()
    segments = []
    for index, segment in enumerate(path[1:].split("/"), start=1):
        placeholder = _PLACEHOLDER.fullmatch(segment)
        if placeholder is None:
            segments.append(_segment(segment, f"segment {index}", path))
            continue
        name = placeholder[1]
        if name not in given:
            raise ValueError(f"{path!r} names {{{name}}}, which path_params does not give")
        used.add(name)
        segments.append(_segment(given[name], f"path_params[{name!r}]", path))
    unused = sorted(set(given) - used)
    if unused:
        raise ValueError(f"path_params {unused} are not placeholders of {path!r}")
    return "/" + "/".join(segments)


def _decoder(cast_to: type[Any]) -> Callable[[bytes], Any]:
    """How a 2xx body becomes `cast_to`; TypeError (before anything is sent) for a type it cannot be."""
    from ._decode import MAX_FREE_FORM_DEPTH, DecodeFailure, _depth_within, decode

    if cast_to is bytes or cast_to is httpx.Response:  # httpx.Response: built from the answer (as_response)
        return bytes

    if cast_to is str:

        def text(content: bytes) -> str:
            try:
                return content.decode("utf-8")
            except UnicodeDecodeError as error:
                raise DecodeFailure(f"not UTF-8 text ({error.reason} at byte {error.start})") from None

        return text

    # `dict[str, object]` as well as bare `dict`: a strict type checker (pyright) reads bare `dict` as
    # dict[Unknown, Unknown], so typed code names the item types, and msgspec checks them while decoding.
    container = get_origin(cast_to) or cast_to
    if container is dict or container is list:
        import msgspec

        decoder: msgspec.json.Decoder[Any] = msgspec.json.Decoder(cast_to)

        def plain(content: bytes) -> Any:
            try:
                value = decoder.decode(content)
            except msgspec.ValidationError as error:
                raise DecodeFailure(f"not a JSON {'object' if container is dict else 'array'} ({error})") from None
            except (msgspec.DecodeError, UnicodeDecodeError) as error:
                raise DecodeFailure(f"not JSON ({error})") from None
            except RecursionError:
                raise DecodeFailure("JSON nested too deep to read") from None
            # A hostile value must not break whoever touches it next (json.dumps, deepcopy) far from here.
            if not _depth_within(value, MAX_FREE_FORM_DEPTH):
                raise DecodeFailure(f"JSON nested deeper than {MAX_FREE_FORM_DEPTH} levels")
            return value

        return plain

    if isinstance(cast_to, type) and callable(getattr(cast_to, "from_dict", None)):
        import attrs

        if attrs.has(cast_to):  # a generated model: decoded as its own operation decodes it
            return lambda content: decode(cast_to, content)
    raise TypeError(
        f"cast_to must be a generated model (cubicasa_integrate_api.models), dict, list, bytes, str or "
        f"httpx.Response, got {cast_to!r}"
    )


def _body(body: object) -> Any:
    to_dict = getattr(body, "to_dict", None)
    if callable(to_dict) and not isinstance(body, Mapping):  # a generated model (e.g. a request body model)
        return to_dict()
    if isinstance(body, Mapping):
        return dict(body)
    if isinstance(body, list | tuple):
        return list(body)
    raise TypeError(f"body must be a mapping, a list or a generated model, got {type(body).__name__}")


def raw_call(
    method: str,
    path: str,
    *,
    cast_to: type[T],
    body: object = None,
    params: Mapping[str, object] | None = None,
    path_params: Mapping[str, str] | None = None,
    idempotent: bool | None = None,
) -> Call[T]:
    """The request loop's Call for one request the spec does not describe, every part checked before sending."""
    verb = method.upper() if isinstance(method, str) else method
    if verb not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    checked = checked_path(path, path_params)
    query: dict[str, Any] = {}
    for name, value in (params or {}).items():
        if not isinstance(name, str) or not is_query_value(value):
            raise TypeError(f"params[{name!r}]: names are str, values str, int, float, bool, None or a list of them")
        query[name] = list(value) if isinstance(value, Sequence) and not isinstance(value, str) else value
    if idempotent is not None and not isinstance(idempotent, bool):
        raise TypeError(f"idempotent must be True, False or None, got {idempotent!r}")
    operation = RawOperation(
        method=verb,
        path=checked,
        params=query,
        json=None if body is None else _body(body),
        has_body=body is not None,
        decode=_decoder(cast_to),
    )
    repeatable = verb in SAFE_TO_REPEAT if idempotent is None else idempotent
    return Call(operation, cast_to, idempotent=repeatable)


def as_response(answer: Answer[Any]) -> httpx.Response:
    """The answer as an httpx.Response for `cast_to=httpx.Response`: a copy, its headers and its request's redacted
    of every credential the request carried (the request sent holds the api-key)."""
    from ._response import APIResponse

    seen = APIResponse.of(answer, None)
    headers = [(name, value) for name, value in seen.headers.multi_items() if name.lower() not in _FRAMING]
    return httpx.Response(seen.status_code, headers=headers, content=seen.content, request=seen.http_request)


def raw_result(answer: Answer[Any], cast_to: type[T]) -> T:
    """What client.get/post/... return for `answer`: its decoded result (or the error raised), as `cast_to`."""
    result = answer.result()
    if cast_to is httpx.Response:
        return as_response(answer)  # type: ignore[return-value]  # T is httpx.Response here
    return result  # type: ignore[no-any-return]  # decoded by cast_to's decoder (_decoder)

"""generated/.../types.py json_loads (custom template types.py.jinja): msgspec when installed, with exactly the
standard library's results - the parser that ran never shows."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

import pytest

from cubicasa_integrate_api import types

EDGE_CASES = [
    b'{"id": "x", "n": 1, "f": 0.1, "none": null, "list": [true, false], "s": "\\u00e9\\ud83d\\ude00"}',
    b"12345678901234567890123456789",  # beyond 64 bits: stays an exact int (orjson would make it a float)
    b"-9223372036854775809",
    b"5e-324",
    b"-0.0",
    b"NaN",  # json accepts these four, msgspec does not: json decides
    b"1e400",
    b'"\\ud800"',
    b"\xef\xbb\xbf{}",
    '{"a": 1}'.encode("utf-16"),
    b'{"a": 1, "a": 2}',
]
INVALID = [b"", b"<html>maintenance</html>", b'{"id": "x", "info": {"status"', b"[1, 2,]", b"\xff"]


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("content", EDGE_CASES)
def test_result_is_the_standard_librarys(content: bytes) -> None:
    assert same(types.json_loads(content), json.loads(content))


@pytest.mark.parametrize("content", INVALID)
def test_invalid_json_raises_the_standard_librarys_error(content: bytes) -> None:
    try:
        json.loads(content)
    except ValueError as error:
        expected = error
    with pytest.raises(type(expected)) as caught:
        types.json_loads(content)
    assert str(caught.value) == str(expected)


def test_msgspec_is_used_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import msgspec.json

    seen: list[bytes] = []
    real = msgspec.json.Decoder

    class Spy:
        def __init__(self, *args: Any) -> None:
            self.decoder = real(*args)

        def decode(self, content: bytes) -> Any:
            seen.append(content)
            return self.decoder.decode(content)

    monkeypatch.setattr(msgspec.json, "Decoder", Spy)
    assert types._json_parser()(b"{}", None) == {}
    assert seen == [b"{}"]


def test_without_msgspec_the_standard_library_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "msgspec", None)  # import msgspec now raises ImportError
    seen: list[bytes] = []
    real = json.loads
    monkeypatch.setattr(json, "loads", lambda content: seen.append(content) or real(content))
    assert types._json_parser()(b"[1]", None) == [1]
    assert seen == [b"[1]"]


@pytest.mark.parametrize("with_msgspec", [True, False])
def test_a_body_nested_beyond_the_recursion_limit_is_a_value_error(
    monkeypatch: pytest.MonkeyPatch, with_msgspec: bool
) -> None:
    """0.3.1 let the parsers' RecursionError out; it is a JSONNestingError (a ValueError) now, without the body."""
    if not with_msgspec:
        monkeypatch.setitem(sys.modules, "msgspec", None)
        monkeypatch.setattr(types, "_loads", types._json_parser())
    for depth in (5_000, 100_000):
        with pytest.raises(types.JSONNestingError) as caught:
            types.json_loads(b"[" * depth + b"]" * depth)
        assert isinstance(caught.value, ValueError)
        assert caught.value.__context__ is None or not hasattr(caught.value.__context__, "doc")


def test_unknown_values_nested_deeper_than_the_limit_are_refused() -> None:
    from cubicasa_integrate_api.models import Order
    from tests.unit.fakes import order_json

    def nested(depth: int) -> object:
        value: object = "leaf"
        for _ in range(depth):
            value = {"x": [value]}
        return value

    fine = {**order_json(), "extra": nested(types.MAX_JSON_DEPTH // 2)}
    assert Order.from_dict(fine).to_dict() == fine
    with pytest.raises(types.JSONNestingError, match="extra is nested more than"):
        Order.from_dict({**order_json(), "extra": nested(types.MAX_JSON_DEPTH)})

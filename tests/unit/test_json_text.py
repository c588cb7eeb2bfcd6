"""`Model | None` fields kept as JSON text until first read (types.JSONText, the parse plan each model describes
in `_json_plan`, types.json_loads with a model): an unread page holds about half the memory of the same page
parsed, and nothing about the value or its errors may differ from parsing it all at once."""

from __future__ import annotations

import copy
import json
import pickle
import sys
import threading
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cubicasa_integrate import CubiCasa
from cubicasa_integrate.errors import ResponseDecodeError
from cubicasa_integrate_api import models, types
from cubicasa_integrate_api.types import JSONText, json_loads
from tests.unit.fakes import order_json, page_json

ORDER_ID = "312babc6-e742-4d54-ac49-e0f7b16ec15a"


def body(value: Any) -> bytes:
    return json.dumps(value).encode()


def plain(value: Any) -> Any:
    """`value` with every JSONText parsed: what the same body parsed at once gives."""
    if type(value) is JSONText:
        return json.loads(value)
    if isinstance(value, dict):
        return {key: plain(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [plain(inner) for inner in value]
    return value


# ------------------------------------------------------------------------------------------------ the mechanism


def test_a_page_keeps_each_model_or_null_field_as_text_until_it_is_read() -> None:
    page = models.OrderList.from_dict(json_loads(body(page_json([order_json()], has_more=False)), models.OrderList))
    order = page.items[0]
    assert type(order._address) is JSONText
    assert type(order._delivery_assets) is JSONText
    assert type(order.info._product) is dict  # a single nested object's fields are held parsed (types._plan_of)

    assets = order.delivery_assets
    assert isinstance(assets, models.DeliveryAssets)
    assert order._delivery_assets is assets  # parsed and converted once, then kept
    assert type(assets._listing_floorplans) is JSONText  # one level at a time
    assert isinstance(assets.listing_floorplans, models.ListingFloorplans)
    assert order.to_dict() == order_json()


def test_the_client_decodes_pages_and_orders_with_the_plan() -> None:
    """The endpoint modules pass their model to json_loads: without it every field would be parsed up front."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/orders"):
            return httpx.Response(200, json=page_json([order_json()], has_more=False))
        return httpx.Response(200, json=order_json())

    with CubiCasa("plan-test-api-key-0123456789", transport=httpx.MockTransport(answer)) as client:
        listed = next(iter(client.orders.list()))
        fetched = client.orders.get(ORDER_ID)
    for order in (listed, fetched):
        assert type(order._delivery_assets) is JSONText
        assert order.to_dict() == order_json()


def test_null_is_none_at_once() -> None:
    data = order_json()
    data["address"] = None
    order = models.Order.from_dict(json_loads(body(data), models.Order))
    assert order._address is None
    assert order.address is None


def test_text_is_a_copy_and_does_not_keep_the_body_alive() -> None:
    content = bytearray(body(order_json()))
    order = models.Order.from_dict(json_loads(bytes(content), models.Order))
    assert isinstance(order._address, bytes)
    content[:] = b" " * len(content)
    assert order.address.to_dict() == order_json()["address"]  # type: ignore[union-attr]


def test_an_unread_order_equals_a_read_one_copies_and_pickles() -> None:
    content = body(order_json())
    read, unread = (models.Order.from_dict(json_loads(content, models.Order)) for _ in range(2))
    read.delivery_assets, read.address, read.info.product  # noqa: B018 - reading is the point
    assert read == unread
    assert unread == read
    assert repr(read) == repr(unread)
    for clone in (copy.copy(unread), copy.deepcopy(unread), pickle.loads(pickle.dumps(unread))):
        assert clone == read
        assert clone.to_dict() == order_json()


def test_plans_end_at_a_model_met_again_below_itself() -> None:
    class Node:
        @classmethod
        def _json_plan(cls) -> dict[str, Any]:
            return {"child": Node, "children": [Node], "note": JSONText}

    class Leaf:  # no plan: nothing below it is kept as text
        pass

    class Holder:
        @classmethod
        def _json_plan(cls) -> dict[str, Any]:
            return {"leaf": Leaf, "leaves": [Leaf]}

    class Page:
        @classmethod
        def _json_plan(cls) -> dict[str, Any]:
            return {"nodes": [Node], "node": Node}

    plan = types._plan_of(Node)
    assert plan == {"note": JSONText}  # Node below Node is parsed as it is
    assert types._plan_of(Page) == {"nodes": [plan]}  # a single nested object is parsed as it is
    assert types._plan_of(Holder) is None
    assert types._plan_of(Leaf) is None


# ---------------------------------------------------------------------- same value, same error, at the same call

# Raw JSON put where a `Model | None` field's value goes (`address`): what the standard library and msgspec treat
# differently, or what msgspec checks only when it parses a value rather than skipping over it.
TEXTS = [
    b'{"city": "Espoo", "suite": "\\u00e4\\ud83d\\ude00", "street": "K\xc3\xa4ntt\xc3\xb6"}',
    b'{"n": 12345678901234567890123456789, "m": -9223372036854775809}',
    b'{"tiny": 5e-324, "zero": -0.0, "huge": 1e400}',
    b'{"a": 1, "a": 2}',
    b"  [1, 2]  ",
    b'"a string"',
    b"12",
    b"null",
    b"{}",
    b'{"nan": NaN}',
    b'{"inf": -Infinity}',
    b'{"lone": "\\ud800"}',
    b'{"bad utf-8": "\xff\xfe"}',
    b'{"bad utf-8 key \xff": 1}',
    b'{"bad escape": "\\x"}',
    b'{"unterminated": "',
    b'{"trailing": [1, 2,]}',
]


def order_body_with_address(text: bytes) -> bytes:
    head, tail = body({**order_json(), "address": "<>"}).split(b'"<>"')
    return head + text + tail


@pytest.mark.parametrize("text", TEXTS, ids=repr)
@pytest.mark.parametrize("model", [models.Order, models.OrderList])
def test_a_planned_parse_gives_the_plain_parses_value_or_error(text: bytes, model: type) -> None:
    content = order_body_with_address(text)
    if model is models.OrderList:
        content = b'{"pagination": {"has_more": false, "limit": 20}, "items": [' + content + b"]}"
    try:
        expected: Any = json.loads(content)
    except ValueError as error:
        refused: ValueError | None = error
    else:
        refused = None
    if refused is not None:
        with pytest.raises(type(refused)) as caught:
            json_loads(content, model)
        assert str(caught.value) == str(refused)
        return
    parsed = json_loads(content, model)
    assert repr(plain(parsed)) == repr(expected)  # repr: NaN is not equal to itself
    decoded = model.from_dict(parsed)
    assert repr(decoded.to_dict()) == repr(model.from_dict(expected).to_dict())


@pytest.mark.parametrize(
    "shape",
    [
        {"items": {}},
        {"items": [1, "x", None, []]},
        {"items": [{"id": ORDER_ID, "info": [], "address": {}}]},
        {"items": [{"id": ORDER_ID, "info": "text", "delivery_assets": 3}]},
        [],
        "a string",
    ],
    ids=repr,
)
def test_bodies_off_the_plans_shape_are_parsed_as_they_are(shape: Any) -> None:
    content = body(shape)
    assert plain(json_loads(content, models.OrderList)) == json.loads(content)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
planned_keys = st.sampled_from(["items", "info", "address", "delivery_assets", "product", "listing_floorplans"])


@settings(max_examples=200, deadline=None)
@given(
    address=json_values,
    assets=json_values,
    product=json_values,
    extra=st.dictionaries(planned_keys | st.text(max_size=8), json_values, max_size=3),
)
def test_any_value_under_any_planned_key_reads_back_as_the_plain_parse(
    address: Any, assets: Any, product: Any, extra: dict[str, Any]
) -> None:
    order = {**order_json(), **extra, "address": address, "delivery_assets": assets}
    if isinstance(order["info"], dict):
        order["info"] = {**order["info"], "product": product}
    content = body({"pagination": {"has_more": False, "limit": 20}, "items": [order, extra]})
    parsed = json_loads(content, models.OrderList)
    assert plain(parsed) == json.loads(content)
    try:
        expected = models.OrderList.from_dict(json.loads(content))
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        with pytest.raises(type(error)):
            models.OrderList.from_dict(parsed)
    else:
        assert models.OrderList.from_dict(parsed) == expected


def test_without_msgspec_the_plan_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "msgspec", None)
    monkeypatch.setattr(types, "_loads", types._json_parser())
    content = body(page_json([order_json()], has_more=False))
    parsed = json_loads(content, models.OrderList)
    assert parsed == json.loads(content)
    assert type(parsed["items"][0]["address"]) is dict


# ------------------------------------------------------------------------------------- hostile nesting, read late


def nested(depth: int) -> bytes:
    return b'{"city": "Tampere", "surprise": ' + b"[" * depth + b"]" * depth + b"}"


def read_at_stack_depth(depth: int, read: Any) -> Any:
    if depth > 0:
        return read_at_stack_depth(depth - 1, read)
    return read()


def test_a_value_nested_hundreds_deep_reads_back_from_a_deep_stack() -> None:
    """Decoded from a shallow stack, read from one deep enough that parsing the text there would run out of
    recursion: the read parses it on a thread of its own, and returns what the plain parse gave."""
    limit = sys.getrecursionlimit()
    depth = limit - 150
    content = order_body_with_address(nested(depth))
    order = models.Order.from_dict(json_loads(content, models.Order))
    assert type(order._address) is JSONText
    threads: list[str] = []
    original = threading.Thread.start

    def counting_start(self: threading.Thread) -> None:
        threads.append(self.name)
        original(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(threading.Thread, "start", counting_start)
        value = read_at_stack_depth(limit - depth // 2, lambda: order.address)
    assert threads == ["cubicasa-json"]
    assert isinstance(value, dict)  # kept as it is: its unknown key is nested beyond MAX_JSON_DEPTH
    surprise = value["surprise"]
    for _ in range(depth - 1):
        (surprise,) = surprise
    assert surprise == []


# ------------------------------------------------- what skipping over a value does not check, checked all the same

# msgspec checks the syntax of a value it skips over (a kept one, or one a later duplicate key replaces), but not
# what only building it would find: an integer longer than Python converts (sys.get_int_max_str_digits, 4300 by
# default) or invalid UTF-8 in a value nobody keeps.
TOO_MANY_DIGITS = b"9" * 4301


def with_order_key(key: bytes, value: bytes, after: bytes | None = None) -> bytes:
    """An order's body with `key` first holding `value`, then (a duplicate, which wins) `after` when given."""
    content = body(order_json())
    entries = b'"' + key + b'": ' + value + b", "
    if after is not None:
        entries += b'"' + key + b'": ' + after + b", "
    if key in {b"id", b"info", b"address", b"delivery_assets"}:
        content = content.replace(b'"' + key + b'": ', b'"replaced-' + key + b'": ', 1)
    return b"{" + entries + content[1:]


HIDDEN = {
    "a kept value with an integer beyond the digit limit": order_body_with_address(b'{"n": ' + TOO_MANY_DIGITS + b"}"),
    "a kept value that is such an integer": order_body_with_address(b"-" + TOO_MANY_DIGITS),
    "such an integer inside a kept product": body(order_json()).replace(
        b'"product": {', b'"product": {"n": ' + TOO_MANY_DIGITS + b", ", 1
    ),
    "a replaced address with invalid UTF-8": with_order_key(b"address", b'{"street": "\xff"}', b"null"),
    "a replaced address with such an integer": with_order_key(b"address", TOO_MANY_DIGITS, b"null"),
    "a replaced id with invalid UTF-8": with_order_key(b"id", b'"\xff"', json.dumps(ORDER_ID).encode()),
    "a replaced unknown key with such an integer": with_order_key(b"extra", TOO_MANY_DIGITS, b"1"),
    "a replaced info with invalid UTF-8": with_order_key(
        b"info", b'{"status": "\xc3"}', json.dumps(order_json()["info"]).encode()
    ),
}


@pytest.mark.parametrize("content", HIDDEN.values(), ids=HIDDEN.keys())
@pytest.mark.parametrize("model", [models.Order, models.OrderList])
def test_what_the_plan_skips_over_is_refused_as_the_plain_parse_refuses_it(content: bytes, model: type) -> None:
    if model is models.OrderList:
        content = b'{"pagination": {"has_more": false, "limit": 20}, "items": [' + content + b"]}"
    with pytest.raises(ValueError, match=r"utf-8|digits") as expected:
        json.loads(content)
    with pytest.raises(type(expected.value)) as caught:
        json_loads(content, model)
    assert str(caught.value) == str(expected.value)


def test_an_integer_beyond_the_digit_limit_in_a_kept_value_fails_the_call_not_the_read() -> None:
    content = order_body_with_address(b'{"city": "Espoo", "n": ' + TOO_MANY_DIGITS + b"}")

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=content, headers={"content-type": "application/json"})

    with (
        CubiCasa("plan-test-api-key-0123456789", transport=httpx.MockTransport(answer)) as client,
        pytest.raises(ResponseDecodeError) as refused,
    ):
        client.orders.get(ORDER_ID)
    assert "plan-test-api-key" not in str(refused.value)


def longest_digit_run(content: bytes) -> int:
    longest = run = 0
    for byte in content:
        run = run + 1 if 48 <= byte <= 57 else 0
        longest = max(longest, run)
    return longest


@settings(max_examples=500, deadline=None)
@given(
    content=st.lists(st.sampled_from([b"0", b"7", b"9", b"x", b'"', b"\xc3\xa4"]), max_size=300).map(b"".join),
    length=st.integers(min_value=2, max_value=80),
)
def test_the_sampled_digit_scan_never_misses_a_run(content: bytes, length: int) -> None:
    """types._may_hold_a_digit_run looks at every (length // 2)-th byte: a run of `length` digits anywhere must
    still be found, and a body with no run of length // 2 + 1 digits is never sent to the plain path."""
    longest = longest_digit_run(content)
    found = types._may_hold_a_digit_run(content, length)
    if longest >= length:
        assert found
    if longest <= length // 2:
        assert not found

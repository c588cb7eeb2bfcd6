"""The eager typed decode (cubicasa_integrate._decode): msgspec, in C, straight into the generated attrs models.

Issue 23, finding 2: on 0.5.0 an `address` or `delivery_assets` holding an unknown member nested past 64 levels
quietly became a plain dict (`order.address.city` raised AttributeError; asset_urls found no file), and a
`delivery_assets` kept as text gave a to_dict() other than json.loads + from_dict.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cubicasa_integrate import CubiCasa, asset_urls
from cubicasa_integrate._decode import MAX_FREE_FORM_DEPTH, DecodeFailure, decode
from cubicasa_integrate.errors import ResponseDecodeError
from cubicasa_integrate_api.models import ChangeRequest, Order, OrderList
from tests.support import as_read
from tests.unit.fakes import KEY, order_json, page_json


def nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"deeper": [value]}
    return value


def listed(*orders: dict[str, Any]) -> OrderList:
    answer = httpx.MockTransport(lambda request: httpx.Response(200, json=page_json(list(orders), has_more=False)))
    with CubiCasa(KEY, transport=answer, max_retries=0) as client:
        return next(client.orders.list().pages())


@pytest.mark.parametrize("where", ["address", "delivery_assets"])
def test_an_unknown_member_nested_deep_leaves_the_object_typed_and_its_files_found(where: str) -> None:
    order = order_json()
    order[where]["surprise"] = nested(100)  # past 0.5.0's 64 levels, far below what the decoder follows
    decoded = listed(order).items[0]
    assert decoded.address.city == order_json()["address"]["city"]  # type: ignore[union-attr]
    assert len(list(asset_urls(decoded))) == len(list(asset_urls(Order.from_dict(order_json())))) == 13


@settings(max_examples=60, deadline=None)
@given(
    city=st.one_of(st.none(), st.text(max_size=20)),
    area=st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False), st.integers(-(2**53), 2**53)),
    jpgs=st.one_of(st.none(), st.lists(st.text(max_size=30), max_size=4)),
    drop=st.sets(st.sampled_from(["address", "delivery_assets", "first_delivered_at", "product"])),
)
def test_the_client_decode_is_from_dict_of_json_loads(
    city: str | None, area: float | None, jpgs: list[str] | None, drop: set[str]
) -> None:
    """Whatever documented shape a body has, the C decode and the generated from_dict agree, to_dict() too."""
    order = order_json(total_scanned_area=area)
    order["address"]["city"] = city
    order["delivery_assets"]["listing_floorplans"]["jpg_urls"] = jpgs
    for key in drop & {"address", "delivery_assets"}:
        del order[key]
    for key in drop & {"first_delivered_at", "product"}:
        order["info"].pop(key, None)
    content = json.dumps(page_json([order], has_more=False)).encode()
    decoded = decode(OrderList, content)
    assert decoded == OrderList.from_dict(json.loads(content))
    assert decoded.to_dict() == as_read(OrderList, json.loads(content))


def test_an_optional_field_of_another_type_is_kept_as_it_came_on_every_order_and_the_rest_typed() -> None:
    orders = [order_json(total_scanned_area=f"{n}.5 m2") for n in range(3)]
    orders[1]["address"]["latitude"] = "north"
    decoded = decode(OrderList, json.dumps(page_json(orders, has_more=False)).encode())
    assert [o.info.total_scanned_area for o in decoded.items] == ["0.5 m2", "1.5 m2", "2.5 m2"]
    assert decoded.items[1].address.latitude == "north"  # type: ignore[union-attr]
    assert decoded.items[0].address.latitude == order_json()["address"]["latitude"]  # type: ignore[union-attr]
    assert type(decoded.items[2].info).__name__ == "OrderInfo"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda o: o.update(id=None), "Expected `str`, got `null` - at `$.items[0].id`"),
        (lambda o: o["info"].update(created_at="yesterday"), "at `$.items[0].info.created_at`"),
        (lambda o: o["info"].pop("status"), "missing required field `status`"),
        (lambda o: o.update(info="Ready"), "Expected `object`, got `str` - at `$.items[0].info`"),
    ],
)
def test_a_required_field_missing_or_of_another_type_fails_the_call(change: Any, message: str) -> None:
    order = order_json()
    change(order)
    with pytest.raises(ResponseDecodeError) as caught:
        listed(order)
    assert message in str(caught.value)


def test_a_free_form_value_is_held_to_its_depth_limit() -> None:
    within, beyond = order_json(go2scan=nested(MAX_FREE_FORM_DEPTH // 2 - 1)), order_json(go2scan=nested(40))
    assert listed(within).items[0].info.go2scan == nested(MAX_FREE_FORM_DEPTH // 2 - 1)
    with pytest.raises(ResponseDecodeError, match=f"info.go2scan nested deeper than {MAX_FREE_FORM_DEPTH} levels"):
        listed(beyond)
    over = order_json()
    over["info"]["product"]["over_limits"] = [nested(40)]
    with pytest.raises(ResponseDecodeError, match=r"items\[0\].info.product.over_limits nested deeper"):
        listed(over)


def test_a_free_form_model_keeps_every_key_and_is_held_to_the_limit() -> None:
    body = {"id": "cr-1", "comment": "move the kitchen", "extra": {"n": [1, 2]}}
    assert decode(ChangeRequest, json.dumps(body).encode()).to_dict() == body
    for bad in (b"[1, 2]", b"nope", json.dumps(nested(40)).encode()):
        with pytest.raises(DecodeFailure):
            decode(ChangeRequest, bad)


@pytest.mark.parametrize(
    "content",
    [b"", b"<html>maintenance</html>", b'{"pagination"', b"[1, 2,]", b"\xff", b"NaN", b"[" * 100_000],
)
def test_what_is_not_json_is_a_decode_failure(content: bytes) -> None:
    with pytest.raises(DecodeFailure):
        decode(OrderList, content)


def test_a_deep_body_is_a_decode_failure_not_a_recursion_error() -> None:
    """Balanced, valid JSON nested 100,000 deep in a key the spec does not list: msgspec's own limit, reported."""
    head = json.dumps(page_json([order_json()], has_more=False)).encode()
    marker = b'"info": {'
    deep = b'"surprise": ' + b"[" * 100_000 + b"]" * 100_000 + b", "
    content = head.replace(marker, marker + deep, 1)
    assert deep in content
    with pytest.raises(DecodeFailure, match="nested too deep to read"):
        decode(OrderList, content)


def test_the_decode_does_not_change_the_body_it_read() -> None:
    order = order_json(total_scanned_area="1 m2")
    page = page_json([order], has_more=False)
    before = copy.deepcopy(page)
    decode(OrderList, json.dumps(page).encode())
    assert page == before


def test_a_model_field_of_another_type_on_the_way_to_a_free_form_value_is_kept_not_a_crash() -> None:
    """`info.product` leads to the free-form `over_limits`: a product that came as a string is kept as it came
    (an AttributeError from the depth check on 0.5.0)."""
    order = order_json()
    order["info"]["product"] = "premium"
    decoded = decode(OrderList, json.dumps(page_json([order], has_more=False)).encode())
    assert decoded.items[0].info.product == "premium"


@pytest.mark.parametrize("where", ["address", "product"])
def test_a_value_kept_as_it_came_is_held_to_the_depth_limit(where: str) -> None:
    """A field of another type is kept as raw JSON: nested too deep, it would break json.dumps or deepcopy later."""
    order = order_json()
    deep: Any = []
    for _ in range(MAX_FREE_FORM_DEPTH):
        deep = [deep]  # MAX_FREE_FORM_DEPTH + 1 levels
    (order["info"] if where == "product" else order)[where] = deep
    with pytest.raises(DecodeFailure, match=f"items\\[0\\].*{where} nested deeper than {MAX_FREE_FORM_DEPTH}"):
        decode(OrderList, json.dumps(page_json([order], has_more=False)).encode())
    (order["info"] if where == "product" else order)[where] = deep[0]  # at the limit: kept
    decode(OrderList, json.dumps(page_json([order], has_more=False)).encode())

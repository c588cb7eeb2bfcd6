from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.order import Order
from ...models.upgrade_order_request import UpgradeOrderRequest
from ...models.validation_error_body import ValidationErrorBody
from ...types import Response, path_segment


def _get_kwargs(
    order_id: str,
    *,
    body: UpgradeOrderRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/orders/{order_id}/post-purchase".format(
            order_id=path_segment(order_id, "order_id"),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


# The public surface of this operation for a request loop of its own (cubicasa_integrate's): the request builder,
# and the model of each documented status range (None: a body without a model).
build_request = _get_kwargs
RESPONSES: tuple[tuple[int, int, type | None], ...] = (
    (200, 200, Order),
    (400, 400, ValidationErrorBody),
    (401, 401, ErrorBody),
    (403, 403, ErrorBody),
    (404, 404, ErrorBody),
    (429, 429, ErrorBody),
    (500, 599, ErrorBody),
)


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | Order | ValidationErrorBody | None:
    if response.status_code == 200:
        response_200 = Order.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ValidationErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorBody.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if 500 <= response.status_code <= 599:
        response_5xx = ErrorBody.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | Order | ValidationErrorBody]:
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpgradeOrderRequest,
) -> Response[ErrorBody | Order | ValidationErrorBody]:
    """Upgrade order

     Upgrade an order's package or purchase add-ons for it (documented: "Upgrade orders packages or
    purchase add-ons"). This **buys** something: it is not idempotent as far as anyone knows (no
    idempotency mechanism is documented), so a client must never send it twice for one purchase.

    What can still be bought is listed in the order's `info.product.purchasable_add_ons` and
    `info.product.purchasable_package_types`. The response is the updated order.

    Args:
        order_id (str):
        body (UpgradeOrderRequest): What to buy for an order. The documented example sends both
            keys, `{"package_type": null, "add_ons":
            ["gla"]}`. Which keys the server requires is not documented (the page's field table was
            not captured).
            `add_ons` is `required` here as a rule for clients, not as a fact about the server
            (`x-evidence-required: inferred`). `package_type` is optional: nothing documented requires
            it, and a
            client that buys only add-ons need not invent a value for it. Omitting it has not been
            observed, though:
            sending `null`, as the documented example does, is the documented way to keep the current
            package
            (`x-evidence-optional`). This project's Python client sends `null`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | Order | ValidationErrorBody]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpgradeOrderRequest,
) -> ErrorBody | Order | ValidationErrorBody | None:
    """Upgrade order

     Upgrade an order's package or purchase add-ons for it (documented: "Upgrade orders packages or
    purchase add-ons"). This **buys** something: it is not idempotent as far as anyone knows (no
    idempotency mechanism is documented), so a client must never send it twice for one purchase.

    What can still be bought is listed in the order's `info.product.purchasable_add_ons` and
    `info.product.purchasable_package_types`. The response is the updated order.

    Args:
        order_id (str):
        body (UpgradeOrderRequest): What to buy for an order. The documented example sends both
            keys, `{"package_type": null, "add_ons":
            ["gla"]}`. Which keys the server requires is not documented (the page's field table was
            not captured).
            `add_ons` is `required` here as a rule for clients, not as a fact about the server
            (`x-evidence-required: inferred`). `package_type` is optional: nothing documented requires
            it, and a
            client that buys only add-ons need not invent a value for it. Omitting it has not been
            observed, though:
            sending `null`, as the documented example does, is the documented way to keep the current
            package
            (`x-evidence-optional`). This project's Python client sends `null`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | Order | ValidationErrorBody
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpgradeOrderRequest,
) -> Response[ErrorBody | Order | ValidationErrorBody]:
    """Upgrade order

     Upgrade an order's package or purchase add-ons for it (documented: "Upgrade orders packages or
    purchase add-ons"). This **buys** something: it is not idempotent as far as anyone knows (no
    idempotency mechanism is documented), so a client must never send it twice for one purchase.

    What can still be bought is listed in the order's `info.product.purchasable_add_ons` and
    `info.product.purchasable_package_types`. The response is the updated order.

    Args:
        order_id (str):
        body (UpgradeOrderRequest): What to buy for an order. The documented example sends both
            keys, `{"package_type": null, "add_ons":
            ["gla"]}`. Which keys the server requires is not documented (the page's field table was
            not captured).
            `add_ons` is `required` here as a rule for clients, not as a fact about the server
            (`x-evidence-required: inferred`). `package_type` is optional: nothing documented requires
            it, and a
            client that buys only add-ons need not invent a value for it. Omitting it has not been
            observed, though:
            sending `null`, as the documented example does, is the documented way to keep the current
            package
            (`x-evidence-optional`). This project's Python client sends `null`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | Order | ValidationErrorBody]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpgradeOrderRequest,
) -> ErrorBody | Order | ValidationErrorBody | None:
    """Upgrade order

     Upgrade an order's package or purchase add-ons for it (documented: "Upgrade orders packages or
    purchase add-ons"). This **buys** something: it is not idempotent as far as anyone knows (no
    idempotency mechanism is documented), so a client must never send it twice for one purchase.

    What can still be bought is listed in the order's `info.product.purchasable_add_ons` and
    `info.product.purchasable_package_types`. The response is the updated order.

    Args:
        order_id (str):
        body (UpgradeOrderRequest): What to buy for an order. The documented example sends both
            keys, `{"package_type": null, "add_ons":
            ["gla"]}`. Which keys the server requires is not documented (the page's field table was
            not captured).
            `add_ons` is `required` here as a rule for clients, not as a fact about the server
            (`x-evidence-required: inferred`). `package_type` is optional: nothing documented requires
            it, and a
            client that buys only add-ons need not invent a value for it. Omitting it has not been
            observed, though:
            sending `null`, as the documented example does, is the documented way to keep the current
            package
            (`x-evidence-optional`). This project's Python client sends `null`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | Order | ValidationErrorBody
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            body=body,
        )
    ).parsed

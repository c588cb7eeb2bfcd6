from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.order import Order
from ...models.validation_error_body import ValidationErrorBody
from ...types import Response, path_segment


def _get_kwargs(
    order_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/orders/{order_id}".format(
            order_id=path_segment(order_id, "order_id"),
        ),
    }

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
) -> Response[ErrorBody | Order | ValidationErrorBody]:
    """Get order by ID

     Get order details with order ID. Check `delivery_assets` to get the download links for the
    floor-plan assets (documented). The documentation calls this page's path parameter `id` and
    `order_id` on the other order pages; this document calls it `order_id` on every order route, so that
    generated clients take the same argument everywhere. The name of a path parameter is not on the
    wire:
    the URL is the same (`x-documented-parameter-name`).

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | Order | ValidationErrorBody]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorBody | Order | ValidationErrorBody | None:
    """Get order by ID

     Get order details with order ID. Check `delivery_assets` to get the download links for the
    floor-plan assets (documented). The documentation calls this page's path parameter `id` and
    `order_id` on the other order pages; this document calls it `order_id` on every order route, so that
    generated clients take the same argument everywhere. The name of a path parameter is not on the
    wire:
    the URL is the same (`x-documented-parameter-name`).

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | Order | ValidationErrorBody
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorBody | Order | ValidationErrorBody]:
    """Get order by ID

     Get order details with order ID. Check `delivery_assets` to get the download links for the
    floor-plan assets (documented). The documentation calls this page's path parameter `id` and
    `order_id` on the other order pages; this document calls it `order_id` on every order route, so that
    generated clients take the same argument everywhere. The name of a path parameter is not on the
    wire:
    the URL is the same (`x-documented-parameter-name`).

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | Order | ValidationErrorBody]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorBody | Order | ValidationErrorBody | None:
    """Get order by ID

     Get order details with order ID. Check `delivery_assets` to get the download links for the
    floor-plan assets (documented). The documentation calls this page's path parameter `id` and
    `order_id` on the other order pages; this document calls it `order_id` on every order route, so that
    generated clients take the same argument everywhere. The name of a path parameter is not on the
    wire:
    the URL is the same (`x-documented-parameter-name`).

    Args:
        order_id (str):

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
        )
    ).parsed

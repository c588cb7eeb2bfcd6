from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.order_list import OrderList
from ...models.order_status import OrderStatus
from ...models.validation_error_body import ValidationErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    status: list[OrderStatus] | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["offset"] = offset

    json_status: list[str] | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = []
        for status_item_data in status:
            status_item = status_item_data.value
            json_status.append(status_item)

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/orders",
        "params": params,
    }

    return _kwargs


# The public surface of this operation for a request loop of its own (cubicasa_integrate's): the request builder,
# and the model of each documented status range (None: a body without a model).
build_request = _get_kwargs
RESPONSES: tuple[tuple[int, int, type | None], ...] = (
    (200, 200, OrderList),
    (400, 400, ValidationErrorBody),
    (401, 401, ErrorBody),
    (403, 403, ErrorBody),
    (404, 404, ErrorBody),
    (429, 429, ErrorBody),
    (500, 599, ErrorBody),
)


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | OrderList | ValidationErrorBody | None:
    if response.status_code == 200:
        response_200 = OrderList.from_dict(response.json())

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
) -> Response[ErrorBody | OrderList | ValidationErrorBody]:
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    status: list[OrderStatus] | Unset = UNSET,
) -> Response[ErrorBody | OrderList | ValidationErrorBody]:
    """List orders

     List the company's orders, 20 per page by default. The documentation says "List last 20 orders"
    (documented), which suggests newest first; the order of the items is not stated (inferred). Follow
    `pagination.next_offset` to request the next page while `pagination.has_more` is true.

    The documentation page was cut off right after the description: further query parameters (for
    example external id or date filters) may exist but are unknown. Whether list items carry the full
    `delivery_assets` is unknown too; fetch an order with `getOrder` to be sure.

    Args:
        limit (int | Unset):
        offset (int | Unset):
        status (list[OrderStatus] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | OrderList | ValidationErrorBody]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    status: list[OrderStatus] | Unset = UNSET,
) -> ErrorBody | OrderList | ValidationErrorBody | None:
    """List orders

     List the company's orders, 20 per page by default. The documentation says "List last 20 orders"
    (documented), which suggests newest first; the order of the items is not stated (inferred). Follow
    `pagination.next_offset` to request the next page while `pagination.has_more` is true.

    The documentation page was cut off right after the description: further query parameters (for
    example external id or date filters) may exist but are unknown. Whether list items carry the full
    `delivery_assets` is unknown too; fetch an order with `getOrder` to be sure.

    Args:
        limit (int | Unset):
        offset (int | Unset):
        status (list[OrderStatus] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | OrderList | ValidationErrorBody
    """

    return sync_detailed(
        client=client,
        limit=limit,
        offset=offset,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    status: list[OrderStatus] | Unset = UNSET,
) -> Response[ErrorBody | OrderList | ValidationErrorBody]:
    """List orders

     List the company's orders, 20 per page by default. The documentation says "List last 20 orders"
    (documented), which suggests newest first; the order of the items is not stated (inferred). Follow
    `pagination.next_offset` to request the next page while `pagination.has_more` is true.

    The documentation page was cut off right after the description: further query parameters (for
    example external id or date filters) may exist but are unknown. Whether list items carry the full
    `delivery_assets` is unknown too; fetch an order with `getOrder` to be sure.

    Args:
        limit (int | Unset):
        offset (int | Unset):
        status (list[OrderStatus] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | OrderList | ValidationErrorBody]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    status: list[OrderStatus] | Unset = UNSET,
) -> ErrorBody | OrderList | ValidationErrorBody | None:
    """List orders

     List the company's orders, 20 per page by default. The documentation says "List last 20 orders"
    (documented), which suggests newest first; the order of the items is not stated (inferred). Follow
    `pagination.next_offset` to request the next page while `pagination.has_more` is true.

    The documentation page was cut off right after the description: further query parameters (for
    example external id or date filters) may exist but are unknown. Whether list items carry the full
    `delivery_assets` is unknown too; fetch an order with `getOrder` to be sure.

    Args:
        limit (int | Unset):
        offset (int | Unset):
        status (list[OrderStatus] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | OrderList | ValidationErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            offset=offset,
            status=status,
        )
    ).parsed

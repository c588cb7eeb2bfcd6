from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.change_request_list import ChangeRequestList
from ...models.error_body import ErrorBody
from ...models.validation_error_body import ValidationErrorBody
from ...types import Response, path_segment


def _get_kwargs(
    order_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/orders/{order_id}/change-requests".format(
            order_id=path_segment(order_id, "order_id"),
        ),
    }

    return _kwargs


# The public surface of this operation for a request loop of its own (cubicasa_integrate's): the request builder,
# and the model of each documented status range (None: a body without a model).
build_request = _get_kwargs
RESPONSES: tuple[tuple[int, int, type | None], ...] = (
    (200, 200, ChangeRequestList),
    (400, 400, ValidationErrorBody),
    (401, 401, ErrorBody),
    (403, 403, ErrorBody),
    (404, 404, ErrorBody),
    (429, 429, ErrorBody),
    (500, 599, ErrorBody),
)


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ChangeRequestList | ErrorBody | ValidationErrorBody | None:
    if response.status_code == 200:
        response_200 = ChangeRequestList.from_dict(response.json())

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
) -> Response[ChangeRequestList | ErrorBody | ValidationErrorBody]:
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
) -> Response[ChangeRequestList | ErrorBody | ValidationErrorBody]:
    """List all change requests of order

     List the change requests of an order. The operation is in the documentation's navigation but its
    page was not available: the path is inferred from its siblings, and the response is assumed to use
    the documented pagination envelope ("All list-based API endpoints in CubiCasa use this pagination
    model"); the item shape is unknown.

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChangeRequestList | ErrorBody | ValidationErrorBody]
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
) -> ChangeRequestList | ErrorBody | ValidationErrorBody | None:
    """List all change requests of order

     List the change requests of an order. The operation is in the documentation's navigation but its
    page was not available: the path is inferred from its siblings, and the response is assumed to use
    the documented pagination envelope ("All list-based API endpoints in CubiCasa use this pagination
    model"); the item shape is unknown.

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChangeRequestList | ErrorBody | ValidationErrorBody
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ChangeRequestList | ErrorBody | ValidationErrorBody]:
    """List all change requests of order

     List the change requests of an order. The operation is in the documentation's navigation but its
    page was not available: the path is inferred from its siblings, and the response is assumed to use
    the documented pagination envelope ("All list-based API endpoints in CubiCasa use this pagination
    model"); the item shape is unknown.

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChangeRequestList | ErrorBody | ValidationErrorBody]
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
) -> ChangeRequestList | ErrorBody | ValidationErrorBody | None:
    """List all change requests of order

     List the change requests of an order. The operation is in the documentation's navigation but its
    page was not available: the path is inferred from its siblings, and the response is assumed to use
    the documented pagination envelope ("All list-based API endpoints in CubiCasa use this pagination
    model"); the item shape is unknown.

    Args:
        order_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChangeRequestList | ErrorBody | ValidationErrorBody
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
        )
    ).parsed

from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.user_list import UserList
from ...models.validation_error_body import ValidationErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/users",
        "params": params,
    }

    return _kwargs


# The public surface of this operation for a request loop of its own (cubicasa_integrate's): the request builder,
# and the model of each documented status range (None: a body without a model).
build_request = _get_kwargs
RESPONSES: tuple[tuple[int, int, type | None], ...] = (
    (200, 200, UserList),
    (400, 400, ValidationErrorBody),
    (401, 401, ErrorBody),
    (403, 403, ErrorBody),
    (404, 404, ErrorBody),
    (429, 429, ErrorBody),
    (500, 599, ErrorBody),
)


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | UserList | ValidationErrorBody | None:
    if response.status_code == 200:
        response_200 = UserList.from_dict(response.json())

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
) -> Response[ErrorBody | UserList | ValidationErrorBody]:
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
) -> Response[ErrorBody | UserList | ValidationErrorBody]:
    """List all users

     List all users in the company account (documented), in the documented pagination envelope. The page
    shows no query parameters; `limit`/`offset` are inferred from the Pagination page ("All list-based
    API
    endpoints in CubiCasa use this pagination model"), so a client that sends them must still follow
    `pagination` and stop when `has_more` is false.

    Args:
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | UserList | ValidationErrorBody]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
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
) -> ErrorBody | UserList | ValidationErrorBody | None:
    """List all users

     List all users in the company account (documented), in the documented pagination envelope. The page
    shows no query parameters; `limit`/`offset` are inferred from the Pagination page ("All list-based
    API
    endpoints in CubiCasa use this pagination model"), so a client that sends them must still follow
    `pagination` and stop when `has_more` is false.

    Args:
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | UserList | ValidationErrorBody
    """

    return sync_detailed(
        client=client,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> Response[ErrorBody | UserList | ValidationErrorBody]:
    """List all users

     List all users in the company account (documented), in the documented pagination envelope. The page
    shows no query parameters; `limit`/`offset` are inferred from the Pagination page ("All list-based
    API
    endpoints in CubiCasa use this pagination model"), so a client that sends them must still follow
    `pagination` and stop when `has_more` is false.

    Args:
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | UserList | ValidationErrorBody]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
) -> ErrorBody | UserList | ValidationErrorBody | None:
    """List all users

     List all users in the company account (documented), in the documented pagination envelope. The page
    shows no query parameters; `limit`/`offset` are inferred from the Pagination page ("All list-based
    API
    endpoints in CubiCasa use this pagination model"), so a client that sends them must still follow
    `pagination` and stop when `has_more` is false.

    Args:
        limit (int | Unset):
        offset (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | UserList | ValidationErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            offset=offset,
        )
    ).parsed

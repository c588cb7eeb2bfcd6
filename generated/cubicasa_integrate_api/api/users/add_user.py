from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.add_user_request import AddUserRequest
from ...models.add_user_response import AddUserResponse
from ...models.error_body import ErrorBody
from ...models.validation_error_body import ValidationErrorBody
from ...types import Response


def _get_kwargs(
    *,
    body: AddUserRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/users",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


# The public surface of this operation for a request loop of its own (cubicasa_integrate's): the request builder,
# and the model of each documented status range (None: a body without a model).
build_request = _get_kwargs
RESPONSES: tuple[tuple[int, int, type | None], ...] = (
    (200, 200, AddUserResponse),
    (400, 400, ValidationErrorBody),
    (401, 401, ErrorBody),
    (403, 403, ErrorBody),
    (404, 404, ErrorBody),
    (429, 429, ErrorBody),
    (500, 599, ErrorBody),
)


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AddUserResponse | ErrorBody | ValidationErrorBody | None:
    if response.status_code == 200:
        response_200 = AddUserResponse.from_dict(response.json())

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
) -> Response[AddUserResponse | ErrorBody | ValidationErrorBody]:
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AddUserRequest,
) -> Response[AddUserResponse | ErrorBody | ValidationErrorBody]:
    """Add new user

     Add a new user to the company account. If `password` is not provided, an invitation e-mail is sent
    to the new user, which must be completed before using the service (documented). Roles: Managers have
    access to every feature and setting; Users only see scans in their own office and cannot access
    company settings; Collaborators receive no order e-mails, only see their own orders and have limited
    access to features. Success is 200, not 201 (documented).

    Args:
        body (AddUserRequest): A new user. Without `password`, an invitation e-mail is sent.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddUserResponse | ErrorBody | ValidationErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: AddUserRequest,
) -> AddUserResponse | ErrorBody | ValidationErrorBody | None:
    """Add new user

     Add a new user to the company account. If `password` is not provided, an invitation e-mail is sent
    to the new user, which must be completed before using the service (documented). Roles: Managers have
    access to every feature and setting; Users only see scans in their own office and cannot access
    company settings; Collaborators receive no order e-mails, only see their own orders and have limited
    access to features. Success is 200, not 201 (documented).

    Args:
        body (AddUserRequest): A new user. Without `password`, an invitation e-mail is sent.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddUserResponse | ErrorBody | ValidationErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AddUserRequest,
) -> Response[AddUserResponse | ErrorBody | ValidationErrorBody]:
    """Add new user

     Add a new user to the company account. If `password` is not provided, an invitation e-mail is sent
    to the new user, which must be completed before using the service (documented). Roles: Managers have
    access to every feature and setting; Users only see scans in their own office and cannot access
    company settings; Collaborators receive no order e-mails, only see their own orders and have limited
    access to features. Success is 200, not 201 (documented).

    Args:
        body (AddUserRequest): A new user. Without `password`, an invitation e-mail is sent.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddUserResponse | ErrorBody | ValidationErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AddUserRequest,
) -> AddUserResponse | ErrorBody | ValidationErrorBody | None:
    """Add new user

     Add a new user to the company account. If `password` is not provided, an invitation e-mail is sent
    to the new user, which must be completed before using the service (documented). Roles: Managers have
    access to every feature and setting; Users only see scans in their own office and cannot access
    company settings; Collaborators receive no order e-mails, only see their own orders and have limited
    access to features. Success is 200, not 201 (documented).

    Args:
        body (AddUserRequest): A new user. Without `password`, an invitation e-mail is sent.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddUserResponse | ErrorBody | ValidationErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed

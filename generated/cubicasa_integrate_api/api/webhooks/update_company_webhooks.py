from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.validation_error_body import ValidationErrorBody
from ...models.webhook_config import WebhookConfig
from ...models.webhook_config_input import WebhookConfigInput
from ...types import Response


def _get_kwargs(
    *,
    body: WebhookConfigInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/companies/webhook",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


# The public surface of this operation for a request loop of its own (cubicasa_integrate's): the request builder,
# and the model of each documented status range (None: a body without a model).
build_request = _get_kwargs
RESPONSES: tuple[tuple[int, int, type | None], ...] = (
    (200, 200, WebhookConfig),
    (400, 400, ValidationErrorBody),
    (401, 401, ErrorBody),
    (403, 403, ErrorBody),
    (404, 404, ErrorBody),
    (429, 429, ErrorBody),
    (500, 599, ErrorBody),
)


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | ValidationErrorBody | WebhookConfig | None:
    if response.status_code == 200:
        response_200 = WebhookConfig.from_dict(response.json())

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
) -> Response[ErrorBody | ValidationErrorBody | WebhookConfig]:
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: WebhookConfigInput,
) -> Response[ErrorBody | ValidationErrorBody | WebhookConfig]:
    """Update company webhooks

     Replace the company's webhook URLs and triggers (documented: "Old webhooks are replaced with the new
    ones"). The URLs are called with an `OrderStatusEvent` (see `webhooks.orderStatus`) whenever an
    event
    for one of the selected triggers happens. No signing secret is documented.

    Args:
        body (WebhookConfigInput): The company's webhook URLs and triggers; the same shape is sent
            and returned. Registration replaces the previous configuration.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ValidationErrorBody | WebhookConfig]
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
    body: WebhookConfigInput,
) -> ErrorBody | ValidationErrorBody | WebhookConfig | None:
    """Update company webhooks

     Replace the company's webhook URLs and triggers (documented: "Old webhooks are replaced with the new
    ones"). The URLs are called with an `OrderStatusEvent` (see `webhooks.orderStatus`) whenever an
    event
    for one of the selected triggers happens. No signing secret is documented.

    Args:
        body (WebhookConfigInput): The company's webhook URLs and triggers; the same shape is sent
            and returned. Registration replaces the previous configuration.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ValidationErrorBody | WebhookConfig
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: WebhookConfigInput,
) -> Response[ErrorBody | ValidationErrorBody | WebhookConfig]:
    """Update company webhooks

     Replace the company's webhook URLs and triggers (documented: "Old webhooks are replaced with the new
    ones"). The URLs are called with an `OrderStatusEvent` (see `webhooks.orderStatus`) whenever an
    event
    for one of the selected triggers happens. No signing secret is documented.

    Args:
        body (WebhookConfigInput): The company's webhook URLs and triggers; the same shape is sent
            and returned. Registration replaces the previous configuration.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ValidationErrorBody | WebhookConfig]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: WebhookConfigInput,
) -> ErrorBody | ValidationErrorBody | WebhookConfig | None:
    """Update company webhooks

     Replace the company's webhook URLs and triggers (documented: "Old webhooks are replaced with the new
    ones"). The URLs are called with an `OrderStatusEvent` (see `webhooks.orderStatus`) whenever an
    event
    for one of the selected triggers happens. No signing secret is documented.

    Args:
        body (WebhookConfigInput): The company's webhook URLs and triggers; the same shape is sent
            and returned. Registration replaces the previous configuration.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ValidationErrorBody | WebhookConfig
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed

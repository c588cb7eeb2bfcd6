"""client.webhooks: register the URLs CubiCasa calls when an order changes status (see cubicasa_integrate.webhooks
for parsing what it sends)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

import httpx

from .._base_client import AsyncAPIClient, Call, RequestOptions, SyncAPIClient
from .._response import async_to_raw_response_wrapper, to_raw_response_wrapper

if TYPE_CHECKING:
    from cubicasa_integrate_api.models import WebhookConfig

__all__ = ["AsyncWebhooks", "AsyncWebhooksWithRawResponse", "Webhooks", "WebhooksWithRawResponse"]

# The generated endpoint modules and models are imported by the functions that use them, on the first call
# of each operation, so that `from cubicasa_integrate import CubiCasa` does not load every model (and attrs).


def _update(urls: Iterable[str], triggers: Iterable[str]) -> Call[WebhookConfig]:
    if isinstance(urls, str) or isinstance(triggers, str):
        raise TypeError("urls and triggers must be lists, e.g. urls=['https://...'], triggers=['moved_to_ready']")
    url_list = list(urls)
    for url in url_list:
        if not isinstance(url, str) or httpx.URL(url).scheme not in ("http", "https"):
            raise ValueError(f"webhook URLs must be absolute http(s) URLs, got {url!r}")
    from cubicasa_integrate_api.api.webhooks import update_company_webhooks
    from cubicasa_integrate_api.models import WebhookConfig, WebhookConfigInput, WebhookTrigger

    body = WebhookConfigInput(webhook_urls=url_list, webhook_triggers=[WebhookTrigger(t) for t in triggers])
    return Call(update_company_webhooks, WebhookConfig, {"body": body})


class Webhooks:
    def __init__(self, api: SyncAPIClient) -> None:
        self._api = api

    @cached_property
    def with_raw_response(self) -> WebhooksWithRawResponse:
        """The same methods, returning the HTTP response with the result."""
        return WebhooksWithRawResponse(self)

    def update(
        self,
        *,
        urls: Iterable[str],
        triggers: Iterable[str],
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> WebhookConfig:
        """Replace every registered webhook URL and trigger with these (an empty list removes them all)."""
        return self._api.request(
            _update(urls, triggers), RequestOptions(extra_headers, timeout, extra_query, extra_body)
        )


class WebhooksWithRawResponse:
    def __init__(self, webhooks: Webhooks) -> None:
        self.update = to_raw_response_wrapper(webhooks.update)


class AsyncWebhooks:
    def __init__(self, api: AsyncAPIClient) -> None:
        self._api = api

    @cached_property
    def with_raw_response(self) -> AsyncWebhooksWithRawResponse:
        return AsyncWebhooksWithRawResponse(self)

    async def update(
        self,
        *,
        urls: Iterable[str],
        triggers: Iterable[str],
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> WebhookConfig:
        """Replace every registered webhook URL and trigger with these."""
        return await self._api.request(
            _update(urls, triggers), RequestOptions(extra_headers, timeout, extra_query, extra_body)
        )


class AsyncWebhooksWithRawResponse:
    def __init__(self, webhooks: AsyncWebhooks) -> None:
        self.update = async_to_raw_response_wrapper(webhooks.update)

"""client.webhooks: register the URLs CubiCasa calls when an order changes status (see cubicasa_integrate.webhooks
for parsing what it sends)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import httpx

from .._base_client import AsyncAPIClient, Call, SyncAPIClient

if TYPE_CHECKING:
    from cubicasa_integrate_api.models import WebhookConfig

__all__ = ["AsyncWebhooks", "Webhooks"]

# The generated endpoint modules and models are imported by the functions that use them, on the first call
# of each operation, so that `from cubicasa_integrate import CubiCasa` does not load all 43 models (and attrs).


def _update(urls: Iterable[str], triggers: Iterable[str]) -> Call[WebhookConfig]:
    if isinstance(urls, str) or isinstance(triggers, str):
        raise TypeError("urls and triggers must be lists, e.g. urls=['https://...'], triggers=['moved_to_ready']")
    url_list = list(urls)
    for url in url_list:
        if not isinstance(url, str) or httpx.URL(url).scheme not in ("http", "https"):
            raise ValueError(f"webhook URLs must be absolute http(s) URLs, got {url!r}")
    from cubicasa_integrate_api.api.webhooks import update_company_webhooks
    from cubicasa_integrate_api.models import WebhookConfig, WebhookTrigger

    body = WebhookConfig(webhook_urls=url_list, webhook_triggers=[WebhookTrigger(t) for t in triggers])
    return Call(update_company_webhooks, WebhookConfig, {"body": body})


class Webhooks:
    def __init__(self, api: SyncAPIClient) -> None:
        self._api = api

    def update(self, *, urls: Iterable[str], triggers: Iterable[str]) -> WebhookConfig:
        """Replace every registered webhook URL and trigger with these (an empty list removes them all)."""
        return self._api.request(_update(urls, triggers))


class AsyncWebhooks:
    def __init__(self, api: AsyncAPIClient) -> None:
        self._api = api

    async def update(self, *, urls: Iterable[str], triggers: Iterable[str]) -> WebhookConfig:
        """Replace every registered webhook URL and trigger with these."""
        return await self._api.request(_update(urls, triggers))

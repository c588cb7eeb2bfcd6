from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.webhook_trigger import WebhookTrigger

T = TypeVar("T", bound="WebhookConfig")


@_attrs_define
class WebhookConfig:
    """The company's webhook URLs and triggers; the same shape is sent and returned. Registration replaces the previous
    configuration.

    """

    webhook_urls: list[str] | None = None
    """ URLs to call; replaces every previously registered URL. """
    webhook_triggers: list[WebhookTrigger] | None = None

    def to_dict(self) -> dict[str, Any]:
        webhook_urls: list[str] | None
        if isinstance(self.webhook_urls, list):
            webhook_urls = self.webhook_urls

        else:
            webhook_urls = self.webhook_urls

        webhook_triggers: list[str] | None
        if isinstance(self.webhook_triggers, list):
            webhook_triggers = []
            for webhook_triggers_type_0_item_data in self.webhook_triggers:
                webhook_triggers_type_0_item = webhook_triggers_type_0_item_data.value
                webhook_triggers.append(webhook_triggers_type_0_item)

        else:
            webhook_triggers = self.webhook_triggers

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if webhook_urls is not None:
            field_dict["webhook_urls"] = webhook_urls
        if webhook_triggers is not None:
            field_dict["webhook_triggers"] = webhook_triggers

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_webhook_urls(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                webhook_urls_type_0 = cast(list[str], data)

                return webhook_urls_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        webhook_urls = _parse_webhook_urls(d.pop("webhook_urls", None))

        def _parse_webhook_triggers(data: object) -> list[WebhookTrigger] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                webhook_triggers_type_0 = []
                _webhook_triggers_type_0 = data
                for webhook_triggers_type_0_item_data in _webhook_triggers_type_0:
                    webhook_triggers_type_0_item = WebhookTrigger(webhook_triggers_type_0_item_data)

                    webhook_triggers_type_0.append(webhook_triggers_type_0_item)

                return webhook_triggers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[WebhookTrigger] | None, data)

        webhook_triggers = _parse_webhook_triggers(d.pop("webhook_triggers", None))

        webhook_config = cls(
            webhook_urls=webhook_urls,
            webhook_triggers=webhook_triggers,
        )

        return webhook_config

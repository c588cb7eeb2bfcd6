from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.webhook_trigger import WebhookTrigger
from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookConfigInput")


@_attrs_define
class WebhookConfigInput:
    """The company's webhook URLs and triggers; the same shape is sent and returned. Registration replaces the previous
    configuration.

    """

    webhook_urls: list[str] | Unset = UNSET
    """ URLs to call; replaces every previously registered URL. """
    webhook_triggers: list[WebhookTrigger] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        webhook_urls: list[str] | Unset = UNSET
        if not isinstance(self.webhook_urls, Unset):
            webhook_urls = self.webhook_urls

        webhook_triggers: list[str] | Unset = UNSET
        if not isinstance(self.webhook_triggers, Unset):
            webhook_triggers = []
            for webhook_triggers_item_data in self.webhook_triggers:
                webhook_triggers_item = webhook_triggers_item_data.value
                webhook_triggers.append(webhook_triggers_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if webhook_urls is not UNSET:
            field_dict["webhook_urls"] = webhook_urls
        if webhook_triggers is not UNSET:
            field_dict["webhook_triggers"] = webhook_triggers

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        webhook_urls = cast(list[str], d.pop("webhook_urls", UNSET))

        _webhook_triggers = d.pop("webhook_triggers", UNSET)
        webhook_triggers: list[WebhookTrigger] | Unset = UNSET
        if _webhook_triggers is not UNSET:
            webhook_triggers = []
            for webhook_triggers_item_data in _webhook_triggers:
                webhook_triggers_item = WebhookTrigger(webhook_triggers_item_data)

                webhook_triggers.append(webhook_triggers_item)

        webhook_config_input = cls(
            webhook_urls=webhook_urls,
            webhook_triggers=webhook_triggers,
        )

        return webhook_config_input

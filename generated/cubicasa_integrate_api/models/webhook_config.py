from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_trigger import WebhookTrigger
from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="WebhookConfig")

_KEYS = frozenset(
    {
        "webhook_urls",
        "webhook_triggers",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class WebhookConfig:
    """The company's webhook URLs and triggers; the same shape is sent and returned. Registration replaces the previous
    configuration.

    """

    webhook_urls: list[str] | Unset = UNSET
    """ URLs to call; replaces every previously registered URL. """
    webhook_triggers: list[WebhookTrigger] | Unset = UNSET
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

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
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if webhook_urls is not UNSET:
            field_dict["webhook_urls"] = webhook_urls
        if webhook_triggers is not UNSET:
            field_dict["webhook_triggers"] = webhook_triggers

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            webhook_urls = d.get("webhook_urls", UNSET)

            _webhook_triggers = d.get("webhook_triggers", UNSET)
            webhook_triggers: list[WebhookTrigger] | Unset = UNSET
            if _webhook_triggers is not UNSET:
                webhook_triggers = list(map(WebhookTrigger._by_value.__getitem__, _webhook_triggers))

        except Exception:
            drift_keys("invalid", "WebhookConfig", d)
            raise
        webhook_config = cls(
            webhook_urls,
            webhook_triggers,
        )

        if not _KEYS.issuperset(d):
            webhook_config._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "WebhookConfig", d, _KEYS)
        return webhook_config

    @property
    def additional_properties(self) -> dict[str, Any]:
        """The keys of the JSON object that the spec does not list, with their values."""
        if self._additional_properties is None:
            self._additional_properties = {}
        return self._additional_properties

    @additional_properties.setter
    def additional_properties(self, value: dict[str, Any]) -> None:
        self._additional_properties = value

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

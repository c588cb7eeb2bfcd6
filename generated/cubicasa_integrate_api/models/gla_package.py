from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="GlaPackage")

_KEYS = frozenset(
    {
        "image_urls",
        "report_urls",
        "gla_formula_text",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class GlaPackage:
    """The GLA report: images, the report PDF and the formula used to compute the area."""

    image_urls: list[str] | None | Unset = UNSET
    """ Download URLs of one file type; may be empty or null. """
    report_urls: list[str] | None | Unset = UNSET
    """ Download URLs of one file type; may be empty or null. """
    gla_formula_text: None | str | Unset = UNSET
    """ Human-readable GLA computation, floor by floor. """
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        image_urls: list[str] | None | Unset
        if isinstance(self.image_urls, Unset):
            image_urls = UNSET
        elif isinstance(self.image_urls, list):
            image_urls = self.image_urls

        else:
            image_urls = self.image_urls

        report_urls: list[str] | None | Unset
        if isinstance(self.report_urls, Unset):
            report_urls = UNSET
        elif isinstance(self.report_urls, list):
            report_urls = self.report_urls

        else:
            report_urls = self.report_urls

        gla_formula_text: None | str | Unset
        if isinstance(self.gla_formula_text, Unset):
            gla_formula_text = UNSET
        else:
            gla_formula_text = self.gla_formula_text

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if image_urls is not UNSET:
            field_dict["image_urls"] = image_urls
        if report_urls is not UNSET:
            field_dict["report_urls"] = report_urls
        if gla_formula_text is not UNSET:
            field_dict["gla_formula_text"] = gla_formula_text

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            image_urls: list[str] | None | Unset = d.get("image_urls", UNSET)

            report_urls: list[str] | None | Unset = d.get("report_urls", UNSET)

            gla_formula_text: None | str | Unset = d.get("gla_formula_text", UNSET)

        except Exception:
            drift_keys("invalid", "GlaPackage", d)
            raise
        gla_package = cls(
            image_urls,
            report_urls,
            gla_formula_text,
        )

        if not _KEYS.issuperset(d):
            gla_package._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "GlaPackage", d, _KEYS)
        return gla_package

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

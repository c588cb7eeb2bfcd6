from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="GlaPackage")


@_attrs_define
class GlaPackage:
    """The GLA report: images, the report PDF and the formula used to compute the area."""

    image_urls: list[str] | None = None
    report_urls: list[str] | None = None
    gla_formula_text: None | str = None
    """ Human-readable GLA computation, floor by floor. """

    def to_dict(self) -> dict[str, Any]:
        image_urls: list[str] | None
        if isinstance(self.image_urls, list):
            image_urls = self.image_urls

        else:
            image_urls = self.image_urls

        report_urls: list[str] | None
        if isinstance(self.report_urls, list):
            report_urls = self.report_urls

        else:
            report_urls = self.report_urls

        gla_formula_text: None | str
        gla_formula_text = self.gla_formula_text

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if image_urls is not None:
            field_dict["image_urls"] = image_urls
        if report_urls is not None:
            field_dict["report_urls"] = report_urls
        if gla_formula_text is not None:
            field_dict["gla_formula_text"] = gla_formula_text

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_image_urls(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_asset_urls_type_0 = cast(list[str], data)

                return componentsschemas_asset_urls_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        image_urls = _parse_image_urls(d.pop("image_urls", None))

        def _parse_report_urls(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_asset_urls_type_0 = cast(list[str], data)

                return componentsschemas_asset_urls_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        report_urls = _parse_report_urls(d.pop("report_urls", None))

        def _parse_gla_formula_text(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gla_formula_text = _parse_gla_formula_text(d.pop("gla_formula_text", None))

        gla_package = cls(
            image_urls=image_urls,
            report_urls=report_urls,
            gla_formula_text=gla_formula_text,
        )

        return gla_package

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Snapshot")


@_attrs_define
class Snapshot:
    """The snapshot report."""

    pdf_urls: list[str] | None = None
    image_urls: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        pdf_urls: list[str] | None
        if isinstance(self.pdf_urls, list):
            pdf_urls = self.pdf_urls

        else:
            pdf_urls = self.pdf_urls

        image_urls: list[str] | None
        if isinstance(self.image_urls, list):
            image_urls = self.image_urls

        else:
            image_urls = self.image_urls

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if pdf_urls is not None:
            field_dict["pdf_urls"] = pdf_urls
        if image_urls is not None:
            field_dict["image_urls"] = image_urls

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_pdf_urls(data: object) -> list[str] | None:
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

        pdf_urls = _parse_pdf_urls(d.pop("pdf_urls", None))

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

        snapshot = cls(
            pdf_urls=pdf_urls,
            image_urls=image_urls,
        )

        return snapshot

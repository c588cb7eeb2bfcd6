from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ListingFloorplans")


@_attrs_define
class ListingFloorplans:
    """2D listing floor plans per file type; `_dim` = with dimensions."""

    jpg_urls: list[str] | None = None
    png_urls: list[str] | None = None
    svg_urls: list[str] | None = None
    pdf_urls: list[str] | None = None
    zip_urls: list[str] | None = None
    jpg_urls_dim: list[str] | None = None
    png_urls_dim: list[str] | None = None
    svg_urls_dim: list[str] | None = None
    pdf_urls_dim: list[str] | None = None
    zip_urls_dim: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        jpg_urls: list[str] | None
        if isinstance(self.jpg_urls, list):
            jpg_urls = self.jpg_urls

        else:
            jpg_urls = self.jpg_urls

        png_urls: list[str] | None
        if isinstance(self.png_urls, list):
            png_urls = self.png_urls

        else:
            png_urls = self.png_urls

        svg_urls: list[str] | None
        if isinstance(self.svg_urls, list):
            svg_urls = self.svg_urls

        else:
            svg_urls = self.svg_urls

        pdf_urls: list[str] | None
        if isinstance(self.pdf_urls, list):
            pdf_urls = self.pdf_urls

        else:
            pdf_urls = self.pdf_urls

        zip_urls: list[str] | None
        if isinstance(self.zip_urls, list):
            zip_urls = self.zip_urls

        else:
            zip_urls = self.zip_urls

        jpg_urls_dim: list[str] | None
        if isinstance(self.jpg_urls_dim, list):
            jpg_urls_dim = self.jpg_urls_dim

        else:
            jpg_urls_dim = self.jpg_urls_dim

        png_urls_dim: list[str] | None
        if isinstance(self.png_urls_dim, list):
            png_urls_dim = self.png_urls_dim

        else:
            png_urls_dim = self.png_urls_dim

        svg_urls_dim: list[str] | None
        if isinstance(self.svg_urls_dim, list):
            svg_urls_dim = self.svg_urls_dim

        else:
            svg_urls_dim = self.svg_urls_dim

        pdf_urls_dim: list[str] | None
        if isinstance(self.pdf_urls_dim, list):
            pdf_urls_dim = self.pdf_urls_dim

        else:
            pdf_urls_dim = self.pdf_urls_dim

        zip_urls_dim: list[str] | None
        if isinstance(self.zip_urls_dim, list):
            zip_urls_dim = self.zip_urls_dim

        else:
            zip_urls_dim = self.zip_urls_dim

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if jpg_urls is not None:
            field_dict["jpg_urls"] = jpg_urls
        if png_urls is not None:
            field_dict["png_urls"] = png_urls
        if svg_urls is not None:
            field_dict["svg_urls"] = svg_urls
        if pdf_urls is not None:
            field_dict["pdf_urls"] = pdf_urls
        if zip_urls is not None:
            field_dict["zip_urls"] = zip_urls
        if jpg_urls_dim is not None:
            field_dict["jpg_urls_dim"] = jpg_urls_dim
        if png_urls_dim is not None:
            field_dict["png_urls_dim"] = png_urls_dim
        if svg_urls_dim is not None:
            field_dict["svg_urls_dim"] = svg_urls_dim
        if pdf_urls_dim is not None:
            field_dict["pdf_urls_dim"] = pdf_urls_dim
        if zip_urls_dim is not None:
            field_dict["zip_urls_dim"] = zip_urls_dim

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_jpg_urls(data: object) -> list[str] | None:
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

        jpg_urls = _parse_jpg_urls(d.pop("jpg_urls", None))

        def _parse_png_urls(data: object) -> list[str] | None:
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

        png_urls = _parse_png_urls(d.pop("png_urls", None))

        def _parse_svg_urls(data: object) -> list[str] | None:
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

        svg_urls = _parse_svg_urls(d.pop("svg_urls", None))

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

        def _parse_zip_urls(data: object) -> list[str] | None:
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

        zip_urls = _parse_zip_urls(d.pop("zip_urls", None))

        def _parse_jpg_urls_dim(data: object) -> list[str] | None:
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

        jpg_urls_dim = _parse_jpg_urls_dim(d.pop("jpg_urls_dim", None))

        def _parse_png_urls_dim(data: object) -> list[str] | None:
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

        png_urls_dim = _parse_png_urls_dim(d.pop("png_urls_dim", None))

        def _parse_svg_urls_dim(data: object) -> list[str] | None:
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

        svg_urls_dim = _parse_svg_urls_dim(d.pop("svg_urls_dim", None))

        def _parse_pdf_urls_dim(data: object) -> list[str] | None:
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

        pdf_urls_dim = _parse_pdf_urls_dim(d.pop("pdf_urls_dim", None))

        def _parse_zip_urls_dim(data: object) -> list[str] | None:
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

        zip_urls_dim = _parse_zip_urls_dim(d.pop("zip_urls_dim", None))

        listing_floorplans = cls(
            jpg_urls=jpg_urls,
            png_urls=png_urls,
            svg_urls=svg_urls,
            pdf_urls=pdf_urls,
            zip_urls=zip_urls,
            jpg_urls_dim=jpg_urls_dim,
            png_urls_dim=png_urls_dim,
            svg_urls_dim=svg_urls_dim,
            pdf_urls_dim=pdf_urls_dim,
            zip_urls_dim=zip_urls_dim,
        )

        return listing_floorplans

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="ListingFloorplans")

_KEYS = frozenset(
    {
        "jpg_urls",
        "png_urls",
        "svg_urls",
        "pdf_urls",
        "zip_urls",
        "jpg_urls_dim",
        "png_urls_dim",
        "svg_urls_dim",
        "pdf_urls_dim",
        "zip_urls_dim",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class ListingFloorplans:
    """2D listing floor plans per file type; `_dim` = with dimensions."""

    jpg_urls: list[str] | None | Unset = UNSET
    """ Download URLs of one file type; may be empty or null. """
    png_urls: list[str] | None | Unset = UNSET
    """ Download URLs of one file type; may be empty or null. """
    svg_urls: list[str] | None | Unset = UNSET
    """ Download URLs of one file type; may be empty or null. """
    pdf_urls: list[str] | None | Unset = UNSET
    """ Download URLs of one file type; may be empty or null. """
    zip_urls: list[str] | None | Unset = UNSET
    """ Download URLs of one file type; may be empty or null. """
    jpg_urls_dim: list[str] | None | Unset = UNSET
    """ Download URLs of one file type; may be empty or null. """
    png_urls_dim: list[str] | None | Unset = UNSET
    """ Download URLs of one file type; may be empty or null. """
    svg_urls_dim: list[str] | None | Unset = UNSET
    """ Download URLs of one file type; may be empty or null. """
    pdf_urls_dim: list[str] | None | Unset = UNSET
    """ Download URLs of one file type; may be empty or null. """
    zip_urls_dim: list[str] | None | Unset = UNSET
    """ Download URLs of one file type; may be empty or null. """
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        jpg_urls: list[str] | None | Unset
        if isinstance(self.jpg_urls, Unset):
            jpg_urls = UNSET
        elif isinstance(self.jpg_urls, list):
            jpg_urls = self.jpg_urls

        else:
            jpg_urls = self.jpg_urls

        png_urls: list[str] | None | Unset
        if isinstance(self.png_urls, Unset):
            png_urls = UNSET
        elif isinstance(self.png_urls, list):
            png_urls = self.png_urls

        else:
            png_urls = self.png_urls

        svg_urls: list[str] | None | Unset
        if isinstance(self.svg_urls, Unset):
            svg_urls = UNSET
        elif isinstance(self.svg_urls, list):
            svg_urls = self.svg_urls

        else:
            svg_urls = self.svg_urls

        pdf_urls: list[str] | None | Unset
        if isinstance(self.pdf_urls, Unset):
            pdf_urls = UNSET
        elif isinstance(self.pdf_urls, list):
            pdf_urls = self.pdf_urls

        else:
            pdf_urls = self.pdf_urls

        zip_urls: list[str] | None | Unset
        if isinstance(self.zip_urls, Unset):
            zip_urls = UNSET
        elif isinstance(self.zip_urls, list):
            zip_urls = self.zip_urls

        else:
            zip_urls = self.zip_urls

        jpg_urls_dim: list[str] | None | Unset
        if isinstance(self.jpg_urls_dim, Unset):
            jpg_urls_dim = UNSET
        elif isinstance(self.jpg_urls_dim, list):
            jpg_urls_dim = self.jpg_urls_dim

        else:
            jpg_urls_dim = self.jpg_urls_dim

        png_urls_dim: list[str] | None | Unset
        if isinstance(self.png_urls_dim, Unset):
            png_urls_dim = UNSET
        elif isinstance(self.png_urls_dim, list):
            png_urls_dim = self.png_urls_dim

        else:
            png_urls_dim = self.png_urls_dim

        svg_urls_dim: list[str] | None | Unset
        if isinstance(self.svg_urls_dim, Unset):
            svg_urls_dim = UNSET
        elif isinstance(self.svg_urls_dim, list):
            svg_urls_dim = self.svg_urls_dim

        else:
            svg_urls_dim = self.svg_urls_dim

        pdf_urls_dim: list[str] | None | Unset
        if isinstance(self.pdf_urls_dim, Unset):
            pdf_urls_dim = UNSET
        elif isinstance(self.pdf_urls_dim, list):
            pdf_urls_dim = self.pdf_urls_dim

        else:
            pdf_urls_dim = self.pdf_urls_dim

        zip_urls_dim: list[str] | None | Unset
        if isinstance(self.zip_urls_dim, Unset):
            zip_urls_dim = UNSET
        elif isinstance(self.zip_urls_dim, list):
            zip_urls_dim = self.zip_urls_dim

        else:
            zip_urls_dim = self.zip_urls_dim

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if jpg_urls is not UNSET:
            field_dict["jpg_urls"] = jpg_urls
        if png_urls is not UNSET:
            field_dict["png_urls"] = png_urls
        if svg_urls is not UNSET:
            field_dict["svg_urls"] = svg_urls
        if pdf_urls is not UNSET:
            field_dict["pdf_urls"] = pdf_urls
        if zip_urls is not UNSET:
            field_dict["zip_urls"] = zip_urls
        if jpg_urls_dim is not UNSET:
            field_dict["jpg_urls_dim"] = jpg_urls_dim
        if png_urls_dim is not UNSET:
            field_dict["png_urls_dim"] = png_urls_dim
        if svg_urls_dim is not UNSET:
            field_dict["svg_urls_dim"] = svg_urls_dim
        if pdf_urls_dim is not UNSET:
            field_dict["pdf_urls_dim"] = pdf_urls_dim
        if zip_urls_dim is not UNSET:
            field_dict["zip_urls_dim"] = zip_urls_dim

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            jpg_urls: list[str] | None | Unset = d.get("jpg_urls", UNSET)

            png_urls: list[str] | None | Unset = d.get("png_urls", UNSET)

            svg_urls: list[str] | None | Unset = d.get("svg_urls", UNSET)

            pdf_urls: list[str] | None | Unset = d.get("pdf_urls", UNSET)

            zip_urls: list[str] | None | Unset = d.get("zip_urls", UNSET)

            jpg_urls_dim: list[str] | None | Unset = d.get("jpg_urls_dim", UNSET)

            png_urls_dim: list[str] | None | Unset = d.get("png_urls_dim", UNSET)

            svg_urls_dim: list[str] | None | Unset = d.get("svg_urls_dim", UNSET)

            pdf_urls_dim: list[str] | None | Unset = d.get("pdf_urls_dim", UNSET)

            zip_urls_dim: list[str] | None | Unset = d.get("zip_urls_dim", UNSET)

        except Exception:
            drift_keys("invalid", "ListingFloorplans", d)
            raise
        listing_floorplans = cls(
            jpg_urls,
            png_urls,
            svg_urls,
            pdf_urls,
            zip_urls,
            jpg_urls_dim,
            png_urls_dim,
            svg_urls_dim,
            pdf_urls_dim,
            zip_urls_dim,
        )

        if not _KEYS.issuperset(d):
            listing_floorplans._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "ListingFloorplans", d, _KEYS)
        return listing_floorplans

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

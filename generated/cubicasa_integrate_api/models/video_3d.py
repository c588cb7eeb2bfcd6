from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="Video3D")


@_attrs_define
class Video3D:
    """3D videos."""

    video_urls: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        video_urls: list[str] | None
        if isinstance(self.video_urls, list):
            video_urls = self.video_urls

        else:
            video_urls = self.video_urls

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if video_urls is not None:
            field_dict["video_urls"] = video_urls

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_video_urls(data: object) -> list[str] | None:
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

        video_urls = _parse_video_urls(d.pop("video_urls", None))

        video_3d = cls(
            video_urls=video_urls,
        )

        return video_3d

"""Read-only conveniences over the generated models (which are returned as they are, never copied)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import NamedTuple

from cubicasa_integrate_api.models import DeliveryAssets, Order

__all__ = ["AssetUrl", "asset_urls", "created_at", "first_delivered_at", "to_datetime"]


class AssetUrl(NamedTuple):
    """One downloadable file of an order: its group (e.g. `gla_package`), kind (e.g. `report_urls`) and URL."""

    group: str
    kind: str
    url: str


def to_datetime(timestamp: float) -> datetime:
    """A CubiCasa timestamp (unix epoch seconds, float) as an aware UTC datetime."""
    return datetime.fromtimestamp(timestamp, tz=UTC)


def created_at(order: Order) -> datetime:
    """When the order was created, as an aware UTC datetime."""
    return to_datetime(order.info.created_at)


def first_delivered_at(order: Order) -> datetime | None:
    """When the order was first delivered, as an aware UTC datetime; None before the first delivery."""
    value = order.info.first_delivered_at
    return to_datetime(value) if isinstance(value, int | float) else None


def asset_urls(order: Order) -> Iterator[AssetUrl]:
    """Every file URL of the order's delivery_assets, across all groups - including groups and URL lists the
    spec does not list yet. Link-only entries (e.g. the tour's web page links) are not files and are skipped."""
    assets = order.delivery_assets
    if not isinstance(assets, DeliveryAssets):
        return
    for group, content in assets.to_dict().items():
        if not isinstance(content, dict):
            continue
        for kind, urls in content.items():
            if isinstance(urls, list):
                yield from (AssetUrl(group, kind, url) for url in urls if isinstance(url, str))

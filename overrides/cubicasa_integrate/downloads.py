"""Download every delivered file of an order: resumable, size-checked, never half-written under the final name.

    from cubicasa_integrate.downloads import download_order_assets

    for file in download_order_assets(client.orders.get(order_id), "out/"):
        print(file.status, file.path)

Files land in `<dest>/<group>/<kind>/<file name>` (e.g. `gla_package/report_urls/report.pdf`: the same file name
appears under several kinds). A file is streamed into `<name>.part` and renamed only once its size matches the
server's Content-Length; an interrupted download resumes from the `.part` file (HTTP Range), and a file already
present under its final name is skipped. The asset URLs are pre-signed storage links: they are fetched without
the api-key, by a separate HTTP client.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

import httpx

from cubicasa_integrate_api.models import Order

from ._constants import DEFAULT_TIMEOUT
from ._logging import logger
from .errors import DownloadError
from .helpers import AssetUrl, asset_urls

__all__ = ["DownloadedFile", "ProgressCallback", "download_order_assets", "target_path"]

ProgressCallback = Callable[[AssetUrl, int, int | None], None]
"""Called as bytes arrive: (asset, bytes so far including a resumed part, total size or None if unknown)."""

CHUNK = 64 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class DownloadedFile:
    asset: AssetUrl
    path: Path
    size: int
    status: Literal["downloaded", "resumed", "skipped"]


def _safe_name(text: str, fallback: str) -> str:
    name = _UNSAFE.sub("_", text).strip("._")[:150]
    return name or fallback


def target_path(dest: Path, asset: AssetUrl) -> Path:
    """Where an asset is saved: names come from the URL but can never leave `dest`."""
    file_name = unquote(urlsplit(asset.url).path.rsplit("/", 1)[-1])
    return dest / _safe_name(asset.group, "group") / _safe_name(asset.kind, "kind") / _safe_name(file_name, "file")


def _expected_size(response: httpx.Response, already: int) -> int | None:
    if response.status_code == 206:
        total = response.headers.get("content-range", "").rpartition("/")[2]
        if total.isdigit():
            return int(total)
    length = response.headers.get("content-length")
    if length is not None and length.isdigit():
        return int(length) + (already if response.status_code == 206 else 0)
    return None


def _fetch(http: httpx.Client, asset: AssetUrl, part: Path, on_progress: ProgressCallback | None) -> bool:
    """Stream the asset into `part`, resuming it if it exists. True if it resumed. Raises DownloadError."""
    already = part.stat().st_size if part.exists() else 0
    headers = {"range": f"bytes={already}-"} if already else {}
    with http.stream("GET", asset.url, headers=headers) as response:
        if response.status_code == 416 and already:
            total = response.headers.get("content-range", "").rpartition("/")[2]
            if total == str(already):
                return True  # the part file already holds every byte
            part.unlink()
            raise DownloadError(f"{asset.url}: discarded a stale partial file", url=asset.url, path=part)
        if response.status_code not in (200, 206):
            raise DownloadError(f"{asset.url} answered {response.status_code}", url=asset.url, path=part)
        resumed = response.status_code == 206
        expected = _expected_size(response, already)
        size = already if resumed else 0
        with part.open("ab" if resumed else "wb") as out:
            for chunk in response.iter_bytes(CHUNK):
                out.write(chunk)
                size += len(chunk)
                if on_progress is not None:
                    on_progress(asset, size, expected)
    if expected is not None and size != expected:
        raise DownloadError(
            f"{asset.url}: got {size} bytes, expected {expected}; the partial file is kept to resume",
            url=asset.url,
            path=part,
        )
    return resumed


def _download_one(
    http: httpx.Client, asset: AssetUrl, target: Path, on_progress: ProgressCallback | None, max_attempts: int
) -> DownloadedFile:
    if target.exists():
        return DownloadedFile(asset, target, target.stat().st_size, "skipped")
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    resumed_before = part.exists()
    for attempt in range(1, max_attempts + 1):
        try:
            resumed = _fetch(http, asset, part, on_progress)
            break
        except (httpx.TransportError, DownloadError) as error:
            if attempt == max_attempts:
                if isinstance(error, DownloadError):
                    raise
                raise DownloadError(
                    f"{asset.url}: {type(error).__name__}: {error}", url=asset.url, path=part
                ) from error
            logger.info("Download of %s interrupted (%s); resuming (attempt %d)", asset.url, error, attempt + 1)
    os.replace(part, target)
    return DownloadedFile(
        asset, target, target.stat().st_size, "resumed" if resumed or resumed_before else "downloaded"
    )


def download_order_assets(
    order: Order,
    dest: str | os.PathLike[str],
    *,
    http: httpx.Client | None = None,
    on_progress: ProgressCallback | None = None,
    max_attempts: int = 3,
) -> Iterator[DownloadedFile]:
    """Download every file of the order's delivery_assets into `dest`, one after the other, lazily.

    `http` is the client used for the (unauthenticated) asset URLs; by default a fresh one with the package's
    default timeout. Raises DownloadError for a file that cannot be fetched completely.
    """
    root = Path(dest)
    own = http is None
    client = http or httpx.Client(timeout=DEFAULT_TIMEOUT, follow_redirects=True)
    try:
        for asset in asset_urls(order):
            yield _download_one(client, asset, target_path(root, asset), on_progress, max_attempts)
    finally:
        if own:
            client.close()

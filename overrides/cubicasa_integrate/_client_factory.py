"""Build the generated client the way the CubiCasa API needs it.

The generator ignores `apiKey` security schemes (openapi-python-client #600): its AuthenticatedClient sends
`Authorization: Bearer <token>` unless told otherwise, and it passes `timeout=None` to httpx, which disables
timeouts entirely. Both are fixed here, without touching generated/. CubiCasa/AsyncCubiCasa build on this; use it
directly only when you want the raw generated functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from ._constants import API_KEY_HEADER, DEFAULT_TIMEOUT, PRODUCTION_BASE_URL

if TYPE_CHECKING:
    from cubicasa_integrate_api import AuthenticatedClient

__all__ = ["make_generated_client"]


def make_generated_client(
    api_key: str,
    *,
    base_url: str = PRODUCTION_BASE_URL,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    httpx_args: dict[str, Any] | None = None,
) -> AuthenticatedClient:
    """A generated AuthenticatedClient that sends exactly `api-key: <key>` and never waits forever."""
    if not api_key:
        raise ValueError("an API key is required (CubiCasa web app: Settings → Company → Developers)")
    from cubicasa_integrate_api import AuthenticatedClient  # imported on first use: see cubicasa_integrate/__init__

    return AuthenticatedClient(
        base_url=base_url,
        token=api_key,
        prefix="",
        auth_header_name=API_KEY_HEADER,
        timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
        raise_on_unexpected_status=True,
        httpx_args=dict(httpx_args or {}),
    )

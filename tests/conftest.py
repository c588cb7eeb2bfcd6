"""Fixtures shared by every test tier."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import load_spec


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    return load_spec()

"""The package records which spec and generator it was built from."""

from __future__ import annotations

import hashlib

import cubicasa_integrate
from cubicasa_integrate import _provenance
from tests.support import SPEC_PATH, load_spec


def test_spec_hash_matches_the_committed_spec() -> None:
    assert cubicasa_integrate.__spec_sha256__ == hashlib.sha256(SPEC_PATH.read_bytes()).hexdigest()


def test_api_version_is_the_spec_version_not_the_package_version() -> None:
    assert cubicasa_integrate.__api_version__ == load_spec()["info"]["version"]
    assert cubicasa_integrate.__version__ != cubicasa_integrate.__api_version__


def test_generator_is_the_pinned_one() -> None:
    assert _provenance.GENERATOR == "openapi-python-client 0.29.1"

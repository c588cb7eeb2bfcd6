"""tools/publish.py (`make publish`): what stops it before anything is built or uploaded.

The upload itself, to a real index with authentication, and the install a consuming team makes from it are
proven in tests/release/test_package_index.py.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.support import load_tool

GOOD_URL = "https://packages.example.internal/cubicasa/"


@pytest.fixture(scope="module")
def publish() -> ModuleType:
    return load_tool("publish")


@pytest.fixture
def nothing_built(publish: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build (or upload) reached by a test that must stop before one fails it."""

    def refuse(*args: object) -> list[Path]:
        raise AssertionError("publish.py built or uploaded after a reason not to")

    monkeypatch.setattr(publish, "build_all", refuse)
    monkeypatch.setattr(publish, "upload", refuse)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", "CUBICASA_INDEX_URL is not set"),
        ("   ", "CUBICASA_INDEX_URL is not set"),
        ("https://upload.pypi.org/legacy/", "names public PyPI (upload.pypi.org)"),
        ("https://test.pypi.org/legacy/", "names public PyPI (test.pypi.org)"),
        ("https://PyPI.org/legacy/", "names public PyPI (pypi.org)"),
        ("packages.example.internal/cubicasa/", "is not an http(s) URL"),
        ("file:///srv/packages", "is not an http(s) URL"),
        ("https://ci:s3cret@packages.example.internal/", "holds credentials"),
    ],
)
def test_no_index_no_upload(
    publish: ModuleType, nothing_built: None, capsys: pytest.CaptureFixture[str], url: str, expected: str
) -> None:
    environ = {"CUBICASA_INDEX_URL": url} if url else {}
    assert publish.main(["--allow-untagged"], environ={**environ, "TWINE_PASSWORD": "s3cret"}) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert expected in err
    assert "s3cret" not in err


def test_an_index_url_is_taken_as_given(publish: ModuleType) -> None:
    assert publish.index_url({"CUBICASA_INDEX_URL": f" {GOOD_URL} "}) == GOOD_URL
    assert publish.index_url({"CUBICASA_INDEX_URL": "http://127.0.0.1:8080/"}) == "http://127.0.0.1:8080/"
    assert publish.index_url({"CUBICASA_INDEX_URL": "https://notpypi.org/"}) == "https://notpypi.org/"


@pytest.mark.parametrize(
    ("tags", "status", "expected"),
    [
        ("", "", "HEAD is not tagged v0.4.0"),
        ("v0.3.9\nsomething-else", "", "HEAD is not tagged v0.4.0"),
        ("v0.4.0", " M overrides/cubicasa_integrate/_client.py", "uncommitted changes on top of v0.4.0"),
    ],
)
def test_only_the_clean_tagged_release_is_published(
    publish: ModuleType,
    nothing_built: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tags: str,
    status: str,
    expected: str,
) -> None:
    answers = {"tag": tags, "status": status}
    monkeypatch.setattr(publish.release_check, "git", lambda command, *args: answers[command])
    monkeypatch.setattr(publish.release_check, "assigned", lambda path, name: "0.4.0")
    assert publish.main([], environ={"CUBICASA_INDEX_URL": GOOD_URL}) == 2
    assert expected in capsys.readouterr().err


def test_the_tagged_clean_release_goes_on_to_the_build(publish: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(publish.release_check, "git", lambda command, *args: {"tag": "v0.4.0", "status": ""}[command])
    publish.check_tagged("0.4.0")

"""`make publish`: build both distributions of this repository and upload them to the team's package index.

    CUBICASA_INDEX_URL=https://<index>/ TWINE_USERNAME=... TWINE_PASSWORD=... make publish
    python tools/publish.py [--allow-untagged] [--keep DIR]

1. The index is `CUBICASA_INDEX_URL` (its *upload* URL, e.g. pypiserver's root or a devpi/Artifactory/Nexus
   "legacy upload" URL). Without it nothing is built or uploaded: the tool says so on one line and exits 2. There
   is no default, and public PyPI is refused: cubicasa-integrate is an internal package.
2. Unless --allow-untagged (a pre-release index, the test suite), HEAD must be tagged `v<__version__>` and the
   tree clean: a version number is used once (RELEASING.md), so only the tagged release may take it.
3. Builds `cubicasa-integrate` (the root pyproject.toml) and `cubicasa-sandbox` (sandbox/) exactly as
   `make release-check` does: sdist, then the wheel from the sdist, `python -m build --no-isolation`,
   SOURCE_DATE_EPOCH = the last commit's time; so the sha256 printed here are the ones release-check printed.
   Exactly four files named for `__version__` must come out; `twine check --strict` must pass on them.
4. Uploads them with `twine upload --repository-url $CUBICASA_INDEX_URL --non-interactive`. Credentials come
   from the environment (TWINE_USERNAME / TWINE_PASSWORD) or from keyring, as twine looks them up; never from a
   file (`--config-file` is the empty os.devnull, so no .pypirc is read either). Twine's own exit code is the
   result.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

__all__ = ["INDEX_URL_ENV", "PublishError", "build_all", "check_tagged", "index_url", "main", "upload"]

INDEX_URL_ENV = "CUBICASA_INDEX_URL"
# Hosts of the public index (and its test instance); an upload there would publish the internal client.
PUBLIC_HOSTS = ("pypi.org", "pypi.python.org")


def _release_check() -> ModuleType:
    """tools/release_check.py, whose build and version reading this tool shares (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("release_check", Path(__file__).with_name("release_check.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


release_check = _release_check()


class PublishError(Exception):
    """A reason not to publish, said on one line."""


def index_url(environ: Mapping[str, str]) -> str:
    url = environ.get(INDEX_URL_ENV, "").strip()
    if not url:
        raise PublishError(
            f"{INDEX_URL_ENV} is not set: set it to the upload URL of the team's package index (nothing was uploaded)"
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublishError(f"{INDEX_URL_ENV} is not an http(s) URL: {parts.scheme or '(no scheme)'}://…")
    if parts.username is not None or parts.password is not None:
        # Said without the URL: it holds a secret.
        raise PublishError(f"{INDEX_URL_ENV} holds credentials: put them in TWINE_USERNAME/TWINE_PASSWORD or keyring")
    host = parts.hostname.lower()
    if any(host == public or host.endswith("." + public) for public in PUBLIC_HOSTS):
        raise PublishError(
            f"{INDEX_URL_ENV} names public PyPI ({host}): cubicasa-integrate is published internally only"
        )
    return url


def check_tagged(version: str) -> None:
    """A release is published from its tag, with nothing uncommitted on top."""
    tags = release_check.git("tag", "--points-at", "HEAD").split()
    if f"v{version}" not in tags:
        raise PublishError(
            f"HEAD is not tagged v{version}: tag the release first (RELEASING.md), or pass --allow-untagged"
            " for a pre-release index"
        )
    if release_check.git("status", "--porcelain"):
        raise PublishError(f"the tree has uncommitted changes on top of v{version}: publish from a clean checkout")


def build_all(outdir: Path, version: str) -> list[Path]:
    """Both distributions' sdist and wheel, built as `make release-check` builds them."""
    epoch = release_check.git("log", "-1", "--format=%ct")
    for project in (release_check.ROOT, release_check.SANDBOX_DIR):
        release_check.build(outdir, epoch, project)
    built = sorted(outdir.iterdir())
    expected = sorted(
        outdir / f"{name}-{version}{suffix}"
        for name in (release_check.DISTRIBUTION, release_check.SANDBOX_PACKAGE)
        for suffix in ("-py3-none-any.whl", ".tar.gz")
    )
    if built != expected:
        raise PublishError(f"the build made {[p.name for p in built]}, expected {[p.name for p in expected]}")
    return built


def _twine(arguments: Sequence[str], environ: Mapping[str, str]) -> int:
    return subprocess.run([sys.executable, "-m", "twine", *arguments], env=dict(environ)).returncode


def upload(files: Sequence[Path], url: str, environ: Mapping[str, str]) -> int:
    """twine check, then twine upload to `url`; the exit code of the first that fails, else 0."""
    paths = [str(path) for path in files]
    checked = _twine(["check", "--strict", *paths], environ)
    if checked != 0:
        return checked
    flags = ["--repository-url", url, "--non-interactive", "--config-file", os.devnull, "--disable-progress-bar"]
    return _twine(["upload", *flags, *paths], environ)


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--allow-untagged", action="store_true", help="publish a tree that is not a tagged release")
    parser.add_argument("--keep", type=Path, default=None, help="copy the uploaded files into this folder")
    args = parser.parse_args(argv)
    environ = os.environ if environ is None else environ
    version = release_check.assigned(release_check.PACKAGE_DIR / "_version.py", "__version__")
    try:
        url = index_url(environ)
        if not args.allow_untagged:
            check_tagged(version)
        with tempfile.TemporaryDirectory(prefix="cubicasa-publish-") as tmp:
            files = build_all(Path(tmp), version)
            for path in files:
                print(f"built {path.name}  sha256 {release_check.sha256(path)}")
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                for path in files:
                    shutil.copy(path, args.keep / path.name)
            returncode = upload(files, url, environ)
    except PublishError as error:
        print(f"make publish: {error}", file=sys.stderr)
        return 2
    if returncode != 0:
        print(f"make publish: twine failed (exit {returncode}); see its output above", file=sys.stderr)
        return returncode
    print(f"published cubicasa-integrate and cubicasa-sandbox {version} to {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

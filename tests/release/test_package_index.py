"""A consuming team's view of a release: `make publish` to a real package index, then a pinned install from it.

pypiserver serves a folder of tmp_path on 127.0.0.1 and takes uploads only with a password (htpasswd). The code
behind `make publish` (tools/publish.py main, with CUBICASA_INDEX_URL and the credentials in the environment)
builds both distributions and uploads them there; an upload without credentials, or with wrong ones, is refused.
Then a fresh venv installs `cubicasa-integrate[cli]~=X.Y.0` (X.Y from `__version__`, the pin RELEASING.md tells
teams to use) and `cubicasa-sandbox` from that index alone, and runs `cubicasa --version` and `cubicasa demo`
(the sandbox in-process, the client against it over loopback HTTP).

"Alone" means `--index-url` and nothing else (pip --isolated: no PIP_* variable or pip.conf adds PyPI back, and
the server has no fallback to PyPI), so the index must also hold every runtime dependency of both distributions:
they are fetched before the server starts, as wheels at the versions requirements/constraints.txt locks, from a
local folder cache when it has them, else through pip's configured index. When neither can provide them the test
skips and says why (it fails instead under CI, which always reaches PyPI).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import select
import shutil
import subprocess
import sys
import time
import tomllib
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support import ROOT, load_tool

# Building twice, two venv installs and the demo take ~30 s on an idle machine; the first run on a new machine
# also downloads the dependency wheels. The suite's 120 s limit would be too tight on a loaded CI machine.
pytestmark = pytest.mark.timeout(300)

OWN_DISTRIBUTIONS = {"cubicasa-integrate", "cubicasa-sandbox"}
USER, PASSWORD = "release-bot", "index-" + uuid.uuid4().hex
STARTUP_DEADLINE = 30.0

# pypiserver's own app and configuration (the same arguments as `pypi-server run --disable-fallback -P FILE -a
# update ROOT`), served on a port the OS picks, which the child prints: no port is guessed and none can be taken
# between choosing and binding. --disable-fallback: a package the index lacks is a 404, not a redirect to PyPI.
SERVER = """
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIServer, make_server

from pypiserver import app_from_config
from pypiserver.config import Config


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


root, passwords = sys.argv[1:]
config = Config.from_args(["run", "--disable-fallback", "-P", passwords, "-a", "update", root])
server = make_server("127.0.0.1", 0, app_from_config(config), server_class=Server)
print(server.server_port, flush=True)
server.serve_forever()
"""


@dataclass(frozen=True)
class Index:
    folder: Path
    upload_url: str
    simple_url: str


@pytest.fixture(scope="module")
def publish() -> ModuleType:
    return load_tool("publish")


def runtime_requirements() -> list[str]:
    """What installing both distributions (the client with its [cli] extra) needs from an index besides them."""
    client = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    sandbox = tomllib.loads((ROOT / "sandbox" / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [*client["dependencies"], *client["optional-dependencies"]["cli"], *sandbox["dependencies"]]
    return [line for line in lines if canonicalize_name(Requirement(line).name) not in OWN_DISTRIBUTIONS]


def dependency_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cubicasa-integrate" / "index-dependencies"


def pip_download(dest: Path, *source: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--quiet"]
    command += ["--only-binary", ":all:", "-c", str(ROOT / "requirements" / "constraints.txt"), "--dest", str(dest)]
    return subprocess.run([*command, *source, *runtime_requirements()], capture_output=True, text=True)


def why(pip_stderr: str) -> str:
    """pip's line that names the cause: offline, its resolver's last line only says the versions were not found."""
    lines = pip_stderr.strip().splitlines()
    cause = next((line for line in lines if "connection" in line.lower()), lines[-1] if lines else "no output")
    return cause if len(cause) <= 240 else cause[:240] + "…"


def fill_with_dependencies(folder: Path, scratch: Path) -> None:
    """Put the wheels of every runtime dependency (transitive too) into the index folder."""
    cache = dependency_cache()
    offline = pip_download(scratch, "--no-index", "--find-links", str(cache)) if cache.is_dir() else None
    if offline is None or offline.returncode != 0:
        online = pip_download(scratch, "--retries", "1", "--timeout", "20")
        if online.returncode != 0:
            reason = f"the index's dependency wheels are neither in {cache} nor downloadable ({why(online.stderr)})"
            if os.environ.get("CI"):
                pytest.fail(f"under CI, which reaches PyPI: {reason}")
            pytest.skip(reason)
        cache.mkdir(parents=True, exist_ok=True)
        for wheel in scratch.iterdir():
            if not (cache / wheel.name).exists():
                # Through a private name and a rename, so a run beside this one never reads half a wheel.
                partial = cache / f".{wheel.name}.{uuid.uuid4().hex}"
                shutil.copyfile(wheel, partial)
                partial.replace(cache / wheel.name)
    for wheel in scratch.iterdir():
        shutil.copyfile(wheel, folder / wheel.name)


def read_port(server: subprocess.Popen[bytes], log: Path) -> int:
    assert server.stdout is not None
    ready, _, _ = select.select([server.stdout], [], [], STARTUP_DEADLINE)
    line = server.stdout.readline() if ready else b""
    if not line.strip().isdigit():
        pytest.fail(f"pypiserver printed no port within {STARTUP_DEADLINE} s: {line!r}\n{log.read_text()}")
    return int(line)


def wait_until_answering(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_DEADLINE
    while True:
        try:
            if httpx.get(url, timeout=5.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"pypiserver at {url} did not answer (exit {server.returncode}):\n{log.read_text()}")
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=0.1)  # a pause between polls that also notices the server dying


@pytest.fixture
def index(tmp_path: Path) -> Iterator[Index]:
    folder, scratch = tmp_path / "index", tmp_path / "downloads"
    folder.mkdir()
    scratch.mkdir()
    fill_with_dependencies(folder, scratch)
    # {SHA}: a scheme of Apache's htpasswd that passlib checks and the standard library can write.
    htpasswd = tmp_path / "htpasswd"
    digest = base64.b64encode(hashlib.sha1(PASSWORD.encode()).digest()).decode()
    htpasswd.write_text(f"{USER}:{{SHA}}{digest}\n", encoding="utf-8")
    log = tmp_path / "pypiserver.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(folder), str(htpasswd)], stdout=subprocess.PIPE, stderr=log_file
        )
    try:
        port = read_port(server, log)
        base = f"http://127.0.0.1:{port}/"
        wait_until_answering(base + "simple/", server, log)
        yield Index(folder, base, base + "simple/")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        assert server.stdout is not None
        server.stdout.close()


def own_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(("cubicasa_integrate-", "cubicasa_sandbox-")))


def publish_to(publish: ModuleType, index: Index, credentials: Mapping[str, str], argv: list[str]) -> int:
    """tools/publish.py main, as `make publish` runs it, with CUBICASA_INDEX_URL naming `index`."""
    # keyring's null backend: twine must find no password on this machine's keyring, whatever the developer keeps
    # there; only the environment gives one.
    environ = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TWINE_")},
        "CUBICASA_INDEX_URL": index.upload_url,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        **credentials,
    }
    returncode: int = publish.main(["--allow-untagged", *argv], environ=environ)
    return returncode


def test_a_team_installs_the_pinned_release_from_the_index(
    publish: ModuleType, index: Index, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    release_check = publish.release_check
    version = release_check.assigned(release_check.PACKAGE_DIR / "_version.py", "__version__")
    major, minor, _ = version.split(".", 2)

    # The index takes no upload without its password: not a bare request, not twine with none or a wrong one.
    bare = httpx.post(
        index.upload_url,
        data={":action": "file_upload", "name": "cubicasa-integrate", "version": version},
        files={"content": (f"cubicasa_integrate-{version}-py3-none-any.whl", b"not a wheel")},
        timeout=10.0,
    )
    assert bare.status_code in (401, 403), bare.text
    assert publish_to(publish, index, {}, []) != 0
    assert own_files(index.folder) == []
    capfd.readouterr()
    assert publish_to(publish, index, {"TWINE_USERNAME": USER, "TWINE_PASSWORD": "wrong-" + PASSWORD}, []) != 0
    assert "403 Forbidden" in capfd.readouterr().out
    assert own_files(index.folder) == []

    # `make publish` with the credentials in the environment.
    built = tmp_path / "built"
    good = {"TWINE_USERNAME": USER, "TWINE_PASSWORD": PASSWORD}
    assert publish_to(publish, index, good, ["--keep", str(built)]) == 0
    published = own_files(index.folder)
    assert published == own_files(built)
    assert len(published) == 4, published
    assert all((index.folder / name).read_bytes() == (built / name).read_bytes() for name in published)
    assert PASSWORD not in capfd.readouterr().out

    # A consuming team: a fresh venv, the pinned version, this index and nothing else.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python, report = venv / "bin" / "python", tmp_path / "install-report.json"
    pinned = f"cubicasa-integrate[cli]~={major}.{minor}.0"
    install = [str(python), "-m", "pip", "install", "--isolated", "--disable-pip-version-check", "--no-cache-dir"]
    install += ["--index-url", index.simple_url, "--report", str(report), pinned, "cubicasa-sandbox"]
    installed = release_check.run(install, tmp_path)
    assert installed.returncode == 0, f"{pinned} from {index.simple_url}:\n{installed.stdout}\n{installed.stderr}"
    chosen = {item["metadata"]["name"]: item for item in json.loads(report.read_text())["install"]}
    assert chosen["cubicasa-integrate"]["metadata"]["version"] == version
    assert chosen["cubicasa-sandbox"]["metadata"]["version"] == version
    sources = {name: item["download_info"]["url"] for name, item in chosen.items()}
    assert {name: url for name, url in sources.items() if not url.startswith(index.upload_url)} == {}

    shown = release_check.run([str(venv / "bin" / "cubicasa"), "--version"], tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert version in shown.stdout

    # The sandbox (in-process, loopback HTTP) and the client, both as installed, in the README's main job.
    imported = "import cubicasa_integrate as c, cubicasa_sandbox as s; print(c.__file__); print(s.__file__)"
    where = release_check.run([str(python), "-I", "-c", imported], tmp_path)
    assert where.returncode == 0, where.stderr
    assert all(Path(line).resolve().is_relative_to(venv.resolve()) for line in where.stdout.splitlines()), where.stdout
    demo = release_check.run([str(venv / "bin" / "cubicasa"), "demo", "--dest", str(tmp_path / "demo")], tmp_path)
    assert demo.returncode == 0, f"{demo.stdout}\n{demo.stderr}"
    assert any((tmp_path / "demo").rglob("*.pdf")), demo.stdout

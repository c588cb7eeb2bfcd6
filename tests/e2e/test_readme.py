"""Every snippet of the README and of the docs pages (docs/*.md) runs as written, against a sandbox over loopback
HTTP.

The convention for a page: a ```python block and each line of a ```bash block are run; a ```shell block (an
install line, a command for another machine) is shown only. Python blocks run as scripts, in a fresh interpreter
with CUBICASA_API_KEY and CUBICASA_BASE_URL pointing at the sandbox: all of them in order in one file (as a reader
would paste them), and each one alone (as a reader would copy just that one), so top-level `await` or a name only
an earlier block defines fails here; a docs page's blocks run in order as one script too, after the README's first
block. `order_id` (one of your orders) is the name the README says the reader brings, and `client` the one its
first block makes; a block that starts a sandbox of its own may use neither (the reader's order ids mean nothing
there). No block, and no command line, may buy anything unless the words next to it say it buys: the sandbox's
purchase ledger tells. Shell blocks run each line: `cubicasa ...` as a subprocess against the same sandbox,
`make demo` as the command its Makefile target runs, and `make test` is the suite running this very test (so it
is checked to be what CI runs, not run again).
"""

from __future__ import annotations

import builtins
import json
import os
import re
import shlex
import signal
import subprocess
import symtable
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cubicasa_sandbox import RunningSandbox
from tests.e2e.support import checked_sandbox
from tests.s3_support import S3Server, aws_environment, moto_server
from tests.support import ROOT, load_example, receiver_process

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = {
    path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "docs").rglob("*.md"))
}
"""Every docs page, by its path: what the docs site is made of."""
BLOCK = re.compile(r"^```(python|bash)\n(.*?)^```", re.MULTILINE | re.DOTALL)
CUBICASA = str(Path(sys.executable).with_name("cubicasa"))
READER_NAMES = ("order_id", "client")
SAYS_IT_BUYS = re.compile(r"\b(buy|buys|buying|bought|purchase|purchases|charged)\b", re.IGNORECASE)


def blocks(language: str, text: str = README) -> list[str]:
    return [code for lang, code in BLOCK.findall(text) if lang == language]


def python_blocks_with_prose(text: str = README) -> list[tuple[str, str]]:
    """Each Python block with the words next to it: the text since the previous block, and its own comments."""
    found: list[tuple[str, str]] = []
    previous_end = 0
    for match in BLOCK.finditer(text):
        if match[1] == "python":
            found.append((match[2], text[previous_end : match.start()]))
        previous_end = match.end()
    return found


def free_names(code: str) -> set[str]:
    """The names a block uses but neither assigns nor imports: what it needs from outside."""
    top = symtable.symtable(code, "README.md", "exec")
    bound = {symbol.get_name() for symbol in top.get_symbols() if symbol.is_assigned() or symbol.is_imported()}
    used: set[str] = set()
    tables = [top]
    while tables:
        table = tables.pop()
        tables.extend(table.get_children())
        used |= {s.get_name() for s in table.get_symbols() if s.is_referenced() and (table is top or s.is_global())}
    return used - bound - set(dir(builtins))


@pytest.fixture(scope="module")
def readme_sandbox() -> Iterator[RunningSandbox]:
    with checked_sandbox() as running:
        yield running


@pytest.fixture(scope="module")
def readme_bucket() -> Iterator[S3Server]:
    """The README's bucket, `s3://floorplans`, on an S3 API of the test's own (moto on 127.0.0.1)."""
    with moto_server() as server:
        server.admin.create_bucket(Bucket="floorplans")
        yield server


@pytest.fixture
def environment(
    readme_sandbox: RunningSandbox, readme_bucket: S3Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> dict[str, str]:
    readme_sandbox.sandbox.reset()
    env = {"CUBICASA_API_KEY": readme_sandbox.api_key, "CUBICASA_BASE_URL": readme_sandbox.base_url}
    # What the README's `export AWS_...` lines set, aimed at the test's bucket (and nothing of this machine's).
    aws = aws_environment(readme_bucket.endpoint, tmp_path)
    env |= {name: value for name, value in aws.items() if name.startswith("AWS_")}
    for name in [name for name in os.environ if name.startswith("AWS_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    return env


def order_offering_gla(running: RunningSandbox) -> str:
    for order_id in running.sandbox.order_ids("Ready"):
        product = running.sandbox.order(order_id, running.root_url)["info"]["product"]
        if "gla" in product["purchasable_add_ons"]:
            return str(order_id)
    raise LookupError("no Ready order offers gla")


def run_script(code: str, env: dict[str, str], folder: Path) -> subprocess.CompletedProcess[str]:
    """`code` as a script file run by a fresh interpreter: what `python snippet.py` does with it."""
    script = folder / "readme_snippet.py"
    script.write_text(code, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
        cwd=folder,
        check=False,
    )


def reader_names(running: RunningSandbox) -> str:
    """The lines that give a script what the README says the reader brings."""
    return f"order_id = {order_offering_gla(running)!r}\n"


def test_there_are_snippets_to_run() -> None:
    assert len(blocks("python")) >= 5
    assert len(blocks("bash")) >= 2
    assert sum(len(blocks("python", text)) for text in DOCS.values()) >= 10
    assert sum(len(blocks("bash", text)) for text in DOCS.values()) >= 5


def test_the_readme_stays_a_front_door() -> None:
    """Issue 26: the README had become the whole manual (448 lines); the manual is docs/, the README points there."""
    assert len(README.splitlines()) <= 160
    assert "docs/index.md" in README


def test_the_python_snippets_run_in_order_as_one_script(
    readme_sandbox: RunningSandbox, environment: dict[str, str], tmp_path: Path
) -> None:
    order_id = order_offering_gla(readme_sandbox)
    payload = load_example("webhook_order_status.payload.json")
    # What the README says the reader's web framework does with `on_webhook`: call it with the body it received.
    checks = f"\nassert on_webhook({json.dumps(payload).encode()!r}) == 200\nassert on_webhook(b'[]') == 400\n"
    code = reader_names(readme_sandbox) + "\n".join(blocks("python")) + checks + "client.close()\n"
    result = run_script(code, environment, tmp_path)
    assert result.returncode == 0, result.stderr
    # What the snippets claim happened, happened; and the only purchase is the one the README says it makes.
    assert "Ready" in result.stdout
    assert [entry.order_id for entry in readme_sandbox.sandbox.ledger] == [order_id]
    assert "gla" in result.stdout
    assert "downloaded" in result.stdout
    assert "not found: GET /orders/no-such-order" in result.stdout
    assert f"{payload['id']} Pending -> Ready" in result.stdout
    assert sorted((tmp_path / "floorplans").rglob("*.pdf"))


PYTHON_BLOCKS = [
    (name, code, prose)
    for name, text in {"README.md": README, **DOCS}.items()
    for code, prose in python_blocks_with_prose(text)
]


@pytest.mark.parametrize(
    ("code", "prose"),
    [(code, prose) for _, code, prose in PYTHON_BLOCKS],
    ids=[f"{name} {n}: {code.splitlines()[0]}"[:60] for n, (name, code, _) in enumerate(PYTHON_BLOCKS)],
)
def test_each_python_snippet_runs_alone_and_buys_only_if_it_says_so(
    readme_sandbox: RunningSandbox, environment: dict[str, str], tmp_path: Path, code: str, prose: str
) -> None:
    needs = free_names(code)
    assert needs <= set(READER_NAMES), f"the block uses {sorted(needs - set(READER_NAMES))}, which nobody defines"
    if "serve(" in code:
        assert not needs, f"a block with a sandbox of its own uses the reader's {sorted(needs)}"
    first = blocks("python")[0]
    script = reader_names(readme_sandbox) + (first + "\n" if "client" in needs else "") + code
    result = run_script(script, environment, tmp_path)
    assert result.returncode == 0, result.stderr
    if readme_sandbox.sandbox.ledger:
        assert SAYS_IT_BUYS.search(prose + code), f"this block buys, and nothing next to it says so:\n{code}"


PAGES_WITH_PYTHON = [name for name, text in DOCS.items() if blocks("python", text)]


@pytest.mark.parametrize("page", PAGES_WITH_PYTHON)
def test_the_python_snippets_of_a_docs_page_run_in_order(
    readme_sandbox: RunningSandbox, environment: dict[str, str], tmp_path: Path, page: str
) -> None:
    """A reader of a page pastes its blocks one after the other, after the README's first (which makes `client`)."""
    code = "\n".join(blocks("python", DOCS[page]))
    result = run_script(reader_names(readme_sandbox) + blocks("python")[0] + "\n" + code, environment, tmp_path)
    assert result.returncode == 0, result.stderr
    if readme_sandbox.sandbox.ledger:
        assert SAYS_IT_BUYS.search(DOCS[page]), f"{page} buys, and says nothing of it"


def shell_commands() -> list[tuple[str, str]]:
    """Each shell line of the README and the docs pages, once: (the command, the comment after it)."""
    texts = [README, *DOCS.values()]
    lines = list(
        dict.fromkeys(
            line for text in texts for code in blocks("bash", text) for line in code.splitlines() if line.strip()
        )
    )
    return [(command.strip(), comment.strip()) for command, _, comment in (line.partition("#") for line in lines)]


def shell_lines() -> list[str]:
    return [command for command, _ in shell_commands()]


def test_make_lines_are_what_the_makefile_and_ci_run() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make test" in shell_lines()
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("make test")
    assert "\t$(BIN)/cubicasa demo --dest demo-downloads\n" in makefile


def test_make_demo_runs_end_to_end(tmp_path: Path) -> None:
    result = subprocess.run(
        [CUBICASA, "demo", "--dest", str(tmp_path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "(never two)" in result.stdout
    assert "files in" in result.stdout
    downloaded = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".png" for p in downloaded)
    assert any(p.parent.name == "report_urls" for p in downloaded)
    # Act 4: the webhook-driven mirror fetches everything once, then only what the fix changed.
    delivered = re.search(r"delivered: 1 order, (\d+) files: \1 new, 0 changed, 0 unchanged, 0 failed", result.stdout)
    assert delivered is not None, result.stdout
    fixed = re.search(r"fixed: 1 order, (\d+) files: 0 new, (\d+) changed, (\d+) unchanged, 0 failed", result.stdout)
    assert fixed is not None, result.stdout
    assert fixed.group(1) == delivered.group(1)
    assert 0 < int(fixed.group(2)) < int(fixed.group(1))
    mirrored = [p for p in (tmp_path / "mirror").rglob("*") if p.is_file() and not p.name.startswith(".cubicasa")]
    assert len(mirrored) == int(delivered.group(1))


SERVERS = (" sandbox", "webhooks serve")
"""Commands that serve until stopped: each has a test of its own below."""
CLI_LINES = [
    (line, comment)
    for line, comment in shell_commands()
    if line.startswith("cubicasa ") and not any(server in line for server in SERVERS)
]


@pytest.mark.parametrize(("line", "comment"), CLI_LINES, ids=[line for line, _ in CLI_LINES])
def test_every_cubicasa_command_runs_and_buys_only_if_it_says_so(
    line: str, comment: str, environment: dict[str, str], readme_sandbox: RunningSandbox
) -> None:
    result = subprocess.run(
        [CUBICASA, *shlex.split(line)[1:]],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **environment},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert environment["CUBICASA_API_KEY"] not in result.stdout + result.stderr
    if readme_sandbox.sandbox.ledger:
        assert SAYS_IT_BUYS.search(comment), f"`{line}` buys, and its comment does not say so"


def test_the_sandbox_commands_run() -> None:
    embedded = [line for line in shell_lines() if line.startswith("cubicasa --sandbox")]
    assert embedded
    for line in embedded:
        result = subprocess.run([CUBICASA, *shlex.split(line)[1:]], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "orders" in result.stdout
    (serving,) = [line for line in shell_lines() if line.startswith("cubicasa sandbox")]
    args = [arg if arg != "8080" else "0" for arg in shlex.split(serving)[1:]]  # any free port in tests
    with subprocess.Popen([CUBICASA, *args], stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline().startswith("CubiCasa sandbox on http://127.0.0.1:")
        finally:
            process.terminate()
            process.wait(10)


def test_the_webhook_receiver_command_syncs_the_order_a_webhook_names(
    readme_sandbox: RunningSandbox, environment: dict[str, str], tmp_path: Path
) -> None:
    (serving,) = [line for line in shell_lines() if line.startswith("cubicasa webhooks serve")]
    args = [*shlex.split(serving)[1:], "--port", "0"]  # any free port in tests
    order_id = order_offering_gla(readme_sandbox)
    payload = load_example("webhook_order_status.payload.json") | {"id": order_id}
    with receiver_process([CUBICASA, *args], {**os.environ, **environment}, tmp_path) as (process, url):
        assert process.stderr is not None
        assert httpx.post(url, content=json.dumps(payload), timeout=30).status_code == 200
        synced = process.stderr.readline()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert synced.startswith(f"sync of order {order_id}: "), synced + err
    assert process.returncode == 0, err
    assert any(path.is_file() for path in (tmp_path / "mirror").rglob("*"))
    assert environment["CUBICASA_API_KEY"] not in synced + out + err
    assert not readme_sandbox.sandbox.ledger


PURCHASE_BLOCK = next(code for code in blocks("python") if 'orders.upgrade(order_id, add_ons=["gla"])' in code)
README_ORDER_ID = re.findall(r"cubicasa orders get (\S+)", README)[0]
"""The only order id the README gives: the documented example order, which already has gla."""


def test_the_purchase_snippet_runs_as_written_on_the_readme_order_and_buys_nothing_it_has(
    readme_sandbox: RunningSandbox, environment: dict[str, str], tmp_path: Path
) -> None:
    """0.5.0's snippet failed with a 400 on the README's order id: it sent a purchase of what the order had."""
    script = f"order_id = {README_ORDER_ID!r}\n" + blocks("python")[0] + "\n" + PURCHASE_BLOCK
    result = run_script(script, environment, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "nothing bought: the order already has ('gla',)" in result.stdout
    assert not readme_sandbox.sandbox.ledger


def test_a_second_run_of_the_purchase_snippet_buys_nothing(
    readme_sandbox: RunningSandbox, environment: dict[str, str], tmp_path: Path
) -> None:
    order_id = order_offering_gla(readme_sandbox)
    script = f"order_id = {order_id!r}\n" + blocks("python")[0] + "\n" + PURCHASE_BLOCK
    first, second = (run_script(script, environment, tmp_path) for _ in range(2))
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert "bought ('gla',)" in first.stdout
    assert "nothing bought: the order already has ('gla',)" in second.stdout
    assert [entry.order_id for entry in readme_sandbox.sandbox.ledger] == [order_id]

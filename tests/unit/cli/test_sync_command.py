"""`cubicasa sync DEST`: what people and scripts see, and the exit code."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from cubicasa_integrate.cli import _sync
from tests.unit.cli.support import cli_against
from tests.unit.test_sync import Store

SUMMARY = re.compile(
    r"^(\d+) orders?, (\d+) files?: (\d+) new, (\d+) changed, (\d+) unchanged, (\d+) failed, \d+\.\d MB in \d+\.\d+s$"
)


@pytest.fixture
def store() -> Store:
    s = Store()
    s.add("order-a", png_urls={"plan.png": b"png" * 10, "plan2.png": b"png2"}, pdf_urls={"plan.pdf": b"pdf"})
    s.add("order-b", png_urls={"plan.png": b"b-png"})
    return s


def run(store: Store, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    return cli_against(store, monkeypatch)(*args)  # type: ignore[arg-type]


def test_a_terminal_gets_one_summary_line(store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    result = run(store, monkeypatch, "sync", str(tmp_path))
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    match = SUMMARY.match(line)
    assert match is not None, line
    assert [int(n) for n in match.groups()] == [2, 4, 4, 0, 0, 0]
    again = run(store, monkeypatch, "sync", str(tmp_path))
    assert SUMMARY.match(again.stdout.strip()).groups()[2:] == ("0", "0", "4", "0")  # type: ignore[union-attr]


def test_json_is_one_object_per_file_then_the_summary(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    result = run(store, monkeypatch, "sync", str(tmp_path), "--json", "--concurrency", "3")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    *files, summary = lines
    assert [f["event"] for f in files] == ["file"] * 4
    assert {f["status"] for f in files} == {"new"}
    assert all(Path(f["path"]).read_bytes() for f in files)
    assert summary["event"] == "summary"
    counts = {k: summary[k] for k in ("orders", "files", "new", "changed", "unchanged", "failed", "bytes")}
    assert counts == {"orders": 2, "files": 4, "new": 4, "changed": 0, "unchanged": 0, "failed": 0, "bytes": 42}
    assert all(type(v) is int for v in counts.values())


def test_a_failed_file_exits_1_and_is_named(store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    store.faults["/order-a/plan.pdf"] = [lambda r: httpx.Response(404)] * 9
    result = run(store, monkeypatch, "sync", str(tmp_path), "--json")
    assert result.exit_code == 1
    *files, summary = [json.loads(line) for line in result.stdout.splitlines()]
    [failed] = [f for f in files if f["status"] == "failed"]
    assert failed["order_id"] == "order-a"
    assert "404" in failed["error"]
    assert (summary["failed"], summary["new"]) == (1, 3)
    plain = run(store, monkeypatch, "sync", str(tmp_path / "other"))
    assert plain.exit_code == 1
    assert SUMMARY.match(plain.stdout.strip()).group(6) == "1"  # type: ignore[union-attr]


def test_options_reach_the_sync(store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: dict[str, Any] = {}
    real = _sync.sync_orders

    def spy(client: Any, dest: Path, **kwargs: Any) -> Any:
        seen.update(kwargs, dest=dest)
        return real(client, dest, **kwargs)

    monkeypatch.setattr(_sync, "sync_orders", spy)
    result = run(
        store,
        monkeypatch,
        "sync",
        str(tmp_path),
        "--status",
        "Ready",
        "--order",
        "order-b",
        "--since",
        "2024-01-01",
        "--concurrency",
        "5",
        "--dry-run",
    )
    assert result.exit_code == 0, result.output
    assert seen["statuses"] == ("Ready",)
    assert seen["order_ids"] == ("order-b",)
    assert seen["since"].isoformat() == "2024-01-01T00:00:00+00:00"
    assert (seen["concurrency"], seen["dry_run"]) == (5, True)
    assert result.stdout.strip().endswith("(dry run)")
    assert not tmp_path.joinpath("order-b").exists()


def test_the_bars_follow_orders_files_and_bytes() -> None:
    import io

    from rich.console import Console
    from rich.progress import Progress

    from cubicasa_integrate.cli._sync import _Bars
    from cubicasa_integrate.sync import FileKey, FileResult

    console = Console(file=io.StringIO(), force_terminal=True, width=120)
    with Progress(console=console, auto_refresh=False) as progress:
        bars = _Bars(progress)
        bars.order_found("order-a", 2)
        key = FileKey("order-a", "listing_floorplans", "png_urls", "plan-0123456789.png")
        bars.file_started(key, 2000)
        bars.file_progress(key, 1500, 2000)
        assert len(progress.tasks) == 2  # the whole sync and the file in flight
        assert progress.tasks[1].fields["detail"] == "1.5 kB/2.0 kB"
        bars.file_done(FileResult(key, Path("x"), "new", 2000, 2000))
        failed = FileKey("order-a", "gla_package", "report_urls", "report.pdf")
        bars.file_done(FileResult(failed, Path("y"), "failed", 0, error="the server answered 404"))
        [overall] = progress.tasks
        assert (overall.total, overall.completed) == (2, 2)
        assert overall.fields["detail"].startswith("1 order, 2/2 files, 2.0 kB at ")
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", console.file.getvalue())  # type: ignore[attr-defined]
    assert "failed: order-a/gla_package/report_urls report.pdf: the server answered 404" in shown

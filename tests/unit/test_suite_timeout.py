"""The suite's per-test time limit: a hang (say, a pagination guard that regressed into an endless loop) fails
its test instead of stalling the run (issue 10: 0.3.1 had no limit, so such a regression hung CI)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_suite_configures_a_per_test_limit() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert 0 < options["timeout"] <= 600
    assert options["timeout_method"] == "thread"  # ends hangs in C code too, and works under pytest-xdist


def test_a_hanging_test_fails_with_the_suites_own_configuration(tmp_path: Path) -> None:
    hang = tmp_path / "test_hang.py"
    hang.write_text("import time\n\ndef test_hangs():\n    time.sleep(60)\n")
    # The project's pytest configuration (its plugins and timeout method), with the limit shortened to 1 s.
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", str(ROOT / "pyproject.toml")]
    result = subprocess.run(
        [*command, "--rootdir", str(tmp_path), "--timeout=1", "-n", "0", str(hang)],
        capture_output=True,
        text=True,
        timeout=50,
    )
    assert result.returncode == 1, result.stdout + result.stderr  # a failed test, not a usage error
    assert "Timeout" in result.stdout + result.stderr

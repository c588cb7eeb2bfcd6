"""Fixtures shared by every test tier."""

from __future__ import annotations

from typing import Any

import pytest

from tests.reliability.tally import TALLY
from tests.support import load_spec


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    return load_spec()


# The reliability tier's summary line. Its hooks live here, not in tests/reliability/conftest.py: under
# pytest-xdist the controller process runs no test and loads only this conftest, so the counts of each worker
# travel in `workeroutput` and are summed here before the line is printed.


def pytest_sessionfinish(session: pytest.Session) -> None:
    worker_output: dict[str, Any] | None = getattr(session.config, "workeroutput", None)
    if worker_output is not None:
        worker_output["reliability_tally"] = TALLY.to_json()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    counted = getattr(node, "workeroutput", {}).get("reliability_tally")
    if counted:
        TALLY.add(counted)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TALLY.calls:
        terminalreporter.write_line(TALLY.line(), bold=True)

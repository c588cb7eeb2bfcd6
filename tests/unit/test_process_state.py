"""Building, using and closing a client leaves the process as it found it (issue 23, finding 7).

Until 0.5.0 building a client had three process-wide effects: it set a hook on the generated module
(`cubicasa_integrate_api.types.drift_hook`), configured the package's logging from CUBICASA_LOG, and added its
api-key to a redaction set that only grew. What stays process-wide, and why, is below
(test_what_stays_process_wide_is_there_before_any_client).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from tests.support import ROOT
from tests.unit.process_state import KEY


@pytest.fixture(scope="module")
def states() -> dict[str, dict[str, Any]]:
    """The probe's snapshots, taken in a fresh interpreter with the package's logging asked for in the
    environment, as a user who sets CUBICASA_LOG for the CLI has it in every script too."""
    env = {**os.environ, "CUBICASA_LOG": "debug", "CUBICASA_API_KEY": KEY}
    result = subprocess.run(
        [sys.executable, "-m", "tests.unit.process_state"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    states: dict[str, dict[str, Any]] = json.loads(result.stdout)
    return states


@pytest.mark.parametrize(
    "part",
    [
        "loggers",  # levels, handlers, filters of the root, the package's and httpx/httpcore's loggers
        "log records",  # what a record holding the key shows outside any client
        "errors",  # what an error holding the key shows outside any client
        "generated types module",  # no hook set on the generated code
        "finalizers",  # nothing a client registered outlives its close()
        "threads",
        "environment",
        "warnings filters",
        "excepthooks",
    ],
)
def test_a_client_built_used_and_closed_leaves_no_process_wide_state(
    states: dict[str, dict[str, Any]], part: str
) -> None:
    assert states["after"][part] == states["before"][part]


def test_the_environment_alone_configures_no_logging(states: dict[str, dict[str, Any]]) -> None:
    """CUBICASA_LOG is read by `cubicasa_integrate.setup_logging()` and the `cubicasa` CLI, not by a client."""
    loggers = states["after"]["loggers"]
    assert loggers["root"]["handlers"] == []
    for name in ("cubicasa_integrate", "httpx", "httpcore"):
        assert (loggers[name]["handlers"], loggers[name]["level"]) == ([], 0), name  # NOTSET: the application's


def test_what_stays_process_wide_is_there_before_any_client(states: dict[str, dict[str, Any]]) -> None:
    """What remains process-wide, and why:

    - One redacting and one escaping filter on each of the package's and the HTTP stack's loggers, added when
      `cubicasa_integrate._logging` is imported (not when a client is built), once: a logging.Filter sees only the
      records of its own logger, and httpcore's DEBUG records print response headers, which a server may echo a
      key in. They redact only the credentials of clients that are open and of calls in flight (none here).
    - The drift radar's report (`cubicasa_integrate.drift.report()`, README "DRIFT"): process-wide by design,
      changed only by what audited responses held (nothing here), never by building a client.
    Modules imported on first use stay imported, as with any library.
    """
    before = states["before"]
    for name in ("cubicasa_integrate", "cubicasa_integrate.drift", "httpx", "httpcore", "httpcore.http11"):
        kinds = [item.split("@")[0] for item in before["loggers"][name]["filters"]]
        assert kinds == ["_RedactingFilter", "_EscapingFilter"], name
    assert before["loggers"]["root"]["filters"] == []
    assert before["log records"]["cubicasa_integrate"] == f"echo {KEY}"  # no client open: nothing to redact

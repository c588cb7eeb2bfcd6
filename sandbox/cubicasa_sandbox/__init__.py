"""A spec-true, stateful fake CubiCasa Integrate API v3 server, with fault injection.

The `cubicasa-sandbox` distribution (`pip install cubicasa-sandbox`, or `make venv` in this repository).
Three ways to run it:

    from cubicasa_sandbox import serve

    with serve() as running:                       # real loopback HTTP, in a background thread
        running.base_url                           # http://127.0.0.1:<port>/api/integrate/v3
        running.sandbox.ledger                     # every purchase applied

    sandbox = Sandbox(SandboxConfig(orders=10_000))
    httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox.app), base_url="http://sandbox/api/integrate/v3")

    cubicasa sandbox --port 8080                   # the foreground (run_forever), from the client's CLI

What it serves: every operation of `openapi/cubicasa-integrate-v3.yaml` under `/api/integrate/v3` (requests are
validated against the spec; violations answer 400 in the documented `validation_error` shape), the spec itself at
`/openapi.yaml`, the files behind `delivery_assets` at `/_sandbox/assets/<order>/<file>` (no api-key, `Range`
supported), and controls under `/_sandbox/` (not part of the spec): ledger, reset, faults, order status, webhook
deliveries, response violations. `SandboxConfig(evolved_api=True)` answers as an invented newer API version would
(for drift tests; the list is `EVOLUTIONS`). Faults: see `cubicasa_sandbox._faults` (header `x-sandbox-fault`,
`SandboxConfig.faults`, `Sandbox.set_faults`, `PUT /_sandbox/faults`). NOT IN THE SPEC: `GET /companies/info`
(`OFF_SPEC_ROUTES`), a route CubiCasa lists without a documented shape, for the client's escape hatch.
"""

from __future__ import annotations

from starlette.applications import Starlette

from ._app import OFF_SPEC_ROUTES
from ._evolved import EVOLUTIONS, Evolution
from ._faults import ASSET_ROUTE, FAULT_HEADER, Fault, FaultRule, FaultSpecError, parse_fault, parse_rules
from ._model import LedgerEntry, ResponseViolation, SandboxConfig, WebhookDelivery
from ._sandbox import Sandbox
from ._server import RunningSandbox, check_host, run_forever, serve
from ._spec import BASE_PATH, spec_bytes
from ._webhooks import is_loopback_url

__all__ = [
    "ASSET_ROUTE",
    "BASE_PATH",
    "EVOLUTIONS",
    "FAULT_HEADER",
    "OFF_SPEC_ROUTES",
    "Evolution",
    "Fault",
    "FaultRule",
    "FaultSpecError",
    "LedgerEntry",
    "ResponseViolation",
    "RunningSandbox",
    "Sandbox",
    "SandboxConfig",
    "WebhookDelivery",
    "check_host",
    "create_app",
    "is_loopback_url",
    "parse_fault",
    "parse_rules",
    "run_forever",
    "serve",
    "spec_bytes",
]


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """A new sandbox's ASGI app (for `httpx.ASGITransport` or any ASGI server). Its state: `app.state.sandbox`."""
    app: Starlette = Sandbox(config).app
    return app

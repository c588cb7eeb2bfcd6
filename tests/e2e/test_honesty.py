"""Honesty check (a) can fail: a sandbox that sends what the spec forbids gets a recorded violation.

Every other e2e test ends by asserting that the sandbox recorded no violation (tests/e2e/conftest.py), so these
mutations prove that those assertions are not vacuous.
"""

from __future__ import annotations

import asyncio

import httpx

from cubicasa_sandbox import BASE_PATH, Sandbox, SandboxConfig

DOCUMENTED_ID = "312babc6-e742-4d54-ac49-e0f7b16ec15a"


def call(sandbox: Sandbox, method: str, path: str, **kwargs: object) -> httpx.Response:
    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=sandbox.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox" + BASE_PATH) as client:
            return await client.request(method, path, headers={"api-key": "sandbox-key"}, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(run())


def test_a_response_outside_the_spec_is_recorded() -> None:
    sandbox = Sandbox(SandboxConfig(validate_responses=True))
    assert call(sandbox, "GET", f"/orders/{DOCUMENTED_ID}").status_code == 200
    assert sandbox.response_violations == ()

    sandbox.store.get(DOCUMENTED_ID).status = 5  # type: ignore[assignment]  # not a string (any string is valid)
    sandbox.store.get(DOCUMENTED_ID).created_at = None  # type: ignore[assignment]  # required and not nullable
    assert call(sandbox, "GET", f"/orders/{DOCUMENTED_ID}").status_code == 200

    (violation,) = sandbox.response_violations
    assert (violation.operation_id, violation.status, violation.path) == (
        "getOrder",
        200,
        f"{BASE_PATH}/orders/{DOCUMENTED_ID}",
    )
    text = " ".join(violation.errors)
    assert "5 is not valid under any of the given schemas" in text
    assert "None is not of type 'number'" in text
    assert sandbox.responses_checked == 2


def test_a_webhook_payload_outside_the_spec_is_recorded() -> None:
    sandbox = Sandbox(
        SandboxConfig(
            validate_responses=True, webhook_urls=("http://127.0.0.1:9/hook",), webhook_triggers=("moved_to_ready",)
        )
    )
    sandbox.fire({"id": DOCUMENTED_ID, "current_status": "Ready", "previous_status": "Pending"})
    assert sandbox.response_violations == ()
    sandbox.fire({"current_status": "Ready", "previous_status": "Gone"})  # no id; an unknown status
    (violation,) = sandbox.response_violations
    assert violation.operation_id == "orderStatusChanged"
    assert "'id' is a required property" in " ".join(violation.errors)

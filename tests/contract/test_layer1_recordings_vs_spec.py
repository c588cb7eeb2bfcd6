"""Layer 1 — the spec vs. recorded reality: every recorded request and response validates against openapi/."""

from __future__ import annotations

import pytest

from tests.contract.recordings import Recording, load_recordings, openapi, request_errors, response_errors

RECORDINGS = load_recordings()
API = openapi()


def test_recordings_cover_every_documented_example_and_the_error_cases() -> None:
    statuses = {r.response["status"] for r in RECORDINGS}
    assert {200, 400, 401, 404, 429, 500} <= statuses
    assert {r.operation_id for r in RECORDINGS} >= {
        "upgradeOrder",
        "getOrder",
        "listOrders",
        "listUsers",
        "addUser",
        "updateCompanyWebhooks",
        "updateDraftOrder",
        "createDraftOrder",
        "orderStatusChanged",
    }


@pytest.mark.parametrize("recording", RECORDINGS, ids=lambda r: r.name)
def test_recorded_request_matches_the_spec(recording: Recording) -> None:
    errors = [str(error) for error in request_errors(API, recording)]
    if recording.request_conforms:
        assert errors == []
    else:
        # The server rejected this request because it breaks the spec: the spec must say so too.
        assert errors != []


@pytest.mark.parametrize("recording", RECORDINGS, ids=lambda r: r.name)
def test_recorded_response_matches_the_spec(recording: Recording) -> None:
    assert [f"{error}: {error.__cause__}" for error in response_errors(API, recording)] == []

"""No secret and no personal data in tests/recordings/: the api-key is always redacted, and the only e-mail
addresses are the documentation's own placeholders or reserved example domains."""

from __future__ import annotations

import re

import pytest

from tests.contract.recordings import RECORDINGS_DIR, REDACTED, Recording, load_recordings

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Addresses printed in the public API documentation's examples (placeholders, not customers).
DOCUMENTED_EXAMPLE_EMAILS = {"manager@cubicasa.com", "user@example.com", "tim@internet.com", "linus@computer.com"}
RESERVED_DOMAINS = re.compile(r"@(example\.(com|org|net)|[a-z0-9.-]+\.(invalid|test|example))$", re.IGNORECASE)


def disallowed_emails(text: str) -> list[str]:
    return [
        email
        for email in EMAIL.findall(text)
        if email.lower() not in DOCUMENTED_EXAMPLE_EMAILS and not RESERVED_DOMAINS.search(email)
    ]


@pytest.mark.parametrize("recording", load_recordings(), ids=lambda r: r.name)
def test_api_key_is_redacted(recording: Recording) -> None:
    headers = {name.lower(): value for name, value in recording.request["headers"].items()}
    if recording.kind == "api":
        assert headers["api-key"] == REDACTED
    assert set(headers) <= {"api-key", "content-type"}


def test_no_personal_email_in_any_recording() -> None:
    found = {path.name: disallowed_emails(path.read_text(encoding="utf-8")) for path in RECORDINGS_DIR.glob("*.json")}
    assert {name: emails for name, emails in found.items() if emails} == {}


def test_email_check_would_catch_a_customer_address() -> None:
    assert disallowed_emails('{"created_by": "jane.doe@realtor-studio.com"}') == ["jane.doe@realtor-studio.com"]
    assert disallowed_emails('{"created_by": "redacted-1@example.com", "x": "tim@internet.com"}') == []

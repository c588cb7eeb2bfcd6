"""A schemathesis check for the operations whose schema-valid requests the sandbox may refuse for state reasons.

schemathesis' `positive_data_acceptance` assumes that every request the schema allows is accepted. That cannot
hold where the spec itself makes acceptance depend on state: `upgradeOrder` buys only what the order's
`purchasable_add_ons` / `purchasable_package_types` list, a draft's `owner_email` must be "an existing user of the
company", and an e-mail can be added as a user once. For those operations (listed in STATE_DEPENDENT, and only
for them) schemathesis.toml disables the built-in check and this one takes its place: it still fails on any
refusal of valid data, except a 400 in the documented `validation_error` shape whose every item names one of the
sandbox's state reasons. A 400 for any other reason (a validator bug, say) still fails.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis

STATE_DEPENDENT = {
    "POST /orders/{order_id}/post-purchase": {"value_error.not_purchasable"},
    "POST /orders/draft": {"value_error.owner_email"},
    "PATCH /orders/draft/{order_id}": {"value_error.owner_email"},
    "POST /users": {"value_error.email_taken"},
}
ACCEPTED = range(200, 400)
ALSO_ACCEPTED = {401, 403, 404, 409, 429}


def _state_reasons(body: Any) -> set[str] | None:
    """The `type` of every item of a documented 400 body, or None if the body is not one."""
    if not isinstance(body, dict) or not isinstance(body.get("validation_error"), dict):
        return None
    items = [item for group in body["validation_error"].values() for item in group]
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    return {str(item.get("type")) for item in items}


@schemathesis.check
def positive_data_accepted_unless_state_refuses(ctx: Any, response: Any, case: Any) -> bool | None:
    reasons = STATE_DEPENDENT.get(f"{case.method.upper()} {case.operation.path}")
    meta = case.meta
    if reasons is None or meta is None or not meta.generation.mode.is_positive:
        return None
    status = response.status_code
    if status in ACCEPTED or status in ALSO_ACCEPTED or status >= 500:
        return None
    if status == 400:
        try:
            found = _state_reasons(json.loads(response.content))
        except ValueError:
            found = None
        if found and found <= reasons:
            return None
    raise AssertionError(
        f"Valid data should have been accepted or refused for a state reason ({', '.join(sorted(reasons))}); "
        f"got {status}: {response.content[:300]!r}"
    )

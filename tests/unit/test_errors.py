"""overrides/cubicasa_integrate/errors.py: the hierarchy and the parsing of validation errors."""

from __future__ import annotations

from typing import Any

import pytest

from cubicasa_integrate import errors


def test_hierarchy() -> None:
    assert issubclass(errors.APITimeoutError, errors.APIConnectionError)
    for cls in (
        errors.BadRequestError,
        errors.AuthenticationError,
        errors.PermissionDeniedError,
        errors.NotFoundError,
        errors.UnprocessableEntityError,
        errors.RateLimitError,
        errors.InternalServerError,
    ):
        assert issubclass(cls, errors.APIStatusError)
    for cls in (errors.APIConnectionError, errors.APIStatusError, errors.ResponseDecodeError):
        assert issubclass(cls, errors.APIError)
    for cls in (errors.APIError, errors.PurchaseStateUnknownError, errors.DownloadError, errors.ConfigurationError):
        assert issubclass(cls, errors.CubiCasaError)
    assert issubclass(errors.ConfigurationError, ValueError)
    assert issubclass(errors.WebhookPayloadError, ValueError)


def test_field_errors_of_the_documented_shape() -> None:
    body = {
        "validation_error": {
            "body_params": [
                {"loc": ["street"], "msg": "field required"},
                {"loc": ["info"], "msg": "str type expected"},
            ],
            "query_params": [{"loc": ["limit"], "msg": "value is not a valid integer", "type": "type_error.integer"}],
        }
    }
    assert errors.FieldError.from_body(body) == [
        errors.FieldError(("body_params", "street"), "field required"),
        errors.FieldError(("body_params", "info"), "str type expected"),
        errors.FieldError(("query_params", "limit"), "value is not a valid integer", "type_error.integer"),
    ]


@pytest.mark.parametrize(
    "body",
    [None, "text", [], {"detail": "x"}, {"validation_error": "x"}, {"validation_error": {"body_params": "x"}}],
)
def test_field_errors_of_other_shapes_are_empty(body: Any) -> None:
    assert errors.FieldError.from_body(body) == []


def test_odd_items_are_read_leniently() -> None:
    body = {"validation_error": {"body_params": ["x", {"loc": "street", "msg": 5, "type": 1}]}}
    assert errors.FieldError.from_body(body) == [errors.FieldError(("body_params",), "5", None)]


def test_every_api_error_redacts_the_message_it_is_given() -> None:
    """The errors are the last guard: whatever text a call site builds a message from (a server's detail, a
    transport's description), a key of an open client or a call in flight is redacted, in str(), repr() and
    .message."""
    from cubicasa_integrate._logging import hold, release

    secret = "ERRORS-OWN-SECRET-0123456789"
    hold(frozenset({secret}))  # as an open client holds its key (cubicasa_integrate._logging)
    try:
        made = [
            errors.APIError(f"failed with {secret}", method="GET", path="/orders"),
            errors.APIConnectionError(f"dropped: {secret}", method="GET", path="/orders", request_sent=True),
            errors.ResponseDecodeError(f"bad body {secret}", method="GET", path="/orders", status_code=200, text=""),
        ]
    finally:
        release(frozenset({secret}))
    for error in made:  # redacted when made: still after the key was released
        for shown in (str(error), repr(error), error.message):
            assert secret not in shown
            assert "<redacted>" in shown

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ValidationErrorBody")


@_attrs_define
class ValidationErrorBody:
    """Body of a 400 validation error, as captured from app.cubi.casa by a third party."""

    validation_error: None | ValidationErrors = None

    def to_dict(self) -> dict[str, Any]:
        validation_error: dict[str, Any] | None
        if isinstance(self.validation_error, ValidationErrors):
            validation_error = self.validation_error.to_dict()
        else:
            validation_error = self.validation_error

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if validation_error is not None:
            field_dict["validation_error"] = validation_error

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_validation_error(data: object) -> None | ValidationErrors:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                validation_error_type_0 = ValidationErrors.from_dict(data)

                return validation_error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ValidationErrors, data)

        validation_error = _parse_validation_error(d.pop("validation_error", None))

        validation_error_body = cls(
            validation_error=validation_error,
        )

        return validation_error_body


from ..models.validation_errors import ValidationErrors

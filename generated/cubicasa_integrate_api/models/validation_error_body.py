from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ValidationErrorBody")


@_attrs_define
class ValidationErrorBody:
    """Body of a 400 validation error, as captured from app.cubi.casa by a third party."""

    validation_error: ValidationErrors | Unset = UNSET
    """ Validation failures by request part; only `body_params` has been seen. """

    def to_dict(self) -> dict[str, Any]:
        validation_error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.validation_error, Unset):
            validation_error = self.validation_error.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if validation_error is not UNSET:
            field_dict["validation_error"] = validation_error

        return field_dict

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _validation_error = d.pop("validation_error", UNSET)
        validation_error: ValidationErrors | Unset
        if isinstance(_validation_error, Unset):
            validation_error = UNSET
        else:
            validation_error = ValidationErrors.from_dict(_validation_error)

        validation_error_body = cls(
            validation_error=validation_error,
        )

        return validation_error_body


from ..models.validation_errors import ValidationErrors

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="ValidationErrorBody")

_KEYS = frozenset(
    {
        "validation_error",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class ValidationErrorBody:
    """Body of a 400 validation error, as captured from app.cubi.casa by a third party."""

    validation_error: ValidationErrors | Unset = UNSET
    """ Validation failures by request part; only `body_params` has been seen. """
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        validation_error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.validation_error, Unset):
            validation_error = self.validation_error.to_dict()

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if validation_error is not UNSET:
            field_dict["validation_error"] = validation_error

        return field_dict

    @classmethod
    def _json_plan(cls) -> dict[str, Any]:
        return {"validation_error": ValidationErrors}

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            _validation_error = d.get("validation_error", UNSET)
            validation_error: ValidationErrors | Unset
            if isinstance(_validation_error, Unset):
                validation_error = UNSET
            else:
                validation_error = ValidationErrors.from_dict(_validation_error)

        except Exception:
            drift_keys("invalid", "ValidationErrorBody", d)
            raise
        validation_error_body = cls(
            validation_error,
        )

        if not _KEYS.issuperset(d):
            validation_error_body._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "ValidationErrorBody", d, _KEYS)
        return validation_error_body

    @property
    def additional_properties(self) -> dict[str, Any]:
        """The keys of the JSON object that the spec does not list, with their values."""
        if self._additional_properties is None:
            self._additional_properties = {}
        return self._additional_properties

    @additional_properties.setter
    def additional_properties(self, value: dict[str, Any]) -> None:
        self._additional_properties = value

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# Imported here, at the end and once, rather than inside every from_dict/to_dict call (about 2 us per import
# statement per call): this module's class already exists when an import cycle (A -> B -> A) comes back to it.
from ..models.validation_errors import ValidationErrors

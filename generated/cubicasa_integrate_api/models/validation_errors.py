from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="ValidationErrors")

_KEYS = frozenset(
    {
        "body_params",
        "query_params",
        "path_params",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


@_attrs_define
class ValidationErrors:
    """Validation failures by request part; only `body_params` has been seen."""

    body_params: list[ValidationErrorItem] | Unset = UNSET
    query_params: list[ValidationErrorItem] | Unset = UNSET
    path_params: list[ValidationErrorItem] | Unset = UNSET
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        body_params: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.body_params, Unset):
            body_params = []
            for body_params_item_data in self.body_params:
                body_params_item = body_params_item_data.to_dict()
                body_params.append(body_params_item)

        query_params: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.query_params, Unset):
            query_params = []
            for query_params_item_data in self.query_params:
                query_params_item = query_params_item_data.to_dict()
                query_params.append(query_params_item)

        path_params: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.path_params, Unset):
            path_params = []
            for path_params_item_data in self.path_params:
                path_params_item = path_params_item_data.to_dict()
                path_params.append(path_params_item)

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if body_params is not UNSET:
            field_dict["body_params"] = body_params
        if query_params is not UNSET:
            field_dict["query_params"] = query_params
        if path_params is not UNSET:
            field_dict["path_params"] = path_params

        return field_dict

    @classmethod
    def _json_plan(cls) -> dict[str, Any]:
        return {
            "body_params": [ValidationErrorItem],
            "query_params": [ValidationErrorItem],
            "path_params": [ValidationErrorItem],
        }

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            _body_params = d.get("body_params", UNSET)
            body_params: list[ValidationErrorItem] | Unset = UNSET
            if _body_params is not UNSET:
                body_params = []
                for body_params_item_data in _body_params:
                    body_params_item = ValidationErrorItem.from_dict(body_params_item_data)

                    body_params.append(body_params_item)

            _query_params = d.get("query_params", UNSET)
            query_params: list[ValidationErrorItem] | Unset = UNSET
            if _query_params is not UNSET:
                query_params = []
                for query_params_item_data in _query_params:
                    query_params_item = ValidationErrorItem.from_dict(query_params_item_data)

                    query_params.append(query_params_item)

            _path_params = d.get("path_params", UNSET)
            path_params: list[ValidationErrorItem] | Unset = UNSET
            if _path_params is not UNSET:
                path_params = []
                for path_params_item_data in _path_params:
                    path_params_item = ValidationErrorItem.from_dict(path_params_item_data)

                    path_params.append(path_params_item)

        except Exception:
            drift_keys("invalid", "ValidationErrors", d)
            raise
        validation_errors = cls(
            body_params,
            query_params,
            path_params,
        )

        if not _KEYS.issuperset(d):
            validation_errors._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "ValidationErrors", d, _KEYS)
        return validation_errors

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
from ..models.validation_error_item import ValidationErrorItem

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ValidationErrors")


@_attrs_define
class ValidationErrors:
    """Validation failures by request part; only `body_params` has been seen."""

    body_params: list[ValidationErrorItem] | Unset = UNSET
    query_params: list[ValidationErrorItem] | Unset = UNSET
    path_params: list[ValidationErrorItem] | Unset = UNSET

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

        field_dict.update({})
        if body_params is not UNSET:
            field_dict["body_params"] = body_params
        if query_params is not UNSET:
            field_dict["query_params"] = query_params
        if path_params is not UNSET:
            field_dict["path_params"] = path_params

        return field_dict

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _body_params = d.pop("body_params", UNSET)
        body_params: list[ValidationErrorItem] | Unset = UNSET
        if _body_params is not UNSET:
            body_params = []
            for body_params_item_data in _body_params:
                body_params_item = ValidationErrorItem.from_dict(body_params_item_data)

                body_params.append(body_params_item)

        _query_params = d.pop("query_params", UNSET)
        query_params: list[ValidationErrorItem] | Unset = UNSET
        if _query_params is not UNSET:
            query_params = []
            for query_params_item_data in _query_params:
                query_params_item = ValidationErrorItem.from_dict(query_params_item_data)

                query_params.append(query_params_item)

        _path_params = d.pop("path_params", UNSET)
        path_params: list[ValidationErrorItem] | Unset = UNSET
        if _path_params is not UNSET:
            path_params = []
            for path_params_item_data in _path_params:
                path_params_item = ValidationErrorItem.from_dict(path_params_item_data)

                path_params.append(path_params_item)

        validation_errors = cls(
            body_params=body_params,
            query_params=query_params,
            path_params=path_params,
        )

        return validation_errors


from ..models.validation_error_item import ValidationErrorItem

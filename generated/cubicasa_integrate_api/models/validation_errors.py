from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ValidationErrors")


@_attrs_define
class ValidationErrors:
    """Validation failures by request part; only `body_params` has been seen."""

    body_params: list[ValidationErrorItem] | None = None
    query_params: list[ValidationErrorItem] | None = None
    path_params: list[ValidationErrorItem] | None = None

    def to_dict(self) -> dict[str, Any]:
        body_params: list[dict[str, Any]] | None
        if isinstance(self.body_params, list):
            body_params = []
            for body_params_type_0_item_data in self.body_params:
                body_params_type_0_item = body_params_type_0_item_data.to_dict()
                body_params.append(body_params_type_0_item)

        else:
            body_params = self.body_params

        query_params: list[dict[str, Any]] | None
        if isinstance(self.query_params, list):
            query_params = []
            for query_params_type_0_item_data in self.query_params:
                query_params_type_0_item = query_params_type_0_item_data.to_dict()
                query_params.append(query_params_type_0_item)

        else:
            query_params = self.query_params

        path_params: list[dict[str, Any]] | None
        if isinstance(self.path_params, list):
            path_params = []
            for path_params_type_0_item_data in self.path_params:
                path_params_type_0_item = path_params_type_0_item_data.to_dict()
                path_params.append(path_params_type_0_item)

        else:
            path_params = self.path_params

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if body_params is not None:
            field_dict["body_params"] = body_params
        if query_params is not None:
            field_dict["query_params"] = query_params
        if path_params is not None:
            field_dict["path_params"] = path_params

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_body_params(data: object) -> list[ValidationErrorItem] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                body_params_type_0 = []
                _body_params_type_0 = data
                for body_params_type_0_item_data in _body_params_type_0:
                    body_params_type_0_item = ValidationErrorItem.from_dict(body_params_type_0_item_data)

                    body_params_type_0.append(body_params_type_0_item)

                return body_params_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ValidationErrorItem] | None, data)

        body_params = _parse_body_params(d.pop("body_params", None))

        def _parse_query_params(data: object) -> list[ValidationErrorItem] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                query_params_type_0 = []
                _query_params_type_0 = data
                for query_params_type_0_item_data in _query_params_type_0:
                    query_params_type_0_item = ValidationErrorItem.from_dict(query_params_type_0_item_data)

                    query_params_type_0.append(query_params_type_0_item)

                return query_params_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ValidationErrorItem] | None, data)

        query_params = _parse_query_params(d.pop("query_params", None))

        def _parse_path_params(data: object) -> list[ValidationErrorItem] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                path_params_type_0 = []
                _path_params_type_0 = data
                for path_params_type_0_item_data in _path_params_type_0:
                    path_params_type_0_item = ValidationErrorItem.from_dict(path_params_type_0_item_data)

                    path_params_type_0.append(path_params_type_0_item)

                return path_params_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ValidationErrorItem] | None, data)

        path_params = _parse_path_params(d.pop("path_params", None))

        validation_errors = cls(
            body_params=body_params,
            query_params=query_params,
            path_params=path_params,
        )

        return validation_errors


from ..models.validation_error_item import ValidationErrorItem

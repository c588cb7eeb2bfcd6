from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.user_role import UserRole

T = TypeVar("T", bound="AddUserResponse")


@_attrs_define
class AddUserResponse:
    """The created user."""

    email: None | str = None
    id: None | str = None
    message: None | str = None
    """ E.g. "Invitation email was sent to user email and needs to be finished before first login." """
    role: None | UserRole = None

    def to_dict(self) -> dict[str, Any]:
        email: None | str
        email = self.email

        id: None | str
        id = self.id

        message: None | str
        message = self.message

        role: None | str
        if isinstance(self.role, UserRole):
            role = self.role.value
        else:
            role = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if email is not None:
            field_dict["email"] = email
        if id is not None:
            field_dict["id"] = id
        if message is not None:
            field_dict["message"] = message
        if role is not None:
            field_dict["role"] = role

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email", None))

        def _parse_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        id = _parse_id(d.pop("id", None))

        def _parse_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        message = _parse_message(d.pop("message", None))

        def _parse_role(data: object) -> None | UserRole:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = UserRole(data)

                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UserRole, data)

        role = _parse_role(d.pop("role", None))

        add_user_response = cls(
            email=email,
            id=id,
            message=message,
            role=role,
        )

        return add_user_response

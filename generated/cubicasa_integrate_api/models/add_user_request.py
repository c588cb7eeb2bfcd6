from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.user_role import UserRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="AddUserRequest")


@_attrs_define
class AddUserRequest:
    """A new user. Without `password`, an invitation e-mail is sent."""

    email: str
    role: UserRole | Unset = UNSET
    """ Role of a user in the company account (documented). Open enum: clients must accept values not listed here.
    """
    office_id: str | Unset = UNSET
    """ Id of the office the user belongs to (a UUID). """
    password: str | Unset = UNSET
    """ Initial password; if omitted, an invitation e-mail is sent instead. """

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        office_id = self.office_id

        password = self.password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role
        if office_id is not UNSET:
            field_dict["office_id"] = office_id
        if password is not UNSET:
            field_dict["password"] = password

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        _role = d.pop("role", UNSET)
        role: UserRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = UserRole(_role)

        office_id = d.pop("office_id", UNSET)

        password = d.pop("password", UNSET)

        add_user_request = cls(
            email=email,
            role=role,
            office_id=office_id,
            password=password,
        )

        return add_user_request

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.user_role import UserRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="AddUserResponse")


@_attrs_define
class AddUserResponse:
    """The created user."""

    email: str | Unset = UNSET
    id: str | Unset = UNSET
    message: str | Unset = UNSET
    """ E.g. "Invitation email was sent to user email and needs to be finished before first login." """
    role: UserRole | Unset = UNSET
    """ Role of a user in the company account (documented). Open enum: clients must accept values not listed here.
    """

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        id = self.id

        message = self.message

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if email is not UNSET:
            field_dict["email"] = email
        if id is not UNSET:
            field_dict["id"] = id
        if message is not UNSET:
            field_dict["message"] = message
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email", UNSET)

        id = d.pop("id", UNSET)

        message = d.pop("message", UNSET)

        _role = d.pop("role", UNSET)
        role: UserRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = UserRole(_role)

        add_user_response = cls(
            email=email,
            id=id,
            message=message,
            role=role,
        )

        return add_user_response

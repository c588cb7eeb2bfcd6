from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.user_role import UserRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="User")


@_attrs_define
class User:
    """A user of the company account."""

    id: str
    """ User id (a UUID). """
    email: str
    name: None | str | Unset = UNSET
    surname: None | str | Unset = UNSET
    role: UserRole | Unset = UNSET
    """ Role of a user in the company account (documented). Open enum: clients must accept values not listed here.
    """
    email_confirmed: bool | Unset = UNSET
    created_at: float | Unset = UNSET
    """ When the user was created, unix epoch seconds (float). """

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        email = self.email

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        surname: None | str | Unset
        if isinstance(self.surname, Unset):
            surname = UNSET
        else:
            surname = self.surname

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        email_confirmed = self.email_confirmed

        created_at = self.created_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "email": email,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if surname is not UNSET:
            field_dict["surname"] = surname
        if role is not UNSET:
            field_dict["role"] = role
        if email_confirmed is not UNSET:
            field_dict["email_confirmed"] = email_confirmed
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        email = d.pop("email")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_surname(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        surname = _parse_surname(d.pop("surname", UNSET))

        _role = d.pop("role", UNSET)
        role: UserRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = UserRole(_role)

        email_confirmed = d.pop("email_confirmed", UNSET)

        created_at = d.pop("created_at", UNSET)

        user = cls(
            id=id,
            email=email,
            name=name,
            surname=surname,
            role=role,
            email_confirmed=email_confirmed,
            created_at=created_at,
        )

        return user

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.user_role import UserRole

T = TypeVar("T", bound="User")


@_attrs_define
class User:
    """A user of the company account."""

    id: str
    """ User id (a UUID). """
    email: str
    name: None | str = None
    surname: None | str = None
    role: None | UserRole = None
    email_confirmed: bool | None = None
    created_at: float | None = None
    """ When the user was created, unix epoch seconds (float). """

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        email = self.email

        name: None | str
        name = self.name

        surname: None | str
        surname = self.surname

        role: None | str
        if isinstance(self.role, UserRole):
            role = self.role.value
        else:
            role = self.role

        email_confirmed: bool | None
        email_confirmed = self.email_confirmed

        created_at: float | None
        created_at = self.created_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "email": email,
            }
        )
        if name is not None:
            field_dict["name"] = name
        if surname is not None:
            field_dict["surname"] = surname
        if role is not None:
            field_dict["role"] = role
        if email_confirmed is not None:
            field_dict["email_confirmed"] = email_confirmed
        if created_at is not None:
            field_dict["created_at"] = created_at

        return field_dict

    def to_json(self, *, indent: int | None = 2) -> str:
        """`to_dict()` as JSON text (the API's key names); non-ASCII escaped, so it is safe to print as it is."""
        import json

        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: builtins.type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        email = d.pop("email")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name", None))

        def _parse_surname(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        surname = _parse_surname(d.pop("surname", None))

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

        def _parse_email_confirmed(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        email_confirmed = _parse_email_confirmed(d.pop("email_confirmed", None))

        def _parse_created_at(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        created_at = _parse_created_at(d.pop("created_at", None))

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.user_role import UserRole
from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="User")

_KEYS = frozenset(
    {
        "id",
        "email",
        "name",
        "surname",
        "role",
        "email_confirmed",
        "created_at",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


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
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

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
        if self._additional_properties:
            field_dict.update(self._additional_properties)
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
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            id = d["id"]
            if not isinstance(id, str):
                raise TypeError(f"id must be a string, got {type(id).__name__}")

            email = d["email"]
            if not isinstance(email, str):
                raise TypeError(f"email must be a string, got {type(email).__name__}")

            name: None | str | Unset = d.get("name", UNSET)

            surname: None | str | Unset = d.get("surname", UNSET)

            _role = d.get("role", UNSET)
            role: UserRole | Unset
            if isinstance(_role, Unset):
                role = UNSET
            else:
                role = UserRole._by_value[_role]

            email_confirmed = d.get("email_confirmed", UNSET)

            created_at = d.get("created_at", UNSET)

        except Exception:
            drift_keys("invalid", "User", d)
            raise
        user = cls(
            id,
            email,
            name,
            surname,
            role,
            email_confirmed,
            created_at,
        )

        if not _KEYS.issuperset(d):
            user._additional_properties = {key: check_depth(value, key) for key, value in d.items() if key not in _KEYS}
            drift_keys("unknown", "User", d, _KEYS)
        return user

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

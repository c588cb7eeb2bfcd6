from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.user_role import UserRole
from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="AddUserRequest")

_KEYS = frozenset(
    {
        "email",
        "role",
        "office_id",
        "password",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


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
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        office_id = self.office_id

        password = self.password

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
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

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            email = d["email"]
            if not isinstance(email, str):
                raise TypeError(f"email must be a string, got {type(email).__name__}")

            _role = d.get("role", UNSET)
            role: UserRole | Unset
            if isinstance(_role, Unset):
                role = UNSET
            else:
                role = UserRole._by_value[_role]

            office_id = d.get("office_id", UNSET)

            password = d.get("password", UNSET)

        except Exception:
            drift_keys("invalid", "AddUserRequest", d)
            raise
        add_user_request = cls(
            email,
            role,
            office_id,
            password,
        )

        if not _KEYS.issuperset(d):
            add_user_request._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "AddUserRequest", d, _KEYS)
        return add_user_request

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.user_role import UserRole
from ..types import UNSET, Unset, check_depth, drift_keys

T = TypeVar("T", bound="AddUserResponse")

_KEYS = frozenset(
    {
        "email",
        "id",
        "message",
        "role",
    }
)
""" The keys from_dict reads into attributes; any other key is kept in additional_properties. """


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
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda value: value or {}, repr=lambda value: repr(value or {})
    )

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        id = self.id

        message = self.message

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
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
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        try:
            email = d.get("email", UNSET)

            id = d.get("id", UNSET)

            message = d.get("message", UNSET)

            _role = d.get("role", UNSET)
            role: UserRole | Unset
            if isinstance(_role, Unset):
                role = UNSET
            else:
                role = UserRole._by_value[_role]

        except Exception:
            drift_keys("invalid", "AddUserResponse", d)
            raise
        add_user_response = cls(
            email,
            id,
            message,
            role,
        )

        if not _KEYS.issuperset(d):
            add_user_response._additional_properties = {
                key: check_depth(value, key) for key, value in d.items() if key not in _KEYS
            }
            drift_keys("unknown", "AddUserResponse", d, _KEYS)
        return add_user_response

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

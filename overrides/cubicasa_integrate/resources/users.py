"""client.users: the users of the company account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._base_client import AsyncAPIClient, Call, SyncAPIClient

if TYPE_CHECKING:
    from cubicasa_integrate_api.models import AddUserResponse, UserList

__all__ = ["AsyncUsers", "Users"]

# The generated endpoint modules and models are imported by the functions that use them, on the first call
# of each operation, so that `from cubicasa_integrate import CubiCasa` does not load all 43 models (and attrs).


def _list() -> Call[UserList]:
    from cubicasa_integrate_api.api.users import list_users
    from cubicasa_integrate_api.models import UserList

    return Call(list_users, UserList)


def _add(email: str, role: str | None, office_id: str | None, password: str | None) -> Call[AddUserResponse]:
    if not isinstance(email, str) or "@" not in email:
        raise ValueError(f"email must be an e-mail address, got {email!r}")
    from cubicasa_integrate_api.api.users import add_user
    from cubicasa_integrate_api.models import AddUserRequest, AddUserResponse, UserRole
    from cubicasa_integrate_api.types import UNSET

    body = AddUserRequest(
        email=email,
        role=UNSET if role is None else UserRole(role),
        office_id=UNSET if office_id is None else office_id,
        password=UNSET if password is None else password,
    )
    return Call(add_user, AddUserResponse, {"body": body}, idempotent=False)


class Users:
    def __init__(self, api: SyncAPIClient) -> None:
        self._api = api

    def list(self) -> UserList:
        """The company's users (one page: the API documents no paging parameters for this list)."""
        return self._api.request(_list())

    def add(
        self, email: str, *, role: str | None = None, office_id: str | None = None, password: str | None = None
    ) -> AddUserResponse:
        """Add a user; without a password, CubiCasa e-mails them an invitation. Roles: Collaborator, User, Manager."""
        return self._api.request(_add(email, role, office_id, password))


class AsyncUsers:
    def __init__(self, api: AsyncAPIClient) -> None:
        self._api = api

    async def list(self) -> UserList:
        """The company's users (one page)."""
        return await self._api.request(_list())

    async def add(
        self, email: str, *, role: str | None = None, office_id: str | None = None, password: str | None = None
    ) -> AddUserResponse:
        """Add a user; without a password, CubiCasa e-mails them an invitation."""
        return await self._api.request(_add(email, role, office_id, password))

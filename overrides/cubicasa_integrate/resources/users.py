"""client.users: the users of the company account."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property, partial
from typing import TYPE_CHECKING

import httpx

from .._base_client import AsyncAPIClient, Call, RequestOptions, SyncAPIClient
from .._response import async_to_raw_response_wrapper, to_raw_response_wrapper
from ..pagination import MAX_PAGES, AsyncPager, Pager

if TYPE_CHECKING:
    from cubicasa_integrate_api.models import AddUserResponse, User, UserList

__all__ = ["AsyncUsers", "AsyncUsersWithRawResponse", "Users", "UsersWithRawResponse"]

MAX_PAGE_SIZE = 1000

# The generated endpoint modules and models are imported by the functions that use them, on the first call
# of each operation, so that `from cubicasa_integrate import CubiCasa` does not load every model (and attrs).


def _page(page_size: int, offset: int | None) -> Call[UserList]:
    from cubicasa_integrate_api.api.users import list_users
    from cubicasa_integrate_api.models import UserList
    from cubicasa_integrate_api.types import UNSET

    return Call(list_users, UserList, {"limit": page_size, "offset": UNSET if offset is None else offset})


def _fetch_page(api: SyncAPIClient, size: int, options: RequestOptions, offset: int | None) -> UserList:
    return api.request(_page(size, offset), options)


async def _async_fetch_page(api: AsyncAPIClient, size: int, options: RequestOptions, offset: int | None) -> UserList:
    return await api.request(_page(size, offset), options)


def _check_page_size(page_size: int) -> int:
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be an int from 1 to {MAX_PAGE_SIZE}, got {page_size!r}")
    return page_size


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

    @cached_property
    def with_raw_response(self) -> UsersWithRawResponse:
        """The same methods (but list), returning the HTTP response with the result."""
        return UsersWithRawResponse(self)

    def list(
        self,
        *,
        page_size: int = 20,
        max_pages: int = MAX_PAGES,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> Pager[UserList, User]:
        """Every user of the company account, fetched lazily page by page (`.pages()` for the pages).

        The list answers in the documented pagination envelope; the paging parameters are inferred from the API's
        Pagination page, and the pages are followed the way orders.list follows them (ResponseDecodeError on a
        list that repeats, overlaps or never ends).
        """
        size = _check_page_size(page_size)
        fetch = partial(_fetch_page, self._api, size, RequestOptions(extra_headers, timeout, extra_query, extra_body))
        return Pager(fetch, describe=lambda: _page(size, None).route, max_pages=max_pages)

    def add(
        self,
        email: str,
        *,
        role: str | None = None,
        office_id: str | None = None,
        password: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> AddUserResponse:
        """Add a user; without a password, CubiCasa e-mails them an invitation. Roles: Collaborator, User, Manager."""
        return self._api.request(
            _add(email, role, office_id, password), RequestOptions(extra_headers, timeout, extra_query, extra_body)
        )


class UsersWithRawResponse:
    def __init__(self, users: Users) -> None:
        self.add = to_raw_response_wrapper(users.add)


class AsyncUsers:
    def __init__(self, api: AsyncAPIClient) -> None:
        self._api = api

    @cached_property
    def with_raw_response(self) -> AsyncUsersWithRawResponse:
        return AsyncUsersWithRawResponse(self)

    def list(
        self,
        *,
        page_size: int = 20,
        max_pages: int = MAX_PAGES,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> AsyncPager[UserList, User]:
        """Every user of the company account, fetched lazily: `async for user in client.users.list()`."""
        size = _check_page_size(page_size)
        fetch = partial(
            _async_fetch_page, self._api, size, RequestOptions(extra_headers, timeout, extra_query, extra_body)
        )
        return AsyncPager(fetch, describe=lambda: _page(size, None).route, max_pages=max_pages)

    async def add(
        self,
        email: str,
        *,
        role: str | None = None,
        office_id: str | None = None,
        password: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> AddUserResponse:
        """Add a user; without a password, CubiCasa e-mails them an invitation."""
        return await self._api.request(
            _add(email, role, office_id, password), RequestOptions(extra_headers, timeout, extra_query, extra_body)
        )


class AsyncUsersWithRawResponse:
    def __init__(self, users: AsyncUsers) -> None:
        self.add = async_to_raw_response_wrapper(users.add)

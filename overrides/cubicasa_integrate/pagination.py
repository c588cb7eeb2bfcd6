"""Lazy iteration over the API's `{pagination, items}` pages: one page in memory at a time.

    for order in client.orders.list():          # every order, fetching pages as needed
    for page in client.orders.list().pages():   # page by page (OrderList)

The next page is requested at `pagination.next_offset`, as the API documents, while `pagination.has_more` is
true. What the API sends for `next_offset` on the last page is undocumented, so iteration ends on `has_more`
false; if `has_more` is true but `next_offset` is missing, the offset advances by the page's length.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from .errors import ResponseDecodeError

if TYPE_CHECKING:
    from cubicasa_integrate_api.models import Pagination

__all__ = ["AsyncPager", "Page", "Pager", "next_offset"]

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT", bound="Page[Any]")


class Page(Protocol[ItemT]):
    """What every list response of the API looks like (OrderList, UserList, ...)."""

    @property
    def pagination(self) -> Pagination: ...

    @property
    def items(self) -> list[ItemT]: ...


def next_offset(page: Page[Any], offset: int, *, describe: str = "list") -> int | None:
    """Where the page after `page` (fetched at `offset`) starts, or None when it was the last one."""
    if not page.pagination.has_more:
        return None
    following = page.pagination.next_offset
    if not isinstance(following, int) or isinstance(following, bool):
        following = offset + len(page.items)
    if following <= offset:
        raise ResponseDecodeError(
            f"{describe}: pagination does not advance (has_more with next_offset {following} at offset {offset})",
            method="GET",
            path=describe,
            status_code=200,
            text="",
        )
    return following


class Pager(Generic[PageT, ItemT]):
    """Iterates items across pages, lazily. `.pages()` iterates the pages themselves."""

    def __init__(self, fetch: Callable[[int | None], PageT], *, describe: str) -> None:
        self._fetch = fetch
        self._describe = describe

    def pages(self) -> Iterator[PageT]:
        offset: int | None = None
        while True:
            page = self._fetch(offset)
            yield page
            following = next_offset(page, offset or 0, describe=self._describe)
            if following is None:
                return
            offset = following

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.pages():
            yield from page.items


class AsyncPager(Generic[PageT, ItemT]):
    """The asyncio twin of Pager: `async for item in pager`, `async for page in pager.pages()`."""

    def __init__(self, fetch: Callable[[int | None], Awaitable[PageT]], *, describe: str) -> None:
        self._fetch = fetch
        self._describe = describe

    async def pages(self) -> AsyncIterator[PageT]:
        offset: int | None = None
        while True:
            page = await self._fetch(offset)
            yield page
            following = next_offset(page, offset or 0, describe=self._describe)
            if following is None:
                return
            offset = following

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.pages():
            for item in page.items:
                yield item

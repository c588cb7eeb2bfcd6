"""Lazy iteration over the API's `{pagination, items}` pages: one page in memory at a time.

    for order in client.orders.list():          # every order, fetching pages as needed
    for page in client.orders.list().pages():   # page by page (OrderList)

    page = client.orders.list().first_page()    # one page at a time, by hand (SyncPage)
    while page.has_next_page():
        page = page.get_next_page()

The next page is requested at `pagination.next_offset`, as the API documents, while `pagination.has_more` is
true. What the API sends for `next_offset` on the last page is undocumented, so iteration ends on `has_more`
false; if `has_more` is true but `next_offset` is missing (or null), the offset advances by the page's length.

A server that answers nonsense cannot make iteration loop forever or yield an item twice: each of these raises
ResponseDecodeError instead (the pages before it have been yielded; the offending page is not):

- `has_more` that is not a JSON boolean (`"false"` is truthy in Python and would never end the loop);
- `next_offset` that is not an integer, or that is below `offset + len(items)` (the next page would overlap the
  one just received, or not advance at all);
- a page whose items equal the previous page's while the offset advanced (the server ignores `offset`);
- more than `max_pages` pages (default MAX_PAGES, 100,000: two million orders at the default page size, so only
  a server that never says `has_more: false` reaches it).
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from .errors import ResponseDecodeError

if TYPE_CHECKING:
    from cubicasa_integrate_api.models import Pagination

__all__ = ["MAX_PAGES", "AsyncPage", "AsyncPager", "Page", "Pager", "SyncPage", "next_offset"]

MAX_PAGES = 100_000
"""Default page cap of Pager and AsyncPager: a backstop against a server whose pages never end."""

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT", bound="Page[Any]")


class Page(Protocol[ItemT]):
    """What every list response of the API looks like (OrderList, UserList, ...)."""

    @property
    def pagination(self) -> Pagination: ...

    @property
    def items(self) -> list[ItemT]: ...


def _bad_page(describe: str | Callable[[], str], message: str) -> ResponseDecodeError:
    if not isinstance(describe, str):
        describe = describe()
    method, _, path = describe.partition(" ") if " " in describe else ("GET", "", describe)
    return ResponseDecodeError(f"{describe}: {message}", method=method, path=path, status_code=200, text="")


def next_offset(page: Page[Any], offset: int, *, describe: str | Callable[[], str] = "list") -> int | None:
    """Where the page after `page` (fetched at `offset`) starts, or None when it was the last one.

    ResponseDecodeError if the pagination block could not be followed safely (see the module docstring).
    """
    has_more: object = page.pagination.has_more
    # The generated model passes whatever JSON value came through; only a real boolean can be trusted to end.
    if not isinstance(has_more, bool):
        raise _bad_page(describe, f"pagination.has_more must be a boolean, got {type(has_more).__name__}")
    if not has_more:
        return None
    received = len(page.items)
    following: object = page.pagination.next_offset
    if following is None:
        following = offset + received
    if not isinstance(following, int) or isinstance(following, bool):
        raise _bad_page(describe, f"pagination.next_offset must be an integer, got {type(following).__name__}")
    if following <= offset or following < offset + received:
        raise _bad_page(
            describe,
            f"pagination does not advance past the page received (next_offset {following} at offset {offset} "
            f"after {received} items): following it would repeat items or never end",
        )
    return following


def _checked_max_pages(max_pages: int) -> int:
    if isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1:
        raise ValueError(f"max_pages must be a positive integer, got {max_pages!r}")
    return max_pages


class _Cursor(Generic[PageT]):
    """The checks between two pages, shared by Pager and AsyncPager so the twins cannot drift apart."""

    def __init__(self, describe: str | Callable[[], str], max_pages: int) -> None:
        self.describe = describe
        self.max_pages = max_pages
        self.offset: int | None = None
        self.fetched = 0
        self.previous: PageT | None = None

    def before_fetch(self) -> None:
        if self.fetched >= self.max_pages:
            raise _bad_page(self.describe, f"more than {self.max_pages} pages (max_pages): the list does not end")
        self.fetched += 1

    def check(self, page: PageT) -> None:
        """Refuse a page that repeats the previous one: yielding it would hand out every item twice."""
        if self.previous is not None and page.items == self.previous.items:
            raise _bad_page(
                self.describe,
                f"the page at offset {self.offset} repeats the previous page's {len(page.items)} items "
                "(the server ignored the offset)",
            )

    def advance(self, page: PageT) -> bool:
        """Move to the page after `page`; False when `page` was the last one."""
        following = next_offset(page, self.offset or 0, describe=self.describe)
        if following is None:
            return False
        self.previous, self.offset = page, following
        return True


class _PageBase(Generic[PageT, ItemT]):
    """One fetched page and where it stands in its list: what SyncPage and AsyncPage share."""

    def __init__(self, page: PageT, cursor: _Cursor[PageT]) -> None:
        self.page = page
        """The page as the API sent it (OrderList, UserList, ...)."""
        self._cursor = cursor

    @property
    def items(self) -> list[ItemT]:
        return self.page.items

    @property
    def pagination(self) -> Pagination:
        return self.page.pagination

    def has_next_page(self) -> bool:
        """Whether the list goes on after this page (ResponseDecodeError if its pagination cannot be followed)."""
        return next_offset(self.page, self._cursor.offset or 0, describe=self._cursor.describe) is not None

    def _next_cursor(self) -> _Cursor[PageT]:
        """A cursor at the page after this one, counted against max_pages; this page's own stays where it is, so
        asking twice fetches the same next page twice rather than skipping one."""
        cursor = copy.copy(self._cursor)
        if not cursor.advance(self.page):
            raise RuntimeError("this is the last page: check has_next_page() before get_next_page()")
        cursor.before_fetch()
        return cursor

    def __iter__(self) -> Iterator[ItemT]:
        return iter(self.page.items)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.page).__name__}, offset={self._cursor.offset or 0})"


class SyncPage(_PageBase[PageT, ItemT]):
    """A page of a list, fetched by `Pager.first_page()`; `get_next_page()` fetches the next one with the checks
    iteration makes (a page that repeats the previous one, more than max_pages: ResponseDecodeError)."""

    def __init__(self, page: PageT, cursor: _Cursor[PageT], fetch: Callable[[int | None], PageT]) -> None:
        super().__init__(page, cursor)
        self._fetch = fetch

    def get_next_page(self) -> SyncPage[PageT, ItemT]:
        """The page after this one; RuntimeError if there is none (see has_next_page)."""
        cursor = self._next_cursor()
        page = self._fetch(cursor.offset)
        cursor.check(page)
        return SyncPage(page, cursor, self._fetch)


class AsyncPage(_PageBase[PageT, ItemT]):
    """The asyncio twin of SyncPage: `await pager.first_page()`, `await page.get_next_page()`."""

    def __init__(self, page: PageT, cursor: _Cursor[PageT], fetch: Callable[[int | None], Awaitable[PageT]]) -> None:
        super().__init__(page, cursor)
        self._fetch = fetch

    async def get_next_page(self) -> AsyncPage[PageT, ItemT]:
        """The page after this one; RuntimeError if there is none (see has_next_page)."""
        cursor = self._next_cursor()
        page = await self._fetch(cursor.offset)
        cursor.check(page)
        return AsyncPage(page, cursor, self._fetch)


class Pager(Generic[PageT, ItemT]):
    """Iterates items across pages, lazily. `.pages()` iterates the pages themselves."""

    def __init__(
        self, fetch: Callable[[int | None], PageT], *, describe: str | Callable[[], str], max_pages: int = MAX_PAGES
    ) -> None:
        self._fetch = fetch
        self._describe = describe
        self._max_pages = _checked_max_pages(max_pages)  # fails at the call, not at the first iteration

    def pages(self) -> Iterator[PageT]:
        cursor = _Cursor[PageT](self._describe, self._max_pages)
        while True:
            cursor.before_fetch()
            page = self._fetch(cursor.offset)
            cursor.check(page)
            yield page
            if not cursor.advance(page):
                return

    def first_page(self) -> SyncPage[PageT, ItemT]:
        """The list's first page, fetched now; walk on with `has_next_page()` / `get_next_page()`."""
        cursor = _Cursor[PageT](self._describe, self._max_pages)
        cursor.before_fetch()
        return SyncPage(self._fetch(cursor.offset), cursor, self._fetch)

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.pages():
            yield from page.items


class AsyncPager(Generic[PageT, ItemT]):
    """The asyncio twin of Pager: `async for item in pager`, `async for page in pager.pages()`."""

    def __init__(
        self,
        fetch: Callable[[int | None], Awaitable[PageT]],
        *,
        describe: str | Callable[[], str],
        max_pages: int = MAX_PAGES,
    ) -> None:
        self._fetch = fetch
        self._describe = describe
        self._max_pages = _checked_max_pages(max_pages)  # fails at the call, not at the first iteration

    def pages(self) -> AsyncIterator[PageT]:
        return _AsyncPages(self._fetch, _Cursor[PageT](self._describe, self._max_pages))

    async def first_page(self) -> AsyncPage[PageT, ItemT]:
        """The list's first page, fetched now; walk on with `has_next_page()` / `await get_next_page()`."""
        cursor = _Cursor[PageT](self._describe, self._max_pages)
        cursor.before_fetch()
        return AsyncPage(await self._fetch(cursor.offset), cursor, self._fetch)

    def __aiter__(self) -> AsyncIterator[ItemT]:
        return _AsyncItems(self.pages())


# The async iterators are objects rather than async generators. An async generator left before its end (`async
# for page in pager.pages(): return page`, the usual way to read one page) is closed by the event loop's
# finalizer hook, which schedules a task for it from the garbage collector: a task, a wake-up of the loop and a
# slower next call, per list() call (benchmarks/RESULTS.md, lever table). An object just goes away.


class _AsyncPages(Generic[PageT]):
    def __init__(self, fetch: Callable[[int | None], Awaitable[PageT]], cursor: _Cursor[PageT]) -> None:
        self._fetch = fetch
        self._cursor = cursor
        self._last: PageT | None = None
        self._done = False

    def __aiter__(self) -> _AsyncPages[PageT]:
        return self

    async def __anext__(self) -> PageT:
        # The same steps, in the same order, as Pager.pages(): a failure surfaces at the same iteration.
        if self._done:
            raise StopAsyncIteration
        if self._last is not None and not self._cursor.advance(self._last):
            self._done = True
            raise StopAsyncIteration
        self._cursor.before_fetch()
        page = await self._fetch(self._cursor.offset)
        self._cursor.check(page)
        self._last = page
        return page


class _AsyncItems(Generic[PageT, ItemT]):
    def __init__(self, pages: AsyncIterator[PageT]) -> None:
        self._pages = pages
        self._items: Iterator[ItemT] = iter(())

    def __aiter__(self) -> _AsyncItems[PageT, ItemT]:
        return self

    async def __anext__(self) -> ItemT:
        while True:
            for item in self._items:
                return item
            page = await self._pages.__anext__()  # StopAsyncIteration ends this iteration too
            self._items = iter(page.items)

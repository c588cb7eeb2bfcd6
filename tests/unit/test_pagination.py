"""overrides/cubicasa_integrate/pagination.py: a hostile server cannot make Pager/AsyncPager loop or repeat items.

Every scenario runs against both twins (sync Pager and AsyncPager) through one helper, so they cannot drift.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from cubicasa_integrate import errors, pagination
from cubicasa_integrate.pagination import AsyncPager, Pager
from tests.unit.fakes import FakeAPI, order_json, page_json

TWINS = ["sync", "async"]
RUNAWAY = 200
"""A fetch beyond this many pages means the pager was looping: stop the test instead of hanging."""


class Runaway(Exception):
    pass


@dataclass
class FakePagination:
    has_more: Any
    next_offset: Any = None


@dataclass
class FakePage:
    pagination: FakePagination
    items: list[Any]


@dataclass
class Server:
    """A fetch function answering `answer(offset)`, recording each offset asked for."""

    answer: Callable[[int], FakePage]
    offsets: list[int | None] = field(default_factory=list)

    def __call__(self, offset: int | None) -> FakePage:
        self.offsets.append(offset)
        if len(self.offsets) > RUNAWAY:
            raise Runaway(f"{RUNAWAY} pages fetched")
        return self.answer(offset or 0)


def walk(twin: str, server: Callable[[int | None], FakePage], seen: list[Any], **options: Any) -> None:
    """Iterate every item of a pager over `server` into `seen` (so a test sees what came before an error)."""
    if twin == "sync":
        for item in Pager(server, describe="GET /things", **options):
            seen.append(item)
        return

    async def fetch(offset: int | None) -> FakePage:
        return server(offset)

    async def run() -> None:
        async for item in AsyncPager(fetch, describe="GET /things", **options):
            seen.append(item)

    asyncio.run(run())


def page(offset: int, count: int, *, has_more: Any = True, next_offset: Any = None) -> FakePage:
    return FakePage(FakePagination(has_more, next_offset), [f"item-{n}" for n in range(offset, offset + count)])


# ------------------------------------------------------------------------------------------ what must keep working


@pytest.mark.parametrize("twin", TWINS)
@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        # The documented example: next_offset 21 after 20 items. Following it may skip, never repeat.
        ({0: page(0, 2, next_offset=3), 3: page(3, 2, has_more=False)}, ["item-0", "item-1", "item-3", "item-4"]),
        ({0: page(0, 2), 2: page(2, 1, has_more=False)}, ["item-0", "item-1", "item-2"]),  # next_offset null
        ({0: page(0, 2, next_offset=2), 2: page(2, 0, has_more=False)}, ["item-0", "item-1"]),  # empty last page
        ({0: page(0, 0, next_offset=5), 5: page(5, 1, has_more=False)}, ["item-5"]),  # one empty page, then more
        ({0: page(0, 0, has_more=False)}, []),
    ],
)
def test_honest_pagination_yields_every_item_once(twin: str, pages: dict[int, FakePage], expected: list[str]) -> None:
    seen: list[Any] = []
    walk(twin, Server(pages.__getitem__), seen)
    assert seen == expected


# ------------------------------------------------------------------------------------------ hostile pages


@pytest.mark.parametrize("twin", TWINS)
def test_a_page_repeated_while_the_offset_advances_is_refused(twin: str) -> None:
    server = Server(lambda offset: page(0, 2, next_offset=offset + 2))  # ignores the offset it is given
    seen: list[Any] = []
    with pytest.raises(errors.ResponseDecodeError, match="repeats the previous page's 2 items") as caught:
        walk(twin, server, seen)
    assert seen == ["item-0", "item-1"]  # the repeat was not handed out
    assert server.offsets == [None, 2]
    assert (caught.value.method, caught.value.path) == ("GET", "/things")


@pytest.mark.parametrize("twin", TWINS)
def test_empty_pages_that_claim_more_forever_are_refused(twin: str) -> None:
    server = Server(lambda offset: page(offset, 0, next_offset=offset + 10))
    with pytest.raises(errors.ResponseDecodeError, match="repeats the previous page's 0 items"):
        walk(twin, server, [])
    assert server.offsets == [None, 10]


@pytest.mark.parametrize("twin", TWINS)
@pytest.mark.parametrize("has_more", ["false", "true", "no", 0, 1, None, [], {}])
def test_a_has_more_that_is_not_a_boolean_is_refused(twin: str, has_more: Any) -> None:
    server = Server(lambda offset: page(offset, 2, has_more=has_more, next_offset=offset + 2))
    seen: list[Any] = []
    with pytest.raises(errors.ResponseDecodeError, match="has_more must be a boolean"):
        walk(twin, server, seen)
    assert server.offsets == [None]


@pytest.mark.parametrize("twin", TWINS)
@pytest.mark.parametrize("next_offset", [0, 1, -5])
def test_overlapping_or_non_advancing_offsets_are_refused(twin: str, next_offset: int) -> None:
    """2 items at offset 0: a next page starting before 2 would hand out item-1 (or item-0) again."""
    server = Server(lambda offset: page(offset, 2, next_offset=next_offset))
    seen: list[Any] = []
    with pytest.raises(errors.ResponseDecodeError, match="does not advance past the page received"):
        walk(twin, server, seen)
    assert seen == ["item-0", "item-1"]
    assert server.offsets == [None]


@pytest.mark.parametrize("twin", TWINS)
@pytest.mark.parametrize("next_offset", ["4", 4.0, True, [4]])
def test_a_next_offset_that_is_not_an_integer_is_refused(twin: str, next_offset: Any) -> None:
    server = Server(lambda offset: page(offset, 2, next_offset=next_offset))
    with pytest.raises(errors.ResponseDecodeError, match="next_offset must be an integer"):
        walk(twin, server, [])
    assert server.offsets == [None]


@pytest.mark.parametrize("twin", TWINS)
def test_max_pages_caps_a_list_that_never_ends(twin: str) -> None:
    server = Server(lambda offset: page(offset, 1, next_offset=offset + 1))  # every page new, has_more forever
    seen: list[Any] = []
    with pytest.raises(errors.ResponseDecodeError, match="more than 3 pages"):
        walk(twin, server, seen, max_pages=3)
    assert seen == ["item-0", "item-1", "item-2"]
    assert server.offsets == [None, 1, 2]


@pytest.mark.parametrize("twin", TWINS)
def test_the_default_page_cap_is_the_documented_one(twin: str) -> None:
    assert pagination.MAX_PAGES == 100_000
    pages = [page(0, 1, next_offset=1), page(1, 1, next_offset=2)]  # built once: 100,000 fetches stay cheap
    fetched = 0

    def endless(offset: int | None) -> FakePage:
        nonlocal fetched
        fetched += 1
        answer = pages[fetched % 2]
        answer.pagination.next_offset = (offset or 0) + 1
        return answer

    with pytest.raises(errors.ResponseDecodeError, match="more than 100000 pages"):
        walk(twin, endless, [])
    assert fetched == 100_000


@pytest.mark.parametrize("pager", [Pager, AsyncPager])
@pytest.mark.parametrize("max_pages", [0, -1, 2.5, True, "10"])
def test_a_bad_max_pages_is_a_value_error(pager: Any, max_pages: Any) -> None:
    with pytest.raises(ValueError, match="max_pages must be a positive integer"):
        pager(lambda offset: None, describe="GET /things", max_pages=max_pages)


# ------------------------------------------------------------------------------------------ through the real client


def string_has_more(request: httpx.Request) -> httpx.Response:
    """Fresh orders at every offset, each page saying `has_more: "false"`, forever."""
    offset = int(request.url.params.get("offset", 0))
    if offset > RUNAWAY:
        return httpx.Response(418, json={"detail": "the pager was looping"})
    body = page_json([{**order_json(), "id": f"order-{offset}"}], has_more=True, next_offset=offset + 1)
    body["pagination"]["has_more"] = "false"
    return httpx.Response(200, json=body)


def test_the_client_refuses_a_string_has_more(api: FakeAPI) -> None:
    """The generated Pagination model passes `"false"` through as a (truthy) string: the pager must catch it."""
    api.on("GET", "/orders", string_has_more)
    with (
        api.client() as client,
        pytest.raises(errors.ResponseDecodeError, match=r"Expected `bool`, got `str` - at `\$.pagination.has_more`"),
    ):
        list(client.orders.list())
    assert len(api.requests) == 1


@pytest.mark.anyio
async def test_the_async_client_refuses_a_string_has_more(api: FakeAPI) -> None:
    api.on("GET", "/orders", string_has_more)
    async with api.async_client() as client:
        with pytest.raises(
            errors.ResponseDecodeError, match=r"Expected `bool`, got `str` - at `\$.pagination.has_more`"
        ):
            [order async for order in client.orders.list()]
    assert len(api.requests) == 1


def test_orders_list_passes_max_pages_on(api: FakeAPI) -> None:
    endless = {"pagination": {"has_more": True, "limit": 1, "next_offset": None}, "items": []}

    def reply(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        page = {**endless, "items": [{**order_json(), "id": f"order-{offset}"}]}
        return httpx.Response(200, json=page)

    api.on("GET", "/orders", reply)
    with api.client() as client, pytest.raises(errors.ResponseDecodeError, match="more than 3 pages"):
        list(client.orders.list(page_size=1, max_pages=3))
    assert len(api.requests) == 3


# --------------------------------------------------------------------------------- cheap to leave half-way


def first_iterated_async_generators(run: Callable[[], Any]) -> list[str]:
    """The async generators of the client's own code that `run()` (a coroutine function) starts iterating.

    Each one left before its end costs a finalizer task on the event loop (pagination.py)."""
    import sys

    started: list[str] = []

    async def watched() -> None:
        firstiter, finalizer = sys.get_asyncgen_hooks()

        def record(agen: Any) -> None:
            if "cubicasa_integrate" in agen.ag_code.co_filename:
                started.append(agen.ag_code.co_qualname)
            if firstiter is not None:
                firstiter(agen)

        sys.set_asyncgen_hooks(firstiter=record, finalizer=finalizer)
        try:
            await run()
        finally:
            sys.set_asyncgen_hooks(firstiter=firstiter, finalizer=finalizer)

    asyncio.run(watched())
    return started


def test_reading_one_page_or_one_item_starts_no_async_generator(api: FakeAPI) -> None:
    api.on("GET", "/orders", httpx.Response(200, json=page_json([order_json()] * 3, has_more=True, next_offset=3)))

    async def first_page_and_first_item() -> None:
        async with api.async_client() as client:
            async for _page in client.orders.list().pages():
                break
            async for _order in client.orders.list():
                break

    assert first_iterated_async_generators(first_page_and_first_item) == []


def test_the_watch_sees_an_async_generator_of_the_client() -> None:
    """The check above can fail: an async generator in the client's code is seen (this one stands in for the
    0.4.0-dev AsyncPager.pages)."""
    namespace: dict[str, Any] = {}
    exec(compile("async def pages():\n    yield 1\n", "overrides/cubicasa_integrate/pagination.py", "exec"), namespace)

    async def first() -> None:
        async for _ in namespace["pages"]():
            break

    assert first_iterated_async_generators(first) == ["pages"]

"""Transport wrappers: a response body larger than the client accepts is cut off before it fills memory."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx

__all__ = ["AsyncSizeLimitedTransport", "ResponseTooLarge", "SizeLimitedTransport"]


class ResponseTooLarge(Exception):
    """Raised while reading a body that exceeds the limit; the client reports it as a ResponseDecodeError."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the response body is larger than {limit} bytes")
        self.limit = limit


def _declared_too_large(response: httpx.Response, limit: int) -> bool:
    declared = response.headers.get("content-length", "")
    return declared.isdigit() and int(declared) > limit


# The limit is enforced while the body is read (not when the headers arrive), so the client has already seen the
# status and can still report it; a too-large declared Content-Length fails before the first byte is read.


class _LimitedStream(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, limit: int, declared_too_large: bool) -> None:
        self._inner, self._limit, self._declared_too_large = inner, limit, declared_too_large

    def __iter__(self) -> Iterator[bytes]:
        if self._declared_too_large:
            raise ResponseTooLarge(self._limit)
        received = 0
        for chunk in self._inner:
            received += len(chunk)
            if received > self._limit:
                raise ResponseTooLarge(self._limit)
            yield chunk

    def close(self) -> None:
        self._inner.close()


class _AsyncLimitedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, limit: int, declared_too_large: bool) -> None:
        self._inner, self._limit, self._declared_too_large = inner, limit, declared_too_large

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self._declared_too_large:
            raise ResponseTooLarge(self._limit)
        received = 0
        async for chunk in self._inner:
            received += len(chunk)
            if received > self._limit:
                raise ResponseTooLarge(self._limit)
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


class SizeLimitedTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, limit: int) -> None:
        self._inner, self._limit = inner, limit

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        assert isinstance(response.stream, httpx.SyncByteStream)
        response.stream = _LimitedStream(response.stream, self._limit, _declared_too_large(response, self._limit))
        return response

    def close(self) -> None:
        self._inner.close()


class AsyncSizeLimitedTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, limit: int) -> None:
        self._inner, self._limit = inner, limit

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        assert isinstance(response.stream, httpx.AsyncByteStream)
        declared_too_large = _declared_too_large(response, self._limit)
        response.stream = _AsyncLimitedStream(response.stream, self._limit, declared_too_large)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()

"""The reliability tier's running count: faults, calls, purchases, and what the hostile-world suite tried and found.

One `TALLY` per test process. Under pytest-xdist every worker counts its own share; tests/conftest.py sends
each worker's count to the controller and prints the sum, so the summary line covers the whole tier however
the tests were distributed.

The hostile-world counts are kept by the checks themselves (`no_leak`, `no_escape`, `truthful_purchase`): a
finding is counted *and* fails the test, so a summary with non-zero findings never comes with a green run, and
a green run's zeros were measured, not assumed.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

__all__ = ["HOSTILE_KEY", "TALLY", "Tally", "exception_texts"]

HOSTILE_KEY = "QZXW-VKJY-MNPR-HGTS-WQZX-YKVJ"
"""An api-key for leak hunts: fixed (no flake), and made of letters that no id, status or word of the API uses, so
any 6-character piece of it found in an output is a leak, not a coincidence."""

_FIELDS = (
    "calls",
    "purchases_applied",
    "duplicates",
    "lost",
    "hostile",
    "leaks",
    "misreported",
    "escapes",
)


def exception_texts(error: BaseException) -> Iterator[str]:
    """Every text an exception exposes: its message, repr, traceback, every attribute (recursively, one level
    into containers), and the same for each exception of its chain (__cause__ and __context__)."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield str(current)
        yield repr(current)
        yield "".join(traceback.format_exception(current))
        for value in (*vars(current).values(), *current.args):
            if isinstance(value, BaseException):
                pending.append(value)
                continue
            yield repr(value)
            for inner in _members(value):
                if isinstance(inner, BaseException):
                    pending.append(inner)
                else:
                    yield repr(inner)
                    yield from (repr(getattr(inner, name, None)) for name in ("headers", "request", "content"))
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                pending.append(linked)


def _members(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [*value.keys(), *value.values()]
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    return [value, *(vars(value).values() if hasattr(value, "__dict__") else ())]


@dataclass
class Tally:
    faults: set[str] = field(default_factory=set)
    calls: int = 0
    purchases_applied: int = 0
    duplicates: int = 0
    lost: int = 0
    hostile: int = 0
    """Hostile inputs tried (bodies, ids, headers, file trees, terminal text, pages, deliveries)."""
    leaks: int = 0
    """Places where (a piece of) the api-key was found."""
    misreported: int = 0
    """Purchases reported as bought that were not applied, or applied but reported as failed."""
    escapes: int = 0
    """Exceptions that reached the caller outside the documented family (bare KeyError, RecursionError, ...)."""

    def line(self) -> str:
        return (
            f"reliability: {len(self.faults)} faults tried, {self.calls} calls made, "
            f"{self.purchases_applied} purchases applied, {self.duplicates} duplicates, {self.lost} lost; "
            f"hostile world: {self.hostile} hostile inputs tried, {self.leaks} leaks found, "
            f"{self.misreported} misreported purchases, {self.escapes} escapes"
        )

    def to_json(self) -> dict[str, Any]:
        """A form execnet can carry from an xdist worker to the controller."""
        return {"faults": sorted(self.faults), **{name: getattr(self, name) for name in _FIELDS}}

    def add(self, other: dict[str, Any]) -> None:
        self.faults.update(other["faults"])
        for name in _FIELDS:
            setattr(self, name, getattr(self, name) + other.get(name, 0))

    # ------------------------------------------------------------------------------------------ hostile-world checks
    def no_leak(self, secret: str, *places: object) -> None:
        """Fail (and count a leak) if `secret`, or any piece of it of 6+ characters, appears in a place (use a key
        that cannot occur by chance, e.g. HOSTILE_KEY).

        Exceptions are searched with their whole chain and attributes; anything else by str() and repr().
        """
        self.hostile += 1
        pieces = {
            secret[i : i + n] for n in range(min(6, len(secret)), len(secret) + 1) for i in range(len(secret) - n + 1)
        }
        for place in places:
            texts = exception_texts(place) if isinstance(place, BaseException) else iter((str(place), repr(place)))
            for text in texts:
                found = next((piece for piece in pieces if piece in text), None)
                if found is not None:
                    self.leaks += 1
                    raise AssertionError(
                        f"the api-key (piece {found!r}) leaked in {type(place).__name__}: {text[:300]}"
                    )

    @contextmanager
    def no_escape(self, *allowed: type[BaseException]) -> Iterator[list[BaseException]]:
        """One hostile input: the block may raise only `allowed` exceptions (each counted as tried)."""
        self.hostile += 1
        raised: list[BaseException] = []
        try:
            yield raised
        except allowed as error:
            raised.append(error)
        except Exception as error:
            self.escapes += 1
            raise AssertionError(
                f"{type(error).__name__} escaped (allowed: {[a.__name__ for a in allowed]})"
            ) from error

    def truthful_purchase(self, outcome: str, applied: int) -> None:
        """One purchase call's report against the ledger (purchases this call applied).

        "bought" (an order was returned) must mean exactly one purchase applied; "failed" (a definite error) must
        mean none; "unknown" (PurchaseStateUnknownError) is truthful either way, it says it does not know.
        """
        self.hostile += 1
        truthful = {"bought": applied == 1, "failed": applied == 0, "unknown": applied in (0, 1)}[outcome]
        if not truthful:
            self.misreported += 1
            raise AssertionError(f"purchase reported {outcome!r}, but the ledger shows {applied} applied")


TALLY = Tally()

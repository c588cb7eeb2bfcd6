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
    "redirects_tried",
    "redirects_followed",
    "shared_runs",
    "torn_files",
    "false_rows",
    "names_injected",
    "names_raw",
    "repeats_tried",
    "repeats_sent",
    "hatch_tried",
    "hatch_broken",
    "batch_kills",
    "batch_twice",
    "batch_misreported",
    "full_runs",
    "full_torn",
    "full_misreported",
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
    redirects_tried: int = 0
    redirects_followed: int = 0
    """3xx answers that led the client to send anything (the key, a purchase) to the Location."""
    shared_runs: int = 0
    """Runs of several syncs into one destination at once."""
    torn_files: int = 0
    """Final-named files that were not one whole version of their source."""
    false_rows: int = 0
    """Manifest rows that are not true of the file under their name."""
    names_injected: int = 0
    names_raw: int = 0
    """Outputs (log records, terminal text, reports) where a network-chosen control or bidi character arrived raw."""
    repeats_tried: int = 0
    repeats_sent: int = 0
    """Purchases of what the order already had that were sent (a POST) without force=True."""
    hatch_tried: int = 0
    hatch_broken: int = 0
    """Hostile cases through the escape hatch (client.get/post/...) that broke a guarantee of the facade: a redirect
    followed, a POST sent twice, a hostile path segment sent, a hostile body that did not end in ResponseDecodeError."""
    batch_kills: int = 0
    """Batch purchase commands (`cubicasa orders buy`) killed with SIGKILL while they were buying."""
    batch_twice: int = 0
    """Orders a killed-and-rerun batch bought more than once (the sandbox ledger's count)."""
    batch_misreported: int = 0
    """Orders whose outcome in a batch's final report differs from the ledger (bought but not reported, or
    reported bought but not in the ledger)."""
    full_runs: int = 0
    """Syncs into a store that refused writes as full or over quota (tests/s3_support.py RefusingProxy)."""
    full_torn: int = 0
    """Objects such a run left that were not a whole served version of their file, or not true of their metadata."""
    full_misreported: int = 0
    """Files such a run reported synced that the store refused, or failed that the store took."""

    def line(self) -> str:
        return (
            f"reliability: {len(self.faults)} faults tried, {self.calls} calls made, "
            f"{self.purchases_applied} purchases applied, {self.duplicates} duplicates, {self.lost} lost; "
            f"hostile world: {self.hostile} hostile inputs tried, {self.leaks} leaks found, "
            f"{self.misreported} misreported purchases, {self.escapes} escapes; "
            f"redirects: {self.redirects_tried} tried, {self.redirects_followed} followed; "
            f"shared destinations: {self.shared_runs} runs, {self.torn_files} torn files, "
            f"{self.false_rows} false rows; "
            f"injected names: {self.names_injected} tried, {self.names_raw} reached an output raw; "
            f"repeated purchases: {self.repeats_tried} tried, {self.repeats_sent} sent; "
            f"escape hatch: {self.hatch_tried} tried, {self.hatch_broken} broke a guarantee; "
            f"batch kills: {self.batch_kills} runs killed, {self.batch_twice} orders bought twice, "
            f"{self.batch_misreported} misreported; "
            f"full stores: {self.full_runs} runs, {self.full_torn} torn or false objects, "
            f"{self.full_misreported} misreported files"
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

    def no_redirect_followed(self, followed: int, what: str) -> None:
        """One 3xx answer: `followed` is how many requests reached the redirect's target (must be 0)."""
        self.hostile += 1
        self.redirects_tried += 1
        if followed:
            self.redirects_followed += 1
            raise AssertionError(f"{what}: {followed} request(s) followed the redirect to another host")

    def shared_destination(self, torn: list[str], false_rows: list[str]) -> None:
        """One run of several syncs into one destination: the final-named files that were no whole version, and
        the manifest rows that were not true of their file (both must be empty)."""
        self.hostile += 1
        self.shared_runs += 1
        self.torn_files += len(torn)
        self.false_rows += len(false_rows)
        if torn or false_rows:
            raise AssertionError(f"shared destination: torn files {torn[:5]}, false rows {false_rows[:5]}")

    def no_raw_text(self, what: str, *outputs: str) -> None:
        """One network-chosen name with control or bidi characters: none may reach an output as it is."""
        self.hostile += 1
        self.names_injected += 1
        for output in outputs:
            raw = sorted({f"U+{ord(c):04X}" for c in output if _is_unsafe(c)})
            if raw:
                self.names_raw += 1
                raise AssertionError(f"{what}: {', '.join(raw)} reached an output raw: {output[:300]!r}")

    def no_repeat_purchase(self, posts: int, what: str) -> None:
        """One purchase of what the order already had, without force: `posts` purchase requests were sent."""
        self.hostile += 1
        self.repeats_tried += 1
        if posts:
            self.repeats_sent += 1
            raise AssertionError(f"{what}: {posts} purchase request(s) sent for what the order already had")

    def hatch_held(self, broken: int, what: str) -> None:
        """One hostile case through the escape hatch: `broken` is how many times it broke a guarantee (must be 0):
        requests that reached another host, repeats of a POST, requests sent for a hostile path, bodies that did not
        end in the documented error."""
        self.hostile += 1
        self.hatch_tried += 1
        if broken:
            self.hatch_broken += 1
            raise AssertionError(f"escape hatch, {what}: {broken} guarantee(s) broken")

    def batch_against_ledger(self, kills: int, twice: list[str], misreported: list[str]) -> None:
        """One batch killed `kills` times and rerun to the end: the orders the ledger shows bought more than once,
        and those whose final report disagrees with the ledger (both must be empty)."""
        self.hostile += 1
        self.batch_kills += kills
        self.batch_twice += len(twice)
        self.batch_misreported += len(misreported)
        if twice or misreported:
            raise AssertionError(f"batch: bought twice {twice[:5]}, misreported {misreported[:5]}")

    def full_store(self, torn: list[str], misreported: list[str]) -> None:
        """One sync into a store refusing writes as full: the objects that are no whole, true version of their file,
        and the files whose reported outcome is not what the store holds (both must be empty)."""
        self.hostile += 1
        self.full_runs += 1
        self.full_torn += len(torn)
        self.full_misreported += len(misreported)
        if torn or misreported:
            raise AssertionError(f"full store: torn or false objects {torn[:5]}, misreported {misreported[:5]}")


def _is_unsafe(char: str) -> bool:
    """A character a terminal or log viewer acts on instead of showing: C0/C1 controls (but a plain newline or
    tab between records is the output's own), DEL, and the bidi overrides and isolates."""
    code = ord(char)
    return (code < 0x20 and char not in "\n\t") or 0x7F <= code < 0xA0 or code in _BIDI


_BIDI = frozenset({0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)})


TALLY = Tally()

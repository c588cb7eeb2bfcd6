"""The batch journal: one SQLite database (standard library) at a path the user chooses, one row per order.

A row says what the batch decided for an order and what became of it:

    planned    to be bought, not sent yet
    sending    written (and fsynced) BEFORE the purchase is sent: from here on the order may have been bought
    bought     the API confirmed it, or a re-read of the order showed it
    in_doubt   sent, and neither the answer nor a re-read could tell whether it was applied
    failed     a definite refusal (4xx) or errors that prove nothing was sent: nothing was bought
    skipped    nothing to buy: the order already has it, does not offer it, or is over the cap

Why a database and not a log file: each row's change is one transaction, committed with `synchronous=FULL`, so the
row is on disk when `begin()` returns, before the request leaves; a process killed at any moment (`kill -9`)
leaves every committed row true, and the next run finds `sending` rows to re-read instead of guessing.

A journal is one batch: it records the add-ons and statuses it was made for, and refuses to be used for another
(a rerun with other options would count purchases towards a cap they were not made under). One run at a time: a
run holds an exclusive flock on `<journal>.lock` until it ends (the kernel drops it when its holder dies, `kill -9`
included), and a second run of the same journal is refused at once. Two runs planning the same orders at the same
moment would both see them lacking the add-on, and both buy.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeAlias

from ..errors import ConfigurationError

__all__ = ["IN_FLIGHT", "Journal", "JournalError", "JournalRow", "State"]

State: TypeAlias = Literal["planned", "sending", "bought", "in_doubt", "failed", "skipped"]
IN_FLIGHT: frozenset[str] = frozenset({"sending", "in_doubt"})
"""States in which the order may have been bought: re-read before anything is sent again."""

_SCHEMA_VERSION = 1
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS batch (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    """CREATE TABLE IF NOT EXISTS orders (
        order_id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        state TEXT NOT NULL,
        add_ons TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '',
        run INTEGER NOT NULL,
        updated_at REAL NOT NULL
    ) WITHOUT ROWID""",
)


class JournalError(ConfigurationError):
    """The journal cannot be used: unreadable, of another version, not a regular file, or made for another batch.
    Nothing was sent."""


@dataclass(frozen=True)
class JournalRow:
    order_id: str
    position: int
    """Where the order came in the plan (newest first): the report keeps that order."""
    state: State
    add_ons: tuple[str, ...]
    """What is (or was) bought for the order; for a skipped order, what was asked for."""
    reason: str
    """Why an order is skipped: already_has, not_offered, over_cap."""
    detail: str
    run: int
    """Which run of the batch last changed the row (1 for the first)."""


class Journal:
    """The journal of one batch. Shared by the batch's workers (threads or tasks): every method takes a lock and
    commits before it returns."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        """Open (or create) the journal at `path`. With create=False (a dry run) a missing journal reads as empty
        and nothing is written to disk."""
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            mode = os.lstat(self.path).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):  # a planted symlink must not redirect our writes
            raise JournalError(f"{self.path} is not a regular file; refusing to use it as a batch journal")
        where = str(self.path) if create or mode is not None else ":memory:"
        self._held: int | None = self._hold() if create else None
        try:
            # isolation_level=None: autocommit, each statement its own transaction; check_same_thread: the sync
            # batch's worker threads share the connection, one at a time under self._lock.
            self._db = sqlite3.connect(where, isolation_level=None, timeout=30.0, check_same_thread=False)
        except sqlite3.Error as error:
            self._let_go()
            raise JournalError(f"cannot open the batch journal {self.path}: {error}") from None
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: every commit is fsynced before it returns, so a `sending` row is on disk before the purchase
            # leaves (NORMAL could lose it to a power cut, and the next run would not know to re-read the order).
            self._db.execute("PRAGMA synchronous=FULL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, _SCHEMA_VERSION):
                raise JournalError(f"{self.path} is a batch journal of version {version}; this package writes "
                                   f"version {_SCHEMA_VERSION}")  # fmt: skip
            for statement in _SCHEMA:
                self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")
        except sqlite3.Error as error:
            self._db.close()
            self._let_go()
            raise JournalError(
                f"{self.path} is not a usable batch journal ({error}); move it away to start over"
            ) from None
        except BaseException:
            self._db.close()
            self._let_go()
            raise
        self.run = 1

    def _hold(self) -> int:
        """The run's exclusive lock on `<journal>.lock`, or JournalError when another run holds it."""
        lock = self.path.with_name(self.path.name + ".lock")
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        except OSError as error:
            raise JournalError(f"cannot open the batch journal's lock {lock}: {error.strerror or error}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise JournalError(
                    f"another run of this batch is using {self.path} (it holds {lock}); let it finish: a second "
                    "run at the same time could buy what the first is buying"
                ) from None
            raise JournalError(f"cannot lock the batch journal {lock}: {error.strerror or error}") from None
        return fd

    def _let_go(self) -> None:
        if self._held is not None:
            os.close(self._held)  # closing the descriptor drops the flock
            self._held = None

    def _execute(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, tuple(parameters)).fetchall()
            except sqlite3.Error as error:
                raise JournalError(f"cannot use the batch journal {self.path}: {error}") from None

    def claim(self, add_ons: Sequence[str], statuses: Sequence[str] | None, *, write: bool = True) -> None:
        """Tie the journal to this batch (its add-ons and statuses), or refuse one made for another; count the run
        (with write=False, a dry run: only the refusal)."""
        identity = json.dumps({"add_ons": sorted(add_ons), "statuses": sorted(statuses or [])}, sort_keys=True)
        found = self._execute("SELECT value FROM batch WHERE key = 'identity'")
        if found and found[0][0] != identity:
            made = json.loads(str(found[0][0]))
            raise JournalError(
                f"{self.path} is the journal of another batch (add-ons {made['add_ons']}, statuses "
                f"{made['statuses'] or 'any'}); give this one a journal of its own"
            )
        runs = self._execute("SELECT value FROM batch WHERE key = 'runs'")
        self.run = (int(str(runs[0][0])) if runs else 0) + 1
        if not write:
            return
        self._execute("INSERT OR IGNORE INTO batch VALUES ('identity', ?)", (identity,))
        self._execute("INSERT OR REPLACE INTO batch VALUES ('runs', ?)", (str(self.run),))

    def rows(self) -> list[JournalRow]:
        """Every row, in plan order."""
        found = self._execute(
            "SELECT order_id, position, state, add_ons, reason, detail, run FROM orders ORDER BY position, order_id"
        )
        return [
            JournalRow(str(o), int(str(p)), s, tuple(json.loads(str(a))), str(r), str(d), int(str(n)))  # type: ignore[arg-type]
            for o, p, s, a, r, d, n in found
        ]

    def put(self, row: JournalRow) -> None:
        """One row, committed (fsynced) before this returns."""
        self.put_all([row])

    def put_all(self, rows: Sequence[JournalRow]) -> None:
        """Several rows in one transaction (the plan): all of them or none."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                for row in rows:
                    self._db.execute(
                        "INSERT OR REPLACE INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (row.order_id, row.position, row.state, json.dumps(list(row.add_ons)), row.reason, row.detail,
                         self.run, time.time()),
                    )  # fmt: skip
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise JournalError(f"cannot use the batch journal {self.path}: {error}") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()
            self._let_go()

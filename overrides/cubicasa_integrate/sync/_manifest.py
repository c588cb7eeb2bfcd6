"""The sync manifest: one SQLite database (standard library, WAL mode) in the destination, one row per file.

A row says: this file, of this order, group and kind, was written here with this size, ETag/Last-Modified and
SHA-256, at this time. A file's identity is its place (order, group, kind, name), never its URL: asset URLs are
pre-signed and their query changes on every read of the order, and the name keeps only host and path
(downloads.target_path).

Why a database and not a JSON file: each row is committed on its own, atomically, as its file lands, so a process
killed at any moment leaves every committed row true and never a half-written manifest; WAL lets a reader go on while
the sync writes. Two syncs of one destination never write at once: the engine holds a lock on the destination for
the whole run (sync/_engine.py).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import SyncError

__all__ = ["MANIFEST_NAME", "FileKey", "Manifest", "Row"]

MANIFEST_NAME = ".cubicasa-sync.sqlite3"
"""The manifest's file name in the destination (order folders never start with a dot: ids are safe segments)."""

_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    order_id TEXT NOT NULL,
    grp TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    synced_at REAL NOT NULL,
    PRIMARY KEY (order_id, grp, kind, name)
) WITHOUT ROWID
"""


@dataclass(frozen=True, order=True)
class FileKey:
    """Where a file lives below the destination: `<order_id>/<group>/<kind>/<name>` (each a safe segment)."""

    order_id: str
    group: str
    kind: str
    name: str

    def relative(self) -> Path:
        return Path(self.order_id, self.group, self.kind, self.name)


@dataclass(frozen=True)
class Row:
    key: FileKey
    size: int
    mtime_ns: int
    sha256: str
    etag: str | None
    last_modified: str | None
    synced_at: float


class Manifest:
    """The manifest of one destination. Used from one thread (the sync's event loop); every write commits."""

    def __init__(self, dest: Path, *, create: bool = True) -> None:
        """Open (or create) the manifest of `dest`. With create=False a missing manifest reads as empty and
        nothing is written to disk (a dry run)."""
        self.path = dest / MANIFEST_NAME
        try:
            mode = os.lstat(self.path).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):  # a planted symlink must not redirect our writes
            raise SyncError(f"{self.path} is not a regular file; refusing to use it as the sync manifest")
        try:
            # isolation_level=None: autocommit, so each statement below is its own transaction.
            where = self.path if create or mode is not None else ":memory:"
            self._db = sqlite3.connect(where, isolation_level=None, timeout=30.0)
        except sqlite3.Error as error:
            raise SyncError(f"cannot open the sync manifest {self.path}: {error}") from None
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a killed process loses nothing committed; only a power cut may lose the last
            # commits, and then the files they describe are re-checked against the server on the next run.
            self._db.execute("PRAGMA synchronous=NORMAL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, _SCHEMA_VERSION):
                raise SyncError(
                    f"{self.path} has manifest version {version}; this cubicasa-integrate writes version "
                    f"{_SCHEMA_VERSION} (upgrade the package, or sync into a new destination)"
                )
            self._db.execute(_SCHEMA)
            self._db.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")
        except sqlite3.Error as error:  # not a database, a broken one, or a full disk
            self._db.close()
            problem = self._problem(error)
            if isinstance(problem, OSError):  # at open, nothing can be synced: the whole run stops, as for damage
                raise SyncError(f"no space left writing {self.path}; free some space and run again") from None
            raise problem from None
        except BaseException:
            self._db.close()
            raise

    def _problem(self, error: sqlite3.Error) -> SyncError | OSError:
        """What an SQLite error means to the user, whenever it happens: a full disk (an OSError ENOSPC, so it is
        reported as for any file write, and the manifest is never blamed), damage or a foreign schema (move the
        manifest away), or any other failure (said as it is, with no advice to move anything)."""
        code = getattr(error, "sqlite_errorcode", None)
        if code == sqlite3.SQLITE_FULL:
            return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.path))
        if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_ERROR):  # SQLITE_ERROR: no such
            return SyncError(f"{self.path} is not a readable sync manifest ({error}); move it away to start over")
        return SyncError(f"cannot use the sync manifest {self.path}: {error}")

    def _execute(self, sql: str, parameters: tuple[object, ...] = ()) -> sqlite3.Cursor:
        """One statement; damage found now (flipped bytes, a schema changed under us) gets the error given at open."""
        try:
            return self._db.execute(sql, parameters)
        except sqlite3.Error as error:
            raise self._problem(error) from None

    def _fetch(self, cursor: sqlite3.Cursor, many: bool) -> list[Any]:
        try:
            return cursor.fetchall() if many else [cursor.fetchone()]
        except sqlite3.Error as error:
            raise self._problem(error) from None

    def get(self, key: FileKey) -> Row | None:
        cursor = self._execute(
            "SELECT size, mtime_ns, sha256, etag, last_modified, synced_at FROM files "
            "WHERE order_id=? AND grp=? AND kind=? AND name=?",
            (key.order_id, key.group, key.kind, key.name),
        )
        found = self._fetch(cursor, many=False)[0]
        return None if found is None else Row(key, *found)

    def put(self, row: Row) -> None:
        key = row.key
        self._execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key.order_id, key.group, key.kind, key.name,
                row.size, row.mtime_ns, row.sha256, row.etag, row.last_modified, row.synced_at,
            ),
        )  # fmt: skip

    def rows(self) -> list[Row]:
        """Every row, in key order (for checks and reports)."""
        cursor = self._execute(
            "SELECT order_id, grp, kind, name, size, mtime_ns, sha256, etag, last_modified, synced_at FROM files "
            "ORDER BY order_id, grp, kind, name"
        )
        found = self._fetch(cursor, many=True)
        return [Row(FileKey(*values[:4]), *values[4:]) for values in found]

    def close(self) -> None:
        self._db.close()


def now() -> float:
    return time.time()

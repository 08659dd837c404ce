"""A bounded key-value store in one SQLite file, shared by processes that run at the same time.

Several writer processes use one store at once (pre-commit runs hooks in parallel, ``--jobs``
forks workers): the file is in WAL mode, so readers never wait for the writer, and a write that
finds the file locked is skipped rather than waited for. The file is kept under its size (give
or take a tenth) by dropping the entries used longest ago. Any problem with the store turns it
off for the process (``problem`` says why); the caller carries on without it.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path

log = logging.getLogger(__name__)

_TOUCH_AFTER = 3600.0  # seconds before a read refreshes an entry's last-used time
_OPEN_SECONDS = 5.0  # how long opening the store may wait for other processes


def _busy(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


class Store:
    """Values by key in ``path``; opened on first use, and again in a forked process."""

    def __init__(self, path: Path, max_bytes: int) -> None:
        self.path = path
        self.max_bytes = max(1, max_bytes)
        self.problem: str | None = None
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._unchecked = -1  # bytes written since the size was last checked (-1: never)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_connection"] = None  # a process started by spawn opens its own
        return state

    def _connect(self) -> sqlite3.Connection | None:
        if self.problem is not None:
            return None
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        self._connection = None  # a connection never crosses a fork
        # Processes creating the file together race; SQLite answers "locked" without waiting
        # for some of those steps, so they are retried for a bounded time.
        deadline = time.monotonic() + _OPEN_SECONDS
        while True:
            connection: sqlite3.Connection | None = None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.path, timeout=_OPEN_SECONDS, isolation_level=None)
                _prepare(connection)
            except sqlite3.OperationalError as exc:
                if connection is not None:
                    connection.close()
                if _busy(exc) and time.monotonic() < deadline:
                    time.sleep(0.02)
                    continue
                self._fail(exc)
                return None
            except (OSError, sqlite3.Error) as exc:
                if connection is not None:
                    connection.close()
                self._fail(exc)
                return None
            break
        self._connection = connection
        self._pid = os.getpid()
        return connection

    def _fail(self, exc: Exception) -> None:
        self.problem = f"{self.path} cannot be used ({exc})"
        log.debug("store disabled: %s", exc)
        self._connection = None

    def get(self, key: str) -> bytes | None:
        connection = self._connect()
        if connection is None:
            return None
        try:
            row = connection.execute(
                "SELECT value, used FROM entries WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                self._fail(exc)
            return None
        except sqlite3.Error as exc:
            self._fail(exc)
            return None
        if row is None:
            return None
        value, used = row
        if time.time() - used > _TOUCH_AFTER:
            self._touch(connection, key)
        return bytes(value)

    def _touch(self, connection: sqlite3.Connection, key: str) -> None:
        """Mark an entry as used now, so pruning keeps it; skipped when another process
        holds the lock."""
        try:
            connection.execute("PRAGMA busy_timeout = 0")
            try:
                connection.execute("UPDATE entries SET used = ? WHERE key = ?", (time.time(), key))
            finally:
                connection.execute(f"PRAGMA busy_timeout = {int(_OPEN_SECONDS * 1000)}")
        except sqlite3.Error as exc:
            log.debug("store entry not touched: %s", exc)

    def put(self, key: str, value: bytes) -> None:
        connection = self._connect()
        if connection is None:
            return
        size = len(value) + len(key) + 32
        try:
            connection.execute(
                "INSERT OR REPLACE INTO entries (key, value, size, used) VALUES (?, ?, ?, ?)",
                (key, value, size, time.time()),
            )
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                self._fail(exc)
            return  # busy: not kept this time
        except sqlite3.Error as exc:
            self._fail(exc)
            return
        # The size is checked on the first write and after each tenth of the bound written,
        # so the file never grows past the bound by more than a tenth.
        first = self._unchecked < 0
        self._unchecked = max(self._unchecked, 0) + size
        if first or self._unchecked >= self.max_bytes // 10:
            self._unchecked = 0
            self.prune()

    def prune(self) -> None:
        """Drop the entries used longest ago until the store is under 80% of its size."""
        connection = self._connect()
        if connection is None:
            return
        try:
            (total,) = connection.execute("SELECT COALESCE(SUM(size), 0) FROM entries").fetchone()
            if total <= self.max_bytes:
                return
            excess = total - int(self.max_bytes * 0.8)
            with connection:
                connection.execute("BEGIN IMMEDIATE")
                victims: list[tuple[str]] = []
                dropped = 0
                for key, size in connection.execute("SELECT key, size FROM entries ORDER BY used"):
                    victims.append((key,))
                    dropped += size
                    if dropped >= excess:
                        break
                connection.executemany("DELETE FROM entries WHERE key = ?", victims)
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            log.debug("store not pruned: %s", exc)

    def size(self) -> int:
        """The bytes the entries take, as counted for the bound (0 when unusable)."""
        connection = self._connect()
        if connection is None:
            return 0
        (total,) = connection.execute("SELECT COALESCE(SUM(size), 0) FROM entries").fetchone()
        return int(total)

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None


def _prepare(connection: sqlite3.Connection) -> None:
    """WAL mode (readers and one writer at once) and the table, once per file."""
    (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
    if str(mode).lower() != "wal":
        connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL, "
        "size INTEGER NOT NULL, used REAL NOT NULL)"
    )
    connection.execute("CREATE INDEX IF NOT EXISTS entries_used ON entries (used)")

"""A per-paragraph cache of grammar results in the user's cache directory.

Keyed by the backend's fingerprint (backend, version, language, settings) and the paragraph's
text, so re-linting an unchanged document sends nothing. A second entry per document holds its
finished findings (keyed by the whole text and the vocabulary), so an unchanged document costs one
lookup; a changed one re-sends only its changed paragraphs. One SQLite file in WAL mode: several
processes (pre-commit runs hooks in parallel, ``--jobs`` forks workers) read and write it at once.
The file is kept under ``cache_size_mb`` by dropping the least recently used entries. Any problem
with the cache turns it off for the run; grammar still works, only slower.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from writer.checks.grammar.base import GrammarMatch
from writer.infra.cachedir import cache_home
from writer.settings.config import GrammarSettings

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
_PRUNE_EVERY = 2000  # rows written between two size checks
_TOUCH_AFTER = 3600.0  # seconds before a read refreshes an entry's last-used time
MEMO_SECONDS = 3600.0  # how long a remembered server version is trusted
_OPEN_SECONDS = 10.0  # how long opening the cache may wait for other processes


def _busy(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _prepare(connection: sqlite3.Connection) -> None:
    """WAL mode (several readers and one writer at once) and the tables, once per file."""
    (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
    if str(mode).lower() != "wal":
        connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "matches" not in tables:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS matches ("
            "key TEXT PRIMARY KEY, value TEXT NOT NULL, size INTEGER NOT NULL, "
            "used REAL NOT NULL)"
        )
    if "matches_used" not in tables:
        connection.execute("CREATE INDEX IF NOT EXISTS matches_used ON matches (used)")
    if "memo" not in tables:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS memo (name TEXT PRIMARY KEY, value TEXT NOT NULL, "
            "saved REAL NOT NULL)"
        )


def _touch(connection: sqlite3.Connection, keys: list[str]) -> None:
    """Mark entries as used now, so pruning keeps them. Worth a write, not a wait: when another
    process holds the lock the entries stay as they are, and what was read is used anyway."""
    now = time.time()
    try:
        connection.execute("PRAGMA busy_timeout = 0")
        try:
            with connection:
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany(
                    "UPDATE matches SET used = ? WHERE key = ?", [(now, key) for key in keys]
                )
        finally:
            connection.execute(f"PRAGMA busy_timeout = {int(_OPEN_SECONDS * 1000)}")
    except sqlite3.Error as exc:
        log.debug("grammar cache entries not touched: %s", exc)


def cache_key(fingerprint: str, text: str) -> str:
    digest = hashlib.sha256()
    digest.update(fingerprint.encode("utf-8"))
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class GrammarCache:
    """Cached matches by :func:`cache_key`. Opened lazily; safe to use from forked workers."""

    def __init__(self, directory: Path, max_bytes: int) -> None:
        self.directory = directory
        self.path = directory / f"grammar-v{SCHEMA_VERSION}.sqlite3"
        self.max_bytes = max(1, max_bytes)
        self.problem: str | None = None
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._written = 0

    @classmethod
    def for_settings(cls, settings: GrammarSettings) -> GrammarCache | None:
        if not settings.cache:
            return None
        directory = Path(settings.cache_dir).expanduser() if settings.cache_dir else cache_home()
        return cls(directory, settings.cache_size_mb * 1024 * 1024)

    # -- connection --------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection | None:
        if self.problem is not None:
            return None
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        self._connection = None  # a connection never crosses a fork
        # Processes opening a new cache together race to create it; SQLite answers "locked"
        # without waiting for some of those steps, so they are retried for a bounded time.
        deadline = time.monotonic() + _OPEN_SECONDS
        while True:
            connection: sqlite3.Connection | None = None
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
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
        self.problem = (
            f"the grammar cache at {self.path} cannot be used ({exc}); "
            "grammar results are not cached in this run"
        )
        log.debug("grammar cache disabled: %s", exc)
        self._connection = None

    # -- reading and writing -----------------------------------------------------------------
    def get_many(self, keys: Iterable[str]) -> dict[str, list[GrammarMatch]]:
        wanted = list(dict.fromkeys(keys))
        connection = self._connect()
        if connection is None or not wanted:
            return {}
        found: dict[str, list[GrammarMatch]] = {}
        stale: list[str] = []
        now = time.time()
        try:
            for index in range(0, len(wanted), 500):
                chunk = wanted[index : index + 500]
                marks = ",".join("?" * len(chunk))
                rows = connection.execute(
                    f"SELECT key, value, used FROM matches WHERE key IN ({marks})", chunk
                ).fetchall()
                for key, value, used in rows:
                    try:
                        found[key] = [GrammarMatch.from_row(row) for row in json.loads(value)]
                    except (ValueError, TypeError):
                        continue  # a damaged entry is a miss; it is rewritten
                    if now - used > _TOUCH_AFTER:
                        stale.append(key)
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                return found  # another process holds the lock for long: a miss, not a failure
            self._fail(exc)
            return found
        except sqlite3.Error as exc:
            self._fail(exc)
            return found
        if stale:
            _touch(connection, stale)
        return found

    def put_many(self, entries: Mapping[str, list[GrammarMatch]]) -> None:
        self._put({key: [match.to_row() for match in matches] for key, matches in entries.items()})

    def get_value(self, key: str) -> Any:
        """A value saved with :meth:`put_value`, decoded, or None."""
        connection = self._connect()
        if connection is None:
            return None
        try:
            row = connection.execute(
                "SELECT value, used FROM matches WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                return None
            value = json.loads(row[0])
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                self._fail(exc)
            return None
        except (sqlite3.Error, ValueError) as exc:
            log.debug("grammar cache entry unreadable: %s", exc)
            return None
        if time.time() - row[1] > _TOUCH_AFTER:
            _touch(connection, [key])
        return value

    def put_value(self, key: str, value: Any) -> None:
        self._put({key: value})

    def _put(self, entries: Mapping[str, Any]) -> None:
        connection = self._connect()
        if connection is None or not entries:
            return
        now = time.time()
        rows = []
        for key, data in entries.items():
            value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            if not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:  # a lone surrogate (text handed to the API): escaped
                    value = json.dumps(data, separators=(",", ":"))
            rows.append((key, value, len(value) + len(key) + 32, now))
        try:
            with connection:
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany(
                    "INSERT OR REPLACE INTO matches (key, value, size, used) VALUES (?, ?, ?, ?)",
                    rows,
                )
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                return  # not cached this time
            self._fail(exc)
            return
        except sqlite3.Error as exc:
            self._fail(exc)
            return
        first = self._written == 0
        self._written += len(rows)
        if first or self._written // _PRUNE_EVERY != (self._written - len(rows)) // _PRUNE_EVERY:
            self.prune()

    def prune(self) -> None:
        """Drop the least recently used entries until the cache is under 80% of its size."""
        connection = self._connect()
        if connection is None:
            return
        try:
            (total,) = connection.execute("SELECT COALESCE(SUM(size), 0) FROM matches").fetchone()
            if total <= self.max_bytes:
                return
            target = int(self.max_bytes * 0.8)
            excess = total - target
            with connection:
                connection.execute("BEGIN IMMEDIATE")
                dropped = 0
                cursor = connection.execute("SELECT key, size FROM matches ORDER BY used")
                victims = []
                for key, size in cursor:
                    victims.append((key,))
                    dropped += size
                    if dropped >= excess:
                        break
                connection.executemany("DELETE FROM matches WHERE key = ?", victims)
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            log.debug("grammar cache not pruned: %s", exc)

    def remembered(self, name: str) -> str | None:
        """A value saved by :meth:`remember` less than an hour ago (a server's version)."""
        connection = self._connect()
        if connection is None:
            return None
        try:
            row = connection.execute(
                "SELECT value, saved FROM memo WHERE name = ?", (name,)
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or time.time() - row[1] > MEMO_SECONDS:
            return None
        return str(row[0])

    def remember(self, name: str, value: str) -> None:
        connection = self._connect()
        if connection is None:
            return
        try:
            connection.execute(
                "INSERT OR REPLACE INTO memo (name, value, saved) VALUES (?, ?, ?)",
                (name, value, time.time()),
            )
        except sqlite3.Error as exc:
            log.debug("grammar cache memo not saved: %s", exc)

    def size(self) -> int:
        connection = self._connect()
        if connection is None:
            return 0
        (total,) = connection.execute("SELECT COALESCE(SUM(size), 0) FROM matches").fetchone()
        return int(total)

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None

"""The SQLite database of one data directory: WAL, explicit transactions, migrations on open."""

from __future__ import annotations

import secrets
import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from .migrations import apply_migrations

DB_NAME = "workbench.db"


def new_row_id(conn: sqlite3.Connection, table: str) -> int:
    """An id for rows the log names (documents, events). The log's hashes cover these ids, so
    they must stay valid when an archived case is imported into another workbench: ids drawn
    from the clock (milliseconds) with random low bits make a clash with that workbench's rows
    negligible, where sequential ids would clash at once. They still grow with insertion, which
    the catalogue and the timeline use to order same-day entries; they stay below 2**53, exact
    in JSON everywhere."""
    candidate = (int(time.time() * 1000) << 10) | secrets.randbits(10)
    last = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
    return max(candidate, last + 1)


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Database:
    """One connection in autocommit mode; writes go through `transaction()` so that one logical
    change is one SQLite transaction (sqlite-utils' own `with conn:` blocks would otherwise commit
    an enclosing transaction early, so writes here use plain SQL)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if path != ":memory:" else None
        self.conn = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=30
        )
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.path is not None:
            self.conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode is still durable against application crashes; a power cut may
            # lose the last transaction, never corrupt the database.
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self.migrations_applied = apply_migrations(self.conn, utc_now())
        self._depth = 0

    @property
    def utils(self) -> Any:
        """sqlite-utils over the same connection, for reading helpers. Imported on first use:
        it pulls in numpy, about 0.4 s of every start-up (GUI and CLI) for something the
        workbench itself does not need at start."""
        import sqlite_utils
        return sqlite_utils.Database(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Nested calls join the outer transaction; an exception rolls the whole change back."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.conn
            self._depth = 0
            self.conn.execute("COMMIT")
        except BaseException:
            self._depth = 0
            # A COMMIT that failed (a full disk) may leave the transaction open, or SQLite may
            # have rolled it back itself: either way nothing of it stays.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def close(self) -> None:
        self.conn.close()

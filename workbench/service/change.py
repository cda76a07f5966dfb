"""The one funnel every change to a case goes through.

`Txn` opens the write transaction (BEGIN IMMEDIATE, so the checks below run inside SQLite's write
lock and no other connection can slip a change in between check and write), checks the case is
writable — the archived-case read-only rule lives here and nowhere else — and turns each change
into a log entry: the entry is applied to the tables by `projection.apply` and appended to the
case's hash chain. A replicated entry from another desk goes through the same `apply`.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import Any, Iterator

from ..errors import NotFound, Text, UserError
from ..store import eventlog
from ..store.db import Database, new_row_id, utc_now
from . import projection


class ReadOnlyCase(UserError):
    """The case is archived: nothing may change it."""


class StaleCase(UserError):
    """The case changed (its chain head moved) since the caller looked at it."""


def refuse_if_archived(conn: sqlite3.Connection, case_id: int) -> tuple[str, str]:
    """THE read-only rule. Reads the stored status (never a caller's copy, which may be stale:
    another connection may have archived the case since) and returns (number, log head)."""
    row = conn.execute("SELECT number, status, log_head FROM cases WHERE id = ?",
                       (case_id,)).fetchone()
    if row is None:
        raise NotFound(Text(f"没有这个案件：{case_id}", f"no such case: {case_id}"))
    # The status column is derived from the events; the log's seal is what binds, so a status
    # edited back to `concluded` with sqlite3 does not reopen an archived case.
    if row[1] == "archived" or conn.execute(
            "SELECT 1 FROM log WHERE case_id = ? AND action = 'event.recorded'"
            " AND json_extract(payload, '$.kind') = 'archived' LIMIT 1", (case_id,)).fetchone():
        raise ReadOnlyCase(Text(f"{row[0]} 已归档，只读", f"{row[0]} is archived and read-only"))
    return row[0], row[2]


class Txn:
    """One logical change: one SQLite transaction, any number of log entries."""

    def __init__(self, conn: sqlite3.Connection, actor: str | None) -> None:
        self.conn = conn
        self.actor = actor
        self.at = utc_now()
        self._numbers: dict[int, str] = {}
        self.entries: list[eventlog.LogEntry] = []

    def writable(self, case_id: int, expect_head: str | None = None) -> str:
        """Check (once per transaction) that the case may change; returns its number."""
        if case_id not in self._numbers:
            number, head = refuse_if_archived(self.conn, case_id)
            if expect_head is not None and head != expect_head:
                raise StaleCase(Text(f"{number} 已有新的变动", "the case changed meanwhile"))
            self._numbers[case_id] = number
        return self._numbers[case_id]

    def new_id(self, table: str) -> int:
        return new_row_id(self.conn, table)

    def record(self, case_id: int, action: str, payload: dict[str, Any],
               extra: Any = None) -> eventlog.LogEntry:
        """Apply one change to the tables and append its log entry."""
        number = self.writable(case_id)
        projection.apply(self.conn, case_id, action, payload, self.at, extra)
        entry = eventlog.append(self.conn, case_id, number, self.at, action, payload,
                                actor=self.actor)
        self.entries.append(entry)
        return entry

    def create_case(self, payload: dict[str, Any]) -> int:
        """The first entry of a new case: its row does not exist before the entry is applied."""
        number = payload["case_number"]
        if self.conn.execute("SELECT 1 FROM cases WHERE number = ?", (number,)).fetchone():
            raise UserError(Text(f"案号已存在：{number}", f"case already exists: {number}"), field="case_number")
        case_id = projection.apply(self.conn, None, projection.CASE_CREATED, payload, self.at)
        self._numbers[case_id] = number
        self.entries.append(eventlog.append(self.conn, case_id, number, self.at,
                                            projection.CASE_CREATED, payload, actor=self.actor))
        return case_id


@contextmanager
def open_txn(db: Database, actor: str | None = None) -> Iterator[Txn]:
    with db.transaction() as conn:
        yield Txn(conn, actor)

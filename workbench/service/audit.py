"""Every row a user can see of a case, checked against its log by replaying the log.

The tables are a projection of the log (projection.py), so the one complete check is to apply a
case's entries again, in order, to an empty copy of the schema and compare the result with the
stored rows, column by column (`PRAGMA table_info`, so a column added later is compared too).
A claim amount, a party's ID number, a plaintiff column or a status edited with sqlite3 is named.

Not compared, each for a reason (the test that edits every column lists the same):
- the full-text index tables (`pages_fts*`, `pages_ngram*`): derived from `pages.text`, rebuilt from it;
- `pages.text` of an intake page: the log holds its hash, which integrity.py checks;
- pages of a document intake did not file (a generated or attached PDF's text layer): a search
  index of a document whose bytes the blob check covers, written without a log entry;
- `intake_corrections`, `settings`, `_migrations`: not part of any case.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Callable, Iterable

from ..store import eventlog
from ..store.db import Database
from . import projection
from ..errors import Text

# How the rows of each case table are matched between the stored and the replayed copy.
CASE_TABLES: dict[str, tuple[str, ...]] = {
    "cases": (),
    "parties": ("position",),
    "events": ("id",),
    "documents": ("id",),
    "pages": ("document_id", "idx"),
    # the service (送达) and preservation (保全) queues, projected from their own entries
    "delivery_tasks": ("id",),
    "delivery_attempts": ("id",),
    "preservation_matters": ("id",),
    "preservation_measures": ("id",),
}
NOT_COMPARED = {"cases": {"id"}, "parties": {"id", "case_id"}, "events": {"case_id"},
                "documents": {"case_id"}, "pages": {"id", "text"},
                "delivery_tasks": {"case_id"}, "delivery_attempts": {"case_id"},
                "preservation_matters": {"case_id"}, "preservation_measures": {"case_id"}}
JSON_COLUMNS = {("cases", "facts"), ("parties", "data"), ("events", "data"),
                ("delivery_tasks", "data"), ("delivery_attempts", "data"),
                ("preservation_matters", "data"), ("preservation_measures", "data")}


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _value(table: str, col: str, v: Any) -> Any:
    if (table, col) in JSON_COLUMNS and isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return v
    return v


def _rows(conn: sqlite3.Connection, table: str, case_id: int) -> Iterable[sqlite3.Row]:
    if table == "cases":
        return conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,))
    if table == "pages":
        # Only the pages of documents intake filed (the log's intake.pages entries); the others
        # are the search index of a generated or attached PDF (see the module docstring).
        return conn.execute(
            "SELECT p.* FROM pages p JOIN documents d ON d.id = p.document_id WHERE d.case_id = ?"
            " AND d.id IN (SELECT json_extract(payload, '$.document_id') FROM log"
            " WHERE case_id = d.case_id AND action = 'intake.pages')", (case_id,))
    return conn.execute(f'SELECT * FROM "{table}" WHERE case_id = ?', (case_id,))


class Replayer:
    """One empty schema in memory, reused for every case (each replay is rolled back)."""

    def __init__(self) -> None:
        self.db = Database(":memory:")
        self.db.conn.execute("PRAGMA foreign_keys = OFF")

    def close(self) -> None:
        self.db.close()

    def audit(self, conn: sqlite3.Connection, case_id: int, number: str) -> list[str]:
        entries = eventlog.entries(conn, case_id)
        mem = self.db.conn
        problems: list[str] = []
        mem.execute("BEGIN")
        try:
            replayed: int | None = None
            for e in entries:
                try:
                    replayed = projection.apply(mem, replayed, e.action, e.payload, e.at)
                except Exception as exc:  # an entry the projection cannot apply: named, not raised
                    problems.append(Text(f"{number} 日志第 {e.seq} 条 ({e.action}) 无法重放：{type(exc).__name__}",
                                         f"entry cannot be replayed: {type(exc).__name__}"))
                    return problems
                eventlog.append(mem, replayed, number, e.at, e.action, e.payload, actor=e.actor)
            if replayed is None:
                return [Text(f"{number}: 日志中没有立案记录", f"{number}: the case has no log")]
            for table, key in CASE_TABLES.items():
                problems += _compare(table, key, list(_rows(conn, table, case_id)),
                                     list(_rows(mem, table, replayed)), number,
                                     {e.payload.get("document_id"): e.payload for e in entries
                                      if e.action == "intake.pages"})
        finally:
            mem.execute("ROLLBACK")
        return problems


def _compare(table: str, key: tuple[str, ...], stored: list[sqlite3.Row], replayed: list[sqlite3.Row],
             number: str, intake: dict) -> list[str]:
    def k(r: sqlite3.Row) -> tuple:
        return tuple(r[c] for c in key)
    want = {k(r): r for r in replayed}
    problems = []
    for row in stored:
        where = f"{number} 表 {table}" + (f" {dict(zip(key, k(row)))}" if key else "")
        ref = want.pop(k(row), None)
        if ref is None:
            problems.append(Text(f"{where}: 日志中没有这一行", f"{where}: row not in the log"))
            continue
        for col in row.keys():
            if col in NOT_COMPARED.get(table, ()):
                continue
            if table == "pages" and col in ("confidence", "source_name"):
                page = next((p for p in intake.get(row["document_id"], {}).get("pages", [])
                             if p.get("page") == row["idx"] + 1), {})
                if col not in page:  # an entry from before the log carried this field
                    continue
            a, b = _value(table, col, row[col]), _value(table, col, ref[col])
            if a != b:
                problems.append(Text(f"{where}: 字段 {col} 与日志不符",
                                     f"{where}: {table}.{col} differs from the log ({_short(a)} ≠ {_short(b)})"))
    for ref in want.values():
        where = f"{number} 表 {table}" + (f" {dict(zip(key, k(ref)))}" if key else "")
        problems.append(Text(f"{where}: 日志中有记录但已被删除",
                             f"{where}: row deleted behind the log's back"))
    return problems


def _short(v: Any) -> str:
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "…"


def audit_package(tables: dict[str, list[dict]], log: list[dict], *,
                  decode: Callable[[Any], Any]) -> tuple[list[str], dict | None]:
    """An archive package's rows checked as `workbench verify` checks a store: loaded verbatim
    into an empty schema in memory, then compared column by column with a replay of the
    package's own log. Returns (problems, the case re-exported from those rows as case.json,
    or None if the rows could not be loaded), so the package's case.json can be compared too."""
    from .workbench import export_case_json

    db = Database(":memory:")
    replayer = Replayer()
    try:
        db.conn.execute("PRAGMA foreign_keys = OFF")  # a dangling key is named by the audit
        number = str((tables.get("cases") or [{}])[0].get("number"))
        with db.transaction() as conn:
            try:
                case_id = projection.insert_package(conn, tables, log, renumbered=set(), decode=decode)
            except (sqlite3.Error, KeyError, IndexError, TypeError, AttributeError) as exc:
                return [Text(f"{number}: 归档包的表格无法载入（{type(exc).__name__}: {exc}）",
                             f"{number}: the package's rows cannot be loaded ({exc})")], None
            problems = replayer.audit(conn, case_id, number)
            try:
                exported = json.loads(json.dumps(export_case_json(db, case_id), ensure_ascii=False))
            except Exception as exc:  # rows the case reader cannot read: named, not raised
                problems.append(Text(f"{number}: 无法由表格导出案件（{type(exc).__name__}）",
                                     f"{number}: the case cannot be read from the rows ({exc})"))
                exported = None
        return problems, exported
    finally:
        replayer.close()
        db.close()

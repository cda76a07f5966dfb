"""Cases in the database: load, and the paged, filtered case list (reads only: cases are
created through the service, workbench/service/projection.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date

from ..errors import NotFound, Text, UserError, in_language
from ..store.db import Database
from .casejson import case_from_json, case_to_json
from ..law.case_numbers import parse_case_number
from .records import Case, CaseSummary

# Sort keys end in id so that every row has a unique position: the list pages by seeking past
# the last row shown (keyset paging), which costs the same at row 99,000 as at row 0.
SORT_KEYS = {
    "number": ("year", "court_code", "type_code", "seq", "id"),
    "cause": ("cause", "id"),
    "filed_on": ("filed_on", "id"),
    "judge": ("judge", "id"),
    "status": ("status", "id"),
    "plaintiffs": ("plaintiffs", "id"),
    "defendants": ("defendants", "id"),
    "updated_at": ("updated_at", "id"),
}


@dataclass(frozen=True)
class CaseQuery:
    """What the case list shows: free text over number and parties, exact judge/status filters."""
    text: str = ""
    judge: str = ""
    status: str = ""
    sort: str = "number"
    descending: bool = True

    def where(self) -> tuple[str, list]:
        clauses, params = [], []
        text = self.text.strip()
        if text:
            # The number is matched on its canonical form, so "(2026)苏0583民初1234" finds it too.
            try:
                text_number = parse_case_number(text).canonical
            except UserError:
                text_number = text.replace("(", "（").replace(")", "）")
            like = f"%{text}%"
            clauses.append("(number LIKE ? OR number LIKE ? OR plaintiffs LIKE ? OR defendants LIKE ?"
                           " OR cause LIKE ? OR judge LIKE ?)")
            params += [like, f"%{text_number}%", like, like, like, like]
        if self.judge:
            clauses.append("judge = ?")
            params.append(self.judge)
        if self.status:
            clauses.append("status = ?")
            params.append(self.status)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    @property
    def sort_key(self) -> tuple[str, ...]:
        return SORT_KEYS.get(self.sort, SORT_KEYS["number"])

    def order_by(self) -> str:
        d = " DESC" if self.descending else ""
        return " ORDER BY " + ", ".join(c + d for c in self.sort_key)


def case_id_for(db: Database, ref: str | int) -> int:
    if isinstance(ref, int):
        row = db.one("SELECT id FROM cases WHERE id = ?", (ref,))
    else:
        try:
            number = parse_case_number(ref).canonical
        except UserError:
            if ref.isdigit():
                return case_id_for(db, int(ref))
            raise
        row = db.one("SELECT id FROM cases WHERE number = ?", (number,))
    if row is None:
        raise NotFound(Text(f"没有这个案件：{ref}", f"no such case: {ref}"))
    return row[0]


def load_case(db: Database, ref: str | int) -> Case:
    case_id = case_id_for(db, ref)
    row = db.one("SELECT * FROM cases WHERE id = ?", (case_id,))
    parties = [json.loads(r["data"]) for r in
               db.query("SELECT data FROM parties WHERE case_id = ? ORDER BY position", (case_id,))]
    facts = json.loads(row["facts"])
    doc = {
        "case_number": row["number"],
        "court": {"name": row["court_name"], "appeal_court": row["appeal_court"]},
        "cause": row["cause"], "procedure": row["procedure"], "filed_on": row["filed_on"],
        "judge": row["judge"], "clerk": row["clerk"], "parties": parties,
        "claims": facts.get("claims", []), "elements": facts.get("elements", {}),
        "hearing": facts.get("hearing"), **facts.get("extra", {}),
    }
    case, _ = case_from_json(doc)
    case.id = case_id
    case.status = row["status"]
    return case


_SUMMARY_COLS = ("id, number, cause, procedure, filed_on, judge, clerk, plaintiffs, defendants,"
                 " status, updated_at")


def count_cases(db: Database, query: CaseQuery) -> int:
    where, params = query.where()
    return db.one(f"SELECT count(*) FROM cases{where}", params)[0]


def _seek(query: CaseQuery, row_key: tuple, before: bool) -> tuple[str, list]:
    """The rows that come after (or before) a row of the query's order, as a WHERE clause."""
    keys = query.sort_key
    forward = not before
    op = "<" if query.descending == forward else ">"
    where, params = query.where()
    seek = f"({', '.join(keys)}) {op} ({', '.join('?' * len(keys))})"
    return (f"{where} AND {seek}" if where else f" WHERE {seek}"), [*params, *row_key]


def _scan_table(query: CaseQuery) -> str:
    """The table to count or skip rows in. A text filter (LIKE '%…%') reads every row it tests;
    through the sort index that is a random read per row (0.4–0.55 s to the end of 100,000
    cases), in table order a sequential one (0.1–0.2 s), so such queries scan the table."""
    return "cases NOT INDEXED" if query.text.strip() else "cases"


def _summaries(db: Database, sql: str, params: list, n: int) -> list[CaseSummary]:
    return [CaseSummary(*r[:11], key=tuple(r[11:11 + n])) for r in db.conn.execute(sql, params)]


def list_cases(db: Database, query: CaseQuery, offset: int = 0, limit: int = 200,
               after: CaseSummary | None = None,
               before: CaseSummary | None = None) -> list[CaseSummary]:
    """One page of the case list, in the query's order: the `limit` rows right after the row
    `after`, or right before the row `before` (keyset paging: as fast at row 99,000 as at row 0;
    the row must come from a page of the same query), or else from `offset`.

    From an offset, the ids of the page are found first through the sort key's index (which
    holds the id, so no table row is read for the rows skipped), then only those rows are read."""
    keys = query.sort_key
    n = len(keys)
    cols = f"{_SUMMARY_COLS}, {', '.join(keys)}"
    if after is not None and after.key:
        where, params = _seek(query, after.key, before=False)
        return _summaries(db, f"SELECT {cols} FROM cases{where}{query.order_by()} LIMIT ?",
                          [*params, limit], n)
    if before is not None and before.key:
        # The reversed order from the row back, then turned round.
        where, params = _seek(query, before.key, before=True)
        backwards = replace(query, descending=not query.descending).order_by()
        rows = _summaries(db, f"SELECT {cols} FROM cases{where}{backwards} LIMIT ?",
                          [*params, limit], n)
        return rows[::-1]
    where, params = query.where()
    if offset == 0:
        return _summaries(db, f"SELECT {cols} FROM cases{where}{query.order_by()} LIMIT ?",
                          [*params, limit], n)
    ids = f"SELECT id FROM {_scan_table(query)}{where}{query.order_by()} LIMIT ? OFFSET ?"
    return _summaries(db, f"SELECT {cols} FROM cases WHERE id IN ({ids}){query.order_by()}",
                      [*params, limit, offset], n)


def case_position(db: Database, query: CaseQuery, number: str) -> int:
    """Where the case of this number stands in the query's list (0 = first), or -1 if the query
    does not list it: one count of the rows before it, through the sort key's index."""
    where, params = query.where()
    found = f"{where} AND number = ?" if where else " WHERE number = ?"
    row = db.one(f"SELECT {', '.join(query.sort_key)} FROM cases{found}", [*params, number])
    if row is None:
        return -1
    where, params = _seek(query, tuple(row), before=True)
    return db.one(f"SELECT count(*) FROM {_scan_table(query)}{where}", params)[0]


def judges(db: Database) -> list[str]:
    return [r[0] for r in db.query("SELECT DISTINCT judge FROM cases WHERE judge != '' ORDER BY judge")]


def parse_iso_date(text: str, what: str = Text("日期", "date")) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise UserError(Text(f"{in_language(what, 'zh').strip()}应为 YYYY-MM-DD，实为 {text!r}",
                             f"{in_language(what, 'en').strip()} must be YYYY-MM-DD, not {text!r}")
                        ) from None

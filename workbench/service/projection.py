"""The tables as a projection of the log: one function per entry kind applies an entry's payload.

`apply(conn, case_id, action, payload, at)` is the only code that turns a log entry into rows, for
an entry made on this desk and (later, issue 10) for one replicated from another desk alike. The
cases row's status is derived from the events after each event entry, never written alone.
Besides the log's entries, a few derived rows are written here too (the search index, the intake
classifier's corrections, the rows of an imported archive package), always by the service.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Callable, Iterable

from ..cases.casejson import case_from_json, case_to_json
from ..law.case_numbers import parse_case_number
from ..cases.procedure import status_after
from ..store import fulltext
from .queue_projection import PROJECTIONS as QUEUE_PROJECTIONS
from .records import (CASE_CREATED, DOCUMENT_FILED, ELEMENT_CONFIRMED, EVENT_RECORDED, INTAKE_PAGES,
                      RECORD_FILED, TRANSCRIPT_SAVED, ScannedPage)

Apply = Callable[[sqlite3.Connection, "int | None", dict, str, Any], "int | None"]


def _case_created(conn: sqlite3.Connection, _: int | None, doc: dict, at: str, __: Any) -> int:
    case, _events = case_from_json(doc)
    n = parse_case_number(case.number)
    full = case_to_json(case)
    facts = {"claims": full["claims"], "elements": case.elements, "hearing": full.get("hearing"),
             "extra": case.extra}
    cur = conn.execute(
        "INSERT INTO cases(number, year, court_code, type_code, seq, court_name, appeal_court, cause,"
        " procedure, filed_on, judge, clerk, plaintiffs, defendants, status, facts, created_at,"
        " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (case.number, n.year, n.court, n.type_code, n.seq, case.court_name, case.appeal_court,
         case.cause, case.procedure, case.filed_on.isoformat(), case.judge, case.clerk,
         case.names("plaintiff"), case.names("defendant"), "filed",
         json.dumps(facts, ensure_ascii=False), at, at),
    )
    case_id = cur.lastrowid
    for i, p in enumerate(doc["parties"]):
        conn.execute(
            "INSERT INTO parties(case_id, position, role, kind, name, id_number, data)"
            " VALUES (?,?,?,?,?,?,?)",
            (case_id, i, p["role"], p["kind"], p["name"], p.get("id_number") or p.get("credit_code"),
             json.dumps(p, ensure_ascii=False)),
        )
    return case_id  # type: ignore[return-value]


def refresh_status(conn: sqlite3.Connection, case_id: int, at: str) -> None:
    """Derive the stored status from the case's events (after an event is applied or undone)."""
    status = status_after(k for (k,) in conn.execute(
        "SELECT kind FROM events WHERE case_id = ? ORDER BY on_date, id", (case_id,)))
    conn.execute("UPDATE cases SET status = ?, updated_at = ? WHERE id = ?", (status, at, case_id))


def _event_recorded(conn: sqlite3.Connection, case_id: int | None, p: dict, at: str, _: Any) -> None:
    conn.execute(
        "INSERT INTO events(id, case_id, kind, on_date, party, data, recorded_at)"
        " VALUES (?,?,?,?,?,?,?)",
        (p["event_id"], case_id, p["kind"], p["on"], p["party"],
         json.dumps(p["data"], ensure_ascii=False), at))
    refresh_status(conn, case_id, at)  # type: ignore[arg-type]


def _document_filed(conn: sqlite3.Connection, case_id: int | None, p: dict, at: str, _: Any) -> None:
    conn.execute(
        "INSERT INTO documents(id, case_id, volume, category, rank, title, author, doc_date, blob,"
        " page_count, source, event_id, filename, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (p["document_id"], case_id, p["volume"], p["category"], p["rank"], p["title"], p["author"],
         p["date"], p["blob"], p["page_count"], p["source"], p["event_id"], p["filename"], at))
    _touch(conn, case_id, at)


def _intake_pages(conn: sqlite3.Connection, case_id: int | None, p: dict, at: str,
                  pages: list[ScannedPage] | None) -> None:
    if pages is None:  # an entry without its derived page text (e.g. replicated): no text yet
        pages = []
        for row in p["pages"]:
            sha, _, idx = (row.get("source") or "").partition("#")
            pages.append(ScannedPage(row.get("blob"), "", row.get("confidence"),
                                     row.get("rotation", 0), row.get("method", ""),
                                     None if sha in ("", "None") else sha,  # "None#None": no source
                                     int(idx) if idx.isdigit() else None, row.get("source_name")))
    for k, pg in enumerate(pages):
        cur = conn.execute(
            "INSERT INTO pages(document_id, idx, blob, text, confidence, rotation, method,"
            " source_sha, source_page, source_name) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (p["document_id"], k, pg.blob, pg.text, pg.confidence, pg.rotation, pg.method,
             pg.source_sha, pg.source_page, pg.source_name or ""))
        fulltext.index_page(conn, cur.lastrowid, pg.text)  # type: ignore[arg-type]
    _touch(conn, case_id, at)


def _element_confirmed(conn: sqlite3.Connection, case_id: int | None, p: dict, at: str,
                       _: Any) -> None:
    """One element as the judge confirmed it: its value in the case's elements (none: removed)
    and the confirmation, with its sources, beside them (facts.extra.confirmed_elements)."""
    set_element(conn, case_id, p["key"], p["value"],  # type: ignore[arg-type]
                {"at": at, "sources": p.get("sources", [])}, at)


def set_element(conn: sqlite3.Connection, case_id: int, key: str, value: Any,
                confirmation: dict | None, at: str) -> None:
    """Write one element and its confirmation (None: unconfirmed) into the case's facts; the
    projection of elements.confirmed and the undo of one (replica.py)."""
    facts = json.loads(conn.execute("SELECT facts FROM cases WHERE id = ?", (case_id,)).fetchone()[0])
    elements = facts.setdefault("elements", {})
    if value in (None, "", []):
        elements.pop(key, None)
    else:
        elements[key] = value
    extra = facts.setdefault("extra", {})
    confirmed = extra.setdefault("confirmed_elements", {})
    if confirmation is None:
        confirmed.pop(key, None)
    else:
        confirmed[key] = confirmation
    if not confirmed:
        extra.pop("confirmed_elements")
    conn.execute("UPDATE cases SET facts = ?, updated_at = ? WHERE id = ?",
                 (json.dumps(facts, ensure_ascii=False), at, case_id))


def _log_only(conn: sqlite3.Connection, case_id: int | None, _: dict, at: str, __: Any) -> None:
    _touch(conn, case_id, at)


def _touch(conn: sqlite3.Connection, case_id: int | None, at: str) -> None:
    conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (at, case_id))


PROJECTIONS: dict[str, Apply] = {
    CASE_CREATED: _case_created,
    EVENT_RECORDED: _event_recorded,
    DOCUMENT_FILED: _document_filed,
    INTAKE_PAGES: _intake_pages,
    TRANSCRIPT_SAVED: _log_only,
    RECORD_FILED: _log_only,
    ELEMENT_CONFIRMED: _element_confirmed,
}


def _queued(fn: Callable[..., None]) -> Apply:
    def run(conn: sqlite3.Connection, case_id: int | None, p: dict, at: str, extra: Any) -> None:
        fn(conn, case_id, p, at, extra)
        _touch(conn, case_id, at)
    return run


# The service (送达) and preservation (保全) queues' entry kinds (issue 13).
PROJECTIONS.update({k: _queued(f) for k, f in QUEUE_PROJECTIONS.items()})


def apply(conn: sqlite3.Connection, case_id: int | None, action: str, payload: dict, at: str,
          extra: Any = None) -> int:
    """Apply one log entry's change to the tables; returns the case id (new for case.created).
    The caller holds the transaction and appends the entry to the chain."""
    try:
        fn = PROJECTIONS[action]
    except KeyError:
        raise ValueError(f"unknown log action {action!r}") from None
    made = fn(conn, case_id, payload, at, extra)
    return made if made is not None else case_id  # type: ignore[return-value]


# ---- derived rows (no log entry) -----------------------------------------------------------
def index_text_layer(conn: sqlite3.Connection, document_id: int, texts: Iterable[str]) -> None:
    """Pages of a generated or attached PDF, from its own text layer, for search."""
    for k, text in enumerate(texts):
        cur = conn.execute(
            "INSERT INTO pages(document_id, idx, blob, text, method) VALUES (?,?,?,?,?)",
            (document_id, k, None, text, "text-layer"))
        fulltext.index_page(conn, cur.lastrowid, text)  # type: ignore[arg-type]


def remember_correction(conn: sqlite3.Connection, court: str, signature: str, category: str,
                        kind: str, at: str) -> None:
    """The clerk filed a document with this title line under `category` (intake learns it)."""
    if not signature:
        return
    conn.execute(
        "INSERT INTO intake_corrections(court, signature, category, kind, count, updated_at)"
        " VALUES (?,?,?,?,1,?) ON CONFLICT(court, signature, category) DO UPDATE SET"
        " count = count + 1, kind = excluded.kind, updated_at = excluded.updated_at",
        (court, signature, category, kind, at))


def insert_row(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    """One row verbatim (an archive package's rows are inserted as they were stored)."""
    cols = list(row)
    cur = conn.execute(f'INSERT INTO "{table}" ({",".join(chr(34) + c + chr(34) for c in cols)}) '
                       f'VALUES ({",".join("?" * len(cols))})', [row[c] for c in cols])
    if table == "pages":  # derived search index follows its rows
        fulltext.index_page(conn, cur.lastrowid, row.get("text") or "")  # type: ignore[arg-type]
    return cur.lastrowid  # type: ignore[return-value]


def insert_log_rows(conn: sqlite3.Connection, case_id: int, log: list[dict]) -> None:
    for e in log:
        conn.execute("INSERT INTO log(case_id, seq, at, action, payload, prev_hash, hash, actor) "
                     "VALUES (?,?,?,?,?,?,?,?)", (case_id, e["seq"], e["at"], e["action"],
                                                  e["payload"], e["prev_hash"], e["hash"],
                                                  e.get("actor")))


def insert_package(conn: sqlite3.Connection, tables: dict[str, list[dict]], log: list[dict], *,
                   renumbered: set[str], decode: Callable[[Any], Any]) -> int:
    """An archive package's rows and log entries verbatim, inside the caller's transaction
    (the importer's, or audit.audit_package's scratch schema); returns the new case id."""
    # Rows may refer to each other in any order (documents → events); keys at commit.
    conn.execute("PRAGMA defer_foreign_keys = ON")
    case = {k: decode(v) for k, v in tables["cases"][0].items() if k != "id"}
    case_id = insert_row(conn, "cases", case)
    order = ["parties", "events", "documents"]
    order += sorted(t for t in tables if t not in order and t != "cases")
    for table in order:
        for row in tables.get(table, []):
            r = {k: decode(v) for k, v in row.items()}
            if "case_id" in r:
                r["case_id"] = case_id
            if table in renumbered:
                r.pop("id", None)
            insert_row(conn, table, r)
    insert_log_rows(conn, case_id, log)
    return case_id

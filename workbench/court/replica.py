"""The seam between the court store and a desk's local SQLite store: the replica of a case.

A desk's local log is a replica of the court chain. `adopt` makes the local case equal to a
court chain in ONE local transaction: if the local log is a prefix of the chain, the new entries
are applied one by one; if the desk had entries the court re-chained or refused, the case is
rebuilt from the chain (its rows deleted and every entry applied again under the same local case
id). Either way the log rows are the court's, byte for byte, and the tables are what the entries
say, so `workbench verify` passes on the desk after every sync.

`apply_entry` is THE projection: it turns one log entry into table rows. It is written here
against today's entry kinds (case.created, event.recorded, document.filed, intake.pages, and the
hearing entries that change no table). When the service gains its own projection per entry kind
(one write path), `apply_entry` is the one function to replace with a call to it; nothing else in
workbench/court writes the local tables.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Callable

from ..cases.casejson import case_from_json, case_to_json
from ..cases.numbers import parse_case_number
from ..cases.procedure import EVENT_KINDS, next_status
from ..errors import NotFound
from .replay import ChainEntry

if TYPE_CHECKING:
    from ..service import Workbench

TextFor = Callable[[str], str]


def local_case_id(conn: sqlite3.Connection, number: str) -> int | None:
    row = conn.execute("SELECT id FROM cases WHERE number = ?", (number,)).fetchone()
    return row[0] if row else None


def _has_actor(conn: sqlite3.Connection) -> bool:
    """Does the local log record the acting user (the service's one write path adds it)?"""
    return any(r[1] == "actor" for r in conn.execute("PRAGMA table_info(log)"))


def local_chain(conn: sqlite3.Connection, number: str) -> list[ChainEntry]:
    cid = local_case_id(conn, number)
    if cid is None:
        return []
    actor = "actor" if _has_actor(conn) else "NULL"
    return [ChainEntry(*r) for r in conn.execute(
        f"SELECT seq, at, action, payload, prev_hash, hash, {actor} FROM log WHERE case_id = ?"
        " ORDER BY seq", (cid,))]


def common_prefix(a: list[ChainEntry], b: list[ChainEntry]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x.hash != y.hash:
            break
        n += 1
    return n


# ---- the projection ----------------------------------------------------------------------------
def _case_created(conn: sqlite3.Connection, case_id: int | None, number: str, e: ChainEntry) -> int:
    doc = e.data()
    case, _ = case_from_json(doc)
    n = parse_case_number(case.number)
    full = case_to_json(case)
    facts = {"claims": full["claims"], "elements": case.elements, "hearing": full.get("hearing"),
             "extra": case.extra}
    cur = conn.execute(
        "INSERT INTO cases(id, number, year, court_code, type_code, seq, court_name, appeal_court,"
        " cause, procedure, filed_on, judge, clerk, plaintiffs, defendants, status, facts,"
        " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (case_id, case.number, n.year, n.court, n.type_code, n.seq, case.court_name,
         case.appeal_court, case.cause, case.procedure, case.filed_on.isoformat(), case.judge,
         case.clerk, case.names("plaintiff"), case.names("defendant"), "filed",
         json.dumps(facts, ensure_ascii=False), e.at, e.at))
    cid = cur.lastrowid
    for i, p in enumerate(doc.get("parties", [])):
        conn.execute("INSERT INTO parties(case_id, position, role, kind, name, id_number, data)"
                     " VALUES (?,?,?,?,?,?,?)",
                     (cid, i, p["role"], p["kind"], p["name"],
                      p.get("id_number") or p.get("credit_code"), json.dumps(p, ensure_ascii=False)))
    return cid  # type: ignore[return-value]


def _refresh_status(conn: sqlite3.Connection, case_id: int, at: str) -> None:
    status, before = "filed", None
    for (kind,) in conn.execute("SELECT kind FROM events WHERE case_id = ? ORDER BY on_date, id",
                                (case_id,)):
        if kind not in EVENT_KINDS:
            continue
        if kind == "suspended":
            before = status
        status = next_status(status, kind, before)
    conn.execute("UPDATE cases SET status = ?, updated_at = ? WHERE id = ?", (status, at, case_id))


def apply_entry(conn: sqlite3.Connection, case_id: int | None, number: str, e: ChainEntry,
                text_for: TextFor) -> int:
    """Apply one court log entry to the local tables and store it in the local log, verbatim.
    Returns the local case id (new for case.created). The caller holds the transaction."""
    p = e.data()
    if e.action == "case.created":
        case_id = _case_created(conn, case_id, number, e)
    if case_id is None:
        raise NotFound(f"{number}: 日志的第一条不是立案 / the chain does not start with case.created")
    if e.action == "event.recorded":
        conn.execute("INSERT INTO events(id, case_id, kind, on_date, party, data, recorded_at)"
                     " VALUES (?,?,?,?,?,?,?)",
                     (p["event_id"], case_id, p["kind"], p["on"], p.get("party"),
                      json.dumps(p.get("data") or {}, ensure_ascii=False), e.at))
        _refresh_status(conn, case_id, e.at)
    elif e.action == "document.filed":
        conn.execute(
            "INSERT INTO documents(id, case_id, volume, category, rank, title, author, doc_date,"
            " blob, page_count, source, event_id, filename, created_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (p["document_id"], case_id, p["volume"], p["category"], p.get("rank", 0), p["title"],
             p.get("author", ""), p["date"], p["blob"], p["page_count"], p["source"],
             p.get("event_id"), p.get("filename", ""), e.at))
        conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (e.at, case_id))
    elif e.action == "intake.pages":
        from ..intake import search
        doc_id = p["document_id"]
        # Pages the desk indexed from the PDF's own text layer (derived, unlogged) give way to
        # the scanned pages the log names.
        for (pid,) in conn.execute("SELECT id FROM pages WHERE document_id = ?", (doc_id,)).fetchall():
            search.unindex_page(conn, pid)
        conn.execute("DELETE FROM pages WHERE document_id = ?", (doc_id,))
        for page in p.get("pages", []):
            source_sha, _, source_idx = str(page.get("source", "")).partition("#")
            text = text_for(page["text_sha256"]) if page.get("text_sha256") else ""
            cur = conn.execute(
                "INSERT INTO pages(document_id, idx, blob, text, rotation, method, source_sha,"
                " source_page) VALUES (?,?,?,?,?,?,?,?)",
                (doc_id, int(page["page"]) - 1, page.get("blob"), text, page.get("rotation", 0),
                 page.get("method", ""), source_sha or None,
                 int(source_idx) if source_idx.isdigit() else None))
            search.index_page(conn, cur.lastrowid, text)  # type: ignore[arg-type]
        conn.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (e.at, case_id))
    if _has_actor(conn):
        conn.execute("INSERT INTO log(case_id, seq, at, action, payload, prev_hash, hash, actor)"
                     " VALUES (?,?,?,?,?,?,?,?)",
                     (case_id, e.seq, e.at, e.action, e.payload, e.prev_hash, e.hash, e.actor))
    else:
        conn.execute("INSERT INTO log(case_id, seq, at, action, payload, prev_hash, hash)"
                     " VALUES (?,?,?,?,?,?,?)",
                     (case_id, e.seq, e.at, e.action, e.payload, e.prev_hash, e.hash))
    conn.execute("UPDATE cases SET log_head = ?, log_count = ? WHERE id = ?", (e.hash, e.seq, case_id))
    return case_id


def _delete_case_rows(conn: sqlite3.Connection, case_id: int) -> None:
    pages = [r[0] for r in conn.execute(
        "SELECT p.id FROM pages p JOIN documents d ON d.id = p.document_id WHERE d.case_id = ?",
        (case_id,))]
    from ..intake import search
    for pid in pages:
        search.unindex_page(conn, pid)
    conn.execute("DELETE FROM pages WHERE document_id IN (SELECT id FROM documents WHERE case_id = ?)",
                 (case_id,))
    for table in ("documents", "events", "parties", "log"):
        conn.execute(f"DELETE FROM {table} WHERE case_id = ?", (case_id,))
    conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))


def _undo_entry(conn: sqlite3.Connection, case_id: int, e: ChainEntry) -> None:
    """Remove what one local entry put into the tables (the inverse of apply_entry), so that a
    desk's entries the court re-chained or refused can give way to the court's suffix."""
    from ..intake import search
    p = e.data()
    if e.action == "event.recorded":
        conn.execute("UPDATE documents SET event_id = NULL WHERE event_id = ?", (p.get("event_id"),))
        conn.execute("DELETE FROM events WHERE id = ? AND case_id = ?", (p.get("event_id"), case_id))
    elif e.action in ("document.filed", "intake.pages"):
        doc_id = p.get("document_id")
        for (pid,) in conn.execute("SELECT id FROM pages WHERE document_id = ?", (doc_id,)).fetchall():
            search.unindex_page(conn, pid)
        conn.execute("DELETE FROM pages WHERE document_id = ?", (doc_id,))
        if e.action == "document.filed":
            conn.execute("DELETE FROM documents WHERE id = ? AND case_id = ?", (doc_id, case_id))


def adopt(wb: "Workbench", number: str, tail: list[ChainEntry], text_for: TextFor,
          keep: int | None = None, expect_head: str | None = None) -> str:
    """Make the local case equal to the court chain, in one local transaction. `tail` is the
    court's chain after its first `keep` entries, which the desk shares (by hash); with `keep`
    None, `tail` is the whole chain and the shared prefix is found here. The desk's own entries
    after the shared prefix (pushed and re-chained, or refused) are undone, then the court's
    suffix is applied. `expect_head` is the local head the sync pushed from: if the desk wrote
    the case since (a change made while the sync ran), nothing is touched and 'changed' is
    returned, so that change is pushed by the next sync instead of being undone here.
    Returns 'same', 'appended', 'rebuilt' or 'changed'."""
    with wb.db.transaction() as conn:
        local = local_chain(conn, number)
        if expect_head is not None and (local[-1].hash if local else "") != expect_head:
            return "changed"
        if keep is None:
            keep = common_prefix(local, tail)
            tail = tail[keep:]
        mine = local[keep:]
        if not tail and not mine:
            return "same"
        if [e.hash for e in mine] == [e.hash for e in tail[:len(mine)]]:
            tail, how = tail[len(mine):], "appended"
            if not tail:
                return "same"
        else:
            how = "rebuilt"
        case_id = local_case_id(conn, number)
        if how == "rebuilt":
            conn.execute("PRAGMA defer_foreign_keys = ON")
            if keep == 0 and case_id is not None:
                _delete_case_rows(conn, case_id)
            else:
                for e in reversed(mine):
                    _undo_entry(conn, case_id, e)  # type: ignore[arg-type]
                conn.execute("DELETE FROM log WHERE case_id = ? AND seq > ?", (case_id, keep))
                conn.execute("UPDATE cases SET log_head = ?, log_count = ? WHERE id = ?",
                             (local[keep - 1].hash, keep, case_id))
        for e in tail:
            case_id = apply_entry(conn, case_id, number, e, text_for)
        _refresh_status(conn, case_id, tail[-1].at if tail else local[-1].at)  # type: ignore[arg-type]
        return how

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

import sqlite3
from typing import TYPE_CHECKING, Callable

from ..errors import NotFound, Text
from . import projection
from .records import ELEMENT_CONFIRMED, INTAKE_PAGES, ScannedPage
from ..store import fulltext
from ..store.chain_entry import ChainEntry

if TYPE_CHECKING:
    from .workbench import Workbench

TextFor = Callable[[str], str]


def local_case_id(conn: sqlite3.Connection, number: str) -> int | None:
    row = conn.execute("SELECT id FROM cases WHERE number = ?", (number,)).fetchone()
    return row[0] if row else None


def local_chain(conn: sqlite3.Connection, number: str) -> list[ChainEntry]:
    cid = local_case_id(conn, number)
    if cid is None:
        return []
    return [ChainEntry(*r) for r in conn.execute(
        "SELECT seq, at, action, payload, prev_hash, hash, actor FROM log WHERE case_id = ?"
        " ORDER BY seq", (cid,))]


def common_prefix(a: list[ChainEntry], b: list[ChainEntry]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x.hash != y.hash:
            break
        n += 1
    return n


# ---- the projection ----------------------------------------------------------------------------
def _scanned_pages(p: dict, text_for: TextFor) -> list[ScannedPage]:
    """The pages an intake.pages entry names, with their OCR text restored from the text blob
    the entry names by hash (the log keeps only the hash)."""
    out = []
    for page in p.get("pages", []):
        source_sha, _, source_idx = str(page.get("source", "")).partition("#")
        text = text_for(page["text_sha256"]) if page.get("text_sha256") else ""
        out.append(ScannedPage(page.get("blob"), text, page.get("confidence"),
                               page.get("rotation", 0), page.get("method", ""),
                               None if source_sha in ("", "None") else source_sha,
                               int(source_idx) if source_idx.isdigit() else None,
                               page.get("source_name")))
    return out


def apply_entry(conn: sqlite3.Connection, case_id: int | None, number: str, e: ChainEntry,
                text_for: TextFor) -> int:
    """Apply one court log entry through the service's projection and store the entry in the
    local log verbatim (its hash is the court's). Returns the local case id (new for
    case.created). The caller holds the transaction."""
    p = e.data()
    extra = None
    if e.action == INTAKE_PAGES:
        # Pages the desk indexed from the PDF's own text layer (derived, unlogged) give way to
        # the scanned pages the log names.
        for (pid,) in conn.execute("SELECT id FROM pages WHERE document_id = ?",
                                   (p["document_id"],)).fetchall():
            fulltext.unindex_page(conn, pid)
        conn.execute("DELETE FROM pages WHERE document_id = ?", (p["document_id"],))
        extra = _scanned_pages(p, text_for)
    case_id = projection.apply(conn, case_id, e.action, p, e.at, extra)
    if case_id is None:
        raise NotFound(Text(f"{number}: 日志的第一条不是立案",
                            f"{number}: the chain does not start with case.created"))
    projection.insert_log_rows(conn, case_id, [{
        "seq": e.seq, "at": e.at, "action": e.action, "payload": e.payload,
        "prev_hash": e.prev_hash, "hash": e.hash, "actor": e.actor}])
    conn.execute("UPDATE cases SET log_head = ?, log_count = ? WHERE id = ?", (e.hash, e.seq, case_id))
    return case_id


def _delete_case_rows(conn: sqlite3.Connection, case_id: int) -> None:
    pages = [r[0] for r in conn.execute(
        "SELECT p.id FROM pages p JOIN documents d ON d.id = p.document_id WHERE d.case_id = ?",
        (case_id,))]
    for pid in pages:
        fulltext.unindex_page(conn, pid)
    conn.execute("DELETE FROM pages WHERE document_id IN (SELECT id FROM documents WHERE case_id = ?)",
                 (case_id,))
    # The service and preservation queues' rows (issue 13) refer to documents: they go first.
    for table in ("delivery_attempts", "delivery_tasks", "preservation_measures",
                  "preservation_matters", "documents", "events", "parties", "log"):
        conn.execute(f"DELETE FROM {table} WHERE case_id = ?", (case_id,))
    conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))


def _undo_entry(conn: sqlite3.Connection, case_id: int, e: ChainEntry) -> None:
    """Remove what one local entry put into the tables (the inverse of apply_entry), so that a
    desk's entries the court re-chained or refused can give way to the court's suffix."""
    p = e.data()
    if e.action == "event.recorded":
        conn.execute("UPDATE documents SET event_id = NULL WHERE event_id = ?", (p.get("event_id"),))
        conn.execute("DELETE FROM events WHERE id = ? AND case_id = ?", (p.get("event_id"), case_id))
    elif e.action in ("document.filed", "intake.pages"):
        doc_id = p.get("document_id")
        for (pid,) in conn.execute("SELECT id FROM pages WHERE document_id = ?", (doc_id,)).fetchall():
            fulltext.unindex_page(conn, pid)
        conn.execute("DELETE FROM pages WHERE document_id = ?", (doc_id,))
        if e.action == "document.filed":
            conn.execute("DELETE FROM documents WHERE id = ? AND case_id = ?", (doc_id, case_id))
    elif e.action == ELEMENT_CONFIRMED:
        projection.set_element(conn, case_id, p["key"], p.get("previous"),
                               p.get("previous_confirmation"), e.at)


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
        projection.refresh_status(conn, case_id, tail[-1].at if tail else local[-1].at)  # type: ignore[arg-type]
        return how

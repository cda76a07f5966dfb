"""The full-text index's rows (FTS5 table `pages_fts`): how page text is normalised and written.

Only the service writes here, inside the transaction that files or imports the pages; `search`
reads (the service and `intake/search.py` expose it).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass

_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")


def normalise(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"\s+", "", t)
    return _THOUSANDS.sub("", t).lower()


def index_page(conn: sqlite3.Connection, page_id: int, text: str) -> None:
    """Index one page; the caller holds the transaction that inserted it."""
    conn.execute("INSERT INTO pages_fts(rowid, body) VALUES (?, ?)", (page_id, normalise(text)))


def unindex_page(conn: sqlite3.Connection, page_id: int) -> None:
    conn.execute("DELETE FROM pages_fts WHERE rowid = ?", (page_id,))


@dataclass(frozen=True)
class Hit:
    page_id: int
    document_id: int
    page: int            # 1-based page within the document
    case_id: int
    case_number: str
    title: str
    category: str
    snippet: str


def _snippet(body: str, terms: list[str], width: int = 24) -> str:
    pos = min((body.find(t) for t in terms if body.find(t) >= 0), default=0)
    start = max(0, pos - width)
    end = min(len(body), pos + width + max((len(t) for t in terms), default=0))
    return ("…" if start else "") + body[start:end] + ("…" if end < len(body) else "")


def search(conn: sqlite3.Connection, query: str, *, limit: int = 50,
           case_id: int | None = None) -> list[Hit]:
    """Pages containing every whitespace-separated term of `query`, newest first."""
    terms = [normalise(t) for t in query.split()]
    terms = [t for t in terms if t]
    if not terms:
        return []
    long_terms = [t for t in terms if len(t) >= 3]
    short = [t for t in terms if len(t) < 3]
    where: list[str] = []
    params: list[object] = []
    if long_terms:
        # Each term a phrase ("…" with inner quotes doubled): trigram phrases are substrings.
        where.append("pages_fts MATCH ?")
        params.append(" AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms))
    for t in short:
        where.append("instr(pages_fts.body, ?) > 0")
        params.append(t)
    if case_id is not None:
        where.append("d.case_id = ?")
        params.append(case_id)
    # Newest pages first. Ranking by bm25 would score every match before the LIMIT applies (50 ms
    # for a common phrase over 10,000 pages); rowid order lets FTS5 stop at the limit.
    order = " ORDER BY pages_fts.rowid DESC" if long_terms else ""
    sql = ("SELECT p.id, p.document_id, p.idx, d.case_id, c.number, d.title, d.category,"
           " pages_fts.body FROM pages_fts JOIN pages p ON p.id = pages_fts.rowid"
           " JOIN documents d ON d.id = p.document_id JOIN cases c ON c.id = d.case_id"
           f" WHERE {' AND '.join(where)}{order} LIMIT ?")
    rows = conn.execute(sql, [*params, limit]).fetchall()
    return [Hit(r[0], r[1], r[2] + 1, r[3], r[4], r[5], r[6], _snippet(r[7], terms)) for r in rows]

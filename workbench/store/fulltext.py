"""Full-text search over every page of every case, Chinese included.

Two SQLite FTS5 indexes, neither needing a word segmenter (Chinese has no spaces to split on, and
a segmenter would miss names it does not know — exactly the words a clerk searches for):
- `pages_fts`, trigram tokenizer: every run of three characters is a term, so a query term of
  three or more characters is a phrase of trigrams; it also keeps the normalised text, for the
  snippet and for exact checks.
- `pages_ngram`, every character and every pair of adjacent characters as a term (written by us
  as space-separated tokens), contentless and without positions (detail=none): a one- or
  two-character term (a surname, 欧阳, an amount's digits) is one term lookup, where the trigram
  index would have to scan every page. Most Chinese names a clerk types are two characters.
A query is driven by its rarest index term (probed with a capped count), and every query term is
checked exactly against the page's normalised text; pages come newest first, so SQLite stops at
the limit instead of ranking every match.
Page text is indexed normalised — NFKC, no whitespace, no thousands separators, lower case — and
queries are normalised the same way, so 50,000 finds 50000 and （2026） finds (2026), and a line
broken by OCR or by the layout still matches.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import Iterable


_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")


def normalise(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"\s+", "", t)
    return _THOUSANDS.sub("", t).lower()


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


def grams(body: str) -> str:
    """The n-gram index's terms of a normalised text: each character and each adjacent pair."""
    return " ".join([*body, *(body[i:i + 2] for i in range(len(body) - 1))])


def index_rows(pages: Iterable[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """(page id, normalised body, n-gram terms) for index_page_rows."""
    out = []
    for page_id, text in pages:
        body = normalise(text)
        out.append((page_id, body, grams(body)))
    return out


def index_page_rows(conn: sqlite3.Connection, rows: list[tuple[int, str, str]]) -> None:
    """Every SQL write of the search index on filing; the caller holds the transaction."""
    conn.executemany("INSERT INTO pages_fts(rowid, body) VALUES (?, ?)",
                     [(i, body) for i, body, _ in rows])
    conn.executemany("INSERT INTO pages_ngram(rowid, grams) VALUES (?, ?)",
                     [(i, g) for i, _, g in rows])


def index_page(conn: sqlite3.Connection, page_id: int, text: str) -> None:
    """Index one page; the caller holds the transaction that inserted it."""
    index_page_rows(conn, index_rows([(page_id, text)]))


def unindex_page(conn: sqlite3.Connection, page_id: int) -> None:
    """Remove a page from both indexes (the contentless n-gram index is told its old terms)."""
    row = conn.execute("SELECT body FROM pages_fts WHERE rowid = ?", (page_id,)).fetchone()
    if row is None:
        return
    conn.execute("INSERT INTO pages_ngram(pages_ngram, rowid, grams) VALUES ('delete', ?, ?)",
                 (page_id, grams(row[0])))
    conn.execute("DELETE FROM pages_fts WHERE rowid = ?", (page_id,))


def _snippet(body: str, terms: list[str], width: int = 24) -> str:
    pos = min((body.find(t) for t in terms if body.find(t) >= 0), default=0)
    start = max(0, pos - width)
    end = min(len(body), pos + width + max((len(t) for t in terms), default=0))
    return ("…" if start else "") + body[start:end] + ("…" if end < len(body) else "")


# A term is probed for how many pages hold it, counting no further than this: enough to tell a
# rare term (a name, an amount's digits) from boilerplate every page shares.
PROBE_CAP = 256


def _probe(conn: sqlite3.Connection, table: str, token: str) -> int:
    return conn.execute(f"SELECT count(*) FROM (SELECT rowid FROM {table} WHERE {table} MATCH ?"
                        f" ORDER BY rowid DESC LIMIT {PROBE_CAP})", (_quote(token),)).fetchone()[0]


def plan(conn: sqlite3.Connection, terms: list[str]) -> list[tuple[str, str, int]]:
    """(index, index term, pages holding it up to PROBE_CAP) for every index term the query's
    terms consist of — trigrams of terms of three characters or more, the term itself for one or
    two — rarest first."""
    cands: dict[tuple[str, str], int] = {}
    for t in terms:
        keys = [("pages_fts", t[i:i + 3]) for i in range(len(t) - 2)] if len(t) >= 3 else \
            [("pages_ngram", t)]
        for k in keys:
            if k not in cands:
                cands[k] = _probe(conn, *k)
                if cands[k] == 0:  # a term no page holds: nothing can match
                    return [(k[0], k[1], 0)]
    return sorted(((tab, tok, n) for (tab, tok), n in cands.items()), key=lambda x: x[2])


def search(conn: sqlite3.Connection, query: str, *, limit: int = 50,
           case_id: int | None = None) -> list[Hit]:
    """Pages containing every whitespace-separated term of `query`, newest first.

    The rarest index term drives the query (a phrase query over trigrams every page shares — the
    （2026）苏0583民初 of a case number — would walk every page), and each query term is then checked
    exactly against the page's normalised text."""
    terms = [normalise(t) for t in query.split()]
    terms = [t for t in terms if t]
    if not terms:
        return []
    steps = plan(conn, terms)
    if steps[0][2] == 0:
        return []
    driver = steps[0][0]
    # The rarest term alone drives: FTS5 intersecting it with a common term walks the common
    # term's whole list in descending order (1.2 s at 1,000,000 pages for a case number).
    tokens = [steps[0][1]]
    where = [f"{driver} MATCH ?"]
    params: list[object] = [" AND ".join(_quote(t) for t in tokens)]
    for t in terms:
        where.append("instr(pages_fts.body, ?) > 0")
        params.append(t)
    if case_id is not None:
        where.append("d.case_id = ?")
        params.append(case_id)
    source = "pages_fts" if driver == "pages_fts" else \
        "pages_ngram JOIN pages_fts ON pages_fts.rowid = pages_ngram.rowid"
    # Newest pages first. Ranking by bm25 would score every match before the LIMIT applies (50 ms
    # for a common phrase over 10,000 pages); rowid order lets FTS5 stop at the limit.
    sql = ("SELECT p.id, p.document_id, p.idx, d.case_id, c.number, d.title, d.category,"
           f" pages_fts.body FROM {source} JOIN pages p ON p.id = {driver}.rowid"
           " JOIN documents d ON d.id = p.document_id JOIN cases c ON c.id = d.case_id"
           f" WHERE {' AND '.join(where)} ORDER BY {driver}.rowid DESC LIMIT ?")
    rows = conn.execute(sql, [*params, limit]).fetchall()
    return [Hit(r[0], r[1], r[2] + 1, r[3], r[4], r[5], r[6], _snippet(r[7], terms)) for r in rows]


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'

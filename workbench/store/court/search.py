"""Full-text search over the whole court's scanned pages, in the court store.

A page's OCR text lives in the store as a blob named by its SHA-256, which the case's
`intake.pages` entry records. The search reads through the log and the blobs under the desk's
own login, so row-level security decides what it finds: a judge finds words only in the cases
the judge may read, a president in every case. It scans the texts (position(), which is exact
for Chinese, where PostgreSQL's word parser finds no words): measured in the tests' court and
stated in the README; an indexed table is the change for a court of millions of pages."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from ...errors import Text, UserError

SNIPPET = 24  # characters either side of the hit
MAX_QUERY = 200

# The texts are decoded one by one, each after its hash was matched to a page (a LATERAL subquery
# kept unflattened by OFFSET 0): pushed down onto court.blobs, the filter would decode page
# images and PDFs as UTF-8 and fail.
_SQL = """
SELECT l.case_number, (l.payload::jsonb ->> 'document_id')::bigint AS document_id,
       coalesce(d.payload::jsonb ->> 'title', '') AS title, (p ->> 'page')::int AS page, t.text
  FROM court.log l
  CROSS JOIN LATERAL jsonb_array_elements(l.payload::jsonb -> 'pages') AS p
  CROSS JOIN LATERAL (SELECT convert_from(b.data, 'UTF8') AS text FROM court.blobs b
                       WHERE b.sha = p ->> 'text_sha256' OFFSET 0) AS t
  LEFT JOIN court.log d ON d.case_number = l.case_number AND d.action = 'document.filed'
       AND d.payload::jsonb ->> 'document_id' = l.payload::jsonb ->> 'document_id'
 WHERE l.action = 'intake.pages' AND position(%(q)s IN t.text) > 0
 ORDER BY l.case_number DESC, l.seq, page
 LIMIT %(limit)s
"""


@dataclass(frozen=True)
class CourtHit:
    case_number: str
    document_id: int
    title: str
    page: int  # the page of the document, from 1
    snippet: str


def check_query(query: str) -> str:
    q = " ".join((query or "").split())
    if not q:
        raise UserError(Text("请输入要查找的文字", "give the text to search for"))
    if len(q) > MAX_QUERY:
        raise UserError(Text(f"查找的文字过长（最多 {MAX_QUERY} 字）",
                             f"the search text is too long (at most {MAX_QUERY} characters)"))
    return q


def _snippet(text: str, q: str) -> str:
    flat = " ".join(text.split())
    i = flat.find(q)
    if i < 0:  # the hit spans a line break that the flattening removed
        return flat[: 2 * SNIPPET + len(q)]
    lo, hi = max(0, i - SNIPPET), min(len(flat), i + len(q) + SNIPPET)
    return ("…" if lo else "") + flat[lo:hi] + ("…" if hi < len(flat) else "")


def search_court(conn: psycopg.Connection, query: str, *, limit: int = 50) -> list[CourtHit]:
    """The pages of every case this login may read whose text holds `query`, newest cases first."""
    q = check_query(query)
    rows = conn.execute(_SQL, {"q": q, "limit": max(1, min(int(limit), 1000))}).fetchall()
    return [CourtHit(n, int(doc), title, int(page), _snippet(text, q))
            for n, doc, title, page, text in rows]

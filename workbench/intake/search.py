"""Full-text search over every page of every case, Chinese included.

SQLite FTS5 with the trigram tokenizer: every run of three characters is a term, so any substring
of three or more characters is found with no word segmenter (Chinese has no spaces to split on,
and a segmenter would miss names it does not know — exactly the words a clerk searches for).
Shorter queries (a one- or two-character name such as 王伟) use a second index of single
characters and adjacent pairs (store/fulltext.py). Page text is indexed normalised — NFKC, no whitespace, no thousands separators,
lower case — and queries are normalised the same way, so 50,000 finds 50000 and （2026） finds
(2026), and a line broken by OCR or by the layout still matches.
"""

from __future__ import annotations

import io
import sqlite3
from typing import TYPE_CHECKING

from ..store.fulltext import Hit, normalise, search
from ..tasks import CancelToken, ProgressFn, check, report

if TYPE_CHECKING:
    from ..service import Workbench

__all__ = ["Hit", "normalise", "search", "unindexed_documents", "ensure_indexed"]


def unindexed_documents(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute(
        "SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE"
        " p.document_id = d.id) ORDER BY d.id")]


def ensure_indexed(wb: "Workbench", *, progress: ProgressFn | None = None,
                   cancel: CancelToken | None = None) -> int:
    """Give documents filed without page rows (generated or attached PDFs) their pages from the
    PDF's own text layer. Derived data only — the document and its log entry are untouched — so
    this needs no log entry; one transaction per document. Returns the number indexed."""
    from pypdf import PdfReader

    todo = unindexed_documents(wb.db.conn)
    for i, doc_id in enumerate(todo):
        check(cancel)
        report(progress, i, len(todo), f"#{doc_id}")
        blob = wb.db.one("SELECT blob FROM documents WHERE id = ?", (doc_id,))[0]
        try:
            texts = [p.extract_text() or "" for p in PdfReader(io.BytesIO(wb.blobs.get(blob))).pages]
        except Exception:  # noqa: BLE001 - an unreadable PDF is indexed as empty, not fatal
            texts = [""]
        wb.index_document_text(doc_id, texts)
    report(progress, len(todo), len(todo), "")
    return len(todo)

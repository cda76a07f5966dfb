"""Intake: from a stack of scans or a lawyer's PDFs to catalogued, searchable documents.

    proposal = propose(wb, paths)        # import, orient, OCR, split, classify, match; writes nothing
    accept(wb, proposal, documents)      # file them: PDFs, pages, search index, hash chain
    search.search(wb.db.conn, "王建国 50000")   # every page of every case

Modules: importers (files → pages), ocr (rapidocr-onnxruntime, orientation, blank pages, QR),
separators (separator sheets), splitting, classify, matching, proposal (the clerk's edits),
filing, search, pipeline (the whole run), commands (CLI).
"""

from __future__ import annotations

from .pipeline import accept, propose

__all__ = ["accept", "propose"]

"""The service's writes for the capabilities: hearing transcripts, intake filing, the search
index and imported archive packages. Same funnel as the rest (`Workbench._txn`)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Callable

from ..errors import Text, UserError
from ..store import eventlog
from . import projection
from .records import (DOCUMENT_FILED, INTAKE_PAGES, RECORD_FILED, TRANSCRIPT_SAVED, ReadyDocument,
                      ScannedFiling, document_payload)
from .registry import write

if TYPE_CHECKING:
    from datetime import date

    from ..cases.records import Case

    from .change import Txn


def _file_one(tx: "Txn", cid: int, f: ScannedFiling) -> int:
    """One scanned document and its pages into case `cid` (two log entries)."""
    doc_id = tx.new_id("documents")
    tx.record(cid, DOCUMENT_FILED, document_payload(doc_id, f.document, f.doc_date, None))
    rows = [{"page": k + 1, "blob": p.blob, "rotation": p.rotation,
             "source": f"{p.source_sha}#{p.source_page}", "method": p.method,
             "text_sha256": hashlib.sha256(p.text.encode("utf-8")).hexdigest(),
             # in the log so that verify's replay checks them too (service/audit.py)
             "confidence": p.confidence, "source_name": p.source_name or ""}
            for k, p in enumerate(f.pages)]
    tx.record(cid, INTAKE_PAGES,
              {"document_id": doc_id, "category": f.document.category, "how": f.how,
               "confidence": f.confidence, "pages": rows}, extra=f.pages)
    if f.correction is not None:
        court, signature, category, kind = f.correction
        projection.remember_correction(tx.conn, court, signature, category, kind, tx.at)
    return doc_id


def _last_transcript(tx: "Txn", case_id: int) -> str | None:
    row = tx.conn.execute(
        "SELECT payload FROM log WHERE case_id = ? AND action IN (?, ?) ORDER BY seq DESC LIMIT 1",
        (case_id, TRANSCRIPT_SAVED, RECORD_FILED)).fetchone()
    if row is None:
        return None
    import json
    return json.loads(row[0]).get("transcript_blob")


class MoreWrites:
    db: Any
    blobs: Any

    # ---- hearing -------------------------------------------------------------------------------
    @write()
    def save_transcript_version(self, ref: str | int, transcript_blob: str, audio_blob: str, *,
                                utterances: int, edited: int, actor: str | None = None,
                                ) -> tuple[eventlog.LogEntry | None, str | None]:
        """Keep a version of a hearing transcript (already in the blob store) in the case file.
        Returns (the entry, the previous version's blob); (None, blob) if it is unchanged."""
        case_id = self.case_id(ref)  # type: ignore[attr-defined]
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            tx.writable(case_id)
            previous = _last_transcript(tx, case_id)
            if previous == transcript_blob:
                return None, previous
            entry = tx.record(case_id, TRANSCRIPT_SAVED,
                              {"transcript_blob": transcript_blob, "audio_blob": audio_blob,
                               "previous": previous, "utterances": utterances, "edited": edited})
            return entry, previous

    @write()
    def file_hearing_record(self, ref: str | int, pdf: bytes, *, category: str, title: str,
                            on: "date", transcript_blob: str, audio_blob: str,
                            header: dict, actor: str | None = None,
                            ) -> tuple[int, eventlog.LogEntry]:
        """File the 庭审笔录 PDF and link it to its transcript and audio, all or nothing."""
        from ..efile import catalogue as cat
        from ..efile.pdfcheck import pdf_page_count

        case = self.case(ref)  # type: ignore[attr-defined]
        self.ensure_writable(case)  # type: ignore[attr-defined]
        c = cat.category(category)
        doc = ReadyDocument(c.volume, c.key, title, case.court_name, 0, self.blobs.put(pdf),
                            pdf_page_count(pdf, title), "attached", "")
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            previous = _last_transcript(tx, case.id)
            doc_id = tx.new_id("documents")
            tx.record(case.id, DOCUMENT_FILED, document_payload(doc_id, doc, on.isoformat(), None))
            entry = tx.record(case.id, RECORD_FILED,
                              {"document_id": doc_id, "transcript_blob": transcript_blob,
                               "audio_blob": audio_blob, "previous": previous, "header": header})
            return doc_id, entry

    # ---- intake --------------------------------------------------------------------------------
    @write()
    def file_scanned(self, filings: list[ScannedFiling], *, actor: str | None = None) -> list[int]:
        """File an intake batch (documents with their pages, possibly of several cases) in one
        transaction; returns the document ids in order."""
        case_ids = {f.case_number: self.case_id(f.case_number) for f in filings}  # type: ignore[attr-defined]
        for cid in case_ids.values():
            self.ensure_writable(cid)  # type: ignore[attr-defined]
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            return [_file_one(tx, case_ids[f.case_number], f) for f in filings]

    @write("create")
    def register_scanned_case(self, case: "Case", filings: list[ScannedFiling], *,
                              actor: str | None = None) -> "Case":
        """Register a case proposed from its scanned complaint (立案前扫描): create it, record its
        filing (立案) on its filing date, and file the scans into its e-file — one transaction,
        so a failure leaves neither the case nor any of its documents. A number that exists
        (archived or not) is refused before anything is written."""
        from ..cases.casejson import case_from_json, case_to_json

        case, _ = case_from_json(case_to_json(case))
        for f in filings:
            if f.case_number != case.number:
                raise UserError(Text(f"扫描件属于 {f.case_number}，不是新案 {case.number}",
                                     f"a scan is addressed to {f.case_number}, not the new case {case.number}"))
        if self.has_case(case.number):  # type: ignore[attr-defined]
            raise UserError(Text(f"案号已存在：{case.number}", f"case already exists: {case.number}"),
                            field="case_number")
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            case.id = tx.create_case(case_to_json(case))
            self._commit_event(tx, case.id, "filed", case.filed_on, None, {}, [])  # type: ignore[attr-defined]
            for f in filings:
                _file_one(tx, case.id, f)
        return self.case(case.number)  # type: ignore[attr-defined]

    @write("derived")
    def index_document_text(self, document_id: int, texts: list[str]) -> None:
        """Give a document filed without page rows its pages from the PDF's text layer (derived
        data for search: no log entry, the document untouched)."""
        with self.db.transaction() as conn:
            if conn.execute("SELECT 1 FROM pages WHERE document_id = ?", (document_id,)).fetchone():
                return
            projection.index_text_layer(conn, document_id, texts)

    # ---- archive packages ----------------------------------------------------------------------
    @write("create")
    def import_package_rows(self, tables: dict[str, list[dict]], log: list[dict], *,
                            renumbered: set[str], decode: Callable[[Any], Any],
                            check: Callable[[int], None]) -> int:
        """Insert an archive package's rows and log entries verbatim (the chain head stays the
        package's), then `check(case_id)` inside the same transaction: it raises to undo."""
        number = tables["cases"][0].get("number")
        with self.db.transaction() as conn:
            if conn.execute("SELECT 1 FROM cases WHERE number = ?", (number,)).fetchone():
                raise UserError(Text(f"案号已存在：{number}", f"case already exists: {number}"), field="case_number")
            case_id = projection.insert_package(conn, tables, log, renumbered=renumbered,
                                                decode=decode)
            check(case_id)
        return case_id

"""The records the service's write methods take and return, and the names of the log actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..cases.records import Event

# Log actions (the entry kinds the projection knows). Capabilities name them through these
# constants, never by literal, so that a replicated entry means the same thing on every desk.
CASE_CREATED = "case.created"
EVENT_RECORDED = "event.recorded"
DOCUMENT_FILED = "document.filed"
INTAKE_PAGES = "intake.pages"
TRANSCRIPT_SAVED = "hearing.transcript_saved"
RECORD_FILED = "hearing.record_filed"
# The judge confirmed (or corrected) one element of the case (要素确认), with its sources.
ELEMENT_CONFIRMED = "elements.confirmed"


@dataclass
class ReadyDocument:
    """A document rendered or read, its bytes already in the blob store, waiting to be filed."""
    volume: str
    category: str
    title: str
    author: str
    rank: int
    blob: str
    page_count: int
    source: str
    filename: str = ""


@dataclass
class RecordResult:
    event: Event | None
    document_ids: list[int] = field(default_factory=list)
    note: str = ""


@dataclass
class ScannedPage:
    """One page of a scanned or imported document: its image blob (if any) and recognised text.
    The text is derived data kept beside the log, not in it (the log holds its SHA-256); the
    confidence and source name are in the log's entry."""
    blob: str | None
    text: str
    confidence: float | None
    rotation: int
    method: str
    source_sha: str | None
    source_page: int | None
    source_name: str | None


@dataclass
class ScannedFiling:
    """One document of an intake batch, ready to be filed with its pages."""
    case_number: str
    document: ReadyDocument
    doc_date: str
    pages: list[ScannedPage]
    how: str = ""
    confidence: float | None = None
    # (court, signature, category, kind) when the clerk corrected the proposed category.
    correction: tuple[str, str, str, str] | None = None


def document_payload(document_id: int, d: ReadyDocument, doc_date: str,
                     event_id: int | None) -> dict[str, Any]:
    return {"document_id": document_id, "volume": d.volume, "category": d.category, "rank": d.rank,
            "title": d.title, "author": d.author, "date": doc_date, "blob": d.blob,
            "page_count": d.page_count, "source": d.source, "event_id": event_id,
            "filename": d.filename}

"""What the case file says, page by page: each document of the 正卷 with its readable text per
page, its kind (complaint, answer, hearing record, or a kind of evidence: 借条, 转账凭证,
事故认定书…) and the side that filed it, for the element extraction and the draft's sources.

The text comes from the store (the OCR of a scan, or the text layer kept for search) through the
service's read API, else from the PDF's own text layer. The kinds are data
(`resources/drafting/extraction.json`, "documents"): by catalogue category, then by words of the
title or of the first lines of the first page.
"""

from __future__ import annotations

import io
import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from ..cases.records import Case
from ..resources import resource
from ..tasks import CancelToken, ProgressFn, check, report

__all__ = ["CaseFile", "FiledDocument", "Utterance", "document_kinds", "extraction_rules",
           "pdf_page_texts", "read_case_file", "utterances"]

log = logging.getLogger(__name__)


@lru_cache(maxsize=2)
def _rules(path: str, _mtime: int) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def extraction_rules() -> dict[str, Any]:
    """The extraction rules (re-read when a court edits the file)."""
    path = resource("drafting", "extraction.json")
    return _rules(str(path), path.stat().st_mtime_ns)


def document_kinds() -> dict[str, dict[str, Any]]:
    return extraction_rules()["documents"]


def pdf_page_texts(data: bytes) -> list[str]:
    """The text layer of each page of a PDF; [] for a damaged one (it contributes nothing)."""
    from pypdf import PdfReader
    try:
        return [(p.extract_text() or "") for p in PdfReader(io.BytesIO(data), strict=False).pages]
    except Exception as e:  # a damaged PDF must not stop the draft
        log.warning("cannot read PDF text: %s", e)
        return []


@dataclass
class FiledDocument:
    """One document of the file: where it sits, what kind it is, who filed it, its pages' text."""
    id: int
    title: str
    category: str
    kind: str               # a key of extraction.json "documents"
    side: str               # plaintiff | defendant | court | unknown
    pages: list[str]
    author: str = ""
    first_page: int | None = None  # the volume's page number of its first page
    volume: str = "正卷"

    @property
    def name(self) -> str:
        """The kind's Chinese name (借条), or the title."""
        return document_kinds().get(self.kind, {}).get("name") or self.title

    def file_page(self, page: int) -> int | None:
        """The volume's page number of this document's page `page` (1-based)."""
        return None if self.first_page is None else self.first_page + page - 1


@dataclass(frozen=True)
class Utterance:
    """One speaker's turn in a hearing record."""
    side: str   # plaintiff | defendant | court | other
    speaker: str
    text: str
    page: int


@dataclass
class CaseFile:
    documents: list[FiledDocument] = field(default_factory=list)

    def of_kind(self, *kinds: str) -> list[FiledDocument]:
        return [d for d in self.documents if d.kind in kinds]

    def document(self, document_id: int) -> FiledDocument | None:
        return next((d for d in self.documents if d.id == document_id), None)

    @property
    def complaint(self) -> FiledDocument | None:
        return next(iter(self.of_kind("complaint")), None)

    @property
    def answers(self) -> list[FiledDocument]:
        return self.of_kind("answer")

    @property
    def hearing_record(self) -> FiledDocument | None:
        records = self.of_kind("hearing_record")
        return records[-1] if records else None  # the latest record is the fullest


def classify(category: str, title: str, first_page: str) -> str:
    """The document's kind: the first kind of its category whose words are in its title, else
    in the heading of its first page (its first lines: an evidence list that names a 借条 in
    its rows is not a 借条), else the category's general kind."""
    lines = [ln.strip() for ln in first_page.splitlines() if ln.strip()]
    head = "".join(ln for ln in lines[:3] if len(ln) <= 40 and not ln.startswith("【"))
    kinds = [(k, s) for k, s in document_kinds().items()
             if not s.get("categories") or category in s["categories"]]
    for where in (title, head):
        for key, spec in kinds:
            if any(w in where for w in spec.get("titles", ())):
                return key
    return next((k for k, s in kinds if not s.get("titles")), "other")


def _side(case: Case, kind: str, author: str) -> str:
    side = document_kinds().get(kind, {}).get("side")
    if side in ("plaintiff", "defendant", "court"):
        return side
    party = case.party(author) if author else None
    if party is not None:
        return party.role
    return "unknown"


def read_case_file(wb: Any, ref: str | int, *, volume: str = "正卷",
                   progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> CaseFile:
    """Every document of a volume in catalogue order, with its text page by page."""
    case = wb.case(ref)
    out = CaseFile()
    entries = wb.catalogue(case.id, volume)
    for i, e in enumerate(entries):
        check(cancel)
        report(progress, i, len(entries), e.title)
        pages = wb.stored_page_texts(e.document_id)
        if not any(p.strip() for p in pages):
            pages = pdf_page_texts(wb.document_pdf(e.document_id))
        kind = classify(e.category, e.title, pages[0] if pages else "")
        out.documents.append(FiledDocument(e.document_id, e.title, e.category, kind,
                                           _side(case, kind, e.author), pages, e.author,
                                           e.first_page, volume))
    report(progress, len(entries), len(entries), "")
    return out


_TURN = re.compile(r"^\s*(?:〔[0-9:：]{4,8}〕)?\s*(审判长|审判员|人民陪审员|书记员|原告|被告|第三人|证人)"
                   r"([^：:\n]{0,20})[：:]\s*")


_LABEL = re.compile(r"^\s*[\u4e00-\u9fff]{2,8}[：:]")


def utterances(doc: FiledDocument) -> Iterator[Utterance]:
    """The speakers' turns of a hearing record, lines a PDF wrapped joined again."""
    current: list[Any] | None = None
    for n, page in enumerate(doc.pages, 1):
        for line in page.splitlines():
            m = _TURN.match(line)
            if m:
                if current is not None:
                    yield Utterance(*current)
                role = m[1]
                side = {"原告": "plaintiff", "被告": "defendant"}.get(role, "court" if role in (
                    "审判长", "审判员", "人民陪审员", "书记员") else "other")
                current = [side, role + m[2], line[m.end():].strip(), n]
            elif current is not None and _LABEL.match(line):
                yield Utterance(*current)  # 同步录音：… after the dialogue ends the last turn
                current = None
            elif current is not None and line.strip():
                current[2] += line.strip()
    if current is not None:
        yield Utterance(*current)

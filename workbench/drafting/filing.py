"""The drafting module's side of the e-file: reading what the file holds (complaint, hearing
record) to fill the draft, and filing the finished judgment back into it.

A draft goes into the 副卷 under 裁判文书原本、签发稿 (category `original`); once issued, the
judgment goes into the 正卷 under `judgment` — through the `judgment_issued` event when that has
not been recorded yet, so that the pronouncement record is generated with it and the case's
status moves on, exactly as if a clerk had recorded the event with the PDF attached.
"""

from __future__ import annotations

import io
import re
import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pypdf import PdfReader

from ..store.blobs import sha256_bytes
from ..tasks import CancelToken, ProgressFn, check
from .casefile import CaseFile, read_case_file
from .document import Draft

__all__ = ["EfileText", "build_draft_for", "efile_text", "file_draft", "pdf_text", "unwrap"]

log = logging.getLogger(__name__)

DRAFT_TITLE = "{title}（签发稿）"


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, page by page; '' for a scan without one."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        return "\n".join((page.extract_text() or "") for page in reader.pages)
    except Exception as e:  # a damaged PDF must not stop the draft: it just contributes no text
        log.warning("cannot read PDF text: %s", e)
        return ""


_ENDS = tuple("。：:；;！!？?）)」』")
_LABEL = re.compile(r"[\u4e00-\u9fff]{1,8}[：:]")  # 案由：… / 被告：… starts a line of its own


def _width(line: str) -> float:
    """A line's printed width in em: a digit or Latin letter is about half a Chinese character."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in line)


def unwrap(text: str) -> str:
    """Rejoin the lines a PDF broke mid-sentence, so that copying a sentence into the draft does
    not copy the page's line breaks with it. A short line (a heading, a signature) or one that
    ends a sentence stays a line of its own."""
    lines = [ln.strip() for ln in text.splitlines()]
    width = max((_width(ln) for ln in lines), default=0)
    out: list[str] = []
    last = 0.0  # the width of the last line as printed (before any joining)
    for ln in lines:
        joined = (out and out[-1] and ln and last >= width * 0.8 and not out[-1].endswith(_ENDS)
                  and not _LABEL.match(ln))
        last = _width(ln)
        if joined:
            out[-1] += ln
        else:
            out.append(ln)
    return "\n".join(out)


PAGE_MARK = "〔{title} 第{page}页〕"


@dataclass
class EfileText:
    """The readable text of a case's e-file: each catalogue document (its pages marked), the two
    texts the draft used to read, and the file itself page by page (`file`)."""
    documents: list[dict[str, Any]] = field(default_factory=list)  # id, volume, category, title, text
    complaint: str | None = None
    hearing_record: str | None = None
    file: CaseFile = field(default_factory=CaseFile)

    @property
    def text(self) -> str:
        return "\n\n".join(f"【{d['title']}】\n{d['text']}" for d in self.documents)

    def offset(self, document_id: int, page: int = 1) -> int | None:
        """Where a document's page starts in `text` (for showing a source)."""
        at = 0
        for d in self.documents:
            head = f"【{d['title']}】\n"
            if d["id"] == document_id:
                mark = PAGE_MARK.format(title=d["title"], page=page)
                i = d["text"].find(mark)
                return at + len(head) + (i if i >= 0 and page > 1 else 0)
            at += len(head) + len(d["text"]) + 2
        return None


def efile_text(wb: Any, ref: str | int, *, volume: str = "正卷", progress: ProgressFn | None = None,
               cancel: CancelToken | None = None) -> EfileText:
    """Text of every document in a volume, in catalogue order (for the left pane of the editor),
    each page after the first marked 〔title 第n页〕."""
    out = EfileText(file=read_case_file(wb, ref, volume=volume, progress=progress, cancel=cancel))
    for d in out.file.documents:
        pages = [unwrap(p.strip()) for p in d.pages]
        text = "\n".join(p if n == 1 else PAGE_MARK.format(title=d.title, page=n) + "\n" + p
                         for n, p in enumerate(pages, 1)).strip()
        out.documents.append({"id": d.id, "volume": volume, "category": d.category,
                              "title": d.title, "first_page": d.first_page, "text": text})
        if d.category == "complaint" and out.complaint is None and text:
            out.complaint = text
        if d.category == "hearing_record" and text:
            out.hearing_record = text  # the latest record wins: it is the fullest
    return out


def build_draft_for(wb: Any, ref: str | int, *, progress: ProgressFn | None = None,
                    cancel: CancelToken | None = None, **options: Any) -> Draft:
    """The draft judgment of a stored case, filled from its record and from its file page by
    page: the elements the file states and the judge confirmed, the answer, the record."""
    from .judgment import build_judgment

    case = wb.case(ref)
    file = read_case_file(wb, case.id, progress=progress, cancel=cancel)
    check(cancel)
    if options.get("judgment_date") is None:
        # A judgment is dated the day it was pronounced (宣判), not the day it is typed.
        options["judgment_date"] = next((e.on for e in wb.events(case.id)
                                         if e.kind == "judgment_issued"), None)
    return build_judgment(case, file=file, **options)


def file_draft(wb: Any, ref: str | int, pdf: bytes, *, issued: bool = False,
               on: date | None = None, title: str = "民事判决书", kind: str = "judgment") -> int:
    """File the judgment's PDF; returns the document id. Filing the same bytes twice is a no-op
    (the earlier document's id is returned), so saving an unchanged draft again adds nothing."""
    case = wb.case(ref)
    volume, category = ("正卷", "judgment") if issued else ("副卷", "original")
    shown = title if issued else DRAFT_TITLE.format(title=title)
    sha = sha256_bytes(pdf)
    row = wb.db.one("SELECT id FROM documents WHERE case_id = ? AND volume = ? AND category = ? "
                    "AND blob = ?", (case.id, volume, category, sha))
    if row is not None:
        return int(row[0])
    on = on or date.today()
    if issued and kind == "judgment" and not any(e.kind == "judgment_issued"
                                                 for e in wb.events(case.id)):
        res = wb.record_event(case.id, "judgment_issued", on, attachment=pdf,
                              attachment_name=f"{shown}.pdf", data={"title": shown})
        doc_ids = [i for i in res.document_ids if wb.document(i)["blob"] == sha]
        return doc_ids[0]
    return wb.file_document(case.id, pdf, category, title=shown, author=case.court_name, on=on,
                            volume=volume)

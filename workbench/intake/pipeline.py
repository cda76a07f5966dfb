"""The whole intake of a batch, short of filing: import, read, split, classify, match.

`propose` returns a Proposal for the clerk (or the CLI) to accept; `accept` files what was
accepted. Progress is reported in three phases on one scale (import, reading, analysis), so
a progress bar moves steadily through a 300-page stack.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..tasks import CancelToken, ProgressFn, check
from . import classify, filing, importers, matching, ocr, splitting
from .proposal import Proposal, ProposedDocument
from ..errors import Text

if TYPE_CHECKING:
    from ..service import Workbench


def _phase(progress: ProgressFn | None, base: int, span: int, label: str) -> ProgressFn | None:
    if progress is None:
        return None

    def inner(done: int, total: int, message: str) -> None:
        frac = done / total if total else 1.0
        progress(base + int(frac * span), 100, Text(label) + " " + message if message else label)
    return inner


def court_of(wb: "Workbench") -> str:
    """The court whose corrections apply: the data directory is one court's profile."""
    from ..settings import Settings
    named = Settings.load(wb.data_dir).get("court.name")
    if named:
        return named
    row = wb.db.one("SELECT court_name, count(*) n FROM cases GROUP BY court_name ORDER BY n DESC LIMIT 1")
    return row[0] if row else ""


def analyse(proposal: Proposal, pages: list, index: matching.PartyIndex,
            corrections: dict[str, dict[str, int]], given: str | None = None,
            stack: bool = False) -> None:
    """Split read pages into documents (each file one or more, or the whole batch one stack),
    and classify and match each one."""
    parts = splitting.split_pages(pages, stack=stack)
    proposal.dropped = parts.dropped
    for seg in parts.segments:
        c = classify.classify(seg.pages, corrections)
        doc = ProposedDocument(pages=seg.pages, category=c.category, kind=c.kind, title=c.title,
                               confidence=c.confidence, signature=c.signature,
                               proposed_category=c.category, reasons=c.reasons)
        if seg.why:
            doc.reasons.append(f"分件：{seg.why}")
        if seg.separator is not None:
            doc.from_separator = True
            if seg.separator.category:
                # The sheet says what the document is; the classifier's title still names it.
                doc.category = doc.proposed_category = seg.separator.category
                doc.confidence = 1.0
                doc.reasons.insert(0, Text("分隔页指定类别", "category from the separator sheet"))
        m = matching.match_document(doc.text, index, separator=seg.separator, given=given)
        doc.case_number, doc.how, doc.detail, doc.candidates = (m.case_number, m.how, m.detail,
                                                                m.candidates)
        proposal.documents.append(doc)


def propose(wb: "Workbench", paths: Iterable[Path | str], *, case: str | None = None,
            workers: int | None = None, progress: ProgressFn | None = None,
            cancel: CancelToken | None = None,
            ocr_cache: dict[str, ocr.Reading] | None = None, stack: bool = False) -> Proposal:
    """Read a batch and propose its documents; writes nothing.

    Each file is a document boundary unless `stack` says the files are one scanned stack. Files
    that look like a scanner's one-page-per-file output are not treated as a stack unasked: the
    proposal says so (`stack_suggested`) and the clerk decides."""
    if case:
        case = wb.case(case).number  # refuse an unknown --case before reading anything
    result = importers.import_paths(paths, known_pages=filing.known_pages(wb),
                                    progress=_phase(progress, 0, 10, Text("导入", "import")), cancel=cancel)
    proposal = Proposal(files={f.sha: f for f in result.files}, problems=result.problems,
                        duplicates=result.duplicates, court=court_of(wb), stack=stack)
    if not stack and splitting.looks_like_scanner_output([(f.name, len(f.pages)) for f in result.files]):
        proposal.stack_suggested = True
    pages = result.pages
    ocr.read_pages(pages, workers=workers, progress=_phase(progress, 10, 85, Text("文字识别", "text recognition (OCR)")),
                   cancel=cancel, cache=ocr_cache)
    check(cancel)
    analyse(proposal, pages, matching.PartyIndex.load(wb.db.conn),
            classify.load_corrections(wb.db.conn, proposal.court), given=case, stack=stack)
    if progress is not None:
        progress(100, 100, "")
    return proposal


def auto_accepted(proposal: Proposal) -> list[ProposedDocument]:
    """What the CLI files without a clerk: a case found and a confident category."""
    return [d for d in proposal.documents if not d.flagged]


def accept(wb: "Workbench", proposal: Proposal, documents: list[ProposedDocument] | None = None,
           **kw) -> list[filing.Filed]:
    docs = auto_accepted(proposal) if documents is None else documents
    if not docs:
        return []
    return filing.file_documents(wb, proposal, docs, **kw)

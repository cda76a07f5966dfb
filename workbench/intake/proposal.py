"""The proposal the intake makes for a batch, and the clerk's edits to it.

A proposal is plain data: documents made of pages, each with a category, a confidence, a case (or
none) and how that case was found. The cataloguing view edits it through the functions here,
each of which returns what is needed to undo it, so the view's undo stack stays a thin layer and
the same edits can be tested without Qt. Nothing is written to the store until filing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .importers import ImportProblem, SourceFile, SourcePage

LOW_CONFIDENCE = 0.7


@dataclass
class ProposedDocument:
    pages: list[SourcePage]
    category: str | None = None     # catalogue key (workbench/efile/catalogue.py)
    kind: str = ""                  # what the document is, as titled (民事起诉状, 借条 …)
    title: str = ""
    confidence: float = 0.0
    case_number: str | None = None
    how: str | None = None          # separator | printed-number | id-number | party-names | given
    detail: str = ""
    candidates: list[str] = field(default_factory=list)
    signature: str = ""             # the title line the classifier keyed on (for corrections)
    proposed_category: str | None = None  # the classifier's proposal, to learn from changes
    reasons: list[str] = field(default_factory=list)
    from_separator: bool = False
    accepted: bool = False

    @property
    def flagged(self) -> bool:
        """Needs the clerk: no category, low confidence, or no case."""
        return self.category is None or self.confidence < LOW_CONFIDENCE or self.case_number is None

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)

    def page_range(self) -> str:
        """Pages as the clerk knows them: file name and page numbers within it (a.pdf#1-3)."""
        runs: list[list] = []  # [name, first, last]
        for p in self.pages:
            if runs and runs[-1][0] == p.source_name and runs[-1][2] == p.index:
                runs[-1][2] = p.index + 1
            else:
                runs.append([p.source_name, p.index + 1, p.index + 1])
        return ", ".join(f"{n}#{a}" if a == b else f"{n}#{a}-{b}" for n, a, b in runs)


@dataclass
class Proposal:
    documents: list[ProposedDocument] = field(default_factory=list)
    dropped: list[SourcePage] = field(default_factory=list)  # blank pages and separator sheets
    files: dict[str, SourceFile] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    duplicates: list[ImportProblem] = field(default_factory=list)
    court: str = ""
    stack: bool = False             # the files were read as one scanned stack
    # The files look like a scanner's one-page-per-file output (scan_0001.pdf …): offered to the
    # clerk as a stack (--stack / the view's checkbox), never applied unasked.
    stack_suggested: bool = False

    def locate(self, page: SourcePage) -> tuple[int, int]:
        for d, doc in enumerate(self.documents):
            for i, p in enumerate(doc.pages):
                if p is page:
                    return d, i
        raise ValueError("page not in the proposal")

    def flat(self) -> list[tuple[int, int, SourcePage]]:
        """(document, position, page) in stack order, as the page strip shows them."""
        return [(d, i, p) for d, doc in enumerate(self.documents) for i, p in enumerate(doc.pages)]


# ---- edits: each returns what undoes it ------------------------------------------------------
def split(prop: Proposal, doc: int, at: int) -> None:
    """Start a new document at page `at` of document `doc` (at > 0)."""
    d = prop.documents[doc]
    if not 0 < at < len(d.pages):
        raise ValueError("split point must be inside the document")
    tail = ProposedDocument(pages=d.pages[at:], category=d.category, kind=d.kind, title=d.title,
                            confidence=d.confidence, case_number=d.case_number, how=d.how,
                            detail=d.detail, signature="", proposed_category=d.category)
    d.pages = d.pages[:at]
    prop.documents.insert(doc + 1, tail)


def merge(prop: Proposal, doc: int) -> ProposedDocument:
    """Append document `doc` to the one before it; returns the removed document (for undo)."""
    if doc <= 0:
        raise ValueError("the first document has nothing before it")
    gone = prop.documents.pop(doc)
    prop.documents[doc - 1].pages.extend(gone.pages)
    return gone


def unmerge(prop: Proposal, doc: int, gone: ProposedDocument) -> None:
    prev = prop.documents[doc - 1]
    prev.pages = prev.pages[: len(prev.pages) - len(gone.pages)]
    prop.documents.insert(doc, gone)


def drop_page(prop: Proposal, doc: int, at: int) -> tuple[SourcePage, ProposedDocument | None]:
    """Move a page to the dropped list; a document left empty goes too (returned for undo)."""
    d = prop.documents[doc]
    page = d.pages.pop(at)
    prop.dropped.append(page)
    if not d.pages:
        prop.documents.pop(doc)
        return page, d
    return page, None


def undrop_page(prop: Proposal, doc: int, at: int, page: SourcePage,
                removed: ProposedDocument | None) -> None:
    prop.dropped.remove(page)
    if removed is not None:
        removed.pages = [page]
        prop.documents.insert(doc, removed)
    else:
        prop.documents[doc].pages.insert(at, page)


def rotate_page(page: SourcePage, degrees: int = 90) -> None:
    page.rotation = (page.rotation + degrees) % 360

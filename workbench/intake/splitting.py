"""Splitting a batch into documents.

Each file is a document boundary: a lawyer's USB stick holds one PDF per paper, and two files are
never glued into one document. Only when the clerk says the files are one scanned stack
(`stack=True`: a scanner's one-page-per-file output, or a batch fed through the scanner in one
go) are boundaries looked for across files. With separator sheets the stack says where each
document starts: every page after a sheet, up to the next sheet, is one document.

Inside a file, and across the files of a stack, a page starts a new document on page-level
evidence, strongest first:
1. page numbering: 第 1 页 / 1/3 opens one; 第 2 页 after 第 1 页 (or a previous 第 1 页 共 3 页)
   continues it, and the last page of 第 3 页 共 3 页 closes it;
2. a title line near the top (民事起诉状, 授权委托书, 送达回证 …);
3. the page before it was a paper that stands alone (an ID card copy, a bank slip, a transfer
   screenshot, an IOU …) or ended with a closing block (a signature and a date);
4. the classifier's view: the page opens a document, and it is of another kind than the
   document so far;
and at a blank sheet, which clerks put between documents (blank pages themselves are dropped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import features, separators
from .classify import opens_document, page_kind, title_of
from .importers import SourcePage
from ..errors import Text

# Papers that are one page each: a second page of the same kind is a second paper.
SINGLE_PAGE_KINDS = {"id_card", "business_licence", "bank_slip", "payment_screenshot", "iou",
                     "chat", "summons", "service_receipt", "law_firm_letter", "legal_rep_id"}
OPENS = 0.85        # the classifier's P(first page) that, with a change of kind, opens a document
KIND_SURE = 0.8


@dataclass
class Segment:
    pages: list[SourcePage] = field(default_factory=list)
    separator: separators.Separator | None = None
    why: str = ""                  # what opened it, for the clerk


@dataclass
class Split:
    segments: list[Segment]
    dropped: list[SourcePage]   # blank pages and the separator sheets themselves


@dataclass
class _PageView:
    page: SourcePage
    number: tuple[int, int | None] | None
    closes: bool
    title: bool
    kind: tuple[str, str, float] | None

    @classmethod
    def of(cls, page: SourcePage) -> "_PageView":
        lines = features.lines_of(page)
        return cls(page, features.page_number(lines), features.closes(lines),
                   title_of(page) is not None, page_kind(page))


def starts_document(prev: _PageView, here: _PageView, first: _PageView) -> tuple[bool, str]:
    """Whether `here` opens a new document after `prev` (whose document began at `first`)."""
    pn, pp = here.number, prev.number
    if pn is not None:
        if pn[0] == 1:
            return True, Text("页码为第1页", "page numbered 1")
        if pp is not None and pn[0] == pp[0] + 1:
            return False, ""
    if pp is not None and pp[1] is not None:
        if pp[0] >= pp[1]:
            return True, Text("上一页为末页", "the previous page was the last of its document")
        if pn is None or pn[0] == pp[0] + 1:
            return False, ""
    if here.title:
        return True, Text("标题行", "title line")
    if first.kind and first.kind[0] in SINGLE_PAGE_KINDS and first.kind[2] >= KIND_SURE:
        return True, Text("单页材料", "the previous paper is a single page")
    if prev.closes:
        return True, Text("上一页以签名、日期结束", "the previous page ends with a signature and date")
    if here.kind and first.kind and here.kind[0] != first.kind[0] and here.kind[2] >= KIND_SURE:
        p = opens_document(here.page)
        if p is not None and p >= OPENS:
            return True, Text("文书种类改变", "another kind of paper")
    return False, ""


def split_pages(pages: list[SourcePage], *, stack: bool = False) -> Split:
    segments: list[Segment] = []
    dropped: list[SourcePage] = []
    sheets = {id(p): separators.detect(p.codes) for p in pages}
    if any(sheets.values()):
        stack = True  # separator sheets are the clerk saying how the stack divides
    under_sheet = False  # inside a document opened by a separator sheet
    current: Segment | None = None
    prev: _PageView | None = None
    first: _PageView | None = None
    for page in pages:
        sep = sheets[id(page)]
        if sep is not None:
            page.separator = sep
            dropped.append(page)
            current = Segment(separator=sep, why=Text("分隔页", "separator sheet"))
            segments.append(current)
            under_sheet = True
            prev = None
            continue
        if page.blank:
            dropped.append(page)
            if not under_sheet:
                current = None  # a blank sheet ends the document before it
            continue
        here = _PageView.of(page)
        why = ""
        if current is None:
            why = Text("文件开始", "start of a file") if prev is None or not stack else Text("空白页之后",
                                                                                  "after a blank sheet")
        elif not under_sheet:
            new_file = prev is not None and (prev.page.source_sha, prev.page.source_name) != (
                page.source_sha, page.source_name)
            if new_file and not stack:
                why = Text("新文件", "a new file")
            elif prev is not None and first is not None:
                opened, why = starts_document(prev, here, first)
                if not opened:
                    why = ""
        if current is None or why:
            current = Segment(why=why or Text("文件开始", "start of a file"))
            segments.append(current)
            first = here
        current.pages.append(page)
        prev = here
    # A separator followed by nothing (two sheets in a row, or one at the end) makes no document.
    return Split([s for s in segments if s.pages], dropped)


_NUMBERED = re.compile(r"^(.*?)(\d{2,6})$")


def looks_like_scanner_output(names_pages: list[tuple[str, int]]) -> bool:
    """Whether files look like a scanner's one-page-per-file output: at least three files of one
    page each, named by one prefix and a running number (scan_0001.pdf, IMG_0002.jpg, 扫描0003)."""
    if len(names_pages) < 3 or any(n != 1 for _, n in names_pages):
        return False
    stems = [name.rsplit(".", 1)[0] for name, _ in names_pages]
    parsed = [_NUMBERED.match(s) for s in stems]
    if not all(parsed):
        return False
    prefixes = {m.group(1) for m in parsed if m}
    numbers = sorted(int(m.group(2)) for m in parsed if m)
    return len(prefixes) == 1 and numbers[-1] - numbers[0] == len(numbers) - 1

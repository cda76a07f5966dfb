"""Splitting a scanned stack into documents.

With separator sheets the stack says where each document starts: every page after a sheet, up to
the next sheet, is one document, whatever its pages look like. Without them, a new document
starts at a page that looks like a first page (a title line such as 民事起诉状 near the top) and
at a blank sheet, which clerks put between documents; blank pages themselves are dropped.
A page that only continues ("第2页", no title) stays with the document before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import separators
from .classify import looks_like_first_page
from .importers import SourcePage


@dataclass
class Segment:
    pages: list[SourcePage] = field(default_factory=list)
    separator: separators.Separator | None = None


@dataclass
class Split:
    segments: list[Segment]
    dropped: list[SourcePage]   # blank pages and the separator sheets themselves


def split_pages(pages: list[SourcePage]) -> Split:
    segments: list[Segment] = []
    dropped: list[SourcePage] = []
    under_sheet = False  # inside a document opened by a separator sheet
    current: Segment | None = None
    for page in pages:
        sep = separators.detect(page.codes)
        if sep is not None:
            page.separator = sep
            dropped.append(page)
            current = Segment(separator=sep)
            segments.append(current)
            under_sheet = True
            continue
        if page.blank:
            dropped.append(page)
            if not under_sheet:
                current = None  # a blank sheet ends the document before it
            continue
        if current is None or (not under_sheet and looks_like_first_page(page)):
            current = Segment()
            segments.append(current)
        current.pages.append(page)
    # A separator followed by nothing (two sheets in a row, or one at the end) makes no document.
    return Split([s for s in segments if s.pages], dropped)

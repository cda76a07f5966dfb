"""Assembly of a volume into one PDF: cover, catalogue, the documents with page numbers stamped
top-right, 备考表 and back cover, one bookmark per catalogue entry, and page labels that match
the file's own page numbers."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, NameObject)

from ..cases.records import Case
from ..law.numerals import chinese_date
from ..files import atomic_write_bytes
from ..tasks import CancelToken, ProgressFn, check, report
from .catalogue import CatalogueEntry
from .render import render_back_cover, render_catalogue, render_cover, render_notes_sheet
from ..errors import Text

PAGE_NO_FONT = NameObject("/WBPageNo")
MM = 72 / 25.4


@dataclass(frozen=True)
class VolumeExport:
    path: Path
    total_pages: int
    numbered_pages: int
    unnumbered_pages: int
    outline: list[tuple[str, int]]  # (title, 0-based page index)


def volume_header(case: Case, volume: str, page_total: int, concluded_on: date | None = None) -> dict:
    return {
        "court_name": case.court_name, "volume": volume, "case_number": case.number,
        "cause": case.cause, "plaintiffs": case.names("plaintiff"),
        "defendants": case.names("defendant"), "judge": case.judge, "clerk": case.clerk,
        "filed_on": chinese_date(case.filed_on),
        "concluded_on": chinese_date(concluded_on) if concluded_on else "",
        "page_total": page_total, "archive_no": case.extra.get("archive_no", ""),
    }


def _stamp_matrix(page) -> tuple[float, float, tuple[float, ...]]:
    """Displayed width, height and the matrix from displayed to user space, so the number sits
    top-right of the page as a reader sees it, whatever its /Rotate."""
    box = page.mediabox
    llx, lly = float(box.left), float(box.bottom)
    w, h = float(box.width), float(box.height)
    rot = int(page.get("/Rotate", 0) or 0) % 360
    if rot == 90:
        return h, w, (0, 1, -1, 0, llx + w, lly)
    if rot == 180:
        return w, h, (-1, 0, 0, -1, llx + w, lly + h)
    if rot == 270:
        return h, w, (0, -1, 1, 0, llx, lly + h)
    return w, h, (1, 0, 0, 1, llx, lly)


def stamp_page_number(writer: PdfWriter, page, number: int, font_ref) -> None:
    width, height, m = _stamp_matrix(page)
    size = 12
    text = str(number)
    x = width - 20 * MM - len(text) * 0.556 * size
    y = height - 15 * MM
    ops = (f"Q q {' '.join(f'{v:g}' for v in m)} cm BT {PAGE_NO_FONT} {size} Tf "
           f"1 0 0 1 {x:.2f} {y:.2f} Tm ({text}) Tj ET Q").encode()
    # Wrap the page's own content in q … Q so a content stream that leaves the graphics state
    # changed cannot move or hide the number.
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q")
    after.set_data(ops)
    contents = page.get("/Contents")
    existing = []
    if contents is not None:
        obj = contents.get_object()
        existing = list(obj) if isinstance(obj, ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *existing, writer._add_object(after)])
    resources = page.get("/Resources")
    if resources is None:
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is None:
        fonts = DictionaryObject()
        resources[NameObject("/Font")] = fonts
    fonts.get_object()[PAGE_NO_FONT] = font_ref


def assemble_volume(case: Case, volume: str, entries: list[CatalogueEntry],
                    document_pdf: Callable[[int], bytes], out: Path, *,
                    progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                    concluded_on: date | None = None) -> VolumeExport:
    """Write the volume to `out` atomically; `document_pdf(document_id)` gives each entry's PDF."""
    numbered = entries[-1].last_page if entries else 0
    header = volume_header(case, volume, numbered, concluded_on)
    rows = [{"seq": e.seq, "author": e.author, "title": e.title, "date": e.date,
             "first_page": e.first_page} for e in entries]
    writer = PdfWriter()
    front = [PdfReader(io.BytesIO(render_cover(header))),
             PdfReader(io.BytesIO(render_catalogue(header, rows)))]
    for r in front:
        writer.append(r)
    first_numbered = len(writer.pages)
    font_ref = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    }))
    outline: list[tuple[str, int]] = []
    total = len(entries)
    for i, e in enumerate(entries):
        check(cancel)
        report(progress, i, total, e.title)
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(document_pdf(e.document_id))))
        added = len(writer.pages) - start
        if added != e.page_count:
            raise ValueError(Text(f"{e.title}: 页数 {added} 与目录记载 {e.page_count} 不符",
                                  f"{e.title}: page count differs"))
        for k in range(added):
            stamp_page_number(writer, writer.pages[start + k], e.first_page + k, font_ref)
        outline.append((e.title, start))
    for pdf in (render_notes_sheet(header), render_back_cover(header)):
        writer.append(PdfReader(io.BytesIO(pdf)))
    for title, index in outline:
        writer.add_outline_item(title=title, page_number=index)
    _label_pages(writer, first_numbered, numbered)
    writer.add_metadata({"/Title": f"{case.number} {volume}", "/Creator": "Judge Workbench"})
    check(cancel)
    buf = io.BytesIO()
    writer.write(buf)
    atomic_write_bytes(Path(out), buf.getvalue())
    report(progress, total, total, "")
    total_pages = len(writer.pages)
    return VolumeExport(Path(out), total_pages, numbered, total_pages - numbered, outline)


def _label_pages(writer: PdfWriter, first_numbered: int, numbered: int) -> None:
    # A viewer then shows "第 12 页" for the sheet stamped 12, and names the unnumbered sheets.
    writer.set_page_label(0, 0, prefix="封面")
    if first_numbered > 1:
        writer.set_page_label(1, first_numbered - 1, style="/D", prefix="目录-")
    if numbered:
        writer.set_page_label(first_numbered, first_numbered + numbered - 1, style="/D", start=1)
    tail = first_numbered + numbered
    writer.set_page_label(tail, tail, prefix="备考表")
    writer.set_page_label(tail + 1, tail + 1, prefix="卷底")

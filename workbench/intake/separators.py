"""Separator (cover) sheets: a printed page with a QR code carrying a case number and a catalogue
category. The clerk puts one on top of each document; in a scanned stack the sheet says exactly
where a document starts, what it is and which case it belongs to.

The QR payload is `WBSEP1|<canonical case number>|<category key>` in UTF-8: versioned, so that a
later sheet format is recognised, and short enough for a small code that survives a poor scan.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ..law.case_numbers import parse_case_number
from ..efile import catalogue as cat
from ..errors import Text, UserError

PREFIX = "WBSEP1"


@dataclass(frozen=True)
class Separator:
    case_number: str | None
    category: str | None


def payload(case_number: str | None, category: str | None) -> str:
    number = parse_case_number(case_number).canonical if case_number else ""
    key = cat.category(category).key if category else ""
    return f"{PREFIX}|{number}|{key}"


def parse_payload(text: str) -> Separator | None:
    """The separator a QR text describes, or None if it is some other QR code."""
    parts = text.strip().split("|")
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    number = category = None
    if parts[1]:
        try:
            number = parse_case_number(parts[1]).canonical
        except UserError:
            number = None
    if parts[2]:
        try:
            category = cat.category(parts[2]).key
        except UserError:
            category = None
    return Separator(number, category)


def detect(codes: list[str]) -> Separator | None:
    for code in codes:
        sep = parse_payload(code)
        if sep is not None:
            return sep
    return None


def separator_pdf(case_number: str, category: str, *, court: str = "",
                  parties: str = "") -> bytes:
    """One A4 separator sheet: the QR code large in the middle, and the same in words for people."""
    import segno
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from ..efile.fonts import cjk_font_name

    number = parse_case_number(case_number).canonical
    c_ = cat.category(category)
    qr = segno.make(payload(number, c_.key), error="m", micro=False)
    font = cjk_font_name()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(f"文书分隔页 {number} {c_.name}")
    c.setCreator("Judge Workbench")
    w, h = A4

    def centred(y: float, text: str, size: float) -> None:
        c.setFont(font, size)
        c.drawCentredString(w / 2, y, text)

    centred(h - 90, "文书分隔页", 30)
    centred(h - 118, Text("SEPARATOR SHEET — 扫描时放在文书第一页之上", "put on top of the document"), 11)
    # The code is drawn as vector squares, so it is sharp at any scanner resolution.
    matrix = list(qr.matrix)
    n = len(matrix)
    side = 230.0
    cell = side / n
    x0, y0 = (w - side) / 2, h - 160 - side
    c.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(matrix):
        for k, v in enumerate(row):
            if v:
                c.rect(x0 + k * cell, y0 + (n - 1 - r) * cell, cell + 0.05, cell + 0.05, stroke=0, fill=1)
    y = y0 - 50
    centred(y, number, 24)
    centred(y - 40, c_.name if len(c_.name) <= 20 else c_.name[:20] + "…", 18)
    centred(y - 64, Text(f"目录类别：{c_.key} ({c_.en})", f"category: {c_.key} ({c_.en})"), 12)
    if court:
        centred(y - 100, court, 14)
    if parties:
        centred(y - 122, parties[:40], 12)
    c.setLineWidth(2)
    c.rect(40, 40, w - 80, h - 80, stroke=1, fill=0)
    centred(60, Text("本页不归入卷宗", "this sheet is not filed"), 10)
    c.showPage()
    c.save()
    return buf.getvalue()

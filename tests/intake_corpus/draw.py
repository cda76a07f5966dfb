"""Drawing court papers with reportlab: several CJK fonts, wrapped paragraphs, ruled tables,
handwriting-style text (each character jittered, rotated and scaled), red seals over text, page
numbers in several conventions. Every layout in layouts_*.py is made of these few strokes.

Coordinates are points from the top-left corner (reportlab's origin is bottom-left; `Sheet`
converts), so a layout reads top to bottom like the paper.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

A4 = (595.0, 842.0)
# (reportlab name, file, index in the collection). UMing is a Ming/Song face (the 宋体 of court
# papers), Zen Hei a sans (黑体, letterheads and bank slips), Zen Hei Mono the fixed pitch of
# printed receipts.
FONTS = [("CorpusMing", "/usr/share/fonts/truetype/arphic/uming.ttc", 0),
         ("CorpusHei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
         ("CorpusHeiMono", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 1)]
_registered: set[str] = set()


def font(name: str) -> str:
    if name not in _registered:
        for n, path, index in FONTS:
            if n == name:
                pdfmetrics.registerFont(TTFont(n, path, subfontIndex=index))
                _registered.add(n)
    return name


RED = Color(0.82, 0.1, 0.12, alpha=0.72)
BLUE = Color(0.08, 0.15, 0.55)
GREY = Color(0.45, 0.45, 0.45)
BLACK = Color(0, 0, 0)


@dataclass
class Box:
    x0: float
    y0: float
    x1: float
    y1: float


class Sheet:
    """One document being drawn; `y` is the cursor (points from the top)."""

    def __init__(self, rng: random.Random, face: str, size: tuple[float, float] = A4,
                 margin: float = 72):
        self.rng = rng
        self.face = font(face)
        self.w, self.h = size
        self.margin = margin
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=size)
        self.y = margin
        self.page = 1

    # -- primitives ----------------------------------------------------------------------------
    def text(self, x: float, y: float, s: str, size: float = 14, face: str | None = None,
             color: Color = BLACK, spacing: float = 0.0) -> float:
        """Draw `s` with its top-left at (x, y); returns its width."""
        f = font(face) if face else self.face
        self.c.setFillColor(color)
        self.c.setFont(f, size)
        if spacing:
            t = self.c.beginText(x, self.h - y - size * 0.88)
            t.setFont(f, size)
            t.setCharSpace(spacing)
            t.textOut(s)
            self.c.drawText(t)
        else:
            self.c.drawString(x, self.h - y - size * 0.88, s)
        return self.width(s, size, f) + spacing * len(s)

    def width(self, s: str, size: float, face: str | None = None) -> float:
        return pdfmetrics.stringWidth(s, face or self.face, size)

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.8,
             color: Color = BLACK) -> None:
        self.c.setStrokeColor(color)
        self.c.setLineWidth(width)
        self.c.line(x0, self.h - y0, x1, self.h - y1)

    def rect(self, x: float, y: float, w: float, h: float, width: float = 0.8, color: Color = BLACK,
             fill: Color | None = None, radius: float = 0) -> None:
        self.c.setStrokeColor(color)
        self.c.setLineWidth(width)
        if fill is not None:
            self.c.setFillColor(fill)
        if radius:
            self.c.roundRect(x, self.h - y - h, w, h, radius, stroke=1, fill=fill is not None)
        else:
            self.c.rect(x, self.h - y - h, w, h, stroke=1, fill=fill is not None)

    # -- flowing text --------------------------------------------------------------------------
    def centered(self, s: str, size: float, spacing: float = 0.0, after: float = 0.6,
                 face: str | None = None, color: Color = BLACK) -> None:
        w = self.width(s, size, font(face) if face else None) + spacing * len(s)
        self.text((self.w - w) / 2, self.y, s, size, face, color, spacing)
        self.y += size * (1 + after)

    def left(self, s: str, size: float = 14, x: float | None = None, after: float = 0.6,
             face: str | None = None, color: Color = BLACK) -> None:
        self.text(self.margin if x is None else x, self.y, s, size, face, color)
        self.y += size * (1 + after)

    def right(self, s: str, size: float = 14, after: float = 0.6, face: str | None = None) -> None:
        w = self.width(s, size, font(face) if face else None)
        self.text(self.w - self.margin - w, self.y, s, size, face)
        self.y += size * (1 + after)

    def wrap(self, s: str, size: float, width: float, first_indent: float = 0.0) -> list[str]:
        lines, cur, avail = [], "", width - first_indent
        for ch in s:
            if self.width(cur + ch, size) > avail and cur:
                lines.append(cur)
                cur, avail = "", width
            cur += ch
        if cur:
            lines.append(cur)
        return lines

    def para(self, s: str, size: float = 14, indent: int = 2, lead: float = 1.7,
             x0: float | None = None, x1: float | None = None) -> None:
        x0 = self.margin if x0 is None else x0
        x1 = self.w - self.margin if x1 is None else x1
        for i, ln in enumerate(self.wrap(s, size, x1 - x0, indent * size)):
            self.ensure(size * lead)
            self.text(x0 + (indent * size if i == 0 else 0), self.y, ln, size)
            self.y += size * lead

    def ensure(self, need: float) -> None:
        if self.y + need > self.h - self.margin:
            self.new_page()

    def new_page(self) -> None:
        self.finish_page()
        self.c.showPage()
        self.page += 1
        self.y = self.margin

    # -- tables --------------------------------------------------------------------------------
    def table(self, widths: list[float], rows: list[list[str]], size: float = 13,
              x0: float | None = None, pad: float = 5, lead: float = 1.45,
              header: bool = False) -> None:
        """A ruled table; `widths` are shares of the text width; cells wrap."""
        x0 = self.margin if x0 is None else x0
        total = self.w - self.margin - x0
        cols = [total * w / sum(widths) for w in widths]
        for r, row in enumerate(rows):
            wrapped = [self.wrap(cell, size, cols[k] - 2 * pad) or [""] for k, cell in enumerate(row)]
            hgt = max(len(w) for w in wrapped) * size * lead + 2 * pad
            self.ensure(hgt)
            x = x0
            for k, lines in enumerate(wrapped):
                self.rect(x, self.y, cols[k], hgt, 0.7)
                for i, ln in enumerate(lines):
                    self.text(x + pad, self.y + pad + i * size * lead, ln, size,
                              face="CorpusHei" if header and r == 0 else None)
                x += cols[k]
            self.y += hgt
        self.y += size * 0.8

    # -- marks ---------------------------------------------------------------------------------
    def hand(self, s: str, x: float, y: float, size: float = 20, color: Color = BLUE) -> float:
        """Handwriting-style: each character on its own, jittered in place, angle and size."""
        rng = self.rng
        self.c.setFillColor(color)
        cx = x
        for ch in s:
            sz = size * rng.uniform(0.85, 1.15)
            self.c.saveState()
            self.c.translate(cx, self.h - y - sz * 0.9 + rng.uniform(-2.5, 2.5))
            self.c.rotate(rng.uniform(-9, 9))
            self.c.setFont(self.face, sz)
            self.c.drawString(0, 0, ch)
            self.c.restoreState()
            cx += self.width(ch, sz) * rng.uniform(0.95, 1.2)
        return cx - x

    def hand_para(self, s: str, size: float = 20, x0: float | None = None, indent: int = 2,
                  lead: float = 2.0) -> None:
        x0 = self.margin if x0 is None else x0
        for i, ln in enumerate(self.wrap(s, size * 1.1, self.w - self.margin - x0 - size, indent * size)):
            self.hand(ln, x0 + (indent * size if i == 0 else 0), self.y, size)
            self.y += size * lead

    def seal(self, cx: float, cy: float, r: float, text: str, star: bool = True) -> None:
        """A red seal over whatever is drawn there: ring, star, the name round the top."""
        c = self.c
        c.saveState()
        c.setStrokeColor(RED)
        c.setFillColor(RED)
        c.setLineWidth(max(2.0, r / 14))
        c.circle(cx, self.h - cy, r, stroke=1, fill=0)
        if star:
            c.setFont(font("CorpusHei"), r * 0.7)
            c.drawCentredString(cx, self.h - cy - r * 0.25, "★")
        chars = text[-14:]
        n = len(chars)
        size = min(r * 0.36, 2.6 * r / max(1, n))
        c.setFont(font("CorpusHei"), size)
        span = min(250.0, 22.0 * n)
        for i, ch in enumerate(chars):
            a = math.radians(90 + span / 2 - (span * (i + 0.5) / n))
            px, py = cx + (r - size * 0.95) * math.cos(a), self.h - cy + (r - size * 0.95) * math.sin(a)
            c.saveState()
            c.translate(px, py)
            c.rotate(math.degrees(a) - 90)
            c.drawCentredString(0, -size * 0.35, ch)
            c.restoreState()
        c.restoreState()

    def fingerprint(self, cx: float, cy: float, r: float = 11) -> None:
        self.c.saveState()
        self.c.setFillColor(Color(0.8, 0.1, 0.1, alpha=0.55))
        self.c.ellipse(cx - r * 0.75, self.h - cy - r, cx + r * 0.75, self.h - cy + r, stroke=0, fill=1)
        self.c.restoreState()

    # -- pages ---------------------------------------------------------------------------------
    page_style: str | None = None   # "第1页共2页" | "1/2" | "- 1 -" | None
    pages_total: int = 0

    def finish_page(self) -> None:
        style, n, m = self.page_style, self.page, self.pages_total
        if not style or not m:
            return
        s = {"cn": f"第 {n} 页 共 {m} 页", "cn_short": f"第{n}页", "slash": f"{n}/{m}",
             "dash": f"- {n} -"}[style]
        w = self.width(s, 10.5)
        self.text((self.w - w) / 2, self.h - 40, s, 10.5)

    def finish(self) -> bytes:
        self.finish_page()
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


def render_twice(make, rng_state: object, rng: random.Random) -> bytes:
    """Draw a document once to count its pages, then again with the total known (共 N 页)."""
    rng.setstate(rng_state)  # type: ignore[arg-type]
    first = make(None)
    from pypdf import PdfReader
    total = len(PdfReader(io.BytesIO(first)).pages)
    rng.setstate(rng_state)  # type: ignore[arg-type]
    return make(total)

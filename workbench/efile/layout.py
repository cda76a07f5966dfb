"""Page geometry and Chinese line setting on a reportlab canvas, for court documents.

The page follows GB/T 9704 (official documents): A4, margins 37/35/28/26 mm, body in 三号 (16 pt)
with 22 lines to a page. Lines break at any CJK character but keep runs of Latin letters and
digits (amounts, ID numbers) whole where that does not leave a line half empty, and obey the
usual Chinese line-breaking rules (no line starts with 。，、） and none ends with （《).
Also: Chinese numerals for dates, and the volume's furniture (cover, catalogue, 备考表, 卷底) as fixed forms.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .fonts import cjk_font_name

MM = 72 / 25.4
PAGE_W, PAGE_H = A4
TOP, BOTTOM, LEFT, RIGHT = 37 * MM, 35 * MM, 28 * MM, 26 * MM
TEXT_W = PAGE_W - LEFT - RIGHT
BODY = 16.0  # 三号
LEADING = (PAGE_H - TOP - BOTTOM) / 22  # 22 lines a page at 三号, as GB/T 9704 sets them
TABLE_PAD = 4.0

NO_START = set("，。、；：？！）》」』】〕”’…—·%,.;:?!)]}’”%℃　")
NO_END = set("（《「『【〔“‘([{")
_UNITS = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.,:/%\-+_@'#]*[A-Za-z0-9%])?|\s|.", re.S)

_widths: dict[str, dict[str, float]] = {}


def width(text: str, size: float) -> float:
    """Natural width of `text` at `size`; per-character widths are cached for speed."""
    font = cjk_font_name()
    cache = _widths.setdefault(font, {})
    total = 0.0
    for ch in text:
        w = cache.get(ch)
        if w is None:
            w = cache[ch] = stringWidth(ch, font, 1000.0) / 1000.0
        total += w
    return total * size


def leading_for(size: float) -> float:
    """Line pitch for a size, scaled from the body's 22-lines-a-page pitch."""
    return LEADING * size / BODY


@dataclass
class Line:
    text: str
    avail: float  # width the line may fill
    last: bool  # last line of its paragraph: not justified


def wrap(text: str, avail: float, size: float, first_indent: float = 0.0) -> list[Line]:
    """Break one paragraph into lines no wider than `avail` (first line narrower by the indent)."""
    units = _UNITS.findall(text)
    lines: list[Line] = []
    cur: list[str] = []
    cur_w = 0.0
    room = avail - first_indent
    i = 0
    while i < len(units):
        u = units[i]
        if u.isspace() and not cur and lines:
            i += 1  # no blank at the start of a continuation line
            continue
        w = width(u, size)
        if cur_w + w <= room + 0.01 or not cur and len(u) == 1:
            cur.append(u)
            cur_w += w
            i += 1
            continue
        if len(u) > 1 and (w > avail / 2 or not cur):
            # Only a Latin run longer than half a line (a URL, not an ID number or an amount) is
            # split; a shorter one moves down whole and leaves this line short.
            k = 0
            while k < len(u) and cur_w + width(u[: k + 1], size) <= room + 0.01:
                k += 1
            k = max(k, 1 if not cur else 0)
            if k:
                cur.append(u[:k])
                cur_w += width(u[:k], size)
            units[i] = u[k:]
            lines.append(_line(cur, room))
            cur, cur_w, room = [], 0.0, avail
            continue
        if u.isspace():
            i += 1
            lines.append(_line(cur, room))
            cur, cur_w, room = [], 0.0, avail
            continue
        carry: list[str] = []
        # Keep closing punctuation off the start of the next line and opening brackets off the end
        # of this one, by carrying characters down (never emptying the line).
        while len(cur) > 1 and ((carry or [u])[0][0] in NO_START or cur[-1][-1] in NO_END):
            carry.insert(0, cur.pop())
            if len(carry) >= 3:
                break
        lines.append(_line(cur, room))
        cur = carry
        cur_w = width("".join(cur), size)
        room = avail
    if cur or not lines:
        lines.append(_line(cur, room))
    lines[-1].last = True
    return lines


def _line(units: list[str], room: float) -> Line:
    text = "".join(units).strip(" ")
    return Line(text, room, False)


class Writer:
    """A flowing A4 document: a cursor moving down the page, new pages as text runs out."""

    def __init__(self, title: str, author: str) -> None:
        self.font = cjk_font_name()
        self.buf = io.BytesIO()
        # invariant=1: no creation date or random ID, so equal input gives equal bytes (documents
        # are stored by SHA-256).
        # initialFontName: every font a page names is the embedded one (PDF/A: no font that is
        # not embedded, not even reportlab's default Helvetica set before any text).
        self.c = Canvas(self.buf, pagesize=A4, invariant=1, pageCompression=1,
                        initialFontName=self.font, initialFontSize=12)
        self.c.setTitle(title)
        self.c.setAuthor(author)
        self.c.setCreator("Judge Workbench")
        self.c.setLineWidth(0.75)
        self.page_top: Callable[[], None] | None = None
        self.y = PAGE_H - TOP
        self.pages = 1

    # -- page flow ---------------------------------------------------------------------------
    def new_page(self) -> None:
        self.c.showPage()
        self.pages += 1
        self.y = PAGE_H - TOP
        if self.page_top is not None:
            self.page_top()

    def ensure(self, height: float) -> None:
        """Start a new page unless `height` more fits above the bottom margin."""
        if self.y - height < BOTTOM - 0.5 and self.y < PAGE_H - TOP - 0.5:
            self.new_page()

    def space(self, lines: float, size: float = BODY) -> None:
        self.y -= lines * leading_for(size)
        if self.y < BOTTOM:
            self.new_page()

    def finish(self) -> bytes:
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()

    # -- text --------------------------------------------------------------------------------
    def draw(self, x: float, baseline: float, text: str, size: float, char_space: float = 0.0,
             bold: bool = False) -> None:
        t = self.c.beginText(x, baseline)
        t.setFont(self.font, size)
        t.setCharSpace(char_space)  # Tc outlives BT/ET: set it on every line
        if not bold:
            t.textOut(text)
            self.c.drawText(t)
            return
        # No bold CJK face is installed: fill and stroke the outlines instead, inside q/Q so that
        # the render mode and line width do not leak into the text that follows.
        self.c.saveState()
        self.c.setLineWidth(size * 0.035)
        t.setTextRenderMode(2)
        t.textOut(text)
        self.c.drawText(t)
        self.c.restoreState()

    def _baseline(self, size: float, lead: float) -> float:
        return self.y - lead / 2 - 0.36 * size

    def centered(self, text: str, size: float, bold: bool = False, spacing: float = 0.0,
                 after: float = 0.0) -> None:
        """A centred line (court name, title); `spacing` in ems between characters."""
        lead = leading_for(size) if size <= BODY else size * 1.6
        for ln in wrap(text, TEXT_W, size):
            cs = spacing * size
            w = width(ln.text, size) + cs * max(len(ln.text) - 1, 0)
            self.ensure(lead)
            self.draw(LEFT + (TEXT_W - w) / 2, self._baseline(size, lead), ln.text, size, cs, bold)
            self.y -= lead
        self.y -= after * leading_for(BODY)

    def right(self, text: str, size: float = BODY, indent: float = 0.0) -> None:
        """A line flush right, `indent` ems short of the margin (case number, date)."""
        lead = leading_for(size)
        self.ensure(lead)
        x = PAGE_W - RIGHT - indent * size - width(text, size)
        self.draw(max(x, LEFT), self._baseline(size, lead), text, size)
        self.y -= lead

    def paragraph(self, text: str, size: float = BODY, indent: float = 2.0, left: float = 0.0,
                  justify: bool = True, keep: float = 0.0) -> None:
        """A justified paragraph; `indent` ems on the first line, `left` ems on every line.

        `keep` is the height of what must stay on the same page as the last line: a signature
        may not stand alone on a page (GB/T 9704 7.3.5).
        """
        lead = leading_for(size)
        x0 = LEFT + left * size
        avail = TEXT_W - left * size
        for ln in wrap(text, avail, size, indent * size if text else 0.0):
            self.ensure(lead + (keep if ln.last else 0.0))
            first = ln.avail < avail
            x = x0 + (avail - ln.avail if first else 0.0)
            cs = 0.0
            if justify and not ln.last and len(ln.text) > 1:
                cs = (ln.avail - width(ln.text, size)) / (len(ln.text) - 1)
                cs = cs if 0 < cs <= size * 0.15 else 0.0  # wider gaps look worse than a ragged end
            if ln.text:
                self.draw(x, self._baseline(size, lead), ln.text, size, cs)
            self.y -= lead

    def block(self, lines: Sequence[str], size: float = BODY, align: str = "center",
              indent: float = 2.0) -> None:
        """Lines set as one block against the right margin: a signature or the court and date."""
        lead = leading_for(size)
        w = max((width(s, size) for s in lines), default=0.0)
        right = PAGE_W - RIGHT - indent * size
        self.ensure(lead * len(lines))
        for s in lines:
            lw = width(s, size)
            x = right - w + ((w - lw) / 2 if align == "center" else 0.0)
            if align == "right":
                x = right - lw
            self.draw(max(x, LEFT), self._baseline(size, lead), s, size)
            self.y -= lead

    def rule(self, y: float | None = None, x0: float = LEFT, x1: float = PAGE_W - RIGHT) -> None:
        y = self.y if y is None else y
        self.c.line(x0, y, x1, y)

    # -- tables ------------------------------------------------------------------------------
    def table(self, widths: Sequence[float], header: Sequence[str] | None,
              rows: Sequence[tuple[Sequence[str], int]], size: float = 14.0,
              align: Sequence[str] = (), valign: str = "middle") -> None:
        """A ruled table; rows wrap in their cells and the header is repeated on each new page.

        `widths` are relative; each row is (cells, minimum lines) so that a form can leave room
        for a signature.
        """
        total = float(sum(widths))
        cols = [TEXT_W * w / total for w in widths]
        lead = size * 1.5
        aligns = list(align) + ["left"] * (len(cols) - len(align))

        def cells_lines(cells: Sequence[str]) -> list[list[str]]:
            out = []
            for text, cw in zip(cells, cols):
                parts: list[str] = []
                for para in str(text).split("\n"):
                    parts.extend(ln.text for ln in wrap(para, cw - 2 * TABLE_PAD, size))
                out.append(parts)
            return out

        def draw_row(cells: Sequence[str], min_lines: int, bold: bool, centre_all: bool) -> None:
            wrapped = cells_lines(cells)
            n = max([min_lines] + [len(p) for p in wrapped])
            h = n * lead + 2 * TABLE_PAD
            if self.y - h < BOTTOM and self.y < PAGE_H - TOP - 0.5 - (head_h if header else 0):
                self.new_page()
                if header is not None and not bold:
                    draw_row(header, 1, True, True)
            x = LEFT
            for parts, cw, al in zip(wrapped, cols, aligns):
                self.c.rect(x, self.y - h, cw, h, stroke=1, fill=0)
                top = self.y - (TABLE_PAD if valign == "top" else (h - len(parts) * lead) / 2)
                for k, s in enumerate(parts):
                    base = top - k * lead - lead / 2 - 0.36 * size
                    tw = width(s, size)
                    if centre_all or al == "center":
                        tx = x + (cw - tw) / 2
                    elif al == "right":
                        tx = x + cw - TABLE_PAD - tw
                    else:
                        tx = x + TABLE_PAD
                    self.draw(tx, base, s, size, bold=bold)
                x += cw
            self.y -= h

        head_h = lead + 2 * TABLE_PAD
        if header is not None:
            self.ensure(head_h + lead + 2 * TABLE_PAD)
            draw_row(header, 1, True, True)
        for cells, min_lines in rows:
            draw_row(cells, min_lines, False, False)


# -- the volume's furniture: fixed forms in the block vocabulary of render.py --------------------
# No page numbers on any of them: the lead numbers only the documents, during assembly.
_FURNITURE_DEFAULTS = {"concluded_on": "", "archive_no": "", "notes": "", "compiled_by": "",
                       "checked_by": "", "compiled_on": "", "page_total": "", "chain_head": ""}

COVER: dict[str, Any] = {
    "title": "卷宗封面", "author": "{court_name}", "defaults": _FURNITURE_DEFAULTS,
    "blocks": [
        {"kind": "space", "lines": 1},
        {"kind": "heading", "text": "{court_name}", "size": 24},
        {"kind": "space", "lines": 0.6},
        {"kind": "heading", "text": "诉讼卷宗", "size": 36, "spacing": 0.6},
        {"kind": "heading", "text": "（{volume}）", "size": 18, "bold": False, "spacing": 0.2,
         "after": 1},
        {"kind": "table", "widths": [1, 3], "size": 16, "align": ["center", "left"], "rows": [
            ["案　　号", "{case_number}"], ["案　　由", "{cause}"], ["原　　告", "{plaintiffs}"],
            ["被　　告", "{defendants}"], ["审判人员", "{judge}"], ["书 记 员", "{clerk}"],
            ["立案日期", "{filed_on}"], ["结案日期", "{concluded_on}"], ["归 档 号", "{archive_no}"]]},
        {"kind": "space", "lines": 1},
        {"kind": "heading", "text": "本卷共　{page_total}　页", "size": 16, "bold": False,
         "spacing": 0},
        {"kind": "space", "lines": 1},
        {"kind": "line", "size": 9, "text": "电子卷宗日志链末端（SHA-256）：{chain_head}"},
    ]}

CATALOGUE: dict[str, Any] = {
    "title": "卷内目录", "author": "{court_name}", "defaults": _FURNITURE_DEFAULTS,
    "page_top": [
        {"kind": "heading", "text": "卷内目录", "size": 22},
        {"kind": "right", "text": "{case_number}　{volume}", "size": 14},
        {"kind": "space", "lines": 0.3},
    ],
    "blocks": [
        {"kind": "table", "size": 12, "widths": [3.6, 12.8, 17.4, 7, 3.4],
         "align": ["center", "left", "left", "center", "center"],
         "header": ["序号", "责任者", "文件名称", "日期", "页号"],
         "source": "rows", "row": ["{seq}", "{author}", "{title}", "{date}", "{first_page}"]},
    ]}

NOTES_SHEET: dict[str, Any] = {
    "title": "备考表", "author": "{court_name}", "defaults": _FURNITURE_DEFAULTS,
    "blocks": [
        {"kind": "heading", "text": "备考表", "size": 22},
        {"kind": "right", "text": "{case_number}　{volume}", "size": 14},
        {"kind": "space", "lines": 0.3},
        {"kind": "table", "widths": [1], "size": 14, "valign": "top",
         "rows": [{"cells": ["本卷情况说明：\n{notes}"], "lines": 16}]},
        {"kind": "signature", "align": "left", "indent": 6, "before": 1,
         "lines": ["立卷人：{compiled_by}", "检查人：{checked_by}", "立卷时间：{compiled_on}"]},
        # The hash chain's head when the volume was bound: a paper copy anchors the chain
        # (`workbench archive verify PACKAGE --head HASH`).
        {"kind": "line", "size": 9, "text": "电子卷宗日志链末端（SHA-256）：{chain_head}"},
    ]}

BACK_COVER: dict[str, Any] = {
    "title": "卷底", "author": "{court_name}", "defaults": _FURNITURE_DEFAULTS,
    "blocks": [
        {"kind": "space", "from_bottom": 1.6},
        {"kind": "rule"},
        {"kind": "heading", "text": "{court_name}　{case_number}（{volume}）", "size": 12,
         "bold": False, "spacing": 0},
    ]}

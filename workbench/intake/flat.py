"""A document's text as one string with every character traced back to its page and its place.

Extraction runs its rules on `Flat.text`: the document's lines in reading order joined with no
separator and with whitespace dropped, because a party's particulars wrap across lines (and an ID
number with them) and OCR puts spaces between the boxes of a line. Each character keeps where it
came from, so any span of a match becomes a `source`: the page, and either the part of the OCR
line boxes it covers (pixels of the upright image the OCR read, `size` giving its width and
height) or, for a text-layer page, the character span in that page's text.
"""

from __future__ import annotations

import unicodedata

import re
from dataclasses import dataclass, field

from .importers import SourcePage


# One character for one, so that offsets keep pointing at what was read: the recogniser's
# commas read as full stops between two Chinese characters, half-width colons and semicolons.
_COMMA = re.compile(rf"(?<=[\u4e00-\u9fff）)，])[．.,·](?=[\u4e00-\u9fff（(]|\d{{4}}年)")
_WIDTH = str.maketrans({":": "：", ";": "；"})


def _normalise(text: str) -> str:
    return _COMMA.sub("，", text).translate(_WIDTH)


@dataclass
class _Line:
    page: int                       # index in the document's pages
    text: str
    box: tuple[float, float, float, float] | None  # OCR line box, None on a text layer
    offset: int                     # where the line starts in its page's text
    score: float | None


@dataclass
class Flat:
    pages: list[SourcePage]
    text: str = ""
    where: list[tuple[int, int]] = field(default_factory=list)  # per char: (line, char in line)
    lines: list[_Line] = field(default_factory=list)
    starts: set[int] = field(default_factory=set)  # offsets in `text` where a line begins

    @classmethod
    def of(cls, pages: list[SourcePage]) -> "Flat":
        flat = cls(pages)
        chars: list[str] = []
        for pi, page in enumerate(pages):
            if page.lines:
                rows = []
                pos = 0
                for ln in page.lines:
                    rows.append(_Line(pi, ln.text, tuple(ln.box), pos, ln.score))  # type: ignore[arg-type]
                    pos += len(ln.text) + 1
            else:
                rows, pos = [], 0
                for raw in page.text.split("\n"):
                    rows.append(_Line(pi, raw, None, pos, None))
                    pos += len(raw) + 1
            for row in rows:
                li = len(flat.lines)
                flat.lines.append(row)
                first = True
                for ci, ch in enumerate(row.text):
                    if ch.isspace():
                        continue
                    if first:
                        flat.starts.add(len(chars))
                        first = False
                    chars.append(ch)
                    flat.where.append((li, ci))
        flat.text = _normalise("".join(chars))
        return flat

    def at_line_start(self, pos: int) -> bool:
        return pos in self.starts

    def score(self, a: int, b: int) -> float | None:
        """The lowest OCR confidence of the lines the span [a, b) touches (None: a text layer)."""
        scores = [self.lines[li].score for li, _ in self.where[a:b]]
        known = [s for s in scores if s is not None]
        return min(known) if known else None

    def source(self, a: int, b: int) -> dict | None:
        """Where the span [a, b) of `text` was read: page label and box (OCR) or span (text)."""
        if a >= b or a >= len(self.where):
            return None
        b = min(b, len(self.where))
        parts: dict[int, dict] = {}
        for li, ci in self.where[a:b]:
            line = self.lines[li]
            part = parts.setdefault(line.page, {"lines": {}, "page": line.page})
            lo, hi = part["lines"].get(li, (ci, ci))
            part["lines"][li] = (min(lo, ci), max(hi, ci))
        out = []
        for pi, part in parts.items():
            page = self.pages[pi]
            entry: dict = {"page": f"{page.source_name}#{page.index + 1}", "page_index": pi}
            boxes, spans = [], []
            for li, (lo, hi) in sorted(part["lines"].items()):
                line = self.lines[li]
                if line.box is not None:
                    x0, y0, x1, y1 = line.box
                    # Where a character sits in its line's box, by width: a Chinese character is
                    # about twice as wide as a digit or a Latin letter in the fonts courts use,
                    # so counting characters put an ID number two characters left of itself.
                    edges = _edges(line.text)
                    total = edges[-1] or 1.0
                    boxes.append((x0 + (x1 - x0) * edges[lo] / total, y0,
                                  x0 + (x1 - x0) * edges[min(hi + 1, len(edges) - 1)] / total, y1))
                else:
                    spans.append((line.offset + lo, line.offset + hi + 1))
            if boxes:
                entry["box"] = [round(min(b[0] for b in boxes), 1), round(min(b[1] for b in boxes), 1),
                                round(max(b[2] for b in boxes), 1), round(max(b[3] for b in boxes), 1)]
                entry["size"] = list(page.work_size)
            if spans:
                entry["span"] = [spans[0][0], spans[-1][1]]
            out.append(entry)
        first = out[0]
        if len(out) > 1:
            first = dict(first, also=out[1:])
        return first


def _edges(text: str) -> list[float]:
    """The left edge of each character of a line, and its end, in half-em units."""
    out, x = [0.0], 0.0
    for ch in text:
        x += 2.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 1.0
        out.append(x)
    return out

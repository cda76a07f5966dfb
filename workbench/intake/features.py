"""What a page shows about its place in a document, from its text and its text boxes.

- the head: lines in the top quarter of the page (or the first lines of a text layer without
  boxes), where titles, letterheads and bank names sit;
- page numbering: 第 2 页 / 第2页 共3页 / 2/3 / - 2 -, on a line of its own at the foot or head;
- a closing block: a date (2026年3月5日, 二〇二六年三月五日, 2026-03-05) in the lower part of the
  page near a signature label (具状人, 申请人, 委托人, 借款人, （盖章）…), which ends a paper;
- layout tokens for the classifier: how many lines, how wide the text column is (a phone
  screenshot printed on A4 is a narrow column), how many lines are table rows, a large title.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .importers import SourcePage

HEAD_SHARE = 0.28     # the top 28 % of the page is its head
FOOT_SHARE = 0.35     # the bottom 35 % is where a closing block sits

_PAGE_NO = [
    re.compile(r"^第\s*(\d{1,3})\s*页(?:\s*[,，/]?\s*共\s*(\d{1,3})\s*页)?$"),
    re.compile(r"^共\s*(\d{1,3})\s*页\s*第\s*(\d{1,3})\s*页$"),   # 共3页 第1页 (swapped below)
    re.compile(r"^(\d{1,3})\s*/\s*(\d{1,3})$"),
    re.compile(r"^[-—–]\s*(\d{1,3})\s*[-—–]$"),
    re.compile(r"^(?:page|p\.)\s*(\d{1,3})(?:\s*of\s*(\d{1,3}))?$", re.I),
]
_DATE = re.compile(r"(19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[二〇○零一]{4}\s*年[一二三四五六七八九十]{1,3}月"
                   r"[一二三四五六七八九十]{1,3}日|(19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}")
_SIGN = re.compile(r"^(具状人|起诉人|答辩人|申请人|委托人|提交人|举证人|借款人|欠款人|出借人|原告|被告|甲方|乙方)|"
                   r"[（(](盖章|签字|签名|公章|章)[)）]|签字|签名|盖章|"
                   r"(律师事务所|法院|大队|公司|银行|医院)$")


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass
class Line:
    text: str
    top: float      # 0..1 of the page height
    bottom: float
    left: float     # 0..1 of the page width
    right: float
    height: float   # pixels
    cells: int      # boxes joined on the line (table cells)


def lines_of(page: SourcePage) -> list[Line]:
    """The page's lines with positions relative to the page; from a text layer without boxes,
    evenly spread positions in reading order."""
    if page.lines:
        w, h = page.work_size if page.work_size[0] else (1240, 1754)
        out = []
        for ln in page.lines:
            x0, y0, x1, y1 = ln.box
            out.append(Line(ln.text, y0 / h, y1 / h, x0 / w, x1 / w, ln.height, ln.text.count(" ") + 1))
        return out
    rows = [r for r in page.text.splitlines() if r.strip()]
    n = max(1, len(rows))
    return [Line(r, 0.08 + 0.84 * i / n, 0.08 + 0.84 * (i + 0.8) / n, 0.12, 0.88, 20.0, 1)
            for i, r in enumerate(rows)]


def head_lines(lines: list[Line]) -> list[Line]:
    head = [ln for ln in lines if ln.top < HEAD_SHARE]
    return head if head else lines[:4]


def page_number(lines: list[Line]) -> tuple[int, int | None] | None:
    """(n, of) from a page-number line at the head or foot of the page."""
    cands = [ln for ln in lines if ln.top > 0.85 or ln.bottom < 0.1] or (lines[-2:] + lines[:1])
    for ln in cands:
        t = unicodedata.normalize("NFKC", ln.text).strip()
        for k, rx in enumerate(_PAGE_NO):
            m = rx.match(t)
            if m:
                a = int(m.group(1))
                b = int(m.group(2)) if m.lastindex and m.lastindex >= 2 and m.group(2) else None
                if k == 1:
                    a, b = int(m.group(2)), int(m.group(1))
                if a >= 1 and (b is None or a <= b):
                    return a, b
    return None


def closes(lines: list[Line]) -> bool:
    """A short date line and a short signature line among the last lines of the page (what ends a
    paper: 具状人：… / 二〇二六年三月五日, a seal's owner and the date)."""
    body = [ln for ln in lines if not page_number([ln])]
    tail = [norm(ln.text) for ln in body[-5:]]
    short = [t for t in tail if 0 < len(t) <= 24]
    has_date = any(_DATE.search(t) and len(t) <= 18 for t in short)
    has_sign = any(_SIGN.search(t) for t in short)
    return has_date and has_sign


def layout_tokens(lines: list[Line]) -> list[str]:
    n = len(lines)
    out = [f"L:n{min(n, 40) // 5}"]
    if not lines:
        return out + ["L:empty"]
    lefts = sorted(ln.left for ln in lines)
    rights = sorted(ln.right for ln in lines)
    span = rights[int(0.9 * (n - 1))] - lefts[int(0.1 * (n - 1))]
    out.append(f"L:span{min(9, int(span * 10))}")
    cells = sum(1 for ln in lines if ln.cells >= 2)
    out.append(f"L:cells{min(4, 5 * cells // max(1, n))}")
    heights = sorted(ln.height for ln in lines)
    med = heights[n // 2] or 1.0
    if any(ln.height >= 1.5 * med and ln.top < HEAD_SHARE for ln in lines):
        out.append("L:bigtitle")
    lens = sorted(len(norm(ln.text)) for ln in lines)
    out.append(f"L:len{min(6, lens[n // 2] // 5)}")
    digits = sum(sum(c.isdigit() for c in ln.text) for ln in lines)
    chars = sum(len(ln.text) for ln in lines) or 1
    out.append(f"L:dig{min(4, int(10 * digits / chars))}")
    return out


def tokens(page: SourcePage) -> list[str]:
    """The classifier's features of a page: head character bigrams and unigrams, whole-page
    bigrams, the large lines as wholes, layout tokens. Each counted once."""
    lines = lines_of(page)
    head = norm("".join(ln.text for ln in head_lines(lines)))
    body = norm("".join(ln.text for ln in lines))
    toks = {"H:" + head[i:i + 2] for i in range(len(head) - 1)}
    toks |= {"h:" + c for c in head if not c.isdigit()}
    toks |= {"B:" + body[i:i + 2] for i in range(len(body) - 1) if not body[i:i + 2].isdigit()}
    if lines:
        heights = sorted(ln.height for ln in lines)
        med = heights[len(heights) // 2] or 1.0
        toks |= {"T:" + norm(ln.text) for ln in lines if ln.height >= 1.3 * med and len(norm(ln.text)) <= 16}
    toks |= set(layout_tokens(lines))
    return sorted(toks)

"""Amounts and dates as parties write them: 伍万元整, 5万元, 50,000.00元, 叁仟元; 2026年3月5日,
2026-03-05, 二〇二六年三月五日, and a month alone (2026年3月).

Numerals are read by cn_amounts, the one reader of Chinese amounts (registration from scans
reads complaints with it too). An amount that cannot be read exactly is refused (None), never
guessed: a document's figure that does not parse, or reads two ways (叁万伍), is left for the judge.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .cn_amounts import read_amount as _read_amount, read_numeral

__all__ = ["AMOUNT_PATTERN", "DATE_PATTERN", "PartialDate", "read_amount", "read_date"]

_CN = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
# What an amount looks like in running text (used by the extraction rules as {AMOUNT}).
AMOUNT_PATTERN = (r"(?:人民币|¥|￥)?\s*(?:[0-9０-９][0-9０-９,，.．]*\s*[万萬]?|[" + _CN + r"]+)"
                  r"\s*元(?:[" + _CN + r"0-9]角)?(?:[" + _CN + r"0-9]分)?整?")
DATE_PATTERN = (r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|\d{4}-\d{1,2}-\d{1,2}"
                r"|\d{4}\.\d{1,2}\.\d{1,2}|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月"
                r"(?:[一二三四五六七八九十]{1,3}日)?")


def read_amount(text: str) -> Decimal | None:
    """The amount in yuan (to the fen), or None when the text is not exactly an amount."""
    try:
        value = _read_amount(text or "")
    except ValueError:
        return None
    return value if value >= 0 else None


@dataclass(frozen=True)
class PartialDate:
    """A month without its day (已于2026年3月归还): kept as written, never given a day."""
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月"


def _int(s: str) -> int:
    s = s.strip()
    if s.isdigit():
        return int(s)
    if all(ch in "〇零一二三四五六七八九" for ch in s):
        return int("".join(str("〇一二三四五六七八九".index("〇" if ch == "零" else ch)) for ch in s))
    return int(read_numeral(s))


def read_date(text: str) -> date | PartialDate | None:
    """A day, a month alone, or None when the text names no real date."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    m = (re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s) or re.fullmatch(r"(\d{4})\.(\d{1,2})\.(\d{1,2})", s)
         or re.fullmatch(r"([0-9〇零一二三四五六七八九]{4})年([0-9一二三四五六七八九十]{1,2})月"
                         r"(?:([0-9一二三四五六七八九十]{1,3})[日号])?", s))
    if m is None:
        return None
    try:
        year, month = _int(m[1]), _int(m[2])
        if m[3] is None:
            return PartialDate(year, month) if 1 <= month <= 12 else None
        return date(year, month, _int(m[3]))
    except (ValueError, TypeError):
        return None

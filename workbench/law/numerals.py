"""Chinese numerals and Chinese dates, the one place they are written and read.

Two ways of writing a number, and each use takes one of them:
- `chinese_number` is positional (147 → 一百四十七, 10 → 十, 1208 → 一千二百零八): article and
  item numbers, days, months and days of a date, counts in running text.
- `chinese_digits` is digit by digit (2026 → 二〇二六): the year of a date, as court documents
  write it.
"""

from __future__ import annotations

import datetime
import re

__all__ = ["CN_DATE", "arabic_date", "chinese_date", "chinese_digits", "chinese_number", "parse_chinese_date",
           "parse_chinese_number"]

_DIGITS = "〇一二三四五六七八九"
_UNITS = {"十": 10, "百": 100, "千": 1000}

# 二〇二六年三月五日 (a year may be written with 零 for 〇, as editors and OCR leave it).
CN_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


def chinese_digits(n: int) -> str:
    """2026 → 二〇二六: each decimal digit written out, as the year of a date."""
    if n < 0:
        raise ValueError(f"negative number: {n}")
    return "".join(_DIGITS[int(c)] for c in str(n))


def chinese_number(n: int) -> str:
    """147 → 一百四十七, 1208 → 一千二百零八, 110 → 一百一十, 10 → 十, 15 → 十五 (1 … 9999)."""
    if n <= 0 or n >= 10000:
        raise ValueError(f"number out of range for Chinese numerals: {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[d] + unit)
    return "".join(out)


def parse_chinese_number(text: str) -> int:
    """一百四十七 → 147, 十五 → 15; also reads 〇/零 and Arabic digits, as OCR and editors leave
    them. A numeral without units (二〇二六) reads digit by digit."""
    text = text.strip()
    if text.isdigit() and text.isascii():
        return int(text)
    text = text.replace("零", "〇")
    if text and all(ch in _DIGITS for ch in text):
        return int("".join(str(_DIGITS.index(ch)) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS.index(ch)
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


def chinese_date(d: datetime.date) -> str:
    """二〇二六年三月五日: court documents date themselves in Chinese numerals, year digit by digit."""
    return f"{chinese_digits(d.year).rjust(4, '〇')}年{chinese_number(d.month)}月{chinese_number(d.day)}日"


def arabic_date(d: datetime.date) -> str:
    """2026年3月5日: dates in a document's body and birth dates in party particulars are written
    in Arabic numerals; only the signature date is in Chinese (`chinese_date`)."""
    return f"{d.year}年{d.month}月{d.day}日"


def parse_chinese_date(m: re.Match[str]) -> datetime.date:
    """The date a `CN_DATE` match holds; ValueError when it names no real day."""
    return datetime.date(parse_chinese_number(m[1]), parse_chinese_number(m[2]),
                         parse_chinese_number(m[3]))

"""Amounts of money as complaints write them, read back to the fen: 50000元, 50,000.00元, 5万元,
5.5万元, 人民币伍万元整, 壹拾万零伍佰元, 捌万元零叁分, 五万三千二百元, 5万3千元.

`AMOUNT` finds the mentions in running text; `read_amount` turns one into a Decimal or raises
ValueError — an amount that does not read cleanly is never guessed at. (cn2an was measured for
this and not taken: it reads neither 角 nor 分, returns floats, and drops what lies below a yuan
of a decimal 万 amount: 12.345678万 → 123456.)"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

__all__ = ["AMOUNT", "find_amounts", "read_amount", "read_numeral"]

_DIGIT = {"零": 0, "〇": 0, "○": 0, "壹": 1, "一": 1, "贰": 2, "貳": 2, "二": 2, "两": 2, "叁": 3,
          "參": 3, "三": 3, "肆": 4, "四": 4, "伍": 5, "五": 5, "陆": 6, "陸": 6, "六": 6,
          "柒": 7, "七": 7, "捌": 8, "八": 8, "玖": 9, "九": 9}
_SMALL = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CN = "零〇○壹一贰貳二两叁參三肆四伍五陆陸六柒七捌八玖九拾十佰百仟千万萬亿億"

# One mention: an Arabic figure (thousands separators, decimals, a 万 or 亿 after it) or a Chinese
# numeral, then 元 and, for Chinese, 角 and 分; 人民币 or ¥ before it, 整 after it, are kept out.
AMOUNT = re.compile(
    # never the tail of a figure that did not read whole (5□00元 is not 00元)
    rf"(?<![0-9.,，□■?？*＊])(?<!\d[：:．·])(?:人民币|¥|￥)?\s*(?P<v>(?:\d[\d,，]*(?:\.\d+)?\s*[万亿]?(?:\s*\d+\s*[千仟百佰])*"
    rf"|[{_CN}\d]*[{_CN}])\s*元(?:\s*零?\s*[{_CN}]角)?(?:\s*零?\s*[{_CN}]分)?)(?:整|正)?")


def _digit(ch: str) -> int | None:
    if ch in _DIGIT:
        return _DIGIT[ch]
    return int(ch) if ch.isdigit() and ch.isascii() else None


def _integer(text: str) -> Decimal:
    """A numeral of 亿/万 sections (壹拾万零伍佰, 五万三千二百, 5万3千, 5.5万, 80000)."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([万亿])", text)
    if m:  # 5万, 5.5万, 1.2亿: the decimal is exact
        return Decimal(m[1]) * _BIG[m[2]]
    total, section, digit = Decimal(0), Decimal(0), None
    number = ""
    last_unit, zero = 1, False  # the unit before the pending digit, and a 零 since it
    for ch in text:
        d = _digit(ch)
        if d is not None and ch.isdigit() and ch.isascii():
            number += ch
            continue
        if number:
            digit, number = int(number), ""
        if d is not None:
            if digit is not None and digit != 0 and d != 0:
                raise ValueError(f"two digits without a unit in {text!r}")
            if d == 0:
                zero = True
            digit = d if d != 0 or digit is None else digit
            continue
        if ch in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[ch]
            digit, last_unit, zero = None, _SMALL[ch], False
        elif ch in _BIG:
            section += digit or 0
            if section == 0:
                raise ValueError(f"{ch} with nothing before it in {text!r}")
            total = (total + section) * _BIG[ch] if _BIG[ch] > 10_000 else total + section * _BIG[ch]
            section, digit, last_unit, zero = Decimal(0), None, _BIG[ch], False
        else:
            raise ValueError(f"not a numeral: {text!r}")
    if number:
        digit = int(number)
    if digit and last_unit > 10 and not zero:
        # 叁万伍 is 30005 as written and 35000 as spoken: a court amount that reads two ways is
        # not read at all
        raise ValueError(f"a digit after {last_unit} without 零 reads two ways: {text!r}")
    return total + section + (digit or 0)


def read_numeral(text: str) -> Decimal:
    """A number in Arabic or Chinese numerals (二十一, 十二, 壹拾万零伍佰, 5.5万); ValueError if it
    does not read exactly one way."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not s:
        raise ValueError("empty numeral")
    try:
        return _integer(s)
    except InvalidOperation:
        raise ValueError(f"not a numeral: {text!r}") from None


def read_amount(text: str) -> Decimal:
    """One amount (with or without 人民币, 元, 整) as a Decimal of yuan to the fen."""
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"\s+", "", s).replace("，", ",")
    s = re.sub(r"^(?:人民币|¥|￥)", "", s)
    s = re.sub(r"[整正]$", "", s)
    m = re.fullmatch(rf"(?P<y>[^元角分]*)元?零?(?:(?P<j>[{_CN}\d])角)?零?(?:(?P<f>[{_CN}\d])分)?", s)
    if not m or not (m["y"] or m["j"] or m["f"]):
        raise ValueError(f"not an amount: {text!r}")
    yuan = m["y"]
    if "," in yuan:
        if not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", yuan):
            raise ValueError(f"misplaced thousands separator in {text!r}")
        yuan = yuan.replace(",", "")
    try:
        value = _integer(yuan) if yuan else Decimal(0)
    except InvalidOperation:
        raise ValueError(f"not an amount: {text!r}") from None
    for key, unit in (("j", Decimal("0.1")), ("f", Decimal("0.01"))):
        if m[key]:
            d = _digit(m[key])
            if d is None:
                raise ValueError(f"not an amount: {text!r}")
            value += d * unit
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"finer than a fen: {text!r}")
    return value.quantize(Decimal("0.01"))


def find_amounts(text: str) -> list[tuple[int, int, Decimal | None, str]]:
    """(start, end, value or None when it does not read, the mention) for each amount in `text`."""
    out = []
    for m in AMOUNT.finditer(text):
        try:
            value: Decimal | None = read_amount(m.group(0))
        except ValueError:
            value = None
        out.append((m.start(), m.end(), value, m.group(0)))
    return out

"""Case numbers (案号): parse what people type and OCR reads, store and print one canonical form.

Form: `（年度）法院代字 + 类型代字 + 序号 + 号`, e.g. `（2026）苏0583民初1234号`. Everything that
keys on a case (the store, intake matching, the e-file) compares canonical strings, so every
variant a person or a scanner produces must collapse to exactly one spelling, and anything that
is not a case number must be refused with a message that says what to fix.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping, NamedTuple

from ..errors import CaseNumberError, Text

__all__ = [
    "CASE_TYPES",
    "PROVINCES",
    "SUPREME_COURT",
    "CaseNumber",
    "CaseType",
    "find_case_numbers",
    "format_case_number",
    "is_valid_case_number",
    "parse_case_number",
]


class CaseType(NamedTuple):
    """A type code's descriptions, so the UI can list codes without hard-coding them."""

    zh: str
    en: str


# Ordered as courts usually list them. Add codes here only from the Supreme People's Court's
# case-number rules: a code missing here is refused, which is the safe failure for matching.
CASE_TYPES: Mapping[str, CaseType] = MappingProxyType({
    "民初": CaseType("民事一审", "civil, first instance"),
    "民终": CaseType("民事二审", "civil, second instance (appeal)"),
    "民特": CaseType("民事特别程序", "civil, special procedure"),
    "民申": CaseType("民事申请再审审查", "civil, review of a retrial application"),
    "民辖": CaseType("民事管辖", "civil, jurisdiction"),
    "执": CaseType("首次执行", "enforcement, first application"),
    "执恢": CaseType("恢复执行", "enforcement, resumed"),
    "执保": CaseType("财产保全执行", "enforcement of a preservation order"),
    "执异": CaseType("执行异议", "enforcement, objection"),
    "刑初": CaseType("刑事一审", "criminal, first instance"),
    "刑终": CaseType("刑事二审", "criminal, second instance (appeal)"),
    "行初": CaseType("行政一审", "administrative, first instance"),
    "行终": CaseType("行政二审", "administrative, second instance (appeal)"),
    "财保": CaseType("非诉财产保全审查", "property preservation before action or arbitration"),
})

# The 31 mainland provincial-level abbreviations, plus 兵 for the Xinjiang Production and
# Construction Corps courts, which number their cases like a province of their own.
PROVINCES: Mapping[str, str] = MappingProxyType({
    "京": "北京", "津": "天津", "沪": "上海", "渝": "重庆", "冀": "河北", "豫": "河南",
    "云": "云南", "辽": "辽宁", "黑": "黑龙江", "湘": "湖南", "皖": "安徽", "鲁": "山东",
    "新": "新疆", "苏": "江苏", "浙": "浙江", "赣": "江西", "鄂": "湖北", "桂": "广西",
    "甘": "甘肃", "晋": "山西", "蒙": "内蒙古", "陕": "陕西", "吉": "吉林", "闽": "福建",
    "贵": "贵州", "粤": "广东", "青": "青海", "藏": "西藏", "川": "四川", "宁": "宁夏",
    "琼": "海南", "兵": "新疆生产建设兵团",
})

SUPREME_COURT = "最高法"
MIN_YEAR = 1949
MAX_SEQ = 99_999_999  # a court files far fewer cases of one type in a year; beyond is a typo or an attack

# Longest first, so that 执恢 is tried before 执 wherever codes are matched by prefix.
_TYPES_LONGEST_FIRST = tuple(sorted(CASE_TYPES, key=len, reverse=True))

_OPENERS = "(（〔[［"
_CLOSERS = ")）〕]］"
# One table does every character-level normalisation: full-width digits to ASCII, every accepted
# bracket to the canonical full-width pair, and all kinds of space (ASCII, NBSP, U+3000, zero-width,
# BOM) deleted. A 1:1 table keeps find_case_numbers' regex simple.
_NORMALISE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{c: "（" for c in _OPENERS},
        **{c: "）" for c in _CLOSERS},
    }
)
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_COURT_RE = re.compile(r"(?:最高法|[%s](?:[0-9]{2}|[0-9]{4})?)" % "".join(PROVINCES))


def _current_year() -> int:
    """Separate so tests can pin the clock; the upper bound moves every New Year."""
    return datetime.date.today().year


def _fail(text: str, zh: str, en: str) -> CaseNumberError:
    """One message shape for every refusal: the clerk reads Chinese, the log reader English."""
    return CaseNumberError(
        Text(f"案号格式不正确：{zh}（输入：「{text}」）", f"invalid case number: {en} (input: {text!r})"),
        field="case_number",
    )


def _check_year(year: int, text: str) -> None:
    top = _current_year() + 1
    if not MIN_YEAR <= year <= top:
        raise _fail(
            text,
            f"年度 {year} 超出范围（{MIN_YEAR}–{top}）",
            f"year {year} out of range ({MIN_YEAR}-{top})",
        )


@dataclass(frozen=True)
class CaseNumber:
    """A validated case number; constructing one directly validates it too, so none is ever bad."""

    year: int
    court: str
    type_code: str
    seq: int

    def __post_init__(self) -> None:
        shown = f"（{self.year}）{self.court}{self.type_code}{self.seq}号"
        if type(self.year) is not int:
            raise _fail(shown, "年度必须是整数", "year must be an integer")
        _check_year(self.year, shown)
        if not isinstance(self.court, str) or not _COURT_RE.fullmatch(self.court):
            raise _fail(
                shown,
                f"法院代字「{self.court}」无效（省份简称后接 0、2 或 4 位数字，或“最高法”）",
                f"court code {self.court!r} is not a province abbreviation followed by "
                "0, 2 or 4 digits, nor 最高法",
            )
        if self.type_code not in CASE_TYPES:
            raise _fail(
                shown,
                f"未知的类型代字「{self.type_code}」",
                f"unknown case type code {self.type_code!r}",
            )
        if type(self.seq) is not int or self.seq < 1:
            raise _fail(shown, "序号必须是正整数", "sequence number must be a positive integer")
        if self.seq > MAX_SEQ:
            raise _fail(shown, f"序号超过 {MAX_SEQ}", f"sequence number greater than {MAX_SEQ}")

    @property
    def canonical(self) -> str:
        return f"（{self.year}）{self.court}{self.type_code}{self.seq}号"

    @property
    def province(self) -> str | None:
        """The province abbreviation (苏), or None for the Supreme People's Court."""
        return None if self.court == SUPREME_COURT else self.court[0]

    @property
    def court_level(self) -> str:
        """'supreme' | 'higher' | 'intermediate' | 'basic', read off the number of court digits."""
        if self.court == SUPREME_COURT:
            return "supreme"
        return {1: "higher", 3: "intermediate", 5: "basic"}[len(self.court)]

    @property
    def type_description(self) -> CaseType:
        return CASE_TYPES[self.type_code]

    def __str__(self) -> str:
        return self.canonical


def _normalise(text: str) -> str:
    return _INVISIBLE.sub("", text.translate(_NORMALISE))


def _digit_run(s: str, start: int) -> int:
    """End index of the run of ASCII digits starting at `start` (str.isdigit also takes ²)."""
    end = start
    while end < len(s) and "0" <= s[end] <= "9":
        end += 1
    return end


def parse_case_number(text: str) -> CaseNumber:
    """Read a case number as typed or scanned; refuse with the specific defect named.

    Accepted on input, never produced on output: half-width ``()``, ``〔〕``, ``[]`` brackets,
    spaces of any kind anywhere, full-width digits, a missing trailing 号. Refused: sequence
    numbers with leading zeros (0123 is a typo for something, and guessing which case it meant
    would file a page in the wrong case), and anything after 号.
    """
    if not isinstance(text, str):
        raise TypeError(f"case number must be str, not {type(text).__name__}")
    s = _normalise(text)
    if not s:
        raise _fail(text, "为空", "empty")

    # （年度）
    if s[0] != "（":
        if _digit_run(s, 0) == 4:
            raise _fail(text, "年度须用括号括起，如（2026）", "year must be in brackets, e.g. （2026）")
        raise _fail(text, "应以（年度）开头", "must begin with the year in brackets, e.g. （2026）")
    close = s.find("）")
    if close < 0:
        raise _fail(text, "年度缺少右括号", "missing closing bracket after the year")
    year_s = s[1:close]
    if not year_s:
        raise _fail(text, "缺少年度", "missing year")
    if _digit_run(year_s, 0) != len(year_s) or len(year_s) != 4:
        raise _fail(
            text,
            f"年度「{year_s}」应为四位数字",
            f"year {year_s!r} must be four digits",
        )
    year = int(year_s)
    _check_year(year, text)
    pos = close + 1

    # 法院代字
    if s.startswith(SUPREME_COURT, pos):
        court_end = pos + len(SUPREME_COURT)
        if _digit_run(s, court_end) != court_end:
            raise _fail(
                text,
                "最高人民法院代字“最高法”后不带数字",
                "the Supreme People's Court code 最高法 takes no digits",
            )
    else:
        if pos >= len(s):
            raise _fail(text, "缺少法院代字", "missing court code")
        head = s[pos]
        if "0" <= head <= "9":
            raise _fail(
                text,
                "法院代字缺少省份简称",
                "court code is missing its province abbreviation",
            )
        if head not in PROVINCES:
            raise _fail(
                text,
                f"未知的省份简称「{head}」",
                f"unknown province abbreviation {head!r}",
            )
        court_end = _digit_run(s, pos + 1)
        n = court_end - pos - 1
        if n > 4 and s[court_end:] in ("", "号"):
            # 苏05831号: court and sequence digits ran together, so the type code is what's missing.
            raise _fail(
                text,
                "缺少类型代字（如 民初），法院代字与序号连在一起",
                "missing case type code (e.g. 民初) between court code and sequence number",
            )
        if n not in (0, 2, 4):
            raise _fail(
                text,
                f"法院代字「{s[pos:court_end]}」的数字应为 0、2 或 4 位，实为 {n} 位",
                f"court code {s[pos:court_end]!r}: digits after the province abbreviation "
                f"must be 0, 2 or 4, got {n}",
            )
    court = s[pos:court_end]
    pos = court_end

    # 类型代字: the non-digit run before the sequence; it must be exactly one known code.
    type_end = pos
    while type_end < len(s) and not ("0" <= s[type_end] <= "9") and s[type_end] != "号":
        type_end += 1
    type_code = s[pos:type_end]
    if not type_code:
        raise _fail(text, "缺少类型代字（如 民初）", "missing case type code (e.g. 民初)")
    if type_code not in CASE_TYPES:
        raise _fail(
            text,
            f"未知的类型代字「{type_code}」（可用：{'、'.join(CASE_TYPES)}）",
            f"unknown case type code {type_code!r} (known: {', '.join(CASE_TYPES)})",
        )
    pos = type_end

    # 序号
    seq_end = _digit_run(s, pos)
    seq_s = s[pos:seq_end]
    if not seq_s:
        raise _fail(text, "缺少序号", "missing sequence number")
    if seq_s[0] == "0":
        if set(seq_s) == {"0"}:
            raise _fail(text, "序号必须大于 0", "sequence number must be greater than 0")
        raise _fail(
            text,
            f"序号「{seq_s}」有前导零，可能是笔误",
            f"sequence number {seq_s!r} has a leading zero (probably a typo)",
        )
    pos = seq_end

    # 号, then nothing.
    rest = s[pos:]
    if rest.startswith("号"):
        rest = rest[1:]
    if rest:
        raise _fail(
            text,
            f"案号后有多余字符「{rest}」",
            f"trailing characters {rest!r} after the number",
        )
    return CaseNumber(year=year, court=court, type_code=type_code, seq=int(seq_s))


def format_case_number(year: int, court: str, type_code: str, seq: int) -> str:
    """Build the canonical string from parts, validating them, for numbers the court assigns."""
    return CaseNumber(year=year, court=court, type_code=type_code, seq=seq).canonical


def is_valid_case_number(text: str) -> bool:
    """For form fields that only colour themselves; use parse_case_number to say why."""
    try:
        parse_case_number(text)
    except CaseNumberError:
        return False
    return True


def _spaced(literal: str) -> str:
    r"""Regex for `literal` with optional whitespace between its characters (OCR splits words)."""
    return r"\s*".join(re.escape(c) for c in literal)


_SP = r"[\s\u200b\u200c\u200d\u2060\ufeff]*"
_D = r"[0-9]"
# A candidate must show brackets, a 4-digit year, a court code, a known type code, digits and 号.
# 号 is required here, unlike parse_case_number: in running text the digits after the type code
# may run on into a page count or a date ("民初1234 5页"), and 号 is what ends the number.
_FIND_RE = re.compile(
    "（" + _SP + "(?:" + _D + _SP + "){4}）" + _SP
    + "(?:" + _spaced(SUPREME_COURT) + "|[" + "".join(PROVINCES) + "]" + _SP
    + "(?:(?:" + _D + _SP + "){4}|(?:" + _D + _SP + "){2})?)" + _SP
    + "(?:" + "|".join(_spaced(t) for t in _TYPES_LONGEST_FIRST) + ")" + _SP
    + _D + "(?:" + _SP + _D + ")*" + _SP + "号"
)


def find_case_numbers(text: str) -> list[CaseNumber]:
    """Every case number in running (OCR'd) text, in order of first appearance, no duplicates.

    Used to match scanned pages to cases, so precision beats recall: each candidate the pattern
    finds is re-read by parse_case_number and dropped unless it validates (year range, leading
    zeros, ...), and a number without its closing 号 is not found at all.
    """
    found: list[CaseNumber] = []
    seen: set[str] = set()
    for m in _FIND_RE.finditer(text.translate(_NORMALISE)):
        try:
            number = parse_case_number(m.group(0))
        except CaseNumberError:
            continue
        if number.canonical not in seen:
            seen.add(number.canonical)
            found.append(number)
    return found

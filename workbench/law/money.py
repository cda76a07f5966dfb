"""Money as a court writes it: amounts in yuan to the fen, read from what a person types,
formatted for documents, and written in uppercase (人民币大写)."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..errors import Text, UserError

__all__ = ["FEN", "bad_amount", "check_amount", "fmt_yuan", "parse_amount", "round_fen",
           "uppercase_amount"]

FEN = Decimal("0.01")


def round_fen(d: Decimal) -> Decimal:
    return d.quantize(FEN, rounding=ROUND_HALF_UP)


def fmt_yuan(d: Decimal) -> str:
    """Money for documents: always two decimals, rounded half-up, with thousands separators."""
    return f"{round_fen(Decimal(d)):,.2f}"


def bad_amount(text: object, zh: str, en: str) -> UserError:
    return UserError(
        Text(f"金额不正确：{zh}（输入：「{text}」）：{str(text)!r})",
             f"invalid amount: {en} (input: {str(text)!r})"),
        field="amount",
    )


def check_amount(amount: Decimal | int) -> Decimal:
    """Amounts reaching the fee functions from code: refuse floats, which cannot hold a fen."""
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise TypeError(f"amount must be Decimal or int, not {type(amount).__name__}")
    d = Decimal(amount)
    if not d.is_finite():
        raise bad_amount(amount, "不是有限数值", "not a finite number")
    if d < 0:
        raise bad_amount(amount, "不能为负数", "must not be negative")
    if d != d.quantize(FEN, rounding=ROUND_HALF_UP):
        raise bad_amount(amount, "最多保留两位小数（到分）", "more than 2 decimal places (finer than a fen)")
    return d


_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


def parse_amount(text: str) -> Decimal:
    """Read an amount as typed into a form or a claim: "80000", "80,000.00", "８００００", "80000元".

    Commas must be real thousands separators, because "1,50" is a European 1.50 and reading it as
    150 would be a silent hundredfold error. At most two decimals, because the court deals in fen.
    """
    if not isinstance(text, str):
        raise TypeError(f"amount text must be str, not {type(text).__name__}")
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"\s+", "", s)
    for prefix in ("人民币", "¥"):
        s = s.removeprefix(prefix)
    s = s.removesuffix("元")
    if not s:
        raise bad_amount(text, "为空", "empty")
    # Decimal() reads more than we accept (1e5, +5, NaN); it is used only to name the defect.
    try:
        value: Decimal | None = Decimal(s.replace(",", ""))
    except InvalidOperation:
        value = None
    if value is not None:
        if not value.is_finite():
            raise bad_amount(text, "不是有限数值", "not a finite number")
        if s.startswith("-"):
            raise bad_amount(text, "不能为负数", "must not be negative")
        if "," in s and _GROUPED.fullmatch(s) is None:
            raise bad_amount(text, "千位分隔符位置不正确", "misplaced thousands separator")
    if value is None or not (_PLAIN.fullmatch(s) or _GROUPED.fullmatch(s)):
        raise bad_amount(text, "不是数字", "not a number")
    if "." in s and len(s.split(".")[1]) > 2:
        raise bad_amount(text, "最多两位小数（到分）", "more than 2 decimal places (finer than a fen)")
    return value.quantize(FEN)


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("仟", "佰", "拾", "")
_BIG_UNITS = ("", "万", "亿", "万亿")


def _group_text(g: int) -> str:
    """0 < g < 10000 as 仟佰拾: inner zeros make one 零, trailing zeros nothing."""
    out: list[str] = []
    pending_zero = False
    for d, unit in zip(f"{g:04d}", _SMALL_UNITS):
        if d == "0":
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_DIGITS[int(d)] + unit)
    return "".join(out)


def uppercase_amount(d: Decimal | int) -> str:
    """人民币大写 for judgments and notices, rounded half-up to the fen, without the 人民币 prefix.

    Follows 《正确填写票据和结算凭证的基本规定》: 整 after 元, nothing after 角 or 分; 壹拾 not 拾;
    a 零 where a 4-digit group starts with zeros or a whole group is zero between non-zero parts
    (100001 → 壹拾万零壹元), and between 元 and 分 when 角 is zero (80000.03 → 捌万元零叁分).
    Where the rules leave 零 optional (万位 or 元位 zero but 千位 or 角位 not) none is written:
    105000 → 壹拾万伍仟元整, 1050.5 → 壹仟零伍拾元伍角.
    """
    if isinstance(d, bool) or not isinstance(d, (Decimal, int)):
        raise TypeError(f"amount must be Decimal or int, not {type(d).__name__}")
    value = Decimal(d)
    if not value.is_finite() or value < 0:
        raise bad_amount(d, "大写金额须为非负有限数值", "uppercase needs a non-negative finite amount")
    fen_total = int(round_fen(value) * 100)
    yuan, rem = divmod(fen_total, 100)
    jiao, fen = divmod(rem, 10)
    if yuan >= 10**16:
        raise bad_amount(d, "金额过大", "amount too large")

    parts: list[str] = []
    groups = []
    n = yuan
    while n:
        n, g = divmod(n, 10_000)
        groups.append(g)
    zero_gap = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            zero_gap = bool(parts)
            continue
        if parts and (zero_gap or g < 1000):
            parts.append("零")
        parts.append(_group_text(g) + _BIG_UNITS[i])
        zero_gap = False

    if not parts and not jiao and not fen:
        return "零元整"
    if parts:
        parts.append("元")
    if not jiao and not fen:
        parts.append("整")
        return "".join(parts)
    if jiao:
        parts.append(_DIGITS[jiao] + "角")
    elif yuan:
        parts.append("零")
    if fen:
        parts.append(_DIGITS[fen] + "分")
    return "".join(parts)

"""Court fees under 《诉讼费用交纳办法》 (2007); money itself is in `law.money`.

A fee goes into the fee notice (交纳诉讼费用通知书) and the judgment's costs paragraph, where a
wrong fen is a correction ruling; so all money is `Decimal`, rounding happens once per figure at
the fen with ROUND_HALF_UP, and each result carries its legal basis and working so the judge can
check it by eye.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import Text, UserError
from .money import bad_amount, check_amount, round_fen

__all__ = [
    "FeeResult",
    "court_fee",
    "preservation_fee",
    "property_fee",
]

_ACT = "《诉讼费用交纳办法》"

# 第十三条（一）: (bracket top in yuan, rate); the first bracket is a flat 50 per case.
_PROPERTY_FLAT_TOP = Decimal(10_000)
_PROPERTY_FLAT_FEE = Decimal("50.00")
_PROPERTY_BRACKETS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal(100_000), Decimal("0.025")),
    (Decimal(200_000), Decimal("0.02")),
    (Decimal(500_000), Decimal("0.015")),
    (Decimal(1_000_000), Decimal("0.01")),
    (Decimal(2_000_000), Decimal("0.009")),
    (Decimal(5_000_000), Decimal("0.008")),
    (Decimal(10_000_000), Decimal("0.007")),
    (Decimal(20_000_000), Decimal("0.006")),
    (None, Decimal("0.005")),
)

# 第十四条（二）
_PRESERVATION_FLAT_TOP = Decimal(1_000)
_PRESERVATION_FLAT_FEE = Decimal("30.00")
_PRESERVATION_BRACKETS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal(100_000), Decimal("0.01")),
    (None, Decimal("0.005")),
)
_PRESERVATION_CAP = Decimal("5000.00")

PROCEDURES = ("ordinary", "simple", "small_claims")
KINDS = ("property", "preservation")
CONCLUSIONS = (None, "judgment", "mediation", "withdrawal")


@dataclass(frozen=True)
class FeeResult:
    """One fee with its legal basis and working, ready for a notice or a costs paragraph.

    `amount` is the claim (or preservation) amount; None only for a preservation application
    that involves no amount. `full_fee` is before any halving, `fee` is what is payable.
    """

    kind: str
    amount: Decimal | None
    full_fee: Decimal
    fee: Decimal
    halved: bool
    basis: str
    steps: list[str] = field(default_factory=list)


def _num(d: Decimal) -> str:
    """Figures as a judge writes them in working: thousands separators, no '.00' on whole yuan."""
    if d == d.to_integral_value():
        return f"{int(d):,}"
    text = f"{d.normalize():,f}"
    whole, frac = text.split(".")
    return f"{whole}.{frac.ljust(2, '0')}"


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _brackets(
    amount: Decimal,
    flat_top: Decimal,
    flat_fee: Decimal,
    brackets: tuple[tuple[Decimal | None, Decimal], ...],
    steps: list[str],
) -> Decimal:
    """Cumulative schedule: a flat fee up to `flat_top`, then each slice at its own rate."""
    steps.append(f"{_num(flat_top)} 元以下部分：{_num(flat_fee)} 元")
    total = flat_fee
    lower = flat_top
    for top, rate in brackets:
        if amount <= lower:
            break
        upper = amount if top is None else min(amount, top)
        part = upper - lower
        product = part * rate
        label = (
            f"{_num(lower)} 元以上部分"
            if top is None
            else f"{_num(lower)}–{_num(upper)} 元部分"
        )
        steps.append(f"{label} {_num(part)} × {_pct(rate)} = {_num(product)} 元")
        total += product
        if top is None:
            break
        lower = top
    return total


def _total_step(exact: Decimal, rounded: Decimal, steps: list[str]) -> None:
    if exact == rounded:
        steps.append(f"合计：{_num(rounded)} 元")
    else:
        steps.append(f"合计：{_num(exact)} 元，四舍五入至分：{_num(rounded)} 元")


def _property(amount: Decimal, steps: list[str]) -> Decimal:
    exact = _brackets(amount, _PROPERTY_FLAT_TOP, _PROPERTY_FLAT_FEE, _PROPERTY_BRACKETS, steps)
    rounded = round_fen(exact)
    _total_step(exact, rounded, steps)
    return rounded


def _preservation(amount: Decimal | None, steps: list[str]) -> Decimal:
    if amount is None:
        steps.append("不涉及财产数额：30 元")
        return _PRESERVATION_FLAT_FEE
    exact = _brackets(
        amount, _PRESERVATION_FLAT_TOP, _PRESERVATION_FLAT_FEE, _PRESERVATION_BRACKETS, steps
    )
    rounded = round_fen(exact)
    _total_step(exact, rounded, steps)
    if rounded > _PRESERVATION_CAP:
        steps.append(f"超过上限，按 {_num(_PRESERVATION_CAP)} 元收取")
        return _PRESERVATION_CAP
    return rounded


def property_fee(amount: Decimal | int) -> Decimal:
    """Full (unhalved) acceptance fee for a property case, 第十三条第（一）项.

    The schedule is cumulative ("…的部分，按照…交纳"): each slice of the claim pays its own rate,
    and the fee is rounded once at the end, so 10,000.20 元 gives 50.005 → 50.01 元.
    """
    return _property(check_amount(amount), [])


def preservation_fee(amount: Decimal | int | None) -> Decimal:
    """Preservation application fee, 第十四条第（二）项.

    Reading chosen: the schedule is cumulative like 第十三条 ("超过1000元至10万元的部分，按照1%
    交纳；超过10万元的部分，按照0.5%交纳"), i.e. 30 元 covers the first 1,000 元 (or an
    application with no amount), then 30 + 1% × (amount − 1,000) up to 100,000 元, then
    + 0.5% of the excess; the result is capped at 5,000 元 (reached at 896,000 元).
    """
    return _preservation(None if amount is None else check_amount(amount), [])


def _choice(value: object, allowed: tuple[object, ...], name: str) -> None:
    if value not in allowed:
        shown = "、".join(str(a) for a in allowed)
        raise UserError(
            Text(f"参数 {name} 的取值「{value}」无效（可用：{shown}）：{', '.join(map(repr, allowed))})",
                 f"invalid {name} {value!r} (allowed: {', '.join(map(repr, allowed))})"),
            field=name,
        )


def court_fee(
    amount: Decimal | int | None,
    procedure: str = "ordinary",
    kind: str = "property",
    concluded_by: str | None = None,
    stack_halvings: bool = False,
) -> FeeResult:
    """The fee payable, with the halvings the law allows and the working shown.

    Halvings: 第十六条 (simple procedure) and 第十五条 (mediation or withdrawal). By default at
    most one half is taken even when both apply, as courts do in practice; a court profile that
    halves twice sets `stack_halvings`, and then each halving rounds to the fen in turn, as a
    clerk would when refunding half of an already-halved prepayment. The preservation
    application fee is never halved: 第十五条 and 第十六条 speak only of 案件受理费.
    """
    _choice(procedure, PROCEDURES, "procedure")
    _choice(kind, KINDS, "kind")
    _choice(concluded_by, CONCLUSIONS, "concluded_by")
    steps: list[str] = []

    if kind == "preservation":
        checked = None if amount is None else check_amount(amount)
        fee = _preservation(checked, steps)
        if procedure != "ordinary" or concluded_by in ("mediation", "withdrawal"):
            steps.append("申请费不适用减半（第十五条、第十六条仅适用于案件受理费）")
        return FeeResult(
            kind=kind, amount=checked, full_fee=fee, fee=fee, halved=False,
            basis=f"{_ACT}第十四条第（二）项", steps=steps,
        )

    if amount is None:
        raise bad_amount(None, "财产案件须有诉讼请求金额", "a property case needs a claim amount")
    checked = check_amount(amount)
    full = _property(checked, steps)

    # Small claims (小额诉讼) sit inside the simple-procedure chapter of the Civil Procedure Law
    # (第十三章 简易程序): a small-claims case is a simple-procedure case with extra limits. The
    # 2007 fee rules predate small claims (introduced 2012), so 第十六条's "适用简易程序审理的案件"
    # is what reaches them.
    # Simple procedure first: it is known at filing, when the prepayment is already halved;
    # mediation or withdrawal comes at the end of the case.
    halvings: list[tuple[str, str]] = []
    if procedure in ("simple", "small_claims"):
        how = "适用简易程序" if procedure == "simple" else "适用小额诉讼程序（简易程序）"
        halvings.append(("第十六条", how))
    if concluded_by in ("mediation", "withdrawal"):
        how = "以调解方式结案" if concluded_by == "mediation" else "当事人申请撤诉"
        halvings.append(("第十五条", how))

    fee = full
    applied = halvings if stack_halvings else halvings[:1]
    for article, how in applied:
        half = round_fen(fee / 2)
        steps.append(f"{how}，依{article}减半：{_num(fee)} ÷ 2 = {_num(half)} 元")
        fee = half
    if len(halvings) > len(applied):
        skipped = "、".join(f"{a}（{h}）" for a, h in halvings[len(applied):])
        steps.append(f"{skipped}不再重复减半")

    # Only the halving actually taken is cited: a mediated simple-procedure case halved once
    # under 第十六条 does not rest on 第十五条 (issue 12, point 10).
    articles = ["第十三条第（一）项"] + sorted(a for a, _ in applied)  # 十五 sorts before 十六
    return FeeResult(
        kind=kind, amount=checked, full_fee=full, fee=fee, halved=bool(applied),
        basis=_ACT + "、".join(articles), steps=steps,
    )

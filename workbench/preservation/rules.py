"""What the law says about property preservation (财产保全). Pure functions; the article texts
are in tests/data/law/queues_articles.json (fetched from LawRefBook/Laws).

- Ruling deadline: pre-suit, "必须在四十八小时内作出裁定" (民诉法（2023）第一百零四条第二款); in-suit,
  within 48 hours when urgent (第一百零三条第三款), otherwise "应当在五日内作出裁定；需要提供担保的，
  应当在提供担保后五日内作出裁定" (财产保全规定 第四条).
- Security: pre-suit, "应当提供相当于请求保全数额的担保" (民诉法解释第一百五十二条第二款; 规定第五条
  第二款); in-suit, at the court's discretion but "不超过请求保全数额的百分之三十" (规定第五条第一款),
  none in the cases of 规定第九条.
- Scope: "保全限于请求的范围" (第一百零五条): never more than the claim.
- Fee: 诉讼费用交纳办法 第十四条第（二）项, on "实际保全的财产数额" (law/fees.py).
- Terms: preservation follows the execution rules (民诉法解释第一百五十六条): bank deposits at most one
  year, movables two years, real property and other property rights three years (第四百八十五条
  第一款); a renewal no longer than that again, made before the term ends (第二款, 第三款); the
  applicant applies to renew at least seven days before the term ends (规定第十八条).
- Pre-suit: released unless the applicant sues or applies for arbitration "在人民法院采取保全措施后
  三十日内" (第一百零四条第三款; 规定第二十三条第一款第（一）项).
- Release on application: "应当在五日内裁定解除保全；对情况紧急的，必须在四十八小时内" (规定第二十三条
  第二款).
Terms count from the day after the start (第八十五条第二款; 解释第一百二十五条): a one-year freeze
begun on 2026-03-10 ends on 2027-03-10.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ..errors import Text, UserError
from ..law.fees import preservation_fee
from ..law.months import add_years

STAGES = {"pre_suit": "诉前财产保全", "in_suit": "诉讼中财产保全"}


@dataclass(frozen=True)
class MeasureKind:
    key: str
    zh: str
    action: str  # the verb the ruling uses
    years: int
    en: str = ""  # the measure in English, for the English interface


MEASURE_KINDS: dict[str, MeasureKind] = {k.key: k for k in (
    MeasureKind("bank_deposit", "银行存款", "冻结", 1, "Frozen bank deposits"),
    MeasureKind("movable", "动产", "查封、扣押", 2, "Sealed or seized movables"),
    MeasureKind("real_property", "不动产", "查封", 3, "Sealed real property"),
    MeasureKind("other_right", "其他财产权", "冻结", 3, "Other frozen property rights"),
)}
TERM_BASIS = "民诉法解释第四百八十五条（依第一百五十六条适用于保全）"

# 规定第九条: in-suit applications the court may take without security.
SECURITY_EXEMPT = {
    "maintenance_wages_injury": "追索赡养费、扶养费、抚育费、抚恤金、医疗费用、劳动报酬、工伤赔偿、交通事故人身损害赔偿",
    "domestic_violence": "婚姻家庭纠纷案件中遭遇家庭暴力且经济困难",
    "public_interest": "人民检察院提起的公益诉讼涉及损害赔偿",
    "good_samaritan": "因见义勇为遭受侵害请求损害赔偿",
    "clear_case": "案件事实清楚、权利义务关系明确，发生保全错误可能性较小",
    "financial_institution": "申请保全人为商业银行、保险公司等金融机构",
}
SUIT_DAYS = 30  # 第一百零四条第三款
RENEWAL_NOTICE_DAYS = 7  # 规定第十八条
IN_SUIT_SECURITY_SHARE = Decimal("0.30")  # 规定第五条第一款


def measure_kind(key: str) -> MeasureKind:
    try:
        return MEASURE_KINDS[key]
    except KeyError:
        raise UserError(f"未知的保全财产种类 {key!r}；可用：" + "、".join(
            f"{k.key}（{k.zh}）" for k in MEASURE_KINDS.values()), field="kind") from None


def ruling_deadline(stage: str, applied_at: datetime, urgent: bool,
                    security_provided_at: datetime | None = None) -> tuple[datetime, str]:
    """When the ruling is due, and why."""
    if stage not in STAGES:
        raise UserError(f"保全阶段应为 pre_suit 或 in_suit：{stage!r}", field="stage")
    if stage == "pre_suit":
        return applied_at + timedelta(hours=48), "民诉法第一百零四条第二款：四十八小时内作出裁定"
    if urgent:
        return applied_at + timedelta(hours=48), "民诉法第一百零三条第三款：情况紧急的，四十八小时内"
    start = security_provided_at or applied_at
    # Five days, the start day not counted: the end of the fifth day after.
    due = datetime.combine(start.date() + timedelta(days=5), datetime.max.time()).replace(
        microsecond=0)
    why = "提供担保后五日内" if security_provided_at else "五日内"
    return due, f"财产保全规定第四条：{why}作出裁定"


def security_required(stage: str, amount: Decimal, *, exempt: str | None = None,
                      ordered: Decimal | None = None) -> tuple[Decimal, str]:
    """The security the applicant must give (pre-suit) or may be ordered to give (in-suit)."""
    if stage == "pre_suit":
        if exempt:
            raise UserError(Text("诉前财产保全应当提供担保（民诉法第一百零四条第一款）",
                                 "pre-suit preservation always needs security"), field="exempt")
        return amount, "民诉法解释第一百五十二条第二款：相当于请求保全数额的担保"
    if exempt:
        if exempt not in SECURITY_EXEMPT:
            raise UserError("免于担保的情形应为：" + "、".join(SECURITY_EXEMPT), field="exempt")
        return Decimal("0"), f"财产保全规定第九条：{SECURITY_EXEMPT[exempt]}，可以不要求提供担保"
    ceiling = (amount * IN_SUIT_SECURITY_SHARE).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if ordered is None:
        return ceiling, "财产保全规定第五条第一款：担保数额不超过请求保全数额的百分之三十（上限）"
    if ordered > ceiling:
        raise UserError(f"责令提供的担保 {ordered} 元超过请求保全数额的百分之三十（{ceiling} 元）"
                        "（财产保全规定第五条第一款）", field="security")
    return ordered, "财产保全规定第五条第一款：人民法院责令提供的担保"


def fee(amount: Decimal | None) -> Decimal:
    """诉讼费用交纳办法 第十四条第（二）项."""
    return preservation_fee(amount)


def expiry(kind: str, start: date, requested_end: date | None = None) -> date:
    """A measure's last day: the maximum term of its kind, or a shorter one the ruling sets."""
    k = measure_kind(kind)
    longest = add_years(start, k.years)
    if requested_end is not None:
        if requested_end > longest:
            raise UserError(f"{k.zh}的保全期限不得超过{('一', '两', '三')[k.years - 1]}年（至 {longest}）"
                            f"（{TERM_BASIS}）", field="expires_on")
        if requested_end <= start:
            raise UserError(Text("期满日须晚于开始日", "the term must end after it starts"))
        return requested_end
    return longest


def renewal_expiry(kind: str, current_expiry: date, on: date,
                   requested_end: date | None = None) -> tuple[date, list[str]]:
    """The new last day of a renewed measure and warnings (a late application)."""
    if on > current_expiry:
        raise UserError(Text(f"保全措施已于 {current_expiry} 期满，不能续行（{TERM_BASIS}第二款：期满前办理）",
                             "a measure cannot be renewed after it has expired"), field="on")
    notes = []
    if on > current_expiry - timedelta(days=RENEWAL_NOTICE_DAYS):
        notes.append(f"续行申请应在期满七日前（{current_expiry - timedelta(days=RENEWAL_NOTICE_DAYS)}）"
                     "提出（财产保全规定第十八条）；本次为逾期申请或依职权续行")
    return expiry(kind, current_expiry, requested_end), notes


def suit_deadline(first_measure_on: date) -> date:
    """The last day the pre-suit applicant may sue (第一百零四条第三款)."""
    return first_measure_on + timedelta(days=SUIT_DAYS)


@dataclass(frozen=True)
class Alert:
    level: str  # yellow | red | lapsed
    kind: str  # "expiry" or "suit"
    due: date
    days_left: int
    text: str  # a Text: both interface languages


def expiry_alert(kind: str, expires_on: date, today: date, warn_days: int = 30) -> Alert | None:
    """Before a measure lapses: yellow within `warn_days`, red once the applicant's seven days
    before the end (规定第十八条) have begun, lapsed after the last day."""
    left = (expires_on - today).days
    k = measure_kind(kind)
    if left < 0:
        return Alert("lapsed", "expiry", expires_on, left,
                     Text(f"{k.action}{k.zh}已于 {expires_on} 期满失效",
                          f"{k.en}: the term ended on {expires_on}; the measure has lapsed"))
    if left <= RENEWAL_NOTICE_DAYS:
        return Alert("red", "expiry", expires_on, left,
                     Text(f"{k.action}{k.zh}将于 {expires_on} 期满（剩 {left} 日，已过申请续行的期限）",
                          f"{k.en}: the term ends on {expires_on} ({left} days left; the time to "
                          "apply for renewal has passed)"))
    if left <= warn_days:
        return Alert("yellow", "expiry", expires_on, left,
                     Text(f"{k.action}{k.zh}将于 {expires_on} 期满（剩 {left} 日），续行申请截止 "
                          f"{expires_on - timedelta(days=RENEWAL_NOTICE_DAYS)}",
                          f"{k.en}: the term ends on {expires_on} ({left} days left); apply for "
                          f"renewal by {expires_on - timedelta(days=RENEWAL_NOTICE_DAYS)}"))
    return None


def suit_alert(first_measure_on: date, today: date, sued: bool) -> Alert | None:
    if sued:
        return None
    due = suit_deadline(first_measure_on)
    left = (due - today).days
    if left < 0:
        return Alert("red", "suit", due, left, Text(
            f"申请人未在采取保全措施后三十日内（{due} 前）起诉或申请仲裁，应当解除保全（民诉法第一百零四条第三款）",
            f"the applicant did not sue or apply for arbitration within thirty days of the first "
            f"measure (by {due}): the preservation is to be released (Civil Procedure Law, "
            "art. 104, para. 3)"))
    if left <= 7:
        return Alert("yellow", "suit", due, left, Text(
            f"诉前保全：申请人须于 {due} 前起诉或申请仲裁（剩 {left} 日）",
            f"pre-suit preservation: the applicant must sue or apply for arbitration by {due} "
            f"({left} days left)"))
    return None

"""Cross-section checks of the document checker: every amount against the case and the other
sections, the claims paragraph against the claims on record, the order of the case's dates, who
bears the fee, the appeal notice of a final (small-claims) judgment, and articles cited under
another version's numbering."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from ..errors import UserError
from .checks_money import MONEY
from ..law.money import parse_amount
from .findings import Run
from ..law.statutes import StatuteError, article_cn, parse_citations

__all__ = ["check_claims_paragraph", "check_every_amount", "check_fee_bearer", "check_final_judgment",
           "check_hearing_order", "check_interest_cap", "check_version_numbering"]

# Sections whose amounts must each be found in the case record or in another section. The costs
# paragraph is the fee check's (its figures come from the schedule, not the record).
_STATED = ("claims", "defence", "findings", "reasoning", "operative")
_ITEM = re.compile(r"(?:^|[：；。])\s*(\d{1,2})[.．、]")


def _amount(text: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except UserError:
        return None


def _record_amounts(r: Run) -> set[Decimal]:
    """Every amount the case record states: claims, their total, and the money elements."""
    out: set[Decimal] = {c.amount for c in r.case.claims if c.amount is not None}
    if out:
        out.add(r.case.claim_total)
    for v in r.case.elements.values():
        for x in v if isinstance(v, list) else [v]:
            if isinstance(x, (int, float, Decimal)) and not isinstance(x, bool):
                out.add(Decimal(str(x)))
            elif isinstance(x, str) and re.fullmatch(r"[0-9][0-9,]*(?:\.[0-9]{1,2})?(?:元)?", x.strip()):
                a = _amount(x)
                if a is not None:
                    out.add(a)
    return {a.normalize() for a in out}


def _claim_list(text: str) -> tuple[int, str] | None:
    """(offset, text) of the numbered claims in a 诉讼请求 paragraph, up to 事实和理由."""
    m = re.search(r"诉讼请求[：:]", text)
    if not m:
        return None
    end = re.search(r"事实(?:和|与)理由", text[m.end():])
    return m.end(), text[m.end():m.end() + end.start()] if end else text[m.end():]


def check_claims_paragraph(r: Run) -> None:
    """The claims as the 诉讼请求 paragraph lists them must be the claims on record, item by item:
    a principal changed from 80000 to 8000 in that paragraph is an error, wherever else it is right."""
    claims = r.case.claims
    for i, p in r.where("claims"):
        found = _claim_list(p.text)
        if found is None:
            continue
        base, listed = found
        marks = list(_ITEM.finditer(listed))
        for k, mark in enumerate(marks):
            n = int(mark[1])
            stop = marks[k + 1].start() if k + 1 < len(marks) else len(listed)
            item, at = listed[mark.end():stop], base + mark.end()
            if not 1 <= n <= len(claims):
                continue
            asked = claims[n - 1].amount
            amounts = [(m, _amount(m[1])) for m in re.finditer(MONEY, item)]
            if asked is None or not amounts:
                if asked is not None:
                    r.add("claim_amount", f"第{n}项诉讼请求未写明金额{asked}元", f"claim {n} omits its amount "
                          f"{asked}", i, at, at + len(item))
                continue
            if any(a == asked for _, a in amounts):
                continue
            m, a = amounts[0]
            r.add("claim_amount", f"第{n}项诉讼请求的金额{m[1]}元与案件记录的诉讼请求{asked}元不符",
                  f"claim {n} says {m[1]}, the case records {asked}", i, at + m.start(1), at + m.end(1))


def check_every_amount(r: Run) -> None:
    """Each amount stated in the claims, defence, findings, reasoning and operative part must be
    one the case records or another of those sections states; a figure found nowhere else is
    likely a typing error."""
    record = _record_amounts(r)
    per_para: list[tuple[int, re.Match[str], Decimal]] = []
    for i, p in enumerate(r.paras):
        if p.section not in _STATED:
            continue
        for m in re.finditer(MONEY, p.text):
            a = _amount(m[1])
            if a is not None:
                per_para.append((i, m, a.normalize()))
    reported = {(f.location.paragraph, f.location.start) for f in r.out if f.location}
    for i, m, a in per_para:
        if a in record or (i, m.start(1)) in reported:
            continue
        elsewhere = any(a == b and j != i and r.paras[j].section != r.paras[i].section
                        for j, _, b in per_para)
        if not elsewhere:
            r.add("amount_unknown", f"金额{m[1]}元在案件记录和文书其他部分均未出现，请核对",
                  f"the amount {m[1]} appears nowhere in the case record or the other sections",
                  i, m.start(1), m.end(1))


def check_hearing_order(r: Run, judged: date | None) -> None:
    """filed ≤ hearing ≤ judgment, on the record itself (the signature date is checked elsewhere)."""
    held = r.case.hearing.held_on if r.case.hearing else None
    at = r.first("procedure")
    if held is not None and held < r.case.filed_on:
        r.add("date_order", f"开庭日期{held}早于立案日期{r.case.filed_on}",
              f"the hearing on {held} is before the filing on {r.case.filed_on}", at)
    if judged is not None and judged < r.case.filed_on:
        return  # the signature date is the error, reported by the date check
    for i, p in r.where("procedure"):
        for m in re.finditer(r"(\d{4})年(\d{1,2})月(\d{1,2})日", p.text):
            try:
                d = date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
            if judged is not None and d > judged:
                r.add("date_order", f"审理经过中的日期{m[0]}晚于裁判日期{judged}",
                      f"{m[0]} is after the judgment date {judged}", i, m.start(), m.end())


def check_fee_bearer(r: Run) -> None:
    """Who bears the fee: parties of the case in the role named; the losing side
    (《诉讼费用交纳办法》第二十九条: 诉讼费用由败诉方负担) when one side wins outright."""
    if r.kind != "judgment":
        return
    ops = " ".join(p.text for _, p in r.where("operative"))
    rejected_all = bool(re.search(r"驳回原告[^。；]*?(?:全部)?诉讼请求", ops)) and not re.search(MONEY, ops)
    granted_all = bool(re.search(MONEY, ops)) and "驳回" not in ops
    for i, p in r.where("costs"):
        for m in re.finditer(r"(原告|被告|第三人)([^，。；负由]+?)负担", p.text):
            role = {"原告": "plaintiff", "被告": "defendant", "第三人": "third_party"}[m[1]]
            names = [n for n in m[2].split("、") if n]
            for n in names:
                q = r.case.party(n)
                if q is None or q.role != role:
                    start = m.start(2) + m[2].index(n)
                    r.add("fee_bearer", f"负担诉讼费用的“{m[1]}{n}”不是本案{m[1]}",
                          f"{n!r} who bears the fee is not a {role} of the case", i, start, start + len(n))
            if granted_all and role == "plaintiff":
                r.add("fee_bearer", "原告的诉讼请求全部得到支持，案件受理费应由败诉的被告负担"
                      "（《诉讼费用交纳办法》第二十九条）", "the plaintiff won outright: the losing "
                      "defendant bears the fee", i, m.start(), m.end())
            if rejected_all and role == "defendant":
                r.add("fee_bearer", "原告的诉讼请求全部被驳回，案件受理费应由原告负担"
                      "（《诉讼费用交纳办法》第二十九条）", "all claims were rejected: the plaintiff "
                      "bears the fee", i, m.start(), m.end())


def check_final_judgment(r: Run) -> None:
    """A small-claims judgment is final (民事诉讼法 第一百六十五条: 实行一审终审): no appeal
    period, no appellate court, anywhere in it."""
    if r.case.procedure != "small_claims" or r.kind != "judgment":
        return
    for i, p in enumerate(r.paras):
        for m in re.finditer(r"上诉(?:状|期|于)?", p.text):
            r.add("appeal", "小额诉讼案件实行一审终审，判决书不得告知上诉权利或上诉期限",
                  "a small-claims judgment is final: it must not state an appeal", i, m.start(), m.end())
            break


def check_version_numbering(r: Run, on: date) -> None:
    """An article cited by its number in another version of the law (《民事诉讼法》第一百四十四条
    of 2017 in a 2024 judgment): name the number the version in force gives that provision."""
    for i, p in enumerate(r.paras):
        for c in parse_citations(p.text):
            law = r.lib.find_law(c.law_title)
            if law is None:
                continue
            current = law.version_on(on)
            if current is None or c.number in current.articles:
                continue
            topics = {v.articles[c.number].topic for v in law.versions
                      if v is not current and c.number in v.articles and v.articles[c.number].topic}
            for topic in topics:
                try:
                    right = r.lib.by_topic(law.key, str(topic), on)
                except StatuteError:
                    continue
                if right.number != c.number:
                    r.add("citation_version", f"{c.text}是其他版本的条文序号；{on}有效的《{law.short}》"
                          f"（{current.version}）中该条为{article_cn(right.number)}",
                          f"article {c.number} is another version's number; in force on {on}: "
                          f"{right.number}", i, c.start, c.end)


_CAP_STATED = re.compile(r"(合同成立时|起诉时)一年期贷款市场报价利率四倍[（(]([0-9.]+)%[）)]")


def check_interest_cap(r: Run) -> None:
    """The 4 × LPR the reasoning states: at contract formation (民间借贷规定 第二十五条), or at
    filing for interest from 2020-08-20 on a contract made before that day (第三十一条) — and the
    figure must be that date's."""
    from .elements import TRANSITION, lpr_on
    raw = r.case.elements.get("lent_on")
    try:
        lent = date.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return
    for i, p in r.where("reasoning"):
        for m in _CAP_STATED.finditer(p.text):
            at_filing = m[1] == "起诉时"
            if lent is not None and not at_filing and lent < TRANSITION:
                r.add("interest_cap", "借贷合同成立于2020年8月20日之前，自2020年8月20日起的利息应以起诉时一年期贷款"
                      "市场报价利率四倍为限（民间借贷规定第三十一条）", "a contract before 2020-08-20: the cap "
                      "for interest from that day is 4 × the LPR at filing (art. 31)", i, m.start(), m.end())
                continue
            on = r.case.filed_on if at_filing else lent
            lpr = lpr_on(on) if on else None
            if lpr is None:
                continue
            stated = _amount(m[2])
            if stated is not None and stated != lpr * 4:
                r.add("interest_cap", f"{m[1]}（{on}）一年期贷款市场报价利率的四倍为{(lpr * 4).normalize():f}%，"
                      f"不是{m[2]}%", f"4 × the LPR of {on} is {(lpr * 4).normalize():f}%, not {m[2]}%",
                      i, m.start(2), m.end(2))

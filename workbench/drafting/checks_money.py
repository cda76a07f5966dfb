"""Money checks of the document checker: operative amounts against the claims and the
reasoning, figures against their uppercase, and the fee against the schedule."""

from __future__ import annotations

import re
from decimal import Decimal

from ..cases.records import Case
from ..errors import UserError
from ..law.fees import court_fee
from ..law.money import parse_amount, uppercase_amount
from .findings import Run
from .templates import cause_template
from .profile import DraftProfile

__all__ = ["check_amounts", "check_fee", "check_uppercase"]

MONEY = r"([0-9][0-9,]*(?:\.[0-9]{1,2})?)元"
_UPPER = re.compile(MONEY + r"[（(](?:人民币|大写[：:]?(?:人民币)?)([零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+)[）)]")
_DEFAULT_WORDS = {"principal": ["本金", "货款", "物业服务费", "物业费", "损失"], "interest": ["利息"],
                  "penalty": ["违约金"], "fee": ["费用"], "damages": ["损失"]}


def _claim_words(case: Case) -> dict[str, list[str]]:
    words = {k: list(v) for k, v in _DEFAULT_WORDS.items()}
    try:
        for k, v in cause_template(case.cause).get("claim_words", {}).items():
            words[k] = list(v)
    except UserError:
        pass
    return words


def _kind_of(text: str, pos: int, words: dict[str, list[str]]) -> str | None:
    best, best_at = None, -1
    for kind, ws in words.items():
        for w in ws:
            at = text.rfind(w, 0, pos)
            if at > best_at:
                best, best_at = kind, at
    return best


def check_amounts(r: Run) -> None:
    claimed: dict[str, Decimal] = {}
    for c in r.case.claims:
        if c.amount is not None:
            claimed[c.kind] = claimed.get(c.kind, Decimal(0)) + c.amount
    if not claimed:
        return
    words = _claim_words(r.case)
    ops = r.where("operative")
    rejects = any("驳回" in p.text for _, p in ops)
    reasoning = "".join(p.text for _, p in r.where("reasoning"))
    total = Decimal(0)
    for i, p in ops:
        for m in re.finditer(MONEY, p.text):
            amount = parse_amount(m[1])
            total += amount
            kind = _kind_of(p.text, m.start(), words)
            if kind not in claimed:
                kind = next((k for k, v in claimed.items() if v == amount), kind)
            asked = claimed.get(kind or "")
            if asked is None:
                r.add("operative_amount", f"判项金额{m[1]}元找不到对应的诉讼请求",
                      f"operative amount {m[1]} matches no claim", i, m.start(1), m.end(1))
            elif amount > asked:
                r.add("operative_amount", f"判项金额{m[1]}元超过诉讼请求{asked}元",
                      f"operative amount {m[1]} exceeds the claim of {asked}", i, m.start(1), m.end(1))
            elif amount != asked and not rejects:
                r.add("operative_amount", f"判项金额{m[1]}元与诉讼请求{asked}元不一致，且未驳回其他诉讼请求",
                      f"operative amount {m[1]} differs from the claim of {asked} and nothing is rejected",
                      i, m.start(1), m.end(1))
            if kind:
                said = [parse_amount(x) for w in words.get(kind, []) for x in
                        re.findall(re.escape(w) + r"[^，。；0-9]{0,8}?" + MONEY, reasoning)]
                if said and amount not in said:
                    r.add("operative_amount", f"判项金额{m[1]}元与裁判理由中认定的金额不一致",
                          f"operative amount {m[1]} differs from the amount found in the reasoning",
                          i, m.start(1), m.end(1))
    if total > sum(claimed.values(), Decimal(0)) and not any(f.code == "operative_amount" for f in r.out):
        r.add("operative_amount", "判项金额合计超过诉讼请求总额", "the operative amounts exceed the claims in total",
              ops[0][0] if ops else None)


def check_uppercase(r: Run) -> None:
    for i, p in enumerate(r.paras):
        for m in _UPPER.finditer(p.text):
            try:
                expected = uppercase_amount(parse_amount(m[1]))
            except UserError:
                continue
            if m[2] != expected:
                r.add("uppercase_amount", f"大写金额“{m[2]}”与小写{m[1]}元不符，应为“{expected}”",
                      f"uppercase {m[2]} does not match {m[1]} (expected {expected})",
                      i, m.start(2), m.end(2))


def _money_eq(found: str, expected: Decimal, profile: DraftProfile) -> bool:
    q = Decimal("1") if profile.whole_yuan else Decimal("0.01")
    return parse_amount(found).quantize(q) == expected.quantize(q)


def check_fee(r: Run) -> None:
    total = r.case.claim_total
    costs = r.where("costs")
    if total <= 0 or not costs:
        return
    fee = court_fee(total, procedure=r.case.procedure, concluded_by=r.concluded_by,
                    stack_halvings=r.profile.stack_halvings)
    i, p = costs[0]
    full = re.search(r"案件受理费" + MONEY, p.text)
    half = re.search(r"减半收取(?:计)?" + MONEY, p.text)
    if not full:
        r.add("fee", "诉讼费用段落未写明案件受理费", "the costs paragraph states no acceptance fee", i)
        return
    if not _money_eq(full[1], fee.full_fee, r.profile):
        r.add("fee", f"案件受理费{full[1]}元与诉讼请求总额{total}元按标准计算的{fee.full_fee}元不符",
              f"fee {full[1]} differs from {fee.full_fee} computed on the claims of {total}",
              i, full.start(1), full.end(1))
    if fee.halved and not half:
        r.add("fee", f"本案应减半收取案件受理费（{fee.basis}），计{fee.fee}元",
              f"the fee should be halved to {fee.fee}", i, full.start(), full.end())
    elif half and not fee.halved:
        r.add("fee", "本案不适用减半收取", "this case's fee is not halved", i, half.start(), half.end())
    elif half and not _money_eq(half[1], fee.fee, r.profile):
        r.add("fee", f"减半后的受理费{half[1]}元有误，应为{fee.fee}元", f"halved fee {half[1]} should be {fee.fee}",
              i, half.start(1), half.end(1))
    shares = [parse_amount(x) for x in re.findall(r"负担" + MONEY, p.text)]
    if len(shares) > 1 and sum(shares, Decimal(0)) != fee.fee:
        r.add("fee", f"各方负担的受理费合计{sum(shares, Decimal(0))}元，与应收的{fee.fee}元不符",
              f"the shares add up to {sum(shares, Decimal(0))}, not {fee.fee}", i)

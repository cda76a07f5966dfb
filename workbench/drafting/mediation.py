"""The civil mediation paper (民事调解书, first instance) recording an agreement the court brokered.

Built from the same parts as a judgment: the title block, the parties, the procedural history,
the claims with their facts and reasons (the judgment's own paragraph, so the two never word the
same complaint differently), then the agreement the parties reached, item by item, the fee —
halved under 第十五条 of 《诉讼费用交纳办法》, once only: a simple-procedure case is already halved
under 第十六条 and the halvings do not stack unless the court's profile says so — and the court's
confirmation. A mediation paper binds on signature and cannot be appealed, so there is no appeal
notice and no late-performance clause; the confirmation and the effect clause stand where a
judgment has its appeal notice (the "appeal" section, as 本判决为终审判决 does for small claims).

The agreement's items are the judge's (`terms`); without them the draft proposes the one term a
mediation of a money claim nearly always has — the defendant pays the principal claimed within
the profile's performance period — marked 【待确认】 for the judge to confirm or rewrite.
Wording is data: resources/templates/judgments/mediation.json.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from ..cases.records import Case
from ..errors import Text, UserError
from ..law.fees import court_fee
from ..law.numerals import arabic_date, chinese_number
from .document import Draft, Paragraph
from .judgment import build_judgment, heading_paragraphs, signature_paragraphs
from .profile import DraftProfile, money_text, profile_for
from .templates import Context, fill, named_template

__all__ = ["build_mediation"]

_GAP = re.compile(r"【待补充[：:]([^】]*)】")



def _principal(case: Case) -> Decimal | None:
    """The principal claimed; failing a claim marked principal, every money claim together."""
    amounts = [c.amount for c in case.claims if c.kind == "principal" and c.amount is not None]
    if not amounts:
        amounts = [c.amount for c in case.claims if c.kind != "costs" and c.amount is not None]
    total = sum(amounts, Decimal(0))
    return total if total > 0 else None


def _item(n: int, count: int, text: str) -> str:
    text = text.strip().rstrip("。；;，,")
    prefix = f"{chinese_number(n)}、" if count > 1 else ""
    return prefix + text + ("。" if n == count else "；")


def build_mediation(case: Case, *, agreed_on: date, terms: list[str] | None = None,
                    profile: DraftProfile | None = None, complaint_text: str | None = None,
                    fee_borne_by: str = "defendant") -> Draft:
    """The draft mediation paper of the agreement reached on `agreed_on` (also the paper's date).

    `terms` are the agreement's items in order (numbered 一、二、… when more than one); without
    them a placeholder term, marked 【待确认】, is proposed. `complaint_text` fills the facts and
    reasons as in the judgment; `fee_borne_by` ("defendant" or "plaintiff") is who bears the fee.
    """
    if agreed_on < case.filed_on:
        raise UserError(Text(f"调解协议日期 {agreed_on} 早于立案日期 {case.filed_on}",
                             f"the agreement of {agreed_on} predates the filing on {case.filed_on}"), field="agreed_on")
    if fee_borne_by not in ("defendant", "plaintiff"):
        raise UserError(Text(f"受理费负担方应为 defendant 或 plaintiff：{fee_borne_by!r}",
                             "fee_borne_by must be defendant or plaintiff"), field="fee_borne_by")
    terms = [t for t in (terms or []) if t and t.strip()]
    profile = profile or profile_for(case)
    tpl = named_template("mediation")
    draft = Draft(case.number, case.court_name, case.cause, kind="mediation",
                  title=tpl.get("title", "民事调解书"), judgment_date=agreed_on, outcome="mediated")
    c = Context({"plaintiffs": case.names("plaintiff"), "defendants": case.names("defendant"),
                 "cause": case.cause, "filed_on": arabic_date(case.filed_on),
                 "judge": case.judge, "clerk": case.clerk},
                {"judge": "审判员", "clerk": "书记员", "amount": "金额"})
    add = draft.paragraphs.append
    draft.paragraphs.extend(heading_paragraphs(case, draft.title))

    c["procedure_clause"] = tpl["procedure_clause"].get(case.procedure) \
        or tpl["procedure_clause"]["ordinary"]
    add(Paragraph("procedure", fill(tpl["procedure"], c)))

    # The claims with their facts and reasons, exactly as the judgment of this case states them.
    judgment = build_judgment(case, judgment_date=agreed_on, complaint_text=complaint_text,
                              profile=profile)
    claims = [p.text for p in judgment.section("claims")]
    for text in claims:
        add(Paragraph("claims", text))
        c.gaps.extend(m[1] for m in _GAP.finditer(text))

    add(Paragraph("basis", fill(tpl["agreement_lead"], c)))
    if terms:
        items = terms
    else:
        principal = _principal(case)
        if principal is not None:
            c["amount"] = money_text(principal, profile)
        c["deadline"] = arabic_date(agreed_on + timedelta(days=profile.performance_days))
        items = [fill(tpl["default_term"], c).rstrip("。；;") + tpl.get("unconfirmed", "【待确认】")]
        draft.issues.append(Text("调解协议内容为占位示例（【待确认】），请按当事人达成的协议填写",
                                 "the agreement's terms are a placeholder: write the terms the parties agreed"))
    for n, text in enumerate(items, 1):
        add(Paragraph("operative", _item(n, len(items), text), "item"))

    total = case.claim_total
    costs = tpl["costs"]
    c["bearer"] = fill(costs[fee_borne_by], c)
    if total > 0:
        fee = court_fee(total, procedure=case.procedure, concluded_by="mediation",
                        stack_halvings=profile.stack_halvings)
        draft.fee = fee
        c["full_fee"], c["fee"] = money_text(fee.full_fee, profile), money_text(fee.fee, profile)
        add(Paragraph("costs", fill(costs["halved" if fee.halved else "full"], c)))
    else:
        draft.issues.append(Text("诉讼请求无金额，案件受理费需另定", "no claim amount: set the fee by hand"))
        c["fee"] = c.__missing__("案件受理费")
        add(Paragraph("costs", fill(costs["full"], c)))

    add(Paragraph("appeal", fill(tpl["confirmation"], c)))
    add(Paragraph("appeal", fill(tpl["effect"], c)))

    draft.paragraphs.extend(signature_paragraphs(case, agreed_on, profile, c))
    draft.gaps = sorted(set(c.gaps))
    return draft

"""The ruling that grants a plaintiff's withdrawal (民事裁定书，准许撤诉用).

Shorter than a judgment and built from the same parts: the title block, the parties, what
happened, the reasoning, the articles (the withdrawal article and the ruling-scope article of the
Civil Procedure Law in force on the ruling date), the ruling, and the fee, halved under 第十五条 of
《诉讼费用交纳办法》 and borne by the plaintiff. A withdrawal ruling cannot be appealed, so there
is no appeal notice. Wording is data: resources/templates/judgments/withdrawal_ruling.json.
"""

from __future__ import annotations

from datetime import date

from ..cases.records import Case
from ..errors import Text, UserError
from ..law.fees import court_fee
from ..law.numerals import arabic_date
from ..law.statutes import StatuteError, StatuteLibrary
from .document import Draft, Paragraph
from .judgment import heading_paragraphs, signature_paragraphs
from .profile import DraftProfile, money_text, profile_for
from ..cases.statute_library import load_library
from .templates import Context, fill, named_template

__all__ = ["build_withdrawal_ruling"]



def build_withdrawal_ruling(case: Case, *, applied_on: date, ruling_date: date | None = None,
                            reason: str | None = None, profile: DraftProfile | None = None,
                            library: StatuteLibrary | None = None) -> Draft:
    """The draft ruling granting the plaintiff's application of `applied_on` to withdraw."""
    if applied_on < case.filed_on:
        raise UserError(Text(f"撤诉申请日期 {applied_on} 早于立案日期 {case.filed_on}",
                             f"the application of {applied_on} predates the filing on {case.filed_on}"), field="applied_on")
    profile = profile or profile_for(case)
    library = library or load_library()
    tpl = named_template("withdrawal_ruling")
    on = ruling_date or max(date.today(), applied_on)
    draft = Draft(case.number, case.court_name, case.cause, kind="withdrawal_ruling",
                  title=tpl.get("title", "民事裁定书"), judgment_date=on, outcome="withdrawn")
    c = Context({"plaintiffs": case.names("plaintiff"), "defendants": case.names("defendant"),
                 "cause": case.cause, "filed_on": arabic_date(case.filed_on),
                 "applied_on": arabic_date(applied_on), "reason": reason or ""},
                {"applied_on": "撤诉申请日期"})
    add = draft.paragraphs.append
    draft.paragraphs.extend(heading_paragraphs(case, draft.title))
    add(Paragraph("procedure", fill(tpl["procedure"], c)))
    add(Paragraph("reasoning", fill(tpl["reasoning"], c)))

    cited: dict[str, list[str]] = {}
    for ref in tpl["citations"]:
        try:
            art = library.resolve(ref, on)
        except StatuteError as e:
            draft.issues.append(str(e))
            continue
        draft.citations.append(art)
        cited.setdefault(art.law_title, []).append(art.cn + ref.get("suffix", ""))
    c["citations"] = "，".join(f"《{law}》" + "、".join(arts) for law, arts in cited.items())
    add(Paragraph("basis", fill(tpl["basis"], c)))
    add(Paragraph("operative", fill(tpl["operative"], c), "item"))

    total = case.claim_total
    if total > 0:
        fee = court_fee(total, procedure=case.procedure, concluded_by="withdrawal",
                        stack_halvings=profile.stack_halvings)
        draft.fee = fee
        c["full_fee"], c["fee"] = money_text(fee.full_fee, profile), money_text(fee.fee, profile)
        add(Paragraph("costs", fill(tpl["costs"]["halved" if fee.halved else "full"], c)))
    else:
        draft.issues.append(Text("诉讼请求无金额，案件受理费需另定", "no claim amount: set the fee by hand"))

    draft.paragraphs.extend(signature_paragraphs(case, on, profile, c))
    draft.gaps = sorted(set(c.gaps))
    return draft

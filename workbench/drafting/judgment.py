"""The civil judgment (民事判决书) drafted from what the case file knows, in the 2016 form.

Wording is data (resources/templates/judgments/*.json); this module decides what the file says
about the case: who attended (a defendant absent after a summons makes the default variant), what
each claim is granted (all of it unless the judge or a rule of law says less), the fee and who
bears it, which articles were in force on the judgment date, and the appeal the parties have.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from ..cases.records import Case, Party
from ..errors import Text, UserError
from ..law.fees import court_fee
from ..law.money import round_fen
from ..law.numerals import arabic_date, chinese_date, chinese_number
from ..law.statutes import StatuteError, StatuteLibrary, format_citations
from .document import Award, Draft, Paragraph
from .casefile import CaseFile
from .defence import defence_key, defences
from .elements import TRANSITION, Elements, fill_elements, interest_cap, payments_text, schema_for
from .extract import Dispute, ElementState, Source, disputes, file_elements, value_text
from .profile import DraftProfile, money_text, profile_for
from ..cases.statute_library import load_library
from .templates import Context, cause_template, common_template, fill

__all__ = ["build_judgment", "default_judgment_date", "heading_paragraphs", "is_default", "party_lines",
           "signature_paragraphs"]

ROLE_CN = {"plaintiff": "原告", "defendant": "被告", "third_party": "第三人"}


def is_default(case: Case) -> bool:
    """A hearing was held and no defendant attended: the default-judgment variant (第一百四十七条)."""
    h = case.hearing
    return h is not None and h.held_on is not None and "defendant" not in h.present


def default_judgment_date(case: Case, today: date | None = None) -> date:
    """Today, but never before the hearing (a draft made ahead of it is dated the hearing day)."""
    today = today or date.today()
    held = case.hearing.held_on if case.hearing else None
    return max(d for d in (today, held, case.filed_on) if d is not None)


def party_lines(case: Case) -> list[str]:
    """Particulars in the order of the 2016 form: party, legal representative, then agents."""
    out = []
    for p in sorted(case.parties, key=lambda p: ("plaintiff", "defendant", "third_party").index(p.role)):
        bits = [f"{ROLE_CN[p.role]}：{p.name}"]
        if p.kind == "organization":
            bits += [f"住所地{p.address}" if p.address else "",
                     f"统一社会信用代码{p.credit_code}" if p.credit_code else ""]
        else:
            bits += [p.sex or "", f"{arabic_date(p.born)}出生" if p.born else "", p.ethnicity or "",
                     f"住{p.address}" if p.address else "",
                     f"公民身份号码{p.id_number}" if p.id_number else ""]
        out.append("，".join(b for b in bits if b) + "。")
        if p.representative and p.representative.name:
            out.append("，".join(b for b in (f"法定代表人：{p.representative.name}",
                                             p.representative.title) if b) + "。")
        for a in p.agents:
            out.append("，".join(b for b in (f"委托诉讼代理人：{a.name}", a.title) if b) + "。")
    return out


def heading_paragraphs(case: Case, title: str) -> list[Paragraph]:
    """The title block (court, title, case number) and one paragraph per party, as every civil
    judgment, ruling and mediation paper opens."""
    return [Paragraph("title", case.court_name, "court"), Paragraph("title", title, "title"),
            Paragraph("title", case.number, "number"),
            *(Paragraph("parties", line) for line in party_lines(case))]


def signature_paragraphs(case: Case, on: date, profile: DraftProfile, c: Context) -> list[Paragraph]:
    """The signature block every judgment, ruling and mediation paper ends with: the collegiate
    panel when the case has one (`panel`), else the sole judge; the date in Chinese; the clerk's
    certification that the copy matches the original; the clerk."""
    panel = case.extra.get("panel")
    signers = [(m.get("role", ""), m.get("name", "")) for m in panel] if isinstance(panel, list) \
        else [(profile.judge_title, case.judge or c["judge"])]
    verify = common_template().get("signature", {}).get("verify", "本件与原本核对无异")
    return [*(Paragraph("signature", f"{role}　{name}", "signature") for role, name in signers),
            Paragraph("signature", chinese_date(on), "date"),
            Paragraph("signature", verify, "verify"),
            Paragraph("signature", f"{profile.clerk_title}　{case.clerk or c['clerk']}", "clerk")]


def _with_agents(p: Party) -> str:
    agents = "、".join(a.name for a in p.agents)
    return f"{ROLE_CN[p.role]}{p.name}" + (f"及其委托诉讼代理人{agents}" if agents else "")


def _awards(case: Case, el: Elements, tpl: Mapping[str, Any], chosen: Mapping[int, Decimal] | None,
            ctx: dict[str, Any], issues: list[str]) -> list[Award]:
    out = []
    for i, c in enumerate(case.claims):
        if c.kind == "costs":
            continue
        awarded = c.amount
        if chosen and i in chosen:
            awarded = round_fen(Decimal(chosen[i]))
            if c.amount is not None and awarded > c.amount:
                raise UserError(Text(f"第{i + 1}项诉讼请求判给{awarded}元，超过请求的{c.amount}元",
                                     "award exceeds the claim (不告不理)"), field=f"awards[{i}]")
        elif c.amount is None and not _covered(c.text, tpl, ctx):
            issues.append(Text(f"诉讼请求“{c.text}”无金额，请在判决主文中处理",
                               "claim without an amount: decide it in the operative part"))
        else:
            awarded = _deducted(c, awarded, el, tpl, issues)
        out.append(Award(i, c.kind, c.text, c.amount, awarded))
    cap_rule = (tpl.get("rules") or {}).get("interest_cap")
    rate = el.get(cap_rule["rate"]) if cap_rule else None
    if cap_rule and rate is not None:
        lent_on = el.get(cap_rule["on"])
        asked = bool(el.extra.get("old_rules_requested") or case.extra.get("old_rules_requested"))
        cap = interest_cap(case, lent_on, int(cap_rule.get("times", 4)), asked)
        if cap is not None:
            ctx["contract_before_transition"] = bool(lent_on and lent_on < TRANSITION)
        if cap is not None and (rate > cap.rate or (cap.old_rate is not None and rate > cap.old_rate)):
            ctx.update(rate_cap=format(cap.rate.normalize(), "f"))
            ctx["rate_capped_old_rules" if cap.old_rules_only else
                "rate_capped_at_filing" if cap.at_filing else "rate_capped_at_contract"] = True
            ctx["rate_capped"] = True
            if cap.old_rate is not None:
                ctx.update(old_rules=True, old_rate_cap=format(cap.old_rate.normalize(), "f"))
            factor = cap.allowed(rate, lent_on, case.filed_on)
            for a in out:
                judged = bool(chosen) and a.index in chosen  # the judge's own figure stands
                if a.kind == cap_rule["claim"] and a.awarded is not None and not judged:
                    # Interest runs linearly with the rate over the same days: scale it down.
                    a.awarded = round_fen(a.awarded * factor)
            if cap.old_rate is not None:
                issues.append(Text("利息按出借日至立案日逐日均摊，2020年8月19日前后分段计算，请核对",
                                   "interest split by days before and after 2020-08-20 (lending to filing): check it"))
    return out


def _deducted(claim: Any, awarded: Decimal | None, el: Elements, tpl: Mapping[str, Any],
              issues: list[Any]) -> Decimal | None:
    """A payment the judge found (已还款 3000) that the claim did not deduct: the claim asked
    for the whole of what was lent, so what is granted is what remains ("deduct" rules)."""
    for rule in (tpl.get("rules") or {}).get("deduct", []):
        minus, base = el.get(rule["minus"]), el.get(rule["base"])
        if (claim.kind != rule["claim"] or awarded is None or el.sources.get(rule["minus"]) != "found"
                or not minus or base is None or claim.amount != base or minus > awarded):
            continue
        issues.append(Text(f"诉讼请求未扣除已确认的还款{format(minus.normalize(), 'f')}元，已按核减后的金额判决，请核对",
                           "the claim did not deduct the confirmed repayment: the award is reduced"))
        return round_fen(awarded - minus)
    return awarded


def _covered(text: str, tpl: Mapping[str, Any], ctx: Mapping[str, Any]) -> bool:
    """A claim without an amount that the cause's own items decide (a guarantor's liability)."""
    return any(rule["contains"] in text and ctx.get(rule.get("if", "")) not in (None, "", [])
               for rule in tpl.get("covered_claims", []))


def _element_context(el: Elements, profile: DraftProfile) -> tuple[dict[str, Any], dict[str, str]]:
    schema = schema_for(el.cause)
    ctx: dict[str, Any] = {}
    labels = {}
    for f in schema.fields:
        labels[f.key] = f.label
        if f.claim:
            labels[f"{f.key}_awarded"] = f"经核定的{f.label}"
        v = el.get(f.key)
        if v is None:
            continue
        if f.type == "money":
            ctx[f.key] = money_text(v, profile, uppercase=False)
        elif f.type == "date":
            ctx[f.key] = arabic_date(v)
        elif f.type == "percent":
            ctx[f.key] = format(v.normalize(), "f")
        elif f.type == "payments":
            ctx[f.key] = payments_text(v)
            ctx["repayment_list"] = _payment_list(v, profile)
        elif isinstance(v, list):
            ctx[f.key] = "、".join(v)
        else:
            ctx[f.key] = str(v)
    return ctx, labels


def _payment_list(entries: list[dict[str, Any]], profile: DraftProfile) -> str:
    """于2026年3月归还借款3000元、于2026年5月1日归还借款2000元，共计5000元"""
    if not entries:
        return ""
    parts = [(f"于{arabic_date(e['on']) if isinstance(e['on'], date) else e['on']}" if e.get("on") else "")
             + f"归还借款{money_text(e['amount'], profile, uppercase=False)}" for e in entries]
    total = sum((e["amount"] for e in entries), Decimal(0))
    return "、".join(parts) + (f"，共计{money_text(total, profile, uppercase=False)}" if len(parts) > 1 else "")


def _complaint_facts(case: Case, complaint_text: str | None) -> str | None:
    if case.extra.get("facts"):
        return str(case.extra["facts"])
    if complaint_text:
        m = re.search(r"事实(?:和|与)理由[：:]\s*(.+?)\s*(?:此致|$)", complaint_text, re.S)
        # The workbench's own generated complaint says only that a dispute arose: not worth quoting.
        if m and not m.group(1).startswith("原告与被告之间因"):
            return re.sub(r"\s*\n\s*", "", m.group(1)).strip()
    return None


def build_judgment(case: Case, *, judgment_date: date | None = None,
                   awards: Mapping[int, Decimal] | None = None, complaint_text: str | None = None,
                   hearing_text: str | None = None, profile: DraftProfile | None = None,
                   library: StatuteLibrary | None = None, today: date | None = None,
                   file: CaseFile | None = None) -> Draft:
    """The draft judgment of `case`: every section of the 2016 form, in order.

    With `file` (the case file read page by page) the draft reads the file: elements from its
    documents and the judge's confirmations, the defence from the filed answer or the hearing
    record, the disputed points where the documents disagree, and each fact's sources. Without
    it, the case record alone (typed elements, complaint and hearing texts) fills the draft."""
    profile = profile or profile_for(case)
    library = library or load_library()
    states: dict[str, ElementState] = {}
    if file is not None:
        el, states = file_elements(case, file)
        complaint_text = "\n".join(file.complaint.pages) if file.complaint else None
    else:
        el = fill_elements(case, complaint_text, hearing_text)
    common, tpl = common_template(), cause_template(el.cause)
    jdate = judgment_date or default_judgment_date(case, today)
    default = is_default(case)
    issues = [i.message for i in el.issues]
    ectx, labels = _element_context(el, profile)
    for key, st in states.items():
        if st.status == "disputed":
            labels[key] = f"{st.spec.label}（有争议，待确认）"
    ctx: dict[str, Any] = dict(ectx)
    award_list = _awards(case, el, tpl, awards, ctx, issues)
    partial = any(a.awarded is not None and a.claimed is not None and a.awarded < a.claimed
                  for a in award_list)
    plaintiffs, defendants = case.names("plaintiff"), case.names("defendant")
    guarantors = el.get("guarantors") or []
    debtors = [p.name for p in case.by_role("defendant") if p.name not in guarantors]
    evidence = "、".join(el.get("evidence") or [])
    ctx.update(
        court_name=case.court_name, case_number=case.number, cause=case.cause,
        plaintiffs=plaintiffs, defendants=defendants, judge=case.judge, clerk=case.clerk,
        filed_on=arabic_date(case.filed_on), default=default, partial=partial, full=not partial,
        public="公开" if (case.hearing is None or case.hearing.public) else "不公开",
        evidence=evidence, evidence_or_materials=f"{evidence}等证据" if evidence else "相关证据",
        debtors="、".join(debtors) or defendants, payers=ectx.get("insurer") or defendants,
        perform=f"于本判决生效之日起{chinese_number(profile.performance_days)}日内",
        between_persons=all(p.kind == "person" for p in case.parties
                            if p.role in ("plaintiff", "defendant")),
        has_repaid=bool(el.get("repaid")), has_paid=bool(el.get("paid")),
        has_transfer=any(w in evidence for w in ("转账", "回单", "流水", "汇款")),
        appeal_court=case.appeal_court,
    )
    labels.update({k: v for k, v in tpl.get("labels", {}).items() if k not in labels})
    schema = schema_for(el.cause)
    for f in schema.fields:
        if f.claim:
            total = sum((a.awarded for a in award_list
                         if a.awarded and schema.claim_field(a.kind) is f), Decimal(0))
            if total:
                ctx[f"{f.key}_awarded"] = money_text(total, profile, uppercase=False)
    if case.hearing and case.hearing.held_on:
        present = [p for p in case.parties if p.role in case.hearing.present]
        ctx["present_text"] = "，".join(_with_agents(p) for p in present)
        ctx["absent"] = "、".join(p.name for p in case.by_role("defendant"))
    else:
        issues.append(Text("案件尚无开庭信息，审理经过需补充", "no hearing recorded: complete the history"))

    c = Context(ctx, labels)
    c.pending = {k for k, st in states.items() if st.status == "disputed"}
    if "repaid" in c.pending:
        c.pending.add("has_repaid")
    if "paid" in c.pending:
        c.pending.add("has_paid")
    origins = _origins(el, file)

    def para(section: str, template: Any, style: str = "body", refs: list[Any] | None = None) -> Paragraph:
        """A paragraph filled from the template, each piece keeping the sources of its facts."""
        spans: list[tuple[int, int, set[str]]] = []
        text = fill(template, c, spans)
        out = [{"start": a, "end": b, "refs": r} for a, b, keys in spans
               if (r := _refs(origins, keys))]
        if refs:
            out.append({"start": 0, "end": len(text), "refs": _dedupe([x.to_json() for x in refs])})
        return Paragraph(section, text, style, out)

    draft = Draft(case.number, case.court_name, case.cause, title=common.get("title", "民事判决书"),
                  judgment_date=jdate, outcome="partial" if partial else "full", default=default,
                  awards=award_list, issues=issues)
    add = draft.paragraphs.append
    draft.paragraphs.extend(heading_paragraphs(case, draft.title))

    panel = case.extra.get("panel")
    proc_key = "ordinary_panel" if case.procedure == "ordinary" and panel else case.procedure
    c["procedure_clause"] = fill(common["procedure_clause"][proc_key], c)
    add(para("procedure", common["procedure"]))

    claim_texts = [cl.text.rstrip("。；;") for cl in case.claims]
    c["claim_list"] = "".join(f"{n}.{t}{'。' if n == len(claim_texts) else '；'}"
                              for n, t in enumerate(claim_texts, 1))
    facts = _complaint_facts(case, complaint_text)
    c["complaint_facts"] = facts if facts is not None else fill(tpl.get("complaint_facts"), c)
    add(para("claims", common["claims"]))

    if file is not None:
        for d in defences(case, file, issues):
            c["answer"], c["answering"] = d.text or "", d.names
            add(para("defence", common["defence"][defence_key(d, default)].replace(
                "{defendants}", "{answering}"), refs=d.sources))
    else:
        answer = (case.hearing.defendant_answer if case.hearing else None) or el.get("hearing_defence")
        c["answer"] = answer or ""
        which = ("written" if default else "answer") if answer else "none"
        add(Paragraph("defence", fill(common["defence"].get(which) or common["defence"]["answer"], c)))

    ev = common["evidence"]
    c["evidence_clause"] = fill(ev["clause_with_evidence" if evidence else "clause_without_evidence"], c)
    add(para("findings", ev["default" if default else "attended"]))
    points = [d for d in disputes(states) if not _derived_total(d, states)]
    if points:
        add(_disputes_paragraph(points, states, common))
    add(Paragraph("findings", common["findings_lead"]))
    add(Paragraph("findings", str(case.extra["findings"])) if case.extra.get("findings")
        else para("findings", tpl["findings"]))

    reasoning = tpl["reasoning"]
    if default and not partial and "default" in reasoning:
        add(para("reasoning", reasoning["default"]))
    else:
        add(para("reasoning", reasoning["partial" if partial else "full"]))
        if default:
            add(Paragraph("reasoning", fill(common["default_reasoning"], c)))

    refs = [r for r in tpl["citations"].get("base", []) if "if" not in r or c.truthy(r["if"])]
    refs += tpl["citations"].get("partial", []) + common["citations"]["partial"] if partial else []
    refs += common["citations"]["default"] if default else []
    refs += common["citations"]["small_claims"] if case.procedure == "small_claims" else []
    for r in refs:
        try:
            art = library.resolve(r, jdate)
        except StatuteError as e:
            issues.append(str(e))
            continue
        if art not in draft.citations:
            draft.citations.append(art)
    c["citations"] = format_citations(draft.citations)
    add(Paragraph("basis", fill(common["basis"], c)))

    items = _operative(draft, tpl, common, c, profile, partial)
    for n, text in enumerate(items, 1):
        prefix = f"{chinese_number(n)}、" if len(items) > 1 else ""
        add(Paragraph("operative", prefix + text + ("。" if n == len(items) else "；"), "item"))

    if any(a.awarded for a in award_list):
        try:
            c["late_article"] = library.by_topic("civil_procedure_law", "late_performance", jdate).cn
        except StatuteError as e:
            issues.append(str(e))
        add(Paragraph("late_performance", fill(common["late_performance"], c)))

    for text in _costs(case, draft, common, c, profile, partial):
        add(Paragraph("costs", text))

    if case.procedure == "small_claims":
        add(Paragraph("appeal", common["appeal"]["final"]))
    else:
        abroad = any(p.extra.get("abroad") or p.extra.get("no_domicile_in_china") for p in case.parties)
        c["appeal_period"] = common["appeal_period"]["abroad" if abroad else "domestic"]
        add(Paragraph("appeal", fill(common["appeal"]["appeal"], c)))

    draft.paragraphs.extend(signature_paragraphs(case, jdate, profile, c))
    draft.gaps = sorted(set(c.gaps))
    return draft


def _origins(el: Elements, file: CaseFile | None) -> dict[str, list[Source]]:
    """Each placeholder's sources: the elements' own, and the complaint for its claims and facts."""
    out: dict[str, list[Source]] = {k: list(v) for k, v in el.origins.items()}
    complaint = file.complaint if file is not None else None
    if complaint is not None:
        def at(pattern: str) -> list[Source]:
            for n, page in enumerate(complaint.pages, 1):
                if re.search(pattern, re.sub(r"\s+", "", page)):
                    return [Source(complaint.id, complaint.title, complaint.name, "plaintiff", n,
                                   complaint.file_page(n), pattern)]
            return []
        out["claim_list"] = at("诉讼请求")
        out["complaint_facts"] = at("事实(?:和|与)理由")
    return out


def _refs(origins: Mapping[str, list[Source]], keys: set[str]) -> list[dict[str, Any]]:
    return _dedupe([s.to_json() for k in sorted(keys) for s in origins.get(k, [])])


def _dedupe(refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for r in refs:
        key = (r.get("document_id"), r.get("page"))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _derived_total(d: Dispute, states: Mapping[str, ElementState]) -> bool:
    """已还款金额 is the total of 还款情况: one disputed point, not two."""
    return any(st.spec.type == "payments" and st.spec.total == d.key and st.contested
               for st in states.values())


_SAYS = {"plaintiff": "原告", "defendant": "被告"}


def _disputes_paragraph(points: list[Dispute], states: Mapping[str, ElementState],
                        common: Mapping[str, Any]) -> Paragraph:
    """本案的争议焦点为：一、已还款金额：原告称“被告至今未还”（起诉状第1页），被告称“已于2026年
    3月归还3000元”（答辩状第1页）；… — each side's words with where they stand, unresolved."""
    tpl = common.get("disputes", {})
    text = tpl.get("lead", "根据当事人的诉辩意见，本案的争议焦点为：")
    spans = []
    for n, d in enumerate(points, 1):
        start = len(text)
        views: dict[tuple[str, str], list[str]] = {}  # (who says, what) → where
        for r in d.readings:
            if r.source.document_id is None or r.stance == "admitted":
                continue  # an admission is not part of the dispute
            who = _SAYS.get(r.source.side, "") if r.source.name in ("起诉状", "答辩状", "庭审笔录") else ""
            said = r.text or value_text(states[d.key].spec, r.value)
            views.setdefault((f"{who}称" if who else f"{r.source.name}载明", said), []).append(r.source.label)
        item = f"{chinese_number(n)}、{d.label}：" + "，".join(
            f"{verb}“{said}”（{'、'.join(dict.fromkeys(where))}）" for (verb, said), where in views.items())
        text += item + ("。" if n == len(points) else "；")
        spans.append({"start": start, "end": start + len(item),
                      "refs": _dedupe([s.to_json() for s in d.sources])})
    return Paragraph("findings", text, "body", spans)


def _operative(draft: Draft, tpl: Mapping[str, Any], common: Mapping[str, Any], c: Context,
               profile: DraftProfile, partial: bool) -> list[str]:
    """One item per claim granted, the cause's own items (a guarantor's liability), and the
    rejection of the rest when anything asked for is not granted."""
    items: list[str] = []
    ops = tpl["operative"]
    for a in draft.awards:
        if not a.awarded:
            continue
        c["amount"] = money_text(a.awarded, profile)
        items.append(fill(ops.get(a.kind) or ops.get("other") or common["operative"]["other"], c))
        a.item = len(items)
    money_items = [a.item for a in draft.awards if a.item]
    c["money_items"] = "、".join(f"第{chinese_number(n)}项" for n in money_items) if len(money_items) > 1 \
        else "判决"
    for extra in tpl.get("extra_operative", []):
        if "if" not in extra or c.truthy(extra["if"]):
            items.append(fill(extra["text"], c))
    if partial:
        items.append(fill(common["operative"]["reject" if items else "reject_all"], c))
    return items


def _costs(case: Case, draft: Draft, common: Mapping[str, Any], c: Context, profile: DraftProfile,
           partial: bool) -> list[str]:
    tpl = common["costs"]
    total = case.claim_total
    if total <= 0:
        draft.issues.append(Text("诉讼请求无金额，案件受理费需按非财产案件标准另定",
                                 "no claim amount: set the non-property fee by hand"))
        c["fee"] = c["full_fee"] = c.__missing__("案件受理费")
        c["allocation"] = fill(tpl["defendant"], c)
        return [fill(tpl["full"], c)]
    fee = court_fee(total, procedure=case.procedure, stack_halvings=profile.stack_halvings)
    draft.fee = fee
    c["full_fee"] = money_text(fee.full_fee, profile)
    c["fee"] = money_text(fee.fee, profile)
    awarded = sum((a.awarded or Decimal(0) for a in draft.awards), Decimal(0))
    if awarded == 0:
        c["allocation"] = fill(tpl["plaintiff"], c)
    elif draft.outcome == "partial" and awarded < total:
        d_share = round_fen(fee.fee * awarded / total)
        c["defendant_share"] = money_text(d_share, profile)
        c["plaintiff_share"] = money_text(fee.fee - d_share, profile)
        c["allocation"] = fill(tpl["split"], c)
    else:
        c["allocation"] = fill(tpl["defendant"], c)
    out = [fill(tpl["halved" if fee.halved else "full"], c)]
    pres = case.elements.get("preservation_amount")
    if pres:
        from ..law.money import parse_amount
        p = court_fee(parse_amount(str(pres)), kind="preservation")
        c["preservation_fee"] = money_text(p.fee, profile)
        out.append(fill(tpl["preservation"], c))
    return out

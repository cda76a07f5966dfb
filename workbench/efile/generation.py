"""Simultaneous generation (随案同步生成): which documents each procedural event files, where.

A planned document is rendered before the database transaction that files it, so that a slow
render never holds the write lock and a failed render writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..cases.casejson import case_to_json
from ..cases.procedure import ANSWER_TEXT, HEARING_ON, PLACE
from ..cases.records import PROCEDURES, ROLE_RANK, ROLES, Case
from ..errors import Text, UserError
from ..law.fees import court_fee
from ..law.money import fmt_yuan
from ..law.numerals import chinese_date

# Where a file attached to an event is filed (the event's own document, made outside).
ATTACH_CATEGORY = {
    "filed": ("complaint", "民事起诉状"),
    "accepted": ("filing", "受理案件通知书"),
    "fee_notice": ("filing", "诉讼费用交纳凭证"),
    "complaint_served": ("response", "送达回证"),
    "answer_received": ("answer", "民事答辩状"),
    "evidence_submitted": ("evidence", "证据材料"),
    "summons_served": ("summons", "送达回证"),
    "hearing": ("hearing_record", "庭审笔录"),
    "judgment_issued": ("judgment", "民事判决书"),
    "judgment_served": ("judgment_service", "送达回证"),
    "appeal_filed": ("appeal", "民事上诉状"),
    "suspended": ("judgment", "民事裁定书（中止诉讼）"),
}

DEFAULT_HEARING_PLACE = "本院第一审判庭"


@dataclass
class PlannedDocument:
    template: str
    category: str
    title: str
    author: str
    rank: int
    context: dict[str, Any] = field(default_factory=dict)
    volume: str = "正卷"
    warnings: list[str] = field(default_factory=list)  # shown when the event is recorded


def summons_warning(case: Case, on: date, held: date) -> str | None:
    """第一百三十九条: notice at least three days before the hearing. Ordinary procedure refuses a
    later summons; in simple procedure (small claims included) 第一百六十三条 lifts 第一百三十九条
    and simplified summons are allowed (第一百六十二条, 民诉法解释 第二百六十一条), so the clerk
    is warned, not stopped — and warned that an unconfirmed simplified summons bars a default
    judgment."""
    if held >= on + timedelta(days=3):
        return None
    if case.procedure == "ordinary":
        raise UserError(
            Text(f"传票应在开庭三日前送达：开庭 {held}，送达 {on}",
                 "a summons must be served at least 3 days before the hearing (民诉法第一百三十九条)"))
    return (Text(f"传票送达（{on}）距开庭（{held}）不足三日：简易程序不受民诉法第一百三十九条限制（第一百六十三条），可以简便方式传唤；但以简便方式送达的开庭通知未经当事人确认的，不得缺席判决（民诉法解释第二百六十一条）",
                 f"summons on {on} is less than 3 days before the hearing on {held}: allowed in simple procedure, but without the party's confirmation no default judgment"))


def base_context(case: Case) -> dict[str, Any]:
    doc = case_to_json(case)
    total = case.claim_total
    fee_result = court_fee(total, procedure=case.procedure) if total > 0 else None
    fee = fee_result.fee if fee_result else None
    hearing = case.hearing
    return {
        "court_name": case.court_name,
        "appeal_court": case.appeal_court,
        "case_number": case.number,
        "cause": case.cause,
        "procedure": case.procedure,
        "procedure_name": PROCEDURES[case.procedure],
        "filed_on": chinese_date(case.filed_on),
        "judge": case.judge or "（未指定）",
        "clerk": case.clerk or "（未指定）",
        "plaintiffs": case.names("plaintiff"),
        "defendants": case.names("defendant"),
        "parties": doc["parties"],
        "claims": doc["claims"],
        "claim_total": fmt_yuan(total),
        # A non-property claim has no amount; its fee is set by the province's range.
        "fee": fmt_yuan(fee) if fee is not None else "按非财产案件标准另行确定",
        # The articles the prepayment rests on: 第十六条 too when simple procedure halved it.
        "fee_basis": fee_result.basis if fee_result else "《诉讼费用交纳办法》第十三条",
        # 民诉法解释 第九十九条 (ordinary: at least 15 days), 第二百六十六条 (simple: up to 15);
        # small claims: generally no more than 7 (第二百七十五条 of the 2022 text, 第二百七十七条
        # before it).
        "evidence_period_days": 7 if case.procedure == "small_claims" else 15,
        "evidence": list(case.elements.get("evidence", [])),
        "facts": complaint_facts(case),
        # What the judge tells the parties at pronouncement: a small-claims judgment is final
        # (民诉法 第一百六十五条, 一审终审) and has no appeal to announce.
        **_appeal_lines(case),
        "answer_text": (hearing.defendant_answer if hearing else None) or "",
        "present": [ROLES[r] for r in (hearing.present if hearing else [])],
        "hearing_place": case.extra.get("hearing_place", DEFAULT_HEARING_PLACE),
        "hearing_time": "",
        "party": "",
        "document_served": "",
    }


def _appeal_lines(case: Case) -> dict[str, str]:
    if case.procedure == "small_claims":
        return {"appeal_notice": "本判决为终审判决，送达后即发生法律效力。",
                "understood_question": "当事人对判决内容是否听清楚？"}
    abroad = any(p.extra.get("abroad") or p.extra.get("no_domicile_in_china") for p in case.parties)
    period = "三十日" if abroad else "十五日"
    return {"appeal_notice": f"当事人如不服本判决，可以在判决书送达之日起{period}内，向本院递交上诉状，"
                             f"并按照对方当事人或者代表人的人数提出副本，上诉于{case.appeal_court}。",
            "understood_question": "当事人对判决内容和上诉权利是否听清楚？"}


def complaint_facts(case: Case) -> str:
    """The facts a generated complaint states: those the case carries (`facts`, as typed or
    imported); without them the claims are all the file knows, and the text says no more."""
    if case.extra.get("facts"):
        return str(case.extra["facts"])
    claims = "；".join(c.text for c in case.claims if c.kind != "costs")
    return f"原告与被告之间因{case.cause}发生争议，原告据此提出上述诉讼请求。" + (
        f"（诉讼请求要旨：{claims}。）" if claims else "")


def _targets(case: Case, party: str | None, roles: tuple[str, ...]) -> list[str]:
    if party:
        return [party]
    return [p.name for p in case.parties if p.role in roles]


def plan_documents(case: Case, kind: str, on: date, party: str | None,
                   data: dict[str, Any]) -> list[PlannedDocument]:
    """The documents an event of `kind` generates for `case`, in filing order."""
    ctx = base_context(case)
    ctx["event_on"] = chinese_date(on)
    court = case.court_name
    out: list[PlannedDocument] = []

    def add(template: str, category: str, title: str, author: str, rank: int = 0, **extra):
        out.append(PlannedDocument(template, category, title, author, rank, {**ctx, **extra}))

    if kind == "filed":
        add("complaint", "complaint", "民事起诉状", case.names("plaintiff"))
    elif kind == "accepted":
        for name in _targets(case, None, ("plaintiff",)):
            add("acceptance_notice", "filing", "受理案件通知书", court, party=name)
        add("fee_notice", "filing", "交纳诉讼费用通知书", court, party=case.names("plaintiff"))
    elif kind == "complaint_served":
        for name in _targets(case, party, ("defendant",)):
            add("response_notice", "response", f"应诉通知书（{name}）", court, party=name)
            add("evidence_notice", "response", f"举证通知书（{name}）", court, party=name)
            add("service_receipt", "response", f"送达回证（{name}）", court, party=name,
                document_served="起诉状副本、应诉通知书、举证通知书")
    elif kind == "answer_received":
        text = data.get(ANSWER_TEXT.key) or ctx["answer_text"]
        if text:
            name = party or case.names("defendant")
            add("answer", "answer", "民事答辩状", name, party=name, answer_text=text)
    elif kind == "evidence_submitted":
        name = party or case.names("plaintiff")
        p = case.party(name) if party else None
        role = p.role if p else "plaintiff"
        if ctx["evidence"]:
            add("evidence_list", "evidence", f"证据目录（{name}）", name, ROLE_RANK[role] * 10,
                party=name)
    elif kind == "summons_served":
        held = data.get(HEARING_ON.key) or (case.hearing.held_on if case.hearing else None)
        if held is None:
            raise UserError(Text("送达传票需要开庭日期（--hearing-on）", "a summons needs the hearing date"))
        if isinstance(held, str):
            held = date.fromisoformat(held)
        warning = summons_warning(case, on, held)
        time = data.get("hearing_time", "上午9时00分")
        place = data.get(PLACE.key) or ctx["hearing_place"]
        for name in _targets(case, party, ("plaintiff", "defendant", "third_party")):
            add("summons", "summons", f"传票（{name}）", court, party=name,
                hearing_time=f"{chinese_date(held)}{time}", hearing_place=place)
            if warning:
                out[-1].warnings.append(warning)
            add("service_receipt", "summons", f"送达回证（{name}）", court, party=name,
                document_served="传票")
    elif kind == "hearing":
        add("hearing_record", "hearing_record", "庭审笔录", court,
            hearing_time=chinese_date(on), hearing_place=data.get(PLACE.key) or ctx["hearing_place"])
    elif kind == "judgment_issued":
        add("pronouncement_record", "pronouncement", "宣判笔录", court)
    elif kind == "judgment_served":
        for name in _targets(case, party, ("plaintiff", "defendant", "third_party")):
            add("service_receipt", "judgment_service", f"送达回证（{name}）", court, party=name,
                document_served="民事判决书")
    return out

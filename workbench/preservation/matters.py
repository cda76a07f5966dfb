"""Working the preservation queue: application, ruling, execution, renewal, suit and release,
through the service's write path; the rulings are drafted here and filed with the change."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..efile.pdfcheck import pdf_page_count
from ..efile.render import render_document
from ..errors import NotFound, Text, UserError
from ..law.numerals import chinese_date, chinese_number
from ..service import ReadyDocument
from . import rules

if TYPE_CHECKING:
    from ..service import Workbench

# A matter's states, named once for the CLI, the queue view's filter and its table.
STATUS = {"applied": Text("待裁定", "Awaiting ruling"), "granted": Text("已裁定保全", "Granted"),
          "rejected": Text("已驳回", "Rejected"), "executed": Text("执行中", "In force"),
          "released": Text("已解除", "Released")}


@dataclass
class Measure:
    id: int
    kind: str
    target: str
    registry: str
    amount: Decimal
    start_on: date
    expires_on: date
    status: str
    renewals: int


@dataclass
class Matter:
    id: int
    case_number: str
    stage: str
    applicant: str
    respondent: str
    amount: Decimal
    claim_amount: Decimal
    applied_at: datetime
    urgent: bool
    ruling_due_at: datetime
    security_required: Decimal
    security_offered: str
    status: str
    ruled_on: date | None
    sued_on: date | None
    released_on: date | None
    data: dict
    measures: list[Measure] = field(default_factory=list)

    @property
    def preserved(self) -> Decimal:
        return sum((m.amount for m in self.measures), Decimal(0))

    @property
    def fee(self) -> Decimal:
        """On the amount actually preserved once executed (第十四条(二)), else on the request."""
        return rules.fee(self.preserved if self.measures else self.amount)

    def alerts(self, today: date, warn_days: int = 30) -> list[rules.Alert]:
        out = []
        if self.status == "applied":
            left = (self.ruling_due_at.date() - today).days
            if left <= 0:
                out.append(rules.Alert("red" if today > self.ruling_due_at.date() else "yellow",
                                       "ruling", self.ruling_due_at.date(), left,
                                       Text(f"保全裁定应于 {self.ruling_due_at:%Y-%m-%d %H:%M} 前作出",
                                            f"the preservation ruling is due by {self.ruling_due_at:%Y-%m-%d %H:%M}")))
        if self.status == "executed":
            for m in self.measures:
                if m.status == "active":
                    a = rules.expiry_alert(m.kind, m.expires_on, today, warn_days)
                    if a:
                        out.append(a)
            if self.stage == "pre_suit" and self.measures:
                a = rules.suit_alert(min(m.start_on for m in self.measures), today,
                                     self.sued_on is not None)
                if a:
                    out.append(a)
        return out

    def as_dict(self, today: date | None = None) -> dict[str, Any]:
        today = today or date.today()
        return {"id": self.id, "case_number": self.case_number, "stage": self.stage,
                "stage_zh": rules.STAGES[self.stage], "applicant": self.applicant,
                "respondent": self.respondent, "amount": str(self.amount),
                "claim_amount": str(self.claim_amount), "applied_at": self.applied_at.isoformat(),
                "urgent": self.urgent, "ruling_due_at": self.ruling_due_at.isoformat(),
                "security_required": str(self.security_required),
                "security_offered": self.security_offered, "status": self.status,
                "status_zh": STATUS[self.status].zh, "ruled_on": self.ruled_on,
                "sued_on": self.sued_on, "released_on": self.released_on,
                "fee": str(self.fee), "preserved": str(self.preserved), "data": self.data,
                "measures": [{"id": m.id, "kind": m.kind, "kind_zh": rules.MEASURE_KINDS[m.kind].zh,
                              "target": m.target, "registry": m.registry, "amount": str(m.amount),
                              "start_on": m.start_on, "expires_on": m.expires_on,
                              "status": m.status, "renewals": m.renewals}
                             for m in self.measures],
                "alerts": [{"level": a.level, "kind": a.kind, "due": a.due,
                            "days_left": a.days_left, "text": a.text}
                           for a in self.alerts(today)]}


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def list_matters(wb: "Workbench", *, case: str | int | None = None,
                 status: str | None = None) -> list[Matter]:
    where, args = [], []
    if case is not None:
        where.append("m.case_id = ?")
        args.append(wb.case_id(case))
    if status:
        where.append("m.status = ?")
        args.append(status)
    out: list[Matter] = []
    for r in wb.db.query("SELECT m.*, c.number FROM preservation_matters m JOIN cases c ON"
                         " c.id = m.case_id" + (" WHERE " + " AND ".join(where) if where else "")
                         + " ORDER BY m.id", args):
        out.append(Matter(r["id"], r["number"], r["stage"], r["applicant"], r["respondent"],
                          Decimal(r["amount"]), Decimal(r["claim_amount"]),
                          datetime.fromisoformat(r["applied_at"]), bool(r["urgent"]),
                          datetime.fromisoformat(r["ruling_due_at"]),
                          Decimal(r["security_required"]), r["security_offered"], r["status"],
                          _d(r["ruled_on"]), _d(r["sued_on"]), _d(r["released_on"]),
                          json.loads(r["data"])))
    by_id = {m.id: m for m in out}
    if by_id:
        for r in wb.db.query("SELECT * FROM preservation_measures WHERE matter_id IN (%s)"
                             " ORDER BY id" % ",".join("?" * len(by_id)), list(by_id)):
            by_id[r["matter_id"]].measures.append(Measure(
                r["id"], r["kind"], r["target"], r["registry"], Decimal(r["amount"]),
                date.fromisoformat(r["start_on"]), date.fromisoformat(r["expires_on"]),
                r["status"], r["renewals"]))
    return out


def matter(wb: "Workbench", matter_id: int) -> Matter:
    row = wb.db.one("SELECT case_id FROM preservation_matters WHERE id = ?", (matter_id,))
    if row is None:
        raise NotFound(Text(f"没有这个保全事项：{matter_id}", f"no such preservation matter: {matter_id}"))
    return next(m for m in list_matters(wb, case=row[0]) if m.id == matter_id)


def open_matter(wb: "Workbench", ref: str | int, *, stage: str, applicant: str, respondent: str,
                amount: Decimal | str, claim_amount: Decimal | str | None = None,
                applied_at: datetime, urgent: bool = False, property_named: str = "",
                security_offered: str = "", exempt: str | None = None,
                security_ordered: Decimal | None = None, actor: str | None = None) -> int:
    """A 财产保全申请书 received (规定第一条): the matter with its deadline and security."""
    case = wb.case(ref)
    amount = Decimal(str(amount))
    if claim_amount is None:
        claim_amount = sum((c.amount for c in case.claims if c.amount is not None), Decimal(0))
        if not claim_amount:
            raise UserError(Text("请给出请求数额（--claim）", "the claim amount is needed"), field="claim")
    claim = Decimal(str(claim_amount))
    due, due_basis = rules.ruling_deadline(stage, applied_at, urgent)
    security, sec_basis = rules.security_required(stage, amount, exempt=exempt,
                                                  ordered=security_ordered)
    return wb.open_preservation(case.id, {
        "stage": stage, "applicant": applicant, "respondent": respondent, "amount": str(amount),
        "claim_amount": str(claim), "applied_at": applied_at.isoformat(timespec="minutes"),
        "urgent": bool(urgent or stage == "pre_suit"),
        "ruling_due_at": due.isoformat(timespec="minutes"),
        "security_required": str(security), "security_offered": security_offered,
        "data": {"property_named": property_named, "ruling_due_basis": due_basis,
                 "security_basis": sec_basis, "exempt": exempt}}, actor=actor)


def _ruling_number(case_number: str, stage: str, matter_id: int, seq: int) -> str:
    if stage == "pre_suit":
        return case_number
    return f"{case_number}之{chinese_number(seq)}"


def _draft(wb: "Workbench", m: Matter, title: str, body: str, on: date) -> ReadyDocument:
    case = wb.case(m.case_number)
    seq = [x.id for x in list_matters(wb, case=case.id)].index(m.id) + 1
    pdf = render_document("preservation_ruling", {
        "title": title, "court_name": case.court_name,
        "case_number": _ruling_number(case.number, m.stage, m.id, seq),
        "applicant": m.applicant, "respondent": m.respondent, "body": body,
        "judge": case.judge or "　　", "clerk": case.clerk or "　　", "ruled_cn": chinese_date(on)})
    return ReadyDocument("正卷", "preservation", title, case.court_name, 0, wb.blobs.put(pdf),
                         pdf_page_count(pdf, title), "generated")


def _yuan(d: Decimal) -> str:
    return f"{d:,.2f}".replace(",", "") + "元"


def ruling_text(m: Matter, outcome: str, on: date) -> str:
    pre = m.stage == "pre_suit"
    article = "第一百零四条" if pre else "第一百零三条"
    asked = (f"申请人{m.applicant}于{chinese_date(m.applied_at.date())}向本院申请"
             f"{'诉前' if pre else ''}财产保全，请求对被申请人{m.respondent}价值{_yuan(m.amount)}的财产"
             "采取保全措施" + (f"，并以{m.security_offered}提供担保" if m.security_offered else "") + "。")
    if outcome == "rejected":
        return (asked + "\n本院经审查认为，申请人的申请不符合法律规定。依照《中华人民共和国民事诉讼法》"
                f"{article}规定，裁定如下：\n驳回申请人{m.applicant}的财产保全申请。\n如不服本裁定，可以"
                "自收到裁定书之日起五日内向本院申请复议一次。")
    lines = [asked, f"本院经审查认为，申请人的申请符合法律规定。依照《中华人民共和国民事诉讼法》{article}、"
             "第一百零五条、第一百零六条第一款规定，裁定如下：",
             f"查封、扣押、冻结被申请人{m.respondent}名下价值{_yuan(m.amount)}的财产。",
             "本裁定立即开始执行。",
             "如不服本裁定，可以自收到裁定书之日起五日内向本院申请复议一次。复议期间不停止裁定的执行。"]
    if pre:
        lines.append("申请人应当在本院采取保全措施后三十日内依法提起诉讼或者申请仲裁；逾期不起诉或者申请"
                     "仲裁的，本院将依法解除保全。")
    del on
    return "\n".join(lines)


def rule(wb: "Workbench", matter_id: int, *, on: date, outcome: str = "granted",
         actor: str | None = None) -> tuple[int, list[str]]:
    """Draft and file the 民事裁定书（财产保全）. Returns (document id, warnings)."""
    m = matter(wb, matter_id)
    warnings = []
    if datetime.combine(on, datetime.min.time()) > m.ruling_due_at:
        warnings.append(f"裁定晚于法定期限 {m.ruling_due_at:%Y-%m-%d %H:%M}（{m.data.get('ruling_due_basis', '')}）")
    title = "民事裁定书（财产保全）" if outcome == "granted" else "民事裁定书（驳回财产保全申请）"
    doc = _draft(wb, m, title, ruling_text(m, outcome, on), on)
    return wb.rule_preservation(m.case_number, matter_id, on=on, outcome=outcome, ruling=doc,
                                actor=actor), warnings


def execute(wb: "Workbench", matter_id: int, *, kind: str, target: str, amount: Decimal | str,
            start_on: date, registry: str = "", expires_on: date | None = None,
            actor: str | None = None) -> tuple[int, date]:
    """Record an account frozen or a property sealed/seized; its expiry follows its kind."""
    m = matter(wb, matter_id)
    ends = rules.expiry(kind, start_on, expires_on)
    if kind != "bank_deposit" and not registry:
        raise UserError(Text("查封、扣押财产须写明登记机关或保管处所（--registry）", "name the registry"),
                        field="registry")
    measure_id = wb.execute_preservation_measure(
        m.case_number, matter_id, kind=kind, target=target, registry=registry,
        amount=Decimal(str(amount)), start_on=start_on, expires_on=ends,
        data={"term_basis": rules.TERM_BASIS}, actor=actor)
    return measure_id, ends


def renew(wb: "Workbench", measure_id: int, *, on: date, expires_on: date | None = None,
          actor: str | None = None) -> tuple[int, date, list[str]]:
    """续行: draft and file the renewal ruling; the new term no longer than the kind's maximum."""
    row = wb.db.one("SELECT matter_id FROM preservation_measures WHERE id = ?", (measure_id,))
    if row is None:
        raise NotFound(Text(f"没有这个保全措施：{measure_id}", f"no such measure: {measure_id}"))
    m = matter(wb, row[0])
    ms = next(x for x in m.measures if x.id == measure_id)
    ends, notes = rules.renewal_expiry(ms.kind, ms.expires_on, on, expires_on)
    k = rules.MEASURE_KINDS[ms.kind]
    body = (f"本院在审查申请人{m.applicant}与被申请人{m.respondent}财产保全一案中，于{chinese_date(ms.start_on)}"
            f"{k.action}了{ms.target}（{_yuan(ms.amount)}），期限至{chinese_date(ms.expires_on)}届满。"
            "依照《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第一百五十六条、第四百八十五条规定，"
            f"裁定如下：\n续行{k.action}{ms.target}，期限至{chinese_date(ends)}止。\n本裁定立即开始执行。")
    doc = _draft(wb, m, "民事裁定书（续行保全）", body, on)
    doc_id = wb.renew_preservation_measure(m.case_number, measure_id, on=on, expires_on=ends,
                                           ruling=doc, actor=actor)
    return doc_id, ends, notes


RELEASE_REASONS = {
    "no_suit": "申请人在采取保全措施后三十日内未依法提起诉讼或者申请仲裁（民诉法第一百零四条第三款）",
    "security": "被申请人提供担保（民诉法第一百零七条；财产保全规定第二十二条）",
    "withdrawn": "申请人撤回保全申请（民诉法解释第一百六十六条第一款第（二）项）",
    "claim_dismissed": "申请人的起诉或者诉讼请求被生效裁判驳回（民诉法解释第一百六十六条第一款第（三）项）",
    "wrongful": "保全错误（民诉法解释第一百六十六条第一款第（一）项）",
    "other": "人民法院认为应当解除保全的其他情形（民诉法解释第一百六十六条第一款第（四）项）",
}


def release(wb: "Workbench", matter_id: int, *, on: date, reason: str,
            actor: str | None = None) -> int:
    """解除保全: draft and file the release ruling."""
    if reason not in RELEASE_REASONS:
        raise UserError("解除理由应为：" + "、".join(f"{k}（{v}）" for k, v in RELEASE_REASONS.items()),
                        field="reason")
    m = matter(wb, matter_id)
    held = "；".join(f"{rules.MEASURE_KINDS[x.kind].action}{x.target}" for x in m.measures
                    if x.status == "active") or "本院采取的保全措施"
    body = (f"本院于{chinese_date(m.ruled_on) if m.ruled_on else ''}依申请人{m.applicant}的申请，对被申请人"
            f"{m.respondent}的财产采取了保全措施（{held}）。现因{RELEASE_REASONS[reason]}，依照《中华人民共和国"
            "民事诉讼法》第一百零四条、第一百零七条及《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》"
            f"第一百六十六条规定，裁定如下：\n解除对被申请人{m.respondent}上述财产的保全措施。\n本裁定立即开始执行。")
    doc = _draft(wb, m, "民事裁定书（解除保全）", body, on)
    return wb.release_preservation(m.case_number, matter_id, on=on, reason=reason, ruling=doc,
                                   actor=actor)


def record_suit(wb: "Workbench", matter_id: int, *, on: date, case_number: str,
                actor: str | None = None) -> None:
    m = matter(wb, matter_id)
    wb.record_preservation_suit(m.case_number, matter_id, on=on, case_number=case_number,
                                actor=actor)


def figures(wb: "Workbench", today: date, days: int = 7) -> dict[str, Any]:
    """Dashboard figures: matters by status, measures expiring within `days`, open alerts."""
    matters = list_matters(wb)
    expiring = [(m, x) for m in matters for x in m.measures if x.status == "active"
                and 0 <= (x.expires_on - today).days <= days]
    return {"by_status": {s: sum(1 for m in matters if m.status == s) for s in STATUS},
            "expiring_within_days": days, "expiring": len(expiring),
            "alerts": sum(len(m.alerts(today)) for m in matters)}

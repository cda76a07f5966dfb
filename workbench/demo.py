"""The demo court: realistic cases at every stage, built through the same event pipeline a real
case goes through (import of its case JSON, then recorded events), so the demo shows what the
workbench really produces.

Dates are relative to today so that the demo always has cases pending, due and overdue.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .resources import resource
from .tasks import CancelToken, ProgressFn, check, report

CLAIM_TEXT = {
    "principal": {
        "民间借贷纠纷": "判令被告偿还借款本金{amount}元",
        "金融借款合同纠纷": "判令被告偿还借款本金{amount}元",
        "信用卡纠纷": "判令被告偿还信用卡透支本金{amount}元",
        "买卖合同纠纷": "判令被告支付货款{amount}元",
        "物业服务合同纠纷": "判令被告支付物业服务费{amount}元",
        "机动车交通事故责任纠纷": "判令被告赔偿原告医疗费、误工费、护理费、交通费等各项损失共计{amount}元",
    },
    "interest": "判令被告支付截至起诉之日的利息{amount}元",
    "penalty": "判令被告支付违约金{amount}元",
}

# What each stage means in recorded events, in order; the day offsets count from filing.
STAGE_EVENTS = {
    "filed": [],
    "accepted": ["accepted"],
    "served": ["accepted", "complaint_served"],
    "heard": ["accepted", "complaint_served", "evidence_submitted", "summons_served", "hearing"],
    "judged": ["accepted", "complaint_served", "evidence_submitted", "summons_served", "hearing",
               "judgment_issued"],
    "concluded": ["accepted", "complaint_served", "evidence_submitted", "summons_served", "hearing",
                  "judgment_issued", "judgment_served", "concluded"],
    "suspended": ["accepted", "complaint_served", "summons_served", "hearing", "suspended"],
    "long": ["accepted", "complaint_served", "summons_served", "hearing", "extended"],
}
OFFSETS = {"filed": 0, "accepted": 1, "complaint_served": 4, "evidence_submitted": 14,
           "summons_served": 18, "hearing": 30, "judgment_issued": 45, "judgment_served": 50,
           "concluded": 60, "suspended": 40, "extended": 150}
EVIDENCE = {
    "民间借贷纠纷": ["借条", "银行转账凭证", "微信聊天记录"],
    "金融借款合同纠纷": ["借款合同", "借款借据", "还款明细及欠款清单"],
    "信用卡纠纷": ["信用卡领用合约", "信用卡申请表", "对账单及欠款明细"],
    "买卖合同纠纷": ["买卖合同", "送货单", "增值税发票", "对账函"],
    "物业服务合同纠纷": ["前期物业服务合同", "物业费收费标准", "催缴通知及签收记录"],
    "机动车交通事故责任纠纷": ["道路交通事故认定书", "病历及医疗费票据", "误工证明", "交通费票据"],
}


def _elements(spec: dict, filed: date, i: int) -> dict[str, Any]:
    """Cause-specific facts a judgment draft needs, consistent with the claims."""
    principal = Decimal(spec["principal"])
    day = lambda n: (filed - timedelta(days=n)).isoformat()  # noqa: E731
    cause = spec["cause"]
    out: dict[str, Any] = {"evidence": EVIDENCE[cause], "principal": spec["principal"]}
    if cause == "民间借贷纠纷":
        out.update(lent_on=day(420), annual_rate_percent="6", due_on=day(150), repaid="0.00")
    elif cause == "金融借款合同纠纷":
        out.update(contract_no=f"32010{i:03d}2025{i * 7919 % 100000:05d}", signed_on=day(500),
                   loan_amount=spec["principal"], annual_rate_percent="4.35", due_on=day(90))
    elif cause == "信用卡纠纷":
        out.update(card_last4=f"{i * 3571 % 10000:04d}", overdue_since=day(200))
    elif cause == "买卖合同纠纷":
        out.update(goods="数控机床配件一批", price_total=spec["principal"], delivered_on=day(260),
                   paid="0.00")
    elif cause == "物业服务合同纠纷":
        out.update(unit=f"昆山市花桥镇光明花园{i % 12 + 1}幢{i % 6 + 1}0{i % 4 + 1}室",
                   fee_rate="2.50元/平方米·月", period_from=day(760), period_to=day(30))
    elif cause == "机动车交通事故责任纠纷":
        medical = (principal * Decimal("0.6")).quantize(Decimal("0.01"))
        wages = (principal * Decimal("0.25")).quantize(Decimal("0.01"))
        nursing = (principal * Decimal("0.1")).quantize(Decimal("0.01"))
        out.update(accident_on=day(180), accident_place="昆山市前进西路与黄河路交叉口",
                   liability="被告投保车辆驾驶人负事故全部责任", liability_percent="100",
                   medical=str(medical), lost_wages=str(wages), nursing=str(nursing),
                   transport=str(principal - medical - wages - nursing))
    return out


def _party(ref: str, role: str, seed: dict, lawyer: list[str] | None) -> dict:
    if ref.startswith("p"):
        name, sex, born, address, id_number = seed["persons"][int(ref[1:])]
        out: dict[str, Any] = {"role": role, "kind": "person", "name": name, "sex": sex,
                               "born": born, "ethnicity": "汉族", "address": address,
                               "id_number": id_number}
    else:
        name, address, code, rep, title = seed["companies"][int(ref[1:])]
        out = {"role": role, "kind": "organization", "name": name, "address": address,
               "credit_code": code, "representative": {"name": rep, "title": title}}
    if lawyer:
        out["agents"] = [{"name": lawyer[0], "title": lawyer[1]}]
    return out


def demo_cases(today: date | None = None) -> list[dict]:
    """The demo court's cases as case JSON documents, events included."""
    today = today or date.today()
    seed = json.loads(resource("demo", "court.json").read_text(encoding="utf-8"))
    court = seed["court"]
    out = []
    per_year: dict[int, int] = {}
    for i, spec in enumerate(seed["cases"]):
        filed = today - timedelta(days=spec["age"])
        per_year[filed.year] = per_year.get(filed.year, 1000) + 7 + i % 5
        judge, clerk = seed["judges"][i % len(seed["judges"])]
        plaintiff = _party(spec["plaintiff"], "plaintiff", seed, seed["lawyers"][i % 3] if i % 2 == 0 else None)
        defendant = _party(spec["defendant"], "defendant", seed, seed["lawyers"][(i + 1) % 3] if i % 3 == 0 else None)
        claims = []
        for kind in ("principal", "interest", "penalty"):
            if kind in spec:
                text = CLAIM_TEXT[kind][spec["cause"]] if kind == "principal" else CLAIM_TEXT[kind]
                claims.append({"kind": kind, "amount": spec[kind],
                               "text": text.format(amount=spec[kind])})
        claims.append({"kind": "costs", "text": "本案诉讼费用由被告负担"})
        stage_events = STAGE_EVENTS[spec["stage"]]
        held = filed + timedelta(days=OFFSETS["hearing"])
        present = spec.get("present", ["plaintiff", "defendant"])
        events = [{"kind": "filed", "on": filed.isoformat()}]
        for kind in stage_events:
            ev: dict[str, Any] = {"kind": kind, "on": (filed + timedelta(days=OFFSETS[kind])).isoformat()}
            if kind == "evidence_submitted":
                ev["party"] = plaintiff["name"]
            if kind == "extended":
                ev["months"] = 6
            events.append(ev)
        out.append({
            "case_number": f"（{filed.year}）{court['code']}民初{per_year[filed.year]}号",
            "court": {"name": court["name"], "appeal_court": court["appeal_court"]},
            "cause": spec["cause"], "procedure": spec["procedure"], "filed_on": filed.isoformat(),
            "judge": judge, "clerk": clerk, "parties": [plaintiff, defendant], "claims": claims,
            "elements": _elements(spec, filed, i),
            "hearing": {"held_on": held.isoformat(), "public": True, "present": present,
                        "defendant_answer": None if "defendant" not in present else
                        "被告对借款事实无异议，但称因经营困难暂时无力偿还，请求法庭允许分期履行。"
                        if "借" in spec["cause"] else "被告对原告主张的金额有异议，请求依法核实。"},
            "hearing_place": court["hearing_place"],
            "events": events,
        })
    return out


def build_demo_court(wb, *, progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                     force: bool = False, today: date | None = None) -> list[str]:
    """Import the demo cases that are not there yet; return the numbers created. Without `force`
    it does nothing to a data directory that already holds cases."""
    if not force and not wb.is_empty():
        return []
    docs = demo_cases(today)
    made = []
    for i, doc in enumerate(docs):
        check(cancel)
        report(progress, i, len(docs), doc["case_number"])
        if wb.has_case(doc["case_number"]):
            continue
        wb.import_case(doc, cancel=cancel)
        made.append(doc["case_number"])
    _seed_queues(wb, today)
    report(progress, len(docs), len(docs), "")
    return made


def _seed_queues(wb, today: date | None) -> None:
    """The service (送达) and preservation (保全) queues of the demo court (issue 13)."""
    from .delivery.demo import seed_service_queue
    from .preservation.demo import seed_preservation_queue
    seed_service_queue(wb, today)
    seed_preservation_queue(wb, today)

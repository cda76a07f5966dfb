"""The demo court's preservation queue: matters at every stage (awaiting the ruling, rejected,
granted, executed with measures near expiry, renewed, released) and a pre-suit case (财保) whose
applicant has, and one whose applicant has not, sued in time. Built through the write path."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from ..law.case_numbers import parse_case_number
from . import matters

if TYPE_CHECKING:
    from ..service import Workbench


def _pre_suit_case(wb: "Workbench", model: str, today: date) -> str:
    n = parse_case_number(model)
    number = f"（{today.year}）{n.court}财保{n.seq % 50 + 1}号"
    if wb.has_case(number):
        return number
    base = wb.export_case(model)
    filed = today - timedelta(days=40)
    doc = dict(base, case_number=number, cause="申请诉前财产保全", procedure="ordinary",
               filed_on=filed.isoformat(), claims=[], hearing=None, elements={},
               events=[{"kind": "filed", "on": filed.isoformat()}])
    return wb.import_case(doc).number


def seed_preservation_queue(wb: "Workbench", today: date | None = None) -> int:
    """Add the demo's preservation matters: the in-suit ones once, the pre-suit ones once. Each
    part is guarded on its own, so a build killed between them (demo --force after a kill)
    still makes the pre-suit case and its matters."""
    today = today or date.today()

    def has(stage: str) -> bool:
        return wb.db.one("SELECT 1 FROM preservation_matters WHERE stage = ? LIMIT 1",
                         (stage,)) is not None
    pending = [r for r in wb.list_cases(limit=10**6) if r.status in ("accepted", "served", "heard")]
    made = 0
    plan = ("applied", "rejected", "granted", "expiring", "renewed", "released")
    for k, row in enumerate([] if has("in_suit") else pending[:len(plan)]):
        case = wb.case(row.number)
        claim = sum((c.amount for c in case.claims if c.amount), Decimal(0))
        if not claim:
            continue
        applicant, respondent = case.names("plaintiff").split("、")[0], case.names("defendant").split("、")[0]
        applied_on = max(case.filed_on, today - timedelta(days=12 if k else 0))
        mid = matters.open_matter(wb, case.number, stage="in_suit", applicant=applicant,
                                  respondent=respondent, amount=claim,
                                  applied_at=datetime.combine(applied_on, time(9, 30)),
                                  property_named="被申请人名下银行存款及车辆",
                                  security_offered="保险公司财产保全责任险保函")
        made += 1
        stage = plan[k]
        if stage == "applied":
            continue
        ruled = min(applied_on + timedelta(days=2), today)
        matters.rule(wb, mid, on=ruled, outcome="rejected" if stage == "rejected" else "granted")
        if stage in ("rejected", "granted"):
            continue
        start = min(ruled + timedelta(days=1), today)
        half = (claim / 2).quantize(Decimal("0.01"))
        ends = today + timedelta(days=5 if stage == "expiring" else 200)
        matters.execute(wb, mid, kind="bank_deposit", target="被申请人在农业银行昆山支行的账户",
                        amount=half, start_on=start, expires_on=ends)
        _, _ = matters.execute(wb, mid, kind="movable", target="被申请人名下苏E·8K2Q6小型轿车",
                               registry="苏州市公安局交通警察支队车辆管理所", amount=claim - half,
                               start_on=start, expires_on=today + timedelta(days=20))
        if stage == "renewed":
            measure = matters.matter(wb, mid).measures[0].id
            matters.renew(wb, measure, on=today)
        if stage == "released":
            matters.release(wb, mid, on=today, reason="security")
    if pending and not has("pre_suit"):
        number = _pre_suit_case(wb, pending[0].number, today)
        case = wb.case(number)
        applicant, respondent = case.names("plaintiff").split("、")[0], case.names("defendant").split("、")[0]
        for applied_days, sued in ((38, False), (12, True), (6, False)):
            applied = today - timedelta(days=applied_days)
            mid = matters.open_matter(wb, number, stage="pre_suit", applicant=applicant,
                                      respondent=respondent, amount="200000",
                                      claim_amount="200000",
                                      applied_at=datetime.combine(applied, time(10, 0)),
                                      security_offered="申请人名下房产担保")
            matters.rule(wb, mid, on=applied + timedelta(days=1))
            matters.execute(wb, mid, kind="real_property", target="被申请人名下千灯镇房产",
                            registry="昆山市不动产登记中心", amount="200000",
                            start_on=applied + timedelta(days=1))
            if sued:
                matters.record_suit(wb, mid, on=today - timedelta(days=2),
                                    case_number=pending[0].number)
            made += 1
    return made

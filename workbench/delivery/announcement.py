"""Service by announcement (公告送达): the 公告 itself, filed with its publication and the service
it effects, in one write.

What the notice says follows 民诉法解释（2022）第一百三十九条: the reason for service by
announcement; for a complaint copy, the points of the claim, the answer period and the
consequence of not answering; for a summons, the time and place and the consequence of not
appearing; for a judgment or ruling, its main content and the appeal (right, period, court).
The reason and the course of events are also written into the case file (第九十五条第二款): the
filed notice is that record, and the task keeps the reason.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..efile.pdfcheck import pdf_page_count
from ..efile.render import render_document
from ..errors import Text, UserError
from ..law.numerals import chinese_date
from ..service import ReadyDocument
from . import rules
from .queue import Task, _abroad, task

if TYPE_CHECKING:
    from ..service import Workbench

CATEGORY = {"complaint": "response", "summons": "summons", "judgment": "judgment_service",
            "ruling": "judgment_service"}


def announcement_text(case, t: Task, *, reason: str, published_on: date, abroad: bool) -> str:
    days = rules.ANNOUNCEMENT_DAYS_ABROAD if abroad else rules.ANNOUNCEMENT_DAYS
    days_cn = "六十" if abroad else "三十"
    plaintiffs = case.names("plaintiff")
    opening = (f"本院受理原告{plaintiffs}与被告{case.names('defendant')}{case.cause}一案，"
               f"因{reason}，依照《中华人民共和国民事诉讼法》第{'二百八十三' if abroad else '九十五'}"
               f"条的规定，向你公告送达{t.document_title}。自本公告发出之日起，经过{days_cn}日，即视为送达。")
    if t.serves == "complaint":
        points = "；".join(c.text for c in case.claims) or "详见起诉状副本"
        answer = "三十" if abroad else "十五"
        rest = (f"原告的诉讼请求：{points}。提出答辩状的期限为公告期满后{answer}日内，举证期限依本院"
                "举证通知书确定。逾期不答辩的，不影响本院审理。")
    elif t.serves == "summons":
        when = t.data.get("hearing_on")
        if not when:
            raise UserError(Text("公告送达传票须写明开庭时间（--hearing-on）",
                                 "a summons by announcement needs the hearing date"), field="hearing_on")
        rest = (f"本院定于{chinese_date(date.fromisoformat(when))}在本院第一审判庭公开开庭审理本案，"
                "逾期不到庭的，本院将依法缺席判决。")
    elif t.serves in ("judgment", "ruling"):
        days_appeal = "三十" if abroad else ("十" if t.serves == "ruling" else "十五")
        rest = (f"如不服，可在公告期满后{days_appeal}日内向本院递交上诉状，并按对方当事人的人数提出副本，"
                f"上诉于{case.appeal_court or '上一级人民法院'}。")
    else:
        rest = "请于公告期满后及时到本院领取上述文书。"
    del days, published_on
    return opening + "\n" + rest


def announce(wb: "Workbench", task_id: int, *, published_on: date, reason: str,
             actor: str | None = None) -> tuple[int, rules.Effective]:
    """Generate the 公告, file it and make the service effective 30 (60) days after publication.
    Returns (the notice's document id, the effective date)."""
    t = task(wb, task_id)
    case = wb.case(t.case_number)
    rules.check_method("announcement", serves=t.serves, procedure=case.procedure, consent=False,
                       e_address="", ems_number="-")
    if not reason.strip():
        raise UserError(Text("公告送达应当说明原因（民诉法解释第一百三十九条）", "give the reason"),
                        field="reason")
    abroad = _abroad(case, t.recipient)
    eff = rules.effective_date("announcement", {"published_on": published_on}, abroad=abroad)
    body = announcement_text(case, t, reason=reason, published_on=published_on, abroad=abroad)
    pdf = render_document("service_announcement", {
        "court_name": case.court_name, "case_number": case.number, "recipient": t.recipient,
        "body": body, "published_cn": chinese_date(published_on)})
    title = f"公告（向{t.recipient}送达{t.document_title}）"
    notice = ReadyDocument("正卷", CATEGORY.get(t.serves, "summons"), title, case.court_name, 0,
                           wb.blobs.put(pdf), pdf_page_count(pdf, title), "generated")
    doc_id = wb.serve_by_announcement(case.id, task_id, notice, published_on=published_on,
                                      effective_on=eff.on, basis=eff.basis,
                                      data={"reason": reason}, actor=actor)
    return doc_id, eff

"""The demo court's service queue: tasks in every state and by every method, built through the
same write path as real ones. Where a demo case already records the complaint's service, the
task's effective date is that event's date, so the clocks the demo shows do not move."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from . import announcement, queue

if TYPE_CHECKING:
    from ..service import Workbench

EFFECTIVE_METHODS = ("direct", "post", "electronic", "left", "entrusted", "forwarded")


def _complaint(wb: "Workbench", number: str) -> int | None:
    return next((e.document_id for e in wb.catalogue(number) if e.category == "complaint"), None)


def seed_service_queue(wb: "Workbench", today: date | None = None) -> int:
    """Add the demo's service tasks (once: nothing if the queue has any). Returns how many."""
    today = today or date.today()
    if wb.db.one("SELECT 1 FROM delivery_tasks LIMIT 1") is not None:
        return 0
    made = 0
    served_cases, waiting = [], []
    for row in wb.list_cases(limit=10**6):
        if row.status in ("concluded", "archived"):
            continue
        events = wb.events(row.number)
        served = next((e for e in events if e.kind == "complaint_served"), None)
        (served_cases if served else waiting if row.status in ("filed", "accepted") else []).append(
            (row.number, served))
    for k, (number, served) in enumerate(served_cases[:len(EFFECTIVE_METHODS)]):
        doc = _complaint(wb, number)
        case = wb.case(number)
        receipt = next((e.document_id for e in wb.catalogue(number)
                        if e.title.startswith("送达回证") and e.date == served.on.isoformat()), None)
        if doc is None or receipt is None:
            continue
        method = EFFECTIVE_METHODS[k]
        name = served.party or case.names("defendant").split("、")[0]
        [t] = queue.create_tasks(wb, number, doc, recipients=[name], method=method,
                                 consent={name: "service@example.cn"})
        result = {"direct": "signed", "post": "mailed", "electronic": "sent", "left": "left",
                  "entrusted": "handed_over", "forwarded": "handed_over"}[method]
        queue.record_attempt(wb, t, served.on, result=result, ems_number="EA20260001CN")
        fact = {"left": "left_on", "electronic": "reached_on"}.get(method, "signed_on")
        queue.confirm(wb, t, receipt, **{fact: served.on})
        made += 1
    states = ("pending", "failed", "awaiting_proof", "failed_then_mailed", "announcement")
    for k, (number, _) in enumerate(waiting[:len(states)]):
        doc = _complaint(wb, number)
        case = wb.case(number)
        if doc is None:
            continue
        state = states[k]
        if state == "announcement" and case.procedure in ("simple", "small_claims"):
            state = "awaiting_proof"
        method = "announcement" if state == "announcement" else "post"
        [t] = queue.create_tasks(wb, number, doc, recipients=[case.names("defendant").split("、")[0]],
                                 method=method)
        on = max(case.filed_on + timedelta(days=1), today - timedelta(days=3))
        if state in ("failed", "failed_then_mailed"):
            queue.record_attempt(wb, t, on, result="mailed", ems_number="EA20260002CN")
            queue.record_attempt(wb, t, max(on, today - timedelta(days=1)), result="returned")
        if state == "failed_then_mailed":
            queue.record_attempt(wb, t, max(on, today - timedelta(days=1)), method="direct",
                                 result="not_found")
        if state == "awaiting_proof":
            queue.record_attempt(wb, t, on, result="mailed", ems_number="EA20260003CN")
        if state == "announcement":
            announcement.announce(wb, t, published_on=on, reason="被告下落不明，以其他方式无法送达")
        made += 1
    return made

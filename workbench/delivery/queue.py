"""Working the service queue: tasks, attempts, proof and the effective date, through the service.

Reading the queue is plain SQL over the projected rows; every change goes through the service's
@write methods (workbench/service/queues.py), one transaction each.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import NotFound, Text, UserError
from . import rules

if TYPE_CHECKING:
    from ..service import Workbench

# The catalogue category a document usually sits in → what serving it stands for.
SERVES_BY_CATEGORY = {"response": "complaint", "complaint": "complaint", "summons": "summons",
                      "judgment": "judgment"}
# A task's states, named once for the CLI, the queue view's filter and its table.
STATUS = {"pending": Text("待送达", "Pending"), "failed": Text("送达未成功", "Failed"),
          "awaiting_proof": Text("待回证", "Awaiting proof"), "effective": Text("已生效", "Served")}


@dataclass
class Attempt:
    id: int
    on: date
    method: str
    result: str
    failed: bool
    data: dict


@dataclass
class Task:
    id: int
    case_number: str
    document_id: int
    document_title: str
    recipient: str
    address: str
    method: str
    serves: str
    status: str
    effective_on: date | None
    effective_basis: str
    proof_document_id: int | None
    data: dict
    attempts: list[Attempt] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "case_number": self.case_number, "document_id": self.document_id,
                "document": self.document_title, "recipient": self.recipient,
                "address": self.address, "method": self.method,
                "method_zh": rules.METHODS[self.method].zh, "serves": self.serves,
                "status": self.status, "status_zh": STATUS[self.status].zh,
                "effective_on": self.effective_on, "effective_basis": self.effective_basis,
                "proof_document_id": self.proof_document_id, "data": self.data,
                "attempts": [{"id": a.id, "on": a.on, "method": a.method, "result": a.result,
                              "result_zh": rules.RESULTS[a.result][0], "failed": a.failed,
                              "data": a.data} for a in self.attempts]}


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def list_tasks(wb: "Workbench", *, case: str | int | None = None, status: str | None = None,
               method: str | None = None) -> list[Task]:
    """The queue, court-wide or for one case, oldest first."""
    where, args = [], []
    if case is not None:
        where.append("t.case_id = ?")
        args.append(wb.case_id(case))
    if status:
        where.append("t.status = ?")
        args.append(status)
    if method:
        where.append("t.method = ?")
        args.append(method)
    sql = ("SELECT t.*, c.number, d.title FROM delivery_tasks t JOIN cases c ON c.id = t.case_id"
           " JOIN documents d ON d.id = t.document_id"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY t.id")
    tasks = []
    for r in wb.db.query(sql, args):
        data = json.loads(r["data"])
        tasks.append(Task(r["id"], r["number"], r["document_id"], r["title"], r["recipient"],
                          r["address"], r["method"], data.get("serves", "other"), r["status"],
                          _d(r["effective_on"]), r["effective_basis"], r["proof_document_id"],
                          data))
    by_id = {t.id: t for t in tasks}
    if by_id:
        for r in wb.db.query("SELECT * FROM delivery_attempts WHERE task_id IN (%s) ORDER BY "
                             "on_date, id" % ",".join("?" * len(by_id)), list(by_id)):
            by_id[r["task_id"]].attempts.append(Attempt(
                r["id"], date.fromisoformat(r["on_date"]), r["method"], r["result"],
                rules.RESULTS[r["result"]][1], json.loads(r["data"])))
    return tasks


def task(wb: "Workbench", task_id: int) -> Task:
    row = wb.db.one("SELECT case_id FROM delivery_tasks WHERE id = ?", (task_id,))
    if row is None:
        raise NotFound(Text(f"没有这个送达任务：{task_id}", f"no such service task: {task_id}"))
    return next(t for t in list_tasks(wb, case=row[0]) if t.id == task_id)


def create_tasks(wb: "Workbench", ref: str | int, document_id: int, *,
                 recipients: list[str] | None = None, method: str = "direct",
                 serves: str | None = None, addresses: dict[str, str] | None = None,
                 consent: dict[str, str] | None = None, hearing_on: date | None = None,
                 actor: str | None = None) -> list[int]:
    """One task per recipient of a document (default: every party but its author).
    `consent` maps a recipient to the electronic address they agreed to (送达地址确认书)."""
    case = wb.case(ref)
    doc = wb.document(document_id)
    if doc["case_id"] != case.id:
        raise NotFound(Text("本案没有这份文书", f"no such document in {case.number}: {document_id}"))
    serves = serves or SERVES_BY_CATEGORY.get(doc["category"], "other")
    if serves not in rules.SERVES:
        raise UserError(f"未知的文书类别 {serves!r}；可用：" + "、".join(rules.SERVES), field="serves")
    if recipients is None:
        recipients = [p.name for p in case.parties
                      if not (serves == "complaint" and p.role == "plaintiff")]
    addresses, consent = addresses or {}, consent or {}
    prepared = []
    for name in recipients:
        party = case.party(name)
        if party is None:
            raise UserError(Text(f"{name!r} 不是本案当事人", f"not a party of {case.number}"),
                            field="recipient")
        e_address = consent.get(name, "")
        rules.check_method(method, serves=serves, procedure=case.procedure,
                           consent=bool(e_address), e_address=e_address, ems_number="-")
        data: dict[str, Any] = {"serves": serves}
        if e_address:
            data["e_address"] = e_address
        if serves == "summons" and hearing_on is not None:
            data["hearing_on"] = hearing_on.isoformat()
        address = addresses.get(name) or getattr(party, "address", "") or ""
        prepared.append((name, address, data))
    return [wb.create_delivery_task(case.id, document_id, name, method=method, address=address,
                                    clock_kind=rules.CLOCK_KIND.get(serves), data=data,
                                    actor=actor) for name, address, data in prepared]


def record_attempt(wb: "Workbench", task_id: int, on: date, *, method: str | None = None,
                   result: str, ems_number: str = "", note: str = "",
                   actor: str | None = None) -> int:
    """One try at serving the task, by its method (or another, e.g. post after a failed visit)."""
    t = task(wb, task_id)
    method = method or t.method
    case = wb.case(t.case_number)
    if method == "announcement":
        raise UserError(Text("公告送达请用 announce（生成公告）", "use announce for service by announcement"),
                        field="method")
    rules.check_method(method, serves=t.serves, procedure=case.procedure,
                       consent=bool(t.data.get("e_address")), e_address=t.data.get("e_address", ""),
                       ems_number=ems_number or ("" if method == "post" and result == "mailed"
                                                 else "-"))
    failed = rules.check_result(method, result)
    data = {k: v for k, v in (("ems_number", ems_number), ("note", note)) if v}
    return wb.record_delivery_attempt(case.id, task_id, on, method=method, result=result,
                                      failed=failed, data=data, actor=actor)


def confirm(wb: "Workbench", task_id: int, proof_document_id: int | None, *,
            signed_on: date | None = None, left_on: date | None = None,
            reached_on: date | None = None, recipient_proved_on: date | None = None,
            actor: str | None = None) -> rules.Effective:
    """Link the filed proof to the task and record the effective date the law gives its method."""
    t = task(wb, task_id)
    if proof_document_id is None:
        raise UserError(Text("没有送达凭证（送达回证、邮寄回执或电子送达凭证），不能认定送达日期",
                             "an effective date needs its proof filed first"), field="proof")
    last = next((a for a in reversed(t.attempts)), None)
    if last is None or last.failed:
        raise UserError(Text("没有成功的送达记录，失败的送达不产生送达日期",
                             "no successful attempt: a failed attempt never makes a service effective"))
    case = wb.case(t.case_number)
    abroad = _abroad(case, t.recipient)
    eff = rules.effective_date(last.method, {"signed_on": signed_on, "left_on": left_on,
                                             "reached_on": reached_on,
                                             "recipient_proved_on": recipient_proved_on},
                               abroad=abroad)
    wb.record_delivery_effective(case.id, task_id, effective_on=eff.on, basis=eff.basis,
                                 proof_document_id=proof_document_id, actor=actor)
    return eff


_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def match_proof(wb: "Workbench", proof_document_id: int) -> tuple[Task | None, date | None]:
    """A scanned-back 送达回证 or postal receipt: the one open task it names (recipient and the
    document served both appear in its text or title) and the signing date it shows, if read."""
    doc = wb.document(proof_document_id)
    text = doc["title"] + "\n" + "\n".join(
        r[0] for r in wb.db.query("SELECT text FROM pages WHERE document_id = ? ORDER BY idx",
                                  (proof_document_id,)))
    flat = re.sub(r"\s+", "", text)
    candidates = [t for t in list_tasks(wb, case=doc["case_id"], status="awaiting_proof")
                  if t.recipient in flat and (_core_title(t.document_title) in flat
                                              or t.data.get("ems_number", "-") in flat)]
    if len(candidates) != 1:
        return None, None
    signed = None
    m = re.search(r"(签收日期|收件日期|签收)[^\d]{0,8}" + _DATE.pattern, flat)
    if m:
        try:
            signed = date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            signed = None
    return candidates[0], signed


def _core_title(title: str) -> str:
    return re.sub(r"[（(].*?[)）]", "", title).strip()


def _abroad(case: Any, name: str) -> bool:
    p = case.party(name)
    extra = getattr(p, "extra", None) or {}
    return bool(extra.get("no_domicile_in_china")) or extra.get("domicile") == "abroad"


def figures(wb: "Workbench") -> dict[str, Any]:
    """Dashboard figures: success rate of attempts by method, average days from a task's creation
    (the document's date) to its effective service, and the queue by state."""
    by_method: dict[str, dict[str, int]] = {}
    for r in wb.db.query("SELECT method, result FROM delivery_attempts"):
        m = by_method.setdefault(r["method"], {"attempts": 0, "succeeded": 0})
        m["attempts"] += 1
        m["succeeded"] += 0 if rules.RESULTS[r["result"]][1] else 1
    rates = {k: {**v, "rate": round(v["succeeded"] / v["attempts"], 3)}
             for k, v in sorted(by_method.items())}
    days = [(date.fromisoformat(r[0]) - date.fromisoformat(r[1])).days for r in wb.db.query(
        "SELECT t.effective_on, d.doc_date FROM delivery_tasks t JOIN documents d"
        " ON d.id = t.document_id WHERE t.effective_on IS NOT NULL")]
    states = {r[0]: r[1] for r in wb.db.query(
        "SELECT status, count(*) FROM delivery_tasks GROUP BY status")}
    return {"by_method": rates, "effective": len(days),
            "average_days_to_effective": round(sum(days) / len(days), 1) if days else None,
            "by_status": states}

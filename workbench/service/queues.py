"""The service's writes for the service (送达) and preservation (保全) queues (issue 13).

The capabilities (workbench/delivery, workbench/preservation) work out what the law says — the
effective date by method, the ruling deadline, a measure's maximum term — and call these methods.
What can only be checked against the stored rows is checked here, inside the write transaction,
before anything is written: a refusal leaves nothing recorded half.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from ..cases.repository import parse_iso_date
from ..errors import NotFound, Text, UserError
from . import queue_projection as q
from .records import DOCUMENT_FILED, ReadyDocument, document_payload
from .registry import write

if TYPE_CHECKING:
    from .change import Txn


def _iso(value: date | str, what: Text) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return parse_iso_date(str(value), what).isoformat()


def _money(value: Any, what: str) -> Decimal:
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        raise UserError(Text(f"{what}有误：{value!r}", "bad amount"), field=what) from None
    if not d.is_finite() or d < 0:
        raise UserError(Text(f"{what}有误：{value!r}", "bad amount"), field=what)
    return d


def _open_task(tx: "Txn", task_id: int, case_id: int) -> Any:
    """The task's row, refused once it is served: nothing more may be tried or recorded on it."""
    task = _row(tx, "delivery_tasks", task_id, case_id, "送达任务")
    if task["status"] == "effective":
        raise UserError(Text(f"送达任务 {task_id} 已于 {task['effective_on']} 生效",
                             f"task {task_id} was already served on {task['effective_on']}"))
    return task


def _row(tx: "Txn", table: str, row_id: int, case_id: int, zh: str) -> Any:
    row = tx.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
    if row is None or row["case_id"] != case_id:
        raise NotFound(Text(f"本案没有这个{zh}", f"no such {table[:-1]} in this case: {row_id}"))
    return row


def _document_date(tx: "Txn", case_id: int, document_id: int) -> str:
    row = tx.conn.execute("SELECT doc_date FROM documents WHERE id = ? AND case_id = ?",
                          (document_id, case_id)).fetchone()
    if row is None:
        raise NotFound(Text(f"本案没有这份文书：{document_id}",
                            f"no such document in this case: {document_id}"))
    return row[0]


def _file(tx: "Txn", case_id: int, doc: ReadyDocument, on: str) -> int:
    doc_id = tx.new_id("documents")
    tx.record(case_id, DOCUMENT_FILED, document_payload(doc_id, doc, on, None))
    return doc_id


class QueueWrites:
    db: Any

    def _queue_case(self, ref: str | int) -> int:
        case_id = self.case_id(ref)  # type: ignore[attr-defined]
        self.ensure_writable(case_id)  # type: ignore[attr-defined]
        return case_id

    # ---- 送达 ----------------------------------------------------------------------------------
    @write()
    def create_delivery_task(self, ref: str | int, document_id: int, recipient: str, *,
                             method: str, address: str = "", clock_kind: str | None = None,
                             data: dict | None = None, actor: str | None = None) -> int:
        """A document to serve on one recipient: a task in the service queue."""
        case_id = self._queue_case(ref)
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            tx.writable(case_id)
            _document_date(tx, case_id, document_id)
            known = {r[0] for r in tx.conn.execute("SELECT name FROM parties WHERE case_id = ?",
                                                   (case_id,))}
            if recipient not in known:
                raise UserError(f"{recipient!r} 不是本案当事人 / not a party of this case; 当事人 / "
                                f"parties: {'、'.join(sorted(known))}", field="recipient")
            task_id = tx.new_id("delivery_tasks")
            tx.record(case_id, q.DELIVERY_TASK_CREATED,
                      {"task_id": task_id, "document_id": document_id, "recipient": recipient,
                       "address": address, "method": method, "clock_kind": clock_kind,
                       "data": data or {}})
        return task_id

    @write()
    def record_delivery_attempt(self, ref: str | int, task_id: int, on: date | str, *,
                                method: str, result: str, failed: bool,
                                data: dict | None = None, actor: str | None = None) -> int:
        """One try at serving (a visit, a letter posted, a message sent) and what came of it."""
        case_id = self._queue_case(ref)
        on_iso = _iso(on, Text("送达日期", "service date"))
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            tx.writable(case_id)
            task = _open_task(tx, task_id, case_id)
            made = _document_date(tx, case_id, task["document_id"])
            if on_iso < made:
                raise UserError(Text(f"送达日期 {on_iso} 早于文书形成日期 {made}",
                                     f"an attempt cannot precede its document ({made})"), field="on")
            attempt_id = tx.new_id("delivery_attempts")
            tx.record(case_id, q.DELIVERY_ATTEMPT,
                      {"attempt_id": attempt_id, "task_id": task_id, "on": on_iso,
                       "method": method, "result": result, "failed": bool(failed),
                       "data": data or {}})
        return attempt_id

    @write()
    def record_delivery_effective(self, ref: str | int, task_id: int, *, effective_on: date | str,
                                  basis: str, proof_document_id: int | None,
                                  actor: str | None = None) -> None:
        """The task is served as of `effective_on`, proved by a filed document (the signed 送达回证,
        the postal receipt, the 电子送达凭证, the 公告)."""
        case_id = self._queue_case(ref)
        eff = _iso(effective_on, Text("生效日期", "effective date"))
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            tx.writable(case_id)
            self._effective(tx, case_id, task_id, eff, basis, proof_document_id)

    def _effective(self, tx: "Txn", case_id: int, task_id: int, eff: str, basis: str,
                   proof_document_id: int | None, published_on: str | None = None) -> None:
        task = _open_task(tx, task_id, case_id)
        if proof_document_id is None:
            raise UserError(Text("没有送达凭证（送达回证、邮寄回执、电子送达凭证或公告），不能认定送达日期",
                                 "an effective date needs its proof filed first"), field="proof")
        _document_date(tx, case_id, proof_document_id)
        last = tx.conn.execute("SELECT on_date, result FROM delivery_attempts WHERE task_id = ?"
                               " ORDER BY on_date DESC, id DESC LIMIT 1", (task_id,)).fetchone()
        if last is None or task["status"] != "awaiting_proof":
            raise UserError(Text("没有成功的送达记录，失败的送达不产生送达日期",
                                 "no successful attempt: a failed attempt never makes a service effective"))
        if eff < last[0]:
            raise UserError(Text(f"生效日期 {eff} 早于送达记录 {last[0]}", "effective before the attempt"))
        payload = {"task_id": task_id, "effective_on": eff, "basis": basis,
                   "proof_document_id": proof_document_id}
        if published_on:
            payload["published_on"] = published_on
        tx.record(case_id, q.DELIVERY_EFFECTIVE, payload)

    @write()
    def serve_by_announcement(self, ref: str | int, task_id: int, notice: ReadyDocument, *,
                              published_on: date | str, effective_on: date | str, basis: str,
                              data: dict | None = None, actor: str | None = None) -> int:
        """File the 公告, record its publication and the service it effects, all or nothing.
        Returns the announcement's document id."""
        case_id = self._queue_case(ref)
        pub = _iso(published_on, Text("公告日期", "announcement date"))
        eff = _iso(effective_on, Text("生效日期", "effective date"))
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            tx.writable(case_id)
            task = _open_task(tx, task_id, case_id)
            made = _document_date(tx, case_id, task["document_id"])
            if pub < made:
                raise UserError(Text(f"公告日期 {pub} 早于文书形成日期 {made}",
                                     "an announcement cannot precede its document"), field="published_on")
            doc_id = _file(tx, case_id, notice, pub)
            tx.record(case_id, q.DELIVERY_ATTEMPT,
                      {"attempt_id": tx.new_id("delivery_attempts"), "task_id": task_id,
                       "on": pub, "method": "announcement", "result": "published",
                       "failed": False, "data": dict(data or {}, notice_document_id=doc_id)})
            self._effective(tx, case_id, task_id, eff, basis, doc_id, pub)
        return doc_id

    # ---- 保全 ----------------------------------------------------------------------------------
    @write()
    def open_preservation(self, ref: str | int, matter: dict[str, Any], *,
                          actor: str | None = None) -> int:
        """A 财产保全申请 received: the matter enters the preservation queue."""
        case_id = self._queue_case(ref)
        amount = _money(matter["amount"], "请求保全数额")
        claim = _money(matter["claim_amount"], "请求数额")
        if amount <= 0:
            raise UserError(Text("请求保全数额须大于零", "the amount to preserve must be positive"),
                            field="amount")
        if amount > claim:
            raise UserError(Text(f"请求保全数额 {amount} 元超过请求数额 {claim} 元；保全限于请求的范围（民诉法第一百零五条）",
                                 "preservation is limited to the claim"),
                            field="amount")
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            tx.writable(case_id)
            known = {r[0] for r in tx.conn.execute("SELECT name FROM parties WHERE case_id = ?",
                                                   (case_id,))}
            for who in ("applicant", "respondent"):
                if matter[who] not in known:
                    raise UserError(Text(f"{matter[who]!r} 不是本案当事人", "not a party of this case"),
                                    field=who)
            matter_id = tx.new_id("preservation_matters")
            tx.record(case_id, q.PRESERVATION_OPENED,
                      dict(matter, matter_id=matter_id, amount=str(amount), claim_amount=str(claim)))
        return matter_id

    def _matter(self, tx: "Txn", case_id: int, matter_id: int) -> Any:
        return _row(tx, "preservation_matters", matter_id, case_id, "保全事项")

    @write()
    def rule_preservation(self, ref: str | int, matter_id: int, *, on: date | str, outcome: str,
                          ruling: ReadyDocument, data: dict | None = None,
                          actor: str | None = None) -> int:
        """File the 民事裁定书（财产保全） granting or rejecting the application."""
        case_id = self._queue_case(ref)
        on_iso = _iso(on, Text("裁定日期", "ruling date"))
        if outcome not in ("granted", "rejected"):
            raise UserError(f"裁定结果应为 granted 或 rejected：{outcome!r}", field="outcome")
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            tx.writable(case_id)
            m = self._matter(tx, case_id, matter_id)
            if m["status"] != "applied":
                raise UserError(Text(f"保全事项 {matter_id} 已作出裁定", "already ruled on"))
            if on_iso < m["applied_at"][:10]:
                raise UserError(Text(f"裁定日期 {on_iso} 早于申请 {m['applied_at'][:10]}",
                                     "ruling before the application"), field="on")
            doc_id = _file(tx, case_id, ruling, on_iso)
            tx.record(case_id, q.PRESERVATION_RULED,
                      {"matter_id": matter_id, "on": on_iso, "outcome": outcome,
                       "document_id": doc_id, "data": data or {}})
        return doc_id

    @write()
    def execute_preservation_measure(self, ref: str | int, matter_id: int, *, kind: str,
                                     target: str, registry: str, amount: Any,
                                     start_on: date | str, expires_on: date | str,
                                     data: dict | None = None, actor: str | None = None) -> int:
        """An account frozen, a property sealed or seized: one measure with its term."""
        case_id = self._queue_case(ref)
        start = _iso(start_on, Text("执行日期", "execution date"))
        ends = _iso(expires_on, Text("期满日期", "expiry date"))
        value = _money(amount, "保全数额")
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            tx.writable(case_id)
            m = self._matter(tx, case_id, matter_id)
            if m["status"] not in ("granted", "executed"):
                raise UserError(Text("尚无准予保全的裁定，不能执行", "no ruling granting preservation"))
            if start < m["ruled_on"]:
                raise UserError(Text(f"执行日期 {start} 早于裁定 {m['ruled_on']}", "before the ruling"))
            done = sum((Decimal(r[0]) for r in tx.conn.execute(
                "SELECT amount FROM preservation_measures WHERE matter_id = ?", (matter_id,))),
                Decimal(0))
            if done + value > Decimal(m["amount"]):
                raise UserError(Text(f"保全数额合计 {done + value} 元超过裁定保全的 {m['amount']} 元（民诉法第一百零五条）",
                                     "more than the ruling allows"), field="amount")
            measure_id = tx.new_id("preservation_measures")
            tx.record(case_id, q.PRESERVATION_EXECUTED,
                      {"measure_id": measure_id, "matter_id": matter_id, "kind": kind,
                       "target": target, "registry": registry, "amount": str(value),
                       "start_on": start, "expires_on": ends, "data": data or {}})
        return measure_id

    @write()
    def renew_preservation_measure(self, ref: str | int, measure_id: int, *, on: date | str,
                                   expires_on: date | str, ruling: ReadyDocument,
                                   actor: str | None = None) -> int:
        """续行: file the renewal ruling and move the measure's expiry, before it lapses."""
        case_id = self._queue_case(ref)
        on_iso = _iso(on, Text("续行日期", "renewal date"))
        ends = _iso(expires_on, Text("期满日期", "expiry date"))
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            tx.writable(case_id)
            ms = _row(tx, "preservation_measures", measure_id, case_id, "保全措施")
            if ms["status"] != "active":
                raise UserError(Text(f"保全措施 {measure_id} 已解除", "the measure is no longer in force"))
            if on_iso > ms["expires_on"]:
                raise UserError(Text(f"保全措施已于 {ms['expires_on']} 期满，{on_iso} 不能续行；期满前办理续行（民诉法解释第四百八十五条第二款）",
                                     "a measure cannot be renewed after it has expired"), field="on")
            if ends <= ms["expires_on"]:
                raise UserError(Text("续行后的期满日须晚于原期满日", "the renewal must extend the term"))
            doc_id = _file(tx, case_id, ruling, on_iso)
            tx.record(case_id, q.PRESERVATION_RENEWED,
                      {"measure_id": measure_id, "on": on_iso, "expires_on": ends,
                       "previous_expiry": ms["expires_on"], "document_id": doc_id})
        return doc_id

    @write()
    def record_preservation_suit(self, ref: str | int, matter_id: int, *, on: date | str,
                                 case_number: str, actor: str | None = None) -> None:
        """The pre-suit applicant sued (or applied for arbitration) on `on`."""
        case_id = self._queue_case(ref)
        on_iso = _iso(on, Text("起诉日期", "suit date"))
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            tx.writable(case_id)
            m = self._matter(tx, case_id, matter_id)
            if m["stage"] != "pre_suit":
                raise UserError(Text("诉讼中保全无需登记起诉", "only a pre-suit matter awaits the suit"))
            if on_iso < m["applied_at"][:10]:
                raise UserError(Text("起诉日期早于保全申请", "the suit predates the application"))
            tx.record(case_id, q.PRESERVATION_SUED,
                      {"matter_id": matter_id, "on": on_iso, "case_number": case_number})

    @write()
    def release_preservation(self, ref: str | int, matter_id: int, *, on: date | str,
                             reason: str, ruling: ReadyDocument,
                             actor: str | None = None) -> int:
        """解除保全: file the release ruling; every measure of the matter still in force ends."""
        case_id = self._queue_case(ref)
        on_iso = _iso(on, Text("解除日期", "release date"))
        with self._txn(actor) as tx:  # type: ignore[attr-defined]
            tx.writable(case_id)
            m = self._matter(tx, case_id, matter_id)
            if m["status"] not in ("granted", "executed"):
                raise UserError(Text("没有可以解除的保全措施", "nothing in force to release"))
            if on_iso < m["ruled_on"]:
                raise UserError(Text("解除日期早于保全裁定", "release before the ruling"))
            doc_id = _file(tx, case_id, ruling, on_iso)
            tx.record(case_id, q.PRESERVATION_RELEASED,
                      {"matter_id": matter_id, "on": on_iso, "reason": reason,
                       "document_id": doc_id})
        return doc_id

"""Log entry kinds of the service (送达) and preservation (保全) queues, and their projections.

Each kind's payload carries everything its rows need (ids included), so an entry replicated from
another desk projects to the same rows. Dates are ISO text; money is decimal text.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Callable

DELIVERY_TASK_CREATED = "delivery.task_created"
DELIVERY_ATTEMPT = "delivery.attempt_recorded"
DELIVERY_EFFECTIVE = "delivery.effective"
PRESERVATION_OPENED = "preservation.opened"
PRESERVATION_RULED = "preservation.ruled"
PRESERVATION_EXECUTED = "preservation.measure_executed"
PRESERVATION_RENEWED = "preservation.measure_renewed"
PRESERVATION_SUED = "preservation.suit_filed"
PRESERVATION_RELEASED = "preservation.released"


def _j(value: Any) -> str:
    return json.dumps(value or {}, ensure_ascii=False, sort_keys=True)


def _task_created(conn: sqlite3.Connection, case_id: int | None, p: dict, at: str, _: Any) -> None:
    conn.execute(
        "INSERT INTO delivery_tasks(id, case_id, document_id, recipient, address, method,"
        " clock_kind, status, data, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (p["task_id"], case_id, p["document_id"], p["recipient"], p["address"], p["method"],
         p.get("clock_kind"), "pending", _j(p.get("data")), at, at))


def _attempt(conn: sqlite3.Connection, case_id: int | None, p: dict, at: str, _: Any) -> None:
    conn.execute(
        "INSERT INTO delivery_attempts(id, case_id, task_id, on_date, method, result, data,"
        " recorded_at) VALUES (?,?,?,?,?,?,?,?)",
        (p["attempt_id"], case_id, p["task_id"], p["on"], p["method"], p["result"],
         _j(p.get("data")), at))
    # A failed attempt leaves the task open for the next one; any other awaits its proof.
    status = "failed" if p["failed"] else "awaiting_proof"
    conn.execute("UPDATE delivery_tasks SET status = ?, method = ?, updated_at = ? WHERE id = ?",
                 (status, p["method"], at, p["task_id"]))


def _effective(conn: sqlite3.Connection, case_id: int | None, p: dict, at: str, _: Any) -> None:
    conn.execute(
        "UPDATE delivery_tasks SET status = 'effective', effective_on = ?, effective_basis = ?,"
        " proof_document_id = ?, updated_at = ? WHERE id = ?",
        (p["effective_on"], p["basis"], p["proof_document_id"], at, p["task_id"]))
    if p.get("published_on"):  # an announcement: its period is not counted in the trial period
        conn.execute("UPDATE delivery_tasks SET data = json_set(data, '$.published_on', ?)"
                     " WHERE id = ?", (p["published_on"], p["task_id"]))


def _opened(conn: sqlite3.Connection, case_id: int | None, p: dict, at: str, _: Any) -> None:
    conn.execute(
        "INSERT INTO preservation_matters(id, case_id, stage, applicant, respondent, amount,"
        " claim_amount, applied_at, urgent, ruling_due_at, security_required, security_offered,"
        " status, data, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (p["matter_id"], case_id, p["stage"], p["applicant"], p["respondent"], p["amount"],
         p["claim_amount"], p["applied_at"], int(p["urgent"]), p["ruling_due_at"],
         p["security_required"], p.get("security_offered", ""), "applied", _j(p.get("data")),
         at, at))


def _ruled(conn: sqlite3.Connection, case_id: int | None, p: dict, at: str, _: Any) -> None:
    status = "granted" if p["outcome"] == "granted" else "rejected"
    conn.execute("UPDATE preservation_matters SET status = ?, ruled_on = ?, ruling_document_id = ?,"
                 " updated_at = ? WHERE id = ?",
                 (status, p["on"], p["document_id"], at, p["matter_id"]))


def _executed(conn: sqlite3.Connection, case_id: int | None, p: dict, at: str, _: Any) -> None:
    conn.execute(
        "INSERT INTO preservation_measures(id, case_id, matter_id, kind, target, registry, amount,"
        " start_on, expires_on, status, data, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (p["measure_id"], case_id, p["matter_id"], p["kind"], p["target"], p["registry"],
         p["amount"], p["start_on"], p["expires_on"], "active", _j(p.get("data")), at))
    conn.execute("UPDATE preservation_matters SET status = 'executed', updated_at = ? WHERE id = ?",
                 (at, p["matter_id"]))


def _renewed(conn: sqlite3.Connection, case_id: int | None, p: dict, at: str, _: Any) -> None:
    conn.execute("UPDATE preservation_measures SET expires_on = ?, renewals = renewals + 1"
                 " WHERE id = ?", (p["expires_on"], p["measure_id"]))


def _sued(conn: sqlite3.Connection, case_id: int | None, p: dict, at: str, _: Any) -> None:
    conn.execute("UPDATE preservation_matters SET sued_on = ?, updated_at = ? WHERE id = ?",
                 (p["on"], at, p["matter_id"]))


def _released(conn: sqlite3.Connection, case_id: int | None, p: dict, at: str, _: Any) -> None:
    conn.execute("UPDATE preservation_matters SET status = 'released', released_on = ?,"
                 " release_document_id = ?, updated_at = ? WHERE id = ?",
                 (p["on"], p["document_id"], at, p["matter_id"]))
    conn.execute("UPDATE preservation_measures SET status = 'released' WHERE matter_id = ?"
                 " AND status = 'active'", (p["matter_id"],))


PROJECTIONS: dict[str, Callable[..., None]] = {
    DELIVERY_TASK_CREATED: _task_created,
    DELIVERY_ATTEMPT: _attempt,
    DELIVERY_EFFECTIVE: _effective,
    PRESERVATION_OPENED: _opened,
    PRESERVATION_RULED: _ruled,
    PRESERVATION_EXECUTED: _executed,
    PRESERVATION_RENEWED: _renewed,
    PRESERVATION_SUED: _sued,
    PRESERVATION_RELEASED: _released,
}

"""The append-only, hash-chained log of every change to a case file.

Each case has its own chain (seq 1, 2, …); an entry's hash covers the case number, its sequence,
time, action, payload and the previous entry's hash, so editing or deleting any row breaks every
hash after it. The chain is per case, not global, so that an archived case carries its own chain
head and reproduces it exactly when imported into another workbench.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping
from ..errors import Text

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(case_number: str, seq: int, at: str, action: str, payload_json: str, prev: str,
               actor: str | None = None) -> str:
    fields = {"case": case_number, "seq": seq, "at": at, "action": action,
              "payload": payload_json, "prev": prev}
    # The acting user is covered for entries that name one; entries written before users existed
    # (actor NULL) hash exactly as they always did, so existing chains still verify.
    if actor is not None:
        fields["actor"] = actor
    body = canonical_json(fields)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LogEntry:
    id: int
    case_id: int
    seq: int
    at: str
    action: str
    payload: dict
    prev_hash: str
    hash: str
    actor: str | None = None


def append(conn: sqlite3.Connection, case_id: int, case_number: str, at: str, action: str,
           payload: dict, actor: str | None = None) -> LogEntry:
    """Append one entry; the caller holds the transaction that makes the change it records.
    Only the service calls this (workbench/service/change.py)."""
    row = conn.execute(
        "SELECT seq, hash FROM log WHERE case_id = ? ORDER BY seq DESC LIMIT 1", (case_id,)
    ).fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    payload_json = canonical_json(payload)
    h = entry_hash(case_number, seq, at, action, payload_json, prev, actor)
    cur = conn.execute(
        "INSERT INTO log(case_id, seq, at, action, payload, prev_hash, hash, actor)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (case_id, seq, at, action, payload_json, prev, h, actor),
    )
    conn.execute("UPDATE cases SET log_head = ?, log_count = ? WHERE id = ?", (h, seq, case_id))
    return LogEntry(cur.lastrowid, case_id, seq, at, action, payload, prev, h, actor)


def entries(conn: sqlite3.Connection, case_id: int) -> list[LogEntry]:
    out = []
    for r in conn.execute(
        "SELECT id, case_id, seq, at, action, payload, prev_hash, hash, actor FROM log "
        "WHERE case_id = ? ORDER BY seq", (case_id,)
    ):
        try:
            payload = json.loads(r[5])
        except (TypeError, ValueError):
            payload = {"_unreadable": r[5]}
        out.append(LogEntry(r[0], r[1], r[2], r[3], r[4], payload, r[6], r[7], r[8]))
    return out


def walk_chain(rows: Iterable[Mapping[str, Any]], case_number: str,
               where: Callable[[Mapping[str, Any]], str]) -> tuple[str | None, str, int]:
    """Recompute a case's chain over its entries as stored (payload as its JSON text), in seq
    order. Returns (the first break described, or None; the recomputed head; entries walked).
    The same walk serves the live database and an archive package's log.json."""
    prev, expected = GENESIS, 1
    for r in rows:
        seq = r.get("seq")
        if seq != expected:
            return (Text(f"{where(r)}: 序号不连续，缺少第 {expected} 条",
                         f"{where(r)}: entry missing before it"),
                    prev, expected - 1)
        if r.get("prev_hash") != prev:
            return Text(f"{where(r)}: 前一条的摘要不符", f"{where(r)}: previous-hash link broken"), prev, expected - 1
        if entry_hash(case_number, seq, r.get("at"), r.get("action"), r.get("payload"),
                      prev, r.get("actor")) != r.get("hash"):
            return Text(f"{where(r)}: 内容已被改动", f"{where(r)}: entry altered"), prev, expected - 1
        prev, expected = r["hash"], expected + 1
    return None, prev, expected - 1


def verify_chain(conn: sqlite3.Connection, case_id: int, case_number: str,
                 head: str, count: int) -> list[str]:
    """Problems in one case's chain, first break first; an empty list means intact."""
    rows = [dict(zip(("id", "seq", "at", "action", "payload", "prev_hash", "hash", "actor"), r))
            for r in conn.execute("SELECT id, seq, at, action, payload, prev_hash, hash, actor FROM log"
                                  " WHERE case_id = ? ORDER BY seq", (case_id,))]
    problem, walked_head, walked = walk_chain(
        rows, case_number,
        lambda r: f"{case_number} 日志第 {r['seq']} 条 (log id {r['id']}, {r['action']})")
    if problem:
        return [problem]
    if (walked, walked_head) != (count, head if count else GENESIS):
        return [Text(f"{case_number} 日志: 记录的末条为第 {count} 条，实际为第 {walked} 条",
                     "log truncated or head altered")]
    return []

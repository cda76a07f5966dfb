"""The authoritative chain in the court store: reading it (logged) and appending on its head.

`push_case` runs in one server transaction per case: it takes the case's advisory lock, checks
the desk's segment (the first altered or unlinked entry is named and nothing is written), skips
what the server already has (by hash, by origin hash of an earlier replay, or as an earlier
conflict), appends what was chained on the current head as it is, re-chains on the head what was
chained on an older one and still applies (recording the original hash), and keeps what cannot
apply as a conflict. The log's trigger checks every insert again under the case's row lock, so a
concurrent appender that slipped past gets a clean refusal (HeadMoved) and retries; never a fork.

Which entries "still apply" is the procedure's business, not the store's: the caller passes the
rules (`workbench/court/replay.py`'s `state_of`) as `rules`. What the store itself needs of an
entry is here: the blobs it names, whether a segment's links and hashes hold, and the court
store's summary columns of a case.created payload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Protocol

import psycopg

from ...errors import Text, UserError
from ..chain_entry import ChainEntry
from . import schema
from .pg import CourtError, end_failed_transaction


class HeadMoved(CourtError):
    """Another desk appended to the case in the same moment; the push may be retried."""


@dataclass
class Conflict:
    case_number: str
    seq: int
    action: str
    at: str
    reason: str
    entry_hash: str


@dataclass
class PushResult:
    case_number: str
    appended: int = 0
    rechained: int = 0
    already: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    head: str = schema.GENESIS
    count: int = 0
    created: bool = False


class ReplayState(Protocol):
    """What a chain has established, as the replay rules judge it (workbench/court/replay.py)."""

    @property
    def status(self) -> str: ...

    @property
    def concluded_on(self) -> date | None: ...

    def add(self, e: ChainEntry) -> None: ...

    def refuses(self, e: ChainEntry) -> str | None: ...


Rules = Callable[[list[ChainEntry]], ReplayState]


def blobs_named(action: str, payload: dict) -> set[str]:
    """Every blob an entry names: a document's PDF, each scanned page image and its OCR text
    (by the text's SHA-256), a hearing's audio and transcript (`*_blob` keys)."""
    out: set[str] = set()
    for key, value in payload.items():
        if (key == "blob" or key.endswith("_blob")) and isinstance(value, str) and len(value) == 64:
            out.add(value)
    if action == "intake.pages":
        for page in payload.get("pages", []):
            for key in ("blob", "text_sha256"):
                v = page.get(key)
                if isinstance(v, str) and len(v) == 64:
                    out.add(v)
    return out


def first_break(case_number: str, entries: list[ChainEntry], base: str) -> str | None:
    """The first entry of a desk's segment that is not what its chain says: a hash that does not
    recompute, or a link to a previous hash that is not the entry before it."""
    prev = base
    for e in entries:
        if e.prev_hash != prev:
            return (Text(f"{case_number} 日志第 {e.seq} 条 ({e.action}): 前一条的摘要不符",
                         "previous-hash link broken"))
        if not e.recomputes(case_number):
            return Text(f"{case_number} 日志第 {e.seq} 条 ({e.action}): 内容已被改动", "entry altered")
        prev = e.hash
    return None


def case_summary(payload: dict) -> dict:
    """The court store's columns for a case, from its case.created payload."""
    parties = payload.get("parties", [])
    names = lambda role: "、".join(p.get("name", "") for p in parties if p.get("role") == role)  # noqa: E731
    filed = payload.get("filed_on")
    try:
        filed_on = date.fromisoformat(filed) if filed else None
    except ValueError:
        filed_on = None
    return {"court_name": (payload.get("court") or {}).get("name", ""),
            "cause": payload.get("cause", ""), "procedure": payload.get("procedure", ""),
            "filed_on": filed_on, "judge_name": payload.get("judge", ""),
            "parties": f"{names('plaintiff')} 诉 {names('defendant')}"}


_COLS = "seq, at, action, payload, prev_hash, hash, actor, origin_hash"


def entries(conn: psycopg.Connection, case_number: str, after: int = 0) -> list[ChainEntry]:
    return [ChainEntry(*r) for r in conn.execute(
        f"SELECT {_COLS} FROM court.log WHERE case_number = %s AND seq > %s ORDER BY seq",
        (case_number, after))]


def hashes(conn: psycopg.Connection, case_number: str) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT seq, hash FROM court.log WHERE case_number = %s ORDER BY seq", (case_number,))]


def log_access(conn: psycopg.Connection, case_number: str, what: str, outcome: str = "ok") -> None:
    """Who read (or tried to read) which case, when. Its own statement: a refusal is logged even
    though the work it refused was rolled back."""
    conn.execute("INSERT INTO court.access(case_number, what, outcome) VALUES (%s, %s, %s)",
                 (case_number, what, outcome))


def access_log(conn: psycopg.Connection, case_number: str) -> list[dict]:
    """Who read the case, when, and with what outcome (row security: a desk sees its own reads,
    the president and the administrator everyone's)."""
    return [dict(zip(("login", "at", "what", "outcome"), r)) for r in conn.execute(
        "SELECT login, at, what, outcome FROM court.access WHERE case_number = %s ORDER BY at, id",
        (case_number,))]


def refuse_unseen(conn: psycopg.Connection, case_number: str, what: str) -> None:
    """Raise the right message for a case this user cannot see, and log the attempt."""
    exists = conn.execute("SELECT court.case_exists(%s)", (case_number,)).fetchone()[0]
    end_failed_transaction(conn)
    log_access(conn, case_number, what, "denied" if exists else "absent")
    if exists:
        raise CourtError(Text(f"{case_number} 未分配给您，无权查看", "the case is not assigned to you"))
    raise CourtError(Text(f"法院库中没有此案：{case_number}",
                          f"no such case in the court store: {case_number}"))


def read_case(conn: psycopg.Connection, case_number: str, after: int = 0) -> list[ChainEntry]:
    """The case's entries after `after`, with the read logged; refused if the case is not seen."""
    row = conn.execute("SELECT count FROM court.cases WHERE number = %s", (case_number,)).fetchone()
    if row is None:
        refuse_unseen(conn, case_number, "read")
    out = entries(conn, case_number, after)
    log_access(conn, case_number, f"read entries {after + 1}-{row[0]}")
    return out


def _insert(conn: psycopg.Connection, number: str, e: ChainEntry) -> None:
    conn.execute("INSERT INTO court.log(case_number, seq, at, action, payload, prev_hash, hash,"
                 " actor, origin_hash) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                 (number, e.seq, e.at, e.action, e.payload, e.prev_hash, e.hash, e.actor,
                  e.origin_hash))


def push_case(conn: psycopg.Connection, number: str, segment: list[ChainEntry],
              base: str, *, rules: Rules) -> PushResult:
    """Append a desk's entries (chained on `base`, the last hash the desk shares with the
    server, or genesis) to the case's court chain, in one transaction. `rules` builds the state
    the server's chain has reached; it judges each entry not chained on the head."""
    problem = first_break(number, segment, base)
    if problem:
        raise UserError(Text(f"本地日志链已被改动，不能上传：{problem}",
                             f"the desk's chain was altered and cannot be pushed: {problem}"))
    res = PushResult(number)
    if not segment:
        return res
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", ("court.case:" + number,))
            row = conn.execute("SELECT head, count FROM court.cases WHERE number = %s",
                               (number,)).fetchone()
            if row is None:
                if conn.execute("SELECT court.case_exists(%s)", (number,)).fetchone()[0]:
                    raise CourtError(Text(f"{number} 未分配给您，不能写入",
                                          "the case is not assigned to you"))
                if segment[0].action != "case.created" or segment[0].seq != 1:
                    raise CourtError(Text(f"{number}: 法院库中尚无此案",
                                          f"{number}: the case is not on the court store"))
                me = conn.execute("SELECT court.me()").fetchone()[0]
                s = case_summary(segment[0].data())
                conn.execute(
                    "INSERT INTO court.cases(number, court_name, cause, procedure, filed_on, parties,"
                    " judge_name, created_by) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
                    (number, s["court_name"], s["cause"], s["procedure"], s["filed_on"],
                     s["parties"], s["judge_name"], me))
                row, res.created = (schema.GENESIS, 0), True
            head, count = row
            server = entries(conn, number)
            state = rules(server)
            known = {e.hash for e in server} | {e.origin_hash for e in server if e.origin_hash}
            known |= {r[0] for r in conn.execute(
                "SELECT entry_hash FROM court.conflicts WHERE case_number = %s", (number,))}
            named: set[str] = set()
            for e in segment:
                if e.hash in known:
                    res.already += 1
                    continue
                on_head = e.prev_hash == head and e.seq == count + 1
                # Chained on the head, the entry was made on exactly this state, under the
                # desk's own rules; the replay rules judge only entries made on an older head.
                reason = None if on_head else state.refuses(e)
                if reason:
                    res.conflicts.append(Conflict(number, e.seq, e.action, e.at, reason, e.hash))
                    conn.execute("INSERT INTO court.conflicts(case_number, entry_hash, action, at,"
                                 " payload, reason) VALUES (%s,%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING",
                                 (number, e.hash, e.action, e.at, e.payload, reason))
                    continue
                if on_head:
                    out = ChainEntry(e.seq, e.at, e.action, e.payload, e.prev_hash, e.hash,
                                     e.actor)
                    res.appended += 1
                else:
                    out = e.rechained(number, count + 1, head)
                    res.rechained += 1
                _insert(conn, number, out)
                state.add(out)
                named |= blobs_named(out.action, out.data())
                head, count = out.hash, out.seq
            for sha in sorted(named):
                conn.execute("INSERT INTO court.blob_refs(case_number, sha) VALUES (%s, %s)"
                             " ON CONFLICT DO NOTHING", (number, sha))
            if res.appended or res.rechained:
                conn.execute("UPDATE court.cases SET status = %s, concluded_on = %s"
                             " WHERE number = %s", (state.status, state.concluded_on, number))
            res.head, res.count = head, count
    except psycopg.errors.ForeignKeyViolation as e:
        raise CourtError(Text(f"{number}: 有文件尚未上传：{e.diag.message_detail}",
                              f"{number}: a file the entries name is not in the court store yet (blobs go first): {e.diag.message_detail}")) from None
    except psycopg.errors.UniqueViolation as e:
        raise HeadMoved(Text(f"{number}: 另一台工作台同时写入，请重试（{e.diag.message_primary}）",
                             f"{number}: another desk wrote the case at the same moment; retry ({e.diag.message_primary})")) from None
    except psycopg.errors.InsufficientPrivilege as e:
        raise CourtError(Text(f"{number}: 无权写入此案（{e.diag.message_primary}）",
                              f"{number}: your role may not write this case ({e.diag.message_primary})")) from None
    except psycopg.DatabaseError as e:
        if e.sqlstate == schema.HEAD_REFUSED:
            raise HeadMoved(Text(f"{number}: 日志末端已变化，请重试（{e.diag.message_primary}）",
                                 f"{number}: the chain's head moved; retry ({e.diag.message_primary})")) from None
        if e.sqlstate and e.sqlstate.startswith("WB"):
            raise CourtError(Text(f"{number}: 法院库拒绝：{e.diag.message_primary}",
                                  f"{number}: the court store refused: {e.diag.message_primary}")) from None
        raise
    return res

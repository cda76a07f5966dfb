"""Desk ↔ court store: connect, check out, sync.

Sync of one case, in this order (each step safe to interrupt, each repeated harmlessly):
  1. compare chains: the longest prefix the desk's log shares with the court's (by hash); the
     desk's entries after it are pending;
  2. blobs first: every blob a pending entry names that the court lacks is uploaded (idempotent
     by hash, one transaction each);
  3. push: the pending entries in ONE server transaction (chain.push_case: appended on the head,
     re-chained on it, or kept as conflicts; what the court already has is skipped);
  4. pull: the court's chain is read (the read is logged), the blobs it names that the desk lacks
     are downloaded and verified, and the local case is made equal to it in ONE local
     transaction (replica.adopt).
A kill -9 or a stopped server between any two steps leaves both sides whole: the server has
either all of a push or none of it, the desk either the old replica or the new one; the next sync
finds the same pending entries, skips what arrived, and finishes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError
from ..law.case_numbers import parse_case_number
from ..service import replica
from ..store.chain_entry import ChainEntry
from ..store.court import chain, holdings, schema
from ..store.court.admin import login_for, whoami
from ..store.court.blobs import PgBlobStore
from ..store.court.pg import Connection, connect, end_failed_transaction, lost_during, public_dsn
from ..store.db import utc_now
from ..tasks import CancelToken, ProgressFn, check, report
from . import desk
from .replay import state_of

if TYPE_CHECKING:
    from ..service import Workbench


@dataclass
class CaseSync:
    number: str
    how: str = "same"          # same | appended | rebuilt | changed (written meanwhile) | error
    appended: int = 0
    rechained: int = 0
    already: int = 0
    pulled: int = 0
    blobs_up: int = 0
    blobs_down: int = 0
    conflicts: list[chain.Conflict] = field(default_factory=list)
    holder: str | None = None
    error: str = ""


@dataclass
class SyncReport:
    cases: list[CaseSync] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def conflicts(self) -> list[chain.Conflict]:
        return [c for cs in self.cases for c in cs.conflicts]

    @property
    def errors(self) -> list[str]:
        return [f"{c.number}: {c.error}" for c in self.cases if c.error]


def connect_desk(data_dir: Path, dsn: str, user: str, password: str) -> desk.DeskSettings:
    """Check the credentials against the court store, then keep the connection. Nothing is
    written if the server refuses."""
    login = login_for(dsn, user)
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    with connect(dsn, user=login, password=password) as conn:
        name, role = whoami(conn)
    s = desk.load(data_dir)
    if s is not None and (s.login != login or s.dsn != public_dsn(dsn)):
        desk.forget_password(data_dir, s)
        s = None
    s = s or desk.DeskSettings(public_dsn(dsn), name, login, role, utc_now())
    s.role = role
    s.password_in = desk.store_password(data_dir, login, password)
    desk.save(data_dir, s)
    return s


def open_court(data_dir: Path) -> tuple[desk.DeskSettings, Connection]:
    s = desk.require(data_dir)
    conn = connect(s.dsn, user=s.login, password=desk.read_password(data_dir, s))
    return s, conn


def _page_texts(wb: "Workbench", pending: list[ChainEntry]) -> None:
    """Scanned pages' OCR text is logged by hash; keep each text as a blob under that hash so the
    court (and any rebuild) can restore it."""
    for e in pending:
        if e.action != "intake.pages":
            continue
        doc_id = e.data().get("document_id")
        for (text,) in wb.db.query("SELECT text FROM pages WHERE document_id = ?", (doc_id,)):
            wb.blobs.put((text or "").encode("utf-8"))


def _text_for(wb: "Workbench"):
    return lambda sha: wb.blobs.get_verified(sha).decode("utf-8")


def sync_case(wb: "Workbench", conn: Connection, number: str, *,
              cancel: CancelToken | None = None, retries: int = 5) -> CaseSync:
    out = CaseSync(number)
    store = PgBlobStore(conn)
    row = holdings.case_head(conn, number)
    local = replica.local_chain(wb.db.conn, number)
    if row is None and not local:
        chain.refuse_unseen(conn, number, "checkout")
    if row is not None:
        out.holder = row[2]
        if local and (row[0], row[1]) == (local[-1].seq, local[-1].hash):
            return out
    server = chain.hashes(conn, number) if row is not None else []
    k = 0
    for (seq, h), e in zip(server, local):
        if h != e.hash:
            break
        k += 1
    pending = local[k:]
    if pending:
        _page_texts(wb, pending)
        need: set[str] = set()
        for e in pending:
            need |= chain.blobs_named(e.action, e.data())
        for sha in sorted(store.missing(need)):
            check(cancel)
            store.put(wb.blobs.get_verified(sha))
            out.blobs_up += 1
        base = local[k - 1].hash if k else schema.GENESIS
        for attempt in range(retries):
            try:
                res = chain.push_case(conn, number, pending, base, rules=state_of)
                break
            except chain.HeadMoved:
                if attempt == retries - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        out.appended, out.rechained, out.already = res.appended, res.rechained, res.already
        out.conflicts = res.conflicts
    check(cancel)
    tail = chain.read_case(conn, number, after=k)
    need = set()
    for e in tail:
        need |= chain.blobs_named(e.action, e.data())
    for sha in sorted(need):
        if not wb.blobs.exists(sha):
            check(cancel)
            wb.blobs.put(store.get(sha))
            out.blobs_down += 1
    out.how = replica.adopt(wb, number, tail, _text_for(wb), keep=k,
                            expect_head=local[-1].hash if local else "")
    out.pulled = max(0, len(tail) - out.appended)
    return out


def _remember_head(wb: "Workbench", s: desk.DeskSettings, number: str) -> None:
    """Note the local head the court has now seen, so `status` counts only what came after."""
    local = replica.local_chain(wb.db.conn, number)
    if local:
        s.heads[number] = [local[-1].seq, local[-1].hash]


def desk_cases(wb: "Workbench", conn: Connection, s: desk.DeskSettings) -> list[str]:
    """The cases this desk keeps: checked out here, made here since connecting, and those the
    court assigns to its user (a clerk: also the cases of the judges he or she works with)."""
    return list(dict.fromkeys([*s.checked_out, *_made_here(wb, s), *holdings.mine(conn)]))


def sync(wb: "Workbench", *, cases: list[str] | None = None, progress: ProgressFn | None = None,
         cancel: CancelToken | None = None) -> SyncReport:
    started = time.monotonic()
    s, conn = open_court(wb.data_dir)
    rep = SyncReport()
    try:
        numbers = cases if cases is not None else desk_cases(wb, conn, s)
        # One query for every case's court head and one for the local heads: a desk with a
        # thousand cases touches only those that changed on either side.
        court_heads = holdings.heads(conn, numbers)
        local_heads = {r[0]: (r[1], r[2]) for r in wb.db.query(
            "SELECT number, log_count, log_head FROM cases")}
        for i, number in enumerate(numbers):
            check(cancel)
            report(progress, i, len(numbers), number)
            if number in court_heads and court_heads[number] == local_heads.get(number):
                rep.cases.append(CaseSync(number))
                continue
            try:
                with lost_during(number):
                    cs = sync_case(wb, conn, number, cancel=cancel)
            except (UserError, chain.HeadMoved) as e:
                end_failed_transaction(conn)
                cs = CaseSync(number, "error", error=str(e))
            rep.cases.append(cs)
            if not cs.error:
                _remember_head(wb, s, number)
        report(progress, len(numbers), len(numbers), "")
    finally:
        conn.close()
    s.last_sync = utc_now()
    desk.save(wb.data_dir, s)
    rep.seconds = time.monotonic() - started
    return rep


def checkout(wb: "Workbench", numbers: list[str], *, cancel: CancelToken | None = None) -> SyncReport:
    """Take cases to this desk for offline work ("带走案件"): each is pulled now, marked as held
    by this user on the court store, and kept in every sync from here on."""
    numbers = [parse_case_number(n).canonical for n in numbers]
    s, conn = open_court(wb.data_dir)
    rep = SyncReport()
    try:
        for n in numbers:
            check(cancel)
            cs = sync_case(wb, conn, n, cancel=cancel)
            if holdings.hold(conn, n):
                cs.holder = s.user
            rep.cases.append(cs)
            if n not in s.checked_out:
                s.checked_out.append(n)
            _remember_head(wb, s, n)
    finally:
        conn.close()
    desk.save(wb.data_dir, s)
    return rep


@dataclass
class DeskStatus:
    connected: bool
    dsn: str = ""
    user: str = ""
    role: str = ""
    reachable: bool | None = None
    pending: dict[str, int] = field(default_factory=dict)
    checked_out: dict[str, str | None] = field(default_factory=dict)
    conflicts: list[dict] = field(default_factory=list)
    last_sync: str = ""
    password_in: str = ""
    message: str = ""


def status(wb: "Workbench", *, online: bool = True) -> DeskStatus:
    s = desk.load(wb.data_dir)
    if s is None:
        return DeskStatus(False)
    st = DeskStatus(True, s.dsn, s.user, s.role, None, {}, {n: None for n in s.checked_out},
                    [], s.last_sync, s.password_in)
    for n in desk_cases_local(wb, s):
        local = replica.local_chain(wb.db.conn, n)
        known = s.heads.get(n)
        synced = next((e.seq for e in local if known and e.hash == known[1]), 0)
        if len(local) > synced:
            st.pending[n] = len(local) - synced
    if online:
        try:
            _, conn = open_court(wb.data_dir)
        except Exception as e:  # noqa: BLE001 - refused or unreachable: report, stay offline
            st.reachable, st.message = False, str(e)
            return st
        with conn:
            st.reachable = True
            st.checked_out.update(holdings.holders(conn, s.checked_out))
            st.conflicts = holdings.my_conflicts(conn)
    return st


def desk_cases_local(wb: "Workbench", s: desk.DeskSettings) -> list[str]:
    """The cases this desk keeps, as far as it knows without the court store."""
    return list(dict.fromkeys([*s.checked_out, *s.heads, *_made_here(wb, s)]))


def _made_here(wb: "Workbench", s: desk.DeskSettings) -> list[str]:
    """The cases created on this desk since it connected."""
    return [r[0] for r in wb.db.query(
        "SELECT number FROM cases WHERE created_at >= ? ORDER BY id", (s.connected_at,))]

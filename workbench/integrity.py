"""End-to-end verification: each case's hash chain, the tables against the log, every blob.

It reads the store only (the database and the blob store), so the service and the archive
importer can both call it from above.

A row edited with sqlite3 shows up in one of three ways: a log entry whose hash no longer matches,
a document or event row that disagrees with the log entry that created it, or a blob whose bytes
no longer hash to its name. The service adds a fourth (service/audit.py): it replays the log
and compares every column of every case table, so a field this module does not name is caught too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from .store import eventlog
from .store.blobs import BlobStore
from .store.db import Database
from .tasks import CancelToken, ProgressFn, check, report
from .errors import Text

_DOC_FIELDS = {"volume": "volume", "category": "category", "rank": "rank", "title": "title",
               "author": "author", "doc_date": "date", "blob": "blob", "page_count": "page_count",
               "source": "source", "event_id": "event_id", "filename": "filename"}


def _check_named_blobs(blobs: BlobStore, number: str, entry, problems: list[str]) -> int:
    """Blobs a log entry names by a `*_blob` key (a hearing's audio and each saved transcript):
    the log promises them unaltered, so each must still hash to its name."""
    checked = 0
    for key, sha in sorted(entry.payload.items()):
        if not (key.endswith("_blob") and isinstance(sha, str) and len(sha) == 64):
            continue
        checked += 1
        reason = blobs.check(sha)
        if reason is not None:
            problems.append(Text(f"{number} 日志第 {entry.seq} 条 ({entry.action}) {key}: {('文件缺失' if reason == 'missing' else '文件已被改动')}",
                                 f"blob {reason}: blobs/{sha[:2]}/{sha[2:]}"))
    return checked


def _check_scanned_pages(db: Database, blobs: BlobStore, number: str, logged: dict, problems: list[str]) -> int:
    """A scanned document's pages against the intake log entry: each original page image, its
    rotation and its OCR text (by hash). Returns how many blobs were checked."""
    doc_id = logged.get("document_id")
    rows = {r["idx"]: r for r in db.conn.execute(
        "SELECT idx, blob, rotation, text FROM pages WHERE document_id = ?", (doc_id,))}
    checked = 0
    for page in logged.get("pages", []):
        where = f"{number} 文书 #{doc_id} 第 {page.get('page')} 页"
        row = rows.get(int(page.get("page", 0)) - 1)
        if row is None:
            problems.append(Text(f"{where}: 扫描页已被删除", f"{where}: scanned page deleted"))
            continue
        if row["rotation"] != page.get("rotation"):
            problems.append(Text(f"{where}: 旋转角度与日志不符", f"{where}: rotation differs from the log"))
        text_sha = hashlib.sha256((row["text"] or "").encode("utf-8")).hexdigest()
        if "text_sha256" in page and text_sha != page["text_sha256"]:
            problems.append(Text(f"{where}: 识别文字与日志不符", f"{where}: page text differs from the log"))
        if row["blob"] != page.get("blob"):
            problems.append(Text(f"{where}: 原始图像引用与日志不符", f"{where}: page image reference differs"))
        if page.get("blob"):
            checked += 1
            reason = blobs.check(page["blob"])
            if reason is not None:
                b = page["blob"]
                problems.append(Text(f"{where}: 原始图像{('缺失' if reason == 'missing' else '已被改动')}",
                                     f"{where}: page image {reason}: blobs/{b[:2]}/{b[2:]}"))
    return checked


def _after_seal(number: str, entries: list) -> list[str]:
    """Entries after the `archived` seal that are not part of the sealing transaction (every entry
    of one transaction carries its time): nothing may change an archived case."""
    seal = next((e for e in entries if e.action == "event.recorded"
                 and e.payload.get("kind") == "archived"), None)
    if seal is None:
        return []
    return [Text(f"{number} 日志第 {e.seq} 条 ({e.action}): 记录于归档封存之后", "entry after the archive seal")
            for e in entries if e.seq > seal.seq and e.at != seal.at]


@dataclass
class VerifyReport:
    cases: int = 0
    entries: int = 0
    blobs: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(db: Database, blobs: BlobStore, case_id: int | None,
           progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> VerifyReport:
    """Each case's log chain (or only `case_id`'s), its tables against the log, every blob."""
    conn = db.conn
    rows = conn.execute(
        "SELECT id, number, log_head, log_count FROM cases" + (" WHERE id = ?" if case_id else "")
        + " ORDER BY id", (case_id,) if case_id else ()).fetchall()
    rep = VerifyReport()
    for i, (cid, number, head, count) in enumerate(rows):
        check(cancel)
        report(progress, i, len(rows), number)
        rep.cases += 1
        problems = eventlog.verify_chain(conn, cid, number, head, count)
        rep.problems += problems
        entries = eventlog.entries(conn, cid)
        rep.entries += len(entries)
        logged_docs = {e.payload.get("document_id"): e.payload for e in entries
                       if e.action == "document.filed"}
        logged_events = {e.payload.get("event_id"): e.payload for e in entries
                         if e.action == "event.recorded"}
        for d in conn.execute("SELECT * FROM documents WHERE case_id = ? ORDER BY id", (cid,)):
            where = f"{number} 文书 #{d['id']}「{d['title']}」"
            logged = logged_docs.pop(d["id"], None)
            if logged is None:
                rep.problems.append(Text(f"{where}: 日志中没有此文书的归档记录",
                                         f"{where}: document not in the log"))
            else:
                for col, key in _DOC_FIELDS.items():
                    if d[col] != logged.get(key):
                        rep.problems.append(Text(f"{where}: 字段 {col} 与日志不符（{d[col]!r} ≠ {logged.get(key)!r}）",
                                                 f"{where}: {col} differs from the log ({d[col]!r} ≠ {logged.get(key)!r})"))
            reason = blobs.check(d["blob"])
            rep.blobs += 1
            if reason == "missing":
                rep.problems.append(Text(f"{where}: 文件缺失",
                                         f"{where}: blob missing: blobs/{d['blob'][:2]}/{d['blob'][2:]}"))
            elif reason == "altered":
                rep.problems.append(Text(f"{where}: 文件内容已被改动",
                                         f"{where}: blob altered: blobs/{d['blob'][:2]}/{d['blob'][2:]}"))
        for doc_id, logged in logged_docs.items():
            rep.problems.append(Text(f"{number} 文书 #{doc_id}「{logged.get('title')}」: 日志中有记录但已被删除",
                                     "document deleted behind the log's back"))
        for ev in conn.execute("SELECT * FROM events WHERE case_id = ? ORDER BY id", (cid,)):
            where = f"{number} 事件 #{ev['id']} ({ev['kind']})"
            logged = logged_events.pop(ev["id"], None)
            if logged is None:
                rep.problems.append(Text(f"{where}: 日志中没有此事件", f"{where}: event not in the log"))
                continue
            try:
                data = json.loads(ev["data"])
            except (TypeError, ValueError):  # a row edited into invalid JSON is named, not raised
                data = {"_unreadable": ev["data"]}
            actual = {"kind": ev["kind"], "on": ev["on_date"], "party": ev["party"], "data": data}
            for key, value in actual.items():
                if logged.get(key) != value:
                    rep.problems.append(Text(f"{where}: 字段 {key} 与日志不符",
                                             f"{where}: {key} differs from the log"))
        for ev_id, logged in logged_events.items():
            rep.problems.append(Text(f"{number} 事件 #{ev_id} ({logged.get('kind')}): 已被删除",
                                     "event deleted"))
        for e in entries:
            if e.action == "intake.pages":
                rep.blobs += _check_scanned_pages(db, blobs, number, e.payload, rep.problems)
            rep.blobs += _check_named_blobs(blobs, number, e, rep.problems)
        rep.problems += _after_seal(number, entries)
        created = next((e.payload for e in entries if e.action == "case.created"), None)
        if created is not None:
            case_row = conn.execute("SELECT number, cause, procedure, filed_on, judge, clerk FROM"
                                    " cases WHERE id = ?", (cid,)).fetchone()
            for col, key in (("number", "case_number"), ("cause", "cause"),
                             ("procedure", "procedure"), ("filed_on", "filed_on"),
                             ("judge", "judge"), ("clerk", "clerk")):
                if case_row[col] != created.get(key):
                    rep.problems.append(Text(f"{number} 案件信息字段 {col} 与日志不符",
                                             f"case {col} differs from the log"))
    report(progress, len(rows), len(rows), "")
    return rep

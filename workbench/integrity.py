"""End-to-end verification of the store: each case's hash chain and every blob.

It reads the store only (the database and the blob store); the service's verify runs it and
then the column audit, and that whole verify is what sealing and the archive importer use.

An edit with sqlite3 shows up here as a log entry whose hash no longer matches, or a blob whose
bytes no longer hash to its name. The tables themselves are compared with the log once, by the
service (service/audit.py): it replays the log and compares every column of every case table, so
a changed row is named once, whichever column it is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .store import eventlog
from .store.blobs import BlobStore
from .store.db import Database
from .tasks import CancelToken, ProgressFn, check, report
from .errors import Text


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
    """Each case's log chain (or only `case_id`'s), every blob it names, nothing after the seal."""
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
        for d in conn.execute("SELECT id, title, blob FROM documents WHERE case_id = ? ORDER BY id",
                              (cid,)):
            where = f"{number} 文书 #{d['id']}「{d['title']}」"
            reason = blobs.check(d["blob"])
            rep.blobs += 1
            if reason == "missing":
                rep.problems.append(Text(f"{where}: 文件缺失",
                                         f"{where}: blob missing: blobs/{d['blob'][:2]}/{d['blob'][2:]}"))
            elif reason == "altered":
                rep.problems.append(Text(f"{where}: 文件内容已被改动",
                                         f"{where}: blob altered: blobs/{d['blob'][:2]}/{d['blob'][2:]}"))
        for e in entries:
            if e.action == "intake.pages":
                rep.blobs += _check_scanned_pages(db, blobs, number, e.payload, rep.problems)
            rep.blobs += _check_named_blobs(blobs, number, e, rep.problems)
        rep.problems += _after_seal(number, entries)
    report(progress, len(rows), len(rows), "")
    return rep

"""Import an archive package into another workbench, bit-exactly, or refuse and write nothing.

Refused, before a single byte is written: a zip with unsafe paths, symlinks or the marks of a
decompression bomb; a package that fails verification; a case number already present; a package
from a newer schema; rows whose ids are taken in this workbench (the log names documents and
events by id, and rewriting an id would break the chain). Otherwise the blobs are streamed into
the blob store (each checked against its name as it is written) and the case's rows and log
entries are inserted verbatim in one transaction, which verifies the imported case before it
commits — so the chain head is identical to the package's, and a failure leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Text, UserError
from ..files import atomic_writer
from ..tasks import CancelToken, ProgressFn, check, report
from .package import LOG, MANIFEST, TABLES, VOLUMES_DIR, BLOBS_DIR, decode_value
from .verify import DEFAULT_LIMITS, Limits, inspect_zip, read_small, verify_package

if TYPE_CHECKING:
    from ..service import Workbench

# Rows the log refers to by id (events, documents, and any table keyed to the case) keep their
# ids; parties and the rows hanging off a document (its pages) are renumbered by this database.
RENUMBERED = {"parties"}


def _renumbered(conn, table: str) -> bool:
    from .package import case_table_links
    return table in RENUMBERED or case_table_links(conn).get(table, ("", None))[1] is not None


class PackageRefused(UserError):
    """The package was not imported; `problems` says why. Nothing was written."""

    def __init__(self, headline: str, problems: list[str], exit_code: int = 2) -> None:
        text = headline + "".join(f"\n  - {p}" for p in problems[:50])
        if len(problems) > 50:
            text += Text(f'\n  … 另有 {len(problems) - 50} 项', f"{len(problems) - 50} more")
        super().__init__(text)
        self.problems = problems
        self.exit_code = exit_code


@dataclass(frozen=True)
class ImportResult:
    case_number: str
    chain_head: str
    log_count: int
    documents: int
    blobs_written: int
    blobs_already_present: int


def import_package(wb: "Workbench", path: Path | str, *, limits: Limits = DEFAULT_LIMITS,
                   progress: ProgressFn | None = None,
                   cancel: CancelToken | None = None) -> ImportResult:
    path = Path(path)
    refuse = Text("拒绝导入：", "import refused: ")
    # 1. The zip's directory, before anything is decompressed.
    try:
        with zipfile.ZipFile(path) as zf:
            unsafe = inspect_zip(zf, limits)
            declared = sum(zi.file_size for zi in zf.infolist())
    except FileNotFoundError:
        raise PackageRefused(refuse + Text(f"文件不存在：{path}", f"no such file: {path}"), []) from None
    except (zipfile.BadZipFile, OSError) as e:
        raise PackageRefused(refuse + Text(f"不是有效的归档包：{path}", f"not a zip archive: {path}"), [str(e)]) from None
    if unsafe:
        raise PackageRefused(refuse + Text("归档包不安全（路径越界、符号链接或解压炸弹）",
                                           "unsafe package (path escape, symlink or decompression bomb)"), unsafe)
    free = shutil.disk_usage(wb.data_dir).free
    if declared > free:
        raise PackageRefused(refuse + Text(f"磁盘空间不足：需 {declared} 字节，可用 {free}",
                                           "not enough disk space"), [])
    # 2. Verification of every file and the chain.
    rep = verify_package(path, limits=limits, cancel=cancel,
                         progress=(lambda d, t, m: report(progress, d, 2 * t, m)) if progress else None)
    if not rep.ok:
        raise PackageRefused(refuse + Text("归档包未通过校验", "the package fails verification"), rep.problems,
                             exit_code=1)
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(read_small(zf, MANIFEST, limits))
        tables = json.loads(read_small(zf, TABLES, limits))
        log = json.loads(read_small(zf, LOG, limits))
        _check_target(wb, manifest, tables, refuse)
        # 3. Blobs, streamed and checked; only blobs this store lacked are remembered for undo.
        written: list[Path] = []
        present = 0
        members = [zi for zi in zf.infolist()
                   if zi.filename.startswith((BLOBS_DIR, VOLUMES_DIR))]
        sha_of = {f["path"]: f["sha256"] for f in manifest["files"]}
        try:
            for i, zi in enumerate(members):
                check(cancel)
                report(progress, len(members) + i, 2 * len(members), zi.filename)
                target = wb.blobs.path(sha_of[zi.filename])
                if target.exists():
                    present += 1
                    continue
                _extract_blob(zf, zi, target, sha_of[zi.filename])
                written.append(target)
            check(cancel)
            def check_imported(case_id: int) -> None:
                # The whole verify, the column audit included: a package's tables that disagree
                # with its own log (a party renamed in tables.json) must not come in.
                problems = wb.verify(case_id).problems
                if problems:
                    raise PackageRefused(refuse + Text("导入后校验失败，已撤销",
                                                       "verification after import failed; undone"), problems, exit_code=1)

            wb.import_package_rows(
                tables, log, decode=decode_value, check=check_imported,
                renumbered={t for t in tables if t != "cases" and _renumbered(wb.db.conn, t)})
        except BaseException:
            for p in written:
                try:
                    p.unlink()
                except FileNotFoundError:
                    pass
            raise
    report(progress, 1, 1, "")
    docs = len(tables.get("documents", []))
    return ImportResult(manifest["case_number"], manifest["chain"]["head"], manifest["chain"]["count"],
                        docs, len(written), present)


def _check_target(wb: "Workbench", manifest: dict, tables: dict, refuse: str) -> None:
    conn = wb.db.conn
    number = manifest["case_number"]
    if conn.execute("SELECT 1 FROM cases WHERE number = ?", (number,)).fetchone():
        raise PackageRefused(refuse + Text(f"案号已存在：{number}", f"case already exists: {number}"), [])
    have = {r[0] for r in conn.execute("SELECT name FROM _migrations")}
    newer = [m for m in manifest.get("migrations", []) if m not in have]
    if newer:
        raise PackageRefused(refuse + Text("归档包来自较新版本的工作台，请先升级",
                                           "the package comes from a newer workbench; upgrade first"), newer)
    problems = []
    for table, rows in tables.items():
        cols = {c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')}
        if not cols:
            problems.append(Text(f"{table}: 本工作台没有此表", f"{table}: no such table here"))
            continue
        extra = {k for r in rows for k in r} - cols
        if extra:
            problems.append(Text(f"{table}: 缺少列", f"{table}: missing columns {sorted(extra)}"))
        if table == "cases" or "id" not in cols or _renumbered(conn, table):
            continue
        ids = [r["id"] for r in rows if r.get("id") is not None]
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            taken = conn.execute(f'SELECT id FROM "{table}" WHERE id IN ({",".join("?" * len(part))})',
                                 part).fetchall()
            if taken:
                problems.append(Text(f"{table}: 编号 {', '.join((str(t[0]) for t in taken[:10]))} 在本工作台已被占用",
                                     f"{table}: ids already used in this workbench"))
    if problems:
        raise PackageRefused(refuse + Text("本工作台无法原样接收此案（日志按编号记载文书和事件，改号会破坏日志链）",
                                           "this workbench cannot take the case bit-exactly"), problems)


def _extract_blob(zf: zipfile.ZipFile, zi: zipfile.ZipInfo, target: Path, sha: str) -> None:
    """Stream one member into the blob store with a byte budget and its hash checked; it
    appears under its name only once both hold."""
    h, size = hashlib.sha256(), 0
    with atomic_writer(target) as out, zf.open(zi) as src:
        while chunk := src.read(1 << 20):
            size += len(chunk)
            if size > zi.file_size:
                raise PackageRefused(Text("拒绝导入", "import refused"), [
                    Text(f"{zi.filename}: 内容超过声明大小", f"{zi.filename}: more data than declared")])
            h.update(chunk)
            out.write(chunk)
        if h.hexdigest() != sha:
            raise PackageRefused(Text("拒绝导入", "import refused"), [
                Text(f"{zi.filename}: 读取时内容与摘要不符", f"{zi.filename}: changed while importing")], exit_code=1)

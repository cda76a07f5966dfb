"""The archive package: one zip that holds a sealed case completely and proves itself.

Layout:
    manifest.json   format, case number, chain head and count, migrations, volumes, and the
                    SHA-256 and size of every other file
    SHA256SUMS      `sha256sum -c` format over every file but itself (manifest.json included), so
                    the package can be checked with nothing but coreutils after unzipping
    case.json       the case in the interchange form (shared/domain/case-json.md)
    log.json        the case's hash-chained log entries exactly as stored (payloads as stored text)
    tables.json     the case's rows in every table that has a case_id column, as stored
    four_properties.json, four_properties.txt   the 四性检测 report (DA/T 70-2018) of the sealed
                    volumes and files, with the chain head printed on the cover and 备考表
    volumes/正卷.pdf, volumes/副卷.pdf   each volume as one PDF: cover, catalogue, numbered
                    documents with bookmarks, 备考表, back cover
    blobs/ab/cdef…  every other blob the case refers to (documents, recordings), named by SHA-256

Written to a temporary file beside the target and renamed into place, so an interrupted write
never leaves a half package under the final name.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import Text, UserError
from ..store.db import utc_now
from ..files import atomic_writer, clean_stale_temps
from ..tasks import CancelToken, ProgressFn, check, report

if TYPE_CHECKING:
    from ..service import Workbench

FORMAT = "judge-workbench-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
CASE_JSON = "case.json"
LOG = "log.json"
TABLES = "tables.json"
FOUR_JSON = "four_properties.json"
FOUR_TXT = "four_properties.txt"
VOLUMES_DIR = "volumes/"
BLOBS_DIR = "blobs/"
CHUNK = 1 << 20
# Tables that belong to the store itself, or are derived indexes their owners rebuild.
SKIP_TABLES = {"log", "_migrations", "settings"}
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_ALGORITHM = ("sha256 of the canonical JSON {case, seq, at, action, payload, prev} "
              "(workbench/store/eventlog.py entry_hash)")


@dataclass(frozen=True)
class PackageInfo:
    path: Path
    case_number: str
    chain_head: str
    log_count: int
    files: int
    bytes: int
    manifest_sha256: str


def blob_member(sha: str) -> str:
    return f"{BLOBS_DIR}{sha[:2]}/{sha[2:]}"


def volume_member(volume: str) -> str:
    return f"{VOLUMES_DIR}{volume}.pdf"


def encode_value(v: Any) -> Any:
    return {"$base64": base64.b64encode(v).decode("ascii")} if isinstance(v, bytes) else v


def decode_value(v: Any) -> Any:
    if isinstance(v, dict) and set(v) == {"$base64"}:
        return base64.b64decode(v["$base64"])
    return v


def case_table_links(conn) -> dict[str, tuple[str, str | None]]:
    """Tables holding a case's rows: {table: (column, parent)} where `column` is case_id
    (parent None) or a foreign key to documents or events (rows of a case's documents, such as
    their pages). Found from the schema, so a capability's new table travels without a change here."""
    links: dict[str, tuple[str, str | None]] = {}
    for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall():
        if name in SKIP_TABLES or name == "cases" or name.startswith("sqlite_") \
                or (sql or "").upper().startswith("CREATE VIRTUAL") or _is_shadow(conn, name):
            continue
        cols = [c[1] for c in conn.execute(f'PRAGMA table_info("{name}")')]
        if "case_id" in cols:
            links[name] = ("case_id", None)
            continue
        for fk in conn.execute(f'PRAGMA foreign_key_list("{name}")'):
            if fk[2] in ("documents", "events"):
                links[name] = (fk[3], fk[2])
                break
    return links


def case_tables(conn, case_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row of the case, table by table, as stored (the cases row under "cases")."""
    out: dict[str, list[dict[str, Any]]] = {}
    row = conn.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
    out["cases"] = [{k: encode_value(row[k]) for k in row.keys()}]
    for name, (column, parent) in case_table_links(conn).items():
        where = (f'"{column}" = ?' if parent is None else
                 f'"{column}" IN (SELECT id FROM {parent} WHERE case_id = ?)')
        rows = conn.execute(f'SELECT * FROM "{name}" WHERE {where} ORDER BY rowid',
                            (case_id,)).fetchall()
        out[name] = [{k: encode_value(r[k]) for k in r.keys()} for r in rows]
    return out


def _is_shadow(conn, name: str) -> bool:
    # FTS5/R-tree shadow tables are named <virtual>_<suffix>; they follow their virtual table.
    for (vname,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                 "upper(sql) LIKE 'CREATE VIRTUAL%'"):
        if name.startswith(vname + "_"):
            return True
    return False


def log_rows(conn, case_id: int) -> list[dict[str, Any]]:
    # "actor" appears only on entries that name one, so packages of older cases are unchanged.
    return [{"seq": r[0], "at": r[1], "action": r[2], "payload": r[3], "prev_hash": r[4],
             "hash": r[5], **({"actor": r[6]} if r[6] is not None else {})}
            for r in conn.execute(
        "SELECT seq, at, action, payload, prev_hash, hash, actor FROM log WHERE case_id = ?"
        " ORDER BY seq", (case_id,))]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
        if value[:1] in "{[":
            try:
                yield from _strings(json.loads(value))
            except ValueError:
                pass
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def referenced_blobs(wb: "Workbench", tables: dict, log: list[dict]) -> list[str]:
    """Blobs the case refers to anywhere in its rows or its log (documents, recordings, volumes),
    so a capability that files a new kind of blob is carried along without changing this code."""
    found = {s for s in _strings([tables, [e["payload"] for e in log]])
             if _HEX64.match(s) and wb.blobs.exists(s)}
    return sorted(found)


def archived_volumes(events: list) -> list[dict[str, Any]]:
    for e in events:
        if e.kind == "archived":
            return list(e.data.get("volumes", []))
    return []


def _zinfo(name: str, when: date, compress: bool) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, (max(when.year, 1980), when.month, when.day, 0, 0, 0))
    zi.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    zi.external_attr = 0o100644 << 16  # a regular file, whatever the extracting system
    return zi


def write_package(wb: "Workbench", ref: str | int, out: Path | str, *,
                  progress: ProgressFn | None = None,
                  cancel: CancelToken | None = None) -> PackageInfo:
    """Write the package of an archived case to `out` (atomically)."""
    from ..store.eventlog import GENESIS

    case = wb.case(ref)
    if case.status != "archived":
        raise UserError(Text(f"{case.number} 尚未归档", f"{case.number} is not archived"))
    events = wb.events(case.id)
    volumes = archived_volumes(events)
    conn = wb.db.conn
    tables = case_tables(conn, case.id)
    log = log_rows(conn, case.id)
    head = log[-1]["hash"] if log else GENESIS
    volume_blobs = {v["blob"]: v["volume"] for v in volumes}
    blobs = [b for b in referenced_blobs(wb, tables, log) if b not in volume_blobs]
    when = next((e.on for e in events if e.kind == "archived"), date.today())

    out = Path(out)
    files: list[dict[str, Any]] = []
    total = len(blobs) + len(volumes) + 3
    done = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(out.parent, f".{out.name}.")  # a package a killed run left half-written
    with atomic_writer(out) as fh:
        with zipfile.ZipFile(fh, "w", allowZip64=True) as zf:
            def put_bytes(name: str, data: bytes) -> None:
                zf.writestr(_zinfo(name, when, True), data)
                files.append({"path": name, "sha256": hashlib.sha256(data).hexdigest(),
                              "size": len(data)})

            def put_blob(name: str, sha: str) -> None:
                h, size = hashlib.sha256(), 0
                if not wb.blobs.exists(sha):
                    raise UserError(Text(f"文件缺失，不能封存：{sha}", f"blob missing, not packaged: {sha}"))
                with open(wb.blobs.path(sha), "rb") as src, \
                        zf.open(_zinfo(name, when, False), "w", force_zip64=True) as dst:
                    while chunk := src.read(CHUNK):
                        h.update(chunk)
                        size += len(chunk)
                        dst.write(chunk)
                if h.hexdigest() != sha:
                    # The store changed under us; a package must never carry an altered file.
                    raise UserError(Text(f"文件已被改动，不能封存：{sha}",
                                         f"blob altered, not packaged: {sha}"))
                files.append({"path": name, "sha256": sha, "size": size})

            doc = wb.export_case(case.id)
            put_bytes(CASE_JSON, _json(doc))
            put_bytes(LOG, _json(log))
            put_bytes(TABLES, _json(tables))
            four = _four_properties(wb, case.id, volumes, log)
            put_bytes(FOUR_JSON, _json(four.as_dict()))
            put_bytes(FOUR_TXT, four.text().encode("utf-8"))
            for v in volumes:
                check(cancel)
                report(progress, done, total, v["volume"])
                put_blob(volume_member(v["volume"]), v["blob"])
                done += 1
            for sha in blobs:
                check(cancel)
                report(progress, done, total, sha[:12])
                put_blob(blob_member(sha), sha)
                done += 1
            manifest = {
                "format": FORMAT, "format_version": FORMAT_VERSION,
                "case_number": case.number, "created_at": utc_now(),
                "generator": "Judge Workbench 法官工作台",
                "chain": {"head": head, "count": len(log), "algorithm": _ALGORITHM},
                "migrations": [r[0] for r in conn.execute(
                    "SELECT name FROM _migrations ORDER BY name")],
                "volumes": [{**v, "path": volume_member(v["volume"])} for v in volumes],
                "files": sorted(files, key=lambda f: f["path"]),
            }
            mbytes = _json(manifest)
            zf.writestr(_zinfo(MANIFEST, when, True), mbytes)
            msha = hashlib.sha256(mbytes).hexdigest()
            sums = [f"{f['sha256']}  {f['path']}" for f in manifest["files"]]
            sums.append(f"{msha}  {MANIFEST}")
            zf.writestr(_zinfo(SUMS, when, True), ("\n".join(sums) + "\n").encode("utf-8"))
    report(progress, total, total, "")
    return PackageInfo(out, case.number, head, len(log), len(files) + 2, out.stat().st_size, msha)


def printed_head(log: list[dict[str, Any]]) -> str:
    """The chain head printed on the sealed volumes: the head just before the seal entry."""
    for e in log:
        if e.get("action") == "event.recorded" and isinstance(e.get("payload"), str) \
                and json.loads(e["payload"]).get("kind") == "archived":
            return e.get("prev_hash", "")
    return log[-1]["hash"] if log else ""


def _four_properties(wb: "Workbench", case_id: int, volumes: list[dict[str, Any]],
                     log: list[dict[str, Any]]):
    from .four_properties import assess_case
    return assess_case(wb, case_id, {v["volume"]: wb.blobs.get(v["blob"]) for v in volumes},
                       printed_head(log))


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")

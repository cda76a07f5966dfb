"""Verify an archive package anywhere, with nothing but the package: every file's hash and size,
no file missing or added, the log chain recomputed from the entries in the package, the case's
rows against the log that recorded them, and the volumes against the seal that named them.

Before anything is decompressed the zip's directory is inspected: unsafe paths (absolute, `..`,
drive letters, backslashes), symlinks, duplicate names and decompression bombs (declared sizes
and compression ratios over the limits) stop the check at once. Every read is then streamed with
a byte budget equal to the declared size, so a lying header cannot make it read more.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..service.audit import audit_package
from ..store.eventlog import walk_chain
from ..tasks import CancelToken, ProgressFn, check, report
from .package import (CASE_JSON, FORMAT, LOG, MANIFEST, SUMS, TABLES, blob_member, decode_value,
                      volume_member)
from ..errors import Text
from .volume_pages import compare_volume

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Limits:
    """What a package may declare before it is refused unread (a decompression bomb guard)."""
    max_members: int = 200_000
    max_member_bytes: int = 8 << 30
    max_total_bytes: int = 64 << 30
    max_ratio: float = 200.0  # uncompressed / compressed, checked above ratio_floor_bytes
    ratio_floor_bytes: int = 1 << 20
    max_meta_bytes: int = 512 << 20  # manifest, log, tables: read into memory


DEFAULT_LIMITS = Limits()
_BIG = Limits(max_meta_bytes=8 << 30)  # a volume or document read whole to compare pages


@dataclass
class PackageReport:
    path: Path
    case_number: str = ""
    chain_head: str = ""
    files: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)
    unsafe: bool = False  # refused unread: unsafe paths or a bomb
    printed_head: str = ""  # the head printed on the volumes' cover and 备考表 (before the seal)
    four_properties: dict[str, Any] | None = None  # the package's 四性检测 report

    @property
    def ok(self) -> bool:
        return not self.problems


def unsafe_name(name: str) -> str | None:
    """Why a member name could escape the directory it is extracted into, or None."""
    if not name or "\x00" in name:
        return Text("空文件名或含 NUL", "empty name or NUL")
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return Text("绝对路径", "absolute path")
    if "\\" in name:
        return Text("含反斜杠", "backslash in path")
    parts = name.split("/")
    if any(p in ("..", ".") for p in parts):
        return Text("路径含 ..", "path escapes with ..")
    if any(p == "" for p in parts[:-1]) or name.endswith("/"):
        return Text("目录项或空路径段", "directory entry or empty path segment")
    return None


def inspect_zip(zf: zipfile.ZipFile, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """Problems in the zip's directory that forbid reading it at all."""
    problems: list[str] = []
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        return [Text(f"文件数 {len(infos)} 超过上限 {limits.max_members}", "too many members")]
    seen: set[str] = set()
    total = 0
    for zi in infos:
        name = zi.filename
        why = unsafe_name(name)
        if why:
            problems.append(Text(f"{name}: 不安全的路径，{why}", f"{name}: unsafe path"))
        mode = zi.external_attr >> 16
        if stat.S_ISLNK(mode):
            problems.append(Text(f"{name}: 符号链接", f"{name}: symbolic link"))
        if name in seen:
            problems.append(Text(f"{name}: 重复的文件名", f"{name}: duplicate name"))
        seen.add(name)
        if zi.flag_bits & 0x1:
            problems.append(Text(f"{name}: 已加密", f"{name}: encrypted member"))
        total += zi.file_size
        if zi.file_size > limits.max_member_bytes:
            problems.append(Text(f"{name}: 声明大小 {zi.file_size} 字节超过上限",
                                 f"{name}: declared size too large (decompression bomb?)"))
        elif zi.file_size > limits.ratio_floor_bytes and \
                zi.file_size > limits.max_ratio * max(zi.compress_size, 1):
            problems.append(Text(f"{name}: 压缩比 {zi.file_size // max(zi.compress_size, 1)}:1 异常",
                                 f"{name}: compression ratio too high (decompression bomb)"))
    if total > limits.max_total_bytes:
        problems.append(Text(f"解压后共 {total} 字节，超过上限 {limits.max_total_bytes}",
                             "total size too large (decompression bomb)"))
    return problems


def stream_member(zf: zipfile.ZipFile, zi: zipfile.ZipInfo, sink=None, chunk: int = 1 << 20):
    """Read one member with a byte budget of its declared size; return (sha256, size)."""
    h = hashlib.sha256()
    size = 0
    with zf.open(zi) as src:
        while data := src.read(chunk):
            size += len(data)
            if size > zi.file_size:
                raise ValueError(Text("内容超过声明大小", "more data than declared"))
            h.update(data)
            if sink is not None:
                sink(data)
    return h.hexdigest(), size


def read_small(zf: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    zi = zf.getinfo(name)
    if zi.file_size > limits.max_meta_bytes:
        raise ValueError(Text(f"{name} 过大", "too large"))
    parts: list[bytes] = []
    stream_member(zf, zi, parts.append)
    return b"".join(parts)


def verify_package(path: Path | str, *, limits: Limits = DEFAULT_LIMITS,
                   progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                   head: str | None = None) -> PackageReport:
    """Check every file of the package against its manifest and the chain. With `head` (the
    hash printed on the paper 备考表 or cover), also that the package's chain is that one."""
    path = Path(path)
    rep = PackageReport(path)
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        rep.problems.append(Text(f"{path}: 文件不存在", f"{path}: no such file"))
        return rep
    except (zipfile.BadZipFile, OSError) as e:
        rep.problems.append(Text(f"{path}: 不是有效的归档包（zip）（{e}）", f"{path}: not a zip archive ({e})"))
        return rep
    with zf:
        unsafe = inspect_zip(zf, limits)
        if unsafe:
            rep.unsafe = True
            rep.problems += unsafe
            return rep
        _verify_open(zf, rep, limits, progress, cancel)
    if head is not None:
        given = head.strip().lower()
        if given not in (rep.printed_head, rep.chain_head) or not given:
            rep.problems.append(
                Text(f"日志链末端与纸质卷宗所印不符：所给 {given[:16]}…，归档包 {rep.printed_head[:16]}…",
                     "the chain head printed on paper does not match the package"))
    return rep


def _verify_open(zf: zipfile.ZipFile, rep: PackageReport, limits: Limits,
                 progress: ProgressFn | None, cancel: CancelToken | None) -> None:
    names = {zi.filename: zi for zi in zf.infolist()}
    for required in (MANIFEST, SUMS):
        if required not in names:
            rep.problems.append(Text(f"{required}: 缺少此文件", f"{required}: file missing"))
    manifest: dict[str, Any] = {}
    if MANIFEST in names:
        try:
            manifest = json.loads(read_small(zf, MANIFEST, limits))
            if manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), list):
                raise ValueError("not a workbench archive manifest")
        except (ValueError, zipfile.BadZipFile, zlib.error, EOFError) as e:
            rep.problems.append(Text(f"{MANIFEST}: 无法读取，已损坏或被改动（{e}）",
                                     f"{MANIFEST}: unreadable or altered ({e})"))
            manifest = {}
    rep.case_number = manifest.get("case_number", "")
    listed = {f["path"]: f for f in manifest.get("files", []) if isinstance(f, dict) and "path" in f}

    actual: dict[str, tuple[str, int]] = {}
    members = [zi for zi in zf.infolist()]
    for i, zi in enumerate(members):
        check(cancel)
        report(progress, i, len(members), zi.filename)
        try:
            actual[zi.filename] = stream_member(zf, zi)
        except (ValueError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
            rep.problems.append(Text(f"{zi.filename}: 已损坏（{e}）", f"{zi.filename}: damaged ({e})"))
    report(progress, len(members), len(members), "")
    rep.files = len(actual)
    rep.bytes = sum(size for _, size in actual.values())

    # The sums file binds the manifest; the manifest binds everything else.
    sums = _read_sums(zf, names, rep, limits)
    if sums is not None:
        if MANIFEST in actual and sums.get(MANIFEST) != actual[MANIFEST][0]:
            rep.problems.append(Text(f"{MANIFEST}: 与 {SUMS} 记载的摘要不符，已被改动", f"{MANIFEST}: altered"))
        for p, sha in sums.items():
            if p != MANIFEST and p in listed and listed[p].get("sha256") != sha:
                rep.problems.append(Text(f"{SUMS}: 第「{p}」行与清单不符，已被改动", f"{SUMS}: altered"))
        if manifest and set(sums) != set(listed) | {MANIFEST}:
            rep.problems.append(Text(f"{SUMS}: 所列文件与清单不符，已被改动",
                                     f"{SUMS}: altered (lists other files)"))
    if manifest:
        for p, f in listed.items():
            if p not in names:
                rep.problems.append(Text(f"{p}: 缺少此文件", f"{p}: file missing"))
            elif p in actual and (actual[p][0] != f.get("sha256") or actual[p][1] != f.get("size")):
                rep.problems.append(Text(f"{p}: 内容已被改动（SHA-256 不符）", f"{p}: file altered"))
            elif p.startswith("blobs/") and p.replace("blobs/", "").replace("/", "") != f.get("sha256"):
                rep.problems.append(Text(f"{p}: 文件名与内容摘要不符",
                                         f"{p}: blob name does not match its hash"))
        for p in names:
            if p not in listed and p not in (MANIFEST, SUMS):
                rep.problems.append(Text(f"{p}: 清单中没有此文件，是多出来的",
                                         f"{p}: extra file not in the manifest"))
        _verify_contents(zf, manifest, listed, actual, rep, limits)


def _read_sums(zf, names, rep: PackageReport, limits: Limits) -> dict[str, str] | None:
    if SUMS not in names:
        return None
    try:
        text = read_small(zf, SUMS, limits).decode("utf-8")
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, zlib.error, EOFError) as e:
        rep.problems.append(Text(f"{SUMS}: 无法读取（{e}）", f"{SUMS}: unreadable ({e})"))
        return None
    out: dict[str, str] = {}
    for line in text.splitlines():
        sha, sep, p = line.partition("  ")
        if not sep or len(sha) != 64:
            rep.problems.append(Text(f"{SUMS}: 格式有误，已被改动", f"{SUMS}: malformed line {line[:40]!r}"))
            return None
        out[p] = sha
    return out


def _verify_contents(zf, manifest: dict, listed: dict, actual: dict, rep: PackageReport,
                     limits: Limits) -> None:
    """The chain and the rows, read from the package's own log.json and tables.json."""
    chain = manifest.get("chain") or {}
    for name in (CASE_JSON, LOG, TABLES):
        if name not in listed:
            rep.problems.append(Text(f"{name}: 清单中缺少此文件", f"{name}: missing from the manifest"))
    try:
        log = json.loads(read_small(zf, LOG, limits))
        tables = json.loads(read_small(zf, TABLES, limits))
    except (KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError) as e:
        rep.problems.append(Text(f"{LOG} / {TABLES}: 无法读取，不能重算日志链（{e}）", f"unreadable ({e})"))
        return
    number = rep.case_number
    problem, head, _ = walk_chain(
        (e if isinstance(e, dict) else {} for e in log), number,
        lambda e: f"{LOG} 第 {e.get('seq')} 条 ({e.get('action')})")
    if problem:
        rep.problems.append(problem)
    else:
        rep.chain_head = head
        if (head, len(log)) != (chain.get("head"), chain.get("count")):
            rep.problems.append(Text(f"{MANIFEST}: 日志链末端与重算结果不符",
                                     f"{MANIFEST}: chain head differs (recomputed {head[:16]}…, manifest {str(chain.get('head'))[:16]}…)"))
    case_rows = tables.get("cases") or [{}]
    row = {k: decode_value(v) for k, v in case_rows[0].items()}
    if row.get("number") != number:
        rep.problems.append(Text(f"{TABLES}: 案号与清单不符",
                                 f"{TABLES}: case number differs from the manifest"))
    if row.get("status") != "archived":
        rep.problems.append(Text(f"{TABLES}: 案件未处于归档状态",
                                 f"{TABLES}: the case in the package is not archived"))
    if (row.get("log_head"), row.get("log_count")) != (chain.get("head"), chain.get("count")):
        rep.problems.append(Text(f"{TABLES}: 案件记录的日志链末端与清单不符",
                                 f"{TABLES}: case row's chain head differs"))
    _rows_against_log(tables, log, listed, rep)
    _case_against_log(zf, tables, log, listed, rep, limits)
    for v in manifest.get("volumes", []):
        member = volume_member(v.get("volume", ""))
        if member in listed and member in actual and actual[member][0] == v.get("blob"):
            rep.problems += compare_volume(
                v["volume"], read_small(zf, member, _BIG), tables.get("documents", []),
                lambda sha: _blob_bytes(zf, sha, actual))
    from .package import FOUR_JSON, printed_head
    try:
        rep.printed_head = printed_head([e for e in log if isinstance(e, dict)])
    except ValueError:
        rep.printed_head = ""
    if FOUR_JSON in listed and FOUR_JSON in zf.namelist():  # a missing one is named above
        try:
            rep.four_properties = json.loads(read_small(zf, FOUR_JSON, limits))
        except (ValueError, zipfile.BadZipFile, zlib.error, EOFError) as e:
            rep.problems.append(Text(f"{FOUR_JSON}: 无法读取（{e}）", f"{FOUR_JSON}: unreadable ({e})"))
        else:
            if rep.four_properties.get("chain_head") != rep.printed_head:
                rep.problems.append(Text(f"{FOUR_JSON}: 四性检测报告的日志链末端与日志不符",
                                         f"{FOUR_JSON}: the report's chain head differs from the log"))
            hashes = {f.get("sha256") for f in rep.four_properties.get("files", [])}
            for v in manifest.get("volumes", []):
                if v.get("blob") not in hashes:
                    rep.problems.append(Text(f"{FOUR_JSON}: 未检测卷 {v.get('volume')}",
                                             f"{FOUR_JSON}: the report does not cover this volume"))
    for v in manifest.get("volumes", []):
        p = volume_member(v.get("volume", ""))
        if p not in listed:
            rep.problems.append(Text(f"{p}: 缺少此卷", f"{p}: volume missing"))
        elif listed[p].get("sha256") != v.get("blob"):
            rep.problems.append(Text(f"{p}: 与归档事件记载的摘要不符", f"{p}: differs from the seal"))


def _blob_bytes(zf, sha: str, actual: dict) -> bytes | None:
    member = blob_member(sha)
    if actual.get(member, ("",))[0] != sha:
        return None  # missing or altered: named by the manifest check
    return read_small(zf, member, _BIG)


def _case_against_log(zf, tables: dict, log: list, listed: dict, rep: PackageReport,
                      limits: Limits) -> None:
    """tables.json replayed as `workbench verify` replays a store (service/audit.py), then
    case.json against the case read back from those rows."""
    problems, exported = audit_package(tables, [e for e in log if isinstance(e, dict)],
                                       decode=decode_value)
    rep.problems += [Text(f"{TABLES}: {p}", f"{TABLES}: {p}") for p in problems]
    if exported is None or CASE_JSON not in listed:
        return
    try:
        doc = json.loads(read_small(zf, CASE_JSON, limits))
    except (KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError) as e:
        rep.problems.append(Text(f"{CASE_JSON}: 无法读取（{e}）", f"{CASE_JSON}: unreadable ({e})"))
        return
    if doc != exported:
        keys = sorted(k for k in set(doc) | set(exported) if doc.get(k) != exported.get(k)) \
            if isinstance(doc, dict) else ["(root)"]
        rep.problems.append(Text(f"{CASE_JSON}: 与日志不符（{'、'.join(keys)}）",
                                 f"{CASE_JSON}: differs from the log ({', '.join(keys)})"))


def _rows_against_log(tables: dict, log: list[dict], listed: dict, rep: PackageReport) -> None:
    """Each document's file is in the package (the rows themselves: _case_against_log)."""
    for d in tables.get("documents", []):
        if blob_member(str(d.get("blob"))) not in listed and not any(
                f.get("sha256") == d.get("blob") for f in listed.values()):
            rep.problems.append(Text(f"{blob_member(str(d.get('blob')))}: 缺少文书文件",
                                     f"{blob_member(str(d.get('blob')))}: document file missing"))

"""四性检测 (DA/T 70-2018): the authenticity, integrity, usability and security of a case file
about to be sealed, or sealed in a package. Shown before sealing (CLI, GUI) and written into
the package (four_properties.json and a readable four_properties.txt).

What is checked, per property (the items of DA/T 70 that apply to a born-digital case file):
- 真实性 authenticity: each file's SHA-256 against the store and the hash-chained log; the chain
  head, printed on the volume's cover and 备考表 so that a paper copy anchors the chain.
- 完整性 integrity: the metadata DA/T 46 asks of each file that the workbench keeps (档号/案号,
  题名, 责任者, 日期, 页数, 文件格式, 数字摘要; 计算机文件名 for files received), and numbering
  without gaps (catalogue numbers, page numbers, the volume's page count and bookmarks).
- 可用性 usability: each PDF opens with its recorded page count and its pages render (pypdfium2);
  the exported volume is PDF/A-2b (efile.pdfa's self-check: no validator is packaged here).
- 安全性 security: no encryption, JavaScript, launch action or embedded file in any PDF; the
  package lists every file's SHA-256 in its manifest and SHA256SUMS.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable
from ..errors import Text

PROPERTIES = {"authenticity": ("真实性", "authenticity"), "integrity": ("完整性", "integrity"),
              "usability": ("可用性", "usability"), "security": ("安全性", "security")}
BASIS = "DA/T 70-2018《文书类电子档案检测一般要求》；元数据：DA/T 46-2009"
# DA/T 46 elements the workbench keeps for each file (the others, such as 密级 and 保管期限, are
# set by the court's archive office, not by the case file).
METADATA = {"title": "题名", "author": "责任者", "doc_date": "日期", "page_count": "页数",
            "blob": "数字摘要"}
# Categories of files received from outside the court, which keep their 计算机文件名.
RECEIVED = {"complaint", "answer", "identity", "evidence", "preservation", "appeal"}


@dataclass
class Item:
    property: str
    key: str
    zh: str
    en: str
    ok: bool
    findings: list[str] = field(default_factory=list)


@dataclass
class FourPropertiesReport:
    case_number: str
    chain_head: str
    items: list[Item] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)  # title, sha256, pages, format

    @property
    def ok(self) -> bool:
        return all(i.ok for i in self.items)

    def property_ok(self, prop: str) -> bool:
        return all(i.ok for i in self.items if i.property == prop)

    def as_dict(self) -> dict[str, Any]:
        return {"basis": BASIS, "case_number": self.case_number, "chain_head": self.chain_head,
                "ok": self.ok,
                "properties": {p: {"name": zh, "ok": self.property_ok(p)}
                               for p, (zh, _) in PROPERTIES.items()},
                "items": [asdict(i) for i in self.items], "files": self.files}

    def text(self) -> str:
        lines = [Text("四性检测报告", f"four-properties report（{BASIS}）"), f"案号：{self.case_number}",
                 Text(f"日志链末端：{self.chain_head}", f"chain head：{self.chain_head}")]
        for p, (zh, en) in PROPERTIES.items():
            lines.append(Text(f"{zh}：{('通过 / pass' if self.property_ok(p) else '未通过 / FAIL')}",
                              f"{en}：{('通过 / pass' if self.property_ok(p) else '未通过 / FAIL')}"))
            for i in (i for i in self.items if i.property == p):
                lines.append(Text(f"  [{('✓' if i.ok else '✗')}] {i.zh}", f"{i.en}"))
                lines += [f"      {f}" for f in i.findings[:20]]
                if len(i.findings) > 20:
                    lines.append(Text(f"      …（另 {len(i.findings) - 20} 项",
                                      f"{len(i.findings) - 20} more）"))
        lines.append(Text("文件", f"files（{len(self.files)}）："))
        lines += [f"  {f['sha256']}  {f['pages']:>3} 页  {f['title']}" for f in self.files]
        return "\n".join(lines) + "\n"


def _renders(data: bytes, pages: Iterable[int] | None = None) -> str | None:
    """None if every page asked for draws; else what went wrong."""
    import pypdfium2 as pdfium
    try:
        pdf = pdfium.PdfDocument(data)
        try:
            for i in (range(len(pdf)) if pages is None else pages):
                page = pdf[i]
                try:
                    page.render(scale=24 / 72).to_pil()
                finally:
                    page.close()
        finally:
            pdf.close()
    except Exception as exc:  # noqa: BLE001 - any failure to draw is the finding
        return str(exc) or type(exc).__name__
    return None


def assess(case_number: str, chain_head: str, documents: list[dict[str, Any]],
           filed_hashes: dict[int, str], catalogues: dict[str, list[Any]],
           volumes: dict[str, bytes], blob: Callable[[str], bytes],
           package_sums: bool = True) -> FourPropertiesReport:
    """The report for a case file: `documents` its rows (id, title, author, doc_date,
    page_count, blob, source, filename, volume), `filed_hashes` each document's SHA-256 as its
    log entry records it, `catalogues` each volume's catalogue entries, `volumes` each bound
    volume's PDF bytes, `blob(sha)` a stored file's bytes."""
    from pypdf import PdfReader

    from ..efile.pdfa import pdfa_problems, risky_content

    rep = FourPropertiesReport(case_number, chain_head)
    hash_bad, meta_bad, open_bad, render_bad, risky, fmt_bad = [], [], [], [], [], []
    for d in sorted(documents, key=lambda d: (d["volume"], d["doc_date"], d["id"])):
        data = blob(d["blob"])
        sha = hashlib.sha256(data).hexdigest()
        name = f"「{d['title']}」"
        if sha != d["blob"] or filed_hashes.get(d["id"]) != d["blob"]:
            hash_bad.append(Text(f"{name} 摘要与日志不符", "hash differs from the log"))
        missing = [zh for k, zh in METADATA.items() if not d.get(k)]
        if d.get("source") == "attached" and d.get("category") in RECEIVED and not d.get("filename"):
            missing.append("计算机文件名")
        if missing:
            meta_bad.append(Text(f"{name} 缺少：{'、'.join(missing)}", f"lacks: {'、'.join(missing)}"))
        if not data.startswith(b"%PDF-"):
            fmt_bad.append(Text(f"{name} 不是 PDF", "not a PDF"))
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                risky.append(Text(f"{name} 已加密", "encrypted"))
            elif len(reader.pages) != d["page_count"]:
                open_bad.append(f"{name} 页数 {len(reader.pages)} ≠ 记载 {d['page_count']}")
            else:
                risky += [f"{name} {r}" for r in risky_content(reader)]
        except Exception as exc:  # noqa: BLE001
            open_bad.append(Text(f"{name} 无法打开：{exc}", f"cannot be opened: {exc}"))
            continue
        problem = _renders(data, [0])
        if problem:
            render_bad.append(Text(f"{name} 无法显示：{problem}", f"does not render: {problem}"))
        rep.files.append({"id": d["id"], "title": d["title"], "volume": d["volume"],
                          "sha256": sha, "pages": d["page_count"], "format": "PDF"})
    gaps = []
    for volume, entries in catalogues.items():
        page = 1
        for n, e in enumerate(entries, 1):
            if e.seq != n:
                gaps.append(Text(f"{volume} 序号 {e.seq} 处不连续（应为 {n}）", "catalogue number gap"))
            if e.first_page != page:
                gaps.append(Text(f"{volume}「{e.title}」起始页 {e.first_page}（应为 {page}）", "page gap"))
            page = e.last_page + 1
        pdf = volumes.get(volume)
        if pdf is None:
            if entries:
                gaps.append(Text(f"{volume} 未装订", "not bound"))
            continue
        reader = PdfReader(io.BytesIO(pdf))
        if len(reader.outline) != len(entries):
            gaps.append(f"{volume} 书签 {len(reader.outline)} 个 ≠ 目录 {len(entries)} 件")
        numbered = entries[-1].last_page if entries else 0
        if entries and len(reader.pages) < numbered + 3:
            gaps.append(f"{volume} 共 {len(reader.pages)} 页，少于编号页 {numbered} 加封面、目录、备考表")
        problem = _renders(pdf)
        if problem:
            render_bad.append(Text(f"{volume} 无法显示：{problem}", f"does not render: {problem}"))
        fmt_bad += [f"{volume}.pdf（PDF/A-2b）：{p}" for p in pdfa_problems(pdf)]
        rep.files.append({"id": None, "title": f"{volume}（装订卷）", "volume": volume,
                          "sha256": hashlib.sha256(pdf).hexdigest(), "pages": len(reader.pages),
                          "format": "PDF/A-2b"})

    def add(prop: str, key: str, zh: str, en: str, findings: list[str]) -> None:
        rep.items.append(Item(prop, key, zh, en, not findings, findings))

    add("authenticity", "hashes", f"每份文件的 SHA-256 与日志链一致（{len(documents)} 份）",
        "every file's SHA-256 matches the hash chain", hash_bad)
    add("authenticity", "chain_head", "日志链末端已印于卷宗封面与备考表",
        "the chain head is printed on the cover and the notes sheet",
        [] if chain_head else [Text("没有日志链末端", "no chain head")])
    add("integrity", "metadata", "元数据齐全（DA/T 46：题名、责任者、日期、页数、数字摘要、计算机文件名）",
        "metadata complete (DA/T 46 elements kept)", meta_bad)
    add("integrity", "numbering", "件号、页号连续，无缺号；卷内书签与目录一致",
        "numbering without gaps; bookmarks match the catalogue", gaps)
    add("usability", "opens", "每份 PDF 可打开、页数与记载一致、可显示",
        "each PDF opens with its page count and renders", open_bad + render_bad)
    add("usability", "formats", "格式适于长期保存（文件为 PDF，装订卷为 PDF/A-2b）",
        "formats fit for long-term keeping (PDF; volumes PDF/A-2b)", fmt_bad)
    add("security", "content", "无加密、无脚本、无启动动作、无嵌入文件",
        "no encryption, script, launch action or embedded file", risky)
    add("security", "checksums", "归档包以 manifest.json 与 SHA256SUMS 记载每个文件的摘要",
        "the package lists every file's SHA-256", [] if package_sums else [Text("缺少", "missing")])
    return rep


def assess_case(wb: Any, case_id: int, volumes: dict[str, bytes], chain_head: str) -> FourPropertiesReport:
    """The report for a stored case whose volumes are `volumes` (bound, not yet or already sealed)."""
    from ..efile.catalogue import VOLUMES
    from ..store import eventlog

    case = wb.case(case_id)
    docs = [dict(r) for r in wb.db.query("SELECT * FROM documents WHERE case_id = ?", (case_id,))]
    filed = {e.payload["document_id"]: e.payload.get("blob")
             for e in eventlog.entries(wb.db.conn, case_id) if e.action == "document.filed"}
    catalogues = {v: wb.catalogue(case_id, v) for v in VOLUMES}
    catalogues = {v: c for v, c in catalogues.items() if c or v in volumes}
    return assess(case.number, chain_head, docs, filed, catalogues, volumes, wb.blobs.get)

"""Commands on the core itself: `demo`, `case`, `event`, `efile` and `verify`."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any, Callable

from ..archive.completeness import document_gaps
from ..cases.procedure import EVENT_KINDS, PAYLOAD_FIELDS
from ..cases.records import PROCEDURES, STATUSES, Case, Claim, Party
from .common import emit, open_workbench, progress_printer

_open = open_workbench

# ---- handlers ----------------------------------------------------------------------------------
def cmd_demo(args: argparse.Namespace) -> int:
    from ..demo import build_demo_court
    with _open(args) as wb:
        made = build_demo_court(wb, progress=progress_printer(args), force=args.force)
        if args.json:
            emit({"created": made, "cases": wb.count_cases()})
        else:
            print(f"演示法院：新建 {len(made)} 件，共 {wb.count_cases()} 件 / demo court: "
                  f"{len(made)} cases created, {wb.count_cases()} in all ({wb.data_dir})")
            if not made and not args.force:
                from ..demo import demo_cases
                missing = sum(not wb.has_case(d["case_number"]) for d in demo_cases())
                if missing:  # e.g. a demo killed half-way: say how to finish it
                    print(f"数据目录已有案件，未新建；缺少 {missing} 件演示案件，可用 `workbench demo --force` "
                          f"补齐 / the data directory already holds cases, so nothing was created; "
                          f"{missing} demo cases are missing: run `workbench demo --force` to add them")
    return 0


def cmd_case_new(args: argparse.Namespace) -> int:
    from ..law.case_numbers import parse_case_number
    from ..cases.repository import parse_iso_date
    from ..law.money import parse_amount
    number = parse_case_number(args.number).canonical
    parties = [Party("plaintiff", args.plaintiff_kind, n) for n in args.plaintiff] + \
              [Party("defendant", args.defendant_kind, n) for n in args.defendant]
    claims = [Claim("principal", args.claim or f"判令被告支付{args.amount}元", parse_amount(args.amount))] \
        if args.amount else ([Claim("other", args.claim)] if args.claim else [])
    case = Case(number=number, court_name=args.court, appeal_court=args.appeal_court or "",
                cause=args.cause, procedure=args.procedure,
                filed_on=parse_iso_date(args.filed_on) if args.filed_on else date.today(),
                judge=args.judge or "", clerk=args.clerk or "", parties=parties, claims=claims)
    with _open(args) as wb:
        case = wb.create_case(case)
        if args.file_event:
            wb.record_event(case.number, "filed", case.filed_on)
        if args.json:
            emit(wb.export_case(case.number))
        else:
            print(f"已新建案件 / case created: {case.number}")
    return 0


def cmd_case_list(args: argparse.Namespace) -> int:
    from ..service import CaseQuery
    with _open(args) as wb:
        q = CaseQuery(text=args.text or "", judge=args.judge or "", status=args.status or "")
        rows = wb.list_cases(q, 0, args.limit)
        if args.json:
            emit([{k: v for k, v in asdict(r).items() if k != "key"} for r in rows])
            return 0
        for r in rows:
            print(f"{r.number}\t{r.cause}\t{r.plaintiffs} 诉 {r.defendants}\t{r.judge}\t"
                  f"{STATUSES.get(r.status, (r.status,))[0]}")
        print(f"共 {wb.count_cases(q)} 件 / {wb.count_cases(q)} cases", file=sys.stderr)
    return 0


def cmd_case_show(args: argparse.Namespace) -> int:
    with _open(args) as wb:
        data = wb.export_case(args.case)
        case = wb.case(args.case)
        data["status"] = case.status
        data["catalogue"] = {v: [asdict(e) for e in wb.catalogue(case.id, v)] for v in ("正卷", "副卷")}
        data["gaps"] = [m.text for m in document_gaps(wb, case.id)]
        if args.json:
            emit(data)
            return 0
        print(f"{case.number}  {case.cause}  {PROCEDURES[case.procedure]}  "
              f"{STATUSES.get(case.status, (case.status,))[0]}")
        print(f"{case.court_name}  审判员 {case.judge}  书记员 {case.clerk}  立案 {case.filed_on}")
        for p in case.parties:
            print(f"  {p.role_name}：{p.name}")
        print("事件 / events:")
        for e in wb.events(case.id):
            print(f"  {e.on}  {EVENT_KINDS[e.kind].zh}{'  ' + e.party if e.party else ''}")
        for v, entries in data["catalogue"].items():
            print(f"{v}目录 / catalogue:")
            for e in entries:
                print(f"  {e['seq']:>3}  {e['title']}  {e['date']}  第{e['first_page']}页")
        _print_gaps(data["gaps"])
    return 0


def _print_gaps(gaps: list[str]) -> None:
    """Party documents and records the e-file should hold and does not (archive.document_gaps)."""
    if gaps:
        print("卷宗缺项 / missing from the file:")
        for g in gaps:
            print(f"  缺 / missing: {g}")


def cmd_case_import(args: argparse.Namespace) -> int:
    with _open(args) as wb:
        case = wb.import_case(Path(args.file), progress=progress_printer(args))
        if args.json:
            emit({"case_number": case.number, "status": case.status,
                  "documents": sum(len(wb.catalogue(case.id, v)) for v in ("正卷", "副卷"))})
        else:
            print(f"已导入 / imported: {case.number}")
    return 0


def cmd_case_export(args: argparse.Namespace) -> int:
    with _open(args) as wb:
        text = json.dumps(wb.export_case(args.case), ensure_ascii=False, indent=2)
    if args.output:
        from ..files import atomic_write_bytes
        atomic_write_bytes(Path(args.output), (text + "\n").encode("utf-8"))
    else:
        print(text)
    return 0


def cmd_event(args: argparse.Namespace) -> int:
    data: dict[str, Any] = {}
    for f in PAYLOAD_FIELDS:
        value = getattr(args, f.key)
        if value is not None and (f.type == "months" or value):
            data[f.key] = value
    if args.title:
        data["title"] = args.title
    with _open(args) as wb:
        res = wb.record_event(args.case, args.kind, args.on, party=args.party, file=args.file,
                              data=data, progress=progress_printer(args))
        docs = [wb.document(i) for i in res.document_ids]
        if args.json:
            emit({"event": res.event, "note": res.note,
                  "documents": [{k: d[k] for k in ("id", "volume", "category", "title", "page_count")}
                                for d in docs]})
        elif res.event is None:
            print(res.note)
        else:
            print(f"已记录 / recorded: {EVENT_KINDS[args.kind].zh} {res.event.on}")
            if res.note:
                print(f"注意 / warning: {res.note}")
            for d in docs:
                print(f"  已归档 / filed: {d['volume']} {d['title']} ({d['page_count']} 页)")
    return 0


def cmd_efile_catalogue(args: argparse.Namespace) -> int:
    with _open(args) as wb:
        entries = wb.catalogue(args.case, args.volume)
        gaps = [m.text for m in document_gaps(wb, args.case)] if args.volume in ("正卷", "main") else []
    if args.json:
        emit([asdict(e) for e in entries])
    else:
        for e in entries:
            print(f"{e.seq:>3}  {e.author}  {e.title}  {e.date}  {e.first_page}-{e.last_page}")
        _print_gaps(gaps)
    return 0


def cmd_efile_add(args: argparse.Namespace) -> int:
    with _open(args) as wb:
        doc_id = wb.add_document(args.case, args.file, args.category, title=args.title,
                                 author=args.author, on=args.on, volume=args.volume)
        d = wb.document(doc_id)
    if args.json:
        emit(d)
    else:
        print(f"已归档 / filed: {d['volume']} {d['title']} ({d['page_count']} 页)")
    return 0


def cmd_efile_export(args: argparse.Namespace) -> int:
    with _open(args) as wb:
        res = wb.export_volume(args.case, args.volume, args.output, progress=progress_printer(args))
    if args.json:
        emit(res)
    else:
        print(f"已导出 / exported: {res.path}  共 {res.total_pages} 页（编号 {res.numbered_pages} 页）")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    with _open(args) as wb:
        rep = wb.verify(args.case, progress=progress_printer(args))
    if args.json:
        emit({"ok": rep.ok, "cases": rep.cases, "entries": rep.entries, "blobs": rep.blobs,
              "problems": rep.problems})
    elif rep.ok:
        print(f"完好 / intact: {rep.cases} 件案件，{rep.entries} 条日志，{rep.blobs} 个文件")
    else:
        for p in rep.problems:
            print(p)
        print(f"发现 {len(rep.problems)} 处改动 / {len(rep.problems)} problems found", file=sys.stderr)
    return 0 if rep.ok else 1


# ---- parser ------------------------------------------------------------------------------------
def register(sub: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    sp = add(sub, "demo", cmd_demo, "建立演示法院 / build the demo court")
    sp.add_argument("--force", action="store_true", help="即使已有数据也添加 / add even if cases exist")
    gui = sub.add_parser("gui", help="启动图形界面 / start the GUI", description="启动图形界面 / start the GUI")
    gui.set_defaults(handler=None)

    case = sub.add_parser("case", help="案件 / cases", description="案件 / cases")
    cs = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    sp = add(cs, "new", cmd_case_new, "新建案件 / create a case")
    sp.add_argument("--number", required=True, help="案号，如 （2026）苏0583民初1234号")
    sp.add_argument("--cause", required=True, help="案由，如 民间借贷纠纷")
    sp.add_argument("--procedure", choices=list(PROCEDURES), default="simple")
    sp.add_argument("--court", required=True, help="法院名称")
    sp.add_argument("--appeal-court", help="上诉法院")
    sp.add_argument("--filed-on", help="立案日期 YYYY-MM-DD（默认今天）")
    sp.add_argument("--judge")
    sp.add_argument("--clerk")
    sp.add_argument("--plaintiff", action="append", required=True, help="原告姓名（可多次）")
    sp.add_argument("--plaintiff-kind", choices=["person", "organization"], default="person")
    sp.add_argument("--defendant", action="append", required=True, help="被告姓名（可多次）")
    sp.add_argument("--defendant-kind", choices=["person", "organization"], default="person")
    sp.add_argument("--amount", help="诉讼标的额（元）")
    sp.add_argument("--claim", help="诉讼请求")
    sp.add_argument("--file-event", action="store_true", help="同时记录立案事件（起诉状须作为附件或经收件收入）/ also record the filing event")
    sp = add(cs, "list", cmd_case_list, "列出案件 / list cases")
    sp.add_argument("--text", help="按案号、当事人、案由、法官查找 / search text")
    sp.add_argument("--judge")
    sp.add_argument("--status", choices=list(STATUSES))
    sp.add_argument("--limit", type=int, default=1000)
    sp = add(cs, "show", cmd_case_show, "查看案件 / show a case")
    sp.add_argument("case", help="案号 / case number")
    sp = add(cs, "import", cmd_case_import, "从案件 JSON 导入 / import a case JSON file")
    sp.add_argument("file")
    sp = add(cs, "export", cmd_case_export, "导出案件 JSON / export a case as JSON", json_opt=False)
    sp.add_argument("case")
    sp.add_argument("-o", "--output", help="写入文件（默认标准输出）/ write to a file")
    from . import propose
    propose.register(cs, add)

    sp = add(sub, "event", cmd_event, "记录程序事件并同步生成文书 / record a procedural event")
    sp.add_argument("case")
    sp.add_argument("kind", help="事件类型 / event kind: " + ", ".join(
        k for k, ek in EVENT_KINDS.items() if not ek.sealed_only) + "（归档请用 archive / to "
        "archive use `workbench archive`）")
    sp.add_argument("--on", help="日期 YYYY-MM-DD（默认今天）/ date (default today)")
    sp.add_argument("--party", help="所涉当事人 / the party concerned")
    sp.add_argument("--file", help="附带的 PDF 文书（如签发的判决书）/ a PDF made outside")
    sp.add_argument("--title", help="附带文书的标题 / title of the attached document")
    for f in PAYLOAD_FIELDS:
        sp.add_argument("--" + f.key.replace("_", "-"), dest=f.key, help=f.help,
                        type=int if f.type == "months" else None)

    efile = sub.add_parser("efile", help="电子卷宗 / the e-file", description="电子卷宗 / the e-file")
    es = efile.add_subparsers(dest="efile_command", metavar="ACTION", required=True)
    sp = add(es, "catalogue", cmd_efile_catalogue, "卷内目录 / the catalogue of a volume")
    sp.add_argument("case")
    sp.add_argument("--volume", default="正卷", help="正卷 或 副卷")
    sp = add(es, "add", cmd_efile_add, "归档一份 PDF 文书 / file a PDF under a category")
    sp.add_argument("case")
    sp.add_argument("file")
    sp.add_argument("--category", required=True, help="目录类别，如 evidence 或 证据材料")
    sp.add_argument("--title")
    sp.add_argument("--author")
    sp.add_argument("--on", help="日期 YYYY-MM-DD")
    sp.add_argument("--volume", help="正卷 或 副卷（默认按类别）")
    sp = add(es, "export", cmd_efile_export, "将一卷导出为 PDF / export a volume as one PDF")
    sp.add_argument("case")
    sp.add_argument("--volume", default="正卷", help="正卷 或 副卷")
    sp.add_argument("-o", "--output", required=True)

    sp = add(sub, "verify", cmd_verify, "校验日志链与文件 / verify the log chain and blobs (exit 1 if altered)")
    sp.add_argument("case", nargs="?")

"""`workbench intake`, `workbench separator` and `workbench search`.

`intake` reads the files, proposes documents and files those that need no clerk (a case found, a
confident category); the others are listed as pending with the reason, and nothing of them is
written, so running it again later (or with --case) picks them up. Bad files are reported on
stderr by name and reason while the rest of the batch goes on. Exit code 0, or 2 when no file of
the batch could be read at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import emit, open_workbench, progress_printer
from ..files import atomic_write_bytes


def cmd_intake(args: argparse.Namespace) -> int:
    from ..intake.pipeline import accept, auto_accepted, propose
    from ..intake.search import ensure_indexed

    with open_workbench(args) as wb:
        prop = propose(wb, args.paths, case=args.case, workers=args.workers,
                       progress=progress_printer(args), stack=args.stack)
        chosen = [] if args.dry_run else auto_accepted(prop)
        filed = {id(d): f for d, f in zip(chosen, accept(wb, prop, chosen))} if chosen else {}
        if filed:
            ensure_indexed(wb)
    rows = []
    for d in prop.documents:
        f = filed.get(id(d))
        rows.append({
            "source": sorted({p.source_name for p in d.pages}), "pages": d.page_range(),
            "category": d.category, "kind": d.kind, "title": d.title,
            "confidence": round(d.confidence, 3), "case_number": d.case_number, "how": d.how,
            "detail": d.detail, "candidates": d.candidates,
            "filed": f.document_id if f else None,
            "pending": None if f else ("预览，未归档 / dry run" if args.dry_run else
                                       "；".join(_why(d)))})
    problems = [{"file": p.path, "reason": p.reason} for p in prop.problems]
    duplicates = [{"file": p.path, "reason": p.reason} for p in prop.duplicates]
    if args.json:
        emit({"documents": rows, "problems": problems, "duplicates": duplicates,
              "stack": prop.stack, "stack_suggested": prop.stack_suggested,
              "dropped_pages": [p.label for p in prop.dropped]})
    else:
        for r in rows:
            state = f"已归档 #{r['filed']}" if r["filed"] else f"待处理 / pending: {r['pending']}"
            print(f"{','.join(r['source'])}\t{r['pages']}\t{r['category'] or '-'}\t"
                  f"{r['confidence']:.2f}\t{r['case_number'] or 'null'}\t{r['how'] or '-'}\t{state}")
        for p in prop.dropped:
            why = "分隔页 / separator sheet" if p.separator else "空白页 / blank page"
            print(f"{p.label}\t{why}", file=sys.stderr)
    if prop.stack_suggested:
        print("提示：这些文件像扫描仪逐页输出的一叠文书，可加 --stack 按一叠分件 / hint: these files look "
              "like a scanner's one-page-per-file output; add --stack to split them as one stack",
              file=sys.stderr)
    for p in prop.problems + prop.duplicates:
        print(f"{'错误 / error' if p in prop.problems else '跳过 / skipped'}: {p.message}",
              file=sys.stderr)
    if prop.problems and not prop.documents and not prop.duplicates:
        return 2
    return 0


def _why(d) -> list[str]:
    out = []
    if d.case_number is None:
        out.append(f"未确定案件 / no case ({d.detail})")
    if d.category is None:
        out.append("未确定类别 / no category")
    elif d.confidence < 0.7:
        out.append(f"类别置信度低 / low confidence ({d.confidence:.2f})")
    return out


def cmd_separator(args: argparse.Namespace) -> int:
    from ..intake.separators import separator_pdf

    with open_workbench(args) as wb:
        case = wb.case(args.case)
        pdf = separator_pdf(case.number, args.category, court=case.court_name,
                            parties=f"{case.names('plaintiff')} 诉 {case.names('defendant')}")
    atomic_write_bytes(Path(args.output), pdf)
    if args.json:
        emit({"case_number": case.number, "category": args.category, "output": args.output})
    else:
        print(f"已生成分隔页 / separator sheet written: {args.output}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from ..intake.search import ensure_indexed, search

    with open_workbench(args) as wb:
        ensure_indexed(wb)
        case_id = wb.case_id(args.case) if args.case else None
        hits = search(wb.db.conn, args.query, limit=args.limit, case_id=case_id)
    if args.json:
        emit(hits)
        return 0
    for h in hits:
        print(f"{h.case_number}\t{h.title}\t第{h.page}页\t{h.snippet}")
    print(f"共 {len(hits)} 处 / {len(hits)} pages", file=sys.stderr)
    return 0


def register(sub, add) -> None:
    sp = add(sub, "intake", cmd_intake, "导入扫描件并归档 / read scans and PDFs, split, classify, "
             "match and file them")
    sp.add_argument("paths", nargs="+", metavar="PATH", help="文件或文件夹 / files or folders")
    sp.add_argument("--case", help="本批文书所属案件 / the case the whole batch belongs to")
    sp.add_argument("--dry-run", action="store_true", help="只显示建议，不归档 / propose only")
    sp.add_argument("--stack", action="store_true", help="所有文件为一叠扫描件，跨文件分件 / the files are "
                    "one scanned stack: find document boundaries across files")
    sp.add_argument("--workers", type=int, help="识别进程数（默认 2）/ OCR processes (default 2)")
    sp = add(sub, "separator", cmd_separator, "打印文书分隔页（二维码）/ make a separator sheet PDF")
    sp.add_argument("--case", required=True, help="案号 / case number")
    sp.add_argument("--category", required=True, help="目录类别，如 evidence 或 证据材料 / category")
    sp.add_argument("-o", "--output", required=True, help="输出 PDF / output file")
    sp = add(sub, "search", cmd_search, "全文检索所有案件的页面 / full-text search of every page")
    sp.add_argument("query", help="检索词，空格分隔表示同时包含 / terms, all must occur")
    sp.add_argument("--case", help="只在此案件中检索 / only in this case")
    sp.add_argument("--limit", type=int, default=50)

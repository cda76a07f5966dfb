"""CLI commands of the drafting module: `fee`, `draft`, `check` (registered by workbench.cli).

  workbench fee --amount 50000 [--procedure simple] [--kind property|preservation] [--json]
  workbench draft CASE [-o FILE.docx] [--pdf FILE.pdf] [--file-draft | --issued] [--json]
  workbench draft CASE --kind withdrawal --applied-on 2026-04-01 [...]
  workbench draft CASE --kind mediation [--agreed-on 2026-04-20] [--term TEXT ...] [...]
  workbench check FILE.docx --case CASE [--json]      exit 1 when an error is found
  workbench elements CASE [--json] [--confirm KEY=VALUE ...]   the elements the file states
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from ..errors import Text, UserError

__all__ = ["register"]


def _emit(data: Any) -> None:
    from .common import emit
    emit(data)


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(Text(f"日期应为 YYYY-MM-DD：{text!r}", "date must be YYYY-MM-DD"), field="date") from None


def _awards(items: list[str] | None) -> dict[int, Decimal]:
    """--award 2=1800 (the second claim is granted 1800 元): claims are numbered from 1."""
    from ..law.money import parse_amount
    out = {}
    for item in items or []:
        n, sep, amount = item.partition("=")
        if not sep or not n.strip().isdigit() or int(n) < 1:
            raise UserError(Text(f"--award 应写作 序号=金额，如 2=1800：{item!r}", "--award takes N=AMOUNT"),
                            field="award")
        out[int(n) - 1] = parse_amount(amount)
    return out


def cmd_fee(args: argparse.Namespace) -> int:
    from ..law.fees import court_fee
    from ..law.money import fmt_yuan, parse_amount, uppercase_amount
    amount = parse_amount(args.amount) if args.amount is not None else None
    res = court_fee(amount, procedure=args.procedure, kind=args.kind, concluded_by=args.concluded_by)
    if args.json:
        _emit({"kind": res.kind, "amount": None if res.amount is None else f"{res.amount:.2f}",
               "procedure": args.procedure, "full_fee": f"{res.full_fee:.2f}", "fee": f"{res.fee:.2f}",
               "halved": res.halved, "basis": res.basis, "steps": res.steps,
               "uppercase": uppercase_amount(res.fee)})
        return 0
    for step in res.steps:
        print(f"  {step}")
    print(f"应交 / payable: {fmt_yuan(res.fee)} 元（人民币{uppercase_amount(res.fee)}）  依据 / basis: {res.basis}")
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    from .common import open_workbench, progress_printer
    from ..drafting.docx_writer import write_docx
    from ..drafting.filing import build_draft_for, file_draft
    from ..drafting.judgment_pdf import render_draft_pdf
    from ..drafting.profile import profile_for
    from ..files import atomic_write_bytes

    with open_workbench(args) as wb:
        case = wb.case(args.case)
        overrides = {"uppercase_amounts": True} if args.uppercase else {}
        profile = profile_for(case, overrides)
        if args.kind == "withdrawal":
            from ..drafting.ruling import build_withdrawal_ruling
            applied = _date(args.applied_on)
            if applied is None:
                raise UserError(Text("撤诉裁定需要撤诉申请日期（--applied-on）",
                                     "a withdrawal ruling needs --applied-on"), field="applied_on")
            draft = build_withdrawal_ruling(case, applied_on=applied, ruling_date=_date(args.date),
                                            reason=args.reason, profile=profile)
        elif args.kind == "mediation":
            from ..drafting.filing import efile_text
            from ..drafting.mediation import build_mediation
            agreed = _date(args.agreed_on) or _date(args.date) or date.today()
            draft = build_mediation(case, agreed_on=agreed, terms=args.term, profile=profile,
                                    complaint_text=efile_text(wb, case.id).complaint)
        else:
            draft = build_draft_for(wb, case.id, judgment_date=_date(args.date),
                                    awards=_awards(args.award), profile=profile,
                                    progress=progress_printer(args))
        written: dict[str, Any] = {}
        if args.output:
            written["docx"] = str(write_docx(draft, Path(args.output), profile))
        pdf = render_draft_pdf(draft) if (args.pdf or args.file_draft or args.issued) else None
        if args.pdf and pdf is not None:
            written["pdf"] = str(atomic_write_bytes(Path(args.pdf), pdf))
        if (args.file_draft or args.issued) and pdf is not None:
            doc_id = file_draft(wb, case.id, pdf, issued=args.issued, on=draft.judgment_date,
                                title=draft.title, kind=draft.kind)
            written["document"] = wb.document(doc_id)
    if args.json:
        out = draft.to_json()
        out["written"] = written
        _emit(out)
        return 0
    if not args.output:
        print(draft.text)
    for key in ("docx", "pdf"):
        if key in written:
            print(f"已写入 / written: {written[key]}", file=sys.stderr)
    if "document" in written:
        d = written["document"]
        print(f"已归档 / filed: {d['volume']} {d['title']} ({d['page_count']} 页)", file=sys.stderr)
    for issue in draft.issues:
        print(f"注意 / note: {issue}", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .common import open_workbench
    from ..drafting.checker import check_docx

    path = Path(args.file)
    if not path.is_file():
        raise UserError(Text(f"{path}: 文件不存在", f"{path}: no such file"))
    with open_workbench(args) as wb:
        case = wb.case(args.case)
    findings = check_docx(path, case)
    errors = [f for f in findings if f.severity == "error"]
    if args.json:
        _emit({"file": str(path), "case_number": case.number, "errors": len(errors),
               "warnings": len(findings) - len(errors), "findings": [f.to_json() for f in findings]})
    else:
        for f in findings:
            loc = f.location
            where = f"第{loc.paragraph + 1}段 {loc.start}-{loc.end}（{loc.section}）" if loc else "（全文）"
            print(f"[{f.severity}] {f.code}  {where}  {f.message}")
        print(f"共 {len(errors)} 处错误，{len(findings) - len(errors)} 处提示 / {len(errors)} errors, "
              f"{len(findings) - len(errors)} warnings", file=sys.stderr)
    return 1 if errors else 0


def cmd_elements(args: argparse.Namespace) -> int:
    """Each element of the case's cause: its status, the value a draft uses, every reading with
    its document and page. --confirm KEY=VALUE records the judge's finding (the value as case
    JSON has it; KEY= confirms that there is none), with the pages of its readings as sources."""
    from .common import open_workbench
    from ..drafting.casefile import read_case_file
    from ..drafting.extract import STATUSES, element_states, value_text

    labels = {"found": "已确认", "disputed": "有争议", "admitted": "对方认可", "claimed": "原告主张",
              "entered": "案件信息", "none": "未见记载"}
    with open_workbench(args) as wb:
        case = wb.case(args.case)
        states = element_states(case, read_case_file(wb, case.id))
        if args.confirm:
            values: dict[str, Any] = {}
            for item in args.confirm:
                key, sep, value = item.partition("=")
                if not sep or key not in states:
                    raise UserError(Text(f"--confirm 应写作 要素=值，要素为：{'、'.join(states)}：{item!r}",
                                         "--confirm takes KEY=VALUE with a key of the cause"),
                                    field="confirm")
                values[key] = value or None
            n = wb.confirm_elements(case.id, values, sources={
                k: [src.to_json() for src in states[k].sources] for k in values})
            print(f"已确认 {n} 项 / {n} confirmed", file=sys.stderr)
            states = element_states(wb.case(case.id), read_case_file(wb, case.id))
    assert set(labels) == set(STATUSES)
    if args.json:
        _emit({"case_number": case.number, "cause": case.cause, "elements": [
            {"key": k, "label": st.spec.label, "status": st.status,
             "value": value_text(st.spec, st.value) or None,
             "readings": [{"value": value_text(st.spec, r.value) or None, "text": r.text,
                           "stance": r.stance, "source": r.source.to_json()} for r in st.readings]}
            for k, st in states.items()]})
        return 0
    for k, st in states.items():
        print(f"{st.spec.label}（{k}）  {labels[st.status]}  {value_text(st.spec, st.value) or '—'}")
        for r in st.readings:
            said = value_text(st.spec, r.value) if r.value is not None else r.text
            print(f"    {r.source.label or r.source.name}：{said}")
    return 0


def register(sub: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    sp = add(sub, "fee", cmd_fee, "计算诉讼费用 / compute a court fee (诉讼费用交纳办法)")
    sp.add_argument("--amount", help="诉讼请求金额或保全金额（元）/ claim or preservation amount")
    sp.add_argument("--procedure", choices=["ordinary", "simple", "small_claims"], default="ordinary")
    sp.add_argument("--kind", choices=["property", "preservation"], default="property")
    sp.add_argument("--concluded-by", choices=["judgment", "mediation", "withdrawal"],
                    help="结案方式（调解、撤诉减半）/ how the case ended")

    sp = add(sub, "draft", cmd_draft, "生成裁判文书（民事判决书）草稿 / draft the judgment of a case")
    sp.add_argument("case", help="案号 / case number")
    sp.add_argument("--kind", choices=["judgment", "withdrawal", "mediation"], default="judgment",
                    help="判决书、准许撤诉的裁定书或调解书 / a judgment, a ruling granting withdrawal, "
                         "or a mediation paper")
    sp.add_argument("--applied-on", help="撤诉申请日期 YYYY-MM-DD / date of the withdrawal application")
    sp.add_argument("--reason", help="撤诉理由 / reason given for the withdrawal")
    sp.add_argument("--agreed-on", help="调解协议达成日期 YYYY-MM-DD（默认 --date 或今天）/ date "
                                        "the mediation agreement was reached")
    sp.add_argument("--term", action="append", metavar="TEXT",
                    help="调解协议的一项内容，按顺序可多次 / one term of the mediation agreement, "
                         "repeatable, in order")
    sp.add_argument("-o", "--output", help="写入 .docx 文件 / write a .docx")
    sp.add_argument("--pdf", help="写入 PDF 文件 / write a PDF")
    sp.add_argument("--date", help="裁判日期 YYYY-MM-DD（默认今天，不早于开庭日）/ judgment date")
    sp.add_argument("--award", action="append", metavar="N=AMOUNT",
                    help="第 N 项诉讼请求判给的金额（部分支持），可多次 / amount granted on claim N")
    sp.add_argument("--uppercase", action="store_true", help="判项金额附大写 / add uppercase amounts")
    sp.add_argument("--file-draft", action="store_true",
                    help="将 PDF 归入副卷（签发稿）/ file the PDF in the 副卷 as the draft")
    sp.add_argument("--issued", action="store_true",
                    help="已签发：将 PDF 归入正卷（判决书正本）/ file the issued judgment in the 正卷")

    sp = add(sub, "check", cmd_check, "文书纠错：核对 .docx 与案件 / check a judgment .docx against its case")
    sp.add_argument("file", help=".docx 文件 / the .docx file")
    sp.add_argument("--case", required=True, help="案号 / case number")

    sp = add(sub, "elements", cmd_elements,
             "案件要素：卷宗中每项要素的记载、来源与争议 / the elements the file states, with sources")
    sp.add_argument("case", help="案号 / case number")
    sp.add_argument("--confirm", action="append", metavar="KEY=VALUE",
                    help="确认要素的值（如 repaid=3000），可多次 / confirm an element, repeatable")

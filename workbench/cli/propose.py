"""`workbench case propose SCAN...`: a new case proposed from its scanned complaint (立案前扫描),
printed as case JSON with a `sources` map (field → page and box or text span), the routing
(繁简分流) and what to check; `--register` files it: the case, its 立案 event and every scan in one
transaction. Exit 0 when proposed (or registered), 2 when refused (nothing written)."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from .common import emit, open_workbench, progress_printer


def cmd_case_propose(args: argparse.Namespace) -> int:
    from ..cases.repository import parse_iso_date
    from ..errors import UserError
    from ..intake.registration import Court, choose, court_of, propose_registration, register

    filed_on = parse_iso_date(args.filed_on) if args.filed_on else date.today()
    with open_workbench(args) as wb:
        court = court_of(wb, args.court, args.court_code, args.appeal_court)
        if args.court and args.court_code:
            court = Court(args.court, args.court_code, args.appeal_court or (court.appeal_court if court else ""))
        prop = propose_registration(wb, args.scans, court=court, filed_on=filed_on, workers=args.workers,
                                    progress=progress_printer(args), stack=args.stack)
        choose(prop, procedure=args.procedure, reason=args.reason, cause=args.cause)
        out = prop.to_json()
        out["registered"] = None
        refused = None
        if args.register:
            try:
                case = register(wb, prop, accept_flags=args.accept_flags, progress=progress_printer(args))
                out["registered"] = case.number
                out["case"] = wb.export_case(case.number)
            except UserError as e:
                refused = e
    if args.json:
        emit(out)
    else:
        _print(out)
    if refused is not None:
        print(f"错误 / error: {refused}", file=sys.stderr)
        return 2
    return 0


def _print(out: dict) -> None:
    c = out["case"]
    print(f"案号 / number: {c.get('case_number')}   案由 / cause: {c.get('cause')}   "
          f"程序 / procedure: {c.get('procedure')}")
    for p in c.get("parties", []):
        ident = p.get("id_number") or p.get("credit_code") or ""
        print(f"  {p['role']}\t{p['name']}\t{ident}")
    for cl in c.get("claims", []):
        print(f"  {cl['kind']}\t{cl.get('amount') or '-'}\t{cl['text']}")
    r = out.get("routing") or {}
    for reason in r.get("reasons", []):
        print(f"繁简分流 / routing: {reason['zh']} / {reason['en']}")
    for f in out["flags"]:
        print(f"待核对 / check: {f['field']}: {f['zh']} / {f['en']}")
    for p in out["problems"]:
        print(f"不能立案 / refused: {p['zh']} / {p['en']}", file=sys.stderr)
    if out.get("registered"):
        print(f"已立案 / registered: {out['registered']}")


def register(cs, add) -> None:
    sp = add(cs, "propose", cmd_case_propose, "从扫描的起诉状提出立案建议 / propose a new case from its "
             "scanned complaint (--register files it)")
    sp.add_argument("scans", nargs="+", metavar="SCAN", help="起诉状及附件的扫描件 / the complaint and its attachments")
    sp.add_argument("--register", action="store_true", help="按建议立案并归档扫描件 / register the case and file the scans")
    sp.add_argument("--accept-flags", action="store_true", help="已核对待查项目，仍立案 / register although "
                    "fields are flagged (after checking them)")
    sp.add_argument("--procedure", choices=["small_claims", "simple", "ordinary"],
                    help="不采纳建议的程序时指定 / a procedure other than the proposed one (needs --reason)")
    sp.add_argument("--reason", help="改变程序的理由（记入案件日志）/ why (kept in the case log)")
    sp.add_argument("--cause", help="案由（规则未能确定时）/ the cause, when the rules cannot tell")
    sp.add_argument("--court", help="本院名称（默认取已有案件）/ this court's name")
    sp.add_argument("--court-code", help="本院代字，如 苏0583 / this court's code")
    sp.add_argument("--appeal-court", help="上诉法院 / the appeal court")
    sp.add_argument("--filed-on", help="立案日期 YYYY-MM-DD（默认今天）/ filing date (default today)")
    sp.add_argument("--stack", action="store_true", help="所有文件为一叠扫描件 / the files are one stack")
    sp.add_argument("--workers", type=int, help="识别进程数（默认 2）/ OCR processes (default 2)")

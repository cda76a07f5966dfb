"""CLI: `preservation …` — the preservation (保全) queue: matters, rulings, measures, alerts."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Callable

from .delivery import _date, _help


def _today(args: argparse.Namespace) -> date:
    return _date(getattr(args, "today", None), "--today ") or date.today()


def _print(m: Any, today: date) -> None:
    from ..preservation import matters, rules
    print(f"[{m.id}] {m.case_number}  {rules.STAGES[m.stage]}  {m.applicant} → {m.respondent}  "
          f"{m.amount} 元  {matters.STATUS[m.status].zh}  申请费 {m.fee} 元")
    if m.status == "applied":
        print(f"      裁定期限 {m.ruling_due_at:%Y-%m-%d %H:%M}（{m.data.get('ruling_due_basis', '')}）"
              f"；担保 {m.security_required} 元")
    for x in m.measures:
        print(f"      措施[{x.id}] {rules.MEASURE_KINDS[x.kind].action}{rules.MEASURE_KINDS[x.kind].zh}"
              f" {x.target} {x.amount} 元  {x.start_on} 至 {x.expires_on}  {x.registry}  {x.status}")
    for a in m.alerts(today):
        mark = {"red": "【红】", "yellow": "【黄】", "lapsed": "【失效】"}.get(a.level, "")
        print(f"      {mark}{a.text}")


def _show(args: argparse.Namespace, wb: Any, matter_id: int, extra: dict | None = None) -> int:
    from ..preservation import matters
    from .common import emit
    m = matters.matter(wb, matter_id)
    if args.json:
        emit(dict(m.as_dict(_today(args)), **(extra or {})))
    else:
        _print(m, _today(args))
        for n in (extra or {}).get("notes", []):
            print(f"      注意：{n}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from ..preservation import matters
    from .common import emit, open_workbench
    with open_workbench(args) as wb:
        rows = matters.list_matters(wb, case=args.case, status=args.status)
    today = _today(args)
    if args.alerts:
        rows = [m for m in rows if m.alerts(today)]
    if args.json:
        emit([m.as_dict(today) for m in rows])
        return 0
    for m in rows:
        _print(m, today)
    print(f"共 {len(rows)} 件 / {len(rows)} matters", file=sys.stderr)
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from ..preservation import matters
    from .common import open_workbench
    try:
        applied = datetime.fromisoformat(args.applied_at)
    except ValueError:
        print(f"错误 / error: --applied-at 应为 2026-03-06T09:30：{args.applied_at!r}", file=sys.stderr)
        return 2
    with open_workbench(args) as wb:
        mid = matters.open_matter(
            wb, args.case, stage=args.stage, applicant=args.applicant, respondent=args.respondent,
            amount=args.amount, claim_amount=args.claim, applied_at=applied, urgent=args.urgent,
            property_named=args.property or "", security_offered=args.security or "",
            exempt=args.exempt,
            security_ordered=Decimal(args.security_ordered) if args.security_ordered else None)
        return _show(args, wb, mid)


def cmd_rule(args: argparse.Namespace) -> int:
    from ..preservation import matters
    from .common import open_workbench
    with open_workbench(args) as wb:
        doc_id, notes = matters.rule(wb, args.matter, on=_date(args.on, "--on "),
                                     outcome="rejected" if args.reject else "granted")
        return _show(args, wb, args.matter, {"document_id": doc_id, "notes": notes})


def cmd_execute(args: argparse.Namespace) -> int:
    from ..preservation import matters
    from .common import open_workbench
    with open_workbench(args) as wb:
        mid, ends = matters.execute(wb, args.matter, kind=args.kind, target=args.target,
                                    amount=args.amount, start_on=_date(args.on, "--on "),
                                    registry=args.registry or "",
                                    expires_on=_date(args.until, "--until "))
        note = f"保全期限届满日 {ends}；续行须在届满七日前申请（财产保全规定第十八条）"
        return _show(args, wb, args.matter, {"measure_id": mid, "notes": [note]})


def cmd_renew(args: argparse.Namespace) -> int:
    from ..preservation import matters
    from .common import open_workbench
    with open_workbench(args) as wb:
        doc_id, ends, notes = matters.renew(wb, args.measure, on=_date(args.on, "--on "),
                                            expires_on=_date(args.until, "--until "))
        matter_id = wb.db.one("SELECT matter_id FROM preservation_measures WHERE id = ?",
                              (args.measure,))[0]
        return _show(args, wb, matter_id, {"document_id": doc_id, "expires_on": ends,
                                           "notes": notes})


def cmd_suit(args: argparse.Namespace) -> int:
    from ..preservation import matters
    from .common import open_workbench
    with open_workbench(args) as wb:
        matters.record_suit(wb, args.matter, on=_date(args.on, "--on "),
                            case_number=args.case_number)
        return _show(args, wb, args.matter)


def cmd_release(args: argparse.Namespace) -> int:
    from ..preservation import matters
    from .common import open_workbench
    with open_workbench(args) as wb:
        doc_id = matters.release(wb, args.matter, on=_date(args.on, "--on "), reason=args.reason)
        return _show(args, wb, args.matter, {"document_id": doc_id})


def cmd_figures(args: argparse.Namespace) -> int:
    from ..preservation import matters
    from .common import emit, open_workbench
    with open_workbench(args) as wb:
        f = matters.figures(wb, _today(args), args.days)
    if args.json:
        emit(f)
    else:
        print("  ".join(f"{matters.STATUS[k].zh} {v}" for k, v in f["by_status"].items()))
        print(f"{f['expiring_within_days']} 日内期满的措施 {f['expiring']} 项；待处理提醒 {f['alerts']} 项")
    return 0


def register(sub: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    from ..preservation import matters, rules
    top = add(sub, "preservation", lambda a: 2, "保全队列 / the preservation queue (财产保全)",
              json_opt=False)
    top.set_defaults(handler=_help(top))
    s = top.add_subparsers(dest="preservation_command", metavar="ACTION")
    today = "按此日期计算提醒（默认今天）/ alerts as of this date"
    sp = add(s, "list", cmd_list, "保全事项 / the matters")
    sp.add_argument("--case")
    sp.add_argument("--status", choices=list(matters.STATUS))
    sp.add_argument("--alerts", action="store_true", help="只看有提醒的 / only with alerts")
    sp.add_argument("--today", help=today)
    sp = add(s, "open", cmd_open, "登记财产保全申请 / an application received")
    sp.add_argument("case", help="案号（诉前保全为财保案号）/ case number")
    sp.add_argument("--stage", choices=list(rules.STAGES), required=True)
    sp.add_argument("--applicant", required=True)
    sp.add_argument("--respondent", required=True)
    sp.add_argument("--amount", required=True, help="请求保全数额 / amount to preserve")
    sp.add_argument("--claim", help="请求数额（默认为诉讼请求合计）/ the claim")
    sp.add_argument("--applied-at", required=True, help="收到申请的时间 2026-03-06T09:30")
    sp.add_argument("--urgent", action="store_true", help="情况紧急 / urgent")
    sp.add_argument("--property", help="申请书载明的财产 / property named")
    sp.add_argument("--security", help="提供的担保 / security offered")
    sp.add_argument("--security-ordered", help="责令提供的担保数额 / security ordered")
    sp.add_argument("--exempt", choices=list(rules.SECURITY_EXEMPT), help="免于担保的情形")
    sp.add_argument("--today", help=today)
    sp = add(s, "rule", cmd_rule, "作出保全裁定（生成裁定书）/ rule on the application")
    sp.add_argument("matter", type=int)
    sp.add_argument("--on", required=True)
    sp.add_argument("--reject", action="store_true", help="驳回申请 / reject")
    sp.add_argument("--today", help=today)
    sp = add(s, "execute", cmd_execute, "登记保全措施的执行 / record a measure executed")
    sp.add_argument("matter", type=int)
    sp.add_argument("--kind", choices=list(rules.MEASURE_KINDS), required=True)
    sp.add_argument("--target", required=True, help="账户或财产 / account or property")
    sp.add_argument("--amount", required=True, help="冻结或查封的数额 / amount")
    sp.add_argument("--registry", help="登记机关或保管处所 / registry")
    sp.add_argument("--on", required=True, help="执行日期 / date executed")
    sp.add_argument("--until", help="裁定的较短期限 / a shorter term")
    sp.add_argument("--today", help=today)
    sp = add(s, "renew", cmd_renew, "续行保全（生成裁定书）/ renew a measure")
    sp.add_argument("measure", type=int)
    sp.add_argument("--on", required=True)
    sp.add_argument("--until", help="续行后的期满日（默认最长）/ new end")
    sp.add_argument("--today", help=today)
    sp = add(s, "suit", cmd_suit, "诉前保全：登记申请人起诉 / the applicant sued")
    sp.add_argument("matter", type=int)
    sp.add_argument("--on", required=True)
    sp.add_argument("--case-number", required=True)
    sp.add_argument("--today", help=today)
    sp = add(s, "release", cmd_release, "解除保全（生成裁定书）/ release")
    sp.add_argument("matter", type=int)
    sp.add_argument("--on", required=True)
    sp.add_argument("--reason", choices=list(matters.RELEASE_REASONS), required=True)
    sp.add_argument("--today", help=today)
    sp = add(s, "figures", cmd_figures, "保全统计 / preservation figures")
    sp.add_argument("--days", type=int, default=7, help="期满预警天数 / window in days")
    sp.add_argument("--today", help=today)

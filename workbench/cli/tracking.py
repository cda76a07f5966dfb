"""CLI: `deadlines`, `alerts`, `figures` and `calendar`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any, Callable

STATE_ZH = {"ok": "正常", "due_soon": "临近", "overdue": "超期", "met": "已完成",
            "not_started": "未开始", "suspended": "暂停计算", "elapsed": "已届满", "closed": "已结案"}


def _today(args: argparse.Namespace) -> date:
    from ..cases.repository import parse_iso_date
    return parse_iso_date(args.today, "--today ") if args.today else date.today()


def cmd_deadlines(args: argparse.Namespace) -> int:
    from .common import emit, open_workbench
    from ..tracking.periods import case_deadlines, deadline_dict
    with open_workbench(args) as wb:
        number = wb.case(args.case).number
        items = case_deadlines(wb, args.case, _today(args))
    if args.json:
        emit({"case_number": number, "today": _today(args),
              "deadlines": [deadline_dict(d) for d in items]})
        return 0
    print(f"{number}  （{_today(args)}）")
    for d in items:
        who = f"（{d.party}）" if d.party else ""
        due = d.due.isoformat() if d.due else "—"
        left = "" if d.days_left is None else f"  剩 {d.days_left} 日" if d.days_left >= 0 \
            else f"  超 {-d.days_left} 日"
        mark = {"red": "【红】", "yellow": "【黄】"}.get(d.alert, "")
        moved = f"（原为 {d.nominal_due}，遇{d.moved_because}顺延）" if d.moved_because else ""
        print(f"{mark}{d.zh}{who}  {due}{moved}  {STATE_ZH.get(d.state, d.state)}{left}  {d.basis}")
        for n in d.notes:
            print(f"      {n}")
    return 0


def cmd_alerts(args: argparse.Namespace) -> int:
    from .common import emit, open_workbench
    from ..tracking.periods import case_alerts, deadline_dict
    with open_workbench(args) as wb:
        alerts = case_alerts(wb, _today(args))
        judges = {r.number: r.judge for r in wb.list_cases(limit=10**9)} if args.judge else {}
    rows = [a for a in alerts.values() if a.level != "none"
            and (not args.judge or judges.get(a.number) == args.judge)]
    rows.sort(key=lambda a: (a.level != "red", a.deadline.days_left if a.deadline else 0))
    if args.json:
        emit([{"case_number": a.number, "level": a.level, "text": a.text,
               "deadline": deadline_dict(a.deadline) if a.deadline else None} for a in rows])
        return 0
    for a in rows:
        print(f"{'【红】' if a.level == 'red' else '【黄】'}{a.number}  {a.text}")
    print(f"共 {len(rows)} 件需关注 / {len(rows)} cases need attention", file=sys.stderr)
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    from .common import emit, open_workbench
    from ..tracking.figures import compute_figures, write_figures_csv
    with open_workbench(args) as wb:
        fig = compute_figures(wb, _today(args), judge=args.judge or "",
                              division=args.division or "", months=args.months)
    if args.csv:
        write_figures_csv(fig, args.csv)
    if args.json:
        emit(fig.as_dict())
        return 0
    t = fig.total
    print(f"统计日 {fig.today}  未结 {t.pending}  本周到期 {t.due_this_week}  已超期 {t.overdue}  "
          f"长期未结 {t.long_pending}  近 {len(fig.months)} 个月结案 {t.concluded_total}  "
          f"人均月结案 {fig.per_judge_per_month}")
    for r in fig.rows:
        print(f"  {r.judge or '（未指定）'}\t{r.division}\t未结 {r.pending}\t本周到期 {r.due_this_week}\t"
              f"超期 {r.overdue}\t长期未结 {r.long_pending}\t结案 {r.concluded_total}")
    if args.csv:
        print(f"已导出 / exported: {args.csv}", file=sys.stderr)
    return 0


def cmd_calendar(args: argparse.Namespace) -> int:
    from .common import emit, open_workbench
    from ..tracking.calendar import install_calendar, load_calendar
    with open_workbench(args) as wb:
        data_dir = wb.data_dir
    if args.update:
        years = install_calendar(data_dir, args.update)
        print(f"已更新节假日安排 / holiday calendar updated: {', '.join(map(str, years))}")
        return 0
    cal = load_calendar(data_dir)
    year = args.year or date.today().year
    days = sorted(d for d in cal.off | cal.work if d.year == year)
    if args.json:
        emit({"year": year, "covered": cal.covers(year), "source": cal.source,
              "days": [{"date": d, "working": cal.is_working_day(d),
                        "name": cal.names.get(d, "调休上班")} for d in days]})
        return 0
    if not cal.covers(year):
        print(f"{year} 年的节假日安排未载入 / no arrangement loaded for {year}", file=sys.stderr)
    for d in days:
        print(f"{d}  {'上班' if cal.is_working_day(d) else '放假'}  {cal.names.get(d, '调休上班')}")
    return 0


def register(sub: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    today_help = "按此日期计算（默认今天）/ compute as of this date"
    sp = add(sub, "deadlines", cmd_deadlines, "案件的法定期限与审限 / a case's statutory periods")
    sp.add_argument("case", help="案号 / case number")
    sp.add_argument("--today", help=today_help)
    sp = add(sub, "alerts", cmd_alerts, "临近或超过期限的案件 / cases near or past a deadline")
    sp.add_argument("--judge")
    sp.add_argument("--today", help=today_help)
    sp = add(sub, "figures", cmd_figures, "审判工作量统计 / workload figures")
    sp.add_argument("--judge", help="只看一位法官 / one judge")
    sp.add_argument("--division", help="只看一个部门 / one division")
    sp.add_argument("--months", type=int, default=12, help="结案统计的月数 / months of conclusions")
    sp.add_argument("--csv", help="导出 CSV 文件 / export as CSV")
    sp.add_argument("--today", help=today_help)
    sp = add(sub, "calendar", cmd_calendar, "节假日安排 / the holiday calendar")
    sp.add_argument("year", nargs="?", type=int)
    sp.add_argument("--update", metavar="FILE.json",
                    help="载入新的节假日安排文件 / install a newer holiday file")

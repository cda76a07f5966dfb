"""CLI: `service …` — the service (送达) queue: tasks, attempts, proof, announcements, figures."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Callable


def _date(text: str | None, what: str):
    from ..cases.repository import parse_iso_date
    return parse_iso_date(text, what) if text else None


def _print_task(t: Any) -> None:
    from ..delivery import queue, rules
    eff = f"  生效 {t.effective_on}（{t.effective_basis}）" if t.effective_on else ""
    print(f"[{t.id}] {t.case_number}  {t.document_title} → {t.recipient}  "
          f"{rules.METHODS[t.method].zh}  {queue.STATUS[t.status].zh}{eff}")
    for a in t.attempts:
        extra = f"  {a.data['ems_number']}" if a.data.get("ems_number") else ""
        print(f"      {a.on}  {rules.METHODS[a.method].zh}  {rules.RESULTS[a.result][0]}{extra}")


def cmd_list(args: argparse.Namespace) -> int:
    from ..delivery import queue
    from .common import emit, open_workbench
    with open_workbench(args) as wb:
        tasks = queue.list_tasks(wb, case=args.case, status=args.status, method=args.method)
    if args.json:
        emit([t.as_dict() for t in tasks])
        return 0
    for t in tasks:
        _print_task(t)
    print(f"共 {len(tasks)} 项 / {len(tasks)} tasks", file=sys.stderr)
    return 0


def cmd_create(args: argparse.Namespace) -> int:
    from ..delivery import queue
    from .common import emit, open_workbench
    consent = dict(c.split("=", 1) for c in args.consent or [])
    with open_workbench(args) as wb:
        ids = queue.create_tasks(wb, args.case, args.document, recipients=args.to or None,
                                 method=args.method, serves=args.serves, consent=consent,
                                 hearing_on=_date(args.hearing_on, "--hearing-on "))
        tasks = [queue.task(wb, i) for i in ids]
    if args.json:
        emit([t.as_dict() for t in tasks])
    else:
        for t in tasks:
            _print_task(t)
    return 0


def cmd_attempt(args: argparse.Namespace) -> int:
    from ..delivery import queue
    from .common import emit, open_workbench
    with open_workbench(args) as wb:
        queue.record_attempt(wb, args.task, _date(args.on, "--on "), method=args.method,
                             result=args.result, ems_number=args.ems or "", note=args.note or "")
        t = queue.task(wb, args.task)
    emit(t.as_dict()) if args.json else _print_task(t)
    return 0


def cmd_confirm(args: argparse.Namespace) -> int:
    from ..delivery import queue
    from .common import emit, open_workbench
    with open_workbench(args) as wb:
        task_id, signed = args.task, _date(args.signed_on, "--signed-on ")
        if task_id is None:
            if args.proof is None:
                print("错误 / error: 须给出 --task 或 --proof", file=sys.stderr)
                return 2
            found, read = queue.match_proof(wb, args.proof)
            if found is None:
                print("错误 / error: 回证未能对应到唯一的待回证任务，请用 --task 指定 / the proof "
                      "matches no single open task", file=sys.stderr)
                return 2
            task_id, signed = found.id, signed or read
        eff = queue.confirm(wb, task_id, args.proof, signed_on=signed,
                            left_on=_date(args.left_on, "--left-on "),
                            reached_on=_date(args.reached_on, "--reached-on "),
                            recipient_proved_on=_date(args.proved_on, "--proved-on "))
        t = queue.task(wb, task_id)
    if args.json:
        emit(t.as_dict())
    else:
        _print_task(t)
        print(f"送达生效 {eff.on}（{eff.basis}）")
    return 0


def cmd_announce(args: argparse.Namespace) -> int:
    from ..delivery import announcement, queue
    from .common import emit, open_workbench
    with open_workbench(args) as wb:
        doc_id, eff = announcement.announce(wb, args.task, published_on=_date(args.on, "--on "),
                                            reason=args.reason)
        t = queue.task(wb, args.task)
    if args.json:
        emit(dict(t.as_dict(), notice_document_id=doc_id))
    else:
        _print_task(t)
        print(f"公告已生成（文书 {doc_id}），{eff.on} 视为送达（{eff.basis}）")
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    from ..delivery import queue, rules
    from .common import emit, open_workbench
    with open_workbench(args) as wb:
        f = queue.figures(wb)
    if args.json:
        emit(f)
        return 0
    for key, v in f["by_method"].items():
        print(f"{rules.METHODS[key].zh}  {v['succeeded']}/{v['attempts']}  成功率 {v['rate']:.0%}")
    avg = f["average_days_to_effective"]
    print(f"已生效 {f['effective']} 项；平均 {avg if avg is not None else '—'} 日生效")
    return 0


def _help(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def show(_: argparse.Namespace) -> int:
        parser.print_help()
        return 2
    return show


def register(sub: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    from ..delivery import rules
    top = add(sub, "service", lambda a: 2, "送达队列 / the service queue (送达)", json_opt=False)
    top.set_defaults(handler=_help(top))
    s = top.add_subparsers(dest="service_command", metavar="ACTION")
    methods = list(rules.METHODS)
    sp = add(s, "list", cmd_list, "送达任务 / the service tasks")
    sp.add_argument("--case", help="案号 / one case")
    sp.add_argument("--status", choices=["pending", "failed", "awaiting_proof", "effective"])
    sp.add_argument("--method", choices=methods)
    sp = add(s, "create", cmd_create, "为一份文书按受送达人建立送达任务 / a task per recipient")
    sp.add_argument("case", help="案号 / case number")
    sp.add_argument("document", type=int, help="文书编号 / document id")
    sp.add_argument("--to", action="append", help="受送达人（可多次；默认按文书确定）/ recipient")
    sp.add_argument("--method", choices=methods, default="direct")
    sp.add_argument("--serves", choices=list(rules.SERVES),
                    help="文书类别（默认按卷宗类别）/ what the document is")
    sp.add_argument("--consent", action="append", metavar="NAME=ADDRESS",
                    help="同意电子送达的受送达人及其电子地址 / consent to electronic service")
    sp.add_argument("--hearing-on", help="传票的开庭日期 / hearing date of a summons")
    sp = add(s, "attempt", cmd_attempt, "登记一次送达及其结果 / record an attempt")
    sp.add_argument("task", type=int)
    sp.add_argument("result", choices=list(rules.RESULTS))
    sp.add_argument("--on", required=True, help="送达日期 / date of the attempt")
    sp.add_argument("--method", choices=[m for m in methods if m != "announcement"])
    sp.add_argument("--ems", help="邮件号 / EMS number")
    sp.add_argument("--note")
    sp = add(s, "confirm", cmd_confirm, "以送达凭证认定送达日期 / proof → effective date")
    sp.add_argument("--task", type=int, help="任务编号（缺省时按回证内容匹配）/ task id")
    sp.add_argument("--proof", type=int, help="已归入卷宗的送达凭证文书编号 / proof document id")
    sp.add_argument("--signed-on", help="签收日期 / date signed")
    sp.add_argument("--left-on", help="留置日期 / date left")
    sp.add_argument("--reached-on", help="到达特定系统的日期 / date it reached the system")
    sp.add_argument("--proved-on", help="受送达人证明的到达日期 / arrival the recipient proved")
    sp = add(s, "announce", cmd_announce, "公告送达：生成公告 / serve by announcement")
    sp.add_argument("task", type=int)
    sp.add_argument("--on", required=True, help="发出公告日期 / publication date")
    sp.add_argument("--reason", required=True, help="公告送达的原因 / why")
    add(s, "figures", cmd_figures, "送达统计 / service figures")

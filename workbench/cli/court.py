"""CLI: `workbench court init|user|assign|connect|status|checkout|sync|disconnect|access`.

Passwords come from a prompt, or for scripts from WORKBENCH_PASSWORD (the password of the user
who logs in) and WORKBENCH_NEW_PASSWORD (the password of a user being added).
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from dataclasses import asdict
from pathlib import Path

from ..errors import Text, UserError


def _password(prompt: str, env: str = "WORKBENCH_PASSWORD", confirm: bool = False) -> str:
    from ..settings import ENV, env_override
    value = env_override(next(k for k, v in ENV.items() if v == env))
    if value:
        return value
    if not sys.stdin.isatty():
        raise UserError(Text(f"需要密码：请在终端输入，或设置 {env}",
                             f"a password is needed: type it at a terminal or set {env}"))
    pw = getpass.getpass(prompt)
    if confirm and getpass.getpass("再次输入 / again: ") != pw:
        raise UserError(Text("两次输入的密码不一致", "the passwords differ"))
    return pw


def _data_dir(args: argparse.Namespace) -> Path:
    from ..paths import data_dir
    return data_dir(args.data_dir)


def _court_conn(args: argparse.Namespace):
    """The connection an admin command runs on: --dsn/--user if given, else this desk's."""
    from ..court.sync import open_court
    from ..store.court.admin import login_for
    from ..store.court.pg import connect
    if getattr(args, "dsn", None):
        if not args.user:
            raise UserError(Text("与 --dsn 一起须给出 --user", "--dsn needs --user"))
        return connect(args.dsn, user=login_for(args.dsn, args.user),
                       password=_password(f"{args.user} 的密码 / password: "))
    return open_court(_data_dir(args))[1]


def cmd_init(args: argparse.Namespace) -> int:
    from .common import emit
    from ..store.court.admin import init_court
    from ..store.court.pg import connect
    pw = _password(f"管理员 {args.admin} 的密码 / the administrator's password: ", confirm=True)
    with connect(args.dsn) as conn:
        res = init_court(conn, args.admin, pw, prefix=args.prefix, display=args.display or "")
    if args.json:
        emit(res)
    else:
        print(f"法院库已就绪 / court store ready: 角色前缀 / role prefix {res.prefix}; "
              f"新迁移 / migrations applied: {', '.join(res.migrations) or '无 / none'}; "
              f"管理员 / administrator {res.admin} (登录名 / login {res.admin_login})")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from .common import emit
    from ..store.court.admin import add_user, check_name
    check_name(args.name)
    with _court_conn(args) as conn:
        pw = _password(f"新用户 {args.name} 的密码 / the new user's password: ",
                       env="WORKBENCH_NEW_PASSWORD", confirm=True)
        u = add_user(conn, args.name, args.role, pw, judges=args.judge or [],
                     display=args.display or "")
    if args.json:
        emit(u)
    else:
        print(f"已添加用户 / user added: {u.name} ({u.role}), 登录名 / login {u.login}"
              + (f", 配合法官 / works with {', '.join(u.judges)}" if u.judges else ""))
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    from ..store.court.admin import set_active
    with _court_conn(args) as conn:
        set_active(conn, args.name, args.enable)
    print(f"已{'启用' if args.enable else '停用'} / {'enabled' if args.enable else 'disabled'}: {args.name}")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from .common import emit
    from ..store.court.admin import list_users
    with _court_conn(args) as conn:
        users = list_users(conn)
    if args.json:
        emit(users)
    else:
        for u in users:
            print(f"{u.name}\t{u.role}\t{u.display}\t{'' if u.active else '停用 / disabled'}\t"
                  + ", ".join(u.judges))
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    from ..law.case_numbers import parse_case_number
    from .common import emit
    from ..store.court.admin import assign
    number = parse_case_number(args.case).canonical
    with _court_conn(args) as conn:
        judge, clerk = assign(conn, number, args.judge, args.clerk)
    if args.json:
        emit({"case": number, "judge": judge, "clerk": clerk})
    else:
        print(f"已分案 / assigned: {number} 法官 / judge {judge or '-'} 书记员 / clerk {clerk or '-'}")
    return 0


def cmd_connect(args: argparse.Namespace) -> int:
    from .common import emit
    from ..court.sync import connect_desk
    pw = _password(f"{args.user} 的法院库密码 / court password: ")
    s = connect_desk(_data_dir(args), args.dsn, args.user, pw)
    if args.json:
        emit({k: v for k, v in asdict(s).items() if k != "heads"})
    else:
        where = "系统钥匙串 / the system keyring" if s.password_in == "keyring" else \
            "数据目录中仅本人可读的文件 / a file only you can read (court.secret)"
        print(f"已连接 / connected: {s.user} ({s.role}) → {s.dsn}; 密码保存在 / password kept in {where}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from .common import emit, open_workbench
    from ..court.sync import status
    with open_workbench(args) as wb:
        st = status(wb, online=not args.offline)
    if args.json:
        emit(st)
        return 0
    if not st.connected:
        print("未连接法院库 / not connected to a court store (单机 / standalone)")
        return 0
    state = {True: "在线 / online", False: "离线 / offline", None: "未检查 / not checked"}[st.reachable]
    print(f"法院库 / court store: {st.dsn}  用户 / user: {st.user} ({st.role})  {state}")
    if st.message:
        print(f"  {st.message}")
    print(f"上次同步 / last sync: {st.last_sync or '从未 / never'}")
    print(f"待上传 / pending changes: {sum(st.pending.values())} 条 / entries"
          + "".join(f"\n  {n}: {k}" for n, k in st.pending.items()))
    print(f"带走的案件 / checked out: {len(st.checked_out)}")
    for n, holder in st.checked_out.items():
        print(f"  {n}  持有人 / held by {holder or '-'}")
    for c in st.conflicts:
        print(f"未能合并 / not merged: {c['case']} {c['action']} ({c['at']}): {c['reason']}")
    return 0


def _print_report(rep) -> None:
    for c in rep.cases:
        if c.error:
            print(f"{c.number}: 失败 / failed: {c.error}", file=sys.stderr)
            continue
        print(f"{c.number}: 上传 / pushed {c.appended + c.rechained} (重新接续 / re-chained "
              f"{c.rechained}), 下载 / pulled {c.pulled}, 文件 / blobs ↑{c.blobs_up} ↓{c.blobs_down}"
              + (f", 持有人 / held by {c.holder}" if c.holder else ""))
        for k in c.conflicts:
            print(f"  未能合并 / not merged: 第 {k.seq} 条 {k.action} ({k.at}): {k.reason}")


def _report_json(rep) -> dict:
    return {"seconds": round(rep.seconds, 3), "cases": [asdict(c) for c in rep.cases],
            "conflicts": [asdict(c) for c in rep.conflicts], "errors": rep.errors}


def cmd_checkout(args: argparse.Namespace) -> int:
    from .common import emit, open_workbench
    from ..court.sync import checkout
    with open_workbench(args) as wb:
        rep = checkout(wb, args.cases)
    if args.json:
        emit(_report_json(rep))
    else:
        _print_report(rep)
        print(f"已带走 {len(rep.cases)} 件，可离线办理 / {len(rep.cases)} cases checked out for offline work")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from .common import emit, open_workbench, progress_printer as _progress
    from ..court.sync import sync
    while True:
        with open_workbench(args) as wb:
            rep = sync(wb, cases=args.cases or None, progress=_progress(args))
        if args.json:
            emit(_report_json(rep))
        else:
            _print_report(rep)
            print(f"同步完成 / synced {len(rep.cases)} cases in {rep.seconds:.2f} s"
                  + (f"; {len(rep.conflicts)} 条未能合并 / not merged" if rep.conflicts else ""))
        if not args.watch:
            return 1 if rep.errors else 0
        time.sleep(args.watch)


def cmd_disconnect(args: argparse.Namespace) -> int:
    from ..court import desk
    s = desk.forget(_data_dir(args))
    print("已断开，密码已删除 / disconnected; the stored password is removed" if s else
          "本来就未连接 / was not connected")
    return 0


def cmd_access(args: argparse.Namespace) -> int:
    from ..law.case_numbers import parse_case_number
    from .common import emit
    from ..store.court.chain import access_log
    number = parse_case_number(args.case).canonical
    with _court_conn(args) as conn:
        rows = access_log(conn, number)
    if args.json:
        emit(rows)
    else:
        for r in rows:
            print(f"{r['at']:%Y-%m-%d %H:%M:%S}  {r['login']}  {r['what']}  {r['outcome']}")
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    from .common import emit
    from ..store.court.figures import court_figures
    with _court_conn(args) as conn:
        f = court_figures(conn, long_pending_months=args.long_pending_months)
    if args.json:
        emit(f)
        return 0
    print(f"全院 / court-wide: {f.cases} 件 / cases; 人均月结案 / concluded per judge-month "
          f"{f.per_judge_per_month:.2f}")
    for r in f.rows:
        print(f"  {r.judge or '（未分案 / unassigned）'}\t{r.name}\t未结 / pending {r.pending}\t"
              f"长期未结 / long-pending {r.long_pending}\t结案 / concluded {sum(r.concluded.values())}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from .common import emit
    from ..store.court.search import search_court
    with _court_conn(args) as conn:
        hits = search_court(conn, args.text, limit=args.limit)
    if args.json:
        emit(hits)
        return 0
    if not hits:
        print("全院卷宗中没有找到 / nothing found in the court's files")
    for h in hits:
        print(f"{h.case_number}  {h.title} 第 {h.page} 页 / p. {h.page}  {h.snippet}")
    return 0


def register(sub, add) -> None:
    court = sub.add_parser("court", help="全院共享的法院库 / the court-wide store",
                           description="全院共享的法院库 / the court-wide store (PostgreSQL)")
    cs = court.add_subparsers(dest="court_command", metavar="ACTION", required=True)

    def conn_opts(sp):
        sp.add_argument("--dsn", help="直接连接此库（默认用本工作台的连接）/ connect here instead of "
                                      "this desk's connection")
        sp.add_argument("--user", help="与 --dsn 一起使用的用户 / user for --dsn")

    sp = add(cs, "init", cmd_init, "建立法院库：表、角色、首位管理员 / create the store, roles, "
                                   "the first administrator")
    sp.add_argument("--dsn", required=True, help="服务器所有者的连接串 / the owner's DSN, "
                                                 "postgresql://…")
    sp.add_argument("--admin", required=True, help="首位管理员的用户名 / the first administrator")
    sp.add_argument("--display", help="管理员姓名 / display name")
    sp.add_argument("--prefix", help="数据库角色前缀（默认库名）/ role prefix (default: database name)")

    user = cs.add_parser("user", help="用户 / users", description="用户 / users")
    us = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    sp = add(us, "add", cmd_user_add, "添加用户 / add a user")
    sp.add_argument("name")
    sp.add_argument("--role", required=True,
                    choices=["filing", "clerk", "judge", "archivist", "president", "admin"],
                    help="立案庭 filing, 书记员 clerk, 法官 judge, 档案员 archivist, "
                         "院庭长 president, 管理员 admin")
    sp.add_argument("--judge", action="append", help="书记员所配合的法官（可多次）/ a clerk's judge")
    sp.add_argument("--display", help="姓名 / display name")
    conn_opts(sp)
    sp = add(us, "disable", cmd_user_disable, "停用用户（不能再登录）/ disable a user", json_opt=False)
    sp.add_argument("name")
    sp.add_argument("--enable", action="store_true", help="重新启用 / enable again")
    conn_opts(sp)
    sp = add(us, "list", cmd_user_list, "列出用户 / list users")
    conn_opts(sp)

    sp = add(cs, "assign", cmd_assign, "分案 / assign a case to a judge and a clerk")
    sp.add_argument("case")
    sp.add_argument("--judge")
    sp.add_argument("--clerk")
    conn_opts(sp)

    sp = add(cs, "connect", cmd_connect, "连接法院库 / connect this desk to the court store")
    sp.add_argument("dsn", help="postgresql://服务器:5432/库名 (不含密码 / without password)")
    sp.add_argument("--user", required=True)
    sp = add(cs, "status", cmd_status, "连接状态、待上传、带走的案件 / connection, pending, "
                                       "checked-out cases")
    sp.add_argument("--offline", action="store_true", help="不连接服务器 / do not contact the server")
    sp = add(cs, "checkout", cmd_checkout, "带走案件以便离线办理 / check cases out for offline work")
    sp.add_argument("cases", nargs="+")
    sp = add(cs, "sync", cmd_sync, "同步：先文件，再日志 / sync: blobs first, then log entries")
    sp.add_argument("cases", nargs="*", help="只同步这些案件 / only these cases")
    sp.add_argument("--watch", type=float, metavar="SECONDS",
                    help="每隔若干秒同步一次，直到中断 / sync every SECONDS until interrupted")
    add(cs, "disconnect", cmd_disconnect, "断开并删除保存的密码 / disconnect and forget the password",
        json_opt=False)
    sp = add(cs, "figures", cmd_figures, "全院审判态势：各法官未结、长期未结、月结案 / court-wide "
                                         "figures per judge")
    sp.add_argument("--long-pending-months", type=int, default=12)
    conn_opts(sp)
    sp = add(cs, "search", cmd_search, "全院卷宗全文检索（按本人可查阅的案件）/ search the text of "
                                       "every page of the cases this user may read, court-wide")
    sp.add_argument("text")
    sp.add_argument("--limit", type=int, default=50)
    conn_opts(sp)
    sp = add(cs, "access", cmd_access, "案件的查阅记录 / who read a case, when")
    sp.add_argument("case")
    conn_opts(sp)

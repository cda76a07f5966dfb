"""Setting up a court store and managing its people: init, users, assignments, who is logged in.

`init` runs once with the server owner's DSN (the court's IT). Users and assignments run on the
administrator's own connection: the administrator's login role may create login roles
(CREATEROLE) and write the user directory, nothing else — it reads no case file it is not shown.
`login_for` and `whoami` serve every desk: the login role of a court user, and who a connection
is logged in as.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

from ...errors import Text, UserError
from . import schema
from .pg import CourtError

NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass
class CourtUser:
    name: str
    role: str
    login: str
    display: str = ""
    active: bool = True
    judges: tuple[str, ...] = ()


@dataclass
class InitResult:
    prefix: str
    migrations: list[str]
    admin: str
    admin_login: str


def check_name(name: str) -> str:
    if not NAME_RE.match(name or ""):
        raise UserError(Text(f"用户名须以小写字母开头，只含小写字母、数字、下划线：{name!r}",
                             f"a user name is lower-case letters, digits and _ starting with a letter: {name!r}"), field="name")
    return name


def default_prefix(conn: psycopg.Connection) -> str:
    return schema.database_prefix(conn.execute("SELECT current_database()").fetchone()[0])


def login_for(dsn: str, user: str) -> str:
    """The login role of a court user: `prefix.name`, the prefix being the database's name unless
    the user gives the full login."""
    if "." in user:
        return user
    if "://" in dsn:
        db = urlsplit(dsn).path.lstrip("/") or "postgres"
    else:
        m = re.search(r"dbname=(\S+)", dsn)
        db = m.group(1).strip("'") if m else "postgres"
    return schema.login_role(schema.database_prefix(db), user)


def whoami(conn: psycopg.Connection) -> tuple[str, str]:
    """The court user and role this connection is logged in as."""
    try:
        row = conn.execute("SELECT name, role FROM court.users WHERE login = current_user AND active"
                           ).fetchone()
    except psycopg.errors.UndefinedTable:
        raise CourtError(Text("这不是法院库（未初始化）", "not a court store: run `workbench court init`")) from None
    except psycopg.errors.InsufficientPrivilege:
        raise CourtError(Text("此账户没有工作台角色", "this account has no workbench role")) from None
    if row is None:
        raise CourtError(Text("此账户没有工作台角色或已停用",
                              "this account has no workbench role or is disabled"))
    return row[0], row[1]


def _login_exists(conn: psycopg.Connection, login: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone() is not None


def init_court(conn: psycopg.Connection, admin: str, password: str, *,
               prefix: str | None = None, display: str = "") -> InitResult:
    """Schema, group roles, row security, and the first administrator (idempotent: a second run
    applies only what is missing and keeps the users)."""
    check_name(admin)
    if not password:
        raise UserError(Text("管理员须有密码", "the administrator needs a password"))
    version = conn.info.server_version
    if version < 150000:
        raise CourtError(Text("法院库需要 PostgreSQL 15 或更高版本",
                              f"PostgreSQL 15+ is needed (server is {version // 10000})"))
    existing = conn.execute("SELECT to_regclass('court.meta')").fetchone()[0]
    prefix = (schema.role_prefix(conn) if existing else None) or prefix or default_prefix(conn)
    applied = schema.apply_migrations(conn, prefix)
    login = schema.login_role(prefix, admin)
    with conn.transaction():
        if not _login_exists(conn, login):
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(
                sql.Identifier(login), sql.Literal(password)))
        conn.execute(sql.SQL("GRANT {} TO {}").format(
            sql.Identifier(schema.group_role(prefix, "admin")), sql.Identifier(login)))
        if version >= 160000:
            # PostgreSQL 16+: a CREATEROLE role may grant only roles it administers; the
            # administrator administers the groups without being a member that inherits them.
            for r in schema.ROLES:
                conn.execute(sql.SQL("GRANT {} TO {} WITH ADMIN OPTION, INHERIT FALSE, SET FALSE")
                             .format(sql.Identifier(schema.group_role(prefix, r)),
                                     sql.Identifier(login)))
        conn.execute("INSERT INTO court.users(name, login, role, display) VALUES (%s,%s,'admin',%s)"
                     " ON CONFLICT (name) DO NOTHING", (admin, login, display))
    return InitResult(prefix, applied, admin, login)


def add_user(conn: psycopg.Connection, name: str, role: str, password: str, *,
             judges: list[str] | tuple[str, ...] = (), display: str = "") -> CourtUser:
    """Create a person's login role in its group and the directory row, in one transaction."""
    check_name(name)
    if role not in schema.ROLES:
        raise UserError(f"未知角色 / unknown role {role!r}; 可用 / known: {', '.join(schema.ROLES)}")
    if judges and role != "clerk":
        raise UserError(Text("只有书记员有所配合的法官", "only a clerk works with judges (--judge)"))
    if not password:
        raise UserError(Text("新用户须有密码", "the new user needs a password"))
    prefix = schema.role_prefix(conn)
    login = schema.login_role(prefix, name)
    try:
        with conn.transaction():
            if conn.execute("SELECT 1 FROM court.users WHERE name = %s", (name,)).fetchone():
                raise UserError(Text(f"用户已存在：{name}", f"the user exists already: {name}"))
            known = {r[0]: r[1] for r in conn.execute(
                "SELECT name, role FROM court.users WHERE name = ANY(%s)", (list(judges),))}
            for j in judges:
                if known.get(j) != "judge":
                    raise UserError(Text(f"{j} 不是本院法官", f"not a judge of this court: {j}"))
            if _login_exists(conn, login):
                raise UserError(Text("数据库中已有同名登录角色", f"a login role {login} exists already"))
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(login), sql.Literal(password)))
            conn.execute(sql.SQL("GRANT {} TO {}").format(
                sql.Identifier(schema.group_role(prefix, role)), sql.Identifier(login)))
            conn.execute("INSERT INTO court.users(name, login, role, display) VALUES (%s,%s,%s,%s)",
                         (name, login, role, display))
            for j in judges:
                conn.execute("INSERT INTO court.clerk_judges(clerk, judge) VALUES (%s, %s)", (name, j))
    except psycopg.errors.InsufficientPrivilege as e:
        raise CourtError(Text(f"只有管理员可以添加用户（{e.diag.message_primary}）",
                              f"only an administrator may add users ({e.diag.message_primary})")
                         ) from None
    return CourtUser(name, role, login, display, True, tuple(judges))


def set_active(conn: psycopg.Connection, name: str, active: bool) -> None:
    """Disable (or re-enable) a person: the login role may no longer log in, and the directory
    row says so; the person's entries in the chains stay as they are."""
    row = conn.execute("SELECT login FROM court.users WHERE name = %s", (name,)).fetchone()
    if row is None:
        raise UserError(Text(f"没有此用户：{name}", f"no such user: {name}"))
    try:
        with conn.transaction():
            conn.execute(sql.SQL("ALTER ROLE {} " + ("LOGIN" if active else "NOLOGIN")).format(
                sql.Identifier(row[0])))
            conn.execute("UPDATE court.users SET active = %s WHERE name = %s", (active, name))
    except psycopg.errors.InsufficientPrivilege:
        raise CourtError(Text("只有管理员可以停用用户", "only an administrator disables users")) from None


def list_users(conn: psycopg.Connection) -> list[CourtUser]:
    judges: dict[str, list[str]] = {}
    for clerk, judge in conn.execute("SELECT clerk, judge FROM court.clerk_judges ORDER BY judge"):
        judges.setdefault(clerk, []).append(judge)
    return [CourtUser(n, r, lg, d, a, tuple(judges.get(n, ())))
            for n, r, lg, d, a in conn.execute(
                "SELECT name, role, login, display, active FROM court.users ORDER BY role, name")]


@dataclass
class Assignment:
    number: str
    cause: str
    judge: str | None
    clerk: str | None


def list_assignments(conn: psycopg.Connection) -> list[Assignment]:
    """Each case the connection's user may see, with its judge and clerk (unassigned first)."""
    return [Assignment(*r) for r in conn.execute(
        "SELECT number, cause, judge_user, clerk_user FROM court.cases"
        " ORDER BY judge_user IS NOT NULL, number")]


def assign(conn: psycopg.Connection, case_number: str, judge: str | None,
           clerk: str | None) -> tuple[str | None, str | None]:
    """Assign a case to a judge and/or a clerk (administrator or president)."""
    roles = {r[0]: r[1] for r in conn.execute("SELECT name, role FROM court.users")}
    for who, want in ((judge, "judge"), (clerk, "clerk")):
        if who is not None and roles.get(who) != want:
            raise UserError(Text(f"{who} 不是本院的{('法官' if want == 'judge' else '书记员')}",
                                 f"not a {want} of this court"))
    sets, params = [], []
    if judge is not None:
        sets.append("judge_user = %s")
        params.append(judge)
    if clerk is not None:
        sets.append("clerk_user = %s")
        params.append(clerk)
    if not sets:
        raise UserError(Text("请给出 --judge 或 --clerk", "give --judge or --clerk"))
    try:
        with conn.transaction():
            cur = conn.execute(f"UPDATE court.cases SET {', '.join(sets)} WHERE number = %s"
                               " RETURNING judge_user, clerk_user", (*params, case_number))
            row = cur.fetchone()
    except psycopg.errors.InsufficientPrivilege:
        raise CourtError(Text("只有管理员或院庭长可以分案",
                              "only an administrator or a president assigns cases")) from None
    if row is None:
        raise CourtError(Text(f"法院库中没有此案，或您无权分配：{case_number}",
                              f"no such case in the court store, or not yours to assign: {case_number}"))
    return row[0], row[1]

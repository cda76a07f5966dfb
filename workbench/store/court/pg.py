"""Connections to the court store (psycopg 3), with the failures a user meets said plainly.

The floors above hold a `Connection` and hand it back to the functions of this package; they
never speak to PostgreSQL themselves (no statement, no psycopg exception outside
workbench/store/court)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg

from ...errors import Text, UserError, WorkbenchError

Connection = psycopg.Connection


class CourtError(UserError):
    """The court store refused or could not be reached; nothing was changed."""


class CourtUnreachable(WorkbenchError):
    """The server could not be reached (network down, server stopped): work offline, sync later."""

    exit_code = 3


def with_user(dsn: str, user: str | None, password: str | None) -> str:
    """The DSN with its user and password replaced (URL form or key=value form)."""
    if "://" in dsn:
        parts = urlsplit(dsn)
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = host + (f":{parts.port}" if parts.port else "")
        if user:
            auth = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
            netloc = auth + "@" + netloc
        elif parts.username:
            netloc = parts.netloc
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    extra = ""
    if user:
        extra += f" user='{user}'"
    if password:
        extra += " password='" + password.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return dsn + extra


def public_dsn(dsn: str) -> str:
    """The DSN without user or password, for settings and messages."""
    if "://" in dsn:
        parts = urlsplit(dsn)
        host = parts.hostname or ""
        netloc = host + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return " ".join(p for p in dsn.split() if not p.startswith(("password=", "user=")))


def _last_line(e: Exception) -> str:
    """The line of a driver message that says what happened (libpq puts it last)."""
    lines = str(e).strip().splitlines()
    return lines[-1] if lines else ""


def end_failed_transaction(conn: psycopg.Connection) -> None:
    """Roll back what a refused statement left open, so the connection serves the next case."""
    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        conn.rollback()


@contextmanager
def lost_during(number: str) -> Iterator[None]:
    """A connection lost while working on case `number` becomes CourtUnreachable. Each step on
    the court store is one server transaction, so nothing is half applied there."""
    try:
        yield
    except psycopg.OperationalError as e:
        raise CourtUnreachable(
            Text(f"与法院库的连接中断（{number}）；两边都没有半途的改动，请稍后再同步（{_last_line(e)}）",
                 f"the connection to the court store was lost during {number}; nothing is half applied on either side; sync again later ({_last_line(e)})")
        ) from None


def connect(dsn: str, *, user: str | None = None, password: str | None = None,
            autocommit: bool = True, timeout: int = 10) -> psycopg.Connection:
    """Open a connection; wrong password, unknown user and a stopped server become messages."""
    try:
        return psycopg.connect(with_user(dsn, user, password), autocommit=autocommit,
                               connect_timeout=timeout, application_name="judge-workbench")
    except psycopg.OperationalError as e:
        text = str(e)
        if "password authentication failed" in text or "no password supplied" in text:
            raise CourtError(Text("用户名或密码错误",
                                  f"wrong user name or password for {user or 'the DSN'}")
                             ) from None
        if "role" in text and "does not exist" in text:
            raise CourtError(Text(f"法院库中没有此用户：{user}", f"no such user in the court store: {user}")) from None
        if "not permitted to log in" in text or "account" in text and "expired" in text:
            raise CourtError(Text("账户已停用", f"the account {user} is disabled or expired")) from None
        if "database" in text and "does not exist" in text:
            raise CourtError(Text(f"法院库不存在：{public_dsn(dsn)}",
                                  f"no such court database: {public_dsn(dsn)}")) from None
        raise CourtUnreachable(Text("无法连接法院库",
                                    f"cannot reach the court store {public_dsn(dsn)}: {_last_line(e)}")) from None

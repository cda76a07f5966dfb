"""The court store's rows a desk reads to decide what to sync, and the hold on a checked-out case.

Row security decides what each query returns: a desk sees the cases its user may see and
nothing else, so "the cases this desk keeps" is a plain query here.
"""

from __future__ import annotations

import psycopg


def case_head(conn: psycopg.Connection, number: str) -> tuple[int, str, str | None] | None:
    """(count, head, holder) of a case on the court store; None if absent or not seen."""
    row = conn.execute("SELECT count, head, holder FROM court.cases WHERE number = %s",
                       (number,)).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def heads(conn: psycopg.Connection, numbers: list[str]) -> dict[str, tuple[int, str]]:
    """Every seen case's (count, head) among `numbers`, in one query."""
    return {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT number, count, head FROM court.cases WHERE number = ANY(%s)", (numbers,))}


def mine(conn: psycopg.Connection) -> list[str]:
    """The cases the court gives this user: assigned as judge or clerk, made by the user, and
    for a clerk those of the judges he or she works with."""
    return [r[0] for r in conn.execute(
        "SELECT number FROM court.cases WHERE judge_user = court.me() OR clerk_user = court.me()"
        " OR created_by = court.me() OR judge_user IN (SELECT judge FROM court.clerk_judges"
        " WHERE clerk = court.me()) ORDER BY number")]


def hold(conn: psycopg.Connection, number: str) -> bool:
    """Mark the case as held by this user (checked out for offline work). False when the role
    may not hold a case (a president reads a copy without holding it)."""
    try:
        with conn.transaction():
            conn.execute("UPDATE court.cases SET holder = court.me(), held_since = now()"
                         " WHERE number = %s", (number,))
    except psycopg.errors.InsufficientPrivilege:
        return False
    return True


def holders(conn: psycopg.Connection, numbers: list[str]) -> dict[str, str | None]:
    """Who holds each of the seen cases among `numbers` (None: nobody)."""
    return {n: holder for n, holder in conn.execute(
        "SELECT c.number, u.name FROM court.cases c LEFT JOIN court.users u"
        " ON u.name = c.holder WHERE c.number = ANY(%s)", (numbers,))}


def my_conflicts(conn: psycopg.Connection) -> list[dict]:
    """The entries this login pushed that could not apply, oldest first."""
    return [dict(zip(("case", "action", "at", "reason"), r)) for r in conn.execute(
        "SELECT case_number, action, at, reason FROM court.conflicts WHERE actor ="
        " current_user ORDER BY reported_at")]

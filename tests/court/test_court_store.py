"""The court store on a real PostgreSQL: init, users and roles, row-level security, the chain
guard, concurrent appenders, the access log."""

from __future__ import annotations

import hashlib
import threading

import psycopg
import pytest

from workbench.court import sync
from workbench.court.replay import state_of
from workbench.store.chain_entry import ChainEntry
from workbench.store.court import admin, chain, schema
from workbench.store.court.pg import CourtError
from workbench.errors import UserError
from workbench.store.eventlog import GENESIS, canonical_json, entry_hash, walk_chain


def test_init_is_named_transactional_and_idempotent(court_db):
    with psycopg.connect(court_db, autocommit=True) as conn:
        first = admin.init_court(conn, "boss", "pw-boss")
        again = admin.init_court(conn, "boss", "pw-boss")
        names = [r[0] for r in conn.execute("SELECT name FROM court.migrations ORDER BY name")]
        groups = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
                                             (first.prefix + ":%",))}
    assert first.migrations == [m[0] for m in schema.MIGRATIONS] == names
    assert again.migrations == []
    assert groups == {f"{first.prefix}:{r}" for r in schema.ROLES}
    from workbench.store.court.pg import connect
    with connect(court_db, user=first.admin_login, password="pw-boss") as conn:
        assert admin.whoami(conn) == ("boss", "admin")


def test_users_and_roles(court):
    with court.conn("boss") as conn:
        users = {u.name: u for u in admin.list_users(conn)}
        assert users["li"].role == "clerk" and users["li"].judges == ("wang",)
        assert users["wang"].login == court.login("wang")
        with pytest.raises(UserError, match="not a judge"):
            admin.add_user(conn, "ma", "clerk", "pw", judges=["li"])
        with pytest.raises(UserError, match="unknown role"):
            admin.add_user(conn, "ma", "janitor", "pw")
        with pytest.raises(UserError, match="exists already"):
            admin.add_user(conn, "wang", "judge", "pw")
    # Only an administrator adds people.
    with court.conn("wang") as conn, pytest.raises(CourtError, match="only an administrator"):
        admin.add_user(conn, "ma", "judge", "pw")
    with court.conn("boss") as conn:
        assert "ma" not in {u.name for u in admin.list_users(conn)}


def test_a_disabled_account_cannot_connect(court, tmp_path):
    with court.conn("boss") as conn:
        admin.set_active(conn, "zhao", False)
    with pytest.raises(CourtError, match="disabled"):
        sync.connect_desk(tmp_path / "d", court.dsn, "zhao", "pw-zhao")
    assert not (tmp_path / "d" / "court.json").exists()
    with court.conn("boss") as conn:
        admin.set_active(conn, "zhao", True)
    assert sync.connect_desk(tmp_path / "d", court.dsn, "zhao", "pw-zhao").role == "judge"


def test_wrong_password_or_no_role_changes_nothing(court, tmp_path, filed_case):
    with pytest.raises(CourtError, match="wrong user name or password"):
        sync.connect_desk(tmp_path / "d", court.dsn, "wang", "wrong")
    with pytest.raises(CourtError, match="wrong user name or password|no such user"):
        sync.connect_desk(tmp_path / "d", court.dsn, "nobody", "x")
    assert not (tmp_path / "d" / "court.json").exists()
    # A login of the cluster that is not a person of this court gets "no role".
    with psycopg.connect(court.owner_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{court.db}.ghost" LOGIN PASSWORD \'pw-ghost\'')
    with pytest.raises(CourtError, match="no workbench role"):
        sync.connect_desk(tmp_path / "d", court.dsn, "ghost", "pw-ghost")
    assert not (tmp_path / "d" / "court.json").exists()


def test_row_security_by_role(court, tmp_path, filed_case):
    a = filed_case(court, tmp_path, 1, judge="wang", clerk="li")
    b = filed_case(court, tmp_path, 2, judge="zhao", clerk=None)
    seen = {}
    for who in ("wang", "zhao", "li", "chen", "dang", "fang", "boss"):
        with court.conn(who) as conn:
            seen[who] = {r[0] for r in conn.execute("SELECT number FROM court.cases")}
            logs = {r[0] for r in conn.execute("SELECT DISTINCT case_number FROM court.log")}
            assert logs == seen[who], who
    assert seen["wang"] == {a} and seen["zhao"] == {b}
    assert seen["li"] == {a}                          # the clerk works with wang only
    assert seen["chen"] == seen["boss"] == {a, b}     # president and administrator: all
    assert seen["dang"] == set()                      # archivist: only concluded cases
    assert seen["fang"] == {a, b}                     # filing desk: the cases it made
    # zhao can neither read wang's case nor append to it, even by hand.
    with court.conn("zhao") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO court.log(case_number, seq, at, action, payload, prev_hash,"
                         " hash) VALUES (%s, 99, 'x', 'x', '{}', 'x', 'x')", (a,))
    # The president reads but does not write.
    with court.conn("chen") as conn:
        head, count = conn.execute("SELECT head, count FROM court.cases WHERE number = %s",
                                   (a,)).fetchone()
        e = ChainEntry(count + 1, "2026-03-03T00:00:00+00:00", "note", canonical_json({}), head,
                       entry_hash(a, count + 1, "2026-03-03T00:00:00+00:00", "note",
                                  canonical_json({}), head))
        with pytest.raises(CourtError, match="may not write"):
            chain.push_case(conn, a, [e], head, rules=state_of)


def test_another_judges_case_is_refused_and_the_attempt_logged(court, tmp_path, filed_case):
    a = filed_case(court, tmp_path)
    wb = court.desk(tmp_path / "zhao", "zhao")
    with pytest.raises(CourtError, match="not assigned to you"):
        sync.checkout(wb, [a])
    with pytest.raises(CourtError, match="no such case"):
        sync.checkout(wb, ["（2026）苏0583民初9999号"])
    assert wb.count_cases() == 0
    with court.conn("chen") as conn:
        rows = conn.execute("SELECT login, outcome FROM court.access WHERE case_number = %s",
                            (a,)).fetchall()
    assert (court.login("zhao"), "denied") in rows


def test_reads_are_logged(court, tmp_path, filed_case):
    a = filed_case(court, tmp_path)
    wb = court.desk(tmp_path / "wang", "wang")
    sync.checkout(wb, [a])
    with court.conn("chen") as conn:
        rows = conn.execute("SELECT login, what, outcome FROM court.access WHERE case_number = %s"
                            " ORDER BY id", (a,)).fetchall()
    assert any(r[0] == court.login("wang") and r[1].startswith("read") and r[2] == "ok"
               for r in rows)
    # A judge sees his own reads only; the president sees everyone's.
    with court.conn("wang") as conn:
        logins = {r[0] for r in conn.execute("SELECT login FROM court.access")}
    assert logins == {court.login("wang")}


def test_chain_guard_refuses_forks_edits_and_deletes(court, tmp_path, filed_case):
    a = filed_case(court, tmp_path)
    with court.conn("wang") as conn:
        head, count = conn.execute("SELECT head, count FROM court.cases WHERE number = %s",
                                   (a,)).fetchone()
        at, p = "2026-03-04T08:00:00+00:00", canonical_json({"n": 1})
        # Not on the head: the entry before the head is named as prev.
        prev = conn.execute("SELECT prev_hash FROM court.log WHERE case_number = %s AND seq = %s",
                            (a, count)).fetchone()[0]
        # A second entry at the head's seq (a fork): the primary key refuses it.
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("INSERT INTO court.log(case_number, seq, at, action, payload, prev_hash,"
                         " hash) VALUES (%s,%s,%s,'note',%s,%s,%s)",
                         (a, count, at, p, prev, entry_hash(a, count, at, "note", p, prev)))
        # The next seq but linked to an older entry: the trigger refuses it.
        with pytest.raises(psycopg.DatabaseError, match="previous hash is not the head"):
            conn.execute("INSERT INTO court.log(case_number, seq, at, action, payload, prev_hash,"
                         " hash) VALUES (%s,%s,%s,'note',%s,%s,%s)",
                         (a, count + 1, at, p, prev, entry_hash(a, count + 1, at, "note", p, prev)))
        with pytest.raises(psycopg.DatabaseError, match="does not recompute"):
            conn.execute("INSERT INTO court.log(case_number, seq, at, action, payload, prev_hash,"
                         " hash) VALUES (%s,%s,%s,'note',%s,%s,%s)",
                         (a, count + 1, at, p, head, "f" * 64))
        with pytest.raises(psycopg.DatabaseError):
            conn.execute("UPDATE court.log SET payload = '{}' WHERE case_number = %s", (a,))
    with psycopg.connect(court.owner_dsn, autocommit=True) as owner:
        # Even the owner cannot rewrite the log without dropping the trigger.
        with pytest.raises(psycopg.DatabaseError, match="append-only"):
            owner.execute("DELETE FROM court.log WHERE case_number = %s", (a,))
        rows = owner.execute("SELECT seq, at, action, payload, prev_hash, hash FROM court.log"
                             " WHERE case_number = %s ORDER BY seq", (a,)).fetchall()
    problem, walked_head, n = walk_chain(
        [dict(zip(("seq", "at", "action", "payload", "prev_hash", "hash"), r)) for r in rows], a,
        lambda r: str(r["seq"]))
    assert problem is None and n == count and walked_head == head


def test_concurrent_appenders_never_fork(court, tmp_path, filed_case):
    a = filed_case(court, tmp_path)
    with court.conn("wang") as conn:
        head, count = conn.execute("SELECT head, count FROM court.cases WHERE number = %s",
                                   (a,)).fetchone()
    n = 6
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def writer(i: int) -> None:
        with court.conn("wang" if i % 2 else "li") as conn:
            at = f"2026-03-05T08:00:0{i}+00:00"
            p = canonical_json({"writer": i})
            e = ChainEntry(count + 1, at, "note", p, head, entry_hash(a, count + 1, at, "note", p, head))
            barrier.wait()
            for _ in range(20):
                try:
                    results[i] = chain.push_case(conn, a, [e], head, rules=state_of)
                    return
                except chain.HeadMoved:
                    continue

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r is not None for r in results)
    assert sum(r.appended for r in results) == 1          # exactly one landed on the old head
    assert sum(r.rechained for r in results) == n - 1     # the others re-chained after it
    with court.conn("chen") as conn:
        rows = conn.execute("SELECT seq, at, action, payload, prev_hash, hash, pushed_by FROM court.log"
                            " WHERE case_number = %s ORDER BY seq", (a,)).fetchall()
    assert len(rows) == count + n
    assert sorted(r[3] for r in rows[count:]) == sorted(canonical_json({"writer": i}) for i in range(n))
    assert {r[6] for r in rows[count:]} == {court.login("wang"), court.login("li")}
    problem, _, walked = walk_chain(
        [dict(zip(("seq", "at", "action", "payload", "prev_hash", "hash"), r[:6])) for r in rows], a,
        lambda r: str(r["seq"]))
    assert problem is None and walked == count + n


def test_entry_hash_in_sql_matches_python(court):
    texts = ["plain", "引号\"与反斜杠\\", "换行\n制表\t回车\r", "控制\x01\x1f字符", "emoji 🙂 \u2028"]
    with psycopg.connect(court.owner_dsn, autocommit=True) as conn:
        for t in texts:
            p = canonical_json({"t": t, "n": [1, 2.5, None, True]})
            sqlh = conn.execute("SELECT court.entry_hash(%s, 3, %s, %s, %s, %s)",
                                ("（2026）苏0583民初1号", t, "act" + t, p, GENESIS)).fetchone()[0]
            assert sqlh == entry_hash("（2026）苏0583民初1号", 3, t, "act" + t, p, GENESIS), t
            # With the acting user: the same canonical body with "actor" among its keys.
            body = canonical_json({"case": "（2026）苏0583民初1号", "seq": 3, "at": t, "action": "a",
                                   "payload": p, "prev": GENESIS, "actor": "王" + t})
            want = hashlib.sha256(body.encode("utf-8")).hexdigest()
            got = conn.execute("SELECT court.entry_hash(%s, 3, %s, 'a', %s, %s, %s)",
                               ("（2026）苏0583民初1号", t, p, GENESIS, "王" + t)).fetchone()[0]
            assert got == want, t


def test_court_wide_figures_follow_row_security(court, tmp_path, filed_case):
    from datetime import date
    from workbench.store.court.figures import court_figures
    a = filed_case(court, tmp_path, 11, judge="wang", clerk="li")
    filed_case(court, tmp_path, 12, judge="zhao", clerk=None)
    judge = court.desk(tmp_path / "wang", "wang")
    sync.checkout(judge, [a])
    judge.record_event(a, "accepted", "2026-03-03")
    judge.record_event(a, "concluded", "2026-05-01")
    assert not sync.sync(judge).errors
    with court.conn("chen") as conn:
        f = court_figures(conn, today=date(2027, 3, 10))
    by = {r.judge: r for r in f.rows}
    assert f.cases == 2 and set(by) == {"wang", "zhao"}
    assert by["wang"].pending == 0 and by["wang"].concluded == {"2026-05": 1}
    assert by["zhao"].pending == 1 and by["zhao"].long_pending == 1   # filed 2026-03-02
    assert f.long_pending_cases == ["（2026）苏0583民初12号"]
    with court.conn("wang") as conn:
        mine = court_figures(conn, today=date(2027, 3, 10))
    assert [r.judge for r in mine.rows] == ["wang"] and mine.cases == 1

"""Desks that sync with one court store: two data directories, one real PostgreSQL."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys

import pytest

from workbench.court import desk, sync
from workbench.store.court import admin, chain
from workbench.store.court.pg import CourtError, CourtUnreachable


def _chain(wb, number):
    return [(r[0], r[1]) for r in wb.db.query(
        "SELECT seq, hash FROM log WHERE case_id = ? ORDER BY seq", (wb.case_id(number),))]


def _server_chain(court, number):
    with court.conn("chen") as conn:
        return [(s, h) for s, h in chain.hashes(conn, number)]


def test_connect_keeps_no_plain_password_and_disconnect_forgets(court, tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_PASSWORD", raising=False)
    d = tmp_path / "desk"
    s = sync.connect_desk(d, court.dsn, "wang", "pw-wang")
    assert (s.user, s.role, s.login) == ("wang", "judge", court.login("wang"))
    settings = (d / "court.json").read_text(encoding="utf-8")
    assert "pw-wang" not in settings
    # No keyring backend in CI: the protected file.
    assert s.password_in == "file"
    assert stat.S_IMODE((d / "court.secret").stat().st_mode) == 0o600
    assert desk.read_password(d, desk.load(d)) == "pw-wang"
    desk.forget(d)
    assert not (d / "court.json").exists() and not (d / "court.secret").exists()


def test_clerk_filing_reaches_the_judges_desk(court, tmp_path, make_case):
    clerk = court.desk(tmp_path / "clerk", "li")
    number = make_case(clerk)
    # The court's own papers of acceptance (受理案件通知书, 交纳诉讼费用通知书), rendered PDFs.
    clerk.record_event(number, "accepted", "2026-03-03")
    assert not sync.sync(clerk).errors
    with court.conn("boss") as conn:
        admin.assign(conn, number, "wang", "li")
    judge = court.desk(tmp_path / "judge", "wang")
    rep = sync.sync(judge)
    assert [c.number for c in rep.cases] == [number] and rep.cases[0].how == "appended"
    assert [d.title for d in judge.catalogue(number)] == [d.title for d in clerk.catalogue(number)]
    assert judge.catalogue(number)
    assert judge.case(number).status == clerk.case(number).status
    doc = judge.catalogue(number)[0]
    assert judge.document_pdf(doc.document_id) == clerk.document_pdf(doc.document_id)
    assert judge.verify().ok and clerk.verify().ok
    # The clerk files more; the judge's next sync brings just that.
    clerk.record_event(number, "complaint_served", "2026-03-04")
    sync.sync(clerk)
    rep = sync.sync(judge)
    assert rep.cases[0].how == "appended" and rep.cases[0].pulled > 0
    assert _chain(judge, number) == _chain(clerk, number) == _server_chain(court, number)
    assert judge.verify().ok


def test_offline_edits_on_both_sides_are_replayed_and_conflicts_kept(court, tmp_path, filed_case):
    number = filed_case(court, tmp_path)
    judge = court.desk(tmp_path / "judge", "wang")
    clerk = court.desk(tmp_path / "clerk", "li")
    sync.checkout(clerk, [number])
    # The clerk brings the case to its hearing; both desks then hold it.
    clerk.record_event(number, "accepted", "2026-03-03")
    clerk.record_event(number, "complaint_served", "2026-03-04")
    clerk.record_event(number, "summons_served", "2026-03-06", data={"hearing_on": "2026-04-01"})
    assert not sync.sync(clerk).errors
    sync.checkout(judge, [number])
    base = len(_server_chain(court, number))
    # Both work offline.
    clerk.record_event(number, "evidence_submitted", "2026-03-20")
    clerk.record_event(number, "concluded", "2026-05-01")
    judge.record_event(number, "hearing", "2026-04-01")
    judge.record_event(number, "concluded", "2026-05-02")
    # The clerk comes back first: a fast-forward, nothing re-chained.
    r1 = sync.sync(clerk)
    assert r1.cases[0].rechained == 0 and r1.cases[0].appended > 0 and not r1.conflicts
    clerk_head = _server_chain(court, number)
    # The judge's entries still apply except the second conclusion.
    r2 = sync.sync(judge)
    c = r2.cases[0]
    assert c.how == "rebuilt" and c.rechained > 0
    assert [k.action for k in c.conflicts] == ["event.recorded"]
    assert "concluded" in c.conflicts[0].reason
    server = _server_chain(court, number)
    assert server[:len(clerk_head)] == clerk_head          # nothing rewritten
    assert _chain(judge, number) == server
    kinds = sorted(e.kind for e in judge.events(number))
    assert kinds.count("concluded") == 1 and "hearing" in kinds and "accepted" in kinds
    sync.sync(clerk)
    assert _chain(clerk, number) == server
    assert judge.verify().ok and clerk.verify().ok
    # The conflict is kept on the court store and shown to the judge.
    st = sync.status(judge)
    assert [x["action"] for x in st.conflicts] == ["event.recorded"] and not st.pending
    # Syncing again changes nothing and reports nothing new.
    again = sync.sync(judge)
    assert again.cases[0].how == "same" and not again.conflicts
    assert len(_server_chain(court, number)) == len(server) > base


def test_pending_changes_and_holder_in_status(court, tmp_path, filed_case):
    number = filed_case(court, tmp_path)
    judge = court.desk(tmp_path / "judge", "wang")
    sync.checkout(judge, [number])
    synced = len(_chain(judge, number))
    assert sync.status(judge, online=False).pending == {}
    judge.record_event(number, "accepted", "2026-03-03")
    st = sync.status(judge, online=False)
    assert st.pending == {number: len(_chain(judge, number)) - synced} and number in st.checked_out
    assert st.pending[number] >= 1
    st = sync.status(judge)
    assert st.reachable and st.checked_out[number] == "wang"


def test_a_hand_edited_local_chain_cannot_be_pushed(court, tmp_path, filed_case):
    number = filed_case(court, tmp_path)
    judge = court.desk(tmp_path / "judge", "wang")
    sync.checkout(judge, [number])
    judge.record_event(number, "accepted", "2026-03-03")
    judge.close()
    db = sqlite3.connect(tmp_path / "judge" / "workbench.db")
    db.execute("UPDATE log SET payload = replace(payload, '2026-03-03', '2026-03-09')"
               " WHERE action = 'event.recorded'")
    db.commit()
    db.close()
    from workbench.service import Workbench
    judge = Workbench.open(tmp_path / "judge")
    before = _server_chain(court, number)
    rep = sync.sync(judge)
    assert rep.errors and "entry altered" in rep.errors[0] and "event.recorded" in rep.errors[0]
    assert _server_chain(court, number) == before


def _cli(data_dir, *args, password=None):
    """A separate workbench process on `data_dir`."""
    env = dict(os.environ)
    env.pop("WORKBENCH_PASSWORD", None)
    if password:
        env["WORKBENCH_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "workbench.cli", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=env, timeout=300)


def _main(monkeypatch, capsys, data_dir, *args, password=None):
    """The same CLI in this process (for the steps that need no second process)."""
    from workbench.cli import main
    if password:
        monkeypatch.setenv("WORKBENCH_PASSWORD", password)
    else:
        monkeypatch.delenv("WORKBENCH_PASSWORD", raising=False)
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_two_workbench_processes_one_court_store(court, tmp_path, monkeypatch, capsys):
    clerk, judge = tmp_path / "clerk", tmp_path / "judge"
    r = _cli(clerk, "court", "connect", court.dsn, "--user", "li", password="pw-li")
    assert r.returncode == 0, r.stderr
    code, _, err = _main(monkeypatch, capsys, judge, "court", "connect", court.dsn, "--user", "wang",
                         password="wrong")
    assert code == 2 and "wrong user name or password" in err
    assert not (judge / "court.json").exists()
    r = _cli(judge, "court", "connect", court.dsn, "--user", "wang", password="pw-wang")
    assert r.returncode == 0, r.stderr
    number = "（2026）苏0583民初77号"
    r = _cli(clerk, "case", "new", "--number", number, "--cause", "民间借贷纠纷",
             "--court", "江苏省昆山市人民法院", "--plaintiff", "张三", "--defendant", "李四",
             "--amount", "30000", "--filed-on", "2026-03-02", "--judge", "王法官", "--file-event")
    assert r.returncode == 0, r.stderr
    r = _cli(clerk, "event", number, "accepted", "--on", "2026-03-03")   # files the notices
    assert r.returncode == 0, r.stderr
    r = _cli(clerk, "court", "sync", "--json")
    assert r.returncode == 0, r.stderr
    code, _, err = _main(monkeypatch, capsys, clerk, "court", "assign", number, "--judge", "wang",
                         "--clerk", "li", "--dsn", court.dsn, "--user", "boss", password="pw-boss")
    assert code == 0, err
    r = _cli(judge, "court", "sync", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["cases"][0]["number"] == number
    code, out, _ = _main(monkeypatch, capsys, judge, "case", "show", number, "--json")
    assert json.loads(out)["catalogue"]["正卷"], "the clerk's filings reached the judge's desk"
    for d in (clerk, judge):
        code, out, err = _main(monkeypatch, capsys, d, "verify")
        assert code == 0, out + err
    code, out, _ = _main(monkeypatch, capsys, judge, "court", "status", "--json")
    st = json.loads(out)
    assert st["connected"] and st["user"] == "wang" and st["reachable"]
    code, out, _ = _main(monkeypatch, capsys, judge, "court", "user", "list", "--json")
    assert {u["name"] for u in json.loads(out)} >= {"wang", "li", "boss"}
    code, out, _ = _main(monkeypatch, capsys, judge, "court", "access", number, "--dsn", court.dsn,
                         "--user", "chen", "--json", password="pw-chen")
    assert any(a["login"] == court.login("wang") for a in json.loads(out))
    assert _main(monkeypatch, capsys, judge, "court", "disconnect")[0] == 0
    assert not (judge / "court.json").exists()


def test_kill_9_mid_sync_then_a_clean_resync(court, tmp_path, filed_case, make_case):
    """A desk killed while uploading leaves the court store without any of its entries (or
    with all of them); the next sync completes; both sides verify."""
    import time
    d = tmp_path / "clerk"
    clerk = court.desk(d, "li")
    numbers = [make_case(clerk, 500 + i) for i in range(3)]
    for n in numbers:
        for kind, on in (("filed", None), ("accepted", "2026-03-03"),
                         ("complaint_served", "2026-03-04")):
            clerk.record_event(n, kind, on)
    local_counts = {n: len(_chain(clerk, n)) for n in numbers}
    clerk.close()
    env = dict(os.environ, WORKBENCH_PASSWORD="pw-li")
    import psycopg
    proc = subprocess.Popen([sys.executable, "-m", "workbench.cli", "--data-dir", str(d),
                             "court", "sync"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    # Kill it as soon as its first file reached the server: uploads and pushes are under way.
    with psycopg.connect(court.owner_dsn, autocommit=True) as owner:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if owner.execute("SELECT count(*) FROM court.blobs").fetchone()[0]:
                break
            time.sleep(0.01)
    proc.kill()
    proc.wait()
    assert proc.returncode == -9, "the sync finished before it could be killed"
    with court.conn("boss") as conn:   # whatever arrived, arrived whole
        for n in numbers:
            row = conn.execute("SELECT count FROM court.cases WHERE number = %s", (n,)).fetchone()
            if row is not None:
                assert row[0] in (0, local_counts[n]), (n, row)
    from workbench.service import Workbench
    clerk = Workbench.open(d)
    assert clerk.verify().ok
    rep = sync.sync(clerk)
    assert not rep.errors and not rep.conflicts
    for n in numbers:
        assert _chain(clerk, n) == _server_chain(court, n)
    assert clerk.verify().ok
    judge = court.desk(tmp_path / "judge", "wang")
    with court.conn("boss") as conn:
        for n in numbers:
            admin.assign(conn, n, "wang", None)
    sync.sync(judge)
    assert judge.verify().ok and judge.count_cases() == 3


def test_server_stopped_mid_sync_then_resync(court, tmp_path, make_case, pg_cluster):
    d = tmp_path / "clerk"
    clerk = court.desk(d, "li")
    number = make_case(clerk, 601)
    clerk.record_event(number, "filed")
    # Stop the server between the blob upload and the push: the blobs are there, no entry.
    real_push = chain.push_case

    def push_then_stop(*a, **kw):
        pg_cluster.stop("immediate")
        return real_push(*a, **kw)

    chain.push_case = push_then_stop
    try:
        with pytest.raises(CourtUnreachable, match="nothing is half applied"):
            sync.sync(clerk)
    finally:
        chain.push_case = real_push
        pg_cluster.start()
    assert clerk.verify().ok
    rep = sync.sync(clerk)
    assert not rep.errors
    assert _chain(clerk, number) == _server_chain(court, number)


def test_not_connected_is_a_clear_message(wb):
    with pytest.raises(CourtError.__mro__[1], match="not connected"):
        sync.sync(wb)


def test_scanned_pages_with_their_text_reach_the_judge(court, tmp_path, filed_case, scans):
    from workbench.intake.search import search
    number = filed_case(court, tmp_path)
    clerk = court.desk(tmp_path / "clerk", "li")
    sync.sync(clerk)
    doc_id = scans(clerk, number, pages=3, seed=42)
    assert not sync.sync(clerk).errors
    judge = court.desk(tmp_path / "judge", "wang")
    sync.sync(judge)
    rows = judge.db.query("SELECT idx, blob, text FROM pages WHERE document_id = ? ORDER BY idx",
                          (doc_id,))
    want = clerk.db.query("SELECT idx, blob, text FROM pages WHERE document_id = ? ORDER BY idx",
                          (doc_id,))
    assert [tuple(r) for r in rows] == [tuple(r) for r in want] and len(rows) == 3
    hits = search(judge.db.conn, "今借到张三人民币42")
    assert {h.document_id for h in hits} == {doc_id}
    assert judge.verify().ok and clerk.verify().ok


def test_a_change_made_while_syncing_is_kept_for_the_next_sync(court, tmp_path, filed_case,
                                                                monkeypatch):
    number = filed_case(court, tmp_path)
    judge = court.desk(tmp_path / "judge", "wang")
    sync.checkout(judge, [number])
    judge.record_event(number, "accepted", "2026-03-03")
    real_read = chain.read_case

    def read_while_the_judge_writes(conn, n, after=0):
        out = real_read(conn, n, after)
        judge.record_event(number, "complaint_served", "2026-03-04")   # the GUI writes meanwhile
        return out

    monkeypatch.setattr(chain, "read_case", read_while_the_judge_writes)
    rep = sync.sync(judge)
    assert rep.cases[0].how == "changed"
    monkeypatch.setattr(chain, "read_case", real_read)
    assert {"accepted", "complaint_served"} <= {e.kind for e in judge.events(number)}
    sync.sync(judge)
    assert _chain(judge, number) == _server_chain(court, number)
    assert {"accepted", "complaint_served"} <= {e.kind for e in judge.events(number)}
    assert judge.verify().ok

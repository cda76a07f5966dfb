"""The stores under the e-file: atomic files, blobs, migrations and the hash-chained log."""

from __future__ import annotations

import os
import sqlite3

import pytest

from workbench.store.blobs import BlobStore, sha256_bytes
from workbench.store.db import Database
from workbench.files import atomic_write_bytes
from workbench.store import eventlog


def test_atomic_write_leaves_no_temp_file_and_keeps_old_content_on_failure(tmp_path):
    target = tmp_path / "a.txt"
    atomic_write_bytes(target, b"old")

    def broken():
        yield b"new"
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic_write_bytes(target, broken())
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_blob_is_named_by_its_sha256_and_stored_once(tmp_path):
    store = BlobStore(tmp_path / "blobs")
    a = store.put(b"page one")
    b = store.put(b"page one")
    assert a == b == sha256_bytes(b"page one")
    assert store.get(a) == b"page one"
    files = [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]
    assert len(files) == 1
    assert store.check(a) is None
    store.path(a).write_bytes(b"page 0ne")
    assert store.check(a) == "altered"
    store.path(a).unlink()
    assert store.check(a) == "missing"


def test_migrations_are_named_recorded_and_applied_once(tmp_path):
    db = Database(tmp_path / "w.db")
    assert db.migrations_applied[:2] == ["0001_initial", "0002_pages_and_search"]
    db.close()
    db = Database(tmp_path / "w.db")
    assert db.migrations_applied == []
    assert [r[0] for r in db.query("SELECT name FROM _migrations")][:2] == ["0001_initial", "0002_pages_and_search"]
    assert db.one("PRAGMA journal_mode")[0] == "wal"


def test_a_migration_with_a_trigger_applies_in_one_transaction(tmp_path, monkeypatch):
    from workbench.store import migrations

    def with_trigger(conn):
        migrations._run_script(conn, """
            CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, edits INTEGER DEFAULT 0);
            -- a comment; with a semicolon
            CREATE TRIGGER notes_edited AFTER UPDATE OF body ON notes BEGIN
                UPDATE notes SET edits = edits + 1 WHERE id = NEW.id;
                SELECT 'a ; inside a string';
            END;
            INSERT INTO notes(body) VALUES ('one; two');
        """)

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("9999_notes", with_trigger)])
    db = Database(tmp_path / "w.db")
    assert db.migrations_applied[-1] == "9999_notes"
    db.conn.execute("UPDATE notes SET body = 'three' WHERE id = 1")
    assert tuple(db.one("SELECT body, edits FROM notes")) == ("three", 1)
    db.close()

    def broken(conn):
        migrations._run_script(conn, "CREATE TABLE half (x); CREATE TRIGGER t AFTER INSERT ON half "
                                     "BEGIN SELECT 1; END; INSERT INTO no_such_table VALUES (1);")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("9999_broken", broken)])
    with pytest.raises(sqlite3.OperationalError):
        Database(tmp_path / "other.db")
    conn = sqlite3.connect(tmp_path / "other.db")
    assert conn.execute("SELECT name FROM sqlite_master WHERE name IN ('half', 't')").fetchall() == []
    assert ("9999_broken",) not in conn.execute("SELECT name FROM _migrations").fetchall()


def test_transaction_rolls_back_the_whole_change(tmp_path):
    db = Database(tmp_path / "w.db")
    with pytest.raises(RuntimeError):
        with db.transaction():
            db.conn.execute("INSERT INTO settings(key, value) VALUES ('a', '1')")
            with db.transaction():
                db.conn.execute("INSERT INTO settings(key, value) VALUES ('b', '2')")
            raise RuntimeError("power cut")
    assert db.query("SELECT * FROM settings") == []


def _case_row(db: Database) -> int:
    return db.conn.execute(
        "INSERT INTO cases(number, year, court_code, type_code, seq, court_name, cause, procedure,"
        " filed_on, created_at, updated_at) VALUES ('（2026）苏0583民初1号', 2026, '苏0583', '民初', 1,"
        " '法院', '纠纷', 'simple', '2026-01-01', 'now', 'now')").lastrowid


def test_log_chain_links_each_entry_to_the_previous_and_detects_edits(tmp_path):
    db = Database(tmp_path / "w.db")
    number = "（2026）苏0583民初1号"
    with db.transaction():
        cid = _case_row(db)
        first = eventlog.append(db.conn, cid, number, "t1", "case.created", {"x": 1})
        second = eventlog.append(db.conn, cid, number, "t2", "event.recorded", {"y": "二"})
    assert first.prev_hash == eventlog.GENESIS
    assert second.prev_hash == first.hash
    head = db.one("SELECT log_head, log_count FROM cases WHERE id = ?", (cid,))
    assert tuple(head) == (second.hash, 2)
    assert eventlog.verify_chain(db.conn, cid, number, second.hash, 2) == []

    raw = sqlite3.connect(tmp_path / "w.db")
    raw.execute("UPDATE log SET payload = '{\"x\":2}' WHERE seq = 1")
    raw.commit()
    problems = eventlog.verify_chain(db.conn, cid, number, second.hash, 2)
    assert len(problems) == 1 and "第 1 条" in problems[0] and "altered" in problems[0]


def test_deleting_the_last_log_entry_is_detected(tmp_path):
    db = Database(tmp_path / "w.db")
    number = "（2026）苏0583民初1号"
    with db.transaction():
        cid = _case_row(db)
        eventlog.append(db.conn, cid, number, "t1", "case.created", {})
        last = eventlog.append(db.conn, cid, number, "t2", "event.recorded", {})
    db.conn.execute("DELETE FROM log WHERE seq = 2")
    problems = eventlog.verify_chain(db.conn, cid, number, last.hash, 2)
    assert problems and "truncated" in problems[0]

"""Issue 11 item 1: everything a user sees of a case is derived from the log or checked against it.

Every column of every case table (enumerated from PRAGMA table_info, so a column added later is
edited too) is changed with sqlite3, one at a time, and `verify` must name it. Only the columns and
tables in ALLOWED are not compared, each with its reason.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date

import pytest

from test_archive import complete, demo, judgment_pdf, sealed  # noqa: F401
from workbench.cli import main
from workbench.service import ReadOnlyCase, ReadyDocument, ScannedFiling, ScannedPage, Workbench
from workbench.service.audit import columns

NUMBER = "（2026）苏0583民初1234号"
ALLOWED = {
    ("parties", "id"): "row id only; parties are matched by position",
    ("pages", "id"): "row id only; pages are matched by (document, page) and the index follows",
    ("log", "id"): "row id only; the chain is walked by seq and the hash covers the content",
}
# The derived search indexes of pages.text (trigram, and the n-gram one for short queries).
INDEX_TABLES = {"pages_fts", "pages_fts_data", "pages_fts_idx", "pages_fts_content",
                "pages_fts_docsize", "pages_fts_config", "pages_ngram", "pages_ngram_data",
                "pages_ngram_idx", "pages_ngram_docsize", "pages_ngram_config"}
# Issue 13's queues: compared by verify (service/audit.py) but this fixture files no delivery or
# preservation yet, so their columns are not edited here (a gap to close with a queue fixture).
QUEUE_TABLES = {"delivery_tasks", "delivery_attempts", "preservation_matters", "preservation_measures"}
NOT_CASE_TABLES = {"_migrations", "settings", "intake_corrections"}  # no case's content


@pytest.fixture(scope="module")
def template(tmp_path_factory, example_path):
    d = tmp_path_factory.mktemp("cols") / "data"
    with Workbench(d) as wb:
        wb.import_case(json.loads(example_path.read_text(encoding="utf-8")))
        pdf = judgment_pdf(d.parent / "s.pdf").read_bytes()
        ready = ReadyDocument("正卷", "evidence", "借条", "原告", 0, wb.blobs.put(pdf), 2,
                              "scanned", "scan.pdf")
        page_blob = wb.blobs.put(b"page image bytes")
        wb.file_scanned([ScannedFiling(NUMBER, ready, "2026-03-07", [
            ScannedPage(page_blob, "借条 今借到", 0.93, 90, "ocr", "ab" * 32, 1, "scan.pdf"),
            ScannedPage(None, "第二页", 0.5, 0, "ocr", "ab" * 32, 2, "scan.pdf")])])
        assert wb.verify().ok, wb.verify().problems
    return d


@pytest.fixture(scope="module")
def example_path():
    from pathlib import Path
    return Path(__file__).parent / "data" / "example_case.json"


def _edits(db_path):
    conn = sqlite3.connect(db_path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    out = []
    for table in tables:
        if table in INDEX_TABLES or table in NOT_CASE_TABLES:
            continue
        for col in columns(conn, table):
            if (table, col) in ALLOWED:
                continue
            out.append((table, col))
    conn.close()
    return out


def _changed(v):
    if isinstance(v, int):
        return v + 1000003
    if isinstance(v, float):
        return v / 2
    if v is None:
        return "x"
    if v[:1] in "{[":
        return v.replace("0", "9", 1) if "0" in v else v[:-1] + ('"x":1}' if v == "{}" else ',"x":1}')
    return v + "X" if v else "X"


def test_every_column_is_enumerated_and_no_table_is_forgotten(template):
    edits = _edits(template / "workbench.db")
    assert {t for t, _ in edits} == {"cases", "parties", "events", "documents", "pages", "log",
                                     *QUEUE_TABLES}
    assert len(edits) > 60


def test_every_column_of_every_case_table_edited_alone_is_named(template, tmp_path):
    missed = []
    for table, col in _edits(template / "workbench.db"):
        if table in QUEUE_TABLES:
            continue
        d = tmp_path / f"{table}.{col}"
        shutil.copytree(template, d)
        conn = sqlite3.connect(d / "workbench.db")
        rowid, value = conn.execute(f'SELECT rowid, "{col}" FROM "{table}" ORDER BY rowid LIMIT 1'
                                    ).fetchone()
        conn.execute(f'UPDATE "{table}" SET "{col}" = ? WHERE rowid = ?', (_changed(value), rowid))
        conn.commit()
        conn.close()
        with Workbench(d) as wb:
            rep = wb.verify()
        text = "\n".join(rep.problems)
        if rep.ok or not (col in text or "row" in text or "日志" in text):
            missed.append(f"{table}.{col}")
        shutil.rmtree(d)
    assert not missed, f"verify did not notice: {missed}"


@pytest.mark.parametrize("sql,named", [
    ("UPDATE cases SET facts = replace(facts, '80000.00', '999999.00')", "cases.facts"),
    ("UPDATE parties SET name = '李鬼' WHERE position = 0", "parties.name"),
    ("UPDATE parties SET id_number = '320583199001011234' WHERE position = 0", "parties.id_number"),
    ("UPDATE cases SET plaintiffs = '李鬼'", "cases.plaintiffs"),
    ("UPDATE cases SET status = 'concluded'", "cases.status"),
])
def test_the_issue_s_forgeries_are_named(template, tmp_path, sql, named):
    d = tmp_path / "d"
    shutil.copytree(template, d)
    conn = sqlite3.connect(d / "workbench.db")
    assert conn.execute(sql).rowcount == 1
    conn.commit()
    conn.close()
    assert main(["--data-dir", str(d), "verify"]) == 1


def test_status_flipped_by_sql_does_not_reopen_an_archived_case(sealed, tmp_path):
    wb, number, _ = sealed
    conn = sqlite3.connect(wb.data_dir / "workbench.db")
    conn.execute("UPDATE cases SET status = 'concluded' WHERE number = ?", (number,))
    conn.commit()
    conn.close()
    with pytest.raises(ReadOnlyCase):
        wb.file_document(number, judgment_pdf(tmp_path / "x.pdf").read_bytes(), "evidence",
                         title="事后补入")
    assert any("status" in p for p in wb.verify(number).problems)


def test_entries_after_the_archive_seal_are_flagged(sealed, tmp_path):
    """An entry slipped in after the seal (here: written past the service, as sqlite3 would,
    with a chain recomputed so the hashes hold) is named."""
    wb, number, _ = sealed
    from workbench.store import eventlog
    cid = wb.case_id(number)
    with wb.db.transaction() as conn:
        conn.execute("UPDATE cases SET status = 'concluded' WHERE id = ?", (cid,))
        eventlog.append(conn, cid, number, "2099-01-01T00:00:00+00:00", "transcript.saved",
                        {"transcript_blob": None, "audio_blob": None, "previous": None,
                         "utterances": 0, "edited": 0})
        conn.execute("UPDATE cases SET status = 'archived' WHERE id = ?", (cid,))
    problems = wb.verify(number).problems
    assert any("归档封存之后" in p and "after the archive seal" in p for p in problems), problems

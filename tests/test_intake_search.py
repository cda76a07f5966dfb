"""Full-text search: Chinese substrings of any length, amounts however written, generated
documents indexed from their text layer. No OCR here: pages are inserted as filing inserts them."""

from __future__ import annotations

import json

from workbench.cli import main
from workbench.store import fulltext as search


def _page(wb, case_ref, text: str, title: str = "证据") -> int:
    from workbench.service import ReadyDocument, ScannedFiling, ScannedPage
    case = wb.case(case_ref)
    [doc] = wb.file_scanned([ScannedFiling(
        case.number, ReadyDocument("正卷", "evidence", title, "", 0, "0" * 64, 1, "scanned"),
        "2026-03-05", [ScannedPage(None, text, None, 0, "", None, None, None)])])
    return doc


def test_normalise_makes_written_forms_meet():
    assert search.normalise("借款 50,000.00 元") == "借款50000.00元"
    assert search.normalise("（２０２６）苏0583民初 1234号") == "(2026)苏0583民初1234号"
    assert search.normalise("1,2345") == "1,2345"  # not a thousands separator


def test_search_finds_names_amounts_and_case_numbers(wb, example_doc):
    wb.import_case(example_doc)
    doc = _page(wb, example_doc["case_number"], "今借到王建国人民币50,000元\n借款人：赵 强")
    _page(wb, example_doc["case_number"], "无关的页面，只有法院的名称", "其他")
    conn = wb.db.conn
    for q in ("王建国", "50000", "50,000元", "赵强", "王建", "借到 50000"):
        hits = search.search(conn, q)
        assert [h.document_id for h in hits] == [doc], q
    assert search.search(conn, "李四") == []
    assert search.search(conn, "   ") == []
    hit = search.search(conn, "王建国")[0]
    assert hit.case_number == example_doc["case_number"] and hit.page == 1 and "王建国" in hit.snippet
    assert search.search(conn, "王建国", case_id=hit.case_id + 99) == []


def test_generated_documents_are_indexed_from_their_pdf(tmp_path, example_path, capsys):
    data = tmp_path / "data"
    main(["--data-dir", str(data), "case", "import", str(example_path)])
    capsys.readouterr()
    assert main(["--data-dir", str(data), "search", "昆山市宏达贸易", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all(h["case_number"] == "（2026）苏0583民初1234号" for h in hits)
    assert main(["--data-dir", str(data), "verify"]) == 0


def test_one_and_two_character_queries_use_the_ngram_index(wb, example_doc):
    wb.import_case(example_doc)
    doc = _page(wb, example_doc["case_number"], "借款人：欧阳振翔 收到人民币（67,891.35元）")
    other = _page(wb, example_doc["case_number"], "原告王伟诉被告李强民间借贷纠纷", "其他")
    conn = wb.db.conn
    for q in ("欧", "欧阳", "翔", "6", "67", "欧阳 67891.35", "振翔 收到", "王", "王伟 民间借贷"):
        hits = search.search(conn, q)
        assert hits, q
    assert [h.document_id for h in search.search(conn, "欧阳")] == [doc]
    assert [h.document_id for h in search.search(conn, "王伟 纠纷")] == [other]
    assert search.search(conn, "欧阳 纠纷") == []  # every term must be on the same page
    assert search.search(conn, "龘") == []
    # A two-character query is answered by the n-gram index, not by scanning the pages.
    steps = search.plan(conn, ["欧阳"])
    assert steps[0][0] == "pages_ngram" and steps[0][2] == 1
    page_id = search.search(conn, "欧阳")[0].page_id
    with wb.db.transaction() as c:
        search.unindex_page(c, page_id)
    assert search.search(conn, "欧阳") == [] and search.search(conn, "欧阳振翔") == []


def test_the_migration_indexes_pages_filed_before_it(tmp_path):
    """A data directory from before the n-gram index gets it filled from the pages it holds."""
    import sqlite3

    from workbench.store import migrations

    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    done = [m for m in migrations.MIGRATIONS if m[0] != "0006_search_ngrams"]
    saved = migrations.MIGRATIONS
    try:
        migrations.MIGRATIONS = done
        migrations.apply_migrations(conn, "2026-01-01T00:00:00")
        conn.execute("INSERT INTO pages_fts(rowid, body) VALUES (7, ?)", (search.normalise("被告欧阳振翔"),))
        migrations.MIGRATIONS = saved
        assert migrations.apply_migrations(conn, "2026-01-02T00:00:00") == ["0006_search_ngrams"]
    finally:
        migrations.MIGRATIONS = saved
    assert conn.execute("SELECT rowid FROM pages_ngram WHERE pages_ngram MATCH '\"欧阳\"'").fetchall() == [(7,)]

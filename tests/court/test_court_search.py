"""Full-text search over the whole court's pages (issue 10): a desk finds words in the scanned
pages of every case its user may read, and in no other; the president in every case."""

from __future__ import annotations

import json

from workbench.court import sync
from workbench.store.court.search import search_court

from test_sync import _main


def _two_cases(court, tmp_path, filed_case, scans):
    """wang's case with the clerk's scans (seed 42) and zhao's case with zhao's own (seed 77)."""
    mine = filed_case(court, tmp_path, seq=1301)
    other = filed_case(court, tmp_path, seq=1302, judge="zhao", clerk=None)
    clerk = court.desk(tmp_path / "clerk", "li")
    sync.sync(clerk)
    scans(clerk, mine, pages=2, seed=42)
    assert not sync.sync(clerk).errors
    zhao = court.desk(tmp_path / "zhao", "zhao")
    sync.sync(zhao)
    scans(zhao, other, pages=1, seed=77)
    assert not sync.sync(zhao).errors
    clerk.close()
    zhao.close()
    return mine, other


def test_each_user_finds_only_what_he_may_read(court, tmp_path, filed_case, scans):
    mine, other = _two_cases(court, tmp_path, filed_case, scans)
    with court.conn("wang") as conn:
        hits = search_court(conn, "人民币42元")
        assert {(h.case_number, h.page) for h in hits} == {(mine, 1), (mine, 2)}
        assert all(h.title == "借条（42）" and "今借到张三人民币42元" in h.snippet for h in hits)
        assert search_court(conn, "人民币77元") == []  # zhao's case: row security hides it
    with court.conn("chen") as conn:  # the president reads every case
        found = {h.case_number for h in search_court(conn, "今借到张三")}
        assert found == {mine, other}
    with court.conn("zhao") as conn:
        assert {h.case_number for h in search_court(conn, "今借到张三")} == {other}


def test_the_cli_searches_the_court_and_refuses_an_empty_query(court, tmp_path, filed_case, scans,
                                                               monkeypatch, capsys):
    mine, _ = _two_cases(court, tmp_path, filed_case, scans)
    judge = tmp_path / "judge"
    code, _, err = _main(monkeypatch, capsys, judge, "court", "connect", court.dsn, "--user",
                         "wang", password="pw-wang")
    assert code == 0, err
    code, out, err = _main(monkeypatch, capsys, judge, "court", "search", "人民币42", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert {r["case_number"] for r in rows} == {mine} and len(rows) == 2
    code, out, err = _main(monkeypatch, capsys, judge, "court", "search", "   ")
    assert code == 2 and "请输入要查找的文字" in err


def test_the_search_box_adds_the_courts_pages(court, tmp_path, filed_case, scans, qtbot):
    from PySide6.QtWidgets import QMessageBox
    from ui.intake_view import CataloguingView
    from ui.task_runner import SyncRunner
    mine, _ = _two_cases(court, tmp_path, filed_case, scans)
    wb = court.desk(tmp_path / "judge-desk", "wang")  # connected, not synced: nothing local yet
    try:
        v = CataloguingView(wb, SyncRunner())
        qtbot.addWidget(v)
        v.show()
        v.search_box.setText("今借到张三")
        v.run_search()
        texts = [v.results.item(i).text() for i in range(v.results.count())]
        assert len(texts) == 2 and all(t.startswith("【全院】" + mine) for t in texts)
        shown = []
        v.open_document.connect(lambda doc, page: shown.append((doc, page)))
        v._open_hit(v.results.item(0))  # not on this desk: said so, nothing opened
        assert shown == []
        boxes = [b for b in v.findChildren(QMessageBox)]
        assert boxes and "不在本工作台" in boxes[-1].text()
        sync.sync(wb)
        v.run_search()  # now local: listed once, without the mark, and it opens
        texts = [v.results.item(i).text() for i in range(v.results.count())]
        assert len(texts) == 2 and not any(t.startswith("【全院】") for t in texts)
        v._open_hit(v.results.item(0))
        assert len(shown) == 1
    finally:
        wb.close()

"""CaseListModel: the whole list scrollable at once, rows read as shown, sorted and filtered in SQL."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.cases import COLUMNS, CaseIdRole, CaseListModel
from workbench.service import CaseQuery

COL = {c[0]: i for i, c in enumerate(COLUMNS)}


def _numbers(m, rows):
    return [m.index(r, COL["number"]).data() for r in rows]


def test_the_whole_list_is_scrollable_and_its_last_row_is_right(wb, make_cases, qtbot):
    from PySide6.QtWidgets import QTableView
    make_cases(wb, 1000)
    m = CaseListModel(wb)
    assert m.total == m.rowCount() == 1000  # the scroll bar spans every case from the start
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(m)
    view.resize(800, 400)
    view.show()
    view.scrollToBottom()  # Ctrl+End
    qtbot.wait(10)
    assert view.rowAt(view.viewport().height() - 2) == 999
    # Newest first by default: the last row is the lowest number.
    assert m.index(999, COL["number"]).data() == "（2025）苏0583民初1号"
    assert m.index(999, COL["plaintiffs"]).data() == "原告1"
    assert m.index(1000, 0).data() is None


def test_rows_anywhere_match_the_query_order(wb, make_cases):
    make_cases(wb, 1000)
    m = CaseListModel(wb, page_size=50, cache_pages=3)
    everything = [s.number for s in wb.list_cases(m.query, 0, 10_000)]
    # Far down first (read by offset), then the pages either side of it (by seeking from the
    # loaded page, forwards and backwards), then the top: the same rows as one query gives.
    assert _numbers(m, [700]) == [everything[700]]
    assert _numbers(m, range(640, 760)) == everything[640:760]
    assert _numbers(m, range(760, 640, -1)) == everything[760:640:-1]
    assert _numbers(m, range(0, 1000, 37)) == everything[0:1000:37]
    assert m.case_number(999) == everything[999]


def test_row_of_finds_a_case_that_was_never_shown(wb, make_cases):
    make_cases(wb, 1000)
    m = CaseListModel(wb)
    m.sort(COL["number"], Qt.SortOrder.AscendingOrder)
    assert m.row_of("（2025）苏0583民初777号") == 776
    assert m.case_number(776) == "（2025）苏0583民初777号"
    m.set_filters(judge="张伟")  # i % 3 == 1: 1, 4, 7, …
    assert m.row_of("（2025）苏0583民初7号") == 2
    assert m.row_of("（2025）苏0583民初8号") == -1  # not listed under this filter
    assert m.row_of("（2025）苏0583民初9999号") == -1


def test_sort_requeries_without_loading_everything(wb, make_cases):
    make_cases(wb, 450)
    m = CaseListModel(wb)
    m.sort(COL["number"], Qt.SortOrder.AscendingOrder)
    assert m.case_number(0) == "（2025）苏0583民初1号"
    # Numeric order, not text order: 2号 comes before 10号.
    assert m.case_number(1) == "（2025）苏0583民初2号"
    assert m.case_number(449) == "（2025）苏0583民初450号"
    m.sort(COL["number"], Qt.SortOrder.DescendingOrder)
    assert m.case_number(0) == "（2025）苏0583民初450号"
    m.sort(COL["filed_on"], Qt.SortOrder.AscendingOrder)
    dates = [m.index(r, COL["filed_on"]).data() for r in range(m.rowCount())]
    assert len(dates) == 450 and dates == sorted(dates)


def test_filters_by_text_judge_and_status(wb, make_cases):
    make_cases(wb, 300)
    m = CaseListModel(wb)
    m.set_filters(text="原告17")
    # 原告17 and 原告170–179
    assert m.total == 11
    assert all("原告17" in m.index(r, COL["plaintiffs"]).data() for r in range(m.rowCount()))
    m.set_filters(text="", judge="张伟")
    assert m.total == 100
    assert {m.index(r, COL["judge"]).data() for r in range(m.rowCount())} == {"张伟"}
    m.set_filters(judge="", status="concluded")
    assert m.total == 0 and m.rowCount() == 0
    m.set_query(CaseQuery(text="（2025）苏0583民初7号"))
    assert [m.case_number(r) for r in range(m.rowCount())][0] == "（2025）苏0583民初7号"


def test_filter_keeps_sort_order(wb, make_cases):
    make_cases(wb, 30)
    m = CaseListModel(wb)
    m.sort(COL["number"], Qt.SortOrder.AscendingOrder)
    m.set_filters(text="原告2")
    numbers = [m.case_number(r) for r in range(m.rowCount())]
    assert numbers[0] == "（2025）苏0583民初2号"


def test_headers_and_status_labels_follow_language(wb, make_cases):
    make_cases(wb, 2)
    zh = CaseListModel(wb)
    en = CaseListModel(wb, lang="en")
    headers = [zh.headerData(i, Qt.Orientation.Horizontal) for i in range(zh.columnCount())]
    assert headers == ["案号", "案由", "原告", "被告", "承办法官", "状态", "立案日期"]
    assert en.headerData(0, Qt.Orientation.Horizontal) == "Case number"
    assert zh.index(0, COL["status"]).data() == "已立案"
    assert en.index(0, COL["status"]).data() == "filed"
    assert isinstance(zh.index(0, 0).data(CaseIdRole), int)


def test_refresh_shows_a_new_case(wb, make_cases):
    make_cases(wb, 3)
    m = CaseListModel(wb)
    make_cases(wb, 1, year=2026)
    assert m.total == 3  # a model shows what it last queried...
    m.refresh()
    assert m.total == 4  # ...until refreshed
    assert m.row_of("（2026）苏0583民初1号") >= 0


def test_paging_deep_into_a_sorted_list_misses_and_repeats_nothing(wb, make_cases):
    make_cases(wb, 650)
    m = CaseListModel(wb)
    # Many cases share a filing date, so pages must break ties the same way every time, whether
    # a page is reached forwards, backwards or by offset.
    m.sort(COL["filed_on"], Qt.SortOrder.AscendingOrder)
    everything = [s.number for s in wb.list_cases(m.query, 0, 10_000)]
    forwards = [m.case_number(r) for r in range(650)]
    m.refresh()
    backwards = [m.case_number(r) for r in range(649, -1, -1)][::-1]
    assert forwards == backwards == everything and len(set(everything)) == 650

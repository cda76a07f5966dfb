"""The main window: the case list a clerk sees, its search, filters, sorting and tabs."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from models.cases import COLUMNS
from ui.case_view import CaseView
from ui.dialogs import NewCaseDialog
from workbench.service import Workbench

COL = {c[0]: i for i, c in enumerate(COLUMNS)}


def _column(w, field):
    return [w.model.index(r, COL[field]).data() for r in range(w.model.rowCount())]


def test_lists_the_demo_cases(window, demo_dir):
    with Workbench.open(demo_dir) as wb:
        expected = {s.number for s in wb.list_cases(limit=1000)}
    assert len(expected) > 10
    assert {window.model.case_number(r) for r in range(window.model.rowCount())} == expected
    assert window.table.model().sourceModel() is window.model
    assert window.count_label.text() == f"共 {len(expected)} 件"
    assert window.tabs.tabText(0) == "案件列表"


def test_typing_a_party_name_filters_the_list(window, qtbot, type_text):
    name = window.model.summary(3).plaintiffs
    total = window.model.total
    window.search.setFocus()
    type_text(window.search, name)
    assert window.search.text() == name
    # Debounced: the list follows shortly after typing stops, not on every key.
    qtbot.waitUntil(lambda: window.model.query.text == name, timeout=2000)
    assert 0 < window.model.total < total
    for r in range(window.model.rowCount()):
        s = window.model.summary(r)
        assert name in s.plaintiffs or name in s.defendants
    window.search.clear()
    qtbot.waitUntil(lambda: window.model.total == total, timeout=2000)


def test_judge_and_status_filters(window, qtbot):
    judge = window.judge_combo.itemText(1)
    window.judge_combo.setCurrentIndex(1)
    assert set(_column(window, "judge")) == {judge}
    window.judge_combo.setCurrentIndex(0)
    window.status_combo.setCurrentIndex(window.status_combo.findData("concluded"))
    statuses = set(_column(window, "status"))
    assert statuses == {"已结案"}


def test_clicking_a_header_sorts_by_that_column(window, qtbot):
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(COL["filed_on"]) + 10
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    first = _column(window, "filed_on")
    assert window.model.query.sort == "filed_on"
    assert first in (sorted(first), sorted(first, reverse=True))
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    second = _column(window, "filed_on")
    assert second == first[::-1]
    assert second[0] != first[0]


def test_enter_and_double_click_open_cases_in_tabs(window, qtbot):
    window.table.setFocus()
    window.table.selectRow(0)
    number0 = window.model.case_number(0)
    QTest.keyClick(window.table, Qt.Key.Key_Return)
    view = window.current_case_view()
    assert isinstance(view, CaseView) and view.number == number0
    assert window.tabs.tabText(window.tabs.currentIndex()) == number0
    window.tabs.setCurrentIndex(0)
    rect = window.table.visualRect(window.table.model().index(1, 0))
    # A real double-click is a click followed by a double-click event on the same cell.
    QTest.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_case_view().number == window.model.case_number(1)
    assert window.tabs.count() == 3
    # Opening an open case again switches to its tab rather than opening a second one.
    window.open_case(number0)
    assert window.tabs.count() == 3 and window.current_case_view().number == number0


def test_shortcuts(window, qtbot):
    assert window.act_new.shortcut().toString() == "Ctrl+N"
    assert window.act_event.shortcut().toString() == "Ctrl+E"
    assert window.act_export.shortcut().toString() == "Ctrl+Shift+E"
    assert window.act_verify.shortcut().toString() == "Ctrl+Shift+V"
    assert window.act_find.shortcut().toString() == "Ctrl+F"
    assert window.act_quit.shortcut().toString() == "Ctrl+Q"
    window.activateWindow()
    window.table.setFocus()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.search.hasFocus, timeout=1000)
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.active_dialog, NewCaseDialog) and window.active_dialog.isVisible()
    window.active_dialog.reject()


def test_ctrl_end_goes_to_the_last_case_and_a_refresh_keeps_the_selection(open_window, data_dir,
                                                                           qtbot):
    from datetime import date

    from workbench.cases.records import Case, Party
    with Workbench.open(data_dir) as wb:
        for i in range(1, 1001):
            wb.create_case(Case(number=f"（2025）苏0583民初{i}号", court_name="江苏省昆山市人民法院",
                                appeal_court="", cause="买卖合同纠纷", procedure="simple",
                                filed_on=date(2025, 1, 2), judge="周明",
                                parties=[Party("plaintiff", "person", f"甲{i}"),
                                         Party("defendant", "person", f"乙{i}")]))
    w = open_window(data_dir)
    assert w.count_label.text() == "共 1000 件"
    w.table.setFocus()
    w.table.selectRow(0)
    QTest.keyClick(w.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    # Newest first: the last row is case 1, in view and current.
    assert w.selected_case_number() == "（2025）苏0583民初1号"
    last = w.table.model().index(999, 0)
    rect = w.table.visualRect(last)  # Ctrl+End also goes to the last column: check rows only
    assert 0 <= rect.top() and rect.bottom() <= w.table.viewport().height()
    assert last.data() == "（2025）苏0583民初1号"
    # A case far down the list, selected, stays selected when the list is refreshed.
    w.table.selectRow(w.model.row_of("（2025）苏0583民初300号"))
    assert w.selected_case_number() == "（2025）苏0583民初300号"
    w.refresh_cases()
    assert w.selected_case_number() == "（2025）苏0583民初300号"
    assert w.count_label.text() == "共 1000 件"


def test_language_setting_is_saved_in_the_data_directory(window, demo_dir, boxes):
    window.lang_actions["en"].trigger()
    from workbench.settings import Settings
    assert Settings.load(demo_dir).values["ui.language"] == "en"  # (the test's $WORKBENCH_LANG wins)
    assert '"ui.language": "en"' in (demo_dir / "settings.json").read_text()
    assert any("重新启动" in b.text() for b in boxes())

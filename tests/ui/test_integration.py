"""The window as a whole: one click from a case to its draft judgment, the dashboard tab, the
archive action, and the case list coloured by deadlines."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from models.deadlines import AlertLevelRole
from ui.dashboard import Dashboard
from ui.drafting_view import DraftingView
from workbench.service import Workbench


def _number(demo_dir: Path, status: str) -> str:
    with Workbench.open(demo_dir) as wb:
        return next(r.number for r in wb.list_cases(limit=100) if r.status == status)


def test_one_click_from_the_case_view_produces_the_draft_side_by_side(open_window, demo_dir, qtbot):
    window = open_window(demo_dir, synchronous=True)
    number = _number(demo_dir, "heard")
    view = window.open_case(number)
    QTest.mouseClick(view.btn_draft, Qt.MouseButton.LeftButton)
    drafting = window.tabs.currentWidget()
    assert isinstance(drafting, DraftingView) and drafting.number == number
    qtbot.waitUntil(lambda: "民事判决书" in drafting.editor.toPlainText(), timeout=20000)
    text = drafting.editor.toPlainText()
    case = view.case
    assert number in text
    for party in case.parties:
        assert party.name in text
    assert "案件受理费" in text and "上诉于" in text
    # The e-file is on the left, the draft on the right: 左看右写.
    assert drafting.efile.toPlainText().strip()
    # A second click goes back to the same tab instead of opening another.
    window.tabs.setCurrentIndex(window.tabs.indexOf(view))
    QTest.mouseClick(view.btn_draft, Qt.MouseButton.LeftButton)
    assert sum(isinstance(window.tabs.widget(i), DraftingView) for i in range(window.tabs.count())) == 1


def test_dashboard_opens_as_a_tab_with_the_courts_figures(open_window, demo_dir, qtbot):
    window = open_window(demo_dir, synchronous=True)
    window.act_dashboard.trigger()
    board = window.tabs.currentWidget()
    assert isinstance(board, Dashboard)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "审判统计"
    # The figures are there when the tab opens, without pressing 刷新.
    qtbot.waitUntil(lambda: board.figures is not None, timeout=10000)
    assert board.figures.total.pending > 0 and len(board.figures.rows) >= 3


def test_case_list_rows_take_the_colour_of_their_deadlines(open_window, demo_dir, qtbot):
    window = open_window(demo_dir, synchronous=True)
    levels = {window.model.case_number(r): window.table.model().index(r, 0).data(AlertLevelRole)
              for r in range(window.model.rowCount())}
    # The demo court has overdue and nearly-due cases by construction (dates relative to today).
    assert "red" in levels.values() or "yellow" in levels.values()
    archived_or_closed = [n for n, lvl in levels.items() if lvl == "none"]
    assert archived_or_closed  # concluded cases carry no court deadline


def test_archive_action_follows_the_selected_case(open_window, demo_dir):
    window = open_window(demo_dir, synchronous=True)
    window.open_case(_number(demo_dir, "concluded"))
    assert window.act_archive.isEnabled()
    assert window._case_for_action() == window.current_case_view().number
    assert window.act_import.text() and window.act_archive.shortcut().toString() == "Ctrl+Shift+A"


def test_intake_opens_as_a_tab_watching_the_drop_box_and_a_hit_opens_its_case(open_window, demo_dir):
    from ui.intake_view import CataloguingView
    window = open_window(demo_dir, synchronous=True)
    window.act_intake.trigger()
    view = window.tabs.currentWidget()
    assert isinstance(view, CataloguingView)
    assert (demo_dir / "dropbox").is_dir()
    assert window.act_intake.shortcut().toString() == "Ctrl+I"
    # A search hit names a document; the window opens its case and shows it.
    with Workbench.open(demo_dir) as wb:
        number = wb.list_cases(limit=1)[0].number
        doc_id = wb.catalogue(number)[0].document_id
    view.open_document.emit(doc_id, 0)
    case_view = window.current_case_view()
    assert case_view is not None and case_view.number == number
    assert case_view.current_entry().document_id == doc_id

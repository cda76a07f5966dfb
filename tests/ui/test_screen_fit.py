"""Issue 15, item 6: the window fits the screen it opens on, is remembered per screen, and every
main view is usable at 1280×720."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget

from ui.window_size import fit, screen_key
from workbench.service import Workbench


def test_a_new_screen_gets_a_size_that_fits_it():
    laptop = QRect(0, 0, 1280, 690)  # 1280×720 less a 30-pixel panel
    assert fit(laptop) == QRect(0, 0, 1280, 690)
    office = QRect(0, 0, 1920, 1050)
    g = fit(office)
    assert (g.width(), g.height()) == (1400, 860) and office.contains(g)
    assert g.center().x() in range(955, 966)


def test_a_remembered_size_is_kept_but_never_off_screen():
    office = QRect(0, 0, 1920, 1050)
    assert fit(office, [100, 80, 1600, 900]) == QRect(100, 80, 1600, 900)
    laptop = QRect(0, 0, 1280, 690)
    moved = fit(laptop, [900, 500, 1600, 900])  # saved on a bigger screen under the same key
    assert laptop.contains(moved)


def test_the_window_size_is_remembered_for_its_screen(open_window, demo_dir):
    w = open_window(demo_dir)
    available = w.screen().availableGeometry()
    w.setGeometry(available.x(), available.y() + 10, available.width(),
                  available.height() - 30)
    w.close()
    from workbench.settings import Settings
    saved = Settings.load(demo_dir).get("ui.window_geometry")[screen_key(available)]
    assert saved[2:] == [available.width(), available.height() - 30]
    again = open_window(demo_dir)
    assert (again.width(), again.height()) == (available.width(), available.height() - 30)


def _inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return (widget.isVisible() and QRect(top_left, widget.size()).right() <= window.width()
            and QRect(top_left, widget.size()).bottom() <= window.height())


def test_every_view_is_usable_at_1280_by_720(open_window, demo_dir, qtbot):
    w = open_window(demo_dir)
    w.resize(1280, 690)
    qtbot.wait(100)
    header = w.table.horizontalHeader()
    last = header.count() - 1
    # Every column of the case list, 立案日期 included, is on screen without scrolling.
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= \
        w.table.viewport().width()
    assert _inside(w.status_combo, w) and _inside(w.count_label, w)
    assert w.statusBar().isVisible()
    with Workbench.open(demo_dir) as wb:
        number = next(r.number for r in wb.list_cases(limit=100) if r.status == "heard")
    view = w.open_case(number)
    qtbot.wait(100)
    tree, viewer, side = view.splitter.sizes()
    assert tree >= 250 and viewer >= 500 and side >= 250, view.splitter.sizes()
    assert _inside(view.btn_verify, w)
    drafting = w.open_drafting(number)
    qtbot.wait(100)
    assert _inside(drafting.btn_save, w) and drafting.editor.width() >= 500
    intake = w.open_intake()
    qtbot.wait(100)
    assert _inside(intake.sources.btn_watch, w) and _inside(intake.legend, w)
    board = w.open_dashboard()
    qtbot.wait(100)
    assert board.width() <= 1280

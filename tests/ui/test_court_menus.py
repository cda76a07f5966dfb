"""Issues 10 and 13 in the main window: the 法院 and 队列 menus, their keys, what is greyed out
without a court store, and the queue tabs over the demo court. (With a real court store:
tests/court/test_court_window.py.)"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui import i18n
from ui.delivery_view import DeliveryQueueView
from ui.preservation_view import PreservationQueueView
from workbench.delivery import queue
from workbench.preservation import matters
from workbench.service import Workbench

MENUS = {
    "zh": ("法院(&O)", ["连接法院…", "立即同步", "用户与分配", "全院统计", "断开"],
           "队列(&Q)", ["送达队列", "保全队列"], "未连接法院库"),
    "en": ("C&ourt", ["Connect to the court…", "Sync now", "Users and assignment",
                      "Court-wide figures", "Disconnect"],
           "&Queues", ["Service queue", "Preservation queue"], "Not connected"),
}


def _menu(window, name):
    menu = window.menuBar().findChild(object, name)
    assert menu is not None, name
    return menu


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_court_and_queue_menus_exist_in_both_languages(lang, open_window, data_dir):
    i18n.set_language(lang)
    w = open_window(data_dir, synchronous=True)
    court_title, court_items, queue_title, queue_items, state = MENUS[lang]
    titles = [a.text() for a in w.menuBar().actions()]
    assert court_title in titles and queue_title in titles
    assert titles[-1] == ("帮助(&B)" if lang == "zh" else "&Help")  # help stays last
    court = _menu(w, "courtMenu")
    assert [a.text() for a in court.actions() if not a.isSeparator()] == court_items
    queues = _menu(w, "queueMenu")
    assert [a.text() for a in queues.actions()] == queue_items
    assert w.court.label.text() == state and w.court.label.isVisible()


def test_without_a_court_store_only_connecting_is_offered(open_window, data_dir):
    w = open_window(data_dir, synchronous=True)
    why = "未连接法院库：请先“连接法院…”"
    for act in (w.court.act_sync, w.court.act_users, w.court.act_figures,
                w.court.act_disconnect):
        assert not act.isEnabled(), act.objectName()
        assert act.toolTip() == why
    assert w.court.act_connect.isEnabled() and "(Ctrl+Shift+O)" in w.court.act_connect.toolTip()
    assert not w.court.timer.isActive()  # nothing to sync with
    w.court.act_sync.trigger()           # a greyed-out action does nothing
    assert w.court.sync_task is None
    w.court.act_connect.trigger()
    dlg = w.court.dialog
    assert dlg is not None and dlg.isVisible()
    assert dlg.status.text() == "未连接：本机单独使用"
    dlg.reject()


def test_no_two_actions_of_the_window_share_a_key(open_window, data_dir):
    w = open_window(data_dir, synchronous=True)
    seen: dict[str, str] = {}
    for act in w.findChildren(QAction):
        if act.shortcutContext() != Qt.ShortcutContext.WindowShortcut:
            continue
        for key in act.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            assert text not in seen, f"{text}: {seen.get(text)} and {act.text()}"
            seen[text] = act.text()
    for name in ("Ctrl+Shift+O", "Ctrl+Shift+Y", "Ctrl+Shift+U", "Ctrl+Shift+G",
                 "Ctrl+Shift+S", "Ctrl+Shift+P"):
        assert name in seen


def test_queue_tabs_open_from_their_keys_and_show_the_demo_queues(open_window, demo_dir, qtbot):
    with Workbench.open(demo_dir) as wb:
        tasks = queue.list_tasks(wb)
        all_matters = matters.list_matters(wb)
        expiring = matters.figures(wb, date.today())["expiring"]
    w = open_window(demo_dir, synchronous=True)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)  # window keys need it active
    w.table.setFocus()
    QTest.keyClick(w.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    service = w.tabs.currentWidget()
    assert isinstance(service, DeliveryQueueView)
    assert w.tabs.tabText(w.tabs.currentIndex()) == "送达队列"
    assert service.proxy.rowCount() == len(tasks) > 0
    assert {service.proxy.index(r, 0).data() for r in range(service.proxy.rowCount())} == \
        {t.case_number for t in tasks}
    assert "成功率" in service.figures_label.text()
    # Ctrl+F in the queue goes to the queue's own search box, not to the case list.
    service.table.setFocus()
    QTest.keyClick(service.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert service.search.hasFocus() and w.tabs.currentWidget() is service
    # Asking again brings the same tab forward; no second one.
    w.tabs.setCurrentIndex(0)
    w.queues.act_service.trigger()
    assert w.tabs.currentWidget() is service
    assert sum(isinstance(w.tabs.widget(i), DeliveryQueueView) for i in range(w.tabs.count())) == 1

    QTest.keyClick(w.tabs.currentWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    kept = w.tabs.currentWidget()
    assert isinstance(kept, PreservationQueueView)
    assert w.tabs.tabText(w.tabs.currentIndex()) == "保全队列"
    assert kept.model.rowCount() == len(all_matters) > 0
    assert f"本周期满的措施 {expiring} 项" in kept.figures_label.text()
    # F5 on the queue reads it again.
    with qtbot.waitSignal(kept.refreshed):
        QTest.keyClick(kept.table, Qt.Key.Key_F5)

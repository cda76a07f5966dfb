"""Issue 15, item 9: a 帮助 menu with the keyboard shortcuts, the colour legend and the version;
the row colours explained on screen."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def test_help_menu_lists_shortcuts_colours_and_version(window):
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[-1].startswith("帮助")
    window.help["shortcuts"].trigger()
    dlg = window.help["shortcuts_dialog"]
    assert dlg.isVisible() and dlg.windowTitle() == "键盘快捷键"
    t = dlg.findChild(object, "shortcutTable")
    rows = {(t.item(r, 1).text(), t.item(r, 2).text()) for r in range(t.rowCount())}
    assert ("Ctrl+I", "扫描编目") in rows and ("Ctrl+O", "添加文件…") in rows
    assert ("Ctrl+Q", "退出") in rows and ("1–9", "设定类别") in rows
    assert window.help["shortcuts"].shortcut().toString() == "F1"
    dlg.close()

    window.help["colours"].trigger()
    legend = window.help["colours_dialog"]
    texts = [w.text() for w in legend.findChildren(QLabel)]
    assert any(t.startswith("黄色") for t in texts) and any(t.startswith("红色") for t in texts)
    legend.close()

    window.help["about"].trigger()
    import workbench
    about = window.help["about_dialog"]
    assert any(f"版本 {workbench.__version__}" in w.text() for w in about.findChildren(QLabel))
    about.close()


def test_row_colours_are_explained_in_the_status_bar(window):
    legend = window.statusBar().findChild(object, "colourLegend")
    assert legend is not None and legend.isVisible()
    labels = [w.text() for w in legend.findChildren(QLabel) if w.text()]
    assert labels == ["黄色：期限临近", "红色：期限已过或即将届满"]

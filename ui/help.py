"""帮助: the keyboard shortcuts (read from the window's own actions, so the list cannot go stale),
the colours of the case list, and the version."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMainWindow,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from models.deadlines import ALERT_COLORS

from .i18n import tr

# Keys that belong to a view rather than to a menu action.
VIEW_KEYS = [
    ("扫描编目", "Enter", "接受文书"), ("扫描编目", "1–9", "设定类别"), ("扫描编目", "S / M", "拆分 / 合并"),
    ("扫描编目", "R / Del", "旋转 / 删页"), ("扫描编目", "C", "移至其他案件"),
    ("扫描编目", "Ctrl+Enter", "归入卷宗"),
    ("案件", "PgUp / PgDn", "上一页 / 下一页"), ("案件", "Ctrl++ / Ctrl+-", "放大 / 缩小"),
    ("案件", "Ctrl+0", "适合宽度"),
    ("文书", "Ctrl+S", "检查并保存"), ("文书", "Ctrl+Shift+C", "引用左侧选中的文字"),
    ("证据展示", "1–9", "出示证据"), ("证据展示", "← / →", "上一页 / 下一页"),
    ("证据展示", "↑ / ↓", "上一份 / 下一份证据"), ("证据展示", "Esc", "关闭"),
]


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(where, keys, what) for every action of the window with a shortcut, then the view keys."""
    rows = []
    seen = set()
    for act in window.findChildren(QAction):
        keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = act.text().replace("&", "")
        if keys and text and (keys, text) not in seen:  # the views' own keys are listed below
            seen.add((keys, text))
            rows.append((tr("菜单"), keys, text))
    rows.sort(key=lambda r: r[2])
    return rows + [(tr(w), k, tr(t)) for w, k, t in VIEW_KEYS]


def _dialog(parent: QWidget, title: str, name: str, body: QWidget | None, text: str = "") -> QDialog:
    dlg = QDialog(parent)
    dlg.setObjectName(name)
    dlg.setWindowTitle(title)
    lay = QVBoxLayout(dlg)
    if text:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(label)
    if body is not None:
        lay.addWidget(body, 1)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dlg.reject)
    lay.addWidget(buttons)
    return dlg


def shortcuts_dialog(window: QWidget) -> QDialog:
    rows = shortcut_rows(window)
    table = QTableWidget(len(rows), 3)
    table.setObjectName("shortcutTable")
    table.setHorizontalHeaderLabels([tr("位置"), tr("按键"), tr("功能")])
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    dlg = _dialog(window, tr("键盘快捷键"), "shortcutsHelp", table)
    dlg.resize(560, 560)
    return dlg


def legend_chips() -> list[tuple[str, str]]:
    """(colour, meaning) of the case list's rows."""
    return [(ALERT_COLORS["yellow"].name(), tr("黄色：期限临近（审限、举证、上诉等）")),
            (ALERT_COLORS["red"].name(), tr("红色：期限已过或即将届满")),
            ("#ffffff", tr("无底色：没有临近的期限"))]


def legend_widget(compact: bool = False) -> QWidget:
    """The colour legend: in the status bar (compact) and in 帮助 → 颜色说明."""
    w = QWidget()
    w.setObjectName("colourLegend")
    lay = QHBoxLayout(w) if compact else QVBoxLayout(w)
    lay.setContentsMargins(0, 0, 0, 0)
    chips = legend_chips()[:2] if compact else legend_chips()
    for colour, text in chips:
        chip = QLabel("")
        chip.setFixedSize(14, 14)
        chip.setStyleSheet(f"background:{colour}; border:1px solid #999;")
        label = QLabel(text.split("（")[0] if compact else text)
        row = QHBoxLayout()
        row.addWidget(chip)
        row.addWidget(label)
        if not compact:  # in the status bar a stretch would spread the chips over half the bar
            row.addStretch(1)
        lay.addLayout(row)
    w.setToolTip(tr("案件列表的行颜色表示最紧迫期限的状态；悬停在行上可看到是哪一期限"))
    return w


def legend_dialog(window: QWidget) -> QDialog:
    return _dialog(window, tr("颜色说明"), "colourHelp", legend_widget(),
                   tr("案件列表中，每一行的颜色表示该案最紧迫的期限："))


def about_text() -> str:
    import PySide6
    from PySide6.QtCore import qVersion
    import workbench
    return "\n".join([tr("法官工作台"), tr("版本 {version}", version=workbench.__version__),
                      f"Python {sys.version.split()[0]} · Qt {qVersion()} · "
                      f"PySide6 {PySide6.__version__}"])


def about_dialog(window: QWidget) -> QDialog:
    return _dialog(window, tr("关于"), "aboutHelp", None, about_text())


def add_help_menu(window: QMainWindow) -> dict[str, Any]:
    """The 帮助 menu; returns its actions by name (tests open them)."""
    menu = window.menuBar().addMenu(tr("帮助(&B)"))  # &H is 庭审's
    made: dict[str, Any] = {}
    from .first_run import FirstRunGuide

    def guide(w: Any) -> QDialog:
        return FirstRunGuide(w, w.settings)

    for name, text, build, keys in (("guide", "入门指南", guide, None),
                                    ("shortcuts", "键盘快捷键", shortcuts_dialog, "F1"),
                                    ("colours", "颜色说明", legend_dialog, None),
                                    ("about", "关于", about_dialog, None)):
        act = QAction(tr(text), window)
        act.setObjectName(f"help_{name}")
        if keys:
            act.setShortcut(QKeySequence(keys))

        def show(_c: bool = False, build: Any = build, name: str = name) -> None:
            dlg = build(window)
            made[f"{name}_dialog"] = dlg
            dlg.open()
        act.triggered.connect(show)
        menu.addAction(act)
        made[name] = act
    return made

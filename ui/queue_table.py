"""The table both queue views (送达, 保全) show: a model behind a filter over every column, sortable,
whole rows selected, plus the state filter's choices from the core's own names."""

from __future__ import annotations

from typing import Mapping

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableView, QWidget

from workbench.errors import Text

from .i18n import language, tr


def filtered_table(model: QAbstractItemModel, parent: QWidget) -> tuple[QSortFilterProxyModel,
                                                                         QTableView]:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    table = QTableView()
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    model.modelReset.connect(lambda: fit_columns(table))
    return proxy, table


MAX_COLUMN = 260  # a long address or title is cut here rather than pushing the rest away


def fit_columns(table: QTableView) -> None:
    """Each column as wide as what it shows (a whole case number), up to MAX_COLUMN."""
    header = table.horizontalHeader()
    table.resizeColumnsToContents()
    for c in range(header.count()):
        header.resizeSection(c, min(header.sectionSize(c), MAX_COLUMN))


def status_combo(states: Mapping[str, Text]) -> QComboBox:
    """'All' and then each state, in the interface language; the item data is the state's key."""
    combo = QComboBox()
    combo.addItem(tr("全部状态"), "")
    for key, name in states.items():
        combo.addItem(name.text(language()), key)
    return combo


def standalone_keys(page: QWidget) -> list[QShortcut]:
    """A queue page's own Ctrl+F and F5 when it stands alone; a window that hosts it (which has
    Ctrl+F and F5 of its own) disables these and calls the page's focus_search() and refresh()."""
    return [QShortcut(QKeySequence.StandardKey.Find, page, activated=page.focus_search),
            QShortcut(QKeySequence.StandardKey.Refresh, page, activated=page.refresh)]

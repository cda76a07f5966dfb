"""Workload figures per judge (and the total) as a table for the dashboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from workbench.tracking.figures import Figures, JudgeFigures

from .deadlines import alert_brush

Index = QModelIndex | QPersistentModelIndex
JudgeRole = Qt.ItemDataRole.UserRole + 30

# (attribute, Chinese header, English header)
COLUMNS = [
    ("judge", "承办法官", "Judge"),
    ("division", "部门", "Division"),
    ("pending", "未结", "Pending"),
    ("due_this_week", "本周到期", "Due this week"),
    ("overdue", "已超期", "Overdue"),
    ("long_pending", "长期未结", "Long-pending"),
    ("concluded_total", "结案（统计期内）", "Concluded (window)"),
    ("per_month", "月均结案", "Concluded per month"),
]


class FiguresModel(QAbstractTableModel):
    def __init__(self, figures: Figures | None = None, lang: str = "zh", parent: Any = None) -> None:
        super().__init__(parent)
        self._lang = lang
        self._fig = figures
        self._rows: list[JudgeFigures] = []
        if figures is not None:
            self.set_figures(figures)

    @property
    def figures(self) -> Figures | None:
        return self._fig

    def set_figures(self, figures: Figures) -> None:
        self.beginResetModel()
        self._fig = figures
        self._rows = [*figures.rows, figures.total]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][2 if self._lang == "en" else 1]
        return None

    def _value(self, r: JudgeFigures, key: str) -> Any:
        if key == "per_month":
            months = len(self._fig.months) if self._fig else 0
            return round(r.concluded_total / months, 2) if months else 0
        if key == "judge":
            if r is self._rows[-1]:
                return "Total" if self._lang == "en" else "合计"
            return r.judge or ("(unassigned)" if self._lang == "en" else "（未指定）")
        return getattr(r, key)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        total = index.row() == len(self._rows) - 1
        if role == Qt.ItemDataRole.DisplayRole:
            return self._value(r, key)
        if role == Qt.ItemDataRole.EditRole:
            return self._value(r, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if key == "overdue" and r.overdue:
                return alert_brush("red")
            if key == "due_this_week" and r.due_this_week:
                return alert_brush("yellow")
        if role == Qt.ItemDataRole.FontRole and total:
            f = QFont()
            f.setBold(True)
            return f
        if role == JudgeRole:
            return None if total else r.judge
        return None

"""A case's deadlines as a table (yellow as one nears, red once passed), and a proxy that colours
the case list by each case's most urgent deadline."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QIdentityProxyModel, QModelIndex,
                            QPersistentModelIndex, Qt)
from PySide6.QtGui import QBrush, QColor

from workbench.errors import in_language
from workbench.tracking.periods import CaseAlert, Deadline

Index = QModelIndex | QPersistentModelIndex
DeadlineRole = Qt.ItemDataRole.UserRole + 20
AlertLevelRole = Qt.ItemDataRole.UserRole + 21

# Soft enough to read black text on; the same two colours everywhere a deadline is shown.
ALERT_COLORS = {"yellow": QColor("#ffe58f"), "red": QColor("#ffa39e")}
HEADERS = {"zh": ["期限", "起算日", "届满日", "剩余天数", "状态", "依据"],
           "en": ["Period", "Starts", "Due", "Days left", "State", "Basis"]}
STATES = {"ok": ("正常", "running"), "due_soon": ("临近届满", "due soon"),
          "overdue": ("已超期", "overdue"), "met": ("已完成", "met"),
          "not_started": ("未开始", "not started"), "suspended": ("暂停计算", "suspended"),
          "elapsed": ("已届满", "elapsed"), "closed": ("已结案", "case closed")}


def alert_brush(level: str) -> QBrush | None:
    color = ALERT_COLORS.get(level)
    return QBrush(color) if color is not None else None


class DeadlinesModel(QAbstractTableModel):
    def __init__(self, deadlines: list[Deadline] | None = None, lang: str = "zh",
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._lang = lang
        self._rows: list[Deadline] = list(deadlines or [])

    def set_deadlines(self, deadlines: list[Deadline]) -> None:
        self.beginResetModel()
        self._rows = list(deadlines)
        self.endResetModel()

    def load(self, wb: Any, case_ref: str | int, today: date | None = None) -> None:
        """Compute one case's deadlines (milliseconds: a few queries and date arithmetic)."""
        from workbench.tracking.periods import case_deadlines
        self.set_deadlines(case_deadlines(wb, case_ref, today))

    def deadline(self, row: int) -> Deadline:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS["zh"])

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS["en" if self._lang == "en" else "zh"][section]
        return None

    def _text(self, d: Deadline, column: int) -> str:
        en = self._lang == "en"
        if column == 0:
            name = d.en if en else d.zh
            return f"{name} ({d.party})" if en and d.party else (
                f"{name}（{d.party}）" if d.party else name)
        if column == 1:
            return d.start.isoformat() if d.start else ""
        if column == 2:
            return d.due.isoformat() if d.due else ""
        if column == 3:
            if d.days_left is None:
                return ""
            if d.days_left < 0:
                return f"overdue {-d.days_left}" if en else f"超期 {-d.days_left} 日"
            return str(d.days_left)
        if column == 4:
            zh, eng = STATES.get(d.state, (d.state, d.state))
            return eng if en else zh
        return d.basis

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        d = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(d, index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            return alert_brush(d.alert)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [in_language(n, self._lang) for n in d.notes]
            if d.moved_because:
                lines.insert(0, f"{d.nominal_due}: moved to the next working day, {d.due}"
                             if self._lang == "en" else
                             f"{d.nominal_due} 遇{d.moved_because}，顺延至 {d.due}")
            return "\n".join(lines) or None
        if role == DeadlineRole:
            return d
        if role == AlertLevelRole:
            return d.alert
        return None


class AlertProxyModel(QIdentityProxyModel):
    """Wraps the case list: each row takes the colour of its case's alert and says why on hover.
    The alerts come from `workbench.tracking.periods.case_alerts`, computed off the GUI thread."""

    def __init__(self, number_role: int, parent: Any = None, lang: str = "zh") -> None:
        super().__init__(parent)
        self._number_role = number_role
        self._lang = lang
        self._alerts: dict[str, CaseAlert] = {}

    def set_alerts(self, alerts: dict[str, CaseAlert]) -> None:
        self._alerts = dict(alerts)
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])

    def alert_of(self, number: str) -> CaseAlert | None:
        return self._alerts.get(number)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.BackgroundRole, AlertLevelRole) and index.isValid():
            alert = self._alerts.get(self.sourceModel().data(self.mapToSource(index), self._number_role))
            level = alert.level if alert else "none"
            return level if role == AlertLevelRole else alert_brush(level)
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            base = super().data(index, role)
            alert = self._alerts.get(self.sourceModel().data(self.mapToSource(index), self._number_role))
            if alert is not None and alert.level != "none":
                text = in_language(alert.text, self._lang)
                return f"{base}\n{text}" if base else text
            return base
        return super().data(index, role)

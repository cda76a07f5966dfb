"""A case's procedural events, oldest first (the newest is the last row, where the eye expects
the latest step of the procedure)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from workbench.cases.procedure import EVENT_KINDS
from workbench.cases.records import Event
from workbench.service import Workbench

Index = QModelIndex | QPersistentModelIndex

HEADERS = {"zh": ["日期", "事件", "当事人"], "en": ["Date", "Event", "Party"]}
EventKindRole = Qt.ItemDataRole.UserRole + 1


def _details(ev: Event, en: bool) -> str:
    bits = []
    if "hearing_on" in ev.data:
        bits.append(("hearing " if en else "开庭 ") + str(ev.data["hearing_on"]))
    if "months" in ev.data:
        bits.append(f"+{ev.data['months']} " + ("months" if en else "个月"))
    return "，".join(bits) if not en else ", ".join(bits)


class TimelineModel(QAbstractTableModel):
    def __init__(self, wb: Workbench, case_ref: str | int | None = None, lang: str = "zh",
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._wb = wb
        self._lang = lang
        self._ref = case_ref
        self._events: list[Event] = []
        if case_ref is not None:
            self.refresh()

    def load(self, case_ref: str | int) -> None:
        self._ref = case_ref
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._events = self._wb.events(self._ref) if self._ref is not None else []
        self.endResetModel()

    def event_at(self, row: int) -> Event:
        return self._events[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS["en" if self._lang == "en" else "zh"][section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._events):
            return None
        ev = self._events[index.row()]
        en = self._lang == "en"
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return ev.on.isoformat()
            if index.column() == 1:
                kind = EVENT_KINDS.get(ev.kind)
                name = (kind.en if en else kind.zh) if kind else ev.kind
                extra = _details(ev, en)
                return f"{name}（{extra}）" if extra and not en else (
                    f"{name} ({extra})" if extra else name)
            return ev.party or ""
        if role == EventKindRole:
            return ev.kind
        return None

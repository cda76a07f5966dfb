"""The case list: a paged window onto `Workbench.list_cases`, fetched as the view scrolls.

Sorting and filtering happen in SQL (the core's CaseQuery); the model never holds more rows than
the view has scrolled through, so it stays fast with 100,000 cases.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from workbench.cases.records import PROCEDURES, PROCEDURES_EN, STATUSES, CaseSummary
from workbench.service import CaseQuery, Workbench

Index = QModelIndex | QPersistentModelIndex

# (field of CaseSummary, sort key understood by CaseQuery, Chinese header, English header)
COLUMNS = [
    ("number", "number", "案号", "Case number"),
    ("cause", "cause", "案由", "Cause of action"),
    ("plaintiffs", "plaintiffs", "原告", "Plaintiff"),
    ("defendants", "defendants", "被告", "Defendant"),
    ("judge", "judge", "承办法官", "Judge"),
    ("status", "status", "状态", "Status"),
    ("filed_on", "filed_on", "立案日期", "Filed on"),
]

PAGE_SIZE = 200
CaseIdRole = Qt.ItemDataRole.UserRole + 1
CaseNumberRole = Qt.ItemDataRole.UserRole + 2


class CaseListModel(QAbstractTableModel):
    def __init__(self, wb: Workbench, lang: str = "zh", page_size: int = PAGE_SIZE,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._wb = wb
        self._lang = lang
        self._page = page_size
        self._query = CaseQuery()
        self._rows: list[CaseSummary] = []
        self._total = 0
        self.refresh()

    # ---- querying ----------------------------------------------------------------------------
    @property
    def query(self) -> CaseQuery:
        return self._query

    @property
    def total(self) -> int:
        """How many cases match the query (not how many are loaded)."""
        return self._total

    def set_query(self, query: CaseQuery) -> None:
        # Keep the user's sort order when only the filters change.
        self._query = replace(query, sort=self._query.sort, descending=self._query.descending)
        self.refresh()

    def set_filters(self, text: str | None = None, judge: str | None = None,
                    status: str | None = None) -> None:
        q = self._query
        self.set_query(replace(q, text=q.text if text is None else text,
                               judge=q.judge if judge is None else judge,
                               status=q.status if status is None else status))

    def refresh(self) -> None:
        """Re-run the query from the first page (after a filter, a sort, or a change in the data)."""
        self.beginResetModel()
        self._total = self._wb.count_cases(self._query)
        self._rows = self._wb.list_cases(self._query, 0, self._page)
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        # Seek past the last loaded row (keyset paging): as fast at row 99,000 as at row 0.
        more = self._wb.list_cases(self._query, len(self._rows), self._page, after=self._rows[-1])
        if not more:
            # The data shrank under us (a case deleted elsewhere): stop asking for more.
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column][1]
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._query.sort and descending == self._query.descending and self._rows:
            return
        self._query = replace(self._query, sort=key, descending=descending)
        self.refresh()

    def sort_column(self) -> tuple[int, Qt.SortOrder]:
        col = next((i for i, c in enumerate(COLUMNS) if c[1] == self._query.sort), 0)
        return col, (Qt.SortOrder.DescendingOrder if self._query.descending
                     else Qt.SortOrder.AscendingOrder)

    # ---- access ------------------------------------------------------------------------------
    def summary(self, row: int) -> CaseSummary:
        return self._rows[row]

    def case_number(self, row: int) -> str:
        return self._rows[row].number

    def row_of(self, number: str) -> int:
        """Row of a loaded case, or -1 (only loaded pages are searched)."""
        return next((i for i, r in enumerate(self._rows) if r.number == number), -1)

    # ---- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        if 0 <= section < len(COLUMNS):
            return COLUMNS[section][3 if self._lang == "en" else 2]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        field = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(r, field)
            if field == "status":
                labels = STATUSES.get(value)
                return (labels[1] if self._lang == "en" else labels[0]) if labels else value
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            names = PROCEDURES_EN if self._lang == "en" else PROCEDURES
            return (f"{r.number}  {r.cause}  {names.get(r.procedure, r.procedure)}\n"
                    f"{r.plaintiffs} — {r.defendants}")
        if role == CaseIdRole:
            return r.id
        if role == CaseNumberRole:
            return r.number
        return None

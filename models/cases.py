"""The case list: a window onto `Workbench.list_cases` — the whole query's rows, read a page at
a time when the view asks for them.

Sorting and filtering happen in SQL (the core's CaseQuery). rowCount is the query's count, so the
scroll bar is the whole list from the start and Ctrl+End goes straight to the last case. A row is
read when the view paints it: its page of PAGE_SIZE rows is loaded — the page after a loaded page
by seeking past that page's last row (keyset), the page before one by seeking back from its first
row, any other by offset (the ids through the sort index, then those rows) — and kept in a
bounded cache (CACHE_PAGES, least recently used dropped), so it stays fast with 100,000 cases.
"""

from __future__ import annotations

from collections import OrderedDict
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
CACHE_PAGES = 50  # 10,000 rows at most in memory
CaseIdRole = Qt.ItemDataRole.UserRole + 1
CaseNumberRole = Qt.ItemDataRole.UserRole + 2


class CaseListModel(QAbstractTableModel):
    def __init__(self, wb: Workbench, lang: str = "zh", page_size: int = PAGE_SIZE,
                 parent: Any = None, cache_pages: int = CACHE_PAGES) -> None:
        super().__init__(parent)
        self._wb = wb
        self._lang = lang
        self._page = page_size
        self._cache_pages = max(2, cache_pages)
        self._query = CaseQuery()
        self._pages: OrderedDict[int, list[CaseSummary]] = OrderedDict()
        self._total = 0
        self._counted = False
        self.refresh()

    # ---- querying ----------------------------------------------------------------------------
    @property
    def query(self) -> CaseQuery:
        return self._query

    @property
    def total(self) -> int:
        """How many cases match the query (the rows of the list, loaded or not)."""
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
        """Re-run the query (after a filter, a sort, or a change in the data): one count; the
        rows are read again as the view shows them."""
        self.beginResetModel()
        self._pages.clear()
        self._total = self._wb.count_cases(self._query)
        self._counted = True
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column][1]
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._query.sort and descending == self._query.descending and self._counted:
            return
        self._query = replace(self._query, sort=key, descending=descending)
        self.refresh()

    def sort_column(self) -> tuple[int, Qt.SortOrder]:
        col = next((i for i, c in enumerate(COLUMNS) if c[1] == self._query.sort), 0)
        return col, (Qt.SortOrder.DescendingOrder if self._query.descending
                     else Qt.SortOrder.AscendingOrder)

    # ---- pages -------------------------------------------------------------------------------
    def _load(self, page: int) -> list[CaseSummary]:
        size = self._page
        prev, nxt = self._pages.get(page - 1), self._pages.get(page + 1)
        if prev is not None and len(prev) == size:
            rows = self._wb.list_cases(self._query, 0, size, after=prev[-1])
        elif nxt is not None and nxt:
            rows = self._wb.list_cases(self._query, 0, size, before=nxt[0])
            if len(rows) < size and page > 0:
                # Fewer rows before it than the page holds: the data changed under us; read
                # the page where it now stands instead.
                rows = self._wb.list_cases(self._query, page * size, size)
        else:
            rows = self._wb.list_cases(self._query, page * size, size)
        self._pages[page] = rows
        while len(self._pages) > self._cache_pages:
            self._pages.popitem(last=False)
        return rows

    def _summary(self, row: int) -> CaseSummary | None:
        if not 0 <= row < self._total:
            return None
        page, at = divmod(row, self._page)
        rows = self._pages.get(page)
        if rows is None:
            rows = self._load(page)
        else:
            self._pages.move_to_end(page)
        # A short page means cases were deleted since the count; the rest read as empty rows
        # until the list is refreshed.
        return rows[at] if at < len(rows) else None

    # ---- access ------------------------------------------------------------------------------
    def summary(self, row: int) -> CaseSummary:
        s = self._summary(row)
        if s is None:
            raise IndexError(row)
        return s

    def case_number(self, row: int) -> str:
        return self.summary(row).number

    def row_of(self, number: str) -> int:
        """Row of a case in the list, or -1 if the query does not list it: the loaded pages are
        searched first, else the case's place is counted in SQL (one indexed query)."""
        for page, rows in self._pages.items():
            for i, r in enumerate(rows):
                if r.number == number:
                    return page * self._page + i
        row = self._wb.case_position(self._query, number)
        return row if row < self._total else -1

    # ---- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._total

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
        if not index.isValid() or int(role) not in _ROLES:
            return None
        r = self._summary(index.row())
        if r is None:
            return None
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
        return r.number  # CaseNumberRole


_ROLES = {int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, CaseIdRole,
                            CaseNumberRole)}

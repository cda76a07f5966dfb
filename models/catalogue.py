"""The case file as a tree: volume → category (in the court's standard order) → document.

Catalogue sequence numbers and page numbers come from the core (`Workbench.catalogue`), which
derives them; this model only arranges them. Furniture categories (cover, catalogue, 备考表,
back cover) are made at assembly and never hold a filed document, so they are not shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from workbench.efile.catalogue import VOLUME_EN, VOLUMES, CatalogueEntry, category, filing_categories
from workbench.service import Workbench

Index = QModelIndex | QPersistentModelIndex

DocumentIdRole = Qt.ItemDataRole.UserRole + 1
FirstPageRole = Qt.ItemDataRole.UserRole + 2
VolumeRole = Qt.ItemDataRole.UserRole + 3
KindRole = Qt.ItemDataRole.UserRole + 4  # "volume" | "category" | "document"
EntryRole = Qt.ItemDataRole.UserRole + 5  # the CatalogueEntry of a document row

HEADERS = {"zh": ["目录", "页码", "日期"], "en": ["Catalogue", "Pages", "Date"]}


def page_range(entry: CatalogueEntry) -> str:
    if entry.first_page == entry.last_page:
        return str(entry.first_page)
    return f"{entry.first_page}–{entry.last_page}"


@dataclass
class _Node:
    kind: str
    label: str
    volume: str
    parent: int  # node id of the parent, -1 for a volume
    row: int
    children: list[int] = field(default_factory=list)
    entry: CatalogueEntry | None = None
    count: int = 0


class CatalogueModel(QAbstractItemModel):
    def __init__(self, wb: Workbench, case_ref: str | int | None = None, lang: str = "zh",
                 hide_empty: bool = False, parent: Any = None) -> None:
        super().__init__(parent)
        self._wb = wb
        self._lang = lang
        self._hide_empty = hide_empty
        self._ref = case_ref
        self._nodes: list[_Node] = []
        self._roots: list[int] = []
        if case_ref is not None:
            self.refresh()

    def load(self, case_ref: str | int) -> None:
        self._ref = case_ref
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._nodes, self._roots = [], []
        if self._ref is not None:
            for volume in VOLUMES:
                self._add_volume(volume, self._wb.catalogue(self._ref, volume))
        self.endResetModel()

    def _add(self, node: _Node) -> int:
        self._nodes.append(node)
        return len(self._nodes) - 1

    def _add_volume(self, volume: str, entries: list[CatalogueEntry]) -> None:
        en = self._lang == "en"
        vid = self._add(_Node("volume", VOLUME_EN[volume] if en else volume, volume, -1,
                              len(self._roots), count=len(entries)))
        self._roots.append(vid)
        for cat in filing_categories(volume):
            docs = [e for e in entries if e.category == cat.key]
            if not docs and self._hide_empty:
                continue
            vnode = self._nodes[vid]
            cid = self._add(_Node("category", cat.en if en else cat.name, volume, vid,
                                  len(vnode.children), count=len(docs)))
            vnode.children.append(cid)
            for e in docs:
                cnode = self._nodes[cid]
                did = self._add(_Node("document", f"{e.seq}  {e.title}", volume, cid,
                                      len(cnode.children), entry=e))
                cnode.children.append(did)

    # ---- lookups -----------------------------------------------------------------------------
    def entries(self, volume: str | None = None) -> list[CatalogueEntry]:
        return [n.entry for n in self._nodes
                if n.entry is not None and (volume is None or n.volume == volume)]

    def index_of_document(self, document_id: int) -> QModelIndex:
        for nid, n in enumerate(self._nodes):
            if n.entry is not None and n.entry.document_id == document_id:
                return self.createIndex(n.row, 0, nid)
        return QModelIndex()

    def volume_index(self, volume: str) -> QModelIndex:
        for nid in self._roots:
            if self._nodes[nid].volume == volume:
                return self.createIndex(self._nodes[nid].row, 0, nid)
        return QModelIndex()

    def entry(self, index: Index) -> CatalogueEntry | None:
        return self._node(index).entry if index.isValid() else None

    def _node(self, index: Index) -> _Node:
        return self._nodes[index.internalId()]

    # ---- Qt model interface ------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= 3:
            return QModelIndex()
        children = self._nodes[parent.internalId()].children if parent.isValid() else self._roots
        if not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        pid = self._node(index).parent
        if pid < 0:
            return QModelIndex()
        return self.createIndex(self._nodes[pid].row, 0, pid)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._roots)
        if parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS["en" if self._lang == "en" else "zh"][section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        n = self._node(index)
        if n.kind == "category" and n.count == 0:
            # Greyed but present, so the clerk sees where a document would go in the standard order.
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _category_label(self, e: Any) -> str:
        if self._lang != "en":
            return e.category_name
        try:
            return category(e.category).en
        except Exception:  # noqa: BLE001 - an unknown category shows as stored
            return e.category_name

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        n = self._node(index)
        col = index.column()
        e = n.entry
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                if n.kind == "document":
                    return n.label
                if not n.count:
                    return n.label
                return f"{n.label} ({n.count})" if self._lang == "en" else f"{n.label}（{n.count}）"
            if e is None:
                return None
            return page_range(e) if col == 1 else e.date
        if role == Qt.ItemDataRole.ToolTipRole:
            if e is not None:
                return f"{e.title}\n{e.author}  {e.date}\n{self._category_label(e)}"
            return n.label
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == DocumentIdRole:
            return e.document_id if e else None
        if role == FirstPageRole:
            return e.first_page if e else None
        if role == VolumeRole:
            return n.volume
        if role == KindRole:
            return n.kind
        if role == EntryRole:
            return e
        return None

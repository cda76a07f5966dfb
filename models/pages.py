"""The page strip of the cataloguing view: every page of an intake proposal in stack order.

A thin adapter over `workbench.intake.proposal.Proposal`: the rows are the proposal's pages, and
after any edit the view calls `refresh()`, which resets the rows (a 300-page stack resets in a
millisecond; thumbnails are cached by page, so nothing is redrawn that did not change).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QImage

from workbench.efile import catalogue as cat
from workbench.errors import in_language
from workbench.intake.importers import SourcePage, page_image
from workbench.intake.proposal import Proposal

Index = QModelIndex | QPersistentModelIndex

DocumentRole = Qt.ItemDataRole.UserRole + 1   # index of the page's document in the proposal
PositionRole = Qt.ItemDataRole.UserRole + 2   # position of the page within its document
FirstPageRole = Qt.ItemDataRole.UserRole + 3  # True on a document's first page
CategoryRole = Qt.ItemDataRole.UserRole + 4
CaseRole = Qt.ItemDataRole.UserRole + 5
FlaggedRole = Qt.ItemDataRole.UserRole + 6
AcceptedRole = Qt.ItemDataRole.UserRole + 7
PageRole = Qt.ItemDataRole.UserRole + 8       # the SourcePage itself

THUMB = QSize(96, 136)


def pil_to_qimage(im) -> QImage:
    """A PIL image as a QImage that owns its pixels."""
    rgb = im.convert("RGB")
    data = rgb.tobytes()
    q = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    return q.copy()


def category_name(key: str | None, lang: str = "zh") -> str:
    if not key:
        return "?" if lang == "en" else "？"
    try:
        c = cat.category(key)
    except Exception:  # noqa: BLE001 - an unknown key shows as itself
        return key
    return c.en.split(",")[0].split(";")[0] if lang == "en" else c.name.split("、")[0]


class PageStripModel(QAbstractListModel):
    def __init__(self, proposal: Proposal | None = None, parent: Any = None,
                 lang: str = "zh") -> None:
        super().__init__(parent)
        self._lang = lang
        self._proposal = proposal or Proposal()
        self._rows: list[tuple[int, int, SourcePage]] = self._proposal.flat()
        self._thumbs: dict[tuple[int, int], QImage] = {}

    # ---- data ------------------------------------------------------------------------------
    @property
    def proposal(self) -> Proposal:
        return self._proposal

    def set_proposal(self, proposal: Proposal) -> None:
        self.beginResetModel()
        self._proposal = proposal
        self._rows = proposal.flat()
        self._thumbs.clear()
        self.endResetModel()

    def refresh(self) -> None:
        self.beginResetModel()
        self._rows = self._proposal.flat()
        self.endResetModel()

    def row_of(self, page: SourcePage) -> int:
        for r, (_, _, p) in enumerate(self._rows):
            if p is page:
                return r
        return -1

    def page_at(self, row: int) -> tuple[int, int, SourcePage] | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def image(self, page: SourcePage, size: QSize | None = None) -> QImage:
        """The page upright as the clerk should see it; thumbnails are cached per rotation."""
        key = (id(page), page.rotation)
        if size is None or key not in self._thumbs:
            src = self._proposal.files.get(page.source_sha)
            im = page_image(page, src.data if src else None, dpi=100 if size is None else 40)
            q = pil_to_qimage(im)
            if size is None:
                return q
            self._thumbs[key] = q.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation)
        return self._thumbs[key]

    # ---- Qt --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        d, i, page = self._rows[index.row()]
        doc = self._proposal.documents[d]
        if role == Qt.ItemDataRole.DisplayRole:
            head = (f"{d + 1}·{category_name(doc.category, self._lang)}" if i == 0
                    else f"{d + 1}·{i + 1}")
            return head
        if role == Qt.ItemDataRole.DecorationRole:
            return self.image(page, THUMB)
        if role == Qt.ItemDataRole.ToolTipRole:
            en = self._lang == "en"
            return (f"{in_language(page.label, self._lang)}\n{doc.title or doc.kind}  "
                    f"{category_name(doc.category, self._lang)}  {doc.confidence:.0%}\n"
                    f"{doc.case_number or ('no case yet' if en else '未确定案件')}")
        if role == Qt.ItemDataRole.BackgroundRole:
            if doc.accepted:
                return QColor("#dff0d8")
            if doc.flagged:
                return QColor("#fcf3cf")
            return None
        return {DocumentRole: d, PositionRole: i, FirstPageRole: i == 0,
                CategoryRole: doc.category, CaseRole: doc.case_number, FlaggedRole: doc.flagged,
                AcceptedRole: doc.accepted, PageRole: page}.get(role)

"""The page viewer: one document's PDF, its thumbnails, zoom and paging, and the case-file page
number of the page on screen (the number the catalogue gives it, not the PDF's own index)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListView, QListWidget, QListWidgetItem,
                               QToolButton, QVBoxLayout, QWidget)

from ..pdf_bytes import load_pdf_bytes
from ..i18n import tr

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 6.0
THUMB_WIDTH = 96


class PageViewer(QWidget):
    page_changed = Signal(int)  # the case-file page number now shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None  # QPdfDocument reads from it lazily: keep it alive
        self.first_page = 1
        self.title = ""

        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(8)
        # Fitting the width with a scroll bar that comes and goes never settles at some sizes:
        # the bar appears, the page narrows and fits the height, the bar goes, the page widens,
        # and so on for ever on the GUI thread (issue 15, item 1). A bar that is always there
        # leaves the width to fit one value; the horizontal bar is off while fitting the width.
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.pageNavigator().currentPageChanged.connect(self._on_page)

        self.thumbs = QListWidget(self)
        self.thumbs.setObjectName("thumbnails")
        self.thumbs.setViewMode(QListView.ViewMode.IconMode)
        self.thumbs.setFlow(QListView.Flow.TopToBottom)
        self.thumbs.setWrapping(False)
        self.thumbs.setMovement(QListView.Movement.Static)
        self.thumbs.setIconSize(QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.414)))
        self.thumbs.setSpacing(4)
        self.thumbs.setFixedWidth(THUMB_WIDTH + 40)
        self.thumbs.currentRowChanged.connect(self._on_thumb)
        self._pending: list[int] = []
        # Thumbnails are rendered one per timer tick, so a 100-page document never blocks the GUI
        # for more than one small render (PDFium is serialised by Qt anyway, so a thread would
        # not render faster).
        self._thumb_timer = QTimer(self, interval=0)
        self._thumb_timer.timeout.connect(self._render_next_thumb)

        self.title_label = QLabel()
        self.title_label.setObjectName("documentTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        bar = QHBoxLayout()
        bar.addWidget(self.title_label, 1)
        for text, tip, slot, name in (
                ("−", tr("缩小（Ctrl+-）"), self.zoom_out, "zoomOut"),
                ("+", tr("放大（Ctrl++）"), self.zoom_in, "zoomIn"),
                (tr("适合宽度"), tr("适合宽度（Ctrl+0）"), self.fit_width, "fitWidth"),
                ("▲", tr("上一页（PgUp）"), self.previous_page, "prevPage"),
                ("▼", tr("下一页（PgDn）"), self.next_page, "nextPage")):
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.setObjectName(name)
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            bar.addWidget(b)
        bar.addSpacing(8)
        bar.addWidget(self.page_label)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.thumbs)
        body.addWidget(self.view, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addLayout(body, 1)
        self.clear()

    # ---- loading -----------------------------------------------------------------------------
    def show_pdf(self, data: bytes, first_page: int = 1, title: str = "") -> bool:
        """Show a document whose first page is page `first_page` of its volume."""
        self._thumb_timer.stop()
        self._buffer = load_pdf_bytes(self.document, data, self, self._buffer)
        self.first_page = first_page
        self.title = title
        self.title_label.setText(title)
        ok = self.document.status() == QPdfDocument.Status.Ready
        self._start_thumbnails()
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.go_to(0)
        self._update_label()
        return ok

    def clear(self) -> None:
        self._thumb_timer.stop()
        self.document.close()
        self.thumbs.clear()
        self.title_label.setText(tr("请在左侧目录中选择文书"))
        self.page_label.setText("")

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    # ---- paging ------------------------------------------------------------------------------
    def current_page(self) -> int:
        """0-based page of the document on screen."""
        return self.view.pageNavigator().currentPage()

    def file_page(self) -> int:
        """The case-file (volume) page number on screen."""
        return self.first_page + max(self.current_page(), 0)

    def go_to(self, page: int) -> None:
        if self.page_count == 0:
            return
        page = max(0, min(page, self.page_count - 1))
        self.view.pageNavigator().jump(page, QPointF(0, 0), 0)
        self._update_label()

    def next_page(self) -> None:
        self.go_to(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to(self.current_page() - 1)

    def page_label_text(self) -> str:
        if self.page_count == 0:
            return ""
        return (tr("第 {page} 页（卷内）", page=self.file_page()) + "  ·  "
                + tr("本文书第 {i}/{n} 页", i=self.current_page() + 1, n=self.page_count))

    def _update_label(self) -> None:
        self.page_label.setText(self.page_label_text())

    def _on_page(self, page: int) -> None:
        self._update_label()
        if 0 <= page < self.thumbs.count() and self.thumbs.currentRow() != page:
            self.thumbs.blockSignals(True)
            self.thumbs.setCurrentRow(page)
            self.thumbs.blockSignals(False)
        self.page_changed.emit(self.file_page())

    def _on_thumb(self, row: int) -> None:
        if row >= 0 and row != self.current_page():
            self.go_to(row)

    # ---- zoom --------------------------------------------------------------------------------
    def effective_zoom(self) -> float:
        """The zoom factor on screen, also when fitting the width (where Qt keeps its own)."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or self.page_count == 0:
            return self.view.zoomFactor()
        width_pt = self.document.pagePointSize(max(self.current_page(), 0)).width()
        if width_pt <= 0:
            return 1.0
        dpi = self.logicalDpiX() / 72.0
        margins = self.view.documentMargins()
        avail = self.view.viewport().width() - margins.left() - margins.right()
        return max(ZOOM_MIN, min(ZOOM_MAX, avail / (width_pt * dpi)))

    def set_zoom(self, factor: float) -> None:
        page = self.current_page()
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, factor)))
        self.go_to(page)

    def zoom_in(self) -> None:
        self.set_zoom(self.effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.effective_zoom() / ZOOM_STEP)

    def fit_width(self) -> None:
        page = self.current_page()
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.go_to(page)

    # ---- thumbnails --------------------------------------------------------------------------
    def _start_thumbnails(self) -> None:
        self.thumbs.blockSignals(True)
        self.thumbs.clear()
        placeholder = QPixmap(self.thumbs.iconSize())
        placeholder.fill(Qt.GlobalColor.lightGray)
        for i in range(self.page_count):
            item = QListWidgetItem(QIcon(placeholder), str(self.first_page + i))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            item.setToolTip(tr("第 {page} 页（卷内）", page=self.first_page + i))
            self.thumbs.addItem(item)
        self.thumbs.setCurrentRow(0)
        self.thumbs.blockSignals(False)
        self._pending = list(range(self.page_count))
        if self._pending:
            self._thumb_timer.start()

    def _render_next_thumb(self) -> None:
        if not self._pending:
            self._thumb_timer.stop()
            return
        page = self._pending.pop(0)
        size = self.document.pagePointSize(page)
        if size.width() <= 0:
            return
        target = QSize(THUMB_WIDTH, max(1, int(THUMB_WIDTH * size.height() / size.width())))
        image: QImage = self.document.render(page, target)
        item = self.thumbs.item(page)
        if item is not None and not image.isNull():
            item.setIcon(QIcon(QPixmap.fromImage(image)))

    @property
    def thumbnails_pending(self) -> int:
        return len(self._pending)

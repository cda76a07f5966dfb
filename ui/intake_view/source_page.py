"""The complaint's page on the left of the registration view, with the box a field was read
from drawn over it (the proposal's `sources`: page index and box in pixels of the page as read,
`size` giving that image's width and height)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from ..i18n import tr
from ..pdf_bytes import load_pdf_bytes


def normalised_box(source: dict | None) -> tuple[int, tuple[float, float, float, float] | None] | None:
    """(page index, box as shares of the page's width and height) of a source, or None."""
    if not source:
        return None
    page = int(source.get("page_index", 0))
    box, size = source.get("box"), source.get("size")
    if not box or not size or not size[0] or not size[1]:
        return page, None
    w, h = float(size[0]), float(size[1])
    return page, (box[0] / w, box[1] / h, box[2] / w, box[3] / h)


class _Canvas(QWidget):
    def __init__(self, owner: "SourcePageView") -> None:
        super().__init__(owner)
        self.owner = owner
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._image = QImage()
        self._key: tuple[int, int] | None = None

    def image_for(self, width: int) -> QImage:
        doc, page = self.owner.document, self.owner.page
        if doc.pageCount() == 0:
            return QImage()
        key = (page, width)
        if key != self._key:
            pt = doc.pagePointSize(page)
            height = max(1, int(width * pt.height() / max(1.0, pt.width())))
            self._image = doc.render(page, QSize(width, height))
            self._key = key
        return self._image

    def forget(self) -> None:
        self._key = None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(400, self.height_for(self.width() or 400))

    def height_for(self, width: int) -> int:
        doc = self.owner.document
        if doc.pageCount() == 0:
            return 200
        pt = doc.pagePointSize(self.owner.page)
        return max(1, int(width * pt.height() / max(1.0, pt.width())))

    def paintEvent(self, _e: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#808080"))
        img = self.image_for(max(1, self.width()))
        if not img.isNull():
            p.fillRect(0, 0, img.width(), img.height(), QColor("white"))  # PDFium renders on clear
            p.drawImage(0, 0, img)
        rect = self.owner.highlight_rect()
        if rect is not None:
            p.setPen(QPen(QColor(220, 30, 30), 2))
            p.setBrush(QColor(255, 220, 0, 90))
            p.drawRect(rect)
        p.end()


class SourcePageView(QWidget):
    """One page of a PDF at the width of the view, and a highlighted box on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.page = 0
        self.box: tuple[float, float, float, float] | None = None  # shares of the page
        self.caption = QLabel(self, objectName="sourcePageCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.canvas = _Canvas(self)
        self.canvas.setObjectName("sourcePage")
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.canvas)
        self.scroll.setWidgetResizable(False)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays with the form
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.caption)
        lay.addWidget(self.scroll, 1)
        self._update_caption()

    def load(self, data: bytes) -> bool:
        self._buffer = load_pdf_bytes(self.document, data, self, self._buffer)
        self.page, self.box = 0, None
        self._relayout()
        return self.document.status() == QPdfDocument.Status.Ready

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def show_source(self, source: dict | None) -> None:
        """Go to the page a field was read on and frame its box (none: the page, unframed)."""
        where = normalised_box(source)
        if where is None:
            self.box = None
        else:
            page, self.box = where
            if 0 <= page < self.page_count and page != self.page:
                self.page = page
                self._relayout()
        self.canvas.update()
        self._update_caption()
        rect = self.highlight_rect()
        if rect is not None:
            c = rect.center()
            self.scroll.ensureVisible(int(c.x()), int(c.y()), 50, int(rect.height() + 80))

    def highlight_rect(self) -> QRectF | None:
        if self.box is None or self.page_count == 0:
            return None
        w, h = self.canvas.width(), self.canvas.height()
        x0, y0, x1, y1 = self.box
        return QRectF(x0 * w - 2, y0 * h - 2, (x1 - x0) * w + 4, (y1 - y0) * h + 4)

    def resizeEvent(self, e) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(e)
        self._relayout()

    def _relayout(self) -> None:
        width = max(100, self.scroll.viewport().width())
        self.canvas.forget()
        self.canvas.resize(width, self.canvas.height_for(width))
        self.canvas.update()
        self._update_caption()

    def _update_caption(self) -> None:
        if self.page_count == 0:
            self.caption.setText(tr("尚未读入扫描件"))
        else:
            self.caption.setText(tr("起诉状第 {i}/{n} 页", i=self.page + 1, n=self.page_count))

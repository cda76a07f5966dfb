"""A QPdfDocument loaded from bytes in memory (a blob of the store, never a temp file).

QPdfDocument reads its QIODevice lazily, page by page, for as long as it shows the document, so
the buffer must outlive the load; the one it replaces is closed only after the new one is in."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject
from PySide6.QtPdf import QPdfDocument


def load_pdf_bytes(document: QPdfDocument, data: bytes, parent: QObject,
                   previous: QBuffer | None = None) -> QBuffer:
    """Load `data` into `document`; returns the buffer the caller keeps until the next load."""
    document.close()
    buf = QBuffer(parent)
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buf)
    if previous is not None:
        previous.close()
        previous.deleteLater()
    return buf

"""Reading a PDF someone hands us: page count, or a clear reason it cannot be filed."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ..errors import Text, UserError

logging.getLogger("pypdf").setLevel(logging.ERROR)


def opens_without_password(reader: PdfReader) -> bool:
    """A PDF encrypted with permissions only (common for bank statements) opens with the empty
    user password, and pypdf then reads it as usual (AES through `cryptography`); one that needs
    a password to open does not."""
    if not reader.is_encrypted:
        return True
    try:
        return bool(reader.decrypt(""))
    except (PyPdfError, NotImplementedError, ValueError):  # an algorithm pypdf cannot do
        return False


def pdf_page_count(data: bytes, name: str = "PDF") -> int:
    """Pages of a PDF, refusing empty, truncated, encrypted or page-less files by name."""
    if not data:
        raise UserError(Text(f"{name}: 文件为空（0 字节）", f"{name}: file is empty (0 bytes)"))
    if not data.lstrip()[:5] == b"%PDF-":
        raise UserError(Text(f"{name}: 不是 PDF 文件", f"{name}: not a PDF file"))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if not opens_without_password(reader):
            raise UserError(Text(f"{name}: PDF 设有打开密码，请提供未加密的文件",
                                 f"{name}: the PDF is protected by a password; supply an unencrypted copy"))
        count = len(reader.pages)
        for page in reader.pages:  # touching each page catches truncated files early
            page.mediabox
    except UserError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as e:
        raise UserError(Text(f"{name}: PDF 已损坏或不完整（{e}）",
                             f"{name}: PDF is damaged or truncated ({e})")) from None
    if count == 0:
        raise UserError(Text(f"{name}: PDF 没有页面", f"{name}: PDF has no pages"))
    return count


def read_pdf_file(path: Path) -> bytes:
    path = Path(path)
    if not path.is_file():
        raise UserError(Text(f"{path}: 文件不存在", f"{path}: no such file"))
    return path.read_bytes()

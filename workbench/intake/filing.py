"""Filing an accepted proposal: each document becomes a PDF in the e-file, its pages rows in the
search index, and entries in its case's hash chain — all documents of one acceptance in one
transaction, so a failure files none of them.

A scanned page goes into the document's PDF upright, with the OCR text laid over it invisibly
(text render mode 3) at the place each line was read, so the PDF itself is searchable and its
text reads back through pypdf like that of a generated document. A page that came as a PDF page
with a usable text layer is copied as it was. The original image of every page is kept as a blob
of its own (pages.blob) and named in the log, so the e-file can always show what was scanned.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..efile import catalogue as cat
from ..errors import Text, UserError
from ..law.numerals import CN_DATE, parse_chinese_date
from ..tasks import CancelToken, ProgressFn, check, report
from .importers import SourceFile, SourcePage, page_image
from .proposal import Proposal, ProposedDocument

if TYPE_CHECKING:
    from ..service import Workbench

_AUTHOR = re.compile(r"(?:具状人|答辩人|委托人|申请人|提交人|借款人)[:：]\s*(?:原告|被告)?([^\s,，。:：]{2,30})")
_DATE_AR = re.compile(r"(20\d\d|19\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@dataclass
class Filed:
    document_id: int
    case_number: str
    category: str
    title: str
    pages: int


def document_date(text: str, default: date) -> date:
    """The last date written on the document (where it is signed), else `default`."""
    found: list[date] = []
    for m in _DATE_AR.finditer(text):
        try:
            found.append(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            pass
    for m in CN_DATE.finditer(text):
        try:
            found.append(parse_chinese_date(m))
        except ValueError:
            pass
    found = [d for d in found if d <= default]
    return found[-1] if found else default


def document_author(text: str, court: str = "") -> str:
    m = _AUTHOR.search(text)
    if m:
        return m.group(1)
    return court if court and court in text else ""


def upright_image(page: SourcePage):
    """The page image as filed: turned upright and deskewed the way the OCR saw it."""
    from PIL import Image

    im = page_image(page)
    if im.mode not in ("L", "RGB"):
        im = im.convert("RGB")
    if page.skew:
        im = im.rotate(page.skew, resample=Image.BICUBIC, expand=True,
                       fillcolor=255 if im.mode == "L" else (255, 255, 255))
    return im


def _image_page_pdf(page: SourcePage) -> bytes:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    from ..efile.fonts import cjk_font_name

    im = upright_image(page)
    dpi = page.dpi or 200
    w_pt, h_pt = im.width * 72 / dpi, im.height * 72 / dpi
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(w_pt, h_pt), invariant=1, pageCompression=1)
    jpg = io.BytesIO()
    im.save(jpg, "JPEG", quality=80)
    c.drawImage(ImageReader(io.BytesIO(jpg.getvalue())), 0, 0, w_pt, h_pt)
    work_w = page.work_size[0] or im.width
    k = w_pt / work_w
    font = cjk_font_name()
    turned = page.rotation != page.ocr_rotation  # the clerk turned the page after it was read
    for n, line in enumerate(page.lines):
        x0, y0, x1, y1 = line.box
        if turned:
            # The boxes no longer fit the picture: keep the text (for search and pypdf) as
            # plain lines down the page, still invisible.
            lh = h_pt / max(40, len(page.lines) + 2)
            x0, x1, y0, y1 = 0.05 * w_pt / k, 0.95 * w_pt / k, (n + 1) * lh / k, (n + 1.8) * lh / k
        size = max(4.0, (y1 - y0) * k * 0.8)
        natural = stringWidth(line.text, font, size)
        if natural <= 0:
            continue
        t = c.beginText(x0 * k, h_pt - y1 * k + (y1 - y0) * k * 0.2)
        t.setTextRenderMode(3)  # invisible: searchable and selectable, never drawn over the scan
        t.setFont(font, size)
        t.setHorizScale(100.0 * (x1 - x0) * k / natural)
        t.textOut(line.text)
        c.drawText(t)
    c.showPage()
    c.save()
    return buf.getvalue()


def build_pdf(doc: ProposedDocument, files: dict[str, SourceFile]) -> bytes:
    """The document's PDF: image pages drawn with their text layer, PDF pages copied."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    readers: dict[str, PdfReader] = {}
    for page in doc.pages:
        if page.image is not None:
            writer.add_page(PdfReader(io.BytesIO(_image_page_pdf(page))).pages[0])
        else:
            src = files[page.source_sha]
            if page.source_sha not in readers:
                readers[page.source_sha] = PdfReader(io.BytesIO(src.data))
                if readers[page.source_sha].is_encrypted:
                    readers[page.source_sha].decrypt("")
            added = writer.add_page(readers[page.source_sha].pages[page.pdf_page or 0])
            if page.rotation:
                added.rotate(page.rotation)
    writer.add_metadata({"/Title": doc.title or doc.kind, "/Creator": "Judge Workbench intake"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fileable(doc: ProposedDocument) -> str | None:
    """Why a document cannot be filed as it stands, or None."""
    if not doc.pages:
        return Text("没有页面", "no pages")
    if doc.case_number is None:
        return Text("未确定案件", "no case")
    if doc.category is None:
        return Text("未确定类别", "no category")
    return None


def file_documents(wb: "Workbench", proposal: Proposal, documents: list[ProposedDocument],
                   *, today: date | None = None, progress: ProgressFn | None = None,
                   cancel: CancelToken | None = None) -> list[Filed]:
    """File `documents` (accepted by the clerk or by the CLI's rules) in one transaction."""
    from ..service import ReadyDocument, ScannedFiling, ScannedPage

    today = today or date.today()
    for d in documents:
        why = fileable(d)
        if why:
            raise UserError(Text(f"文书「{d.title or d.kind}」（{d.page_range()}）无法归档：{why.zh}",
                                 f"cannot file the document {d.title or d.kind!r} "
                                 f"({d.page_range()}): {why.en}"))
    cases = {n: wb.case(n) for n in {d.case_number for d in documents}}  # type: ignore[misc]
    for case in cases.values():
        wb.ensure_writable(case)  # early, before the slow work; the service checks again
    # Slow work first, outside the transaction: render PDFs, store blobs.
    prepared = []
    for i, d in enumerate(documents):
        check(cancel)
        report(progress, i, len(documents), d.title or d.kind)
        c = cat.category(d.category or "")  # validates the key
        pdf = build_pdf(d, proposal.files)
        blob = wb.blobs.put(pdf)
        page_blobs = [wb.blobs.put(p.image) if p.image is not None else None for p in d.pages]
        case = cases[d.case_number]  # type: ignore[index]
        ready = ReadyDocument(c.volume, c.key, d.title or d.kind or c.name,
                              document_author(d.text, case.court_name), 0, blob, len(d.pages),
                              "scanned" if any(p.image is not None for p in d.pages) else "imported",
                              d.page_range()[:200])
        pages = [ScannedPage(pb, p.text, p.confidence, p.rotation, p.method, p.source_sha, p.index,
                             p.source_name) for p, pb in zip(d.pages, page_blobs)]
        correction = None
        if d.proposed_category != d.category and d.signature:
            correction = (proposal.court or case.court_name, d.signature, d.category or "", d.kind)
        prepared.append((d, ScannedFiling(case.number, ready, document_date(d.text, today).isoformat(),
                                          pages, d.how, d.confidence, correction)))
    report(progress, len(documents), len(documents), "")
    ids = wb.file_scanned([f for _, f in prepared])
    out = [Filed(doc_id, f.case_number, f.document.category, f.document.title, len(d.pages))
           for doc_id, (d, f) in zip(ids, prepared)]
    for d in documents:
        d.accepted = True
    return out


def known_pages(wb: "Workbench") -> dict[str, set[int]]:
    """Source files already filed, as {file sha: page indices}, for duplicate detection."""
    out: dict[str, set[int]] = {}
    for sha, idx in wb.db.query("SELECT source_sha, source_page FROM pages WHERE source_sha IS NOT NULL"):
        out.setdefault(sha, set()).add(idx)
    return out


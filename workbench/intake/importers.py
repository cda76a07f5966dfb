"""Reading what a clerk brings in — PDFs (with or without a text layer) and images (JPEG, PNG,
multi-page TIFF) — into pages, one file at a time and all or nothing per file.

A file that cannot be read whole is refused with a message naming it and the reason, and none of
its pages enter the batch: a half-read file would be filed as a document with pages missing,
which is worse than no document. Nothing is written here; the blobs and rows appear at filing.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..store.blobs import sha256_bytes
from ..tasks import CancelToken, ProgressFn, check, report
from ..errors import Text, in_language

# 80 megapixels: an A3 sheet at 600 dpi is 70 MP. Anything larger is not a scan but a mistake (or
# a decompression bomb), and decoding it would take gigabytes of memory on an office PC.
MAX_PIXELS = 80_000_000
MAX_PDF_PAGES = 2000
# Text-less PDF pages are rasterised at this resolution: 16 pt body text becomes ~33 px high,
# which the OCR reads as well as 300 dpi at a third of the cost.
RASTER_DPI = 150
DEFAULT_DPI = 200
# A text layer shorter than this (non-space characters) is treated as missing: scanners put a
# stray page number or nothing at all on image pages.
MIN_TEXT_LAYER = 12

KINDS = {"pdf": "PDF", "jpeg": Text("JPEG 图像", "JPEG image"), "png": Text("PNG 图像", "PNG image"),
         "tiff": Text("TIFF 图像", "TIFF image")}
EXTENSIONS = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".jpe": "jpeg", ".png": "png",
              ".tif": "tiff", ".tiff": "tiff"}


@dataclass
class OcrLine:
    """One line of text as read, with its box in the (rotated) page image's pixels."""
    text: str
    score: float
    box: tuple[float, float, float, float]  # x0, y0, x1, y1

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


@dataclass
class SourcePage:
    """One page of an imported file, and later what reading it found."""
    source_name: str
    source_sha: str
    index: int                      # 0-based page number within its file
    image: bytes | None = None      # the page image as imported (or rasterised from a PDF)
    image_format: str = ""          # "jpeg" | "png"
    size: tuple[int, int] = (0, 0)  # pixels of `image`
    dpi: float = DEFAULT_DPI
    text_layer: str | None = None   # the PDF's own text, when usable
    pdf_page: int | None = None     # index in the source PDF when the page is kept as a PDF page
    # Filled by ocr.read_pages:
    text: str = ""
    lines: list[OcrLine] = field(default_factory=list)
    confidence: float | None = None
    rotation: int = 0               # degrees clockwise applied to make the page upright
    ocr_rotation: int = 0           # the rotation the OCR line boxes were measured in
    skew: float = 0.0
    method: str = ""                # "ocr" | "text-layer"
    blank: bool = False
    separator: object | None = None  # separators.Separator when the page is a separator sheet
    ink: float = 0.0                # share of dark pixels, for blank-page detection
    codes: list[str] = field(default_factory=list)  # QR code texts found on the page
    work_size: tuple[int, int] = (0, 0)  # pixels of the upright image the OCR read

    @property
    def label(self) -> Text:
        return Text(f"{self.source_name} 第{self.index + 1}页", f"{self.source_name} page {self.index + 1}")


@dataclass
class SourceFile:
    path: Path
    name: str
    sha: str
    kind: str
    data: bytes
    pages: list[SourcePage]


@dataclass
class ImportProblem:
    path: str
    reason: str

    @property
    def message(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class ImportResult:
    files: list[SourceFile] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    duplicates: list[ImportProblem] = field(default_factory=list)

    @property
    def pages(self) -> list[SourcePage]:
        return [p for f in self.files for p in f.pages]


class BadFile(Exception):
    """Raised inside the importers; caught per file and turned into an ImportProblem."""


def sniff(data: bytes) -> str | None:
    """The kind of file its bytes say it is, whatever its name says."""
    if data[:1024].lstrip(b"\x00\t\r\n ").startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    return None


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given, folders as their supported files in name order (a scanner numbers them)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted((f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                           and f.suffix.lower() in EXTENSIONS), key=lambda f: str(f))
        else:
            out.append(p)
    return out


def import_paths(paths: Iterable[Path | str], *, known_pages: dict[str, set[int]] | None = None,
                 progress: ProgressFn | None = None,
                 cancel: CancelToken | None = None) -> ImportResult:
    """Read every file; bad ones become problems, duplicates are skipped, the rest become pages.

    `known_pages` maps a file's SHA-256 to the page indices already filed from it, so that a file
    brought in twice is recognised and only pages never filed are read again.
    """
    files = expand_paths(paths)
    known = known_pages or {}
    result = ImportResult()
    seen: dict[str, str] = {}
    for i, path in enumerate(files):
        check(cancel)
        report(progress, i, len(files), path.name)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            result.problems.append(ImportProblem(str(path), Text("文件不存在", "file not found")))
            continue
        except OSError as e:
            result.problems.append(ImportProblem(str(path), Text(f"无法读取：{e.strerror or e}",
                                                                 f"cannot read: {e.strerror or e}")))
            continue
        sha = sha256_bytes(data)
        if sha in seen:
            result.duplicates.append(ImportProblem(
                str(path), Text(f"与本批的 {seen[sha]} 内容相同，已跳过",
                                f"identical to {seen[sha]} in this batch, skipped")))
            continue
        seen[sha] = path.name
        try:
            source = read_file(path, data, sha)
        except BadFile as e:
            result.problems.append(ImportProblem(str(path), str(e)))
            continue
        done = known.get(sha, set())
        if done:
            source.pages = [p for p in source.pages if p.index not in done]
            if not source.pages:
                result.duplicates.append(ImportProblem(
                    str(path), Text("此文件已全部归档，未重复导入",
                                    "this file was already filed; not imported again")))
                continue
        result.files.append(source)
    report(progress, len(files), len(files), "")
    return result


def read_file(path: Path, data: bytes, sha: str | None = None) -> SourceFile:
    """One file's pages, or BadFile with a bilingual reason."""
    if not data:
        raise BadFile(Text("文件为空（0 字节）", "the file is empty (0 bytes)"))
    kind = sniff(data)
    claimed = EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        what = f"扩展名为 {path.suffix}，但" if claimed else ""
        raise BadFile(Text(f"{what}内容不是 PDF 或 JPEG/PNG/TIFF 图像",
                           "the content is not a PDF nor a JPEG, PNG or TIFF image"))
    if claimed is not None and claimed != kind:
        raise BadFile(Text(f"扩展名 {path.suffix} 与内容不符：实为 {in_language(KINDS[kind], 'zh')}；请更正扩展名后再导入",
                           f"the extension {path.suffix} does not match the content, which is {in_language(KINDS[kind], 'en')}; rename the file and import it again"))
    if claimed is None:
        raise BadFile(Text(f"不支持的文件类型 {path.suffix or '（无扩展名）'}",
                           f"unsupported file type {path.suffix or '(no extension)'}"))
    sha = sha or sha256_bytes(data)
    pages = _read_pdf(path.name, sha, data) if kind == "pdf" else _read_image(path.name, sha, data, kind)
    if not pages:
        raise BadFile(Text("没有页面", "the file has no pages"))
    return SourceFile(path, path.name, sha, kind, data, pages)


# ---- images -----------------------------------------------------------------------------------
def _open_image(data: bytes):
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None  # we check the size ourselves, with a clearer message
    try:
        return Image.open(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001 - PIL raises many kinds for bad data
        raise BadFile(Text(f"图像无法识别或已损坏：{e}", f"the image cannot be read: {e}")) from None


def _check_size(w: int, h: int, where: str = "") -> None:
    if w * h > MAX_PIXELS:
        raise BadFile(Text(f"{where}图像过大（{w}×{h} 像素，上限 {MAX_PIXELS // 1000000} 百万像素）",
                           f"{where and 'a frame of '}the image is too large ({w}×{h} pixels, limit {MAX_PIXELS // 1000000} megapixels)"))
    if w < 16 or h < 16:
        raise BadFile(Text(f"图像过小（{w}×{h} 像素）", f"the image is too small ({w}×{h} pixels)"))


def _dpi(im) -> float:
    dpi = im.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 50 <= value <= 1200 else DEFAULT_DPI


def _load(im, where: str = "") -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            im.load()
    except Exception as e:  # noqa: BLE001
        raise BadFile(Text(f"{where}图像数据不完整或已损坏",
                           f"{where and 'a frame: '}the image data is truncated or damaged: {e}")) from None


def _read_image(name: str, sha: str, data: bytes, kind: str) -> list[SourcePage]:
    from PIL import ImageSequence

    im = _open_image(data)
    _check_size(*im.size)
    if kind in ("jpeg", "png"):
        _load(im)
        # A single JPEG or PNG is kept byte for byte: the page image is the original.
        return [SourcePage(name, sha, 0, data, kind, im.size, _dpi(im))]
    pages = []
    for i, frame in enumerate(ImageSequence.Iterator(im)):
        where = f"第 {i + 1} 帧 "
        _check_size(*frame.size, where=where)
        _load(frame, where)
        rgb = frame.convert("L" if frame.mode in ("1", "L", "I;16") else "RGB")
        buf = io.BytesIO()
        # TIFF frames are often CCITT bilevel or LZW: PNG keeps them lossless and viewable.
        rgb.save(buf, "PNG", optimize=False, compress_level=3)
        pages.append(SourcePage(name, sha, i, buf.getvalue(), "png", frame.size, _dpi(frame)))
        if len(pages) > MAX_PDF_PAGES:
            raise BadFile(Text(f"页数超过 {MAX_PDF_PAGES}", f"more than {MAX_PDF_PAGES} pages"))
    return pages


# ---- PDFs -------------------------------------------------------------------------------------
def _read_pdf(name: str, sha: str, data: bytes) -> list[SourcePage]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if b"%%EOF" not in data[-2048:]:
        raise BadFile(Text("PDF 文件不完整（缺少文件结尾，可能传输中断）",
                           "the PDF is truncated (no end-of-file marker; the copy was probably interrupted)"))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            from ..efile.pdfcheck import opens_without_password  # permissions-only opens
            if not opens_without_password(reader):
                raise BadFile(Text("PDF 已加密，需要密码才能打开；请提供未加密的文件",
                                   "the PDF is encrypted and needs a password; supply an unencrypted copy"))
        n = len(reader.pages)
    except BadFile:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as e:
        raise BadFile(Text(f"PDF 已损坏，无法读取：{e}", f"the PDF is damaged and cannot be read: {e}")) from None
    if n > MAX_PDF_PAGES:
        raise BadFile(Text(f"页数 {n} 超过上限 {MAX_PDF_PAGES}", f"{n} pages, more than {MAX_PDF_PAGES}"))
    pages = []
    for i in range(n):
        try:
            text = reader.pages[i].extract_text() or ""
        except Exception as e:  # noqa: BLE001 - pypdf raises many kinds on damaged content
            raise BadFile(Text(f"第 {i + 1} 页已损坏：{e}", f"page {i + 1} is damaged: {e}")) from None
        if usable_text_layer(text):
            page = SourcePage(name, sha, i, text_layer=text, pdf_page=i, method="text-layer")
            page.lines, page.work_size = text_layer_lines(data, i)
            pages.append(page)
        else:
            img, size = rasterise_pdf_page(data, i, RASTER_DPI)
            pages.append(SourcePage(name, sha, i, img, "png", size, RASTER_DPI))
    return pages


def text_layer_lines(data: bytes, index: int, dpi: float = RASTER_DPI
                     ) -> tuple[list[OcrLine], tuple[int, int]]:
    """The text layer's runs as lines with boxes, in pixels of the page drawn at `dpi` (the same
    geometry OCR gives a scan), so layout features read a born-digital PDF like a scanned one.
    Empty if PDFium cannot read the page's text: the plain text layer still serves."""
    import pypdfium2 as pdfium

    from .ocr import reading_order

    try:
        doc = pdfium.PdfDocument(data)
        try:
            page = doc[index]
            w, h = page.get_size()
            tp = page.get_textpage()
            s = dpi / 72
            items = []
            for k in range(tp.count_rects()):
                x0, y0, x1, y1 = tp.get_rect(k)
                t = tp.get_text_bounded(x0, y0, x1, y1).strip()
                if t:
                    items.append((t, 1.0, (x0 * s, (h - y1) * s, x1 * s, (h - y0) * s)))
        finally:
            doc.close()
    except Exception:  # noqa: BLE001 - layout is a help, never a reason to refuse a file
        return [], (0, 0)
    return [OcrLine(t, sc, b) for t, sc, b in reading_order(items)], (round(w * s), round(h * s))


def usable_text_layer(text: str) -> bool:
    """A text layer worth trusting: long enough, and mostly real characters (a layer written with
    a broken font map extracts as symbols or private-use code points)."""
    chars = [c for c in text if not c.isspace()]
    if len(chars) < MIN_TEXT_LAYER:
        return False
    good = sum(1 for c in chars if c.isalnum() or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
               or c in ".,:;()[]-—/%'\"“”‘’")
    bad = sum(1 for c in chars if "\ue000" <= c <= "\uf8ff" or c == "\ufffd")
    return bad == 0 and good >= 0.8 * len(chars)


def rasterise_pdf_page(data: bytes, index: int, dpi: float = RASTER_DPI) -> tuple[bytes, tuple[int, int]]:
    """One PDF page as a PNG (grey), through PDFium; BadFile if PDFium cannot draw it."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
        try:
            page = doc[index]
            w, h = page.get_size()
            if (w * dpi / 72) * (h * dpi / 72) > MAX_PIXELS:
                dpi = 72 * (MAX_PIXELS / (w * h)) ** 0.5 * 0.99
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            im = bitmap.to_pil()
        finally:
            doc.close()
    except BadFile:
        raise
    except Exception as e:  # noqa: BLE001 - PDFium reports failures as generic errors
        raise BadFile(Text(f"第 {index + 1} 页无法绘制：{e}", f"page {index + 1} cannot be drawn: {e}")) from None
    buf = io.BytesIO()
    im.save(buf, "PNG", compress_level=3)
    return buf.getvalue(), im.size


def page_image(page: SourcePage, source_data: bytes | None = None, dpi: float = 100):
    """A PIL image of the page for display (PDF text pages are drawn on demand), upright."""
    from PIL import Image

    if page.image is not None:
        im = Image.open(io.BytesIO(page.image))
        im.load()
    elif source_data is not None and page.pdf_page is not None:
        png, _ = rasterise_pdf_page(source_data, page.pdf_page, dpi)
        im = Image.open(io.BytesIO(png))
        im.load()
    else:
        im = Image.new("L", (595, 842), 255)
    if page.rotation:
        im = im.rotate(-page.rotation, expand=True, fillcolor="white")
    return im

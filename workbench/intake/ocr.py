"""Reading page images offline: orientation, deskew, blank pages, QR codes, and OCR.

The engine is rapidocr-onnxruntime 1.4.4 (PP-OCRv4 models shipped inside its wheel, so nothing is
ever downloaded). We drive its three stages ourselves instead of calling it whole, because a page
needs decisions the engine does not make: a sideways page shows up as tall text boxes, a skewed
one as sloping boxes, an upside-down one as text lines its direction classifier calls 180°; each
is corrected once for the whole page, so the stored text keeps reading order.

Work runs page by page with progress and a cancel check between pages. With more than one worker
the pages go to processes started with `spawn` (onnxruntime holds the GIL through long calls and
keeps per-process thread pools; two single-threaded processes on two cores read ~1.6× faster
than one process with two threads).
"""

from __future__ import annotations

import io
import math
import os
import re
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any

from ..errors import Cancelled, Text, UserError
from ..tasks import CancelToken, ProgressFn, check, report
from .importers import OcrLine, SourcePage

ENGINE = "rapidocr-onnxruntime"
WORK_SIDE = 1800        # long side of the image the OCR sees; scans are downscaled to this
DET_SIDE = 1120         # long side of the copy text detection runs on (a third of the pixels)
BLANK_INK = 0.0004      # share of dark pixels (after despeckling) under which a page is blank
SKEW_MIN = 0.4          # degrees of skew worth a rotation
SEPARATOR_PREFIX = "WBSEP1"  # separators.PREFIX, repeated so a worker imports nothing more
_engine: Any = None


@dataclass
class Reading:
    """What reading one page image found; plain data so it crosses a process boundary."""
    text: str = ""
    lines: list[tuple[str, float, tuple[float, float, float, float]]] = field(default_factory=list)
    confidence: float | None = None
    rotation: int = 0
    skew: float = 0.0
    blank: bool = False
    ink: float = 0.0
    codes: list[str] = field(default_factory=list)
    size: tuple[int, int] = (0, 0)  # of the upright working image, for layout features


def engine(threads: int = 0):
    """The process's OCR engine, made once (loading the three models takes ~0.3 s)."""
    global _engine
    if _engine is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise UserError(Text("未安装文字识别引擎 rapidocr-onnxruntime",
                                 "the OCR engine rapidocr-onnxruntime is not installed (pip install rapidocr-onnxruntime)")) from None
        kwargs = {"intra_op_num_threads": threads, "inter_op_num_threads": 1} if threads else {}
        _engine = RapidOCR(**kwargs)
    return _engine


def _grey(data: bytes):
    import numpy as np
    from PIL import Image

    im = Image.open(io.BytesIO(data))
    if im.mode in ("1", "L", "LA", "I", "I;16", "F"):
        im = im.convert("L")
    else:
        # The red channel of a colour scan: red stamps and seals vanish into the paper while black
        # and blue ink stay dark, so a seal over a signature does not garble the line under it.
        im = im.convert("RGB").getchannel("R")
    scale = WORK_SIDE / max(im.size)
    if scale < 1:
        im = im.resize((round(im.width * scale), round(im.height * scale)), Image.LANCZOS)
    a = np.asarray(im).astype(np.float32)
    # Levels: whatever is lighter than 85 % of the paper's brightness becomes paper. Grey paper,
    # scanner noise and what remains of a red stamp in the red channel drop out; ink stays.
    white = max(64.0, 0.85 * float(np.median(a)))
    # A faint copy (a copy of a copy, a toner-starved printer) has no black at all: its ink is
    # mid-grey, and levels alone would leave it lighter than the blank-page threshold. When
    # almost nothing is dark but a fair share of pixels is clearly darker than the paper, that
    # ink (the median of those pixels, so that specks of dust do not set it) is stretched to black.
    sample = a[::2, ::2]
    if float((sample < 110).mean()) < 0.002:
        greyish = sample[sample < white - 50]
        if greyish.size > 0.0015 * sample.size:
            dark = float(np.median(greyish))
            if white - dark > 40:
                return np.clip((a - dark) * (225.0 / (white - dark)) + 30, 0, 255).astype(np.uint8)
    return np.clip(a * (255.0 / white), 0, 255).astype(np.uint8)


def decode_codes(grey) -> list[str]:
    """Texts of the QR codes on a page (zxing-cpp); empty if the library is missing."""
    try:
        import zxingcpp
    except ImportError:
        return []
    try:
        found = zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode)
    except Exception:  # noqa: BLE001 - a decoder failure must not stop the batch
        return []
    return [r.text for r in found if r.text]


def _box_stats(boxes) -> tuple[int, int, float]:
    import numpy as np

    wide = tall = 0
    angles = []
    for b in boxes:
        w = float(np.linalg.norm(b[1] - b[0]))
        h = float(np.linalg.norm(b[3] - b[0]))
        if h > 1.5 * w:
            tall += 1
        elif w > 1.5 * h:
            wide += 1
            if w > 4 * h:
                angles.append(math.degrees(math.atan2(b[1][1] - b[0][1], b[1][0] - b[0][0])))
    skew = float(np.median(angles)) if angles else 0.0
    return wide, tall, skew


def _rotate(img, degrees: float):
    """Rotate counter-clockwise by `degrees` about the centre, growing the canvas, white fill."""
    import cv2
    import numpy as np

    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(img, m, (nw, nh), flags=cv2.INTER_LINEAR,
                          borderValue=(255, 255, 255) if img.ndim == 3 else 255).astype(np.uint8)


def _detect(eng, img) -> list:
    """Text boxes found on a downscaled copy, in the full image's pixels: detection costs by the
    pixel and finds 16 pt lines as well at 1120 px as at 1800; recognition needs the detail."""
    import cv2
    import numpy as np

    scale = min(1.0, DET_SIDE / max(img.shape[:2]))
    small = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else img
    boxes, _ = eng.text_det(np.ascontiguousarray(small))
    if boxes is None:
        return []
    return [np.asarray(b, dtype=np.float32) / scale for b in boxes]


def read_image(data: bytes, *, want_text: bool = True) -> Reading:
    """Orientation, skew, blank check, QR codes and text of one page image."""
    import numpy as np

    import cv2

    grey = _grey(data)
    out = Reading(size=(grey.shape[1], grey.shape[0]))
    out.ink = float((cv2.medianBlur(grey, 3) < 110).mean())
    out.codes = decode_codes(grey)
    if out.ink < BLANK_INK / 8 and not out.codes:
        out.blank = True  # not a mark on it: no need to look for text
        return out
    if not want_text or any(c.startswith(SEPARATOR_PREFIX + "|") for c in out.codes):
        return out  # a separator sheet says all it has to say in its QR code
    eng = engine()
    img = np.ascontiguousarray(np.stack([grey] * 3, axis=-1))
    boxes = _detect(eng, img)
    if len(boxes) == 0:
        # Little ink and no text: blank (a speck or a punch hole). Three short signature lines
        # have as little ink, so ink alone never drops a page.
        out.blank = out.ink < 10 * BLANK_INK
        return out
    wide, tall, skew = _box_stats(boxes)
    rotation = 0
    if tall > wide:  # lines run down the page: it was scanned sideways
        img = np.ascontiguousarray(np.rot90(img, 1))  # counter-clockwise 90 = clockwise 270
        rotation = 270
        boxes = _detect(eng, img)
        _, _, skew = _box_stats(boxes)
    if abs(skew) >= SKEW_MIN:
        img = _rotate(img, skew)
        out.skew = skew
        boxes = _detect(eng, img)
    if len(boxes) == 0:
        return out
    crops = eng.get_crop_img_list(img, boxes)
    _, cls_res, _ = eng.text_cls([c.copy() for c in crops])
    flipped = sum(1 for label, score in cls_res if label == "180" and score > 0.6)
    if flipped > len(cls_res) / 2:
        h, w = img.shape[:2]
        img = np.ascontiguousarray(np.rot90(img, 2))
        boxes = [np.array([[w - x, h - y] for x, y in b[[2, 3, 0, 1]]], dtype=np.float32)
                 for b in boxes]
        crops = eng.get_crop_img_list(img, boxes)
        rotation = (rotation + 180) % 360
    # The direction classifier is right about a page by majority but wrong about single lines now
    # and then (it turned whole upright lines over), so its per-line verdict is not applied;
    # a line that reads badly is tried once more upside down instead.
    rec, _ = eng.text_rec(crops)
    weak = [i for i, (_, score) in enumerate(rec) if score < 0.6]
    if weak:
        again, _ = eng.text_rec([np.ascontiguousarray(np.rot90(crops[i], 2)) for i in weak])
        for i, r in zip(weak, again):
            if r[1] > rec[i][1]:
                rec[i] = r
    out.rotation = rotation
    out.size = (img.shape[1], img.shape[0])
    items = []
    for b, (text, score) in zip(boxes, rec):
        text = text.strip()
        if not text or score < 0.5:
            continue
        xs, ys = [p[0] for p in b], [p[1] for p in b]
        items.append((text, float(score), (float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys)))))
    out.lines = reading_order(items)
    out.text = "\n".join(t for t, _, _ in out.lines)
    total = sum(len(t) for t, _, _ in items)
    out.confidence = round(sum(s * len(t) for t, s, _ in items) / total, 4) if total else None
    return out


def reading_order(items: list[tuple[str, float, tuple[float, float, float, float]]]):
    """Boxes grouped into lines (centres within half a line height) and each line left to right;
    boxes on one line are joined with a space (table cells, amounts)."""
    if not items:
        return []
    heights = sorted(b[3] - b[1] for _, _, b in items)
    tol = heights[len(heights) // 2] * 0.5
    rows: list[list[tuple[str, float, tuple[float, float, float, float]]]] = []
    for it in sorted(items, key=lambda i: (i[2][1] + i[2][3]) / 2):
        cy = (it[2][1] + it[2][3]) / 2
        if rows:
            last = rows[-1]
            ly = sum((b[1] + b[3]) / 2 for _, _, b in last) / len(last)
            if abs(cy - ly) <= tol:
                last.append(it)
                continue
        rows.append([it])
    out = []
    for row in rows:
        row.sort(key=lambda i: i[2][0])
        row = _drop_overlaps(row)
        text = fix_text(" ".join(t for t, _, _ in row))
        score = sum(s for _, s, _ in row) / len(row)
        box = (min(b[0] for _, _, b in row), min(b[1] for _, _, b in row),
               max(b[2] for _, _, b in row), max(b[3] for _, _, b in row))
        out.append((text, round(score, 4), box))
    return out


def _drop_overlaps(row):
    """The detector now and then returns a second box over part of a line (传票 and again 票 for
    a spaced-out title). A box that overlaps a wider one on the same line and whose text that
    box's text already contains, or that lies mostly inside it, is dropped."""
    keep = []
    for it in sorted(row, key=lambda i: i[2][2] - i[2][0], reverse=True):
        x0, x1 = it[2][0], it[2][2]
        dup = False
        for k in keep:
            overlap = min(x1, k[2][2]) - max(x0, k[2][0])
            if overlap > 0.6 * (x1 - x0) or (overlap > 0.25 * (x1 - x0) and it[0] in k[0]):
                dup = True
                break
        if not dup:
            keep.append(it)
    return sorted(keep, key=lambda i: i[2][0])


_CN_DIGITS = "〇一二三四五六七八九十"
_ZERO = re.compile(rf"(?<=[{_CN_DIGITS}])[0OoО〇]*[0OoО](?=[{_CN_DIGITS}年])")


def fix_text(text: str) -> str:
    """Undo the recogniser's habitual confusions: 〇 read as the digit 0 or the letter O inside
    a date written in Chinese numerals (二0二六年 → 二〇二六年); half-width brackets in Chinese."""
    text = _ZERO.sub(lambda m: "〇" * len(m.group(0)), text)
    text = text.replace("丶", "、")  # a radical never written in a document; the enumeration comma is
    text = re.sub(r"\((\d{4})\)", r"（\1）", text)
    return text


# ---- batch ------------------------------------------------------------------------------------
def _work(args: tuple[bytes, bool]) -> Reading:
    return read_image(args[0], want_text=args[1])


def _init_worker() -> None:
    from ..tasks import exit_with_parent

    exit_with_parent(kernel_signal=True)  # a killed intake leaves no worker (issue 11)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    engine(threads=1)


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def apply(page: SourcePage, r: Reading) -> None:
    page.text = r.text
    page.lines = [OcrLine(t, s, b) for t, s, b in r.lines]
    page.confidence = r.confidence
    page.rotation = page.ocr_rotation = r.rotation
    page.skew = r.skew
    page.blank = r.blank
    page.ink = r.ink
    page.method = "ocr" if r.lines else page.method
    page.codes = list(r.codes)
    page.work_size = r.size


def read_pages(pages: list[SourcePage], *, workers: int | None = None,
               progress: ProgressFn | None = None, cancel: CancelToken | None = None,
               cache: dict[str, Reading] | None = None) -> None:
    """Read every page that has an image and no usable text layer, in place.

    `cache` maps the SHA-256 of a page image to its Reading, so that tests and re-imports of the
    same scan do not read it twice.
    """
    from ..store.blobs import sha256_bytes

    todo = [p for p in pages if p.image is not None]
    for p in pages:
        if p.image is None and p.text_layer is not None:
            p.text, p.method = p.text_layer, "text-layer"
    total = len(todo)
    workers = default_workers() if workers is None else max(1, workers)
    keys = [sha256_bytes(p.image) for p in todo]  # type: ignore[arg-type]
    pending = [(i, p) for i, p in enumerate(todo) if not (cache and keys[i] in cache)]
    done = 0
    for i, p in enumerate(todo):
        if cache and keys[i] in cache:
            apply(p, cache[keys[i]])
            done += 1
    report(progress, done, total, "")
    if workers == 1 or len(pending) < 3:
        for i, p in pending:
            check(cancel)
            r = read_image(p.image)  # type: ignore[arg-type]
            apply(p, r)
            if cache is not None:
                cache[keys[i]] = r
            done += 1
            report(progress, done, total, p.label)
        return
    ex = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                             initializer=_init_worker)
    try:
        futures: dict[Future, tuple[int, SourcePage]] = {}
        queue = list(pending)
        # Keep at most two pages per worker in flight, so that cancelling stops within a page.
        while queue or futures:
            while queue and len(futures) < 2 * workers:
                i, p = queue.pop(0)
                futures[ex.submit(_work, (p.image, True))] = (i, p)
            finished, _ = wait(futures, timeout=0.2, return_when=FIRST_COMPLETED)
            if cancel is not None and cancel.cancelled:
                raise Cancelled(Text("操作已取消", "cancelled"))
            for f in finished:
                i, p = futures.pop(f)
                r = f.result()
                apply(p, r)
                if cache is not None:
                    cache[keys[i]] = r
                done += 1
                report(progress, done, total, p.label)
    finally:
        ex.shutdown(wait=True, cancel_futures=True)

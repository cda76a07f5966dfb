"""The intake training/evaluation corpus: 19 kinds of paper in three layouts each, several fonts,
scanned with skew, low contrast, JPEG noise, seals over text, some pages upside down or sideways.

Held-out part, fixed twice over: documents of the held-out split are drawn from seeds ≥ HELD_SEED
and only in each kind's last layout (variant 2), which tuning never sees; the tuning split uses
seeds below HELD_SEED and variants 0 and 1. Anything tuned (rules, the classifier's training
data in resources/intake/, thresholds) comes from the tuning split only.

    python -m tests.intake_corpus.build OUT --split held --seed 5001 --docs 40 [--mode files|scanner|stack] [--scan]

Documents are rendered by reportlab; `--scan` draws each page with PDFium at 150 dpi and degrades
it (otherwise the PDFs keep their text layer, for tests where OCR is not the subject).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from . import layouts_evidence, layouts_papers  # noqa: E402
from .draw import FONTS  # noqa: E402
from .layouts_papers import Ctx  # noqa: E402
from .people import COURT, make_cases, printed_form  # noqa: E402

KINDS: dict[str, tuple[str, list]] = {**layouts_papers.LAYOUTS, **layouts_evidence.LAYOUTS}
HELD_SEED = 5000
TUNE_VARIANTS = (0, 1)
HELD_VARIANTS = (2,)
COURT_MADE = ("summons", "service_receipt")
# Papers a party writes once the case exists may carry its number; evidence predates the case.
MAY_PRINT = ("complaint", "answer", "preservation", "power_of_attorney", "evidence_list")


@dataclass
class Doc:
    kind: str
    category: str
    variant: int
    face: str
    case_number: str | None     # None: a case this court does not hold
    printed: bool
    pdf: bytes
    texts: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)   # file names / labels once written

    def truth(self) -> dict:
        return {"kind": self.kind, "category": self.category, "variant": self.variant, "face": self.face,
                "case_number": self.case_number, "number_printed": self.printed, "pages": self.pages,
                "page_count": len(self.texts)}


def check_split(split: str, seed: int) -> tuple[int, ...]:
    if split == "held":
        if seed < HELD_SEED:
            raise ValueError(f"held-out seeds start at {HELD_SEED}")
        return HELD_VARIANTS
    if seed >= HELD_SEED:
        raise ValueError(f"tuning seeds are below {HELD_SEED}")
    return TUNE_VARIANTS


def page_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def render(kind: str, variant: int, ctx_args: tuple) -> bytes:
    """Render once to count pages, then again with the total (第 1 页 共 N 页) and the same dice."""
    rng = ctx_args[0]
    state = rng.getstate()
    fn = KINDS[kind][1][variant]
    first = fn(Ctx(*ctx_args))
    total = len(page_texts(first))
    rng.setstate(state)
    return fn(Ctx(*ctx_args, total=total))


def documents(split: str, seed: int, n: int, cases: int = 6,
              kinds: list[str] | None = None) -> tuple[list, list[Doc]]:
    """`n` documents of the split; every kind in turn (shuffled per round), so each appears."""
    variants = check_split(split, seed)
    rng = random.Random(seed)
    infos = make_cases(rng, cases)
    order: list[str] = []
    pool = list(kinds or KINDS)
    while len(order) < n:
        rnd = pool[:]
        rng.shuffle(rnd)
        order += rnd
    out = []
    for kind in order[:n]:
        c = infos[-1] if rng.random() < 0.08 else rng.choice(infos[:-1])
        printed = kind in COURT_MADE or (kind in MAY_PRINT and rng.random() < 0.45)
        number = printed_form(c.number, rng) if printed else None
        face = rng.choice(FONTS)[0]
        day = (2026, min(12, c.filed[1] + 1), min(28, c.filed[2] + 3))
        variant = rng.choice(variants)
        pdf = render(kind, variant, (rng, c, face, number, day))
        out.append(Doc(kind, KINDS[kind][0], variant, face, c.number if c.in_store else None,
                       printed, pdf, page_texts(pdf)))
    return infos, out


# ---- scanning ---------------------------------------------------------------------------------
def scan_pages(pdf: bytes, rng: random.Random, dpi: int = 150) -> tuple[list[bytes], int]:
    """The PDF's pages as degraded JPEGs, and the clockwise rotation the scanner applied."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    roll = rng.random()
    rotation = 180 if roll < 0.07 else 90 if roll < 0.11 else 270 if roll < 0.15 else 0
    doc = pdfium.PdfDocument(pdf)
    out = []
    for i in range(len(doc)):
        im = doc[i].render(scale=dpi / 72).to_pil().convert("RGB")
        im = im.rotate(rng.uniform(-2.2, 2.2), resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
        if rotation:
            im = im.rotate(-rotation, expand=True)
        a = np.asarray(im).astype(np.float32)
        if rng.random() < 0.3:  # low contrast: a faint copy of a copy
            a = 255 - (255 - a) * rng.uniform(0.45, 0.6)
        a = a * rng.uniform(0.86, 0.97) + rng.uniform(3, 16)
        nr = np.random.default_rng(rng.randrange(1 << 30))
        a += nr.normal(0, rng.uniform(3, 11), a.shape[:2])[..., None]
        a[nr.random(a.shape[:2]) < 0.0008] = 30
        im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
        if rng.random() < 0.5:
            im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=rng.randint(30, 72), dpi=(dpi, dpi))
        out.append(buf.getvalue())
    return out, rotation


def images_pdf(jpegs: list[bytes], dpi: int = 150) -> bytes:
    from PIL import Image
    ims = [Image.open(io.BytesIO(j)).convert("RGB") for j in jpegs]
    buf = io.BytesIO()
    ims[0].save(buf, "PDF", save_all=True, append_images=ims[1:], resolution=dpi)
    return buf.getvalue()


def write(out: Path, docs: list[Doc], infos: list, *, mode: str = "files", scan: bool = False,
          seed: int = 0) -> dict:
    """Write the documents as a clerk would receive them and return the truth (also truth.json).

    files:   one PDF per document (a lawyer's USB stick): out/in/NN-名称.pdf
    scanner: one file per page (scanner output): out/in/scan_0001.jpg (or .pdf without --scan)
    stack:   one PDF of every page in order (a batch fed through the scanner): out/in/stack.pdf
    """
    rng = random.Random(seed * 7919 + 1)
    folder = out / "in"
    folder.mkdir(parents=True, exist_ok=True)
    truth: dict = {"court": COURT, "mode": mode, "scanned": scan, "cases": [c.json() for c in infos if c.in_store],
                   "documents": [], "pages": []}
    stack_pages: list[bytes] = []
    n = 0
    for k, d in enumerate(docs):
        jpegs, rotation = scan_pages(d.pdf, rng) if scan else ([], 0)
        if mode == "files":
            name = f"{k + 1:02d}-{KINDS[d.kind][0]}-{d.kind}.pdf"
            (folder / name).write_bytes(images_pdf(jpegs) if scan else d.pdf)
            d.pages = [f"{name}#{i + 1}" for i in range(len(d.texts))]
        elif mode == "scanner":
            d.pages = []
            for i in range(len(d.texts)):
                n += 1
                if scan:
                    name = f"scan_{n:04d}.jpg"
                    (folder / name).write_bytes(jpegs[i])
                else:
                    from pypdf import PdfReader, PdfWriter
                    w = PdfWriter()
                    w.add_page(PdfReader(io.BytesIO(d.pdf)).pages[i])
                    buf = io.BytesIO()
                    w.write(buf)
                    name = f"scan_{n:04d}.pdf"
                    (folder / name).write_bytes(buf.getvalue())
                d.pages.append(f"{name}#1")
        else:
            d.pages = [f"stack.pdf#{n + i + 1}" for i in range(len(d.texts))]
            n += len(d.texts)
            stack_pages += jpegs if scan else [d.pdf]
        for i, t in enumerate(d.texts):
            truth["pages"].append({"label": d.pages[i], "doc": k, "text": t, "rotation": rotation})
        truth["documents"].append(d.truth())
    if mode == "stack":
        if scan:
            (folder / "stack.pdf").write_bytes(images_pdf(stack_pages))
        else:
            from pypdf import PdfReader, PdfWriter
            w = PdfWriter()
            for pdf in stack_pages:
                for p in PdfReader(io.BytesIO(pdf)).pages:
                    w.add_page(p)
            buf = io.BytesIO()
            w.write(buf)
            (folder / "stack.pdf").write_bytes(buf.getvalue())
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def build(out: Path, *, split: str, seed: int, docs: int, mode: str = "files", scan: bool = False,
          cases: int = 6, kinds: list[str] | None = None) -> dict:
    infos, ds = documents(split, seed, docs, cases, kinds)
    return write(out, ds, infos, mode=mode, scan=scan, seed=seed)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--split", choices=["tune", "held"], default="held")
    ap.add_argument("--seed", type=int, default=HELD_SEED + 1)
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--mode", choices=["files", "scanner", "stack"], default="files")
    ap.add_argument("--scan", action="store_true")
    a = ap.parse_args(argv)
    t = build(a.out, split=a.split, seed=a.seed, docs=a.docs, mode=a.mode, scan=a.scan)
    print(f"{len(t['documents'])} documents, {len(t['pages'])} pages → {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

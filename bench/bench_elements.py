"""Element extraction, field by field: the parties' papers of tests/drafting_corpus.py (six
causes, three layouts each) read from their PDF text layer and from the OCR of their pages as
scanned (rendered at 200 dpi, a slight tilt and speckle noise, read by the intake's rapidocr),
with the accuracy of each field (value and status both right) and the time of each step.

    .venv/bin/python bench/bench_elements.py [--no-ocr]
"""

from __future__ import annotations

import io
import random
import sys
import time
from collections import defaultdict

from _common import ROOT

sys.path.insert(0, str(ROOT / "tests"))

from drafting_corpus import CAUSES, VARIANTS, case_material, party_pdf  # noqa: E402

from workbench.cases.casejson import case_from_json  # noqa: E402
from workbench.drafting.casefile import CaseFile, FiledDocument, _side, classify, pdf_page_texts  # noqa: E402
from workbench.drafting.extract import element_states, value_text  # noqa: E402


def scanned(pdf: bytes, seed: int) -> list[bytes]:
    """Each page as a scanner would give it: 200 dpi greyscale PNG, tilted, with speckles."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image
    rnd = random.Random(seed)
    out = []
    for page in pdfium.PdfDocument(pdf):
        img = page.render(scale=200 / 72, grayscale=True).to_pil().convert("L")
        img = img.rotate(rnd.uniform(-1.5, 1.5), expand=True, fillcolor=255)
        a = np.asarray(img).copy()
        mask = np.random.default_rng(seed).random(a.shape) < 0.002
        a[mask] = 0
        buf = io.BytesIO()
        Image.fromarray(a).save(buf, "PNG")
        out.append(buf.getvalue())
    return out


def ocr_pages(images: list[bytes]) -> list[str]:
    from workbench.intake.ocr import read_image
    return [read_image(img).text for img in images]


def run(use_ocr: bool) -> int:
    results: dict[str, dict[str, list[bool]]] = {"text layer": defaultdict(list), "OCR": defaultdict(list)}
    timings = defaultdict(float)
    pages = 0
    for name in CAUSES:
        for v in VARIANTS:
            doc, docs, expected = case_material(name, v)
            case = case_from_json(doc)[0]
            layers = {"text layer": [], "OCR": []}
            for n, (category, title, author, paper) in enumerate(docs, 1):
                pdf = party_pdf(title, author, paper, v)
                t = time.perf_counter()
                texts = pdf_page_texts(pdf)
                timings["text layer read"] += time.perf_counter() - t
                pages += len(texts)
                layers["text layer"].append((n, category, title, author, texts))
                if use_ocr:
                    t = time.perf_counter()
                    images = scanned(pdf, n * 31 + v)
                    timings["scan rendering"] += time.perf_counter() - t
                    t = time.perf_counter()
                    layers["OCR"].append((n, category, title, author, ocr_pages(images)))
                    timings["OCR"] += time.perf_counter() - t
            for how, found in layers.items():
                if not found:
                    continue
                t = time.perf_counter()
                file = CaseFile([FiledDocument(n, title, category, kind := classify(category, title, texts[0] if texts else ""),
                                               _side(case, kind, author), texts, author, n * 10)
                                 for n, category, title, author, texts in found])
                states = element_states(case, file)
                timings[f"extraction ({how})"] += time.perf_counter() - t
                for key, (value, status) in expected.items():
                    st = states[key]
                    ok = st.status == status
                    if value is not None and status == "disputed":
                        ok = ok and value in {value_text(st.spec, x) for x, _ in st.values}
                    elif value is not None:
                        ok = ok and value_text(st.spec, st.value) == value
                    results[how][f"{CAUSES[name]}.{key}"].append(ok)
    for how, per_field in results.items():
        if not per_field:
            continue
        right = sum(sum(v) for v in per_field.values())
        total = sum(len(v) for v in per_field.values())
        print(f"\n{how}: {right}/{total} field readings right ({100 * right / total:.1f} %)")
        for field, oks in per_field.items():
            if not all(oks):
                print(f"  {field}: {sum(oks)}/{len(oks)}")
    print(f"\n{pages} pages; " + "; ".join(f"{k} {v:.2f} s" for k, v in timings.items()))
    if use_ocr:
        print(f"extraction on OCR text: {pages / (timings['extraction (OCR)'] / 60):.0f} pages/min; "
              f"OCR alone: {pages / (timings['OCR'] / 60):.1f} pages/min (one process)")
    return 0


if __name__ == "__main__":
    sys.exit(run("--no-ocr" not in sys.argv))

"""The whole intake (import, orientation, OCR, splitting, classification, matching, filing) on the
HELD-OUT part of the intake corpus (tests/intake_corpus: seeds ≥ 5000, every kind in the layout
tuning never saw), scanned: a lawyer's USB stick of one PDF per paper, and a stack fed through the
scanner without separator sheets. Against `ocrmypdf -l chi_sim --pdf-renderer sandwich` (OCR only)
on the same page images in the same run.

    nice python bench/bench_intake.py [--docs 30] [--stack-docs 24] [--workers 2] [--tune] [--no-peer]

Prints, for the held-out part (and the tuning part with --tune): documents spanning two files,
exact splits, classification (hybrid, and rules-only and classifier-only on the same documents),
printed case numbers matched, wrong matches; pages per minute of both tools, their ratio, both
character error rates (edit distance over NFKC text without whitespace, divided by the length of
the text as set), and the machine's load average, since the machine is shared.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from _common import ROOT

sys.path.insert(0, str(ROOT / "tests"))

from intake_corpus.build import HELD_SEED, build  # noqa: E402
from intake_corpus.evaluate import label, score  # noqa: E402
from workbench.intake import classify, pipeline  # noqa: E402
from workbench.service import Workbench  # noqa: E402


def norm(s: str) -> str:
    return unicodedata.normalize("NFKC", "".join(s.split()))


def edits(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(pairs: list[tuple[str, str]]) -> float:
    e = n = 0
    for got, want in pairs:
        e += edits(norm(got), norm(want))
        n += len(norm(want))
    return e / max(1, n)


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


def run_part(tmp: Path, name: str, split: str, seed: int, docs: int, mode: str, workers: int) -> dict:
    out = tmp / name
    truth = build(out, split=split, seed=seed, docs=docs, mode=mode, scan=True)
    wb = Workbench.open(tmp / f"data-{name}")
    for c in truth["cases"]:
        wb.import_case(c)
    t = time.perf_counter()
    prop = pipeline.propose(wb, [out / "in"], workers=workers, stack=(mode == "stack"))
    filed = pipeline.accept(wb, prop)
    elapsed = time.perf_counter() - t
    assert wb.verify().ok
    wb.close()
    s = score(prop, truth)
    # The same documents under the rules alone and the classifier alone.
    alt = {}
    for method in ("rules", "model"):
        cats = {i: classify.classify(d.pages, method=method).category for i, d in enumerate(prop.documents)}
        alt[method] = score(prop, truth, categories=cats).figures()["classification"]
    by_label = {label(p): p for d in prop.documents for p in d.pages}
    by_label.update({label(p): p for p in prop.dropped})
    pairs = [(by_label[p["label"]].text if p["label"] in by_label else "", p["text"]) for p in truth["pages"]]
    return {"name": name, "truth": truth, "score": s, "alt": alt, "seconds": elapsed,
            "pages": len(truth["pages"]), "pairs": pairs, "filed": len(filed), "input": out / "in",
            "suggested": prop.stack_suggested}


def peer_input(parts: list[dict], path: Path) -> list[str]:
    """Every page image of the parts in one image-only PDF, and the truth text of each page."""
    from pypdf import PdfReader, PdfWriter
    w = PdfWriter()
    texts = []
    for part in parts:
        by = {p["label"]: p["text"] for p in part["truth"]["pages"]}
        for f in sorted(part["input"].iterdir()):
            for i, page in enumerate(PdfReader(str(f)).pages):
                w.add_page(page)
                texts.append(by[f"{f.name}#{i + 1}"])
    with open(path, "wb") as fh:
        w.write(fh)
    return texts


def run_peer(pdf: Path, out: Path, workers: int) -> tuple[float, list[str]] | None:
    if shutil.which("ocrmypdf") is None:
        return None
    t = time.perf_counter()
    res = subprocess.run(["ocrmypdf", "-l", "chi_sim", "--pdf-renderer", "sandwich", "--jobs",
                          str(workers), "--output-type", "pdf", "--optimize", "0", str(pdf), str(out)],
                         capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if res.returncode != 0:
        print("ocrmypdf failed:", res.stderr[-800:])
        return None
    from pypdf import PdfReader
    return elapsed, [p.extract_text() or "" for p in PdfReader(str(out)).pages]


def report(title: str, parts: list[dict]) -> dict:
    total = parts[0]["score"].__class__()
    for p in parts:
        total.add(p["score"])
    print(f"{title}:")
    for p in parts:
        print(f"  {p['name']}: {p['score'].line()}")
        print(f"    classification by the rules alone {p['alt']['rules']:.1%}, by the classifier alone "
              f"{p['alt']['model']:.1%}" + ("; offered as a stack" if p["suggested"] else ""))
        for m in p["score"].misses[:12]:
            print(f"      {m}")
    f = total.figures()
    print(f"  all: {total.line()}")
    return f


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=30, help="documents on the lawyer's stick")
    ap.add_argument("--stack-docs", type=int, default=24, help="documents in the scanned stack")
    ap.add_argument("--seed", type=int, default=HELD_SEED + 201)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--tune", action="store_true", help="also the tuning part (seeds < 5000)")
    ap.add_argument("--no-peer", action="store_true")
    a = ap.parse_args(argv)
    print(f"start: {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        held = [run_part(tmp, "held-files", "held", a.seed, a.docs, "files", a.workers),
                run_part(tmp, "held-stack", "held", a.seed + 1, a.stack_docs, "stack", a.workers)]
        figures = report("held-out part (layouts and seeds never used in tuning)", held)
        ours_s = sum(p["seconds"] for p in held)
        n_pages = sum(p["pages"] for p in held)
        ours_cer = cer([x for p in held for x in p["pairs"]])
        print(f"workbench intake: {n_pages} pages in {ours_s:.1f} s = {n_pages / ours_s * 60:.1f} pages/min "
              f"(OCR, split, classify, match, file), CER {ours_cer:.2%}; {load()}")
        result = {"held": figures, "pages": n_pages, "ours_s": ours_s, "ours_cer": ours_cer,
                  "held_rules": [p["alt"]["rules"] for p in held], "held_model": [p["alt"]["model"] for p in held]}
        if not a.no_peer:
            texts = peer_input(held, tmp / "peer-in.pdf")
            peer = run_peer(tmp / "peer-in.pdf", tmp / "peer-out.pdf", a.workers)
            if peer is None:
                print("peer: ocrmypdf with chi_sim not available (apt-get install -y ocrmypdf "
                      "tesseract-ocr-chi-sim)")
            else:
                peer_s, got = peer
                peer_cer = cer(list(zip(got, texts)))
                print(f"ocrmypdf -l chi_sim --pdf-renderer sandwich (OCR only): {len(texts)} pages in "
                      f"{peer_s:.1f} s = {len(texts) / peer_s * 60:.1f} pages/min, CER {peer_cer:.2%}; {load()}")
                print(f"ratio workbench/ocrmypdf pages per minute = {peer_s / ours_s * n_pages / len(texts):.2f}; "
                      f"CER ratio workbench/ocrmypdf = {ours_cer / max(1e-9, peer_cer):.2f}")
                result.update(peer_s=peer_s, peer_cer=peer_cer)
        if a.tune:
            tune = [run_part(tmp, "tune-files", "tune", 201, a.docs, "files", a.workers),
                    run_part(tmp, "tune-stack", "tune", 202, a.stack_docs, "stack", a.workers)]
            result["tune"] = report("tuning part (seeds < 5000, layouts 0 and 1)", tune)
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

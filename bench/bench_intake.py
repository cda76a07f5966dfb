"""The whole intake (import, orientation, OCR, splitting, classification, matching, filing) on the
generated corpus, against `ocrmypdf -l chi_sim --pdf-renderer sandwich` (OCR only) on the same
pages, on 2 cores. Prints pages per minute of both, their ratio, both character error rates, and
the workbench's classification, splitting and case-matching accuracy.

    python bench/bench_intake.py [--docs 40] [--seed 21] [--workers 2] [--no-peer]

CER is the edit distance between what was read and the text as set, over NFKC-normalised text
with whitespace removed (tesseract puts spaces between Chinese characters; the PDF layout breaks
lines where the scan does not), divided by the length of the text as set.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from _common import ROOT

sys.path.insert(0, str(ROOT / "tests"))

from corpus.make_corpus import build  # noqa: E402
from workbench.intake import pipeline  # noqa: E402
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


def run_peer(pdf: Path, out: Path, workers: int) -> tuple[float, list[str]] | None:
    if shutil.which("ocrmypdf") is None:
        return None
    t = time.perf_counter()
    res = subprocess.run(["ocrmypdf", "-l", "chi_sim", "--pdf-renderer", "sandwich", "--jobs",
                          str(workers), "--output-type", "pdf", str(pdf), str(out)],
                         capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if res.returncode != 0:
        print("ocrmypdf failed:", res.stderr[-800:])
        return None
    from pypdf import PdfReader
    return elapsed, [p.extract_text() or "" for p in PdfReader(str(out)).pages]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--cases", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-peer", action="store_true")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        truth = build(tmp / "corpus", seed=a.seed, docs=a.docs, cases=a.cases, pdf=True)
        pages_dir = tmp / "corpus" / "pages"
        n_pages = len(truth["pages"])
        wb = Workbench.open(tmp / "data")
        for c in truth["cases"]:
            wb.import_case(c)
        t = time.perf_counter()
        prop = pipeline.propose(wb, [pages_dir], workers=a.workers)
        filed = pipeline.accept(wb, prop)
        ours_s = time.perf_counter() - t
        assert wb.verify().ok
        by_file = {p.source_name: p for d in prop.documents for p in d.pages}
        by_file.update({p.source_name: p for p in prop.dropped})
        pairs = [(by_file[p["file"]].text, p["text"]) for p in truth["pages"] if not p["blank"]]
        ours_cer = cer(pairs)
        upright = [(by_file[p["file"]].text, p["text"]) for p in truth["pages"]
                   if not p["blank"] and p["rotation"] == 0]
        rotation_ok = sum(1 for p in truth["pages"] if not p["blank"]
                          and by_file[p["file"]].rotation == (360 - p["rotation"]) % 360)
        # Documents: a truth document counts as split right if a proposed one has exactly its pages.
        proposed = {tuple(p.source_name for p in d.pages): d for d in prop.documents}
        split_ok = cls_ok = 0
        printed = printed_ok = matched_ok = wrong = unmatched = 0
        for td in truth["documents"]:
            d = proposed.get(tuple(td["pages"]))
            if d is None:
                got = [(k, d.title) for k, d in proposed.items() if set(k) & set(td["pages"])]
                print(f"  mis-split: {td['kind']} {td['pages']} → {got}")
                continue
            split_ok += 1
            cls_ok += d.category == td["category"]
            if d.case_number is not None and d.case_number != td["case_number"]:
                wrong += 1
            elif d.case_number is None:
                unmatched += 1
            else:
                matched_ok += 1
            if td["number_printed"] and td["case_number"]:
                printed += 1
                printed_ok += d.case_number == td["case_number"]
        n_docs = len(truth["documents"])
        print(f"corpus: {n_docs} documents, {n_pages} pages (seed {a.seed}); workers {a.workers}")
        print(f"workbench intake: {ours_s:.1f} s = {n_pages / ours_s * 60:.1f} pages/min, "
              f"{len(filed)} documents filed")
        print(f"  OCR CER {ours_cer:.2%} (upright pages {cer(upright):.2%}); orientation right on "
              f"{rotation_ok}/{len(pairs)} pages")
        print(f"  split right {split_ok}/{n_docs}; classification {cls_ok}/{split_ok} = "
              f"{cls_ok / max(1, split_ok):.1%}")
        print(f"  case numbers printed and matched {printed_ok}/{printed} = "
              f"{printed_ok / max(1, printed):.1%}; all documents: right {matched_ok}, left for "
              f"the clerk {unmatched}, wrong {wrong}")
        result = {"pages": n_pages, "ours_s": ours_s, "ours_cer": ours_cer,
                  "classification": cls_ok / max(1, split_ok), "printed_matched":
                  printed_ok / max(1, printed), "wrong_matches": wrong}
        if not a.no_peer:
            peer = run_peer(tmp / "corpus" / "batch.pdf", tmp / "peer.pdf", a.workers)
            if peer is None:
                print("peer: ocrmypdf with chi_sim not available (apt-get install ocrmypdf "
                      "tesseract-ocr-chi-sim)")
            else:
                peer_s, texts = peer
                ppairs = [(texts[i], p["text"]) for i, p in enumerate(truth["pages"]) if not p["blank"]]
                pup = [(texts[i], p["text"]) for i, p in enumerate(truth["pages"])
                       if not p["blank"] and p["rotation"] == 0]
                print(f"ocrmypdf -l chi_sim --pdf-renderer sandwich (OCR only): {peer_s:.1f} s = "
                      f"{n_pages / peer_s * 60:.1f} pages/min, CER {cer(ppairs):.2%} "
                      f"(upright pages {cer(pup):.2%})")
                print(f"ratio workbench/ocrmypdf pages per minute = {peer_s / ours_s:.2f}")
                result.update(peer_s=peer_s, peer_cer=cer(ppairs))
        print(json.dumps(result))
        wb.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

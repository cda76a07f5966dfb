"""Registration from the scans (立案前扫描) on the HELD-OUT part of the registration corpus
(tests/propose_corpus: seeds ≥ 7000, only the layout no rule was written against), scanned:
pages per minute from scan to proposal (import, orientation, OCR, split, classify, read the
complaint, number, route) beside the OCR alone (the same engine, the same 2 worker processes,
the same page images, in the same run), their ratio, and field accuracy per field.

    nice python bench/bench_propose.py [--docs 12] [--workers 2] [--seed 7401] [--tune]

--tune runs the tuning split (layouts 0–4, seeds below 7000) instead: its figures are not
held-out figures. The machine's load average is printed, since the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT

sys.path.insert(0, str(ROOT / "tests"))

from propose_corpus.build import HELD_SEED, build  # noqa: E402
from propose_corpus.score import Tally, score  # noqa: E402
from workbench.intake import importers, ocr  # noqa: E402
from workbench.intake.registration import Court, propose_registration  # noqa: E402
from workbench.service import Workbench  # noqa: E402

COURT = Court("江苏省昆山市人民法院", "苏0583", "江苏省苏州市中级人民法院")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=12)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--tune", action="store_true")
    a = ap.parse_args(argv)
    split = "tune" if a.tune else "held"
    seed = a.seed if a.seed is not None else (41 if a.tune else HELD_SEED + 401)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        truths = build(root / "c", split=split, seed=seed, docs=a.docs, scan=True)
        files = [root / "c" / "in" / t["file"] for t in truths]
        print(f"{split} split, seed {seed}: {len(files)} scanned complaints, "
              f"{sum(t['pages'] for t in truths)} pages, load {os.getloadavg()[0]:.1f}")
        # The peer: the OCR alone over the same page images (imported once, read with no cache).
        pages = importers.import_paths(files).pages
        t0 = time.perf_counter()
        ocr.read_pages(pages, workers=a.workers)
        t_ocr = time.perf_counter() - t0
        # Scan to proposal, file by file as a clerk registers them, with no cache.
        with Workbench.open(root / "data") as wb:
            tally = Tally()
            flagged = refused = 0
            t0 = time.perf_counter()
            props = [propose_registration(wb, [f], court=COURT, workers=a.workers) for f in files]
            t_prop = time.perf_counter() - t0
            for p, tr in zip(props, truths):
                score(p.case, tr, tally, f"{tr['file']} L{tr['layout']} {tr['face']} rot{tr['rotation']}")
                flagged += bool(p.flags)
                refused += bool(p.problems)
        n = len(pages)
        ppm_ocr, ppm_prop = 60 * n / t_ocr, 60 * n / t_prop
        print(f"OCR alone ({a.workers} workers): {t_ocr:.1f} s, {ppm_ocr:.1f} pages/min")
        print(f"scan to proposal: {t_prop:.1f} s, {ppm_prop:.1f} pages/min")
        print(f"ratio proposal/OCR pages per minute = {ppm_prop / ppm_ocr:.2f}  "
              f"(load {os.getloadavg()[0]:.1f})")
        print(f"proposals with flags: {flagged}/{len(props)}, refused: {refused}/{len(props)}")
        print(tally.table())
        for note in tally.notes[:40]:
            print("  " + note)
    return 0


if __name__ == "__main__":
    sys.exit(main())

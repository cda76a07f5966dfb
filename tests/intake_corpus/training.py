"""Write resources/intake/training.jsonl: pages of the TUNING split only (seeds below HELD_SEED,
layout variants 0 and 1), read the way intake reads them — the text layer of the PDFs, and the
rapidocr reading of their scans — with each page's kind, category and whether it opens a
document. The held-out split never enters this file.

    python -m tests.intake_corpus.training [--seeds 1 2 3] [--ocr-seeds 11 12] [--docs 38]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from .build import HELD_SEED, build

ROOT = Path(__file__).resolve().parents[2]


def pages_of(folder: Path, truth: dict, *, ocr: bool, workers: int = 2) -> list[dict]:
    from workbench.intake import importers
    from workbench.intake import ocr as reader
    from workbench.intake.model import record_of

    res = importers.import_paths([folder / "in"])
    pages = res.pages
    if ocr:
        reader.read_pages(pages, workers=workers)
    else:
        for p in pages:
            p.text = p.text_layer or ""
    by_label = {}
    for d in truth["documents"]:
        for i, label in enumerate(d["pages"]):
            by_label[label] = (d, i == 0)
    out = []
    for p in pages:
        d, first = by_label[f"{p.source_name}#{p.index + 1}"]
        if not p.lines:
            continue
        out.append(record_of(p, d["kind"], d["category"], first, "ocr" if ocr else "text"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3, 4])
    ap.add_argument("--ocr-seeds", type=int, nargs="*", default=[11])
    ap.add_argument("--docs", type=int, default=38)
    ap.add_argument("--out", type=Path, default=ROOT / "resources" / "intake" / "training.jsonl")
    a = ap.parse_args(argv)
    if any(s >= HELD_SEED for s in a.seeds + a.ocr_seeds):
        raise SystemExit("training seeds must be tuning seeds (below %d)" % HELD_SEED)
    records: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in a.seeds:
            out = Path(tmp) / f"t{seed}"
            truth = build(out, split="tune", seed=seed, docs=a.docs)
            records += pages_of(out, truth, ocr=False)
        for seed in a.ocr_seeds:
            out = Path(tmp) / f"o{seed}"
            truth = build(out, split="tune", seed=seed, docs=a.docs, scan=True)
            records += pages_of(out, truth, ocr=True)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = a.out.with_suffix(".tmp")
    with open(tmp_out, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
    tmp_out.replace(a.out)
    print(f"{len(records)} pages → {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The intake tests' corpus, built and read once per test session however many modules use it.

Pytest caches a session fixture per module that defines it, so the fixtures here delegate to
functions cached on the session's base temporary directory.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from .make_corpus import build

# A small stack with every kind of matching: numbers printed in both bracket forms, parties only,
# court-made papers, a two-page document, and one document of a case the store does not hold.
KINDS = ["complaint", "answer", "power_of_attorney", "evidence_iou", "service_receipt",
         "preservation", "summons", "law_firm_letter"]
SEED = 3


@functools.lru_cache(maxsize=2)
def corpus(base: str) -> tuple[Path, dict]:
    out = Path(base) / "intake-corpus"
    truth_file = out / "truth.json"
    if not truth_file.exists():
        build(out, seed=SEED, docs=len(KINDS), cases=2, kinds=KINDS)
    return out, json.loads(truth_file.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=2)
def readings(base: str) -> dict:
    """OCR of every corpus page, keyed by image SHA-256 (ocr.read_pages' cache)."""
    from workbench.intake import importers, ocr

    out, _ = corpus(base)
    res = importers.import_paths([out / "pages"])
    cache: dict = {}
    ocr.read_pages(res.pages, workers=2, cache=cache)
    return cache


def make_store(root: Path, truth: dict):
    from workbench.service import Workbench

    wb = Workbench.open(root)
    for c in truth["cases"]:
        wb.import_case(c)
    return wb

"""A small classifier of page kinds, trained when first needed from pages kept in the repository.

resources/intake/training.jsonl holds pages of the tuning part of the intake corpus (never the
held-out part): each page's kind, catalogue category, whether it is a document's first page, and
its lines with boxes — as OCR read the scans and as the text layer gave the PDFs. Training is a
multinomial naive Bayes over features.tokens (head and body character bigrams, the large lines,
layout tokens), counted once per page; it takes a fraction of a second and needs no library.

Two models come out of it: the kind of a page (complaint, id_card, bank_slip …, each with its
catalogue category), and whether a page opens a document, for splitting stacks.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..resources import resources_dir
from . import features
from .importers import OcrLine, SourcePage

TRAINING = "intake/training.jsonl"


@dataclass
class NaiveBayes:
    alpha: float = 0.3
    prior: dict[str, float] = field(default_factory=dict)
    logp: dict[str, dict[str, float]] = field(default_factory=dict)
    unseen: dict[str, float] = field(default_factory=dict)

    def fit(self, samples: list[tuple[list[str], str]]) -> "NaiveBayes":
        counts: dict[str, dict[str, int]] = {}
        docs: dict[str, int] = {}
        vocab: set[str] = set()
        for toks, label in samples:
            docs[label] = docs.get(label, 0) + 1
            c = counts.setdefault(label, {})
            for t in toks:
                c[t] = c.get(t, 0) + 1
                vocab.add(t)
        v = len(vocab)
        total = sum(docs.values())
        for label, c in counts.items():
            n = sum(c.values())
            denom = math.log(n + self.alpha * v)
            self.logp[label] = {t: math.log(k + self.alpha) - denom for t, k in c.items()}
            self.unseen[label] = math.log(self.alpha) - denom
            self.prior[label] = math.log(docs[label] / total)
        self.vocab = vocab
        return self

    def scores(self, toks: list[str]) -> list[tuple[str, float]]:
        """(label, posterior) best first. Tokens never seen in training carry no evidence;
        the log-likelihoods are tempered by the token count so that a long page is not
        absurdly sure of itself."""
        known = [t for t in toks if t in self.vocab]
        temp = max(1.0, len(known) / 12)
        raw = {}
        for label, lp in self.logp.items():
            u = self.unseen[label]
            raw[label] = self.prior[label] + sum(lp.get(t, u) for t in known) / temp
        top = max(raw.values())
        z = sum(math.exp(s - top) for s in raw.values())
        return sorted(((k, math.exp(s - top) / z) for k, s in raw.items()), key=lambda kv: -kv[1])


@dataclass
class Models:
    kind: NaiveBayes
    first: NaiveBayes
    category_of: dict[str, str]
    pages: int


def page_from_record(r: dict) -> SourcePage:
    p = SourcePage(r.get("source", "train"), "", 0)
    p.lines = [OcrLine(t, 1.0, (x0, y0, x1, y1)) for t, x0, y0, x1, y1 in r["lines"]]
    p.text = "\n".join(ln.text for ln in p.lines)
    p.work_size = tuple(r["size"])  # type: ignore[assignment]
    return p


def record_of(page: SourcePage, kind: str, category: str, first: bool, source: str) -> dict:
    """A training record of a read page (what tests/intake_corpus/training.py writes)."""
    return {"kind": kind, "category": category, "first": first, "source": source,
            "size": list(page.work_size), "lines": [[ln.text, *(round(v, 1) for v in ln.box)]
                                                    for ln in page.lines]}


def first_tokens(toks: list[str], page: SourcePage) -> list[str]:
    """Features for 'opens a document': the head, layout and page-number tokens only (the body
    is the same on a first page and the next)."""
    lines = features.lines_of(page)
    out = [t for t in toks if t[:2] in ("H:", "h:", "T:", "L:")]
    pn = features.page_number(lines)
    out.append("P:none" if pn is None else "P:1" if pn[0] == 1 else "P:n")
    return out


def train(path: Path | None = None) -> Models:
    path = path or resources_dir() / TRAINING
    kind_samples, first_samples, category_of = [], [], {}
    n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            page = page_from_record(r)
            toks = features.tokens(page)
            kind_samples.append((toks, r["kind"]))
            first_samples.append((first_tokens(toks, page), "first" if r["first"] else "next"))
            category_of[r["kind"]] = r["category"]
            n += 1
    return Models(NaiveBayes().fit(kind_samples), NaiveBayes().fit(first_samples), category_of, n)


_models: Models | None = None
_lock = threading.Lock()


def models() -> Models | None:
    """The trained models, or None when the training file is missing (rules only then)."""
    global _models
    if _models is None:
        with _lock:
            if _models is None:
                try:
                    _models = train()
                except FileNotFoundError:
                    return None
    return _models

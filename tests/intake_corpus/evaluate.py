"""Scoring an intake proposal against the corpus truth: the figures the issue asks for.

- boundaries kept: no proposed document holds pages of two files (files mode);
- split exactly: a truth document whose pages are exactly one proposed document's pages;
- classification: right category among documents split exactly (and how many of those were
  also confident, i.e. would be filed without the clerk);
- printed case numbers matched: documents whose own number is printed and whose case the store
  holds, matched to that case;
- wrong matches: documents matched to a case they do not belong to (the bar is zero).
"""

from __future__ import annotations

from dataclasses import dataclass, field


def label(page) -> str:
    return f"{page.source_name}#{page.index + 1}"


@dataclass
class Score:
    documents: int = 0
    files_glued: int = 0
    split_ok: int = 0
    class_ok: int = 0
    class_confident: int = 0
    printed: int = 0
    printed_ok: int = 0
    wrong: int = 0
    right: int = 0
    unmatched: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> "Score":
        for k, v in vars(other).items():
            setattr(self, k, getattr(self, k) + v)
        return self

    def figures(self) -> dict[str, float]:
        return {"documents": self.documents,
                "split": self.split_ok / max(1, self.documents),
                "classification": self.class_ok / max(1, self.split_ok),
                "classification_confident": self.class_confident / max(1, self.split_ok),
                "printed_matched": self.printed_ok / max(1, self.printed),
                "printed": self.printed, "wrong_matches": self.wrong, "files_glued": self.files_glued,
                "matched_right": self.right, "unmatched": self.unmatched}

    def line(self) -> str:
        f = self.figures()
        return (f"{self.documents} documents: split exactly {self.split_ok} ({f['split']:.1%}), "
                f"classification {self.class_ok}/{self.split_ok} ({f['classification']:.1%}; confident "
                f"{self.class_confident}), printed case numbers matched {self.printed_ok}/{self.printed} "
                f"({f['printed_matched']:.1%}), wrong matches {self.wrong}, right {self.right}, "
                f"left for the clerk {self.unmatched}, documents spanning two files {self.files_glued}")


def score(proposal, truth: dict, *, categories: dict[int, str] | None = None) -> Score:
    """`categories` may override each proposed document's category (index → category), to score
    another classifier on the same split."""
    s = Score(documents=len(truth["documents"]))
    docs = {tuple(label(p) for p in d.pages): (i, d) for i, d in enumerate(proposal.documents)}
    for d in proposal.documents:
        if len({p.source_sha for p in d.pages}) > 1 and truth.get("mode") == "files":
            s.files_glued += 1
    for td in truth["documents"]:
        hit = docs.get(tuple(td["pages"]))
        # Matching is judged on the proposed document holding the truth document's first page.
        holder = next((d for d in proposal.documents if label(d.pages[0]) == td["pages"][0]), None) \
            if hit is None else hit[1]
        if hit is None:
            got = [(len(d.pages), d.kind) for d in proposal.documents
                   if set(td["pages"]) & {label(p) for p in d.pages}]
            s.misses.append(f"split: {td['kind']} v{td['variant']} {len(td['pages'])}p → {got}")
        else:
            s.split_ok += 1
            i, d = hit
            cat = categories.get(i, d.category) if categories else d.category
            if cat == td["category"]:
                s.class_ok += 1
                s.class_confident += d.confidence >= 0.7
            else:
                s.misses.append(f"class: {td['kind']} v{td['variant']} → {cat} ({d.kind} {d.confidence:.2f})")
        if holder is None:
            s.unmatched += 1
            continue
        if holder.case_number is not None and holder.case_number != td["case_number"]:
            s.wrong += 1
            s.misses.append(f"WRONG: {td['kind']} of {td['case_number']} → {holder.case_number} ({holder.how})")
        elif holder.case_number is None:
            s.unmatched += 1
        else:
            s.right += 1
        if td["number_printed"] and td["case_number"]:
            s.printed += 1
            if holder.case_number == td["case_number"]:
                s.printed_ok += 1
            else:
                s.misses.append(f"printed: {td['kind']} {td['case_number']} → {holder.case_number} "
                                f"({holder.detail[:60]})")
    return s

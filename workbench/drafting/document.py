"""A draft court document as structured paragraphs: what the builder makes, the .docx holds, the
reader gives back and the checker reads.

Each paragraph carries the section of the 2016 judgment form it belongs to, so that the checker
can say "the operative items" rather than "paragraph 17", and a .docx edited in Word or WPS still
knows its sections (they travel as paragraph styles).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

__all__ = ["SECTIONS", "SECTION_NAMES", "Award", "Draft", "Paragraph"]

# The sections of a civil judgment in the order of the 2016 form (domain §5).
SECTIONS = ("title", "parties", "procedure", "claims", "defence", "findings", "reasoning", "basis",
            "operative", "late_performance", "costs", "appeal", "signature")
SECTION_NAMES = {
    "title": "标题", "parties": "当事人", "procedure": "审理经过", "claims": "诉讼请求",
    "defence": "答辩意见", "findings": "证据和事实认定", "reasoning": "裁判理由", "basis": "裁判依据",
    "operative": "判决主文", "late_performance": "迟延履行", "costs": "诉讼费用",
    "appeal": "上诉权利告知", "signature": "落款",
}
# Paragraph styles: how a paragraph is set, independent of which section it is in.
STYLES = ("court", "title", "number", "body", "item", "signature", "date", "verify", "clerk")


@dataclass
class Paragraph:
    section: str
    text: str
    style: str = "body"
    # Where the facts it states stand in the file: [{"start", "end", "refs": [source…]}], each
    # span of the text with the documents and pages it rests on (the view shows them on click).
    sources: list[dict[str, Any]] = field(default_factory=list)

    def sources_at(self, offset: int) -> list[dict[str, Any]]:
        """The sources of the fact at a character offset (the narrowest span that holds it)."""
        spans = [s for s in self.sources if s["start"] <= offset < s["end"]]
        spans.sort(key=lambda s: s["end"] - s["start"])
        return spans[0]["refs"] if spans else []


@dataclass
class Award:
    """One claim as the judgment treats it: what was asked and what is granted."""
    index: int  # position in case.claims
    kind: str
    text: str
    claimed: Decimal | None
    awarded: Decimal | None
    item: int | None = None  # operative item number it became (1-based), if any


@dataclass
class Draft:
    case_number: str
    court_name: str
    cause: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    kind: str = "judgment"
    title: str = "民事判决书"
    judgment_date: date | None = None
    outcome: str = "full"  # full | partial
    default: bool = False
    fee: Any = None  # fees.FeeResult
    awards: list[Award] = field(default_factory=list)
    citations: list[Any] = field(default_factory=list)  # statutes.Article
    issues: list[str] = field(default_factory=list)  # what the builder could not fill or doubts
    gaps: list[str] = field(default_factory=list)

    def section(self, key: str) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.section == key]

    def sections(self) -> list[str]:
        """Section keys in the order they first appear."""
        seen: list[str] = []
        for p in self.paragraphs:
            if p.section not in seen:
                seen.append(p.section)
        return seen

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    def to_json(self) -> dict[str, Any]:
        fee = self.fee
        return {
            "kind": self.kind, "title": self.title, "case_number": self.case_number,
            "court_name": self.court_name, "cause": self.cause,
            "judgment_date": self.judgment_date.isoformat() if self.judgment_date else None,
            "outcome": self.outcome, "default": self.default,
            "fee": None if fee is None else {"claim_total": str(fee.amount), "full_fee": str(fee.full_fee),
                                             "fee": str(fee.fee), "halved": fee.halved,
                                             "basis": fee.basis, "steps": list(fee.steps)},
            "awards": [{k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(a).items()}
                       for a in self.awards],
            "citations": [{"law": a.law_title, "version": a.version, "article": a.number,
                           "cited_as": a.citation} for a in self.citations],
            "issues": list(self.issues), "gaps": list(self.gaps),
            "paragraphs": [asdict(p) for p in self.paragraphs],
        }

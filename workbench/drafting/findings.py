"""Findings of the document checker and the state of one checking pass (see checker.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..cases.records import Case
from .document import Paragraph
from .profile import DraftProfile
from ..law.id_numbers import check_character
from ..law.numerals import CN_DATE, parse_chinese_date
from ..law.statutes import StatuteLibrary
from ..errors import Text

__all__ = ["CN_DATE", "Finding", "Location", "Run", "id_checksum_ok"]

@dataclass(frozen=True)
class Location:
    paragraph: int
    start: int
    end: int
    section: str = ""


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # error | warning
    zh: str
    en: str
    location: Location | None = None

    @property
    def message(self) -> str:
        return Text(f"{self.zh}", f"{self.en}")

    def to_json(self) -> dict[str, Any]:
        loc = self.location
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "zh": self.zh, "en": self.en,
                "location": None if loc is None else {"paragraph": loc.paragraph, "start": loc.start,
                                                       "end": loc.end, "section": loc.section}}


def id_checksum_ok(number: str) -> bool:
    """GB 11643 check digit of an 18-digit resident ID number."""
    if not re.fullmatch(r"[0-9]{17}[0-9Xx]", number):
        return False
    return check_character(number[:17]) == number[17].upper()


class Run:
    """One checking pass: the paragraphs, the case and the findings gathered so far."""

    def __init__(self, paras: list[Paragraph], case: Case, library: StatuteLibrary,
                 profile: DraftProfile, today: date) -> None:
        self.paras, self.case, self.lib, self.profile, self.today = paras, case, library, profile, today
        self.out: list[Finding] = []
        # What kind of document this is, read off its title: a ruling granting a withdrawal has
        # no claims, findings or appeal notice, and its fee is halved under 第十五条.
        title = next((p.text for p in paras if p.section == "title" and p.style == "title"), "")
        ops = "".join(p.text for p in paras if p.section == "operative")
        self.kind = "withdrawal_ruling" if "裁定" in title and "撤诉" in ops else "judgment"
        self.concluded_by = "withdrawal" if self.kind == "withdrawal_ruling" else None

    def add(self, code: str, zh: str, en: str, i: int | None = None, start: int = 0,
            end: int | None = None, severity: str = "error") -> None:
        loc = None
        if i is not None and 0 <= i < len(self.paras):
            p = self.paras[i]
            loc = Location(i, start, len(p.text) if end is None else end, p.section)
        self.out.append(Finding(code, severity, zh, en, loc))

    def where(self, section: str) -> list[tuple[int, Paragraph]]:
        return [(i, p) for i, p in enumerate(self.paras) if p.section == section]

    def first(self, section: str) -> int | None:
        return next((i for i, p in enumerate(self.paras) if p.section == section), None)

    def judgment_date(self) -> date | None:
        for i, p in self.where("signature"):
            m = CN_DATE.search(p.text)
            if m:
                try:
                    return parse_chinese_date(m)
                except ValueError:
                    self.add("date_invalid", f"落款日期“{m[0]}”不是有效日期", f"the date {m[0]} is not a valid date",
                             i, m.start(), m.end())
        return None

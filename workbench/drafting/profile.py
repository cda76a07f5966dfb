"""The court's drafting profile (how its judgments write money, who signs, fonts) and money text.

Defaults live in `resources/drafting/profile.json`; a case's `court.drafting` object (kept in the
case JSON's court block) overrides any key, so one installation can serve courts that differ.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Mapping

from ..cases.records import Case
from ..resources import resource
from ..law.money import uppercase_amount

__all__ = ["DraftProfile", "figures", "money_text", "profile_for"]


@dataclass(frozen=True)
class DraftProfile:
    uppercase_amounts: bool = False  # 80000元（人民币捌万元整） in the operative items and costs
    whole_yuan: bool = False  # round every figure to the yuan instead of the fen
    thousands_separator: bool = False
    stack_halvings: bool = False
    performance_days: int = 10
    judge_title: str = "审判员"
    clerk_title: str = "书记员"
    body_font: str = "仿宋"
    title_font: str = "宋体"
    number_font: str = "仿宋"
    body_size_pt: float = 16
    title_size_pt: float = 22
    court_size_pt: float = 22
    line_spacing_pt: float = 28
    page_number_font: str = "宋体"
    page_number_size_pt: float = 14

    def with_options(self, options: Mapping[str, Any]) -> "DraftProfile":
        known = {f.name: f.type for f in fields(self)}
        changes = {k: v for k, v in options.items() if k in known}
        return replace(self, **changes)


def _defaults() -> dict[str, Any]:
    path = resource("drafting", "profile.json")
    try:
        return {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if k != "note"}
    except (OSError, ValueError):
        return {}


def profile_for(case: Case | None = None, overrides: Mapping[str, Any] | None = None) -> DraftProfile:
    """Defaults from resources, then the case's court.drafting, then explicit overrides."""
    p = DraftProfile().with_options(_defaults())
    if case is not None:
        court = case.extra.get("court") or {}
        if isinstance(court.get("drafting"), Mapping):
            p = p.with_options(court["drafting"])
    return p.with_options(overrides or {})


def figures(d: Decimal, profile: DraftProfile) -> str:
    """80000 / 12300.50 / 80,000: two decimals only where fen are present, as judgments write."""
    d = Decimal(d).quantize(Decimal("1") if profile.whole_yuan else Decimal("0.01"),
                            rounding=ROUND_HALF_UP)
    whole = d == d.to_integral_value()
    if profile.thousands_separator:
        return f"{d:,.0f}" if whole else f"{d:,.2f}"
    return f"{d:.0f}" if whole else f"{d:.2f}"


def money_text(d: Decimal, profile: DraftProfile, uppercase: bool | None = None) -> str:
    """An amount as the judgment writes it: 80000元, or 80000元（人民币捌万元整） if asked."""
    text = figures(d, profile) + "元"
    if uppercase if uppercase is not None else profile.uppercase_amounts:
        q = Decimal(d).quantize(Decimal("1") if profile.whole_yuan else Decimal("0.01"),
                                rounding=ROUND_HALF_UP)
        text += f"（人民币{uppercase_amount(q)}）"
    return text


"""Tracking rules a court adjusts (alert thresholds, trial months, deductible periods, divisions),
and the yellow/red alert of a deadline and of a case.

The rules are data: resources/calendar/tracking.json, overlaid key by key with a data directory's
own calendar/tracking.json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ..resources import resource

RULES_FILE = "tracking.json"
LEVELS = ("none", "yellow", "red")
LEVEL_NAMES = {"none": ("正常", "normal"), "yellow": ("临近期限", "due soon"),
               "red": ("已超期", "overdue")}


@dataclass(frozen=True)
class Threshold:
    yellow_days: int  # days left at or below which the deadline shows yellow
    red_days: int  # days left at or below which it shows red; -1: only once it has passed


@dataclass(frozen=True)
class Deduction:
    start: str
    end: str
    zh: str
    en: str


@dataclass(frozen=True)
class TrackingRules:
    trial_months: dict[str, int]
    extension_limit_months: dict[str, int]
    evidence_days: dict[str, int]
    deductions: tuple[Deduction, ...]
    shift: dict[str, bool]
    thresholds: dict[str, Threshold]
    long_pending_months: int = 12
    divisions: dict[str, str] = field(default_factory=dict)  # judge → division

    def threshold(self, key: str) -> Threshold:
        return self.thresholds.get(key) or self.thresholds.get("default") or Threshold(3, -1)

    def shifts(self, key: str) -> bool:
        return self.shift.get(key, self.shift.get("default", True))

    def division_of(self, judge: str, own: str | None = None) -> str:
        return own or self.divisions.get(judge, "")


def rules_from_dict(raw: dict[str, Any]) -> TrackingRules:
    thresholds = {k: Threshold(int(v["yellow_days"]), int(v.get("red_days", -1)))
                  for k, v in raw.get("alerts", {}).items() if isinstance(v, dict)}
    divisions: dict[str, str] = {}
    for name, judges in raw.get("divisions", {}).items():
        if isinstance(judges, list):
            for j in judges:
                divisions[str(j)] = name
    return TrackingRules(
        trial_months={k: int(v) for k, v in raw["trial_months"].items()},
        extension_limit_months={k: int(v) for k, v in raw.get("extension_limit_months", {}).items()},
        evidence_days={k: int(v) for k, v in raw.get("evidence_days", {}).items()},
        deductions=tuple(Deduction(d["start"], d["end"], d.get("zh", d["start"]),
                                   d.get("en", d["start"])) for d in raw.get("deductions", [])),
        shift={k: bool(v) for k, v in raw.get("shift_to_working_day", {}).items()},
        thresholds=thresholds,
        long_pending_months=int(raw.get("long_pending_months", 12)),
        divisions=divisions,
    )


@lru_cache(maxsize=8)
def _load(paths: tuple[tuple[str, float], ...]) -> TrackingRules:
    merged: dict[str, Any] = {}
    for path, _mtime in paths:
        merged.update(json.loads(Path(path).read_text(encoding="utf-8")))
    return rules_from_dict(merged)


def load_rules(data_dir: Path | str | None = None) -> TrackingRules:
    paths = [resource("calendar", RULES_FILE)]
    if data_dir is not None and (Path(data_dir) / "calendar" / RULES_FILE).exists():
        paths.append(Path(data_dir) / "calendar" / RULES_FILE)
    return _load(tuple((str(p), p.stat().st_mtime) for p in paths))


def level_for(days_left: int | None, threshold: Threshold) -> str:
    """The alert level of an open deadline with `days_left` (negative once it has passed)."""
    if days_left is None:
        return "none"
    if days_left < 0 or days_left <= threshold.red_days:
        return "red"
    if days_left <= threshold.yellow_days:
        return "yellow"
    return "none"


def worst(levels: Iterable[str]) -> str:
    return max(levels, key=LEVELS.index, default="none")

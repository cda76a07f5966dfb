"""Is the case file complete enough to archive? Rules per case type and outcome, as data
(resources/archive/completeness.json), checked against the documents actually filed."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..law.case_numbers import parse_case_number
from ..cases.records import ROLES
from ..efile import catalogue as cat
from ..resources import resource
from ..errors import Text

if TYPE_CHECKING:
    from ..service import Workbench

RULES_FILE = "completeness.json"
OUTCOMES = {"judgment": ("判决", "judgment"), "mediation": ("调解", "mediation"),
            "withdrawal": ("撤诉", "withdrawal"), "ruling": ("裁定", "ruling")}


@dataclass(frozen=True)
class Requirement:
    id: str
    zh: str
    en: str
    category: str
    titles: tuple[str, ...] = ()
    per_party: tuple[str, ...] = ()
    when_event: str | None = None
    procedures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Missing:
    id: str
    zh: str
    en: str
    category: str = ""
    category_name: str = ""
    party: str | None = None
    role: str = ""

    @property
    def text(self) -> Text:
        who = f"（{self.role}{self.party}）" if self.party else ""
        where = f"，应归入「{self.category_name}」" if self.category_name else ""
        en_who = f" ({self.party})" if self.party else ""
        return Text(f"{self.zh}{who}{where}", f"{self.en}{en_who}")


@dataclass
class CompletenessReport:
    case_number: str
    kind: str
    outcome: str
    missing: list[Missing] = field(default_factory=list)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.missing

    def message(self) -> str:
        lines = [Text(f"{self.case_number} 卷宗不完整，不能归档，缺少 {len(self.missing)} 项：",
                      f"the file is incomplete and cannot be archived; {len(self.missing)} missing:")]
        lines += [Text(f"  {i}. {m.text.zh}", f"  {i}. {m.text.en}")
                  for i, m in enumerate(self.missing, 1)]
        return Text.join("\n", "\n", lines)

    def as_dict(self) -> dict[str, Any]:
        return {"case_number": self.case_number, "kind": self.kind, "outcome": self.outcome,
                "ok": self.ok, "checked": self.checked,
                "missing": [{"id": m.id, "name": m.zh, "name_en": m.en, "category": m.category,
                             "party": m.party, "text": m.text} for m in self.missing]}


@lru_cache(maxsize=4)
def _load(paths: tuple[tuple[str, float], ...]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for path, _mtime in paths:
        merged.update(json.loads(Path(path).read_text(encoding="utf-8"))["kinds"])
    return merged


def load_rules(data_dir: Path | str | None = None) -> dict[str, Any]:
    paths = [resource("archive", RULES_FILE)]
    if data_dir is not None and (Path(data_dir) / "archive" / RULES_FILE).exists():
        paths.append(Path(data_dir) / "archive" / RULES_FILE)
    return _load(tuple((str(p), p.stat().st_mtime) for p in paths))


def _requirement(raw: dict) -> Requirement:
    return Requirement(raw.get("id", raw["category"]), raw["zh"], raw.get("en", raw["zh"]),
                       raw["category"], tuple(raw.get("titles", ())), tuple(raw.get("per_party", ())),
                       raw.get("when_event"), tuple(raw.get("procedures", ())))


def requirements(type_code: str, outcome: str, data_dir: Path | None = None) -> list[Requirement]:
    kinds = load_rules(data_dir)
    kind = kinds.get(type_code) or kinds["default"]
    raw = list(kind.get("always", [])) + list(kind.get("outcomes", {}).get(outcome, []))
    return [_requirement(r) for r in raw]


def outcome_of(events: list) -> str:
    """The outcome the concluded event names, else judgment when one was pronounced."""
    for e in events:
        if e.kind == "concluded" and e.data.get("outcome") in OUTCOMES:
            return e.data["outcome"]
    return "judgment" if any(e.kind == "judgment_issued" for e in events) else "withdrawal"


def _category_name(key: str) -> str:
    for cats in cat.load_profile().values():
        for c in cats:
            if c.key == key:
                return c.name
    return key


def check_completeness(wb: "Workbench", ref: str | int) -> CompletenessReport:
    """What the case file lacks for its type and outcome (an empty list: ready to archive)."""
    case = wb.case(ref)
    events = wb.events(case.id)
    type_code = parse_case_number(case.number).type_code
    outcome = outcome_of(events)
    rep = CompletenessReport(case.number, type_code, outcome)
    if not any(e.kind == "concluded" for e in events):
        rep.missing.append(Missing("concluded", "结案（须先记录结案事件）", "the case is not concluded"))
    event_party = {e.id: e.party for e in events}
    kinds = {e.kind for e in events}
    docs = [dict(r) for r in wb.db.query(
        "SELECT id, category, title, event_id FROM documents WHERE case_id = ?", (case.id,))]
    for req in requirements(type_code, outcome, wb.data_dir):
        if req.when_event and req.when_event not in kinds:
            continue
        if req.procedures and case.procedure not in req.procedures:
            continue
        rep.checked += 1
        found = [d for d in docs if d["category"] == req.category
                 and (not req.titles or any(t in d["title"] for t in req.titles))]
        targets = [p.name for p in case.parties if p.role in req.per_party] or [None]
        for party in targets:
            if party is None:
                ok = bool(found)
            else:
                ok = any(party in d["title"] or event_party.get(d["event_id"]) == party
                         for d in found)
            if not ok:
                role = next((ROLES[p.role] for p in case.parties if p.name == party), "")
                rep.missing.append(Missing(req.id, req.zh, req.en, req.category,
                                           _category_name(req.category),
                                           party, role))
    return rep

"""The law's clocks of a case, computed from its recorded events (domain §2).

Every deadline is derived, never stored: record an event and the deadlines move with it. Court
duties (trial period, complaint service, acceptance, summons) turn yellow and red as they near and
pass; party periods (answer, evidence, appeal) simply elapse — their end is information for the
judge (the judgment becomes effective), not a fault of the court.

States: ok, due_soon, overdue, met, not_started, suspended (a trial period while the case is
suspended), elapsed (a party period that has run out), closed (a court duty the case was concluded
without needing, e.g. a complaint never served because the plaintiff withdrew).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Iterable

from .alerts import TrackingRules, level_for, load_rules
from .calendar import HolidayCalendar, add_days, load_calendar, period_end
from ..cases.statute_library import load_library
from ..errors import Text

if TYPE_CHECKING:
    from ..law.statutes import StatuteLibrary
    from ..service import Workbench

CLOSED_STATUSES = ("concluded", "archived")
COURT, PARTY = "court", "party"

# key: (Chinese name, English name, fallback basis). The basis shown is the article of the
# version in force on the period's start (resources/statutes, by topic): numbers move between the
# 2017, 2021 and 2023 texts of the Civil Procedure Law and the 2015/2020/2022 interpretation.
NAMES = {
    "acceptance": ("立案审查期限", "decision on filing", "民诉法 第一百二十六条"),
    "complaint_service": ("起诉状副本送达期限", "service of the complaint", "民诉法 第一百二十八条"),
    "answer": ("答辩期", "defendant's answer period", "民诉法 第一百二十八条"),
    "evidence": ("举证期限", "evidence period", "民诉法解释 第九十九条"),
    "summons": ("传票送达期限", "summons before the hearing", "民诉法 第一百三十九条"),
    "trial_period": ("审理期限", "trial period", ""),
    "appeal": ("上诉期", "appeal period", "民诉法 第一百七十一条"),
}
CPL, INTERP = "civil_procedure_law", "civil_procedure_interpretation"
# (law, topic) of each period's basis; the article number comes from the library on the date.
TOPIC = {"acceptance": (CPL, "acceptance_decision"), "complaint_service": (CPL, "complaint_service"),
         "answer": (CPL, "complaint_service"), "summons": (CPL, "summons_notice"),
         "appeal": (CPL, "appeal")}
TRIAL_TOPIC = {"simple": "trial_simple", "small_claims": "trial_small_claims",
               "ordinary": "trial_ordinary"}
EVIDENCE_TOPIC = {"ordinary": "evidence_ordinary", "simple": "evidence_simple",
                  "small_claims": "evidence_small_claims"}
SHORT = {CPL: "民诉法", INTERP: "民诉法解释"}
ABROAD_DAYS = 30
SMALL_CLAIMS_EVIDENCE_NORM = 7  # 民诉法解释（2022）第二百七十五条: 一般不超过七日


def legal_basis(law: str, topics: tuple[str, ...], on: date, suffix: str = "",
                lib: "StatuteLibrary | None" = None) -> str:
    """'民诉法（2023年修正）第二百八十五条、第二百八十六条' for the version in force on `on`; where
    the library lacks that version's article, say so rather than print another version's number.
    Pass `lib` in a loop: loading checks every statute file for changes (the case list computes
    the deadlines of every open case)."""
    from ..law.statutes import StatuteError, article_cn
    lib = lib or load_library()
    try:
        arts = [lib.by_topic(law, t, on) for t in topics]
    except StatuteError:
        lw = lib.find_law(law)
        v = lw.version_on(on) if lw else None
        which = f"（{v.version}）" if v else ""
        return f"{SHORT.get(law, law)}{which}相应条文（法规库未收录，请人工核对）{suffix}"
    return f"{SHORT.get(law, law)}（{arts[0].version}）" + "、".join(article_cn(a.number) for a in arts) \
        + suffix


def foreign_basis(on: date, appeal: bool, lib: "StatuteLibrary | None" = None) -> str:
    return legal_basis(CPL, ("abroad_appeal",) if appeal else ("abroad_answer",), on,
                       "（在中华人民共和国领域内没有住所的当事人）", lib)


@dataclass(frozen=True)
class ClockEvent:
    kind: str
    on: date
    party: str | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class CaseClock:
    """What the clocks need to know of a case; built from the database in bulk or one by one."""
    number: str
    procedure: str
    filed_on: date
    status: str = "filed"
    judge: str = ""
    division: str = ""
    events: tuple[ClockEvent, ...] = ()
    hearing_on: date | None = None
    defendants: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    abroad: frozenset[str] = frozenset()  # parties with no domicile in China
    complaint_received_on: date | None = None  # the court received the complaint (before 立案)

    @property
    def closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def first(self, kinds: Iterable[str], party: str | None = None) -> ClockEvent | None:
        ks = set(kinds)
        for e in self.events:
            if e.kind in ks and (party is None or e.party in (None, party)):
                return e
        return None


@dataclass(frozen=True)
class Deadline:
    key: str
    zh: str
    en: str
    basis: str
    start: date | None
    due: date | None
    state: str
    days_left: int | None
    duty: str = COURT
    party: str | None = None
    met_on: date | None = None
    nominal_due: date | None = None  # before the move off a weekend or holiday
    moved_because: str | None = None
    deducted_days: int = 0
    extended_months: int = 0
    alert: str = "none"
    notes: tuple[str, ...] = ()

    @property
    def late_days(self) -> int:
        """Days a met deadline was met after its due date (0 if on time)."""
        if self.met_on is None or self.due is None:
            return 0
        return max(0, (self.met_on - self.due).days)

    @property
    def open(self) -> bool:
        return self.state in ("ok", "due_soon", "overdue", "suspended")


class _Maker:
    def __init__(self, clock: CaseClock, today: date, cal: HolidayCalendar, rules: TrackingRules,
                 lib: "StatuteLibrary"):
        self.clock, self.today, self.cal, self.rules, self.lib = clock, today, cal, rules, lib
        self.out: list[Deadline] = []

    def add(self, key: str, start: date | None, *, days: int = 0, months: int = 0,
            extra_days: int = 0, met: ClockEvent | None = None, duty: str = COURT,
            party: str | None = None, basis: str | None = None, notes: tuple[str, ...] = (),
            suspended: bool = False, extended: int = 0, due: date | None = None) -> None:
        zh, en, default_basis = NAMES[key]
        if basis is None and key in TOPIC:
            basis = legal_basis(TOPIC[key][0], (TOPIC[key][1],), start or due or self.clock.filed_on,
                                lib=self.lib)
        basis = basis or default_basis
        if start is None and due is None:
            self.out.append(Deadline(key, zh, en, basis, None, None, "not_started", None, duty,
                                     party, notes=notes))
            return
        nominal, moved = due, None
        if due is None:
            assert start is not None
            end = period_end(start, self.cal, days=days, months=months, extra_days=extra_days,
                             shift=self.rules.shifts(key))
            nominal, due, moved = end.nominal, end.due, end.moved_because
        if not self.cal.covers(due.year):
            notes += (Text(f"{due.year} 年节假日安排未载入，仅按周末计算", f"holidays of {due.year} not loaded"),)
        days_left = (due - self.today).days
        threshold = self.rules.threshold(key)
        if met is not None:
            state, days_left = "met", None
        elif suspended:
            # The clock stands still: count from the unshifted end, which moves with each day.
            state, days_left = "suspended", (nominal - self.today).days  # type: ignore[operator]
        elif duty == PARTY:
            state = "elapsed" if days_left < 0 else (
                "due_soon" if days_left <= threshold.yellow_days else "ok")
        elif self.clock.closed:
            state, days_left = "closed", None
        else:
            state = "overdue" if days_left < 0 else (
                "due_soon" if days_left <= threshold.yellow_days else "ok")
        alert = level_for(days_left, threshold) if duty == COURT and state in (
            "ok", "due_soon", "overdue") else "none"
        d = Deadline(key, zh, en, basis, start, due, state, days_left, duty, party,
                     met.on if met else None, nominal, moved, extra_days, extended, alert, notes)
        if d.late_days:
            d = replace(d, notes=d.notes + (f"逾期 {d.late_days} 日完成 / met {d.late_days} days late",))
        self.out.append(d)


def _deducted(clock: CaseClock, rules: TrackingRules, today: date) -> tuple[int, bool, list[str]]:
    """Days not counted toward the trial period, whether one interval is still open, and notes."""
    intervals: list[tuple[date, date]] = []
    still_open = False
    notes: list[str] = []
    for rule in rules.deductions:
        begun: date | None = None
        for e in clock.events:
            if e.kind == rule.start and begun is None:
                begun = e.on
            elif e.kind == rule.end and begun is not None:
                intervals.append((begun, e.on))
                notes.append(Text(f"{rule.zh} {begun}–{e.on} 不计入审限", f"{rule.en} not counted"))
                begun = None
        if begun is not None:
            still_open = True
            intervals.append((begun, max(begun, today)))
            notes.append(Text(f"{rule.zh}自 {begun} 起，审限暂停计算",
                              f"{rule.en} since {begun}: clock stopped"))
    total, last_end = 0, None
    for s, e in sorted(intervals):  # overlapping intervals count once
        if last_end is not None and s < last_end:
            s = last_end
        if e > s:
            total += (e - s).days
            last_end = e
    return total, still_open, notes


def compute_deadlines(clock: CaseClock, today: date | None = None,
                      cal: HolidayCalendar | None = None,
                      rules: TrackingRules | None = None,
                      library: "StatuteLibrary | None" = None) -> list[Deadline]:
    """Every deadline of the case as of `today`, court duties first."""
    today = today or date.today()
    cal = cal or load_calendar()
    rules = rules or load_rules()
    lib = library or load_library()
    m = _Maker(clock, today, cal, rules, lib)
    filed = clock.filed_on

    # Trial period: from filing, by procedure, plus approved extensions, minus deducted periods.
    base = rules.trial_months.get(clock.procedure, 6)
    extended = sum(int(e.data.get("months", 0)) for e in clock.events if e.kind == "extended")
    deducted, suspended, notes = _deducted(clock, rules, today)
    limit = rules.extension_limit_months.get(clock.procedure)
    if limit is not None and extended > limit:
        notes.append(Text(f"延长共 {extended} 个月，超过本程序可延长的 {limit} 个月，须经上级法院批准或转换程序",
                          f"extensions exceed {limit} months"))
    met = clock.first(("judgment_issued", "concluded"))
    m.add("trial_period", filed, months=base + extended, extra_days=deducted, met=met,
          basis=legal_basis(CPL, (TRIAL_TOPIC.get(clock.procedure, "trial_ordinary"),), filed, lib=lib),
          notes=tuple(notes), suspended=suspended and met is None, extended=extended)

    # 第一百二十六条: seven days from the court's receipt of the complaint to the decision to file.
    # 立案 is that decision itself, so the period is met on the filing date; without a recorded
    # receipt date there is nothing to count (a period counted from 立案 would be meaningless).
    received = clock.complaint_received_on
    if received is not None and received <= filed:
        m.add("acceptance", received, days=7, met=ClockEvent("filed", filed))
    else:
        m.add("acceptance", None, notes=(Text("未登记收到起诉状的日期",
                                              "the date the complaint was received is not recorded"),))
    m.add("complaint_service", filed, days=5, met=clock.first(("complaint_served",)))

    # Summons: at least three days before the hearing (counted back, never moved). In simple
    # procedure 第一百六十三条 lifts 第一百三十九条 and 第一百六十二条 allows simplified summons
    # (民诉法解释 第二百六十一条): a late summons is a warning there, never a red fault.
    hearing_on = _hearing_date(clock)
    simple = clock.procedure in ("simple", "small_claims")
    if hearing_on is None:
        m.add("summons", None)
    else:
        s_notes: tuple[str, ...] = (Text(f"开庭 {hearing_on}", f"hearing on {hearing_on}"),)
        if simple:
            s_notes += (_simple_summons_note(hearing_on, lib),)
        m.add("summons", None, due=add_days(hearing_on, -3), met=clock.first(("summons_served",)),
              notes=s_notes)
        if simple and m.out[-1].alert == "red":
            m.out[-1] = replace(m.out[-1], alert="yellow")

    # Party periods run from each party's own service.
    for served_party, served in _served(clock, "complaint_served", clock.defendants):
        abroad = served_party in clock.abroad
        answered = clock.first(("answer_received",), served_party)
        m.add("answer", served.on, days=ABROAD_DAYS if abroad else 15, duty=PARTY,
              party=served_party, met=answered,
              basis=foreign_basis(served.on, appeal=False, lib=lib) if abroad else None)
        ev_days = int(served.data.get("evidence_days") or rules.evidence_days.get(clock.procedure, 15))
        ev_notes: tuple[str, ...] = ()
        if clock.procedure == "ordinary" and ev_days < 15:
            ev_notes = (Text("普通程序举证期限不得少于十五日", "at least 15 days in ordinary procedure"),)
        elif clock.procedure == "simple" and ev_days > 15:
            ev_notes = (Text("简易程序举证期限不得超过十五日", "at most 15 days in simple procedure"),)
        elif clock.procedure == "small_claims" and ev_days > SMALL_CLAIMS_EVIDENCE_NORM:
            ev_notes = (Text(f"小额诉讼案件的举证期限一般不超过七日（本案{ev_days}日）",
                             f"small claims: generally no more than 7 days ({ev_days} set)"),)
        m.add("evidence", served.on, days=ev_days, duty=PARTY, party=served_party,
              basis=legal_basis(INTERP, (EVIDENCE_TOPIC.get(clock.procedure, "evidence_ordinary"),),
                                served.on, lib=lib), notes=ev_notes)
    if not any(d.key == "answer" for d in m.out):
        m.add("answer", None, duty=PARTY)
    if clock.procedure == "small_claims":
        # 第一百六十五条: 一审终审. A small-claims judgment is final when made: no appeal period.
        return m.out
    appeals = 0
    for served_party, served in _served(clock, "judgment_served", clock.parties):
        ruling = served.data.get("document") == "ruling"
        abroad = served_party in clock.abroad
        days = ABROAD_DAYS if abroad else (10 if ruling else 15)
        m.add("appeal", served.on, days=days, duty=PARTY, party=served_party,
              met=clock.first(("appeal_filed",), served_party),
              basis=foreign_basis(served.on, appeal=True, lib=lib) if abroad else None,
              notes=(Text("对裁定的上诉期", "appeal against a ruling"),) if ruling else ())
        appeals += 1
    if not appeals:
        m.add("appeal", None, duty=PARTY)
    return m.out


def _simple_summons_note(hearing_on: date, lib: "StatuteLibrary") -> str:
    basis = legal_basis(CPL, ("simple_summons", "simple_exemptions"), hearing_on, lib=lib)
    interp = legal_basis(INTERP, ("simple_summons",), hearing_on, lib=lib)
    return (Text(f"简易程序可以简便方式传唤，不受三日规定限制（{basis}；{interp}）；以简便方式送达的开庭通知未经当事人确认的，不得缺席判决",
                 "simple procedure: simplified summons allowed, the 3-day rule does not bind; unconfirmed, no default judgment"))


def _hearing_date(clock: CaseClock) -> date | None:
    for e in clock.events:
        if e.kind == "summons_served" and e.data.get("hearing_on"):
            try:
                return date.fromisoformat(str(e.data["hearing_on"]))
            except ValueError:
                continue
    held = clock.first(("hearing",))
    return held.on if held else clock.hearing_on


def _served(clock: CaseClock, kind: str, everyone: tuple[str, ...]) -> list[tuple[str, ClockEvent]]:
    """(party, first service on that party) for each party a `kind` event reached."""
    seen: dict[str, ClockEvent] = {}
    for e in clock.events:
        if e.kind != kind:
            continue
        for p in ([e.party] if e.party else everyone):
            seen.setdefault(p, e)
    return list(seen.items())


# ---- building clocks from the database ---------------------------------------------------------
def _abroad(party: dict) -> bool:
    return bool(party.get("no_domicile_in_china")) or party.get("domicile") == "abroad"


def _received_on(facts: dict, events: list[ClockEvent]) -> date | None:
    raw = (facts.get("extra") or {}).get("complaint_received_on")
    raw = raw or next((e.data.get("complaint_received_on") for e in events if e.kind == "filed"
                       and e.data.get("complaint_received_on")), None)
    try:
        return date.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None


def _served_event(kind: str, on: str, party: str, data: dict) -> ClockEvent:
    extra: dict[str, Any] = {"via": "service_queue"}
    if data.get("hearing_on"):
        extra["hearing_on"] = data["hearing_on"]
    if data.get("serves") == "ruling":
        extra["document"] = "ruling"
    return ClockEvent(kind, date.fromisoformat(on), party, extra)


def load_clocks(wb: "Workbench", case_ids: list[int] | None = None,
                rules: TrackingRules | None = None) -> list[CaseClock]:
    """Clocks of many cases in three queries (the dashboard reads every case)."""
    rules = rules or load_rules(wb.data_dir)
    where = f" WHERE id IN ({','.join('?' * len(case_ids))})" if case_ids else ""
    cases = wb.db.query("SELECT id, number, procedure, filed_on, status, judge, facts FROM cases"
                        + where + " ORDER BY id", case_ids or ())
    ids = [r["id"] for r in cases]
    events: dict[int, list[ClockEvent]] = {i: [] for i in ids}
    parties: dict[int, list[dict]] = {i: [] for i in ids}
    in_ids = f" WHERE case_id IN ({','.join('?' * len(case_ids))})" if case_ids else ""
    for r in wb.db.query("SELECT case_id, kind, on_date, party, data FROM events" + in_ids
                         + " ORDER BY on_date, id", case_ids or ()):
        if r["case_id"] in events:
            events[r["case_id"]].append(ClockEvent(r["kind"], date.fromisoformat(r["on_date"]),
                                                   r["party"], json.loads(r["data"] or "{}")))
    # An effective service in the service queue (issue 13) starts the same periods as a recorded
    # service event: the rows the service stores say which event it stands for (clock_kind) and
    # when it took effect. A failed or unproved attempt has no effective_on and starts nothing.
    for r in wb.db.query("SELECT case_id, clock_kind, effective_on, recipient, data FROM"
                         " delivery_tasks" + in_ids
                         + (" AND" if in_ids else " WHERE") + " effective_on IS NOT NULL"
                         " AND clock_kind IS NOT NULL", case_ids or ()):
        if r["case_id"] in events:
            data = json.loads(r["data"])
            events[r["case_id"]].append(_served_event(r["clock_kind"], r["effective_on"],
                                                      r["recipient"], data))
            if data.get("published_on"):  # 公告期间: the deduction rule's start and end events
                events[r["case_id"]] += [
                    ClockEvent("notice_published", date.fromisoformat(data["published_on"])),
                    ClockEvent("notice_expired", date.fromisoformat(r["effective_on"]))]
    for evs in events.values():
        evs.sort(key=lambda e: e.on)  # stable: same-day events keep their recorded order
    for r in wb.db.query("SELECT case_id, data FROM parties" + in_ids + " ORDER BY position",
                         case_ids or ()):
        if r["case_id"] in parties:
            parties[r["case_id"]].append(json.loads(r["data"]))
    out = []
    for r in cases:
        facts = json.loads(r["facts"] or "{}")
        hearing = facts.get("hearing") or {}
        held = hearing.get("held_on")
        ps = parties[r["id"]]
        out.append(CaseClock(
            number=r["number"], procedure=r["procedure"], filed_on=date.fromisoformat(r["filed_on"]),
            status=r["status"], judge=r["judge"],
            division=rules.division_of(r["judge"], (facts.get("extra") or {}).get("division")),
            events=tuple(events[r["id"]]), hearing_on=date.fromisoformat(held) if held else None,
            defendants=tuple(p["name"] for p in ps if p["role"] == "defendant"),
            parties=tuple(p["name"] for p in ps),
            abroad=frozenset(p["name"] for p in ps if _abroad(p)),
            complaint_received_on=_received_on(facts, events[r["id"]])))
    return out


def case_deadlines(wb: "Workbench", ref: str | int, today: date | None = None) -> list[Deadline]:
    """The deadlines of one case, with the data directory's own calendar and rules."""
    rules = load_rules(wb.data_dir)
    clock = load_clocks(wb, [wb.case_id(ref)], rules)[0]
    return compute_deadlines(clock, today, load_calendar(wb.data_dir), rules)


def deadline_dict(d: Deadline) -> dict[str, Any]:
    return {"key": d.key, "name": d.zh, "name_en": d.en, "party": d.party, "duty": d.duty,
            "start": d.start, "due": d.due, "nominal_due": d.nominal_due,
            "moved_because": d.moved_because, "state": d.state, "days_left": d.days_left,
            "alert": d.alert, "met_on": d.met_on, "late_days": d.late_days, "basis": d.basis,
            "deducted_days": d.deducted_days, "extended_months": d.extended_months,
            "notes": list(d.notes)}


@dataclass(frozen=True)
class CaseAlert:
    number: str
    level: str  # none | yellow | red
    deadline: Deadline | None  # the most urgent open court duty

    @property
    def text(self) -> str:
        d = self.deadline
        if d is None or d.days_left is None:
            return ""
        if d.days_left < 0:
            return Text(f"{d.zh}已超期 {-d.days_left} 日", f"{d.en} overdue by {-d.days_left} days")
        return Text(f"{d.zh}剩 {d.days_left} 日（{d.due}）", f"{d.en}: {d.days_left} days left")


def case_alerts(wb: "Workbench", today: date | None = None) -> dict[str, CaseAlert]:
    """The alert of every open case, by case number, for colouring the case list."""
    today = today or date.today()
    rules = load_rules(wb.data_dir)
    cal = load_calendar(wb.data_dir)
    lib = load_library()
    out: dict[str, CaseAlert] = {}
    for clock in load_clocks(wb, None, rules):
        if clock.closed:
            continue
        open_duties = [d for d in compute_deadlines(clock, today, cal, rules, lib)
                       if d.duty == COURT and d.days_left is not None and d.state != "suspended"]
        urgent = min(open_duties, key=lambda d: d.days_left or 0, default=None)
        level = max((d.alert for d in open_duties), key=("none", "yellow", "red").index,
                    default="none")
        out[clock.number] = CaseAlert(clock.number, level, urgent)
    return out

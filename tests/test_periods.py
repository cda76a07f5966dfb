"""Every statutory period of domain §2, computed from a case's events: the due date a clerk
would work out by hand, the state and the colour the judge sees."""

from __future__ import annotations

import json
from datetime import date

import pytest

from workbench.cli import main
from workbench.tracking.alerts import load_rules, rules_from_dict
from workbench.tracking.calendar import load_calendar
from workbench.tracking.periods import CaseClock, ClockEvent, case_deadlines, compute_deadlines

NUMBER = "（2026）苏0583民初1234号"
PLAINTIFF, DEFENDANT = "王建国", "昆山市宏达贸易有限公司"


def clock(procedure="simple", filed=date(2026, 3, 5), events=(), status="accepted", **kw):
    return CaseClock(NUMBER, procedure, filed, status, "周明", "",
                     tuple(ClockEvent(k, on, party, data) for k, on, party, data in events),
                     defendants=(DEFENDANT,), parties=(PLAINTIFF, DEFENDANT), **kw)


def ev(kind, on, party=None, **data):
    return (kind, on, party, data)


def get(deadlines, key, party=None):
    found = [d for d in deadlines if d.key == key and (party is None or d.party == party)]
    assert len(found) == 1, (key, found)
    return found[0]


def run(c, today=date(2026, 3, 6)):
    return compute_deadlines(c, today, load_calendar(), load_rules())


# ---- trial periods -----------------------------------------------------------------------------
@pytest.mark.parametrize("procedure,filed,due,basis", [
    ("simple", date(2026, 3, 5), date(2026, 6, 5), "第一百六十四条"),        # 3 months, a Friday
    ("simple", date(2026, 1, 31), date(2026, 4, 30), "第一百六十四条"),      # month end: 30 April
    # 民诉法（2023）第一百六十八条: "人民法院适用小额诉讼的程序审理案件，应当在立案之日起两个月内审结"
    # (tests/data/law/cpl_2023.json); 第一百六十九条 is the transfer out of small claims.
    ("small_claims", date(2026, 3, 5), date(2026, 5, 6), "第一百六十八条"),  # 5 May is Labour Day
    ("ordinary", date(2026, 3, 5), date(2026, 9, 7), "第一百五十二条"),      # 5 Sept is a Saturday
])
def test_trial_period_by_procedure(procedure, filed, due, basis):
    d = get(run(clock(procedure, filed), today=filed), "trial_period")
    assert d.due == due and basis in d.basis
    assert d.start == filed and d.state == "ok"


def test_an_approved_extension_adds_its_months():
    c = clock("simple", events=[ev("extended", date(2026, 5, 20), months=1)])
    d = get(run(c), "trial_period")
    assert d.nominal_due == date(2026, 7, 5)   # a Sunday …
    assert d.due == date(2026, 7, 6)           # … so Monday
    assert d.extended_months == 1 and d.moved_because == "周末"


def test_ordinary_procedure_extends_six_months_and_more_needs_the_higher_court():
    c = clock("ordinary", events=[ev("extended", date(2026, 8, 1), months=6)])
    d = get(run(c), "trial_period")
    assert d.due == date(2027, 3, 5)
    assert not any("上级法院" in n for n in d.notes)
    c = clock("ordinary", events=[ev("extended", date(2026, 8, 1), months=6),
                                  ev("extended", date(2027, 2, 1), months=3)])
    d = get(run(c), "trial_period")
    assert d.due == date(2027, 6, 7)  # 5 June 2027 is a Saturday
    assert any("上级法院" in n for n in d.notes)


def test_a_suspension_is_not_counted():
    c = clock("ordinary", events=[ev("suspended", date(2026, 4, 1)), ev("resumed", date(2026, 4, 21))])
    d = get(run(c, today=date(2026, 5, 1)), "trial_period")
    # 5 Sept + 20 days = 25 Sept, Mid-Autumn Festival (25–27 Sept): Monday 28 Sept.
    assert d.deducted_days == 20
    assert d.nominal_due == date(2026, 9, 25) and d.due == date(2026, 9, 28)
    assert d.moved_because == "中秋节"
    assert d.state == "ok"


def test_while_suspended_the_clock_stands_still():
    c = clock("simple", events=[ev("suspended", date(2026, 4, 1))], status="suspended")
    early = get(run(c, today=date(2026, 4, 10)), "trial_period")
    late = get(run(c, today=date(2026, 8, 10)), "trial_period")
    assert early.state == late.state == "suspended"
    assert early.alert == late.alert == "none"  # a suspended case is never red
    assert early.days_left == late.days_left


def test_configurable_deductions_overlap_only_once():
    raw = json.loads(json.dumps({"trial_months": {"ordinary": 6}, "deductions": [
        {"start": "suspended", "end": "resumed"},
        {"start": "appraisal_started", "end": "appraisal_finished", "zh": "鉴定期间"}]}))
    rules = rules_from_dict(raw)
    c = clock("ordinary", events=[ev("appraisal_started", date(2026, 4, 1)),
                                  ev("suspended", date(2026, 4, 11)),
                                  ev("appraisal_finished", date(2026, 4, 21)),
                                  ev("resumed", date(2026, 5, 1))])
    d = get(compute_deadlines(c, date(2026, 5, 2), load_calendar(), rules), "trial_period")
    assert d.deducted_days == 30  # 1 April – 1 May, not 20 + 20
    assert any("鉴定期间" in n for n in d.notes)


def test_met_by_the_judgment_and_late_when_after_the_due_date():
    on_time = clock("simple", events=[ev("judgment_issued", date(2026, 6, 1))])
    d = get(run(on_time, today=date(2026, 7, 1)), "trial_period")
    assert (d.state, d.met_on, d.late_days, d.alert) == ("met", date(2026, 6, 1), 0, "none")
    late = clock("simple", events=[ev("judgment_issued", date(2026, 6, 15))])
    d = get(run(late, today=date(2026, 7, 1)), "trial_period")
    assert d.state == "met" and d.late_days == 10 and any("逾期" in n for n in d.notes)


@pytest.mark.parametrize("today,state,alert,days_left", [
    (date(2026, 5, 1), "ok", "none", 35),
    (date(2026, 5, 21), "due_soon", "yellow", 15),   # yellow from 15 days before
    (date(2026, 6, 5), "due_soon", "yellow", 0),     # the last day itself
    (date(2026, 6, 6), "overdue", "red", -1),        # red once passed
])
def test_the_trial_period_turns_yellow_then_red(today, state, alert, days_left):
    d = get(run(clock("simple"), today=today), "trial_period")
    assert (d.state, d.alert, d.days_left) == (state, alert, days_left)


# ---- the other periods of §2 -------------------------------------------------------------------
def test_acceptance_within_seven_days_and_service_within_five():
    # 第一百二十六条: seven days from receipt of the complaint to the decision to file (立案 itself).
    ds = run(clock(events=[], complaint_received_on=date(2026, 3, 2)), today=date(2026, 3, 11))
    acc, svc = get(ds, "acceptance"), get(ds, "complaint_service")
    assert acc.due == date(2026, 3, 9) and "第一百二十六条" in acc.basis
    assert acc.state == "met" and acc.met_on == date(2026, 3, 5)
    assert svc.due == date(2026, 3, 10) and "第一百二十八条" in svc.basis
    assert (svc.state, svc.alert) == ("overdue", "red")
    ds = run(clock(events=[ev("accepted", date(2026, 3, 6)),
                           ev("complaint_served", date(2026, 3, 9), DEFENDANT)]), date(2026, 3, 11))
    assert get(ds, "complaint_service").state == "met"


def test_answer_period_fifteen_days_from_receipt():
    c = clock(events=[ev("complaint_served", date(2026, 3, 9), DEFENDANT)])
    d = get(run(c, today=date(2026, 3, 20)), "answer", DEFENDANT)
    assert d.start == date(2026, 3, 9) and d.due == date(2026, 3, 24)
    assert d.duty == "party" and d.alert == "none"  # the defendant's right, not the court's fault
    assert get(run(c, today=date(2026, 3, 25)), "answer").state == "elapsed"
    answered = clock(events=[ev("complaint_served", date(2026, 3, 9), DEFENDANT),
                             ev("answer_received", date(2026, 3, 20), DEFENDANT)])
    assert get(run(answered, today=date(2026, 3, 25)), "answer").state == "met"


def test_no_domicile_in_china_has_thirty_days():
    c = clock(events=[ev("complaint_served", date(2026, 3, 9), DEFENDANT),
                      ev("judgment_served", date(2026, 6, 1))], abroad=frozenset({DEFENDANT}))
    ds = run(c, today=date(2026, 6, 2))
    assert get(ds, "answer").due == date(2026, 4, 8)
    assert get(ds, "appeal", DEFENDANT).due == date(2026, 7, 1)
    assert get(ds, "appeal", PLAINTIFF).due == date(2026, 6, 16)


@pytest.mark.parametrize("procedure,days,due,note", [
    ("ordinary", 15, date(2026, 3, 24), None),
    ("ordinary", 10, date(2026, 3, 19), "不得少于十五日"),
    ("simple", 15, date(2026, 3, 24), None),
    ("simple", 20, date(2026, 3, 30), "不得超过十五日"),  # 29 March is a Sunday
])
def test_evidence_period_set_by_the_court(procedure, days, due, note):
    c = clock(procedure, events=[ev("complaint_served", date(2026, 3, 9), DEFENDANT,
                                    evidence_days=days)])
    d = get(run(c), "evidence", DEFENDANT)
    assert d.due == due
    assert (note is None and not d.notes) or any(note in n for n in d.notes)


def test_small_claims_evidence_period_from_the_court_profile():
    c = clock("small_claims", events=[ev("complaint_served", date(2026, 3, 9), DEFENDANT)])
    assert get(run(c), "evidence").due == date(2026, 3, 16)


def test_summons_at_least_three_days_before_the_hearing():
    c = clock(events=[ev("summons_served", date(2026, 4, 1), None, hearing_on="2026-04-10")])
    d = get(run(c, date(2026, 4, 2)), "summons")
    assert d.due == date(2026, 4, 7) and d.state == "met" and d.late_days == 0
    none_yet = clock("ordinary", hearing_on=date(2026, 4, 10))
    assert get(run(none_yet, date(2026, 4, 6)), "summons").alert == "yellow"
    assert get(run(none_yet, date(2026, 4, 8)), "summons").alert == "red"
    # Simple procedure is not bound by 第一百三十九条 (第一百六十三条): a warning, never red.
    simple = clock("simple", hearing_on=date(2026, 4, 10))
    assert get(run(simple, date(2026, 4, 8)), "summons").alert == "yellow"
    # Never moved: a summons may be served on a Saturday, and the hearing will not wait.
    sat = clock(hearing_on=date(2026, 3, 10))
    assert get(run(sat, date(2026, 3, 1)), "summons").due == date(2026, 3, 7)


@pytest.mark.parametrize("document,days,due", [
    (None, 15, date(2026, 6, 16)),
    ("ruling", 10, date(2026, 6, 11)),
])
def test_appeal_period_runs_from_each_partys_service(document, days, due):
    data = {"document": document} if document else {}
    c = clock(events=[ev("judgment_served", date(2026, 6, 1), PLAINTIFF, **data),
                      ev("judgment_served", date(2026, 6, 3), DEFENDANT, **data)])
    ds = run(c, date(2026, 6, 4))
    assert get(ds, "appeal", PLAINTIFF).due == due
    assert get(ds, "appeal", DEFENDANT).due > due
    assert "第一百七十一条" in get(ds, "appeal", PLAINTIFF).basis
    appealed = clock(events=[ev("judgment_served", date(2026, 6, 1), PLAINTIFF, **data),
                             ev("appeal_filed", date(2026, 6, 5), PLAINTIFF)])
    assert get(run(appealed, date(2026, 6, 20)), "appeal", PLAINTIFF).state == "met"


def test_a_concluded_case_raises_no_alarm_for_duties_it_never_needed():
    c = clock(events=[ev("concluded", date(2026, 3, 8), None, outcome="withdrawal")],
              status="concluded")
    ds = run(c, date(2026, 5, 1))
    assert get(ds, "complaint_service").state == "closed"
    assert all(d.alert == "none" for d in ds)


# ---- from the database and the CLI -------------------------------------------------------------
def test_deadlines_command_json(tmp_path, example_path, capsys):
    data = str(tmp_path / "d")
    assert main(["--data-dir", data, "case", "import", str(example_path)]) == 0
    assert main(["--data-dir", data, "event", NUMBER, "extended", "--on", "2026-05-20",
                 "--months", "1"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "deadlines", NUMBER, "--json", "--today", "2026-03-20"]) == 0
    out = json.loads(capsys.readouterr().out)
    keys = {d["key"] for d in out["deadlines"]}
    assert {"trial_period", "complaint_service", "answer", "appeal"} <= keys
    trial = next(d for d in out["deadlines"] if d["key"] == "trial_period")
    assert trial["due"] == "2026-07-06" and trial["extended_months"] == 1
    answer = next(d for d in out["deadlines"] if d["key"] == "answer")
    assert answer["due"] == "2026-03-24" and answer["party"] == DEFENDANT
    assert main(["--data-dir", data, "deadlines", NUMBER, "--today", "2026-03-20"]) == 0
    text = capsys.readouterr().out
    assert "审理期限" in text and "2026-07-06" in text


def test_case_deadlines_reads_a_foreign_party_from_the_case(wb, example_doc):
    example_doc["parties"][1]["no_domicile_in_china"] = True
    example_doc["events"] += [{"kind": "judgment_issued", "on": "2026-05-01"},
                             {"kind": "judgment_served", "on": "2026-05-06"}]
    wb.import_case(example_doc)
    ds = case_deadlines(wb, NUMBER, date(2026, 5, 7))
    assert get(ds, "answer").due == date(2026, 4, 8)
    assert get(ds, "appeal", DEFENDANT).due == date(2026, 6, 5)
    assert get(ds, "appeal", PLAINTIFF).due == date(2026, 5, 21)

"""The procedure's order (cases.procedure): every event out of order is refused with a message
naming what must come first, inside the write path; 归档 only through the one-click seal."""

from __future__ import annotations

import json
from datetime import date

import pytest

from workbench.cases.procedure import (EVENT_KINDS, Step, allowed_next, check_order,
                                       order_problems, proposed_next)
from workbench.errors import UserError

NUMBER = "（2026）苏0583民初1234号"


def steps(*pairs):
    return [Step(k, date.fromisoformat(on), {}) for k, on in pairs]


def refusal(recorded, kind, on, procedure="simple", data=None):
    with pytest.raises(UserError) as exc:
        check_order(recorded, Step(kind, date.fromisoformat(on), data or {}), procedure)
    return str(exc.value)


ACCEPTED = steps(("filed", "2026-03-05"), ("accepted", "2026-03-05"))
HEARD = ACCEPTED + steps(("complaint_served", "2026-03-09"), ("summons_served", "2026-03-20"),
                         ("hearing", "2026-04-10"))
JUDGED = HEARD + steps(("judgment_issued", "2026-04-20"))

# (events before, kind, date, words the message must contain)
OUT_OF_ORDER = [
    (ACCEPTED, "appeal_filed", "2026-03-10", ["提起上诉须先有「宣判」或「送达判决书」"]),
    (steps(("filed", "2026-03-05")), "complaint_served", "2026-03-06", ["须先有「受理」"]),
    (ACCEPTED, "answer_received", "2026-03-06", ["须先有「送达起诉状副本」"]),
    (ACCEPTED, "summons_served", "2026-03-06", ["须先有「送达起诉状副本」"]),
    (ACCEPTED + steps(("complaint_served", "2026-03-09")), "hearing", "2026-03-20",
     ["开庭审理须先有「送达传票」"]),
    (ACCEPTED, "judgment_issued", "2026-03-20", ["宣判须先有「开庭审理」"]),
    (HEARD, "judgment_served", "2026-04-12", ["须先有「宣判」"]),
    (JUDGED, "concluded", "2026-04-21", ["结案须先有「送达判决书」"]),
    (JUDGED + steps(("appeal_filed", "2026-04-30")), "complaint_served", "2026-05-02",
     ["送达起诉状副本不能在", "提起上诉"]),
    (JUDGED, "hearing", "2026-04-25", ["开庭审理不能在", "宣判"]),
    (JUDGED, "evidence_submitted", "2026-04-25", ["不能在", "宣判"]),
    (HEARD, "resumed", "2026-04-11", ["未中止"]),
    (HEARD + steps(("suspended", "2026-04-12")), "judgment_issued", "2026-04-20",
     ["已中止诉讼", "恢复诉讼"]),
    (HEARD + steps(("suspended", "2026-04-12")), "suspended", "2026-04-13", ["已中止"]),
    (steps(("filed", "2026-03-05")), "extended", "2026-03-06", ["须先有「受理」"]),
    (ACCEPTED + steps(("complaint_served", "2026-03-09"), ("summons_served", "2026-03-20")),
     "hearing", "2026-03-19", ["须先有「送达传票」", "晚于"]),  # the summons is dated later
]


@pytest.mark.parametrize("before, kind, on, words", OUT_OF_ORDER,
                         ids=[f"{k}@{len(b)}" for b, k, _, _ in OUT_OF_ORDER])
def test_every_out_of_order_event_is_refused_with_what_must_come_first(before, kind, on, words):
    message = refusal(before, kind, on)
    for w in words:
        assert w in message, message
    assert "/ " in message and any(c.isascii() and c.isalpha() for c in message)  # both languages


def test_small_claims_judgment_cannot_be_appealed():
    served = JUDGED + steps(("judgment_served", "2026-04-22"))
    assert "一审终审" in refusal(served, "appeal_filed", "2026-04-25", "small_claims")
    check_order(served, Step("appeal_filed", date(2026, 4, 25), {}), "simple")


def test_the_seal_is_the_only_way_to_archive():
    done = JUDGED + steps(("judgment_served", "2026-04-22"), ("concluded", "2026-04-23"))
    assert "一键归档" in refusal(done, "archived", "2026-05-01")
    check_order(done, Step("archived", date(2026, 5, 1), {}), "simple", sealing=True)
    with pytest.raises(UserError, match="须先有「结案」"):
        check_order(JUDGED, Step("archived", date(2026, 5, 1), {}), "simple", sealing=True)


def test_a_late_recorded_event_may_not_break_the_events_after_it():
    # A suspension dated before the recorded hearing would leave the hearing out of order.
    message = refusal(HEARD, "suspended", "2026-03-21")
    assert "会排在已记录的开庭审理" in message


def test_order_is_replayed_by_date_not_by_entry():
    # Recording the summons after the hearing, with its true earlier date, is in order.
    recorded = ACCEPTED + steps(("complaint_served", "2026-03-09"))
    check_order(recorded, Step("summons_served", date(2026, 3, 20), {}), "simple")
    assert order_problems(HEARD) == []


def test_dialog_choices_follow_the_machine():
    assert proposed_next(ACCEPTED, date(2026, 3, 9)) == "complaint_served"
    assert proposed_next(HEARD, date(2026, 4, 20)) == "judgment_issued"
    after_accepted = allowed_next(ACCEPTED, date(2026, 3, 9))
    assert "appeal_filed" not in after_accepted and "hearing" not in after_accepted
    assert "archived" not in allowed_next(JUDGED + steps(("judgment_served", "2026-04-22"),
                                                          ("concluded", "2026-04-23")),
                                          date(2026, 5, 1))
    sealed = JUDGED + steps(("judgment_served", "2026-04-22"), ("concluded", "2026-04-23"),
                            ("archived", "2026-05-01"))
    assert allowed_next(sealed, date(2026, 5, 2)) == [] and proposed_next(sealed, date(2026, 5, 2)) is None


def test_every_kind_declares_a_reachable_prerequisite():
    for kind, ek in EVENT_KINDS.items():
        for need in ek.needs:
            assert need in EVENT_KINDS and need != kind


# ---- through the service, the CLI and a case JSON ---------------------------------------------
def _case(wb, example_doc, events):
    doc = dict(example_doc, events=events)
    return wb.import_case(doc)


def test_service_refuses_appeal_after_acceptance_and_files_nothing(wb, example_doc):
    _case(wb, example_doc, [{"kind": "filed", "on": "2026-03-05"},
                            {"kind": "accepted", "on": "2026-03-05"}])
    before = len(wb.catalogue(NUMBER))
    with pytest.raises(UserError, match="提起上诉须先有"):
        wb.record_event(NUMBER, "appeal_filed", "2026-03-10")
    assert wb.case(NUMBER).status == "accepted"
    assert len(wb.catalogue(NUMBER)) == before and all(e.kind != "appeal_filed"
                                                       for e in wb.events(NUMBER))


def test_the_check_runs_inside_the_write_transaction(wb, example_doc, monkeypatch):
    # Another desk records the summons between our look and our write: the hearing, checked
    # again under the write lock, now passes; a refused one stays refused however it is timed.
    _case(wb, example_doc, [{"kind": "filed", "on": "2026-03-05"},
                            {"kind": "accepted", "on": "2026-03-05"},
                            {"kind": "complaint_served", "on": "2026-03-09"},
                            {"kind": "summons_served", "on": "2026-03-20",
                             "hearing_on": "2026-04-10"}])
    import workbench.service.workbench as service
    calls = []
    real = service.check_order

    def spy(*a, **k):
        calls.append(wb.db.conn.in_transaction)
        return real(*a, **k)
    monkeypatch.setattr(service, "check_order", spy)
    wb.record_event(NUMBER, "hearing", "2026-04-10")
    assert True in calls  # once under the transaction (and once, cheaply, before rendering)


def test_case_json_events_out_of_order_or_archived_are_refused(wb, example_doc):
    with pytest.raises(UserError, match="提起上诉须先有"):
        _case(wb, example_doc, [{"kind": "filed", "on": "2026-03-05"},
                                {"kind": "appeal_filed", "on": "2026-03-06"}])
    with pytest.raises(UserError, match="一键归档"):
        _case(wb, example_doc, [{"kind": "filed", "on": "2026-03-05"},
                                {"kind": "archived", "on": "2026-03-06"}])
    assert wb.is_empty()


def test_cli_event_archived_is_refused(tmp_path, example_path):
    from workbench.cli import main
    data = str(tmp_path / "d")
    assert main(["--data-dir", data, "case", "import", str(example_path)]) == 0
    assert main(["--data-dir", data, "event", NUMBER, "archived"]) == 2
    from workbench.service import Workbench
    with Workbench.open(data) as w:
        assert w.case(NUMBER).status != "archived"

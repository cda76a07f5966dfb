"""The record-event dialog offers only the events the procedure allows next, proposes the main
line's next step, never offers 归档, and on an archived case offers nothing."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("pytestqt")

from workbench.service import CaseQuery  # noqa: E402


def _case(window, status):
    return window.wb.list_cases(CaseQuery(status=status), 0, 1)[0].number


def _offered(dlg):
    return [dlg.kind.itemData(i) for i in range(dlg.kind.count())]


def test_an_accepted_case_offers_service_not_an_appeal(window):
    number = next(c.number for c in window.wb.list_cases(CaseQuery(status="accepted"), 0, 100)
                  if c.procedure == "simple")
    window.open_case(number)
    dlg = window.record_event()
    offered = _offered(dlg)
    assert dlg.kind.currentData() == "complaint_served"
    assert "appeal_filed" not in offered and "hearing" not in offered
    assert "judgment_issued" not in offered and "archived" not in offered
    dlg.set_kind("appeal_filed")  # asked for anyway: the reason, not another event
    assert "提起上诉须先有" in dlg.error.text() and dlg.kind.currentData() == "complaint_served"
    dlg.reject()


def test_a_judged_case_proposes_serving_the_judgment(window):
    window.open_case(_case(window, "judged"))
    dlg = window.record_event()
    assert dlg.kind.currentData() == "judgment_served"
    assert not {"complaint_served", "hearing", "summons_served"} & set(_offered(dlg))
    dlg.reject()


def test_a_concluded_case_never_offers_the_seal(window):
    window.open_case(_case(window, "concluded"))
    dlg = window.record_event()
    assert "archived" not in _offered(dlg)
    dlg.reject()


def test_an_archived_case_offers_nothing(window, tmp_path):
    from workbench.archive.seal import seal_case
    number = _case(window, "concluded")
    seal_case(window.wb, number, tmp_path / "p.zip", on=date.today())
    window.open_case(number)
    dlg = window.record_event()
    assert _offered(dlg) == [] and not dlg.ok_button.isEnabled()
    assert "只读" in dlg.error.text()
    dlg.reject()

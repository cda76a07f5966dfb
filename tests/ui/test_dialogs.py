"""新建案件 and 记录事件, driven as a clerk would."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest

from ui.dialogs import NewCaseDialog, RecordEventDialog
from workbench.errors import UserError
from workbench.service import CaseQuery


def _case(window, status):
    return window.wb.list_cases(CaseQuery(status=status), 0, 1)[0].number


def _titles(view):
    return [e.title for e in view.catalogue.entries()]


def test_new_case_refuses_an_invalid_number_and_accepts_a_half_width_one(window, qtbot, type_text):
    window.act_new.trigger()
    dlg = window.active_dialog
    assert isinstance(dlg, NewCaseDialog) and dlg.isVisible()
    assert dlg.court.text()  # prefilled with this court's name
    type_text(dlg.number, "2026苏0583民初77号")
    assert "年度须用括号括起" in dlg.number_status.text()
    assert not dlg.ok_button.isEnabled()
    dlg.number.clear()
    type_text(dlg.number, "(2026)苏0583民初0077号")
    assert "前导零" in dlg.number_status.text()
    assert not dlg.ok_button.isEnabled()
    dlg.number.clear()
    type_text(dlg.number, "(2026) 苏0583民初77号")
    assert dlg.number_status.text() == "规范案号：（2026）苏0583民初77号"
    # Still refused until both sides of the case are named.
    assert not dlg.ok_button.isEnabled()
    assert "至少需要一名原告" in dlg.problem.text()
    dlg.set_party(0, "钱多多")
    dlg.set_party(1, "昆山市某某科技有限公司", "organization")
    type_text(dlg.amount, "12000")
    assert dlg.ok_button.isEnabled(), dlg.problem.text()
    QTest.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=20000)

    number = "（2026）苏0583民初77号"
    case = window.wb.case(number)
    assert [p.name for p in case.parties] == ["钱多多", "昆山市某某科技有限公司"]
    assert str(case.claim_total) == "12000.00"
    view = window.current_case_view()
    assert view is not None and view.number == number
    # The complaint is the plaintiff's: the 立案 event generates none (it comes in attached).
    assert "民事起诉状" not in _titles(view)
    assert view.timeline.index(0, 1).data() == "立案"
    assert window.model.row_of(number) >= 0


def test_new_case_refuses_an_existing_number(window, type_text):
    dlg = window.new_case()
    existing = window.model.case_number(0)
    type_text(dlg.number, existing.replace("（", "(").replace("）", ")"))
    assert dlg.number_status.text() == f"案号已存在：{existing}"
    assert not dlg.ok_button.isEnabled()
    dlg.reject()


def test_record_event_files_the_generated_documents(window, qtbot):
    number = _case(window, "accepted")
    window.open_case(number)
    window.act_event.trigger()
    dlg = window.active_dialog
    assert isinstance(dlg, RecordEventDialog) and dlg.isVisible()
    # The dialog proposes the next usual step.
    assert dlg.kind.currentData() == "complaint_served"
    dlg.kind.setCurrentIndex(dlg.kind.findText("送达起诉状副本"))
    filed = window.wb.case(number).filed_on
    dlg.set_date(filed + timedelta(days=3))
    QTest.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=20000)

    view = window.current_case_view()
    titles = _titles(view)
    defendant = window.wb.case(number).by_role("defendant")[0].name
    for t in (f"应诉通知书（{defendant}）", f"举证通知书（{defendant}）", f"送达回证（{defendant}）"):
        assert t in titles
    selected = {view.catalogue.entry(view.catalogue.index_of_document(i)).title
                for i in view.selected_document_ids()}
    assert selected == {f"应诉通知书（{defendant}）", f"举证通知书（{defendant}）",
                        f"送达回证（{defendant}）"}
    assert "应诉通知书" in view.viewer.title_label.text()
    last = view.timeline.rowCount() - 1
    assert view.timeline.index(last, 1).data() == "送达起诉状副本"
    assert view.timeline.index(last, 0).data() == (filed + timedelta(days=3)).isoformat()
    # The list shows the case's new stage.
    row = window.model.row_of(number)
    assert window.model.summary(row).status == "served"


def _ordinary_case(window, status):
    return next(c.number for c in window.wb.list_cases(CaseQuery(status=status), 0, 100)
                if c.procedure == "ordinary")


def test_record_event_shows_why_it_was_refused(window, qtbot, boxes):
    # 第一百三十九条 binds ordinary procedure; in simple procedure it is only a warning (below).
    number = _ordinary_case(window, "served")
    dlg = window.open_case(number) and window.record_event()
    dlg.set_kind("summons_served")
    assert dlg.hearing_on.isVisibleTo(dlg) and not dlg.months.isVisibleTo(dlg)
    on = date.today()
    dlg.set_date(on)
    dlg.hearing_on.setDate(QDate.currentDate().addDays(1))  # less than 3 days ahead
    before = len(window.wb.catalogue(number, "正卷"))
    dlg.submit()
    qtbot.waitUntil(lambda: bool(dlg.error.text()), timeout=20000)
    assert "三日" in dlg.error.text()
    assert dlg.isVisible() and dlg.ok_button.isEnabled()
    assert isinstance(window.runner.errors[-1], UserError)
    assert any("三日" in b.text() for b in boxes())
    assert len(window.wb.catalogue(number, "正卷")) == before
    dlg.reject()


def test_a_late_summons_in_simple_procedure_is_recorded_with_a_warning(window, qtbot, boxes):
    number = next(c.number for c in window.wb.list_cases(CaseQuery(status="served"), 0, 100)
                  if c.procedure == "simple")
    dlg = window.open_case(number) and window.record_event()
    dlg.set_kind("summons_served")
    dlg.set_date(date.today())
    dlg.hearing_on.setDate(QDate.currentDate().addDays(1))
    before = len(window.wb.catalogue(number, "正卷"))
    dlg.submit()
    qtbot.waitUntil(lambda: any("不足三日" in b.text() for b in boxes()), timeout=20000)
    assert any("第一百六十三条" in b.text() for b in boxes())
    assert len(window.wb.catalogue(number, "正卷")) > before  # recorded and filed
    for b in boxes():
        b.close()


def test_extension_needs_months_and_shows_in_the_timeline(window, qtbot):
    number = _case(window, "heard")
    window.open_case(number)
    dlg = window.record_event()
    dlg.set_kind("extended")
    assert dlg.months.isVisibleTo(dlg) and not dlg.hearing_on.isVisibleTo(dlg)
    dlg.months.setValue(3)
    dlg.set_date(date.today())
    dlg.submit()
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=20000)
    tl = window.current_case_view().timeline
    assert tl.index(tl.rowCount() - 1, 1).data() == "延长审限（+3 个月）"


def test_record_event_attaches_a_signed_pdf(window, qtbot, tmp_path):
    number = _case(window, "heard")
    view = window.open_case(number)
    # Any PDF will do as "the signed judgment"; take one the file already holds.
    some = window.wb.catalogue(number, "正卷")[0]
    signed = tmp_path / "signed-judgment.pdf"
    signed.write_bytes(window.wb.document_pdf(some.document_id))
    dlg = window.record_event()
    dlg.set_kind("judgment_issued")
    assert dlg.file_box.isVisibleTo(dlg)
    dlg.file.setText(str(signed))
    dlg.set_date(date.today())
    dlg.submit()
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=20000)
    judgment = next(e for e in view.catalogue.entries() if e.category == "judgment")
    assert judgment.title == "民事判决书" and judgment.page_count == some.page_count
    assert judgment.document_id in view.selected_document_ids()
    assert window.model.summary(window.model.row_of(number)).status == "judged"

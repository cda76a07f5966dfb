"""Issue 15, item 8: on an archived case 记录事件 and 生成裁判文书 (and the other writes) are greyed
out with a tooltip saying why, instead of failing after the clerk has filled in a form."""

from __future__ import annotations

from test_archive_action import judgment_pdf
from workbench.service import CaseQuery, Workbench


def _archive_one(demo_dir, tmp_path) -> str:
    from workbench.archive.seal import seal_case
    with Workbench.open(demo_dir) as wb:
        number = wb.list_cases(CaseQuery(status="concluded"), 0, 1)[0].number
        wb.add_document(number, judgment_pdf(tmp_path / "j.pdf"), "judgment", title="民事判决书")
        seal_case(wb, number, tmp_path / "package.zip")
        assert wb.case(number).status == "archived"
    return number


def test_writes_on_an_archived_case_are_disabled_with_the_reason(open_window, demo_dir,
                                                                 tmp_path):
    number = _archive_one(demo_dir, tmp_path)
    w = open_window(demo_dir, synchronous=True)
    w.table.selectRow(w.model.row_of(number))
    for act in (w.act_event, w.act_draft, w.act_archive, w.courtroom.act_record):
        assert not act.isEnabled(), act.objectName()
        assert "已归档，只读" in act.toolTip() and number in act.toolTip()
    assert w.act_export.isEnabled() and w.act_verify.isEnabled()  # reading is still fine
    assert w.courtroom.act_evidence.isEnabled()
    view = w.open_case(number)
    assert not view.btn_event.isEnabled() and not view.btn_draft.isEnabled()
    assert "已归档，只读" in view.btn_event.toolTip()
    assert view.btn_export.isEnabled()
    # A case still open for work has them back, with their own tooltips.
    w.tabs.setCurrentIndex(0)
    open_case = next(r.number for r in w.wb.list_cases(limit=100) if r.status == "heard")
    w.table.selectRow(w.model.row_of(open_case))
    assert w.act_event.isEnabled() and "(Ctrl+E)" in w.act_event.toolTip()
    assert w.act_draft.isEnabled()


def test_with_no_case_the_tooltip_says_to_choose_one(open_window, data_dir):
    w = open_window(data_dir)
    assert not w.act_event.isEnabled() and w.act_event.toolTip() == "请先选择一个案件"

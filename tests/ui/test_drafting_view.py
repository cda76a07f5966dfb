"""The drafting view (左看右写): one click makes the draft; copy across; the checker highlights."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from ui.drafting_view import DraftingView
from ui.task_runner import SyncRunner

DATA = Path(__file__).parents[1] / "data" / "drafting"
NUMBER = "（2026）苏0583民初2101号"


@pytest.fixture
def case_dir(data_dir):
    from workbench.service import Workbench
    doc = json.loads((DATA / "private_loan.json").read_text(encoding="utf-8"))
    doc["events"] = [{"kind": "filed", "on": "2026-03-05"}, {"kind": "hearing", "on": "2026-04-10"}]
    with Workbench.open(data_dir) as wb:
        wb.import_case(doc)
    return data_dir


@pytest.fixture
def view(qtbot, case_dir):
    v = DraftingView(case_dir, NUMBER, SyncRunner())
    v.confirm_findings = lambda findings: True  # file despite findings (tests/ui/test_unsaved.py asks)
    qtbot.addWidget(v)
    v.resize(1200, 800)
    v.show()
    qtbot.waitExposed(v)
    return v


def select_in(edit, text: str) -> None:
    cur = edit.document().find(text)
    assert not cur.isNull(), text
    edit.setTextCursor(cur)


def test_left_pane_shows_the_efile_text_and_the_element_form(view):
    left = view.efile.toPlainText()
    assert "民事起诉状" in left and "庭审笔录" in left
    assert view.efile.isReadOnly()
    assert view.elements.fields["principal"].text() == "80000.00"
    assert "案件要素" in view.elements.fields["principal"].toolTip()


def test_one_click_produces_the_draft_with_the_parties_and_the_fee(view, qtbot):
    with qtbot.waitSignal(view.draft_ready, timeout=5000):
        QTest.mouseClick(view.btn_generate, Qt.MouseButton.LeftButton)
    text = view.editor.toPlainText()
    assert text.startswith("江苏省昆山市人民法院\n民事判决书\n（2026）苏0583民初2101号")
    assert "原告：王建国" in text and "被告：张志强" in text
    assert "案件受理费1860元，减半收取计930元，由被告张志强负担。" in text
    assert "上诉于江苏省苏州市中级人民法院" in text and "二〇二六年" in text
    sections = [p.section for p in view.paragraphs()]
    assert sections[0] == "title" and sections[-1] == "signature" and "operative" in sections
    assert view.status.text().startswith("已生成")


def test_copy_across_inserts_the_selection_at_the_cursor(view):
    view.generate()
    select_in(view.efile, "江苏省昆山市千灯镇石浦路18号")
    reasoning = next(i for i, p in enumerate(view.paragraphs()) if p.section == "reasoning")
    block = view.editor.document().findBlockByNumber(view._block_of[reasoning])
    cur = QTextCursor(block)
    cur.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    view.editor.setTextCursor(cur)
    view.efile.setFocus()
    QTest.keyClick(view.efile, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    paras = view.paragraphs()
    assert paras[reasoning].text.endswith("江苏省昆山市千灯镇石浦路18号")
    assert paras[reasoning].section == "reasoning"


def test_checker_finds_nothing_then_highlights_a_planted_error(view, qtbot):
    view.generate()
    with qtbot.waitSignal(view.checked) as got:
        QTest.mouseClick(view.btn_check, Qt.MouseButton.LeftButton)
    assert got.args == [0] and view.findings_list.count() == 0
    assert view.editor.extraSelections() == []

    select_in(view.editor, "原告：王建国")
    view.editor.textCursor().insertText("原告：王建军")
    with qtbot.waitSignal(view.checked) as got:
        QTest.mouseClick(view.btn_check, Qt.MouseButton.LeftButton)
    assert got.args[0] >= 1
    marked = [s.cursor.selectedText() for s in view.editor.extraSelections()]
    assert "王建军" in marked
    items = [view.findings_list.item(i) for i in range(view.findings_list.count())]
    item = next(i for i in items if "王建军" in i.text())
    assert "第4段" in item.text() and item.text().startswith("✖")
    view._go_to_finding(item)
    assert view.editor.textCursor().block().text().startswith("原告：王建军")


def test_a_new_paragraph_keeps_its_section(view):
    view.generate()
    select_in(view.editor, "本院认为")
    cur = view.editor.textCursor()
    cur.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cur.insertBlock()
    cur.insertText("另，被告请求分期履行，原告不同意，本院不予采纳。")
    added = next(p for p in view.paragraphs() if p.text.startswith("另，被告"))
    assert added.section == "reasoning"


def test_save_writes_the_docx_and_files_the_pdf(view, tmp_path, case_dir, qtbot):
    from workbench.drafting.docx_writer import read_docx
    from workbench.service import Workbench
    view.generate()
    target = tmp_path / "out" / "判决书.docx"
    with qtbot.waitSignal(view.saved):
        view.save(target)
    assert [p.text for p in read_docx(target)] == [p.text for p in view.paragraphs()]
    with Workbench.open(case_dir) as wb:
        assert [e.title for e in wb.catalogue(NUMBER, "副卷")] == ["民事判决书（签发稿）"]
    view.issued.setChecked(True)
    view.save()  # the same path; now the issued judgment goes into the 正卷
    with Workbench.open(case_dir) as wb:
        assert "民事判决书" in [e.title for e in wb.catalogue(NUMBER, "正卷") if e.category == "judgment"]


def test_element_form_changes_the_next_draft(view):
    edit = view.elements.fields["annual_rate_percent"]
    edit.setText("4.2")
    view.generate()
    assert "年利率为4.2%" in view.editor.toPlainText()
    edit.setText("abc")
    assert any("年利率" in m for m in view.elements.revalidate())


def test_works_through_the_app_task_runner(qtbot, case_dir):
    runner = SyncRunner()
    v = DraftingView(case_dir, NUMBER, runner)
    qtbot.addWidget(v)
    v.generate()
    assert "民事判决书" in v.editor.toPlainText()
    v.number = "（2026）苏0583民初9999号"
    v.generate()
    assert runner.errors and "9999" in v.status.text()

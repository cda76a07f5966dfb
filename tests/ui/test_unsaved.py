"""Issue 15, item 5: nothing typed is lost. Quitting or closing a tab with changes asks first;
drafts and hearing records are saved aside every few seconds and offered back after a crash;
a draft with checker findings is not filed without the judge seeing them."""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QTextCursor

from workbench.service import Workbench


@pytest.fixture
def case_number(demo_dir):
    with Workbench.open(demo_dir) as wb:
        return next(r.number for r in wb.list_cases(limit=100) if r.status == "heard")


def _type(view, text: str) -> None:
    cur = view.editor.textCursor()
    cur.movePosition(QTextCursor.MoveOperation.End)
    view.editor.setTextCursor(cur)
    view.editor.insertPlainText(text)


def test_quit_with_an_edited_draft_asks_and_cancel_keeps_the_window(open_window, demo_dir,
                                                                     case_number):
    w = open_window(demo_dir, synchronous=True)
    view = w.open_drafting(case_number)
    assert not view.has_unsaved()  # a fresh draft is not unsaved work
    _type(view, "本院另查明，被告已部分还款。")
    asked = []
    w.unsaved.ask = lambda titles: asked.append(titles) or "cancel"
    w.act_quit.trigger()
    assert asked == [[f"文书 {case_number}"]] and w.isVisible()
    # Closing only the tab asks the same.
    w.tabs.tabCloseRequested.emit(w.tabs.indexOf(view))
    assert len(asked) == 2 and w.tabs.indexOf(view) >= 0
    w.unsaved.ask = lambda titles: "keep"
    w.act_quit.trigger()
    assert not w.isVisible()
    kept = list((demo_dir / "autosave").glob("draft-*.json"))
    assert len(kept) == 1 and "被告已部分还款" in kept[0].read_text(encoding="utf-8")


def test_autosave_writes_the_draft_and_a_crash_gets_it_back(open_window, demo_dir, case_number,
                                                            qtbot):
    w = open_window(demo_dir, synchronous=True)
    view = w.open_drafting(case_number)
    _type(view, "本院另查明，被告已部分还款。")
    assert w.unsaved.autosaver.timer.interval() == 5000  # every few seconds (the settings' value)
    assert w.unsaved.autosaver.save_all() == 1
    saved = json.loads(next((demo_dir / "autosave").glob("draft-*.json")).read_text("utf-8"))
    assert any("被告已部分还款" in p[1] for p in saved["paragraphs"])
    # The program dies here (no close, no prompt). The next start offers the draft back.
    w2 = open_window(demo_dir, synchronous=True)
    offered = []
    w2.unsaved.ask_back = lambda titles: offered.append(titles) or True
    assert w2.restore_unsaved() == 1
    assert case_number in offered[0][0]
    back = w2.tabs.currentWidget()
    assert "被告已部分还款" in back.editor.toPlainText()
    assert back.has_unsaved() and "已恢复" in back.status.text()


def test_filing_a_draft_with_findings_shows_them_first(open_window, demo_dir, case_number,
                                                       tmp_path):
    w = open_window(demo_dir, synchronous=True)
    view = w.open_drafting(case_number)
    select = view.editor.document().find("本院认为")
    cur = QTextCursor(select)
    cur.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cur.insertText("依照《中华人民共和国民法典》第九千九百九十九条之规定。")
    shown = []
    view.confirm_findings = lambda findings: shown.append(findings) or False
    target = tmp_path / "判决书.docx"
    view.save(target)
    assert shown and shown[0]  # the judge saw the findings ...
    assert not target.exists() and "未保存" in view.status.text()  # ... and chose to go back
    assert view.findings_list.count() == len(shown[0])
    view.confirm_findings = lambda findings: True
    view.save(target)
    assert target.exists() and not view.has_unsaved()
    assert not list((demo_dir / "autosave").glob("draft-*.json"))


def test_record_edits_are_saved_aside_and_reopened(open_window, demo_dir, case_number):
    from workbench.hearing.transcript import Transcript, Utterance
    w = open_window(demo_dir, synchronous=True)
    t = Transcript([Utterance(0.0, 2.0, "现在开庭", "judge"),
                    Utterance(2.0, 4.0, "原告请求还款", "plaintiff")], 4.0, "zh", "test")
    editor = w.courtroom.open_editor(case_number, t, None)
    assert not editor.has_unsaved()
    editor.select_row(1)
    editor.set_role_selected("defendant")
    assert editor.has_unsaved()
    assert w.unsaved.autosaver.save_all() == 1
    w2 = open_window(demo_dir, synchronous=True)
    w2.unsaved.ask_back = lambda titles: True
    assert w2.restore_unsaved() == 1
    back = w2.tabs.currentWidget()
    assert back.model.transcript.utterances[1].role == "defendant" and back.has_unsaved()

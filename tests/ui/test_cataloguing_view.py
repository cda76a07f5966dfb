"""Acceptance 4: the cataloguing view driven by the keyboard alone — accept, recategorise, split,
merge, rotate, drop, move to another case, undo, redo — and filing what was accepted."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import Qt

from workbench.intake.importers import OcrLine, SourceFile, SourcePage
from workbench.intake.proposal import Proposal, ProposedDocument

CASE = "（2026）苏0583民初1234号"


def _page(name: str, text: str) -> SourcePage:
    im = Image.new("L", (240, 340), 250)
    ImageDraw.Draw(im).rectangle((30, 30, 210, 60), fill=20)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    p = SourcePage(name, "f" * 64, int(name[-1]), buf.getvalue(), "png", im.size, 50)
    p.text, p.method, p.work_size = text, "ocr", im.size
    p.lines = [OcrLine(text, 0.99, (30, 30, 210, 60))]
    return p


def _proposal() -> Proposal:
    pages = [_page(f"scan#{i}", t) for i, t in enumerate(
        ["民事起诉状 原告王建国", "事实和理由", "授权委托书", "借条 今借到王建国", "借条第二页"])]
    docs = [ProposedDocument(pages[0:2], "complaint", "民事起诉状", "民事起诉状", 0.97, CASE, "given"),
            ProposedDocument(pages[2:3], "identity", "授权委托书", "授权委托书", 0.97, CASE, "given"),
            ProposedDocument(pages[3:5], "evidence", "证据", "借条", 0.6, None, None)]
    for d in docs:
        d.proposed_category = d.category
    return Proposal(documents=docs, files={"f" * 64: SourceFile(None, "scan", "f" * 64, "png", b"", pages)})




@pytest.fixture
def view(qtbot, tmp_path, example_doc):
    from ui.intake_view import CataloguingView
    from workbench.service import Workbench
    wb = Workbench.open(tmp_path / "data")
    wb.import_case(example_doc)
    from ui.task_runner import SyncRunner
    v = CataloguingView(wb, SyncRunner(), case_chooser=lambda numbers, default: CASE)
    qtbot.addWidget(v)
    v.resize(1100, 800)
    v.show()
    v.set_proposal(_proposal())
    v.strip.setFocus()
    yield v
    wb.close()


def _key(qtbot, view, key, mods=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(view.strip, key, mods)


def _shape(view):
    return [(len(d.pages), d.category, d.accepted, d.case_number) for d in view.proposal.documents]


def test_keyboard_alone_accepts_recategorises_splits_merges_undoes_and_redoes(qtbot, view):
    start = _shape(view)
    _key(qtbot, view, Qt.Key.Key_Return)                 # accept the complaint
    assert view.proposal.documents[0].accepted
    assert view.current()[0] == 1                        # the cursor went to the next document
    _key(qtbot, view, Qt.Key.Key_4)                      # 4 = evidence
    assert view.proposal.documents[1].category == "evidence"
    _key(qtbot, view, Qt.Key.Key_Right)                  # to the IOU's first page
    _key(qtbot, view, Qt.Key.Key_Right)                  # and its second
    _key(qtbot, view, Qt.Key.Key_S)                      # split there
    assert [len(d.pages) for d in view.proposal.documents] == [2, 1, 1, 1]
    _key(qtbot, view, Qt.Key.Key_M)                      # merge it back
    assert [len(d.pages) for d in view.proposal.documents] == [2, 1, 2]
    _key(qtbot, view, Qt.Key.Key_Left)
    _key(qtbot, view, Qt.Key.Key_M)                      # the IOU into the power of attorney
    assert [len(d.pages) for d in view.proposal.documents] == [2, 3]
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    _key(qtbot, view, Qt.Key.Key_Z, ctrl)
    assert [len(d.pages) for d in view.proposal.documents] == [2, 1, 2]
    _key(qtbot, view, Qt.Key.Key_Z, ctrl)
    _key(qtbot, view, Qt.Key.Key_Z, ctrl)
    assert [len(d.pages) for d in view.proposal.documents] == [2, 1, 2]
    _key(qtbot, view, Qt.Key.Key_Z, ctrl | shift)        # redo the split
    assert [len(d.pages) for d in view.proposal.documents] == [2, 1, 1, 1]
    for _ in range(view.undo_stack.count()):
        _key(qtbot, view, Qt.Key.Key_Z, ctrl)
    assert _shape(view) == start
    for _ in range(view.undo_stack.count()):
        _key(qtbot, view, Qt.Key.Key_Z, ctrl | shift)
    assert [len(d.pages) for d in view.proposal.documents] == [2, 3]
    assert view.proposal.documents[0].accepted


def test_rotate_drop_and_move_case_are_undoable(qtbot, view):
    page = view.proposal.documents[0].pages[0]
    _key(qtbot, view, Qt.Key.Key_R)
    assert page.rotation == 90
    _key(qtbot, view, Qt.Key.Key_PageDown)
    _key(qtbot, view, Qt.Key.Key_Delete)                 # the one-page document goes with its page
    assert len(view.proposal.documents) == 2 and len(view.proposal.dropped) == 1
    _key(qtbot, view, Qt.Key.Key_PageDown)
    _key(qtbot, view, Qt.Key.Key_C)                      # move the IOU to a case (chooser → CASE)
    assert view.proposal.documents[-1].case_number == CASE
    ctrl = Qt.KeyboardModifier.ControlModifier
    for _ in range(3):
        _key(qtbot, view, Qt.Key.Key_Z, ctrl)
    assert page.rotation == 0 and len(view.proposal.documents) == 3 and not view.proposal.dropped
    assert view.proposal.documents[-1].case_number is None


def test_ctrl_return_files_the_accepted_documents_and_search_finds_them(qtbot, view):
    filed = []
    view.filed.connect(filed.extend)
    _key(qtbot, view, Qt.Key.Key_Return)
    _key(qtbot, view, Qt.Key.Key_Return)
    _key(qtbot, view, Qt.Key.Key_Return)                 # the IOU has no case: not accepted
    assert [d.accepted for d in view.proposal.documents] == [True, True, False]
    _key(qtbot, view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [f.category for f in filed] == ["complaint", "identity"]
    assert len(view.proposal.documents) == 1 and view.undo_stack.count() == 0
    assert view.wb.verify().ok
    qtbot.keyClick(view.strip, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search_box.hasFocus() or not view.isActiveWindow()
    view.search_box.setText("授权委托")  # Chinese arrives through the input method, not key codes
    qtbot.keyClick(view.search_box, Qt.Key.Key_Return)
    texts = [view.results.item(i).text() for i in range(view.results.count())]
    assert any("授权委托书" in t and CASE in t for t in texts)

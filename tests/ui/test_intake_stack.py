"""Files that look like a scanner's one-page-per-file output (issue 16): the cataloguing view
offers to split them as one stack, never does it unasked, and offers the way back."""

from __future__ import annotations

import pytest

from workbench.service import Workbench

from test_intake_import import _text_pdf

PAGES = [
    ["民事起诉状", "原告：张三，男，1980年1月1日出生。", "被告：李四。", "诉讼请求：判令被告偿还借款50000元。",
     "事实和理由：被告于2025年向原告借款。"],
    ["（接上页）此致", "江苏省昆山市人民法院", "具状人：张三", "二〇二六年三月一日"],
    ["借条", "今借到张三人民币伍万元整，于2025年12月31日前归还。", "借款人：李四", "2025年1月5日"],
]


@pytest.fixture
def view(qtbot, tmp_path):
    from ui.intake_view import CataloguingView
    from ui.task_runner import SyncRunner
    wb = Workbench.open(tmp_path / "data")
    v = CataloguingView(wb, SyncRunner())
    qtbot.addWidget(v)
    v.resize(1100, 800)
    v.show()
    yield v
    wb.close()


def _scans(folder):
    folder.mkdir()
    out = []
    for i, lines in enumerate(PAGES, 1):
        p = folder / f"scan_{i:04d}.pdf"
        p.write_bytes(_text_pdf(lines))
        out.append(p)
    return out


def test_a_scanner_stack_is_offered_never_applied(view, tmp_path):
    view.load_paths(_scans(tmp_path / "usb"))
    prop = view.proposal
    assert prop.stack_suggested and not prop.stack
    assert len(prop.documents) == 3  # each file a document until the clerk says otherwise
    assert view.stack_bar.isVisibleTo(view)
    assert view.stack_button.text() == "按一叠分件"
    view.stack_button.click()
    assert view.proposal.stack
    assert len(view.proposal.documents) < 3  # the complaint's two pages are one document
    assert view.stack_button.text() == "按文件分件"
    view.stack_button.click()
    assert not view.proposal.stack and len(view.proposal.documents) == 3


def test_ordinary_files_show_no_offer(view, tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    paths = []
    for name, lines in (("起诉状.pdf", PAGES[0]), ("借条.pdf", PAGES[2])):
        (folder / name).write_bytes(_text_pdf(lines))
        paths.append(folder / name)
    view.load_paths(paths)
    assert not view.proposal.stack_suggested
    assert not view.stack_bar.isVisibleTo(view)


def test_no_offer_once_the_clerk_has_edited(view, tmp_path, qtbot):
    from PySide6.QtCore import Qt
    view.load_paths(_scans(tmp_path / "usb"))
    view.strip.setFocus()
    qtbot.keyClick(view.strip, Qt.Key.Key_2)  # a new category for the first document: an edit
    assert view.undo_stack.index() == 1
    assert not view.stack_button.isEnabled() and view.stack_button.toolTip()
    view.undo_stack.undo()
    assert view.stack_button.isEnabled()

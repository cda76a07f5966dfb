"""The elements form with sources and conflicts side by side; a click shows the source page;
the judge's confirmation through the service; a click in the draft shows where a fact stands."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from drafting_corpus import case_material, party_pdf
from ui.drafting_view import DraftingView
from ui.task_runner import SyncRunner
from workbench.service import Workbench


@pytest.fixture
def loan(data_dir):
    """A loan case whose filed answer says 3000 was repaid and the claimed amount is wrong."""
    doc, docs, _ = case_material("private_loan", 1)
    doc["events"] = [{"kind": "filed", "on": doc["filed_on"]}]
    ids = {}
    with Workbench.open(data_dir) as wb:
        case = wb.import_case(doc)
        for category, title, author, pages in docs:
            ids[title] = wb.file_document(case.number, party_pdf(title, author, pages, 1), category,
                                          title=title, author=author, on=doc["filed_on"])
    return data_dir, case.number, ids


@pytest.fixture
def view(qtbot, loan):
    data_dir, number, _ = loan
    v = DraftingView(data_dir, number, SyncRunner())
    qtbot.addWidget(v)
    v.resize(1400, 900)
    v.show()
    qtbot.waitExposed(v)
    v.left.setCurrentWidget(v.elements)
    return v


def texts(buttons):
    return [b.text() for b in buttons]


def lines(form, key):
    """The readings column of a row: [(value, [where…])] line by line."""
    from PySide6.QtWidgets import QLabel, QToolButton
    box = form.readings[key][0].parentWidget()
    out = []
    for i in range(box.layout().count()):
        row = box.layout().itemAt(i).layout()
        ws = [row.itemAt(k).widget() for k in range(row.count()) if row.itemAt(k).widget()]
        out.append((next(w.text() for w in ws if isinstance(w, QLabel)),
                    [w.text() for w in ws if isinstance(w, QToolButton)]))
    return out


def test_the_form_shows_each_reading_beside_the_others(view):
    form = view.elements
    assert form.status["principal"].text() == "有争议"
    assert form.status["lent_on"].text() == "对方认可"
    assert form.status["annual_rate_percent"].text() == "原告主张"
    # one line per version of the facts: the value, then every page that states it
    assert lines(form, "principal") == [("50000元", ["起诉状第1页", "借条第1页", "转账凭证第1页"]),
                                        ("认可：借款属实", ["答辩状第1页"]),  # the loan is admitted…
                                        ("异议：诉请金额有误", ["答辩状第1页"])]  # …not the sum
    assert lines(form, "repayments") == [("未还款", ["起诉状第1页"]), ("2026年3月 3000元", ["答辩状第1页"])]
    # disputed: left for the judge, not resolved by the form
    assert form.fields["repayments"].text() == "" and form.fields["principal"].text() == ""
    assert "有争议" in form.fields["principal"].placeholderText()
    assert form.fields["lent_on"].text() == "2025-03-01"


def test_a_click_on_a_reading_shows_its_page(view):
    answer = next(b for b in view.elements.readings["repayments"] if b.text() == "答辩状第1页")
    QTest.mouseClick(answer, Qt.MouseButton.LeftButton)
    assert view.left.currentWidget() is view.efile
    cur = view.efile.textCursor()
    around = view.efile.toPlainText()[cur.selectionStart():cur.selectionStart() + 200]
    assert "已于2026年3月归还3000元" in around or "2026年3月归还" in cur.selectedText()
    before = view.efile.toPlainText()[:cur.selectionStart()]
    assert before.rfind("【民事答辩状】") > before.rfind("【借条】")  # inside the answer
    assert view.status.text() == "来源：答辩状第1页"


def test_the_judge_confirms_and_the_draft_follows(view, loan, qtbot):
    data_dir, number, ids = loan
    form = view.elements
    form.fields["principal"].setText("50000")
    form.fields["repayments"].setText("2026年3月 3000元")
    form.fields["repaid"].setText("3000")
    for key in ("principal", "repayments", "repaid"):
        form.confirm[key].setChecked(True)
    with qtbot.waitSignal(view.elements_loaded):
        QTest.mouseClick(form.btn_confirm, Qt.MouseButton.LeftButton)
    assert view.elements.status["repayments"].text() == "已确认"
    assert view.elements.fields["repayments"].text() == "2026年3月 3000元"
    with Workbench.open(data_dir) as wb:
        stored = wb.case(number)
        assert set(stored.extra["confirmed_elements"]) == {"principal", "repayments", "repaid"}
        sources = stored.extra["confirmed_elements"]["repayments"]["sources"]
        assert ids["民事答辩状"] in {s["document_id"] for s in sources}
    view.generate()
    text = view.editor.toPlainText()
    assert "此后被告于2026年3月归还借款3000元" in text and "借款本金47000元" in text


def test_a_click_in_the_draft_shows_where_the_fact_stands(view, qtbot):
    with qtbot.waitSignal(view.draft_ready):
        view.generate()
    i = next(k for k, p in enumerate(view.paragraphs()) if p.section == "defence")
    block = view.editor.document().findBlockByNumber(view._block_of[i])
    cur = QTextCursor(block)
    cur.setPosition(block.position() + 12)
    view.editor.setTextCursor(cur)
    assert view.source_label.text() == "此处依据：答辩状第1页"
    view.left.setCurrentWidget(view.elements)
    # a click on the fact shows its page on the left
    QTest.mouseClick(view.editor.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.editor.cursorRect(cur).center())
    assert view.left.currentWidget() is view.efile
    before = view.efile.toPlainText()[:view.efile.textCursor().position()]
    assert before.rfind("【民事答辩状】") >= 0 and before.rfind("【民事答辩状】") > before.rfind("【借条】")
    assert "被告张志强辩称" in block.text() and "3000元" in block.text()


def test_the_form_in_english_shows_no_chinese_of_its_own(qtbot, loan):
    from ui import i18n
    data_dir, number, _ = loan
    i18n.set_language("en")
    try:
        v = DraftingView(data_dir, number, SyncRunner())
        qtbot.addWidget(v)
        form = v.elements
        assert form.status["principal"].text() == "Disputed"
        assert form.btn_confirm.text() == "Confirm the ticked elements"
        reading = form.readings["principal"][0].text()
        assert reading == "民事起诉状, p. 1"  # the document's title is case data
    finally:
        i18n.set_language("zh")


def test_confirming_nothing_says_so(view):
    view.elements.request_confirm()
    assert "请先勾选" in view.elements.messages.text()
    _ = date  # noqa: F841

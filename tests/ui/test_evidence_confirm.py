"""When the recogniser is unsure (issue 14: the `confirm` outcome), the evidence display does
nothing and asks which phrase was meant; Enter, a click or the next clear command answers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.hearing.commands import CONFIRM_COMMAND, VoiceCommand
from ui import i18n
from ui.hearing_view.evidence_display import EvidenceDisplay, Exhibit

from test_hearing_display import _pdf  # noqa: E402 - the same test exhibits


@pytest.fixture
def display(qtbot):
    d = EvidenceDisplay([Exhibit("借条", _pdf(1, "IOU")), Exhibit("转账记录", _pdf(3, "bank")),
                         Exhibit("聊天记录", _pdf(2, "chat"))])
    qtbot.addWidget(d)
    d.show_exhibit(0)
    return d


def unsure(*candidates):
    return VoiceCommand(CONFIRM_COMMAND, heard="증거 삼", candidates=list(candidates))


def test_unsure_asks_and_does_nothing(display):
    assert display.apply(unsure(("evidence", 3), ("next_page", None))) is False
    assert display.index == 0 and display.page == 0  # nothing carried out
    assert display.question.isVisible()
    labels = [b.text() for b in display.choices if b.isVisible()]
    assert labels == ["出示证据三（Enter）", "下一页"]


def test_enter_takes_the_first_and_esc_only_dismisses(display, qtbot):
    display.apply(unsure(("evidence", 3), ("next_page", None)))
    qtbot.keyClick(display, Qt.Key.Key_Return)
    assert display.index == 2 and not display.question.isVisible()
    display.apply(unsure(("next_page", None), ("zoom_in", None)))
    qtbot.keyClick(display, Qt.Key.Key_Escape)
    assert not display.question.isVisible() and display.isVisible()  # not closed
    assert display.page == 0


def test_a_click_or_the_next_clear_command_answers(display, qtbot):
    display.apply(unsure(("evidence", 3), ("evidence", 2)))
    qtbot.mouseClick(display.choices[1], Qt.MouseButton.LeftButton)
    assert display.index == 1
    display.apply(unsure(("evidence", 3), ("close", None)))
    display.apply(VoiceCommand("next_page", heard="다음 페이지"))
    assert not display.question.isVisible() and display.page == 1


def test_the_question_goes_by_itself(display, qtbot, monkeypatch):
    display._expire.setInterval(50)
    display.apply(unsure(("evidence", 3), ("next_page", None)))
    qtbot.waitUntil(lambda: not display.question.isVisible(), timeout=2000)
    assert display.index == 0


def test_in_english(qtbot):
    i18n.set_language("en")
    try:
        d = EvidenceDisplay([Exhibit("IOU", _pdf(1, "IOU"))])
        qtbot.addWidget(d)
        d.show_exhibit(0)
        d.apply(unsure(("evidence", 1), ("zoom_out", None)))
        texts = [d.question_label.text()] + [b.text() for b in d.choices if b.isVisible()]
        assert texts == ["Did you mean:", "Exhibit 1 (Enter)", "Zoom out"]
    finally:
        i18n.set_language("zh")

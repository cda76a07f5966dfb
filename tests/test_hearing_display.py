"""The evidence display driven by voice commands (the commands as the recogniser gives them)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from workbench.hearing.commands import VoiceCommand  # noqa: E402


def _pdf(pages: int, label: str) -> bytes:
    import io

    from reportlab.pdfgen.canvas import Canvas
    buf = io.BytesIO()
    c = Canvas(buf)
    for i in range(pages):
        c.drawString(100, 700, f"{label} page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_voice_commands_drive_the_display(qtbot):
    from ui.hearing_view.evidence_display import EvidenceDisplay, Exhibit
    d = EvidenceDisplay([Exhibit("借条", _pdf(1, "IOU")), Exhibit("转账记录", _pdf(3, "bank")),
                         Exhibit("聊天记录", _pdf(2, "chat"))])
    qtbot.addWidget(d)
    assert not d.apply(VoiceCommand("next_page"))  # nothing shown yet
    assert d.apply(VoiceCommand("evidence", 2))
    assert d.isVisible() and (d.index, d.page) == (1, 0)
    assert "证据二" in d.title.text() and "转账记录" in d.title.text()
    assert d.image.pixmap() is not None and not d.image.pixmap().isNull()
    width = d.image.pixmap().width()
    assert d.apply(VoiceCommand("next_page")) and d.page == 1
    assert d.apply(VoiceCommand("last_page")) and d.page == 2
    assert not d.apply(VoiceCommand("next_page")) and d.page == 2
    assert d.apply(VoiceCommand("first_page")) and d.page == 0
    assert d.apply(VoiceCommand("previous_page")) is False
    assert d.apply(VoiceCommand("zoom_in")) and d.image.pixmap().width() > width
    assert d.apply(VoiceCommand("zoom_out")) and abs(d.image.pixmap().width() - width) <= 2
    assert not d.apply(VoiceCommand("evidence", 9))
    assert d.apply(VoiceCommand("close")) and not d.isVisible()
    assert d.apply(VoiceCommand("evidence", 3)) and d.isVisible() and "第 1 / 2 页" in d.title.text()

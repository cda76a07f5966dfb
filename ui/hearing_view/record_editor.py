"""The hearing record editor: the clerk corrects the transcript against the recording.

Lines with time and role; edit a line in place, change the role of the selected lines, merge a
line with the next, split a line at the cursor, find and replace; every change undoable. A
double-click (or Play) plays the recording from that line, and the line being heard is
highlighted as playback goes on. Export renders the 庭审笔录 and files it in the e-file, linked
to the recording; slow work goes through the task runner it is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QModelIndex, QUrl, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QListWidget, QPushButton, QTableView, QToolBar,
                               QVBoxLayout, QWidget)

from models.transcript import TEXT, TranscriptModel
from workbench.hearing.transcript import ROLES, Transcript, role_label

from ..i18n import core, language, tr
from ..task_runner import TaskRunner



class RecordEditor(QWidget):
    exported = Signal(object)  # the TranscriptVersion filed
    failed = Signal(str)

    def __init__(self, transcript: Transcript, audio_path: Path | str | None = None, *,
                 data_dir: Path | str | None = None, case_ref: str | int | None = None,
                 header: Any = None, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordEditor")
        self.audio_path = Path(audio_path) if audio_path else None
        self.data_dir, self.case_ref, self.header = data_dir, case_ref, header
        self.runner = runner
        self.model = TranscriptModel(transcript, language(), self)
        self.last_export: Any = None

        self.view = QTableView()
        self.view.setObjectName("transcriptView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        h = self.view.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self._double_clicked)

        self.player = QMediaPlayer(self)
        self.audio_out = QAudioOutput(self)
        self.player.setAudioOutput(self.audio_out)
        self.player.positionChanged.connect(self._follow)
        self.player.mediaStatusChanged.connect(self._media_status)
        self._pending_ms: int | None = None

        bar = QToolBar()
        self.actions: dict[str, QAction] = {}
        for key, text, shortcut, slot in (
                ("play", tr("从此处播放"), "Ctrl+P", self.play_selected),
                ("stop", tr("停止"), "", self.player.stop),
                ("merge", tr("与下一句合并"), "Ctrl+M", self.merge_selected),
                ("split", tr("在光标处拆分"), "", self.split_selected),
                ("undo", tr("撤销"), QKeySequence.StandardKey.Undo, self.model.undo_stack.undo),
                ("redo", tr("重做"), QKeySequence.StandardKey.Redo, self.model.undo_stack.redo),
                ("export", tr("导出笔录入卷"), "", self.export_record)):
            act = QAction(text, self)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            bar.addAction(act)
            self.actions[key] = act
        self.model.undo_stack.canUndoChanged.connect(self.actions["undo"].setEnabled)
        self.model.undo_stack.canRedoChanged.connect(self.actions["redo"].setEnabled)
        self.actions["undo"].setEnabled(False)
        self.actions["redo"].setEnabled(False)
        self.actions["export"].setEnabled(data_dir is not None and case_ref is not None)

        self.role_box = QComboBox()
        self.role_box.setObjectName("roleBox")
        self.role_box.addItem(tr("（无角色）"), None)
        roles = list(dict.fromkeys([*transcript.roles, *ROLES]))
        for r in roles:
            self.role_box.addItem(role_label(r, language()) or r, r)
        set_role = QPushButton(tr("设为所选各行的角色"))
        set_role.clicked.connect(lambda: self.set_role_selected(self.role_box.currentData()))

        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText(tr("查找"))
        self.replace_edit = QLineEdit()
        self.replace_edit.setPlaceholderText(tr("替换为"))
        find_next = QPushButton(tr("查找下一个"))
        find_next.clicked.connect(self.find_next)
        replace_all = QPushButton(tr("全部替换"))
        replace_all.clicked.connect(lambda: self.replace_all(self.find_edit.text(),
                                                             self.replace_edit.text()))
        self.split_edit = QLineEdit()  # shows the selected line; its cursor is where Split cuts
        self.split_edit.setObjectName("splitEdit")
        self.split_edit.setReadOnly(True)
        self.status = QLabel()
        # Corrections from the case's own vocabulary (names, cause, terms), for the clerk to accept.
        self.suggestions: list[Any] = []
        self.suggestion_list = QListWidget()
        self.suggestion_list.setObjectName("suggestionList")
        self.suggestion_list.setMaximumHeight(90)
        self.suggestion_list.itemDoubleClicked.connect(
            lambda item: self.accept_suggestion(self.suggestion_list.row(item)))
        suggest = QPushButton(tr("按案件词汇建议更正"))
        suggest.clicked.connect(lambda: self.suggest_corrections())

        row1 = QHBoxLayout()
        row1.addWidget(self.role_box)
        row1.addWidget(set_role)
        row1.addStretch(1)
        for w in (self.find_edit, self.replace_edit, find_next, replace_all):
            row1.addWidget(w)
        lay = QVBoxLayout(self)
        lay.addWidget(bar)
        lay.addLayout(row1)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.split_edit)
        row2 = QHBoxLayout()
        row2.addWidget(suggest)
        row2.addWidget(self.suggestion_list, 1)
        lay.addLayout(row2)
        lay.addWidget(self.status)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)

    # -- selection helpers ----------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return rows

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)
        self.view.setCurrentIndex(self.model.index(row, TEXT))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.split_edit.setReadOnly(False)
            self.split_edit.setText(self.model.utterances[current.row()].text)
            self.split_edit.setReadOnly(True)

    # -- playback -------------------------------------------------------------------------------
    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() != TEXT:  # the text column edits on double-click; the others play
            self.play_from(index.row())

    def play_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.play_from(rows[0])

    def play_from(self, row: int) -> None:
        if self.audio_path is None or not 0 <= row < self.model.rowCount():
            return
        url = QUrl.fromLocalFile(str(self.audio_path))
        ms = int(self.model.utterances[row].start * 1000)
        self.model.set_current(row)
        if self.player.source() != url:
            # A seek before the media has loaded is lost: do it when loading is done.
            self._pending_ms = ms
            self.player.setSource(url)
            self.player.play()
            return
        self.player.setPosition(ms)
        self.player.play()

    def _media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if self._pending_ms is not None and status in (QMediaPlayer.MediaStatus.LoadedMedia,
                                                       QMediaPlayer.MediaStatus.BufferedMedia):
            ms, self._pending_ms = self._pending_ms, None
            self.player.setPosition(ms)

    def _follow(self, ms: int) -> None:
        row = self.model.transcript.at(ms / 1000.0)
        if row >= 0 and row != self.model.current_row:
            self.model.set_current(row)
            self.view.scrollTo(self.model.index(row, TEXT))

    # -- editing --------------------------------------------------------------------------------
    def set_role_selected(self, role: str | None) -> None:
        rows = self.selected_rows()
        if rows:
            self.model.set_roles(rows, role)

    def merge_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.model.merge(rows[0])
            self.select_row(rows[0])

    def split_selected(self, position: int | None = None) -> None:
        rows = self.selected_rows()
        if rows:
            pos = self.split_edit.cursorPosition() if position is None else position
            self.model.split(rows[0], pos)
            self.select_row(rows[0])

    def find_next(self) -> int:
        start = (self.selected_rows() or [-1])[0] + 1
        row = self.model.find(self.find_edit.text(), start)
        if row >= 0:
            self.select_row(row)
        return row

    def replace_all(self, find: str, replace: str) -> int:
        n = self.model.replace_all(find, replace)
        self.status.setText(tr("已替换 {n} 处", n=n))
        return n

    # -- case vocabulary ---------------------------------------------------------------------------
    def suggest_corrections(self, terms: Any = None) -> list[Any]:
        """Stretches that sound like the case's names and terms but are written otherwise."""
        from workbench.hearing.vocabulary import suggest, terms_from_case
        if terms is None:
            if self.data_dir is None or self.case_ref is None:
                return []
            from workbench.service import Workbench
            with Workbench(Path(self.data_dir)) as wb:
                terms = terms_from_case(wb.case(self.case_ref))
        self.suggestions = suggest(self.model.transcript, terms)
        self.suggestion_list.clear()
        for sg in self.suggestions:
            self.suggestion_list.addItem(f"{sg.original} → {sg.replacement}"
                                         f"（{self.model.data(self.model.index(sg.utterance, 0))}）")
        return self.suggestions

    def accept_suggestion(self, i: int) -> bool:
        """Apply one suggestion as an ordinary (undoable) edit of its line."""
        if not 0 <= i < len(self.suggestions):
            return False
        sg = self.suggestions[i]
        text = self.model.utterances[sg.utterance].text
        if text[sg.start:sg.end] != sg.original:
            return False
        self.model.set_text(sg.utterance, text[:sg.start] + sg.replacement + text[sg.end:])
        self.suggest_corrections([])  # offsets have moved: the clerk asks again
        return True

    # -- export ---------------------------------------------------------------------------------
    # ---- unsaved work (see ui/unsaved.py) ------------------------------------------------------
    def has_unsaved(self) -> bool:
        return not self.model.undo_stack.isClean()

    def unsaved_title(self) -> str:
        return tr("笔录 {number}", number=str(self.case_ref or ""))

    def autosave_key(self) -> str:
        from ..unsaved import key_for
        return key_for("record", str(self.case_ref or "unfiled"))

    def aside(self) -> dict[str, Any]:
        return {"kind": "record", "case": str(self.case_ref or ""),
                "audio": str(self.audio_path or ""), "transcript": self.model.transcript.to_json()}

    def mark_restored(self) -> None:
        """Restored from an aside copy: unsaved until exported (an empty edit is not clean)."""
        self.model.undo_stack.resetClean()

    def export_record(self) -> None:
        """Render the 庭审笔录 and file it into the e-file (in the background)."""
        if self.data_dir is None or self.case_ref is None:
            return
        transcript, audio = self.model.transcript, self.audio_path
        data_dir, case_ref, header = self.data_dir, self.case_ref, self.header

        def work(progress: Any, cancel: Any) -> Any:
            from workbench.hearing.record import file_record, header_from_case
            from workbench.service import Workbench
            with Workbench(Path(data_dir)) as wb:  # its own connection: this may be a thread
                h = header or header_from_case(wb.case(case_ref))
                return file_record(wb, case_ref, transcript, h,
                                   audio_path=audio)

        def done(version: Any) -> None:
            self.last_export = version
            self.model.undo_stack.setClean()
            if self.data_dir is not None:
                from ..unsaved import AutosaveStore
                AutosaveStore(self.data_dir).discard(self.autosave_key())
            self.status.setText(tr("庭审笔录已归入卷宗（文书 #{id}）", id=version.document_id))
            self.exported.emit(version)

        def error(exc: BaseException) -> bool:
            from workbench.errors import UserError
            self.status.setText(core(exc))
            self.failed.emit(core(exc))
            return isinstance(exc, UserError)  # shown in the status line; anything else is a crash

        self.runner.submit(work, title=tr("庭审笔录"), on_done=done, on_error=error)

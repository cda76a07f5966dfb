"""记录事件: a procedural event on a case; the core files the documents it generates."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from workbench.cases.procedure import EVENT_KINDS, PAYLOAD_FIELDS, PayloadField
from workbench.efile.generation import ATTACH_CATEGORY
from workbench.errors import UserError
from workbench.service import Workbench

from ..i18n import core, language, tr
from ..task_runner import TaskRunner, show_message

# The usual order of a first-instance case, to propose the next step.
USUAL_ORDER = ["filed", "accepted", "complaint_served", "answer_received", "evidence_submitted",
               "summons_served", "hearing", "judgment_issued", "judgment_served", "concluded",
               "archived"]


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class RecordEventDialog(QDialog):
    recorded = Signal(list)  # ids of the documents filed

    def __init__(self, wb: Workbench, runner: TaskRunner, data_dir: Path, case_ref: str | int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wb, self.runner, self.data_dir = wb, runner, Path(data_dir)
        self.case = wb.case(case_ref)
        self.task = None
        self.setWindowTitle(tr("记录事件") + " — " + self.case.number)
        self.setMinimumWidth(520)
        en = language() == "en"

        self.kind = QComboBox()
        self.kind.setObjectName("eventKind")
        for k in EVENT_KINDS.values():
            self.kind.addItem(k.en if en else k.zh, k.key)
        self.on = QDateEdit(QDate.currentDate())
        self.on.setObjectName("eventDate")
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.party = QComboBox()
        self.party.setObjectName("eventParty")
        self.party.addItem(tr("（全部当事人）"), None)
        for p in self.case.parties:
            self.party.addItem(f"{p.role}: {p.name}" if en else f"{p.role_name}：{p.name}", p.name)
        self.file = QLineEdit()
        self.file.setPlaceholderText(tr("可不填；如签发的判决书 PDF"))
        browse = QPushButton(tr("浏览…"))
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        self.file_box = QWidget()
        self.file_box.setLayout(file_row)
        file_row.setContentsMargins(0, 0, 0, 0)
        # One input per payload field the event kinds declare (workbench.cases.procedure).
        self.payload_inputs: dict[str, QWidget] = {f.key: self._input(f) for f in PAYLOAD_FIELDS}
        self.hearing_on = self.payload_inputs["hearing_on"]
        self.place = self.payload_inputs["place"]
        self.months = self.payload_inputs["months"]
        self.text = self.payload_inputs["text"]

        self.form = QFormLayout()
        self.form.addRow(tr("事件"), self.kind)
        self.form.addRow(tr("日期"), self.on)
        self.form.addRow(tr("当事人"), self.party)
        self.form.addRow(tr("附带文书"), self.file_box)
        for f in PAYLOAD_FIELDS:
            self.form.addRow(tr(f.zh), self.payload_inputs[f.key])
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("记录"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.kind.setCurrentIndex(max(0, self.kind.findData(self._next_kind())))
        self._kind_changed()

    def _input(self, f: PayloadField) -> QWidget:
        w: QWidget
        if f.type == "date":
            w = QDateEdit(QDate.currentDate().addDays(10))
            w.setObjectName("hearingDate" if f.key == "hearing_on" else f.key)
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            held = self.case.hearing.held_on if self.case.hearing else None
            if f.key == "hearing_on" and held and held > date.today():
                w.setDate(qdate(held))
        elif f.type == "months":
            w = QSpinBox()
            w.setObjectName(f.key)
            w.setRange(1, 24)
            w.setValue(1)
            w.setSuffix(tr(" 个月"))
        elif f.type == "long_text":
            w = QPlainTextEdit()
            w.setMaximumHeight(90)
        else:
            w = QLineEdit()
        if f.placeholder and isinstance(w, (QLineEdit, QPlainTextEdit)):
            w.setPlaceholderText(tr(f.placeholder))
        return w

    def _value(self, f: PayloadField) -> Any:
        w = self.payload_inputs[f.key]
        if isinstance(w, QDateEdit):
            return pydate(w.date()).isoformat()
        if isinstance(w, QSpinBox):
            return w.value()
        text = w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()  # type: ignore[attr-defined]
        return text.strip() or None

    def _next_kind(self) -> str:
        done = {e.kind for e in self.wb.events(self.case.id)}
        return next((k for k in USUAL_ORDER if k not in done), "hearing")

    def set_kind(self, key: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(key))

    def set_date(self, d: date) -> None:
        self.on.setDate(qdate(d))

    def set_party(self, name: str | None) -> None:
        self.party.setCurrentIndex(self.party.findData(name))

    def _kind_changed(self, *_: Any) -> None:
        kind = self.kind.currentData()
        # Show only what this kind of event uses.
        used = {f.key for f in EVENT_KINDS[kind].payload}
        for key, widget in self.payload_inputs.items():
            self.form.setRowVisible(widget, key in used)
        self.form.setRowVisible(self.file_box, kind in ATTACH_CATEGORY)
        self.error.setText("")
        self.adjustSize()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("选择 PDF 文书"), str(Path.home()),
                                              tr("PDF 文件 (*.pdf)"))
        if path:
            self.file.setText(path)

    def event_data(self) -> dict[str, Any]:
        kind = self.kind.currentData()
        values = {f.key: self._value(f) for f in EVENT_KINDS[kind].payload}
        return {k: v for k, v in values.items() if v is not None}

    def submit(self) -> None:
        if self.task is not None:
            return
        kind = self.kind.currentData()
        on = pydate(self.on.date())
        party = self.party.currentData()
        file = self.file.text().strip() if kind in ATTACH_CATEGORY else ""
        data = self.event_data()
        data_dir, number = self.data_dir, self.case.number

        def work(progress, cancel):
            with Workbench(data_dir) as wb:
                return wb.record_event(number, kind, on, party=party, file=file or None, data=data,
                                       progress=progress, cancel=cancel)

        self.error.setText("")
        self.ok_button.setEnabled(False)
        self.task = self.runner.submit(work, title=tr("正在记录事件并生成文书…"), on_done=self._done,
                                       on_error=self._failed)

    def _done(self, result: Any) -> None:
        self.task = None
        if result.note:  # nothing recorded twice, or a warning (a late summons in simple procedure)
            show_message(self.parentWidget(), tr("记录事件"), result.note)
        self.recorded.emit(list(result.document_ids))
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.task = None
        self.ok_button.setEnabled(True)
        if isinstance(error, UserError):
            # The dialog stays open with the reason, so the clerk can correct and try again.
            self.error.setText(core(error))
        return False

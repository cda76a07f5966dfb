"""记录事件: a procedural event on a case; the core files the documents it generates."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from workbench.cases.procedure import EVENT_KINDS
from workbench.efile.generation import ATTACH_CATEGORY
from workbench.errors import UserError
from workbench.service import Workbench

from ..i18n import language, tr
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
            self.party.addItem(f"{p.role_name if not en else p.role}：{p.name}", p.name)
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
        self.hearing_on = QDateEdit(QDate.currentDate().addDays(10))
        self.hearing_on.setObjectName("hearingDate")
        self.hearing_on.setCalendarPopup(True)
        self.hearing_on.setDisplayFormat("yyyy-MM-dd")
        held = self.case.hearing.held_on if self.case.hearing else None
        if held and held > date.today():
            self.hearing_on.setDate(qdate(held))
        self.place = QLineEdit()
        self.place.setPlaceholderText(tr("默认：本院第一审判庭"))
        self.months = QSpinBox()
        self.months.setObjectName("months")
        self.months.setRange(1, 24)
        self.months.setValue(1)
        self.months.setSuffix(tr(" 个月"))
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(tr("答辩意见（可不填）"))
        self.text.setMaximumHeight(90)

        self.form = QFormLayout()
        self.form.addRow(tr("事件"), self.kind)
        self.form.addRow(tr("日期"), self.on)
        self.form.addRow(tr("当事人"), self.party)
        self.form.addRow(tr("附带文书"), self.file_box)
        self.form.addRow(tr("开庭日期"), self.hearing_on)
        self.form.addRow(tr("开庭地点"), self.place)
        self.form.addRow(tr("延长月数"), self.months)
        self.form.addRow(tr("答辩意见"), self.text)
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
        for widget, visible in ((self.hearing_on, kind == "summons_served"),
                                (self.place, kind in ("summons_served", "hearing")),
                                (self.months, kind == "extended"),
                                (self.text, kind == "answer_received"),
                                (self.file_box, kind in ATTACH_CATEGORY)):
            self.form.setRowVisible(widget, visible)
        self.error.setText("")
        self.adjustSize()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("选择 PDF 文书"), str(Path.home()),
                                              tr("PDF 文件 (*.pdf)"))
        if path:
            self.file.setText(path)

    def event_data(self) -> dict[str, Any]:
        kind = self.kind.currentData()
        data: dict[str, Any] = {}
        if kind == "summons_served":
            data["hearing_on"] = pydate(self.hearing_on.date()).isoformat()
        if kind in ("summons_served", "hearing") and self.place.text().strip():
            data["place"] = self.place.text().strip()
        if kind == "extended":
            data["months"] = self.months.value()
        if kind == "answer_received" and self.text.toPlainText().strip():
            data["text"] = self.text.toPlainText().strip()
        return data

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
        if result.event is None and result.note:
            show_message(self.parentWidget(), tr("记录事件"), result.note)
        self.recorded.emit(list(result.document_ids))
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.task = None
        self.ok_button.setEnabled(True)
        if isinstance(error, UserError):
            # The dialog stays open with the reason, so the clerk can correct and try again.
            self.error.setText(str(error))
        return False

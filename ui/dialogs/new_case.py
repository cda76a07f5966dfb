"""新建案件: a case's facts, validated as they are typed; the case and its complaint are created
together in the background."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableWidget, QVBoxLayout, QWidget)

from workbench.cases.casejson import case_to_json
from workbench.law.case_numbers import parse_case_number
from workbench.cases.records import PARTY_KINDS, PROCEDURES, ROLES, Case, Claim, Party
from workbench.law.money import parse_amount
from workbench.errors import UserError
from workbench.service import CaseQuery, Workbench

from ..i18n import core, language, tr
from ..task_runner import TaskRunner

CAUSES = ["民间借贷纠纷", "金融借款合同纠纷", "信用卡纠纷", "买卖合同纠纷", "物业服务合同纠纷",
          "机动车交通事故责任纠纷"]
ROLE_LABELS_EN = {"plaintiff": "Plaintiff", "defendant": "Defendant", "third_party": "Third party"}
KIND_LABELS_EN = {"person": "Natural person", "organization": "Organization"}
PROCEDURES_EN = {"simple": "Simple procedure", "ordinary": "Ordinary procedure",
                 "small_claims": "Small claims procedure"}
OK_STYLE = "color: #1b6e20"
BAD_STYLE = "color: #b00020"


def _combo(items: dict[str, str], en_items: dict[str, str], current: str) -> QComboBox:
    box = QComboBox()
    for key, zh in items.items():
        box.addItem(en_items.get(key, key) if language() == "en" else zh, key)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


class NewCaseDialog(QDialog):
    created = Signal(str)  # the canonical case number

    def __init__(self, wb: Workbench, runner: TaskRunner, data_dir: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wb, self.runner, self.data_dir = wb, runner, Path(data_dir)
        self.task = None
        self.setWindowTitle(tr("新建案件"))
        self.setMinimumWidth(620)

        self.number = QLineEdit()
        self.number.setObjectName("caseNumber")
        self.number.setPlaceholderText("（2026）苏0583民初1234号")
        self.number_status = QLabel()
        self.number_status.setObjectName("numberStatus")
        self.number_status.setWordWrap(True)
        self.court = QLineEdit()
        self.appeal_court = QLineEdit()
        self.cause = QComboBox()
        self.cause.setEditable(True)
        self.cause.addItems(CAUSES)
        self.procedure = _combo(PROCEDURES, PROCEDURES_EN, "simple")
        self.filed_on = QDateEdit(QDate.currentDate())
        self.filed_on.setCalendarPopup(True)
        self.filed_on.setDisplayFormat("yyyy-MM-dd")
        self.judge = QComboBox()
        self.judge.setEditable(True)
        self.judge.addItems(wb.judges())
        self.judge.setCurrentText("")
        self.clerk = QLineEdit()
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(tr("如 80000.00（可不填）"))
        self.claim_text = QLineEdit()
        self.claim_text.setPlaceholderText(tr("如 判令被告偿还借款本金80000元（可不填）"))

        self.parties = QTableWidget(0, 3)
        self.parties.setObjectName("parties")
        self.parties.setHorizontalHeaderLabels([tr("身份"), tr("姓名或名称"), tr("类型")])
        self.parties.verticalHeader().setVisible(False)
        self.parties.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.parties.setMinimumHeight(140)
        add_p = QPushButton(tr("添加原告"))
        add_d = QPushButton(tr("添加被告"))
        remove = QPushButton(tr("删除所选"))
        add_p.clicked.connect(lambda: self.add_party("plaintiff"))
        add_d.clicked.connect(lambda: self.add_party("defendant"))
        remove.clicked.connect(self._remove_party)
        prow = QHBoxLayout()
        for b in (add_p, add_d, remove):
            prow.addWidget(b)
        prow.addStretch(1)

        form = QFormLayout()
        form.addRow(tr("案号"), self.number)
        form.addRow("", self.number_status)
        form.addRow(tr("法院"), self.court)
        form.addRow(tr("上诉法院"), self.appeal_court)
        form.addRow(tr("案由"), self.cause)
        form.addRow(tr("程序"), self.procedure)
        form.addRow(tr("立案日期"), self.filed_on)
        form.addRow(tr("承办法官"), self.judge)
        form.addRow(tr("书记员"), self.clerk)
        form.addRow(tr("当事人"), self.parties)
        form.addRow("", prow)
        form.addRow(tr("标的额（元）"), self.amount)
        form.addRow(tr("诉讼请求"), self.claim_text)

        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet(BAD_STYLE)
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("新建"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.problem)
        lay.addWidget(self.buttons)

        self._prefill_court()
        self.add_party("plaintiff")
        self.add_party("defendant")
        for w in (self.number, self.court, self.amount):
            w.textChanged.connect(self.validate)
        self.cause.currentTextChanged.connect(self.validate)
        self.validate()

    def _prefill_court(self) -> None:
        # Nearly every case a court opens is its own: start from the court of its latest case.
        latest = self.wb.list_cases(CaseQuery(sort="updated_at"), 0, 1)
        if latest:
            c = self.wb.case(latest[0].id)
            self.court.setText(c.court_name)
            self.appeal_court.setText(c.appeal_court)

    # ---- parties -----------------------------------------------------------------------------
    def add_party(self, role: str, name: str = "", kind: str = "person") -> int:
        row = self.parties.rowCount()
        self.parties.insertRow(row)
        self.parties.setCellWidget(row, 0, _combo(ROLES, ROLE_LABELS_EN, role))
        edit = QLineEdit(name)
        edit.textChanged.connect(self.validate)
        self.parties.setCellWidget(row, 1, edit)
        self.parties.setCellWidget(row, 2, _combo(PARTY_KINDS, KIND_LABELS_EN, kind))
        self.validate()
        return row

    def set_party(self, row: int, name: str, kind: str = "person") -> None:
        self.parties.cellWidget(row, 1).setText(name)  # type: ignore[union-attr]
        combo = self.parties.cellWidget(row, 2)
        combo.setCurrentIndex(combo.findData(kind))  # type: ignore[union-attr]

    def _remove_party(self) -> None:
        row = self.parties.currentRow()
        if row >= 0:
            self.parties.removeRow(row)
            self.validate()

    def party_list(self) -> list[Party]:
        out = []
        for row in range(self.parties.rowCount()):
            name = self.parties.cellWidget(row, 1).text().strip()  # type: ignore[union-attr]
            if name:
                out.append(Party(self.parties.cellWidget(row, 0).currentData(),  # type: ignore[union-attr]
                                 self.parties.cellWidget(row, 2).currentData(), name))  # type: ignore[union-attr]
        return out

    # ---- validation --------------------------------------------------------------------------
    def check_number(self) -> str | None:
        """Show the canonical form or the specific defect; return the canonical number if valid."""
        text = self.number.text()
        if not text.strip():
            self.number_status.setText(tr("请输入案号，如（2026）苏0583民初1234号"))
            self.number_status.setStyleSheet("")
            return None
        try:
            canonical = parse_case_number(text).canonical
        except UserError as e:
            self.number_status.setText(core(e))
            self.number_status.setStyleSheet(BAD_STYLE)
            return None
        try:
            self.wb.case_id(canonical)
        except UserError:
            self.number_status.setText(tr("规范案号：{number}", number=canonical))
            self.number_status.setStyleSheet(OK_STYLE)
            return canonical
        self.number_status.setText(tr("案号已存在：{number}", number=canonical))
        self.number_status.setStyleSheet(BAD_STYLE)
        return None

    def problems(self) -> list[str]:
        out = []
        if self.check_number() is None:
            out.append(tr("案号无效"))
        if not self.court.text().strip():
            out.append(tr("请填写法院名称"))
        if not self.cause.currentText().strip():
            out.append(tr("请填写案由"))
        parties = self.party_list()
        if not any(p.role == "plaintiff" for p in parties):
            out.append(tr("至少需要一名原告"))
        if not any(p.role == "defendant" for p in parties):
            out.append(tr("至少需要一名被告"))
        names = [p.name for p in parties]
        if len(set(names)) != len(names):
            out.append(tr("当事人姓名重复"))
        if self.amount.text().strip():
            try:
                parse_amount(self.amount.text())
            except UserError as e:
                out.append(core(e))
        return out

    def validate(self) -> bool:
        problems = self.problems()
        # The number's own message is already shown under it; list the rest.
        self.problem.setText(tr("；").join(p for p in problems if p != tr("案号无效")))
        busy = self.task is not None
        self.ok_button.setEnabled(not problems and not busy)
        return not problems

    # ---- creating ----------------------------------------------------------------------------
    def build_case(self) -> Case:
        amount_text = self.amount.text().strip()
        claims = []
        if amount_text:
            amount: Decimal = parse_amount(amount_text)
            claims.append(Claim("principal", self.claim_text.text().strip()
                                or f"判令被告支付{amount}元", amount))
        elif self.claim_text.text().strip():
            claims.append(Claim("other", self.claim_text.text().strip()))
        qd = self.filed_on.date()
        return Case(number=parse_case_number(self.number.text()).canonical,
                    court_name=self.court.text().strip(),
                    appeal_court=self.appeal_court.text().strip(),
                    cause=self.cause.currentText().strip(),
                    procedure=self.procedure.currentData(),
                    filed_on=date(qd.year(), qd.month(), qd.day()),
                    judge=self.judge.currentText().strip(), clerk=self.clerk.text().strip(),
                    parties=self.party_list(), claims=claims)

    def submit(self) -> None:
        if not self.validate():
            return
        case = self.build_case()
        # The case and its 立案 event (which files the complaint) go in as one import, so a
        # failed or cancelled render leaves no half-made case behind.
        doc = case_to_json(case, [{"kind": "filed", "on": case.filed_on, "party": None, "data": {}}])
        data_dir = self.data_dir

        def work(progress, cancel):
            with Workbench(data_dir) as wb:
                return wb.import_case(doc, progress=progress, cancel=cancel).number

        self.ok_button.setEnabled(False)
        self.task = self.runner.submit(work, title=tr("正在新建案件…"), on_done=self._done,
                                       on_error=self._failed)

    def _done(self, number: str) -> None:
        self.task = None
        self.created.emit(number)
        self.accept()

    def _failed(self, error: BaseException) -> bool:
        self.task = None
        if isinstance(error, UserError):
            self.problem.setText(core(error))
        self.validate()
        return False  # the runner still shows it (UserError box, or the crash dialog)

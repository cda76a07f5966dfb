"""用户与分配: the administrator's page — who works in the court, in which role, and a clerk's
judges (adding a person creates his or her own database login); and which judge and clerk each
case of the court store is assigned to."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from workbench.store.court import admin
from workbench.store.court.schema import ROLES
from workbench.court.sync import open_court

from ..i18n import core, tr
from ..task_runner import TaskRunner
from .connect_dialog import ROLE_NAMES


def _list(data_dir: Path) -> tuple[list[admin.CourtUser], list[admin.Assignment]]:
    _, conn = open_court(data_dir)
    with conn:
        return admin.list_users(conn), admin.list_assignments(conn)


def _assign(data_dir: Path, number: str, judge: str | None, clerk: str | None) -> tuple:
    _, conn = open_court(data_dir)
    with conn:
        return admin.assign(conn, number, judge, clerk)


def _add(data_dir: Path, name: str, role: str, password: str, judges: list[str]) -> admin.CourtUser:
    _, conn = open_court(data_dir)
    with conn:
        return admin.add_user(conn, name, role, password, judges=judges)


class UsersPage(QWidget):
    changed = Signal()

    def __init__(self, data_dir: Path, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir, self.runner = Path(data_dir), runner
        self.users: list[admin.CourtUser] = []
        self.assignments: list[admin.Assignment] = []
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("courtUsers")
        self.table.setHorizontalHeaderLabels([tr("用户名"), tr("姓名"), tr("角色"), tr("配合的法官")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.name = QLineEdit()
        self.name.setObjectName("newUserName")
        self.name.setPlaceholderText("wang")
        self.role = QComboBox()
        self.role.setObjectName("newUserRole")
        for r in ROLES:
            self.role.addItem(tr(ROLE_NAMES[r]), r)
        self.judge = QComboBox()
        self.judge.setObjectName("newUserJudge")
        self.password = QLineEdit()
        self.password.setObjectName("newUserPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton(tr("添加用户"))
        self.add_button.setObjectName("addUser")
        self.add_button.clicked.connect(self.add)
        self.refresh_button = QPushButton(tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.message = QLabel()
        self.message.setObjectName("usersMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("用户名"), self.name)
        form.addRow(tr("角色"), self.role)
        form.addRow(tr("配合的法官"), self.judge)
        form.addRow(tr("初始密码"), self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        people = QGroupBox(tr("用户"))
        left = QVBoxLayout(people)
        left.addWidget(self.table, 1)
        left.addLayout(form)
        left.addLayout(buttons)
        cases = QGroupBox(tr("案件分配"))
        right = QVBoxLayout(cases)
        right.addWidget(self._build_assignments(), 1)
        row = QHBoxLayout()
        row.addWidget(people, 1)
        row.addWidget(cases, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(row, 1)
        lay.addWidget(self.message)
        self._role_changed()

    def _build_assignments(self) -> QWidget:
        box = QWidget()
        self.cases = QTableWidget(0, 4)
        self.cases.setObjectName("courtAssignments")
        self.cases.setHorizontalHeaderLabels([tr("案号"), tr("案由"), tr("承办法官"), tr("书记员")])
        self.cases.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.cases.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)  # the whole case number
        self.cases.verticalHeader().setVisible(False)
        self.cases.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.cases.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.cases.itemSelectionChanged.connect(self._case_chosen)
        self.case_number = QLineEdit()
        self.case_number.setObjectName("assignCase")
        self.case_number.setPlaceholderText(tr("选中上表一行，或输入案号"))
        self.assign_judge = QComboBox()
        self.assign_judge.setObjectName("assignJudge")
        self.assign_clerk = QComboBox()
        self.assign_clerk.setObjectName("assignClerk")
        self.assign_button = QPushButton(tr("分配"))
        self.assign_button.setObjectName("assignCaseButton")
        self.assign_button.clicked.connect(self.assign)
        form = QFormLayout()
        form.addRow(tr("案号"), self.case_number)
        form.addRow(tr("承办法官"), self.assign_judge)
        form.addRow(tr("书记员"), self.assign_clerk)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.cases, 1)
        lay.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.assign_button)
        row.addStretch(1)
        lay.addLayout(row)
        return box

    def _role_changed(self, *_: object) -> None:
        self.judge.setEnabled(self.role.currentData() == "clerk")

    def refresh(self) -> None:
        self.runner.run(lambda progress, cancel: _list(self.data_dir), on_done=self._show,
                        on_error=self._failed)

    def _show(self, result: tuple[list[admin.CourtUser], list[admin.Assignment]]) -> None:
        users, self.assignments = result
        self.users = users
        self.table.setRowCount(len(users))
        for i, u in enumerate(users):
            for j, text in enumerate((u.name, u.display, tr(ROLE_NAMES.get(u.role, u.role)),
                                      "、".join(u.judges))):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.judge.clear()
        self.judge.addItem(tr("（无）"), None)
        for u in users:
            if u.role == "judge":
                self.judge.addItem(u.name, u.name)
        for combo, role in ((self.assign_judge, "judge"), (self.assign_clerk, "clerk")):
            current = combo.currentData()
            combo.clear()
            combo.addItem(tr("（不变）"), None)
            for u in users:
                if u.role == role and u.active:
                    combo.addItem(tr("{name}（{user}）", name=u.display, user=u.name) if u.display else u.name, u.name)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        self.cases.setRowCount(len(self.assignments))
        shown = {u.name: tr("{name}（{user}）", name=u.display, user=u.name) if u.display else u.name
                 for u in users}
        for i, a in enumerate(self.assignments):
            judge = shown.get(a.judge, a.judge) if a.judge else tr("（未分案）")
            clerk = shown.get(a.clerk, a.clerk) if a.clerk else "—"
            for j, text in enumerate((a.number, a.cause, judge, clerk)):
                self.cases.setItem(i, j, QTableWidgetItem(text))

    def _case_chosen(self) -> None:
        rows = {i.row() for i in self.cases.selectedItems()}
        if len(rows) == 1:
            a = self.assignments[rows.pop()]
            self.case_number.setText(a.number)
            self.assign_judge.setCurrentIndex(max(0, self.assign_judge.findData(a.judge)))
            self.assign_clerk.setCurrentIndex(max(0, self.assign_clerk.findData(a.clerk)))

    def assign(self) -> None:
        number = self.case_number.text().strip()
        judge, clerk = self.assign_judge.currentData(), self.assign_clerk.currentData()
        if not number:
            self.message.setText(tr("请先选择或输入案号"))
            return
        if judge is None and clerk is None:
            self.message.setText(tr("请选择承办法官或书记员"))
            return
        self.assign_button.setEnabled(False)
        self.runner.run(lambda progress, cancel: _assign(self.data_dir, number, judge, clerk),
                        on_done=lambda got: self._assigned(number, got), on_error=self._failed,
                        title=tr("分配"))

    def _assigned(self, number: str, got: tuple) -> None:
        self.assign_button.setEnabled(True)
        self.message.setText(tr("已分配 {number}：承办法官 {judge}，书记员 {clerk}", number=number,
                                judge=got[0] or "—", clerk=got[1] or "—"))
        self.changed.emit()
        self.refresh()

    def add(self) -> None:
        name, role, pw = self.name.text().strip(), self.role.currentData(), self.password.text()
        judges = [self.judge.currentData()] if role == "clerk" and self.judge.currentData() else []
        self.add_button.setEnabled(False)
        self.runner.run(lambda progress, cancel: _add(self.data_dir, name, role, pw, judges),
                        on_done=self._added, on_error=self._failed, title=tr("添加用户"))

    def _added(self, user: admin.CourtUser) -> None:
        self.add_button.setEnabled(True)
        self.name.clear()
        self.password.clear()
        self.message.setText(tr("已添加用户 {name}（{role}）", name=user.name,
                                role=tr(ROLE_NAMES.get(user.role, user.role))))
        self.changed.emit()
        self.refresh()

    def _failed(self, error: BaseException) -> bool:
        self.add_button.setEnabled(True)
        self.assign_button.setEnabled(True)
        self.message.setText(core(error))
        return True

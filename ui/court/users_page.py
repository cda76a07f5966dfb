"""用户管理: the administrator's page — who works in the court, in which role, and a clerk's
judges; adding a person creates his or her own database login."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from workbench.store.court import admin
from workbench.store.court.schema import ROLES
from workbench.court.sync import open_court

from ..i18n import tr
from ..task_runner import TaskRunner
from .connect_dialog import ROLE_NAMES


def _list(data_dir: Path) -> list[admin.CourtUser]:
    _, conn = open_court(data_dir)
    with conn:
        return admin.list_users(conn)


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
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("courtUsers")
        self.table.setHorizontalHeaderLabels([tr("用户名"), tr("角色"), tr("配合的法官")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
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
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(form)
        lay.addLayout(buttons)
        lay.addWidget(self.message)
        self._role_changed()

    def _role_changed(self, *_: object) -> None:
        self.judge.setEnabled(self.role.currentData() == "clerk")

    def refresh(self) -> None:
        self.runner.run(lambda progress, cancel: _list(self.data_dir), on_done=self._show,
                        on_error=self._failed)

    def _show(self, users: list[admin.CourtUser]) -> None:
        self.users = users
        self.table.setRowCount(len(users))
        for i, u in enumerate(users):
            for j, text in enumerate((u.name, tr(ROLE_NAMES.get(u.role, u.role)), "、".join(u.judges))):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.judge.clear()
        self.judge.addItem(tr("（无）"), None)
        for u in users:
            if u.role == "judge":
                self.judge.addItem(u.name, u.name)

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
        self.message.setText(str(error))
        return True

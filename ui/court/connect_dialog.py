"""连接法院库: a desk connects to the court store once; the password goes to the system keyring
(or a file only its owner can read), never into the settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from workbench.court import desk
from workbench.court.sync import connect_desk

from ..i18n import core, tr
from ..task_runner import TaskRunner

ROLE_NAMES = {"filing": "立案庭", "clerk": "书记员", "judge": "法官", "archivist": "档案员",
              "president": "院庭长", "admin": "管理员"}


class ConnectDialog(QDialog):
    connected = Signal(str)  # the court user's name

    def __init__(self, data_dir: Path, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir, self.runner = Path(data_dir), runner
        self.setWindowTitle(tr("连接法院库"))
        self.setMinimumWidth(520)
        current = desk.load(self.data_dir)
        self.dsn = QLineEdit(current.dsn if current else "")
        self.dsn.setObjectName("courtDsn")
        self.dsn.setPlaceholderText("postgresql://dbserver:5432/kunshan")
        self.user = QLineEdit(current.user if current else "")
        self.user.setObjectName("courtUser")
        self.password = QLineEdit()
        self.password.setObjectName("courtPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(tr("法院库地址"), self.dsn)
        form.addRow(tr("用户名"), self.user)
        form.addRow(tr("密码"), self.password)
        self.status = QLabel(self._describe(current) if current else tr("未连接：本机单独使用"))
        self.status.setObjectName("courtStatus")
        self.status.setWordWrap(True)
        note = QLabel(tr("密码保存在系统钥匙串中；没有钥匙串时保存在仅本人可读的文件中，绝不明文写入设置。"))
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.connect_button = self.buttons.addButton(tr("连接"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setObjectName("courtConnect")
        self.buttons.rejected.connect(self.reject)
        self.connect_button.clicked.connect(self.start)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)

    @staticmethod
    def _describe(s: desk.DeskSettings) -> str:
        role = tr(ROLE_NAMES.get(s.role, s.role))
        where = tr("系统钥匙串") if s.password_in == "keyring" else tr("仅本人可读的文件")
        return tr("已连接：{user}（{role}）→ {dsn}；密码保存在{where}", user=s.user, role=role,
                  dsn=s.dsn, where=where)

    def start(self) -> None:
        dsn, user, pw = self.dsn.text().strip(), self.user.text().strip(), self.password.text()
        if not dsn or not user or not pw:
            self.status.setText(tr("请填写法院库地址、用户名和密码"))
            return
        self.connect_button.setEnabled(False)
        self.status.setText(tr("正在连接…"))
        self.runner.run(lambda progress, cancel: connect_desk(self.data_dir, dsn, user, pw),
                        on_done=self._done, on_error=self._failed, title=tr("连接法院库"))

    def _done(self, s: desk.DeskSettings) -> None:
        self.password.clear()
        self.connect_button.setEnabled(True)
        self.status.setText(self._describe(s))
        self.connected.emit(s.user)

    def _failed(self, error: BaseException) -> bool:
        self.connect_button.setEnabled(True)
        self.status.setText(tr("连接失败：{error}", error=core(error)))
        return True

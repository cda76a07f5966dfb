"""语音模型: install a Vosk speech model from a zip or a folder, see what is installed, choose the
default — the GUI's face of `workbench model install/list/default`, so the courtroom needs no
terminal. Installing (copy, unpack, validate) runs in the task runner with its progress dialog;
a folder or zip that is not a Vosk model is refused with what is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from workbench.settings import Settings

from ..i18n import tr
from ..task_runner import TaskRunner, show_message

ZIP_FILTER = "(*.zip)"


class ModelSetupDialog(QDialog):
    """The speech models of this data directory. `installed(name)` after each install."""

    installed = Signal(str)

    def __init__(self, data_dir: Path | str, runner: TaskRunner, parent: QWidget | None = None,
                 *, settings: Settings | None = None, reason: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("modelSetup")
        self.setWindowTitle(tr("语音模型"))
        self.data_dir, self.runner, self.settings = Path(data_dir), runner, settings
        self.last_message: Any = None
        # Tests answer the file dialogs through these.
        self.ask_zip: Callable[[], str] = self._ask_zip
        self.ask_folder: Callable[[], str] = self._ask_folder

        self.reason = QLabel(reason)
        self.reason.setObjectName("modelReason")
        self.reason.setWordWrap(True)
        self.reason.setVisible(bool(reason))
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("modelTable")
        self.table.setHorizontalHeaderLabels([tr("名称"), tr("语言"), tr("大小"), tr("默认")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.empty = QLabel(tr("尚未安装语音模型。庭审录音和转写需要一个 Vosk 模型："
                               "可从 zip 文件或已解压的文件夹安装。"))
        self.empty.setObjectName("noModel")
        self.empty.setWordWrap(True)
        self.btn_zip = QPushButton(tr("从 zip 安装…"))
        self.btn_zip.setObjectName("installZip")
        self.btn_folder = QPushButton(tr("从文件夹安装…"))
        self.btn_folder.setObjectName("installFolder")
        self.btn_default = QPushButton(tr("设为默认"))
        self.btn_default.setObjectName("makeDefault")
        self.btn_zip.clicked.connect(lambda: self.install_zip())
        self.btn_folder.clicked.connect(lambda: self.install_folder())
        self.btn_default.clicked.connect(lambda: self.make_default())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        row = QHBoxLayout()
        for b in (self.btn_zip, self.btn_folder, self.btn_default):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.reason)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.empty, 1)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(close)
        self.resize(640, 360)
        self.refresh()

    # ---- the list ------------------------------------------------------------------------------
    def models(self) -> list[Any]:
        from workbench.hearing.models import ModelManager
        return ModelManager(self.data_dir).list()

    def refresh(self) -> None:
        models = self.models()
        self.table.setRowCount(len(models))
        for r, m in enumerate(models):
            for c, text in enumerate((m.name, m.language, f"{m.size_mb:.0f} MB",
                                      "✔" if m.default else "")):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, m.name)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not models)
        self.table.setVisible(bool(models))
        self._update_buttons()

    def selected_name(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _update_buttons(self) -> None:
        name = self.selected_name()
        is_default = any(m.name == name and m.default for m in self.models()) if name else False
        self.btn_default.setEnabled(bool(name) and not is_default)
        self.btn_default.setToolTip("" if name and not is_default else
                                    tr("已是默认模型") if is_default else tr("请先在列表中选择一个模型"))

    # ---- installing ----------------------------------------------------------------------------
    def _start(self) -> str:
        from ..file_dialogs import start_folder
        return start_folder(self.settings)

    def _ask_zip(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, tr("从 zip 安装语音模型"), self._start(),
                                              tr("语音模型") + " " + ZIP_FILTER)
        return path

    def _ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, tr("从文件夹安装语音模型"), self._start())

    def install_zip(self) -> None:
        path = self.ask_zip()
        if path:
            self.install(path)

    def install_folder(self) -> None:
        path = self.ask_folder()
        if path:
            self.install(path)

    def install(self, source: str | Path) -> None:
        from ..file_dialogs import remember_folder
        remember_folder(self.settings, source)
        data_dir = self.data_dir

        def work(progress: Any, cancel: Any) -> Any:
            from workbench.hearing.models import ModelManager
            progress(0, 0, tr("正在复制并检查模型…"))
            return ModelManager(data_dir).install(source)

        def done(model: Any) -> None:
            self.refresh()
            self.reason.setVisible(False)
            self.last_message = show_message(self, tr("语音模型"), tr(
                "已安装语音模型 {name}（{lang}）。", name=model.name, lang=model.language))
            self.installed.emit(model.name)

        def failed(e: BaseException) -> bool:
            from workbench.hearing.models import ModelError
            if not isinstance(e, ModelError):
                return False
            from PySide6.QtWidgets import QMessageBox
            self.last_message = show_message(
                self, tr("无法安装语音模型"),
                tr("{source} 不是可用的 Vosk 语音模型，或无法安装。", source=str(source)),
                QMessageBox.Icon.Warning)
            self.last_message.setDetailedText(str(e))
            return True

        self.runner.submit(work, title=tr("正在安装语音模型…"), on_done=done, on_error=failed)

    def make_default(self) -> None:
        from workbench.hearing.models import ModelManager
        name = self.selected_name()
        if name:
            ModelManager(self.data_dir).set_default(name)
            self.refresh()

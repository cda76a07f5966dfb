"""一键归档 and 导入归档包 as QActions the main window puts in its menus.

Sealing runs through the task runner the window passes in; `fn(progress, cancel)` opens its
own Workbench. A refusal for an incomplete file is
not an error to report but an answer to show: the list of what is missing, in a dialog.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QLabel, QListWidget,
                               QVBoxLayout, QWidget)

from .i18n import core, tr
from .task_runner import TaskRunner, show_message

AskPath = Callable[[QWidget, str], str | None]


def _ask_save(parent: QWidget, default: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, tr("保存归档包"), default, tr("归档包 (*.zip)"))
    return path or None


def _ask_open(parent: QWidget, default: str) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, tr("导入归档包"), default, tr("归档包 (*.zip)"))
    return path or None


def package_name(number: str) -> str:
    """（2026）苏0583民初1234号 → 2026-苏0583民初1234号.zip: no brackets a file system dislikes."""
    return re.sub(r"[（）()\\/:*?\"<>|\s]+", "-", number).strip("-") + ".zip"


class MissingDialog(QDialog):
    """What the file lacks, one line per document, so the clerk can go and file them."""

    def __init__(self, number: str, missing: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("archiveMissing")
        self.setWindowTitle(tr("卷宗不完整，不能归档"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(tr("{number} 还缺少以下 {n} 项材料，补齐后再归档：",
                                number=number, n=len(missing))))
        self.list = QListWidget(objectName="missingList")
        for m in missing:
            self.list.addItem(core(m.text))
        lay.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self.resize(560, 320)


class ArchiveAction(QAction):
    """一键归档 of the case `current_case()` names; `on_archived(number)` after success."""

    def __init__(self, parent: QWidget, data_dir: Path | str, current_case: Callable[[], str | None],
                 runner: TaskRunner, *, ask_save_path: AskPath = _ask_save,
                 on_archived: Callable[[str], None] | None = None) -> None:
        super().__init__(tr("一键归档"), parent)
        self.setObjectName("archiveCase")
        self.setToolTip(tr("检查卷宗是否齐全，生成封面、目录、备考表和卷底，封存为归档包；归档后只读"))
        self.widget = parent
        self.data_dir = Path(data_dir)
        self.current_case = current_case
        self.runner = runner
        self.ask_save_path = ask_save_path
        self.on_archived = on_archived
        self.last_dialog: QWidget | None = None
        self.last_result: Any = None
        self.triggered.connect(lambda _checked=False: self.archive())

    def set_case_status(self, status: str | None) -> None:
        """Grey the action out where it cannot apply (the core refuses anyway)."""
        self.setEnabled(status is not None and status != "archived")

    def archive(self) -> None:
        number = self.current_case()
        if not number:
            self.last_dialog = show_message(self.widget, tr("一键归档"), tr("请先选择一个案件"))
            return
        path = self.ask_save_path(self.widget, str(self.data_dir / "exports" / package_name(number)))
        if not path:
            return
        data_dir = self.data_dir

        def work(progress: Any, cancel: Any) -> Any:
            from workbench.archive.seal import seal_case
            from workbench.service import Workbench
            with Workbench(data_dir) as wb:
                return seal_case(wb, number, path, progress=progress, cancel=cancel)

        self.runner.submit(work, title=tr("一键归档"), on_done=self._done, on_error=self._failed)

    def _done(self, result: Any) -> None:
        self.last_result = result
        p = result.package
        lines = [tr("{number} 已归档，此后只读。", number=result.case_number),
                 tr("归档包：{path}", path=str(p.path)),
                 tr("日志链末端：{head}", head=p.chain_head)]
        lines += [tr("{volume}：{pages} 页（编号 {numbered} 页）", volume=v["volume"], pages=v["pages"],
                     numbered=v["numbered_pages"]) for v in result.volumes]
        self.last_dialog = show_message(self.widget, tr("归档完成"), "\n".join(lines))
        self.setEnabled(False)
        if self.on_archived is not None:
            self.on_archived(result.case_number)

    def _failed(self, error: BaseException) -> bool:
        from workbench.archive.seal import ArchiveRefused
        if isinstance(error, ArchiveRefused):
            dlg = MissingDialog(error.report.case_number, error.missing, self.widget)
            dlg.open()
            self.last_dialog = dlg
            return True
        return False  # the task runner reports anything else the usual way


class ImportPackageAction(QAction):
    """导入归档包: verify a package and bring its case in, read-only; refusals are shown in full."""

    def __init__(self, parent: QWidget, data_dir: Path | str, runner: TaskRunner, *,
                 ask_open_path: AskPath = _ask_open,
                 on_imported: Callable[[str], None] | None = None) -> None:
        super().__init__(tr("导入归档包…"), parent)
        self.setObjectName("importPackage")
        self.widget = parent
        self.data_dir = Path(data_dir)
        self.runner = runner
        self.ask_open_path = ask_open_path
        self.on_imported = on_imported
        self.last_dialog: QWidget | None = None
        self.triggered.connect(lambda _checked=False: self.import_package())

    def import_package(self) -> None:
        path = self.ask_open_path(self.widget, str(self.data_dir / "exports"))
        if not path:
            return
        data_dir = self.data_dir

        def work(progress: Any, cancel: Any) -> Any:
            from workbench.archive.importer import import_package
            from workbench.service import Workbench
            with Workbench(data_dir) as wb:
                return import_package(wb, path, progress=progress, cancel=cancel)

        def done(res: Any) -> None:
            self.last_dialog = show_message(self.widget, tr("导入完成"), tr(
                "已导入 {number}（只读），日志链末端 {head}", number=res.case_number, head=res.chain_head))
            if self.on_imported is not None:
                self.on_imported(res.case_number)

        def failed(error: BaseException) -> bool:
            from workbench.archive.importer import PackageRefused
            if isinstance(error, PackageRefused):
                from PySide6.QtWidgets import QMessageBox
                self.last_dialog = show_message(self.widget, tr("拒绝导入"), core(error),
                                                QMessageBox.Icon.Warning)
                return True
            return False

        self.runner.submit(work, title=tr("导入归档包"), on_done=done, on_error=failed)


def make_archive_action(parent: QWidget, data_dir: Path | str,
                        current_case: Callable[[], str | None], runner: TaskRunner,
                        **kwargs: Any) -> ArchiveAction:
    return ArchiveAction(parent, data_dir, current_case, runner, **kwargs)


def make_import_action(parent: QWidget, data_dir: Path | str, runner: TaskRunner,
                       **kwargs: Any) -> ImportPackageAction:
    return ImportPackageAction(parent, data_dir, runner, **kwargs)

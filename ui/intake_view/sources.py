"""The ways papers come into 扫描编目: add files (Ctrl+O), import a folder, scan (SANE), and the
watched folder, chosen in the settings and shown on screen.

File dialogs are Qt's own (translated with the interface) and start in the folder last used, or
in the user's documents. Scanning runs `scanimage` through the task runner; without SANE or a
scanner the clerk reads why, in the interface's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QInputDialog, QLabel, QPushButton,
                               QWidget)

from workbench.settings import Settings

from ..file_dialogs import remember_folder, start_folder
from ..i18n import tr
from ..task_runner import TaskRunner, show_message

SCAN_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")


def files_in(folder: Path | str) -> list[Path]:
    """The scans and PDFs in a folder and its subfolders, in name order (a scanner's order)."""
    return sorted((p for p in Path(folder).rglob("*")
                   if p.is_file() and p.suffix.lower() in SCAN_SUFFIXES
                   and not p.name.startswith(".")), key=lambda p: str(p).lower())


class IntakeSources(QWidget):
    """A bar of buttons over the cataloguing view. `load(paths)` reads a batch; `watch(folder)`
    starts watching a folder."""

    def __init__(self, parent: QWidget, runner: TaskRunner, settings: Settings | None,
                 load: Callable[[list[Any]], None], watch: Callable[[Path], None]) -> None:
        super().__init__(parent)
        self.setObjectName("intakeSources")
        self.runner, self.settings, self.load, self._watch = runner, settings, load, watch
        self.last_message: Any = None
        # Tests replace these to answer the dialogs.
        self.ask_files: Callable[[], list[str]] = self._ask_files
        self.ask_folder: Callable[[str], str] = self._ask_folder
        self.choose_scanner: Callable[[list[Any]], Any] = self._choose_scanner

        self.btn_files = QPushButton(tr("添加文件…"))
        self.btn_files.setObjectName("addFiles")
        self.btn_files.setToolTip(tr("选择扫描件或 PDF 文件（Ctrl+O）"))
        self.btn_folder = QPushButton(tr("从文件夹导入…"))
        self.btn_folder.setObjectName("importFolder")
        self.btn_folder.setToolTip(tr("导入一个文件夹中的全部扫描件和 PDF"))
        self.btn_scan = QPushButton(tr("扫描"))
        self.btn_scan.setObjectName("scan")
        self.btn_scan.setToolTip(tr("用连接的扫描仪扫描"))
        self.watch_label = QLabel()
        self.watch_label.setObjectName("watchFolder")
        self.watch_label.setTextFormat(Qt.TextFormat.PlainText)
        self.btn_watch = QPushButton(tr("更改…"))
        self.btn_watch.setObjectName("changeWatchFolder")
        self.btn_watch.setToolTip(tr("选择要监视的文件夹：放入其中的扫描件会自动读入"))
        for b in (self.btn_files, self.btn_folder, self.btn_scan, self.btn_watch):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays with the pages
        self.btn_files.clicked.connect(lambda: self.add_files())
        self.btn_folder.clicked.connect(lambda: self.import_folder())
        self.btn_scan.clicked.connect(lambda: self.scan())
        self.btn_watch.clicked.connect(lambda: self.change_watch_folder())
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for b in (self.btn_files, self.btn_folder, self.btn_scan):
            lay.addWidget(b)
        lay.addSpacing(16)
        lay.addWidget(self.watch_label, 1)
        lay.addWidget(self.btn_watch)
        self.show_watch_folder()

    # ---- files and folders -------------------------------------------------------------------
    def _ask_files(self) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(
            self, tr("添加文件"), start_folder(self.settings),
            tr("扫描件和 PDF") + " (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)")
        return paths

    def _ask_folder(self, title: str) -> str:
        return QFileDialog.getExistingDirectory(self, title, start_folder(self.settings))

    def add_files(self) -> list[str]:
        paths = self.ask_files()
        if paths:
            remember_folder(self.settings, paths[0])
            self.load(paths)
        return paths

    def import_folder(self) -> list[Path]:
        folder = self.ask_folder(tr("从文件夹导入"))
        if not folder:
            return []
        remember_folder(self.settings, folder)
        paths = files_in(folder)
        if not paths:
            self.last_message = show_message(self, tr("从文件夹导入"),
                                             tr("{folder} 中没有扫描件或 PDF 文件。", folder=folder))
            return []
        self.load(paths)
        return paths

    # ---- the watched folder ------------------------------------------------------------------
    def watch_folder(self) -> Path | None:
        return self.settings.watch_folder() if self.settings is not None else None

    def show_watch_folder(self) -> None:
        folder = self.watch_folder()
        self.watch_label.setText(tr("监视文件夹：{folder}", folder=str(folder)) if folder
                                 else tr("未监视文件夹"))
        self.watch_label.setToolTip(tr("放入此文件夹的扫描件会自动读入"))

    def change_watch_folder(self) -> Path | None:
        folder = self.ask_folder(tr("选择监视文件夹"))
        if not folder or self.settings is None:
            return None
        self.settings.set("intake.watch_folder", folder)
        self.show_watch_folder()
        path = Path(folder)
        self._watch(path)
        return path

    # ---- scanning ----------------------------------------------------------------------------
    def _choose_scanner(self, scanners: list[Any]) -> Any:
        labels = [f"{s.label}  ({s.device})" for s in scanners]
        label, ok = QInputDialog.getItem(self, tr("扫描"), tr("扫描仪"), labels, 0, False)
        return scanners[labels.index(label)] if ok and label in labels else None

    def _refuse(self, reason: str) -> bool:
        text = {"no-sane": tr("本机未安装扫描程序 SANE（Debian 软件包 sane-utils），无法扫描。"
                              "可以先用扫描仪自带的软件扫描到文件夹，再从文件夹导入。"),
                "no-device": tr("未找到扫描仪。请检查扫描仪已连接并开机，然后再试。"),
                }.get(reason, tr("扫描失败。请检查扫描仪后再试。"))
        self.last_message = show_message(self, tr("扫描"), text)
        return True

    def scan(self, pages: int = 1) -> None:
        """Find the scanners (off the GUI thread), let the clerk pick one, scan, read the pages."""
        from workbench.intake.scanner import ScannerUnavailable, list_scanners, scan_pages
        out = (self.settings.data_dir if self.settings is not None else Path.home()) / "scans"

        def failed(e: BaseException) -> bool:
            return self._refuse(e.reason) if isinstance(e, ScannerUnavailable) else False

        def found(scanners: list[Any]) -> None:
            if not scanners:
                self._refuse("no-device")
                return
            chosen = scanners[0] if len(scanners) == 1 else self.choose_scanner(scanners)
            if chosen is None:
                return
            self.runner.submit(
                lambda progress, cancel: scan_pages(chosen.device, out, pages=pages,
                                                    progress=progress, cancel=cancel),
                title=tr("正在扫描…"), on_done=lambda paths: paths and self.load(paths),
                on_error=failed)

        self.runner.submit(lambda progress, cancel: list_scanners(), title=tr("正在查找扫描仪…"),
                           on_done=found, on_error=failed)

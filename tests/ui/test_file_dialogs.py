"""Issue 15, item 4 (Qt's part): Qt's own file dialog speaks the interface's language and opens in
the user's documents or the folder last used, never in the program's source folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from ui import i18n
from ui.file_dialogs import remember_folder, start_folder
from workbench.settings import Settings


@pytest.fixture
def chinese_qt(qapp):
    assert i18n.install_qt_translations(qapp, "zh")
    yield qapp
    for t in i18n._translators:
        qapp.removeTranslator(t)
    i18n._translators.clear()
    QLocale.setDefault(QLocale.system())


def _labels(dialog: QFileDialog) -> list[str]:
    return [w.text() for w in dialog.findChildren(QLabel) if w.text()]


def test_qt_file_dialog_is_in_chinese(chinese_qt, qtbot):
    dlg = QFileDialog(None, "添加文件")
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own, as on a bare desktop
    qtbot.addWidget(dlg)
    dlg.show()
    labels = _labels(dlg)
    assert "查找范围：" in labels and "文件类型：" in labels, labels
    assert not any(t in ("Look in:", "Files of type:", "File name:") for t in labels)
    from PySide6.QtWidgets import QDialogButtonBox, QPushButton
    assert {"打开", "取消"} <= {b.text() for b in dlg.findChildren(QPushButton)}
    # Every other Qt button keeps its translation (none blanked by the fallback).
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close
                           | QDialogButtonBox.StandardButton.Cancel)
    assert [b.text() for b in box.buttons()] == ["关闭", "取消"]


def test_file_dialogs_start_in_documents_then_in_the_last_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "home" / "Documents"))
    (tmp_path / "home" / "Documents").mkdir(parents=True)
    s = Settings.load(tmp_path / "data")
    first = Path(start_folder(s))
    source = Path(__file__).resolve().parents[2]
    assert first != source and source not in first.parents
    assert first in (tmp_path / "home" / "Documents", tmp_path / "home") or \
        first.name in ("Documents", "文档")
    scans = tmp_path / "scans"
    scans.mkdir()
    remember_folder(s, scans / "page1.png")
    assert start_folder(Settings.load(tmp_path / "data")) == str(scans)

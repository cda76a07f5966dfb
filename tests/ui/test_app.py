"""The entry points, language, fonts and the crash handler."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QDialogButtonBox

from ui import app as app_module
from ui import i18n
from ui.launcher import wants_gui

ROOT = Path(__file__).resolve().parents[2]


def test_language_comes_from_option_then_env_then_setting(monkeypatch, tmp_path):
    from workbench.settings import Settings
    monkeypatch.delenv("WORKBENCH_LANG", raising=False)
    s = Settings.load(tmp_path)
    assert i18n.choose_language(None, s) == "zh"
    s.set("ui.language", "en")
    assert i18n.choose_language(None, s) == "en"
    monkeypatch.setenv("WORKBENCH_LANG", "zh_CN")
    assert i18n.choose_language(None, s) == "zh"
    assert i18n.choose_language("en", s) == "en"


def test_tr_translates_every_interface_string():
    i18n.set_language("en")
    assert i18n.tr("新建案件") == "New case"
    assert i18n.tr("共 {n} 件", n=3) == "3 cases"
    i18n.set_language("zh")
    assert i18n.tr("新建案件") == "新建案件"
    # Every literal passed to tr() (or to the window's action helper) has an English entry.
    table = json.loads((ROOT / "resources" / "i18n" / "en.json").read_text(encoding="utf-8"))
    missing = set()
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                    and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("tr", "_action")):
                if node.args[0].value not in table:
                    missing.add(f"{path.name}: {node.args[0].value}")
    assert not missing, sorted(missing)


def test_qt_dialogs_speak_chinese(qapp):
    assert i18n.install_qt_translations(qapp, "zh")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])
    i18n.install_qt_translations(qapp, "en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.buttons()[0].text() == "Cancel"
    i18n.install_qt_translations(qapp, "zh")


def test_the_application_font_has_chinese_glyphs(qapp):
    family = app_module.choose_cjk_font(qapp)
    assert family is not None and app_module.has_chinese(family)
    metrics = QFontMetrics(qapp.font())
    assert all(metrics.inFontUcs4(ord(c)) for c in "法官工作台卷宗")


def test_english_mode_shows_english_labels(open_window, demo_dir):
    i18n.set_language("en")
    w = open_window(demo_dir)
    assert w.windowTitle() == "Judge Workbench"
    assert w.tabs.tabText(0) == "Cases"
    assert w.act_new.text() == "New case" and w.act_export.text() == "Export volume"
    assert w.model.headerData(0, Qt.Orientation.Horizontal) == "Case number"
    assert w.status_combo.itemText(w.status_combo.findData("concluded")) == "concluded"
    view = w.open_case(w.model.case_number(0))
    assert view.side.tabText(0) == "Case details"
    assert view.btn_event.text() == "Record event"
    assert view.catalogue.volume_index("正卷").data().startswith("main volume (")
    assert "Page 1 of the volume" in view.viewer.page_label.text()


def test_crash_handler_saves_the_traceback_and_shows_it(qtbot, data_dir, boxes):
    app_module.install_crash_handler(data_dir)
    try:
        raise RuntimeError("unexpected state")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    logs = list((data_dir / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and "RuntimeError: unexpected state" in logs[0].read_text()
    qtbot.waitUntil(lambda: any(b.objectName() == "crashDialog" for b in boxes()), timeout=2000)
    box = next(b for b in boxes() if b.objectName() == "crashDialog")
    assert str(logs[0]) in box.text()
    assert "RuntimeError: unexpected state" in box.detailedText()


def test_crash_in_a_thread_is_shown_too(qtbot, data_dir, boxes):
    import threading
    app_module.install_crash_handler(data_dir)

    def fail():
        raise ValueError("in a thread")
    t = threading.Thread(target=fail)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: any("in a thread" in b.detailedText() for b in boxes()), timeout=2000)
    assert list((data_dir / "logs").glob("crash-*.log"))


def test_first_start_builds_the_demo_court_with_progress(open_window, data_dir, qtbot):
    w = open_window(data_dir)
    assert w.model.total == 0
    assert w.build_demo_if_empty()
    task = next(t for t in w.runner.active if "演示法院" in (t.title or ""))
    qtbot.waitUntil(lambda: task.dialog is not None, timeout=3000)
    assert "演示法院" in task.dialog.labelText()
    qtbot.waitUntil(lambda: w.model.total > 10, timeout=60000)
    assert w.judge_combo.count() > 1
    assert not w.build_demo_if_empty()


def test_main_starts_shows_the_window_and_quits(demo_dir, tmp_path):
    # In a child process: app.exec() and quit() leave the test process's event loop unusable.
    # An old data directory's settings.ini (written by QSettings) is read and upgraded.
    s = QSettings(str(demo_dir / "settings.ini"), QSettings.Format.IniFormat)
    s.setValue("ui/language", "en")
    s.sync()
    code = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ui.app import main
app = QApplication(["workbench"])
seen = {}
def look():
    win = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow")
    seen.update(title=win.windowTitle(), visible=win.isVisible(), font=app.font().family(),
                cases=win.model.total, tab=win.tabs.tabText(0))
    win.close()
QTimer.singleShot(500, look)
rc = main(["--data-dir", sys.argv[1]])
print(json.dumps({"rc": rc, **seen}))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    env.pop("WORKBENCH_LANG", None)
    out = subprocess.run([sys.executable, "-c", code, str(demo_dir)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    # The language saved in the data directory's settings was used.
    from workbench.service import Workbench
    with Workbench.open(demo_dir) as wb:
        cases = wb.count_cases()
    assert seen == {"rc": 0, "title": "Judge Workbench", "visible": True, "font": seen["font"],
                    "cases": cases, "tab": "Cases"}
    assert seen["font"] in app_module.CJK_FONTS


def test_launcher_routes_gui_and_cli():
    assert wants_gui([])
    assert wants_gui(["--data-dir", "/x", "--lang", "en"])
    assert wants_gui(["--lang=en", "gui"])
    assert not wants_gui(["case", "list"])
    assert not wants_gui(["--data-dir", "/x", "verify"])
    assert not wants_gui(["--help"])
    assert not wants_gui(["gui", "--help"]) and not wants_gui(["--lang", "en", "gui", "-h"])


def test_gui_help_prints_the_help_and_starts_no_window():
    # Issue 15, item 9: `workbench gui --help` used to open the window.
    code = ("import sys; from ui.launcher import main\n"
            "try:\n    rc = main(['gui', '--help'])\nexcept SystemExit as e:\n    rc = e.code\n"
            "print('QT' if 'PySide6.QtWidgets' in sys.modules else 'NOQT'); sys.exit(rc or 0)")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "usage:" in out.stdout and "gui" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "NOQT"


def test_cli_through_the_launcher_never_imports_qt(demo_dir):
    code = ("import sys; from ui.launcher import main; rc = main(['--data-dir', sys.argv[1], "
            "'case', 'list', '--json']); print('QT' if 'PySide6' in sys.modules else 'NOQT'); "
            "sys.exit(rc)")
    out = subprocess.run([sys.executable, "-c", code, str(demo_dir)], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("NOQT")
    assert "苏0583民初" in out.stdout

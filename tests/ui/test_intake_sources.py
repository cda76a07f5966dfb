"""Issue 15, items 2 and 3: intake's ways in (添加文件 / Ctrl+O, 从文件夹导入, 扫描 through SANE, the
watched folder shown and chosen), and cataloguing ready for the keyboard with its defaults."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QPushButton

from test_cataloguing_view import CASE, _proposal  # noqa: F401 - the same five-page batch
from ui.task_runner import SyncRunner


@pytest.fixture
def intake(open_window, demo_dir):
    w = open_window(demo_dir, synchronous=True)
    view = w.open_intake()
    loaded: list = []
    view.sources.load = lambda paths: loaded.append([str(p) for p in paths])
    return w, view, loaded


def _scan(path: Path) -> Path:
    Image.new("L", (200, 280), 240).save(path)
    return path


def test_the_way_in_is_on_screen_with_ctrl_o(intake, tmp_path):
    w, view, loaded = intake
    names = {b.objectName(): b.text() for b in view.sources.findChildren(QPushButton)}
    assert names["addFiles"] == "添加文件…" and names["importFolder"] == "从文件夹导入…"
    assert names["scan"] == "扫描"
    assert all(b.isVisible() for b in view.sources.findChildren(QPushButton))
    assert "Ctrl+O" in view.page.text()  # the empty view says how to begin
    picked = [str(_scan(tmp_path / "a.png"))]
    view.sources.ask_files = lambda: picked
    w.tabs.setCurrentIndex(0)
    w.act_add_files.trigger()  # Ctrl+O from anywhere in the window opens intake and asks
    assert w.tabs.currentWidget() is view and loaded == [picked]
    assert w.settings.get("ui.last_folder") == str(tmp_path)  # the next dialog starts there
    assert w.act_add_files.shortcut().toString() == "Ctrl+O"


def test_import_folder_reads_every_scan_in_name_order(intake, tmp_path):
    _w, view, loaded = intake
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    for name in ("p2.png", "p10.jpg", "sub/p3.tif", "notes.txt", ".hidden.png"):
        p = folder / name
        _scan(p) if p.suffix != ".txt" else p.write_text("x")
    view.sources.ask_folder = lambda title: str(folder)
    view.sources.import_folder()
    assert [Path(p).name for p in loaded[0]] == ["p10.jpg", "p2.png", "p3.tif"]
    empty = tmp_path / "empty"
    empty.mkdir()
    view.sources.ask_folder = lambda title: str(empty)
    assert view.sources.import_folder() == []
    assert "没有扫描件" in view.sources.last_message.text()


def test_watched_folder_is_shown_and_chosen_in_the_settings(intake, tmp_path, demo_dir):
    w, view, _ = intake
    assert str(demo_dir / "dropbox") in view.sources.watch_label.text()
    chosen = tmp_path / "scanner-share"
    chosen.mkdir()
    view.sources.ask_folder = lambda title: str(chosen)
    view.sources.change_watch_folder()
    assert str(chosen) in view.sources.watch_label.text()
    from workbench.settings import Settings
    assert Settings.load(demo_dir).watch_folder() == chosen
    assert view._dropbox.folder == chosen  # and it is the folder now watched


def test_scanning_without_sane_says_so_in_chinese(intake, monkeypatch):
    _w, view, loaded = intake
    monkeypatch.setenv("PATH", "/nonexistent")
    view.sources.scan()
    assert loaded == []
    text = view.sources.last_message.text()
    assert "SANE" in text and "从文件夹导入" in text and "/" not in text.split("SANE")[0]


@pytest.mark.skipif(shutil.which("scanimage") is None, reason="Debian sane-utils not installed")
def test_scanning_with_sanes_test_backend_reads_the_pages(intake, monkeypatch, tmp_path):
    # SANE's `test` backend is a virtual scanner shipped with libsane1; enable it alone.
    conf = tmp_path / "sane.d"
    conf.mkdir()
    (conf / "dll.conf").write_text("test\n")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(conf))
    _w, view, loaded = intake
    chosen = []
    view.sources.choose_scanner = lambda scanners: chosen.append(scanners) or scanners[0]
    view.sources.scan()
    assert chosen and chosen[0][0].device.startswith("test:")  # two test devices: asked which
    assert len(loaded) == 1 and len(loaded[0]) == 1
    page = Path(loaded[0][0])
    assert page.parent.name == "scans" and page.suffix == ".png" and page.stat().st_size > 0
    Image.open(page).verify()


def test_no_scanner_attached_is_a_clear_message(intake, monkeypatch, tmp_path):
    if shutil.which("scanimage") is None:
        pytest.skip("Debian sane-utils not installed")
    conf = tmp_path / "sane.d"
    conf.mkdir()
    (conf / "dll.conf").write_text("")  # SANE with no backend: no scanner
    monkeypatch.setenv("SANE_CONFIG_DIR", str(conf))
    _w, view, loaded = intake
    view.sources.scan()
    assert loaded == [] and "未找到扫描仪" in view.sources.last_message.text()


# ---- item 3: focus and defaults ---------------------------------------------------------------
@pytest.fixture
def fresh(qtbot, tmp_path, example_doc):
    from ui.intake_view import CataloguingView
    from workbench.service import Workbench
    wb = Workbench.open(tmp_path / "data")
    wb.import_case(example_doc)
    asked = []
    v = CataloguingView(wb, SyncRunner(),
                        case_chooser=lambda numbers, default: asked.append(default) or default)
    v.asked = asked
    qtbot.addWidget(v)
    v.resize(1100, 760)
    v.show()
    qtbot.waitExposed(v)
    yield v
    wb.close()


def test_keyboard_works_the_moment_the_proposal_appears(qtbot, fresh):
    fresh.activateWindow()
    fresh.set_proposal(_proposal())
    assert fresh.strip.hasFocus() or not fresh.isActiveWindow()
    target = QApplication.focusWidget() or fresh.strip
    qtbot.keyClick(target, Qt.Key.Key_Right)  # no click first
    assert fresh._current == 1
    # Clicking the large page keeps the keys working.
    qtbot.mouseClick(fresh.page, Qt.MouseButton.LeftButton)
    qtbot.keyClick(QApplication.focusWidget() or fresh.page, Qt.Key.Key_Right)
    assert fresh._current == 2


def test_digit_legend_names_each_category_on_screen(fresh):
    legend = fresh.legend.text()
    assert fresh.legend.isVisible()
    for part in ("1 起诉状", "2 答辩状", "4 证据"):
        assert part in legend, legend


def test_move_to_case_offers_the_proposed_case_first(qtbot, fresh):
    fresh.set_proposal(_proposal())
    fresh.move_to_case()
    assert fresh.asked == [CASE]  # the complaint's proposed case, not the list's first


def test_move_to_case_dialog_preselects_and_shows_its_title_whole(qtbot, fresh):
    fresh.set_proposal(_proposal())
    seen = {}

    def answer():
        dlg = fresh.case_dialog
        seen.update(text=dlg.textValue(), width=dlg.width(),
                    title_width=dlg.fontMetrics().horizontalAdvance(dlg.labelText()))
        dlg.accept()  # Enter: keep what is offered
    QTimer.singleShot(200, answer)
    got = fresh._ask_case(["（2026）苏0583民初1号", CASE], CASE)
    assert got == CASE and seen["text"] == CASE
    assert seen["width"] >= seen["title_width"]
    assert isinstance(fresh.case_dialog, QInputDialog)


def test_the_new_controls_speak_english_in_the_english_window(qtbot, qapp, tmp_path, example_doc):
    import re
    from PySide6.QtWidgets import QAbstractButton, QLabel
    from ui import i18n
    from ui.hearing_view.model_setup import ModelSetupDialog
    from ui.intake_view import CataloguingView
    from workbench.service import Workbench
    from workbench.settings import Settings
    i18n.set_language("en")
    i18n.install_qt_translations(qapp, "en")  # an English window has no Qt Chinese catalogue
    wb = Workbench.open(tmp_path / "data")
    try:
        settings = Settings.load(wb.data_dir)
        view = CataloguingView(wb, SyncRunner(), settings=settings)
        dlg = ModelSetupDialog(wb.data_dir, SyncRunner(), settings=settings, reason=i18n.tr(
            "{what}需要语音模型。请从 zip 文件或文件夹安装一个 Vosk 模型，安装后将继续。",
            what="Recording"))
        for w in (view, dlg):
            qtbot.addWidget(w)
            texts = [x.text() for x in [*w.findChildren(QLabel), *w.findChildren(QAbstractButton)]]
            texts += [x.toolTip() for x in w.findChildren(QAbstractButton)]
            texts = [t.replace(str(wb.data_dir), "") for t in texts]  # file names are data
            chinese = [t for t in texts if re.search(r"[\u4e00-\u9fff]", t)]
            assert chinese == [], chinese
        assert "1 Complaint" in view.legend.text() or view.legend.text().startswith("1 ")
    finally:
        wb.close()
        i18n.set_language("zh")
        i18n.install_qt_translations(qapp, "zh")

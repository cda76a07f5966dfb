"""一键归档 from the GUI: an incomplete file shows what is missing and changes nothing; a complete
one is sealed into a package that verifies, the case turns read-only, and the package imports
into another workbench (and a second import is refused, with the reason shown)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QMessageBox, QWidget  # noqa: E402

from ui.task_runner import SyncRunner  # noqa: E402
from ui.archive_action import (MissingDialog, make_archive_action, make_import_action,  # noqa: E402
                               package_name)
from workbench.archive import verify_package  # noqa: E402
from workbench.errors import UserError  # noqa: E402
from workbench.service import CaseQuery, Workbench  # noqa: E402




def judgment_pdf(path: Path) -> Path:
    from reportlab.pdfgen.canvas import Canvas
    c = Canvas(str(path))
    c.drawString(100, 700, "judgment")
    c.showPage()
    c.save()
    return path


@pytest.fixture
def concluded(demo_dir):
    with Workbench.open(demo_dir) as wb:
        return wb.list_cases(CaseQuery(status="concluded"), 0, 1)[0].number


@pytest.fixture
def window(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    return w


def test_incomplete_case_shows_the_missing_list(qtbot, window, demo_dir, concluded, tmp_path):
    out = tmp_path / "p.zip"
    act = make_archive_action(window, demo_dir, lambda: concluded, SyncRunner(),
                              ask_save_path=lambda parent, default: str(out))
    act.trigger()
    dlg = act.last_dialog
    assert isinstance(dlg, MissingDialog) and dlg.isVisible()
    items = [dlg.list.item(i).text() for i in range(dlg.list.count())]
    assert items and any("民事判决书正本" in t for t in items)
    assert not out.exists()
    with Workbench.open(demo_dir) as wb:
        assert wb.case(concluded).status == "concluded"
    dlg.accept()


def test_complete_case_is_sealed_and_read_only(qtbot, window, demo_dir, concluded, tmp_path):
    with Workbench.open(demo_dir) as wb:
        wb.add_document(concluded, judgment_pdf(tmp_path / "j.pdf"), "judgment", title="民事判决书")
    out = tmp_path / "exports" / package_name(concluded)
    archived = []
    asked = []
    act = make_archive_action(window, demo_dir, lambda: concluded, SyncRunner(),
                              ask_save_path=lambda p, default: asked.append(default) or str(out),
                              on_archived=archived.append)
    act.set_case_status("concluded")
    assert act.isEnabled() and act.text() == "一键归档"
    act.trigger()
    assert archived == [concluded]
    assert Path(asked[0]).name == package_name(concluded) and "（" not in asked[0]
    assert isinstance(act.last_dialog, QMessageBox) and "已归档" in act.last_dialog.text()
    assert verify_package(out).ok
    assert not act.isEnabled()
    with Workbench.open(demo_dir) as wb:
        assert wb.case(concluded).status == "archived"
        with pytest.raises(UserError, match="只读"):
            wb.record_event(concluded, "appeal_filed", date.today())

    second = tmp_path / "courtroom"
    imported = []
    imp = make_import_action(window, second, SyncRunner(), ask_open_path=lambda p, d: str(out),
                             on_imported=imported.append)
    imp.trigger()
    assert imported == [concluded]
    imp.trigger()  # the same package again: refused, and the reason is shown
    assert imported == [concluded]
    assert isinstance(imp.last_dialog, QMessageBox) and "已存在" in imp.last_dialog.text()


def test_no_case_or_no_file_chosen_does_nothing(qtbot, window, demo_dir, concluded):
    calls = []
    act = make_archive_action(window, demo_dir, lambda: None, lambda *a: calls.append(a))
    act.trigger()
    assert not calls and "请先选择" in act.last_dialog.text()
    act = make_archive_action(window, demo_dir, lambda: concluded, lambda *a: calls.append(a),
                              ask_save_path=lambda p, d: None)
    act.trigger()
    assert not calls
    act.set_case_status("archived")
    assert not act.isEnabled()

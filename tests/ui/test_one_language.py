"""One language per window: the GUI in Chinese shows no English, in English no Chinese.

Every main view and dialog is opened over the demo court (main window and case list, a case with
its catalogue, pages and side panels, cataloguing with a proposal, the drafting view with the
checker's findings, the courtroom's record editor and evidence display, the dashboard, the
service and preservation queues, the new-case and record-event dialogs, the message box a core
UserError raises, and the court store's connect dialog, users-and-assignment page and court-wide
figures, before and after connecting to a real court store). Every visible
widget's text, placeholder, tooltip and window title, every status-bar message, every item
model's header and cell texts and tooltips, and every menu and toolbar action are collected.

In the Chinese interface no Latin word may remain other than case data, file names and a short
list of technical tokens (key names, PDF and image formats). In the English interface no Chinese
may remain other than case data (party names, case numbers, causes, courts, judges, document
titles and text from the file).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox,
                               QFileDialog, QFileSystemModel,
                               QGroupBox, QLabel, QLineEdit, QMainWindow, QMenu, QMessageBox,
                               QPlainTextEdit, QTabBar, QTextEdit, QWidget)

from test_cataloguing_view import _page
from ui import i18n
from workbench.hearing.audio import write_wav
from workbench.hearing.transcript import Transcript, Utterance
from workbench.intake.importers import SourceFile
from workbench.intake.proposal import Proposal, ProposedDocument
from workbench.service import Workbench

# Technical tokens a Chinese interface may show as they are: key names, file formats.
TECHNICAL = {"Ctrl", "Shift", "Alt", "Enter", "Del", "Esc", "PgUp", "PgDn", "Tab", "Home", "End",
             "Space", "PDF", "JPEG", "PNG", "TIFF", "ZIP", "CSV", "YYYY", "MM", "DD", "Word",
             "docx", "pdf", "jpg", "jpeg", "png", "tif", "tiff", "zip", "csv", "wav", "json"}
FILE_NAME = re.compile(r"[\w./\\-]+\.(?:pdf|png|jpe?g|tiff?|wav|docx|zip|json|csv|ini)\b", re.I)
PATH = re.compile(r"(?:/[\w.+-]+){2,}/?")
DSN = re.compile(r"postgres(?:ql)?://\S+")  # a court store's address, e.g. the connect placeholder
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff\u3001-\u303f\uff01-\uff5e]")  # not U+3000, a space
CASE_NUMBER = re.compile(r"（\d{4}）[\u3400-\u9fff\d]+号?")
# The language menu names each language in itself, so either UI offers both.
ENDONYMS = ("English", "中文")


def case_data(data_dir: Path) -> list[str]:
    """Every text the court's data holds (cases, parties, documents, events, pages), longest first:
    what the interface shows as data, in whatever language it was written."""
    out: set[str] = set()
    conn = sqlite3.connect(data_dir / "workbench.db")
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    skip = {"event_log", "settings", "_migrations"}
    for t in tables:
        if t in skip or t.startswith("sqlite_") or "fts" in t:
            continue
        cols = [c[1] for c in conn.execute(f'PRAGMA table_info("{t}")')]
        for row in conn.execute(f'SELECT * FROM "{t}"'):
            for col, v in zip(cols, row):
                if isinstance(v, str) and col not in ("kind", "category", "status", "role",
                                                      "procedure", "volume", "method", "state"):
                    out.update(_pieces(v))
    conn.close()
    # The court's own divisions (a court's names, like its judges').
    from workbench.tracking.alerts import load_rules
    out.update(load_rules().divisions.values())
    out.update(u.text for u in _transcript().utterances)
    return sorted((s for s in out if len(s) >= 2), key=len, reverse=True)


def _pieces(value: str) -> set[str]:
    """A stored text and, for JSON, each string inside it."""
    import json
    found = {value.strip()}
    if value[:1] in "[{":
        try:
            stack = [json.loads(value)]
        except ValueError:
            return found
        while stack:
            x = stack.pop()
            if isinstance(x, dict):
                stack.extend(x.values())
            elif isinstance(x, list):
                stack.extend(x)
            elif isinstance(x, str):
                found.add(x.strip())
    found.update(line.strip() for v in list(found) for line in v.splitlines())
    return {f for f in found if f}


# ----------------------------------------------------------------------------------------------
# Collecting what a person sees.

def _model_texts(model: QAbstractItemModel, parent: QModelIndex = QModelIndex(),
                 depth: int = 0) -> list[str]:
    out = []
    rows = model.rowCount(parent)
    try:
        cols = model.columnCount(parent)
    except TypeError:  # a list model
        cols = 1
    if depth == 0:
        for c in range(cols):
            out.append(model.headerData(c, Qt.Orientation.Horizontal))
            out.append(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole))
    # A file system model's names, sizes and dates are the user's files: only its file types
    # (column 2) are interface text.
    names_only = isinstance(model, QFileSystemModel)
    for r in range(min(rows, 40)):
        for c in range(cols):
            if names_only and c != 2:
                continue
            idx = model.index(r, c, parent)
            out.append(model.data(idx, Qt.ItemDataRole.DisplayRole))
            out.append(model.data(idx, Qt.ItemDataRole.ToolTipRole))
        if depth < 4 and not isinstance(model, QAbstractListModel):
            first = model.index(r, 0, parent)
            try:
                deeper = model.hasChildren(first)
            except TypeError:  # a flat model
                deeper = False
            if deeper:
                out += _model_texts(model, first, depth + 1)
    return [s for s in out if isinstance(s, str)]


def _action_texts(actions) -> list[str]:
    out = []
    for a in actions:
        out += [a.text().replace("&", ""), a.toolTip(), a.statusTip()]
        if a.menu() is not None:
            out += _action_texts(a.menu().actions())
    return out


def visible_texts() -> list[tuple[str, str]]:
    """(where, text) for everything a person can read in the open top-level windows."""
    seen: list[tuple[str, str]] = []

    def add(where: str, *texts) -> None:
        for t in texts:
            if isinstance(t, str) and t.strip():
                seen.append((where, t))

    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        add(f"{type(top).__name__}.windowTitle", top.windowTitle())
        if isinstance(top, QMainWindow):
            add("statusBar", top.statusBar().currentMessage())
            add("menuBar", *_action_texts(top.menuBar().actions()))
        if isinstance(top, QMessageBox):
            add("QMessageBox", top.text(), top.informativeText(), top.detailedText())
        widgets = [top] + top.findChildren(QWidget)
        for w in widgets:
            if not w.isVisible():
                continue
            name = f"{type(w).__name__}({w.objectName()})"
            add(name + ".toolTip", w.toolTip())
            if isinstance(w, QMenu):
                continue
            add(name + ".actions", *_action_texts(QWidget.actions(w)))
            if isinstance(w, QLabel):
                add(name, w.text())
            elif isinstance(w, QAbstractButton):
                add(name, w.text().replace("&", ""))
            elif isinstance(w, QLineEdit):
                add(name + ".placeholder", w.placeholderText())
            elif isinstance(w, (QPlainTextEdit, QTextEdit)):
                add(name + ".placeholder", w.placeholderText())
            elif isinstance(w, QComboBox):
                add(name, *(w.itemText(i) for i in range(w.count())))
            elif isinstance(w, QGroupBox):
                add(name, w.title())
            elif isinstance(w, QTabBar):
                for i in range(w.count()):
                    add(name, w.tabText(i), w.tabToolTip(i))
            elif isinstance(w, QAbstractItemView) and w.objectName() == "sidebar":
                continue  # QFileDialog's places: folder names
            elif isinstance(w, QAbstractItemView) and _lists_files(w.model()):
                continue  # a file dialog's listing: file names and their types are the user's files
            elif isinstance(w, QAbstractItemView) and w.model() is not None:
                add(name + ".model", *_model_texts(w.model()))
            chart = getattr(w, "chart", None)
            if callable(chart) and type(w).__name__ == "QChartView" and w.chart() is not None:
                c = w.chart()
                add(name + ".chart", c.title(), *(s.name() for s in c.series()))
                for axis in c.axes():
                    add(name + ".axis", axis.titleText(), *getattr(axis, "categories", list)())
                    for s in c.series():
                        add(name + ".set", *(b.label() for b in getattr(s, "barSets", list)()))
    return seen


def _lists_files(model) -> bool:
    while model is not None:
        if isinstance(model, QFileSystemModel):
            return True
        model = getattr(model, "sourceModel", lambda: None)()
    return False


def foreign(text: str, lang: str, data: list[str]) -> str | None:
    """The part of `text` in the other language, or None."""
    rest = CASE_NUMBER.sub(" ", DSN.sub(" ", text))
    for e in ENDONYMS:
        rest = rest.replace(e, " ")
    for d in data:
        if d in rest:
            rest = rest.replace(d, " ")
    if lang == "zh":
        rest = FILE_NAME.sub(" ", PATH.sub(" ", rest))
        words = [w for w in LATIN_WORD.findall(rest) if w not in TECHNICAL]
        return " ".join(words) or None
    hits = CJK.findall(rest)
    return "".join(hits) or None


# ----------------------------------------------------------------------------------------------
# Opening everything.


def _proposal(wb: Workbench, number: str) -> Proposal:
    """A batch as intake proposes it: classified and matched by the core, with its reasons."""
    from workbench.intake.classify import classify
    from workbench.intake.matching import PartyIndex, match_document
    names = [p.name for p in wb.case(number).parties]
    pages = [_page(f"scan#{i}", t) for i, t in enumerate(
        [f"民事起诉状\n{number}", f"授权委托书\n委托人 {names[0]}", "借条\n今借到人民币五万元",
         f"答辩状\n原告 {names[0]} 被告 {names[-1]}", "无题的一页"])]
    SCANNED.extend(t for p in pages for t in [p.source_name, *p.text.splitlines()])
    index = PartyIndex.load(wb.db.conn)
    docs = []
    for p in pages:
        c = classify([p])
        m = match_document(p.text, index)
        d = ProposedDocument([p], c.category, c.kind, c.title, c.confidence, m.case_number,
                             m.how, m.detail, list(m.candidates), reasons=list(c.reasons))
        d.proposed_category = d.category
        SCANNED.extend([d.title, d.kind])
        docs.append(d)
    return Proposal(documents=docs,
                    files={"f" * 64: SourceFile(None, "scan.png", "f" * 64, "png", b"", pages)})


def _transcript() -> Transcript:
    return Transcript([Utterance(0.5, 2.5, "现在开庭", "judge", 0),
                       Utterance(3.0, 5.5, "原告请求归还借款", "plaintiff", 1),
                       Utterance(6.0, 7.5, "被告无异议", None, None)],
                      10.0, "zh", "test", 2, ["judge", "plaintiff"])


# What the test itself types or scans: data, shown back as the user wrote it.
TYPED = ["（2026）苏0583民初", "十万块", "五万元整 abc"]
SCANNED: list[str] = []


def walk_everything(open_window, demo_dir: Path, tmp_path: Path, qtbot,
                    court=None) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    w = open_window(demo_dir, synchronous=True)
    w.resize(1400, 860)
    qtbot.wait(50)
    seen += visible_texts()                                    # main window, case list

    with Workbench.open(demo_dir) as wb:
        rows = wb.list_cases(limit=100)
        heard = next(r.number for r in rows if r.status == "heard")
        archived = next((r.number for r in rows if r.status == "archived"), None)
    view = w.open_case(heard)                                  # case view, catalogue, pages
    view.select_first_document()
    qtbot.wait(50)
    for i in range(view.side.count()):
        view.side.setCurrentIndex(i)
        qtbot.wait(10)
        seen += visible_texts()

    w.tabs.setCurrentIndex(0)                                  # record-event and new-case dialogs
    w.open_case(heard)
    dlg = w.record_event()
    if dlg is not None:
        for i in range(dlg.kind.count()):
            dlg.kind.setCurrentIndex(i)
            seen += visible_texts()
        dlg.reject()
    dlg = w.new_case()
    dlg.number.setText("（2026）苏0583民初")                   # an invalid number: its message
    dlg.amount.setText("十万块") if hasattr(dlg, "amount") else None
    qtbot.wait(10)
    seen += visible_texts()
    if hasattr(dlg, "problems"):
        seen += [("NewCaseDialog.problems", p) for p in dlg.problems()]
    dlg.reject()

    def bad_amount(progress, cancel):                           # a core UserError in a message box
        from workbench.law.money import parse_amount
        return parse_amount("五万元整 abc")

    w.runner.run(bad_amount, title=i18n.tr("生成裁判文书"))
    qtbot.wait(10)
    seen += visible_texts()
    for box in [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox)]:
        box.close()
    if archived is not None:                                    # a refusal from the service
        def on_archived(progress, cancel):
            with Workbench.open(demo_dir) as wb2:
                case = wb2.case(archived)
                wb2.record_event(case.number, "hearing", case.filed_on)
        w.runner.run(on_archived, title=i18n.tr("记录事件"))
        qtbot.wait(10)
        seen += visible_texts()
        for box in [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox)]:
            box.close()

    drafting = w.open_drafting(heard)                          # drafting view with findings
    qtbot.wait(50)
    seen += visible_texts()
    if hasattr(drafting, "check"):
        drafting.check()
        seen += visible_texts()
    w.tabs.setCurrentWidget(drafting)

    intake = w.open_intake()                                   # cataloguing, empty then a batch
    seen += visible_texts()
    with Workbench.open(demo_dir) as wb:
        intake.set_proposal(_proposal(wb, heard))
    for row in range(intake.model.rowCount()):
        intake._go(row)
        qtbot.wait(10)
        seen += visible_texts()

    rate = 16000                                               # courtroom: record editor
    t = np.arange(rate * 10) / rate
    tone = (0.2 * np.sin(2 * np.pi * 330 * t) * 32767).astype(np.int16)
    wav = write_wav(tmp_path / "hearing.wav", np.stack([tone, tone], 1), rate) or tmp_path / "hearing.wav"
    w.open_case(heard)
    editor = w.courtroom.open_editor(heard, _transcript(), tmp_path / "hearing.wav")
    qtbot.wait(50)
    seen += visible_texts()
    editor.player.stop()
    w.open_case(heard)
    display = w.courtroom.show_evidence()                      # evidence display
    qtbot.wait(20)
    seen += visible_texts()
    if display is not None and display.exhibits:
        assert display.show_exhibit(0)
        qtbot.wait(20)
        seen += visible_texts()
    if display is not None:
        display.close()

    w.open_dashboard()                                         # dashboard
    qtbot.wait(50)
    seen += visible_texts()

    files = QFileDialog(w, i18n.tr("导入扫描件"), str(tmp_path))  # Qt's own file dialog
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    files.show()
    qtbot.wait(50)
    seen += visible_texts()
    files.close()

    w.queues.act_service.trigger()                             # the service queue
    qtbot.wait(20)
    seen += visible_texts()
    w.queues.act_preservation.trigger()                        # the preservation queue
    qtbot.wait(20)
    seen += visible_texts()
    dlg = w.court.open_connect()                               # not connected yet
    qtbot.wait(20)
    seen += visible_texts()
    dlg.reject()
    if court is not None:
        seen += walk_court(w, demo_dir, court, qtbot)
    _ = wav
    return seen


def walk_court(w, demo_dir: Path, court, qtbot) -> list[tuple[str, str]]:
    """Connected to a real court store holding two demo cases: the state in the status bar, the
    connect dialog, the users-and-assignment page and the court-wide figures."""
    from workbench.court import sync
    from workbench.store.court import admin
    with Workbench.open(demo_dir) as wb:                       # the filing desk brings two cases
        sync.connect_desk(demo_dir, court.dsn, "fang", "pw-fang")
        numbers = [r.number for r in wb.list_cases(limit=100) if r.status != "archived"][:2]
        sync.checkout(wb, numbers)
    with court.conn("boss") as conn:                           # the court's people: data
        SCANNED.extend([court.dsn, court.db, *(u.name for u in admin.list_users(conn))])
    dlg = w.court.open_connect()                               # the administrator connects
    dlg.dsn.setText(court.dsn)
    dlg.user.setText("boss")
    dlg.password.setText("pw-boss")
    dlg.connect_button.click()
    assert w.court.connected and w.court.desk.role == "admin"
    seen = visible_texts()
    dlg.reject()
    w.court.act_users.trigger()
    qtbot.wait(20)
    seen += visible_texts()
    w.court.act_figures.trigger()
    qtbot.wait(20)
    seen += visible_texts()
    assert w.court.label.text().startswith(i18n.tr("已连接 {who}", who="boss@"))
    return seen


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_view_speaks_one_language(lang, open_window, demo_dir, tmp_path, qtbot, qapp, court):
    i18n.set_language(lang)
    i18n.install_qt_translations(qapp, lang)
    try:
        seen = walk_everything(open_window, demo_dir, tmp_path, qtbot, court)
    finally:
        i18n.install_qt_translations(qapp, "zh")
    data = sorted(set(case_data(demo_dir)) | set(TYPED) | {s for s in SCANNED if s},
                  key=len, reverse=True)
    assert len(seen) > 300, "the walk must have seen the views"
    bad = sorted({(where, text, f) for where, text in seen
                  if (f := foreign(text, lang, data)) is not None})
    report = "\n".join(f"{where}: {text!r} -> {f!r}" for where, text, f in bad[:80])
    assert not bad, f"{len(bad)} texts in the other language:\n{report}"

"""One open case: catalogue tree | page viewer | facts and timeline, with its own actions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
                               QPushButton, QSplitter, QTabWidget, QTreeView, QVBoxLayout, QWidget)

from models.catalogue import CatalogueModel, DocumentIdRole, VolumeRole
from models.timeline import TimelineModel
from workbench.efile.catalogue import VOLUME_EN, CatalogueEntry
from workbench.service import Workbench

from ..i18n import core, language, tr
from ..task_runner import TaskRunner, show_message
from .facts import FactsPanel, TimelinePanel, status_label
from .page_viewer import PageViewer


def show_verify_result(parent: QWidget | None, report: Any, number: str | None) -> QMessageBox:
    scope = number or tr("全部案件")
    if report.ok:
        text = tr("{scope}：完好。{cases} 件案件，{entries} 条日志，{blobs} 个文件均已核对。",
                  scope=scope, cases=report.cases, entries=report.entries, blobs=report.blobs)
        return show_message(parent, tr("校验"), text)
    shown = [core(p) for p in report.problems[:30]]
    text = tr("{scope}：发现 {n} 处问题。", scope=scope, n=len(report.problems)) + "\n\n" + "\n".join(shown)
    if len(report.problems) > len(shown):
        text += "\n" + tr("（另有 {n} 处）", n=len(report.problems) - len(shown))
    return show_message(parent, tr("校验"), text, QMessageBox.Icon.Critical)


def export_file_name(number: str, volume: str) -> str:
    # Keep the canonical number readable in the file name; only path separators must go.
    return re.sub(r'[\\/:*?"<>|]', "_", f"{number}{volume}") + ".pdf"


class CaseView(QWidget):
    changed = Signal()  # the case file changed (an event was recorded)
    record_requested = Signal()
    draft_requested = Signal()  # 生成裁判文书: the window opens the side-by-side drafting view

    def __init__(self, wb: Workbench, number: str, runner: TaskRunner, data_dir: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wb = wb
        self.runner = runner
        self.data_dir = Path(data_dir)
        self.case = wb.case(number)
        self.number = self.case.number
        self.last_export: Any = None
        self._shown: int | None = None
        lang = language()

        self.header = QLabel()
        self.header.setObjectName("caseHeader")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.btn_event = QPushButton(tr("记录事件"))
        self.btn_export = QPushButton(tr("导出本卷"))
        self.btn_verify = QPushButton(tr("校验"))
        self.btn_draft = QPushButton(tr("生成裁判文书"))
        self.btn_draft.setObjectName("draftJudgment")
        self.btn_draft.setToolTip(tr("一键生成判决书草稿，左看右写 (Ctrl+J)"))
        self.btn_draft.clicked.connect(lambda: self.draft_requested.emit())
        self.btn_event.clicked.connect(lambda: self.record_requested.emit())
        self.btn_export.clicked.connect(lambda: self.export_volume())
        self.btn_verify.clicked.connect(self.verify)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        for b in (self.btn_event, self.btn_draft, self.btn_export, self.btn_verify):
            top.addWidget(b)

        self.catalogue = CatalogueModel(wb, self.case.id, lang=lang, parent=self)
        self.tree = QTreeView()
        self.tree.setObjectName("catalogueTree")
        self.tree.setModel(self.catalogue)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QTreeView.SelectionMode.ExtendedSelection)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the font, not ResizeToContents: that asks every row of the catalogue
        # for its size on each layout, thousands of calls on the GUI thread for a large file.
        fm = self.tree.fontMetrics()
        for col, sample in ((1, "0000–0000"), (2, "2026-12-31")):
            self.tree.header().setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.tree.header().resizeSection(col, fm.horizontalAdvance(sample) + 16)
        self.tree.selectionModel().currentChanged.connect(self._on_current)

        self.viewer = PageViewer()
        self.facts = FactsPanel()
        self.timeline = TimelineModel(wb, self.case.id, lang=lang, parent=self)
        self.side = QTabWidget()
        self.side.addTab(self.facts, tr("案件信息"))
        self.side.addTab(TimelinePanel(self.timeline), tr("时间线"))

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.viewer)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([380, 700, 360])
        self.splitter.setChildrenCollapsible(False)
        self._user_split = False
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_user_split", True))

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.splitter, 1)
        self._add_shortcuts()
        self._show_header()
        self.facts.show_case(self.case)
        self._expand()
        self.select_first_document()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Share the width in proportion (catalogue : pages : facts = 26 : 49 : 25) until the
        # user drags a splitter, so a 1280-pixel screen is not cramped by 1440 pixels of panes.
        super().resizeEvent(event)
        if not self._user_split:
            w = max(self.splitter.width(), 600)
            self.splitter.setSizes([w * 26 // 100, w * 49 // 100, w * 25 // 100])

    def _add_shortcuts(self) -> None:
        # Scoped to this tab, so several open cases do not fight over the same keys.
        for keys, slot in (((QKeySequence.StandardKey.ZoomIn, "Ctrl+="), self.viewer.zoom_in),
                           ((QKeySequence.StandardKey.ZoomOut,), self.viewer.zoom_out),
                           (("Ctrl+0",), self.viewer.fit_width),
                           (("PgUp",), self.viewer.previous_page),
                           (("PgDown",), self.viewer.next_page)):
            act = QAction(self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)

    def _update_buttons(self) -> None:
        """An archived case is read-only: what would write to it is greyed out, saying why."""
        archived = self.case.status == "archived"
        for b, tip in ((self.btn_event, ""), (self.btn_draft,
                                              tr("一键生成判决书草稿，左看右写 (Ctrl+J)"))):
            b.setEnabled(not archived)
            b.setToolTip(tr("{number} 已归档，只读：不能{action}", number=self.number,
                            action=b.text()) if archived else tip)

    def _show_header(self) -> None:
        self._update_buttons()
        c = self.case
        self.header.setText(f"{c.number}    {c.cause}    {c.names('plaintiff')} — "
                            f"{c.names('defendant')}    {status_label(c.status)}")

    def _expand(self) -> None:
        self.tree.expandAll()

    # ---- documents ---------------------------------------------------------------------------
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        doc_id = current.siblingAtColumn(0).data(DocumentIdRole) if current.isValid() else None
        if doc_id is not None:
            self.show_document(doc_id)

    def show_document(self, document_id: int) -> None:
        entry = next((e for e in self.catalogue.entries() if e.document_id == document_id), None)
        if entry is None:
            return
        if document_id == self._shown and self.viewer.page_count:
            return  # already on screen (selecting it in the tree asks a second time)
        self._shown = document_id
        # One blob read from the local store, no rendering: fine on the GUI thread.
        pdf = self.wb.document_pdf(document_id)
        volume = VOLUME_EN[entry.volume] if language() == "en" else entry.volume
        self.viewer.show_pdf(pdf, entry.first_page, f"{volume} · {entry.seq}. {entry.title}")

    def current_entry(self) -> CatalogueEntry | None:
        return self.catalogue.entry(self.tree.currentIndex().siblingAtColumn(0))

    def select_first_document(self) -> None:
        entries = self.catalogue.entries("正卷") or self.catalogue.entries()
        if entries:
            self.select_documents([entries[0].document_id])
        else:
            self.viewer.clear()

    def select_documents(self, ids: list[int]) -> None:
        """Select these documents in the tree and show the first."""
        sel = QItemSelection()
        first = QModelIndex()
        for doc_id in ids:
            idx = self.catalogue.index_of_document(doc_id)
            if idx.isValid():
                sel.select(idx, idx.siblingAtColumn(2))
                if not first.isValid():
                    first = idx
        if not first.isValid():
            return
        sm = self.tree.selectionModel()
        sm.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        sm.select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.tree.scrollTo(first)
        self.show_document(first.data(DocumentIdRole))

    def selected_document_ids(self) -> list[int]:
        return [i.data(DocumentIdRole) for i in self.tree.selectionModel().selectedRows(0)
                if i.data(DocumentIdRole) is not None]

    # ---- changes -----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.case = self.wb.case(self.case.id)
        self.catalogue.refresh()
        self.timeline.refresh()
        self.facts.show_case(self.case)
        self._show_header()
        self._expand()

    def on_event_recorded(self, document_ids: list[int]) -> None:
        self.refresh()
        if document_ids:
            self.select_documents(document_ids)
        else:
            self.select_first_document()
        self.changed.emit()

    def current_volume(self) -> str:
        idx = self.tree.currentIndex()
        return (idx.data(VolumeRole) if idx.isValid() else None) or "正卷"

    def export_volume(self, volume: str | None = None, path: str | Path | None = None) -> None:
        """Export a volume as one PDF (asks where unless `path` is given), in the background."""
        volume = volume or self.current_volume()
        if path is None:
            suggested = self.data_dir / "exports" / export_file_name(self.number, volume)
            suggested.parent.mkdir(parents=True, exist_ok=True)
            chosen, _ = QFileDialog.getSaveFileName(self, tr("导出本卷"), str(suggested),
                                                    tr("PDF 文件 (*.pdf)"))
            if not chosen:
                return
            path = chosen
        out = Path(path)
        if out.suffix.lower() != ".pdf":
            out = out.with_suffix(".pdf")
        data_dir, number = self.data_dir, self.number

        def work(progress, cancel):
            with Workbench(data_dir) as wb:
                return wb.export_volume(number, volume, out, progress=progress, cancel=cancel)

        label = VOLUME_EN[volume] if language() == "en" else volume

        def done(result: Any) -> None:
            self.last_export = result
            show_message(self, tr("导出本卷"),
                         tr("{volume}已导出到：\n{path}\n共 {pages} 页。", volume=label,
                            path=str(result.path), pages=result.total_pages))

        self.runner.submit(work, title=tr("正在导出{volume}…", volume=label), on_done=done)

    def verify(self) -> None:
        data_dir, number = self.data_dir, self.number

        def work(progress, cancel):
            with Workbench(data_dir) as wb:
                return wb.verify(number, progress=progress, cancel=cancel)

        self.runner.submit(work, title=tr("正在校验…"),
                           on_done=lambda rep: show_verify_result(self, rep, number))

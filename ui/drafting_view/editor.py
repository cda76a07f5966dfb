"""“左看右写”: the case's e-file text on the left, the draft judgment on the right.

生成裁判文书 builds the draft from the case in one click; Ctrl+Shift+C copies the selection on the
left into the draft at the cursor; 检查 runs the document checker and highlights each finding in
the draft; Ctrl+S writes the .docx and files the PDF in the e-file.

The widget is standalone: slow work goes through the task runner it is given, where `fn(progress, cancel)` runs off the GUI thread and opens its own Workbench (a
SQLite connection belongs to one thread). Each paragraph's section of the judgment form is kept in
its block format, which Qt copies to the new block when the judge presses Enter, so paragraphs
the judge adds stay in their section.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (QColor, QFont, QKeySequence, QShortcut, QTextBlockFormat, QTextCharFormat,
                           QTextCursor)
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QSplitter, QTabWidget,
                               QTextEdit, QVBoxLayout, QWidget)

from workbench.drafting.document import Draft, Paragraph

from ..i18n import core, tr
from ..task_runner import TaskRunner
from .elements_form import ElementsForm

SECTION_PROP = QTextBlockFormat.Property.UserProperty + 1
STYLE_PROP = QTextBlockFormat.Property.UserProperty + 2
PARA_PROP = QTextBlockFormat.Property.UserProperty + 3  # the draft paragraph a block came from
ERROR_COLOUR, WARNING_COLOUR = QColor("#ffb3b3"), QColor("#fff0a0")
FindingRole = Qt.ItemDataRole.UserRole + 1


def _open(data_dir: Path):
    from workbench.service import Workbench
    return Workbench(Path(data_dir))


def _where(src: dict) -> str:
    """起诉状第1页 in Chinese; the document's own title (case data) and page in English."""
    from ..i18n import language
    name = src.get("name") if language() == "zh" else src.get("title")
    name = name or src.get("title") or ""
    return tr("{title}第{page}页", title=name, page=src["page"]) if src.get("page") else name


class DraftingView(QWidget):
    draft_ready = Signal()
    checked = Signal(int)  # number of findings
    saved = Signal(str)  # the .docx path
    failed = Signal(str)
    elements_loaded = Signal()

    def __init__(self, data_dir: Path | str, number: str, runner: TaskRunner,
                 parent: QWidget | None = None, *, save_path: Path | str | None = None,
                 autosave: Any = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.number = number
        self.runner = runner
        self.autosave = autosave  # ui.unsaved.AutosaveStore, or None
        self._restore: dict[str, Any] | None = None
        # Asked before filing a draft the checker has findings on; tests answer it.
        self.confirm_findings: Callable[[list[Any]], bool] = self._confirm_findings
        self.save_path = Path(save_path) if save_path else None
        self.case: Any = None
        self.draft: Draft | None = None
        self.findings: list[Any] = []
        self._block_of: list[int] = []  # paragraph index → block number in the editor

        self.btn_generate = QPushButton(tr("生成裁判文书"))
        self.btn_generate.setObjectName("generateButton")
        self.btn_check = QPushButton(tr("检查"))
        self.btn_check.setObjectName("checkButton")
        self.btn_save = QPushButton(tr("保存"))
        self.btn_save.setObjectName("saveButton")
        self.issued = QCheckBox(tr("已签发（归入正卷）"))
        self.status = QLabel()
        self.status.setObjectName("draftStatus")
        top = QHBoxLayout()
        for w in (self.btn_generate, self.btn_check, self.btn_save, self.issued):
            top.addWidget(w)
        top.addWidget(self.status, 1)

        self.efile = QPlainTextEdit()
        self.efile.setObjectName("efileText")
        self.efile.setReadOnly(True)
        self.texts: Any = None  # workbench.drafting.filing.EfileText, once loaded
        self.elements = ElementsForm()
        self.elements.source_clicked.connect(self.show_source)
        self.elements.confirm_requested.connect(self.confirm_elements)
        # Where the fact under the cursor in the draft stands in the file (click to see it).
        self.source_label = QLabel()
        self.source_label.setObjectName("draftSource")
        self.source_label.setWordWrap(True)
        self.left = QTabWidget()
        self.left.addTab(self.efile, tr("卷宗材料"))
        self.left.addTab(self.elements, tr("案件要素"))
        self.editor = QTextEdit()
        self.editor.setObjectName("draftEdit")
        self.editor.setAcceptRichText(False)
        self.editor.setFont(QFont(["FangSong", "仿宋", "AR PL UMing CN", "Noto Serif CJK SC"], 14))
        self.findings_list = QListWidget()
        self.findings_list.setObjectName("findingsList")
        self.findings_list.itemActivated.connect(self._go_to_finding)
        self.findings_list.itemClicked.connect(self._go_to_finding)
        self.editor.cursorPositionChanged.connect(self._cursor_moved)
        self.editor.viewport().installEventFilter(self)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.editor)
        right.addWidget(self.source_label)
        right.addWidget(self.findings_list)
        right.setSizes([600, 140])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(right)
        self.splitter.setSizes([500, 700])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.splitter, 1)

        self.btn_generate.clicked.connect(self.generate)
        self.btn_check.clicked.connect(self.check)
        self.btn_save.clicked.connect(lambda: self.save())
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (("Ctrl+Shift+C", self.copy_across), ("Ctrl+S", lambda: self.save()),
                           ("F4", self.show_source_here)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(ctx)
            sc.activated.connect(slot)
        self.load_efile()

    # -- background work ---------------------------------------------------------------------
    def _error(self, e: BaseException) -> bool:
        self.status.setText(core(e))
        self.failed.emit(core(e))
        return False  # let the runner report it the one way errors are reported

    def load_efile(self) -> None:
        data_dir, number = self.data_dir, self.number

        def work(progress=None, cancel=None):
            from workbench.drafting.extract import file_elements
            from workbench.drafting.filing import efile_text
            with _open(data_dir) as wb:
                case = wb.case(number)
                texts = efile_text(wb, case.id, progress=progress, cancel=cancel)
            return (case, texts, *file_elements(case, texts.file))

        self.runner.submit(work, on_done=self._efile_loaded, on_error=self._error)

    def _efile_loaded(self, result: Any) -> None:
        self.case, texts, elements, states = result
        self.texts = texts
        self.efile.setPlainText(texts.text or tr("（卷宗中尚无可读取文字的材料）"))
        self.elements.show_elements(self.case, elements, states)
        self.elements_loaded.emit()

    def confirm_elements(self, values: dict, sources: dict) -> None:
        """Record the judge's confirmation through the service, then read the file again."""
        data_dir, number = self.data_dir, self.number

        def work(progress=None, cancel=None):
            with _open(data_dir) as wb:
                return wb.confirm_elements(number, values, sources=sources)

        def done(n: int) -> None:
            self.status.setText(tr("已确认 {n} 项要素", n=n))
            self.load_efile()

        self.runner.submit(work, title=tr("确认要素"), on_done=done, on_error=self._error)

    # -- sources -------------------------------------------------------------------------------
    def show_source(self, src: dict) -> None:
        """Show a source's page on the left: the e-file text at that page, its sentence selected."""
        self.left.setCurrentWidget(self.efile)
        self.status.setText(tr("来源：{s}", s=_where(src)))
        if self.texts is None or src.get("document_id") is None:
            return
        start = self.texts.offset(src["document_id"], src.get("page") or 1)
        if start is None:
            return
        doc = self.efile.document()
        cur = QTextCursor(doc)
        cur.setPosition(min(start, max(0, doc.characterCount() - 1)))
        quote = (src.get("quote") or "").strip()
        found = doc.find(quote[:40], cur) if quote else QTextCursor()
        if not found.isNull() and found.position() - start < 4000:
            cur = found
        self.efile.setTextCursor(cur)
        self.efile.centerCursor()
        self.shown_source = src

    def _sources_here(self) -> list[dict]:
        if self.draft is None:
            return []
        cur = self.editor.textCursor()
        fmt = cur.block().blockFormat()
        if not fmt.hasProperty(PARA_PROP):
            return []
        i = fmt.intProperty(PARA_PROP)
        if not 0 <= i < len(self.draft.paragraphs):
            return []
        block = cur.block()
        lead = len(block.text()) - len(block.text().lstrip())
        return self.draft.paragraphs[i].sources_at(cur.positionInBlock() - lead)

    def _cursor_moved(self) -> None:
        refs = self._sources_here()
        if not refs:
            self.source_label.setText("")
            return
        names = "、".join(dict.fromkeys(_where(r) for r in refs))
        self.source_label.setText(tr("此处依据：{s}", s=names))

    def show_source_here(self) -> None:
        """The source of the fact under the cursor, on the left (a click in the draft, or F4)."""
        refs = self._sources_here()
        if refs:
            self.show_source(refs[0])

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        from PySide6.QtCore import QEvent
        if watched is self.editor.viewport() and event.type() == QEvent.Type.MouseButtonRelease:
            self.show_source_here()
        return super().eventFilter(watched, event)

    def generate(self) -> None:
        """One click: the whole draft from the case, its e-file and the element form."""
        data_dir, number = self.data_dir, self.number
        changed = self.elements.edited() if self.case is not None else {}
        self.status.setText(tr("正在生成…"))

        def work(progress=None, cancel=None):
            from workbench.drafting.filing import efile_text
            from workbench.drafting.judgment import build_judgment
            with _open(data_dir) as wb:
                case = wb.case(number)
                texts = efile_text(wb, case.id, progress=progress, cancel=cancel)
            # What the judge typed into the form is the judge's finding for this draft (saved
            # to the case only by 确认所选要素).
            case.elements.update(changed)
            found = case.extra.setdefault("confirmed_elements", {})
            for key in changed:
                found.setdefault(key, {"at": "", "sources": []})
            draft = build_judgment(case, file=texts.file)
            return case, texts, draft

        self.runner.submit(work, title=tr("生成裁判文书"), on_done=self._generated,
                           on_error=self._error)

    def _generated(self, result: Any) -> None:
        self.case, texts, self.draft = result
        self.texts = texts
        if not self.efile.toPlainText().strip():
            self.efile.setPlainText(texts.text)
        self.show_draft(self.draft)
        if self._restore is not None:  # the judge's unsaved text from before, not a fresh draft
            restored, self._restore = self._restore, None
            from dataclasses import replace
            self.show_draft(replace(self.draft, paragraphs=[
                Paragraph(sec, text, style) for sec, text, style in restored["paragraphs"]]))
            self.issued.setChecked(bool(restored.get("issued")))
            self.editor.document().setModified(True)
            self.status.setText(tr("已恢复未保存的草稿（{at}）",
                                   at=str(restored.get("saved_at", "")).replace("T", " ")))
            self.draft_ready.emit()
            return
        n = len(self.draft.issues) + len(self.draft.gaps)
        self.status.setText(tr("已生成裁判文书草稿") + (tr("，{n} 处需补充或核对", n=n) if n else ""))
        self.draft_ready.emit()

    # -- the editor ----------------------------------------------------------------------------
    def show_draft(self, draft: Draft) -> None:
        self.editor.clear()
        cur = self.editor.textCursor()
        for i, p in enumerate(draft.paragraphs):
            fmt, chars = self._formats(p)
            fmt.setProperty(PARA_PROP, i)
            if i == 0:
                cur.setBlockFormat(fmt)
                cur.setBlockCharFormat(chars)
            else:
                cur.insertBlock(fmt, chars)
            cur.insertText(p.text, chars)
        self.editor.moveCursor(QTextCursor.MoveOperation.Start)
        self._clear_findings()
        self.editor.document().setModified(False)

    @staticmethod
    def _formats(p: Paragraph) -> tuple[QTextBlockFormat, QTextCharFormat]:
        fmt, chars = QTextBlockFormat(), QTextCharFormat()
        fmt.setProperty(SECTION_PROP, p.section)
        fmt.setProperty(STYLE_PROP, p.style)
        if p.style in ("court", "title"):
            fmt.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            chars.setFontPointSize(18)
            chars.setFontWeight(QFont.Weight.Bold)
        elif p.style in ("number", "signature", "date", "clerk"):
            fmt.setAlignment(Qt.AlignmentFlag.AlignRight)
        else:
            fmt.setAlignment(Qt.AlignmentFlag.AlignJustify)
            fmt.setTextIndent(28)
        return fmt, chars

    def paragraphs(self) -> list[Paragraph]:
        """The draft as the judge has it now: one paragraph per non-empty block, with sections."""
        out: list[Paragraph] = []
        self._block_of = []
        section, style = "title", "body"
        block = self.editor.document().begin()
        while block.isValid():
            fmt = block.blockFormat()
            if fmt.hasProperty(SECTION_PROP):
                section, style = fmt.stringProperty(SECTION_PROP), fmt.stringProperty(STYLE_PROP)
            text = block.text().strip()
            if text:
                out.append(Paragraph(section, text, style or "body"))
                self._block_of.append(block.blockNumber())
            block = block.next()
        return out

    def copy_across(self) -> None:
        """Ctrl+Shift+C: what is selected on the left goes into the draft at the cursor."""
        text = self.efile.textCursor().selectedText().replace("\u2029", "\n").strip()
        if not text:
            self.status.setText(tr("请先在左侧选中要引用的文字"))
            return
        self.editor.textCursor().insertText(text)
        self.editor.setFocus()

    # -- the checker ---------------------------------------------------------------------------
    def check(self) -> None:
        if self.case is None:
            self.status.setText(tr("请先生成裁判文书"))
            return
        paras, case = self.paragraphs(), self.case

        def work(progress=None, cancel=None):
            from workbench.drafting.checker import check_document
            return check_document(paras, case)

        self.runner.submit(work, title=tr("检查"), on_done=self._checked, on_error=self._error)

    def _checked(self, findings: list[Any]) -> None:
        self.findings = findings
        self.findings_list.clear()
        selections = []
        doc = self.editor.document()
        for f in findings:
            loc = f.location
            where = ""
            if loc is not None and loc.paragraph < len(self._block_of):
                block = doc.findBlockByNumber(self._block_of[loc.paragraph])
                lead = len(block.text()) - len(block.text().lstrip())
                sel = QTextEdit.ExtraSelection()
                sel.cursor = QTextCursor(block)
                sel.cursor.setPosition(block.position() + lead + loc.start)
                end = min(loc.end, len(block.text()) - lead)
                sel.cursor.setPosition(block.position() + lead + max(end, loc.start + 1),
                                       QTextCursor.MoveMode.KeepAnchor)
                sel.format.setBackground(ERROR_COLOUR if f.severity == "error" else WARNING_COLOUR)
                selections.append(sel)
                where = tr("第{n}段", n=loc.paragraph + 1) + "  "
            item = QListWidgetItem(f"{'✖' if f.severity == 'error' else '⚠'} {where}{core(f)}")
            item.setToolTip(core(f))
            item.setData(FindingRole, f)
            self.findings_list.addItem(item)
        self.editor.setExtraSelections(selections)
        self.status.setText(tr("检查完毕，未发现问题") if not findings
                            else tr("检查发现 {n} 处问题", n=len(findings)))
        self.checked.emit(len(findings))

    def _clear_findings(self) -> None:
        self.findings = []
        self.findings_list.clear()
        self.editor.setExtraSelections([])

    def _go_to_finding(self, item: QListWidgetItem) -> None:
        f = item.data(FindingRole)
        loc = getattr(f, "location", None)
        if loc is None or loc.paragraph >= len(self._block_of):
            return
        block = self.editor.document().findBlockByNumber(self._block_of[loc.paragraph])
        cur = QTextCursor(block)
        cur.setPosition(block.position() + loc.start)
        self.editor.setTextCursor(cur)
        self.editor.ensureCursorVisible()
        self.editor.setFocus()

    # -- unsaved work (see ui/unsaved.py) ------------------------------------------------------
    def has_unsaved(self) -> bool:
        return self.draft is not None and self.editor.document().isModified()

    def unsaved_title(self) -> str:
        return tr("文书 {number}", number=self.number)

    def autosave_key(self) -> str:
        from ..unsaved import key_for
        return key_for("draft", self.number)

    def aside(self) -> dict[str, Any]:
        return {"kind": "draft", "case": self.number, "issued": self.issued.isChecked(),
                "paragraphs": [[p.section, p.text, p.style] for p in self.paragraphs()]}

    def restore(self, payload: dict[str, Any]) -> None:
        """Show this saved-aside text once the draft has been built (generate())."""
        self._restore = payload

    def discard_aside(self) -> None:
        if self.autosave is not None:
            self.autosave.discard(self.autosave_key())

    # -- saving --------------------------------------------------------------------------------
    def _confirm_findings(self, findings: list[Any]) -> bool:
        from PySide6.QtWidgets import QMessageBox
        errors = sum(1 for f in findings if f.severity == "error")
        box = QMessageBox(QMessageBox.Icon.Warning, tr("检查发现问题"),
                          tr("检查发现 {n} 处问题（其中 {e} 处错误），仍要保存并归档吗？",
                             n=len(findings), e=errors), QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("findingsPrompt")
        box.setDetailedText("\n".join(f.zh for f in findings))
        go = box.addButton(tr("仍然保存"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(tr("返回修改"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.exec()
        return box.clickedButton() is go

    def save(self, path: Path | str | None = None) -> None:
        """Ctrl+S: check the draft; with findings, show them and ask; then write the .docx
        where the judge wants it and file the PDF in the e-file."""
        if self.draft is None:
            self.status.setText(tr("请先生成裁判文书"))
            return
        paras, case = self.paragraphs(), self.case

        def work(progress=None, cancel=None):
            from workbench.drafting.checker import check_document
            return check_document(paras, case)

        def checked(findings: list[Any]) -> None:
            self._checked(findings)
            if findings and not self.confirm_findings(findings):
                self.status.setText(tr("未保存：请先处理检查发现的问题"))
                return
            self._write(path)

        self.runner.submit(work, title=tr("检查"), on_done=checked, on_error=self._error)

    def _write(self, path: Path | str | None = None) -> None:
        target = Path(path) if path else self.save_path
        if target is None:
            from ..file_dialogs import start_folder
            # In the user's documents, not wherever the program was started from.
            suggested = Path(start_folder(None)) / f"{self.number}民事判决书.docx"
            name, _ = QFileDialog.getSaveFileName(self, tr("保存裁判文书"), str(suggested),
                                                  "Word (*.docx)")
            if not name:
                return
            target = Path(name)
        self.save_path = target
        paras, draft, issued = self.paragraphs(), self.draft, self.issued.isChecked()
        data_dir, number = self.data_dir, self.number

        def work(progress=None, cancel=None):
            from dataclasses import replace

            from workbench.drafting.docx_writer import write_docx
            from workbench.drafting.filing import file_draft
            from workbench.drafting.judgment_pdf import render_draft_pdf
            edited = replace(draft, paragraphs=paras)
            write_docx(edited, target)
            pdf = render_draft_pdf(edited)
            with _open(data_dir) as wb:
                doc_id = file_draft(wb, number, pdf, issued=issued, on=draft.judgment_date)
            return str(target), doc_id

        self.runner.submit(work, title=tr("保存"), on_done=self._saved, on_error=self._error)

    def _saved(self, result: Any) -> None:
        path, _doc_id = result
        self.editor.document().setModified(False)
        self.discard_aside()
        where = tr("正卷") if self.issued.isChecked() else tr("副卷")
        self.status.setText(tr("已保存 {path}，PDF 已归入{where}", path=path, where=where))
        self.saved.emit(path)

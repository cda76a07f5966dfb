"""The cataloguing view: a page strip and a large page, driven from the keyboard.

Enter accepts the current document and moves to the next one needing the clerk; 1–9 set its
category; S splits at the current page, M merges the document into the one before, R rotates the
page, Delete drops it, C moves the document to another case; ←/→ move by page, PgUp/PgDn by
document; Ctrl+Z / Ctrl+Shift+Z undo and redo every one of these. Ctrl+Return files what was
accepted (filing writes the hash chain and is not undone here). Ctrl+F goes to the search box,
which searches every page of every case.

Edits are QUndoCommands over the core's proposal functions (workbench/intake/proposal.py), so
the view holds no cataloguing logic of its own. Slow work (reading a batch, filing) goes through
the task runner given to the constructor, `fn(progress, cancel)` opening its own Workbench in
the worker thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPixmap, QUndoCommand, QUndoStack
from shiboken6 import isValid
from PySide6.QtWidgets import (QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListView, QPushButton,
                               QListWidget, QListWidgetItem, QScrollArea, QSplitter, QVBoxLayout,
                               QWidget)

from models.pages import THUMB, PageStripModel, category_name
from workbench.intake import proposal as P
from workbench.intake.proposal import Proposal, ProposedDocument
from workbench.service import Workbench
from workbench.settings import Settings

from ..i18n import core, language, tr
from ..task_runner import TaskRunner, show_message
from .sources import IntakeSources

# Number keys 1–9, in the order a clerk meets the papers of a civil first-instance case.
# How the case of a document was found (ProposedDocument.how), as the clerk reads it.
HOW = {"separator": "分隔页", "printed-number": "文书上印有案号", "id-number": "身份证号码",
       "party-names": "当事人姓名", "given": "批次指定", "clerk": "书记员指定"}

CATEGORY_KEYS = ["complaint", "answer", "identity", "evidence", "response", "preservation",
                 "summons", "filing", "judgment_service"]


class _Edit(QUndoCommand):
    """One undoable edit: `do` and `undo` are closures over the proposal."""

    def __init__(self, view: "CataloguingView", text: str, do: Callable[[], Any],
                 undo: Callable[[Any], None], focus: Any) -> None:
        super().__init__(text)
        self.view, self._do, self._undo, self.focus = view, do, undo, focus
        self._state: Any = None

    def redo(self) -> None:
        self._state = self._do()
        self.view._changed(self.focus.after if isinstance(self.focus, _Focus) else self.focus)

    def undo(self) -> None:
        self._undo(self._state)
        self.view._changed(self.focus.page if isinstance(self.focus, _Focus) else self.focus)


class CataloguingView(QWidget):
    filed = Signal(list)                 # [Filed] after a successful filing
    open_document = Signal(object, int)  # document id (53-bit: wider than a Qt int), page

    def __init__(self, wb: Workbench, runner: TaskRunner, parent: QWidget | None = None,
                 case_chooser: Callable[[list[str], str | None], str | None] | None = None,
                 settings: Settings | None = None, current_case: str | None = None) -> None:
        super().__init__(parent)
        self.wb = wb
        self.runner = runner
        self.settings = settings
        self.current_case = current_case  # the case open when intake was started, if any
        self.case_chooser = case_chooser or self._ask_case
        self.undo_stack = QUndoStack(self)
        self.model = PageStripModel(Proposal(), self, lang=language())
        self._current = 0  # row in the strip

        self.strip = QListView(self)
        self.strip.setObjectName("pageStrip")
        self.strip.setModel(self.model)
        self.strip.setViewMode(QListView.ViewMode.IconMode)
        self.strip.setFlow(QListView.Flow.TopToBottom)
        self.strip.setWrapping(False)
        self.strip.setIconSize(THUMB)
        self.strip.setSpacing(4)
        self.strip.setFixedWidth(THUMB.width() + 48)
        self.strip.setMovement(QListView.Movement.Static)
        self.strip.selectionModel().currentChanged.connect(lambda cur, _: self._go(cur.row(), False))

        self.page = QLabel(self)
        self.page.setObjectName("largePage")
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page.setMinimumSize(QSize(420, 560))
        scroll = QScrollArea(self)
        scroll.setWidget(self.page)
        scroll.setWidgetResizable(True)

        self.info = QLabel(self)
        self.info.setObjectName("documentInfo")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.keys = QLabel(tr("Enter 接受　S 拆分　M 合并　R 旋转　Del 删页　C 改案件　"
                              "Ctrl+Z 撤销　Ctrl+Shift+Z 重做　Ctrl+Enter 归档"), self)
        self.keys.setObjectName("keyHelp")
        self.keys.setWordWrap(True)
        self.legend = QLabel(category_legend(), self)  # which digit is which category
        self.legend.setObjectName("categoryKeys")
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(tr("全文检索所有案件（姓名、金额、案号…）"))
        self.search_box.returnPressed.connect(self.run_search)
        self.results = QListWidget(self)
        self.results.setObjectName("searchResults")
        self.results.itemActivated.connect(self._open_hit)

        side = QWidget(self)
        sl = QVBoxLayout(side)
        sl.addWidget(self.info)
        sl.addWidget(self.keys)
        sl.addWidget(self.legend)
        sl.addWidget(self.search_box)
        sl.addWidget(self.results, 1)
        split = QSplitter(self)
        split.addWidget(scroll)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.sources = IntakeSources(self, runner, settings, self.load_paths, self.watch)
        self._batch: tuple[list[Path | str], str | None] | None = None  # the last batch read
        self.stack_bar = QWidget(self, objectName="stackBar")
        bar = QHBoxLayout(self.stack_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.stack_note = QLabel(self.stack_bar, objectName="stackNote")
        self.stack_note.setWordWrap(True)
        self.stack_button = QPushButton(self.stack_bar, objectName="stackToggle")
        self.stack_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the strip
        self.stack_button.clicked.connect(self.toggle_stack)
        bar.addWidget(self.stack_note, 1)
        bar.addWidget(self.stack_button)
        self.stack_bar.hide()
        # Reading the batch again would drop the clerk's edits: offered only while there are none.
        self.undo_stack.indexChanged.connect(self._on_edited)
        outer = QVBoxLayout(self)
        outer.addWidget(self.sources)
        outer.addWidget(self.stack_bar)
        lay = QHBoxLayout()
        outer.addLayout(lay, 1)
        lay.addWidget(self.strip)
        lay.addWidget(split, 1)
        for w in (self, self.strip, self.page, self.results):
            w.installEventFilter(self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Clicking the large page gives the keyboard to the view, as the strip has it.
        self.page.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setFocusProxy(self.strip)
        self.setAcceptDrops(True)  # files dragged from the desktop or a USB stick
        self._show()

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.load_paths(paths)
            event.acceptProposedAction()

    def watch(self, folder: Path | str, interval_ms: int = 5000) -> None:
        """Watch the court's drop box: complete new files there are read as a batch."""
        from PySide6.QtCore import QTimer
        from workbench.intake.dropbox import DropBox
        self._dropbox = DropBox(Path(folder))
        if getattr(self, "_dropbox_timer", None) is not None:
            self._dropbox_timer.stop()  # a newly chosen folder replaces the old one
        self._dropbox_timer = QTimer(self, interval=interval_ms)
        self._dropbox_timer.timeout.connect(self.poll_dropbox)
        self._dropbox_timer.start()

    def poll_dropbox(self) -> None:
        ready = self._dropbox.poll()
        if ready:
            self.load_paths(ready)

    def open_files(self) -> None:
        """Choose scans or PDFs in a dialog and read them (添加文件, Ctrl+O)."""
        self.sources.add_files()

    # ---- loading and filing ----------------------------------------------------------------
    @property
    def proposal(self) -> Proposal:
        return self.model.proposal

    def set_proposal(self, proposal: Proposal) -> None:
        self.undo_stack.clear()
        self.model.set_proposal(proposal)
        self._show_stack_bar()
        self._go(0)
        # The keyboard is the clerk's from the moment the proposal appears.
        self.strip.setFocus(Qt.FocusReason.OtherFocusReason)

    def load_paths(self, paths: list[Path | str], case: str | None = None,
                   stack: bool = False) -> None:
        """Read a batch in the background and show its proposal. Each file is a document
        boundary unless `stack` says the files are one scanned stack."""
        from workbench.intake.pipeline import propose
        data_dir = self.wb.data_dir
        paths = list(paths)

        def work(progress, cancel):
            with Workbench(data_dir) as wb:
                return propose(wb, paths, case=case, progress=progress, cancel=cancel, stack=stack)

        def done(proposal: Proposal) -> None:
            self._batch = (paths, case)
            self.set_proposal(proposal)
        self.runner.submit(work, title=tr("导入扫描件"), on_done=done)

    def toggle_stack(self) -> None:
        """Read the last batch again the other way: as one scanned stack, or file by file.
        Offered, never applied unasked; what was changed in the proposal is read afresh."""
        if self._batch is not None:
            paths, case = self._batch
            self.load_paths(paths, case, stack=not self.proposal.stack)

    def _on_edited(self, _index: int) -> None:
        if isValid(self.undo_stack) and isValid(self.stack_button):  # not while being torn down
            self._show_stack_bar()

    def _show_stack_bar(self) -> None:
        prop = self.proposal
        if prop.stack:
            self.stack_note.setText(tr("已按一叠扫描件跨文件分件。"))
            self.stack_button.setText(tr("按文件分件"))
        elif prop.stack_suggested:
            self.stack_note.setText(tr("这些文件像扫描仪逐页输出的一叠文书：现在每个文件算一份文书。"))
            self.stack_button.setText(tr("按一叠分件"))
        self.stack_bar.setVisible(self._batch is not None and (prop.stack or prop.stack_suggested))
        edited = self.undo_stack.index() > 0
        self.stack_button.setEnabled(not edited)
        self.stack_button.setToolTip(tr("已修改分件；撤销全部修改后才能重新分件") if edited else "")

    def file_accepted(self) -> None:
        docs = [d for d in self.proposal.documents if d.accepted]
        if not docs:
            return
        from workbench.intake.filing import file_documents
        from workbench.intake.search import ensure_indexed
        data_dir, prop = self.wb.data_dir, self.proposal

        def work(progress, cancel):
            with Workbench(data_dir) as wb:
                out = file_documents(wb, prop, docs, progress=progress, cancel=cancel)
                ensure_indexed(wb)
                return out

        def done(filed: list) -> None:
            for d in docs:
                self.proposal.documents.remove(d)
            self.undo_stack.clear()  # the filed documents are in the log now: no undoing them
            self.model.refresh()
            self._go(min(self._current, self.model.rowCount() - 1))
            self.filed.emit(filed)
        self.runner.submit(work, title=tr("归档"), on_done=done)

    # ---- navigation ------------------------------------------------------------------------
    def current(self) -> tuple[int, int, ProposedDocument] | None:
        at = self.model.page_at(self._current)
        if at is None:
            return None
        d, i, _ = at
        return d, i, self.proposal.documents[d]

    def _go(self, row: int, select: bool = True) -> None:
        n = self.model.rowCount()
        self._current = max(0, min(row, n - 1)) if n else 0
        if select and n:
            idx = self.model.index(self._current)
            if self.strip.currentIndex() != idx:
                self.strip.setCurrentIndex(idx)
            self.strip.scrollTo(idx)
        self._show()

    def _doc_row(self, d: int) -> int:
        doc = self.proposal.documents[d]
        return self.model.row_of(doc.pages[0])

    def _changed(self, focus: Any) -> None:
        """After an edit or its undo: refresh and put the cursor on the page concerned."""
        self.model.refresh()
        row = self.model.row_of(focus) if focus is not None else self._current
        self._go(row if row >= 0 else self._current)

    def _show(self) -> None:
        at = self.model.page_at(self._current)
        if at is None:
            self.page.setPixmap(QPixmap())
            self.page.setText(tr("没有待编目的页面") + "\n\n" +
                              tr("添加文件（Ctrl+O）、从文件夹导入、扫描，\n或把文件拖到这里"))
            self.info.setText("")
            return
        d, i, page = at
        doc = self.proposal.documents[d]
        img = self.model.image(page)
        self.page.setPixmap(QPixmap.fromImage(img).scaled(
            self.page.size() * 0.98, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))
        state = tr("已接受") if doc.accepted else (tr("需处理") if doc.flagged else tr("待接受"))
        how = tr(HOW.get(doc.how, doc.how)) if doc.how else ""
        self.info.setText(
            tr("文书 {d}/{docs} · 第 {p}/{pages} 页", d=d + 1, docs=len(self.proposal.documents),
               p=i + 1, pages=len(doc.pages)) + "  " + state + "\n"
            + f"{doc.title or doc.kind or '—'}\n"
            + tr("类别：{name}（{confidence}）", name=category_name(doc.category, language()),
                 confidence=f"{doc.confidence:.0%}") + "\n"
            + tr("案件：{number}", number=doc.case_number or tr("未确定"))
            + (tr("（{how}）", how=how) if how else "")
            + f"\n{core(doc.detail)}\n{core(page.label)}")

    # ---- edits (all undoable) --------------------------------------------------------------
    def _push(self, text: str, do, undo, focus) -> None:
        self.undo_stack.push(_Edit(self, text, do, undo, focus))

    def accept_current(self) -> None:
        cur = self.current()
        if cur is None:
            return
        d, _, doc = cur
        from workbench.intake.filing import fileable
        if fileable(doc):
            self.info.setText(self.info.text() + "\n" + tr("无法接受：") + core(fileable(doc)))
            return
        nxt = next((k for k in range(d + 1, len(self.proposal.documents))
                    if not self.proposal.documents[k].accepted), None)
        focus = self.proposal.documents[nxt].pages[0] if nxt is not None else doc.pages[0]

        def do():
            was = doc.accepted
            doc.accepted = True
            return was
        self._push(tr("接受文书"), do, lambda was: setattr(doc, "accepted", was), focus)

    def set_category(self, key: str) -> None:
        cur = self.current()
        if cur is None:
            return
        _, i, doc = cur
        page = doc.pages[i]

        def do():
            old = (doc.category, doc.confidence)
            doc.category, doc.confidence = key, 1.0  # the clerk's word is certain
            return old

        def undo(old):
            doc.category, doc.confidence = old
        self._push(tr("更改类别"), do, undo, page)

    def split_here(self) -> None:
        cur = self.current()
        if cur is None or cur[1] == 0:
            return
        d, i, doc = cur
        page = doc.pages[i]
        self._push(tr("拆分文书"), lambda: P.split(self.proposal, d, i),
                   lambda _: P.merge(self.proposal, d + 1), page)

    def merge_previous(self) -> None:
        cur = self.current()
        if cur is None or cur[0] == 0:
            return
        d, i, doc = cur
        page = doc.pages[i]
        self._push(tr("合并到上一文书"), lambda: P.merge(self.proposal, d),
                   lambda gone: P.unmerge(self.proposal, d, gone), page)

    def rotate_current(self) -> None:
        cur = self.current()
        if cur is None:
            return
        page = cur[2].pages[cur[1]]
        self._push(tr("旋转页面"), lambda: P.rotate_page(page, 90),
                   lambda _: P.rotate_page(page, -90), page)

    def drop_current(self) -> None:
        cur = self.current()
        if cur is None:
            return
        d, i, doc = cur
        # After dropping, the cursor goes to the page that takes this one's place.
        rows = self.model.rowCount()
        nxt = self.model.page_at(self._current + 1 if self._current + 1 < rows else self._current - 1)
        page = doc.pages[i]
        self._push(tr("删除页面"), lambda: P.drop_page(self.proposal, d, i),
                   lambda st: P.undrop_page(self.proposal, d, i, *st),
                   _Focus(nxt[2] if nxt else None, page))

    def move_to_case(self, number: str | None = None) -> None:
        cur = self.current()
        if cur is None:
            return
        _, i, doc = cur
        if number is None:
            open_cases = [c.number for c in self.wb.list_cases(limit=2000)
                          if c.status not in ("concluded", "archived")]
            default = doc.case_number or self.current_case
            number = self.case_chooser(open_cases, default)
            if not number:
                return
        number = self.wb.case(number).number

        def do():
            old = (doc.case_number, doc.how, doc.detail)
            doc.case_number, doc.how, doc.detail = number, "clerk", tr("书记员指定")
            return old

        def undo(old):
            doc.case_number, doc.how, doc.detail = old
        self._push(tr("移至其他案件"), do, undo, doc.pages[i])

    def _ask_case(self, numbers: list[str], default: str | None = None) -> str | None:
        """Choose the case, the proposed (or current) one preselected so Enter keeps it."""
        if default and default not in numbers:
            numbers = [default, *numbers]
        dlg = QInputDialog(self)
        dlg.setWindowTitle(tr("移至其他案件"))
        dlg.setLabelText(tr("将本文书移至案件（案号）："))
        dlg.setComboBoxItems(numbers)
        dlg.setComboBoxEditable(True)
        if default:
            dlg.setTextValue(default)
        dlg.setMinimumWidth(max(420, dlg.fontMetrics().horizontalAdvance(max(numbers, key=len,
                                                                               default="")) + 120))
        self.case_dialog = dlg
        ok = dlg.exec()
        number = dlg.textValue().strip()
        return number if ok and number else None

    # ---- search ----------------------------------------------------------------------------
    def run_search(self) -> None:
        """This desk's pages at once; on a desk connected to the court store, then the court's
        (every case the user may read), marked 【全院】, in the background."""
        self.results.clear()
        text = self.search_box.text()
        seen = set()
        for h in self.wb.search_pages(text, limit=100):
            item = QListWidgetItem(
                f"{h.case_number}  {h.title}  {tr('第 {p} 页', p=h.page)}\n{h.snippet}")
            item.setData(Qt.ItemDataRole.UserRole, (h.document_id, h.page))
            self.results.addItem(item)
            seen.add((h.document_id, h.page))
        from workbench.court import desk
        if not text.strip() or desk.load(self.wb.data_dir) is None:
            return
        data_dir = self.wb.data_dir

        def work(progress, cancel):
            from workbench.court.sync import open_court
            from workbench.store.court.search import search_court
            _, conn = open_court(data_dir)
            with conn:
                return search_court(conn, text, limit=100)

        def done(hits) -> None:
            if self.search_box.text() != text:
                return  # a newer search is under way
            for h in hits:
                if (h.document_id, h.page) in seen:
                    continue
                item = QListWidgetItem(f"{tr('【全院】')}{h.case_number}  {h.title}  "
                                       f"{tr('第 {p} 页', p=h.page)}\n{h.snippet}")
                item.setData(Qt.ItemDataRole.UserRole, (h.document_id, h.page, h.case_number))
                self.results.addItem(item)

        def failed(e: BaseException) -> bool:
            self.results.addItem(QListWidgetItem(tr("法院库暂不可用，只列出本工作台的结果")))
            return True  # offline is normal for a desk: said in the list, not in a box
        self.runner.submit(work, on_done=done, on_error=failed)

    def _open_hit(self, item: QListWidgetItem) -> None:
        hit = item.data(Qt.ItemDataRole.UserRole)
        if not hit:
            return
        doc_id, page, *court_case = hit
        if court_case and not self._have_document(doc_id):
            show_message(self, tr("全院检索"),
                         tr("{case} 不在本工作台：请先同步或带走该案件，再打开", case=court_case[0]))
            return
        self.open_document.emit(doc_id, page)

    def _have_document(self, doc_id: int) -> bool:
        from workbench.errors import NotFound
        try:
            self.wb.document(doc_id)
        except NotFound:
            return False
        return True

    # ---- keys ------------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and self.handle_key(event):  # type: ignore[arg-type]
            return True
        return super().eventFilter(obj, event)

    def handle_key(self, e: QKeyEvent) -> bool:
        key, mods = e.key(), e.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if e.matches(QKeySequence.StandardKey.Redo) or (ctrl and shift and key == Qt.Key.Key_Z):
            self.undo_stack.redo()
        elif e.matches(QKeySequence.StandardKey.Undo):
            self.undo_stack.undo()
        elif ctrl and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.file_accepted()
        elif ctrl and key == Qt.Key.Key_F:
            self.search_box.setFocus()
        elif ctrl or mods & Qt.KeyboardModifier.AltModifier:
            return False
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept_current()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.set_category(CATEGORY_KEYS[key - Qt.Key.Key_1])
        elif key == Qt.Key.Key_S:
            self.split_here()
        elif key == Qt.Key.Key_M:
            self.merge_previous()
        elif key == Qt.Key.Key_R:
            self.rotate_current()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.drop_current()
        elif key == Qt.Key.Key_C:
            self.move_to_case()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self._go(self._current + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._go(self._current - 1)
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            cur = self.current()
            if cur is not None:
                d = cur[0] + (1 if key == Qt.Key.Key_PageDown else -1)
                if 0 <= d < len(self.proposal.documents):
                    self._go(self._doc_row(d))
        else:
            return False
        return True


def category_legend() -> str:
    """1 起诉状 · 2 答辩状 … : the digit keys and the categories they set, on screen."""
    from workbench.efile.catalogue import category as catalogue_category
    en = language() == "en"
    parts = []
    for i, key in enumerate(CATEGORY_KEYS, 1):
        c = catalogue_category(key)
        parts.append(f"{i} {c.en if en else c.name.split('、')[0]}")
    return "\n".join("　".join(parts[k:k + 3]) for k in range(0, len(parts), 3))


class _Focus:
    """Where the cursor goes after a drop (the next page) and after its undo (the page itself)."""

    def __init__(self, after: Any, page: Any) -> None:
        self.after, self.page = after, page

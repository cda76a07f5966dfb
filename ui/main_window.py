"""The main window: the case list (searchable, filterable, sortable) and open cases in tabs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMainWindow, QTableView, QTabWidget, QVBoxLayout,
                               QWidget)

from models.cases import COLUMNS, CaseListModel, CaseNumberRole
from workbench.cases.records import STATUSES
from workbench.service import Workbench
from workbench.settings import Settings

from models.deadlines import AlertProxyModel

from .archive_action import make_archive_action, make_import_action
from .case_view import CaseView, show_verify_result
from .court.desk_menu import CourtDesk, CourtHooks
from .court.figures_page import CourtFiguresPage
from .court.users_page import UsersPage
from .courtroom import Courtroom, CourtroomHooks
from .dashboard import Dashboard
from .delivery_view import DeliveryQueueView
from .preservation_view import PreservationQueueView
from .drafting_view import DraftingView
from .intake_view import CataloguingView
from .dialogs import NewCaseDialog, RecordEventDialog
from .help import add_help_menu, legend_widget
from .i18n import SETTING_KEY, language, tr
from .queue_menu import QueueMenu
from .task_runner import TaskRunner, show_message
from .unsaved import AutosaveStore, UnsavedGuard
from .window_size import place, remember

SEARCH_DELAY_MS = 250


class MainWindow(QMainWindow):
    def __init__(self, data_dir: Path | str, *, settings: Settings | None = None,
                 runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.settings = settings or Settings.load(self.data_dir)
        self.wb = Workbench.open(self.data_dir)  # the GUI thread's own connection
        self.runner = runner or TaskRunner(self)
        self.runner.parent_widget = self
        self.runner.status_message.connect(lambda m: self.statusBar().showMessage(m, 5000))
        self.active_dialog: Any = None
        self.setWindowTitle(tr("法官工作台"))
        place(self, self.settings)  # fits the screen; remembered per screen size

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.setCentralWidget(self.tabs)
        self.tabs.addTab(self._build_list_page(), tr("案件列表"))
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)

        self._tips: dict[str, str] = {}  # each action's own tooltip, while it is enabled
        self._build_actions()
        self.tabs.currentChanged.connect(lambda _i: self._update_actions())
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.court.label)  # 未连接 / 已连接 user@court / 离线
        self.statusBar().addPermanentWidget(legend_widget(compact=True))  # what the colours mean
        self.statusBar().addPermanentWidget(self.count_label)
        self.model.modelReset.connect(self._update_count)
        self._update_count()
        self._update_actions()
        self.refresh_alerts()
        self.autosave = AutosaveStore(self.data_dir)
        self.unsaved = UnsavedGuard(self, self.autosave, self.tab_views,
                                    self.settings.get("ui.autosave_seconds"))
        if self.court.connected:
            self.court.sync_now(background=True)  # what the others did while this desk was off

    # ---- the case list -----------------------------------------------------------------------
    def _build_list_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(tr("查找案号、当事人、案由（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)
        self.judge_combo = QComboBox()
        self.judge_combo.setObjectName("judgeFilter")
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem(tr("全部状态"), "")
        for key, (zh, en) in STATUSES.items():
            self.status_combo.addItem(en if language() == "en" else zh, key)
        self._fill_judges()
        self.judge_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.status_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        bar.addWidget(QLabel(tr("查找")))
        bar.addWidget(self.search, 3)
        bar.addWidget(QLabel(tr("承办法官")))
        bar.addWidget(self.judge_combo, 1)
        bar.addWidget(QLabel(tr("状态")))
        bar.addWidget(self.status_combo, 1)
        lay.addLayout(bar)

        self.model = CaseListModel(self.wb, lang=language(), parent=self)
        # Rows turn yellow or red as a court deadline nears or passes; the alerts are computed
        # in the task runner and painted over the paged list by an identity proxy.
        self.alerts = AlertProxyModel(CaseNumberRole, self, lang=language())
        self.alerts.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setModel(self.alerts)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        col, order = self.model.sort_column()
        self.table.horizontalHeader().setSortIndicator(col, order)
        self.table.setSortingEnabled(True)  # the header calls model.sort → ORDER BY in SQL
        header = self.table.horizontalHeader()
        widths = [230, 170, 220, 240, 90, 110, 110]
        for i, w in enumerate(widths):
            self.table.setColumnWidth(i, w)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open_index)  # double-click and Enter
        lay.addWidget(self.table)
        return page

    def _fill_judges(self) -> None:
        current = self.judge_combo.currentData() or ""
        self.judge_combo.blockSignals(True)
        self.judge_combo.clear()
        self.judge_combo.addItem(tr("全部法官"), "")
        for j in self.wb.judges():
            self.judge_combo.addItem(j, j)
        self.judge_combo.setCurrentIndex(max(0, self.judge_combo.findData(current)))
        self.judge_combo.blockSignals(False)

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.model.set_filters(text=self.search.text(), judge=self.judge_combo.currentData() or "",
                               status=self.status_combo.currentData() or "")

    def refresh_alerts(self) -> None:
        data_dir = self.data_dir

        def work(progress, cancel):
            from workbench.tracking.periods import case_alerts
            with Workbench.open(data_dir) as wb:
                return case_alerts(wb)

        self.runner.submit(work, on_done=self.alerts.set_alerts)

    def refresh_cases(self) -> None:
        selected = self.selected_case_number()
        self._fill_judges()
        self.refresh_alerts()
        self.model.refresh()
        if selected:
            row = self.model.row_of(selected)
            if row >= 0:
                self.table.selectRow(row)
        self._update_actions()  # a case may have been archived
        if self.court.connected:
            self.court.refresh_state()  # what is left to push

    def _update_count(self, *_: Any) -> None:
        self.count_label.setText(tr("共 {n} 件", n=self.model.total))

    def selected_case_number(self) -> str | None:
        idx = self.table.currentIndex()
        # Through the row's data: a row of a list that shrank since its count reads as None.
        return idx.data(CaseNumberRole) if idx.isValid() else None

    def _open_index(self, index: QModelIndex) -> None:
        number = index.data(CaseNumberRole) if index.isValid() else None
        if number:
            self.open_case(number)

    # ---- case tabs ---------------------------------------------------------------------------
    def case_views(self) -> list[CaseView]:
        return [w for i in range(self.tabs.count())
                if isinstance(w := self.tabs.widget(i), CaseView)]

    def current_case_view(self) -> CaseView | None:
        w = self.tabs.currentWidget()
        return w if isinstance(w, CaseView) else None

    def open_case(self, number: str) -> CaseView:
        for view in self.case_views():
            if view.number == number:
                self.tabs.setCurrentWidget(view)
                return view
        view = CaseView(self.wb, number, self.runner, self.data_dir)
        view.changed.connect(self.refresh_cases)
        view.record_requested.connect(lambda: self.record_event())
        view.draft_requested.connect(lambda: self.open_drafting(view.number))
        idx = self.tabs.addTab(view, number)
        self.tabs.setTabToolTip(idx, f"{number}  {view.case.cause}")
        self.tabs.setCurrentIndex(idx)
        return view

    def open_drafting(self, number: str, *, generate: bool = True) -> DraftingView:
        """左看右写: the e-file's text on the left, the draft judgment on the right, in a tab."""
        for i in range(self.tabs.count()):
            w = self.tabs.widget(i)
            if isinstance(w, DraftingView) and w.number == number:
                self.tabs.setCurrentIndex(i)
                return w
        view = DraftingView(self.data_dir, number, self.runner, autosave=self.autosave)
        view.saved.connect(lambda *_: self.refresh_open_case(number))
        idx = self.tabs.addTab(view, tr("文书 {number}", number=number))
        self.tabs.setCurrentIndex(idx)
        kept = self.autosave.read(view.autosave_key())
        if kept is not None:
            view.restore(kept)  # the judge's unsaved text, over the freshly built draft
        if generate or kept is not None:
            view.generate()
        return view

    def open_intake(self) -> CataloguingView:
        """扫描编目: scans and files in, proposed, reviewed by keyboard, filed. The court's drop
        box (a shared folder) is watched while the view is open."""
        for i in range(self.tabs.count()):
            if isinstance(self.tabs.widget(i), CataloguingView):
                self.tabs.setCurrentIndex(i)
                return self.tabs.widget(i)
        view = CataloguingView(self.wb, self.runner, settings=self.settings,
                               current_case=self._case_for_action())
        view.filed.connect(self._intake_filed)
        view.open_document.connect(self.show_document)
        watched = self.settings.watch_folder()
        watched.mkdir(parents=True, exist_ok=True)
        view.watch(watched)
        self.tabs.setCurrentIndex(self.tabs.addTab(view, tr("扫描编目")))
        return view

    def _intake_filed(self, filed: list) -> None:
        for number in {f.case_number for f in filed}:
            self.refresh_open_case(number)
        self.refresh_cases()

    def show_document(self, document_id: int, page: int = 0) -> None:
        """Open the case a document belongs to and show that document (from a search hit)."""
        case_id = self.wb.document(document_id)["case_id"]
        view = self.open_case(self.wb.case(case_id).number)
        view.show_document(document_id)

    def open_dashboard(self) -> Dashboard:
        def make() -> Dashboard:
            board = Dashboard(self.data_dir, self.runner)
            board.refresh()
            return board
        return self.open_single(Dashboard, tr("审判统计"), make)  # type: ignore[return-value]

    def open_registration(self) -> QWidget:
        """立案前扫描 (ui/intake_view/registration.py): a case proposed from its scans."""
        from .intake_view.registration import open_in
        return open_in(self)

    def open_single(self, kind: type, title: str, make: Any) -> QWidget:
        """The one tab of a kind of page (dashboard, a queue, a court page): brought to the front
        if open, else made. A page's own Ctrl+F / F5 give way to the window's, which call the
        page's focus_search() and refresh()."""
        for i in range(self.tabs.count()):
            if isinstance(self.tabs.widget(i), kind):
                self.tabs.setCurrentIndex(i)
                return self.tabs.widget(i)
        page = make()
        for shortcut in getattr(page, "shortcuts", []):
            shortcut.setEnabled(False)
        self.tabs.setCurrentIndex(self.tabs.addTab(page, title))
        return page

    def close_tabs(self, kind: type) -> None:
        for i in reversed(range(1, self.tabs.count())):
            if isinstance(self.tabs.widget(i), kind):
                self._close_tab(i)

    def _cases_pulled(self, numbers: list[str]) -> None:
        """Another desk's entries came down with a sync: show them without a click."""
        for view in self.case_views():
            if view.number in numbers:
                view.refresh()
        for i in range(1, self.tabs.count()):
            w = self.tabs.widget(i)
            if isinstance(w, (DeliveryQueueView, PreservationQueueView)):
                w.refresh()
        self.refresh_cases()

    def refresh_open_case(self, number: str) -> None:
        for view in self.case_views():
            if view.number == number:
                view.refresh()
        self.refresh_cases()

    def add_tab(self, view: QWidget, title: str) -> None:
        self.tabs.setCurrentIndex(self.tabs.addTab(view, title))

    def tab_views(self) -> list[QWidget]:
        return [self.tabs.widget(i) for i in range(1, self.tabs.count())]

    def restore_unsaved(self) -> int:
        """Offer back what was left unsaved (a crash, or 保留 on closing); reopen it."""
        def reopen(payload: dict) -> None:
            if payload.get("kind") == "draft":
                self.open_drafting(payload["case"])
            elif payload.get("kind") == "record":
                from workbench.hearing.transcript import Transcript
                editor = self.courtroom.open_editor(
                    payload["case"], Transcript.from_json(payload["transcript"]),
                    payload.get("audio") or None)
                editor.mark_restored()
        return self.unsaved.offer_back(reopen)

    def _close_tab(self, index: int) -> None:
        if index == 0:
            return
        w = self.tabs.widget(index)
        if not self.unsaved.may_close([w]) or not getattr(w, "confirm_close", lambda: True)():
            return
        self.tabs.removeTab(index)
        if w is not None:
            w.deleteLater()

    def _case_for_action(self) -> str | None:
        view = self.current_case_view()
        if view is not None:
            return view.number
        return self.selected_case_number()

    # ---- actions -----------------------------------------------------------------------------
    def _action(self, text: str, slot: Any, shortcut: Any = None, name: str = "") -> QAction:
        act = QAction(tr(text), self)
        act.setObjectName(name)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
            act.setToolTip(f"{tr(text)} ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def _build_actions(self) -> None:
        self.act_new = self._action("新建案件", self.new_case, QKeySequence.StandardKey.New, "newCase")
        self.act_event = self._action("记录事件", self.record_event, "Ctrl+E", "recordEvent")
        self.act_export = self._action("导出卷宗", self.export_volume, "Ctrl+Shift+E", "exportVolume")
        self.act_verify = self._action("校验", self.verify, "Ctrl+Shift+V", "verify")
        self.act_find = self._action("查找", self.find_in_tab, QKeySequence.StandardKey.Find, "find")
        self.act_quit = self._action("退出", self.close, "Ctrl+Q", "quit")
        self.act_refresh = self._action("刷新", self.refresh_tab, QKeySequence.StandardKey.Refresh,
                                        "refresh")
        self.act_draft = self._action("生成裁判文书", self.draft_current, "Ctrl+J", "draftJudgment")
        self.act_dashboard = self._action("审判统计", self.open_dashboard, "Ctrl+D", "dashboard")
        self.act_intake = self._action("扫描编目", self.open_intake, "Ctrl+I", "intake")
        self.act_register = self._action("立案前扫描…", self.open_registration, "Ctrl+Shift+N",
                                         "registerFromScans")
        self.act_add_files = self._action("添加文件…", lambda: self.open_intake().open_files(),
                                          QKeySequence.StandardKey.Open, "addFiles")
        self.courtroom = Courtroom(self, self.data_dir, self.wb, self.runner, CourtroomHooks(
            current_case=self._case_for_action, open_tab=self.add_tab,
            case_changed=self.refresh_open_case,
            status=lambda text: self.statusBar().showMessage(text, 5000)), self.settings)
        self.act_archive = make_archive_action(self, self.data_dir, self._case_for_action,
                                               self.runner,
                                               on_archived=self.refresh_open_case)
        self.act_archive.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.act_import = make_import_action(self, self.data_dir, self.runner,
                                             on_imported=lambda number: self.refresh_cases())
        self.queues = QueueMenu(self, self.data_dir, self.runner, self.open_single)
        self.court = CourtDesk(self, self.data_dir, self.runner, self.settings, CourtHooks(
            open_tab=self.open_single, close_tabs=self.close_tabs,
            cases_changed=self._cases_pulled,
            status=lambda text: self.statusBar().showMessage(text, 10000)))
        tb = self.addToolBar(tr("工具栏"))
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.act_new, self.act_intake, self.act_event, self.act_draft, self.act_export,
                  self.act_archive, self.act_verify, self.act_dashboard, self.act_find):
            tb.addAction(a)
        m = self.menuBar()
        case_menu = m.addMenu(tr("案件(&C)"))
        for a in (self.act_new, self.act_register, self.act_intake, self.act_add_files, self.act_event,
                  self.act_draft, self.act_export, self.act_verify):
            case_menu.addAction(a)
        case_menu.addSeparator()
        case_menu.addAction(self.act_archive)
        case_menu.addAction(self.act_import)
        case_menu.addSeparator()
        case_menu.addAction(self.act_quit)
        court_menu = m.addMenu(tr("庭审(&H)"))
        for a in self.courtroom.actions:
            court_menu.addAction(a)
        court_menu.addSeparator()
        court_menu.addAction(self.courtroom.act_models)
        self.queues.add_menu(m)
        self.court.add_menu(m)
        view_menu = m.addMenu(tr("视图(&V)"))
        view_menu.addAction(self.act_find)
        view_menu.addAction(self.act_refresh)
        view_menu.addAction(self.act_dashboard)
        lang_menu = m.addMenu(tr("语言(&L)"))
        group = QActionGroup(self)
        self.lang_actions: dict[str, QAction] = {}
        for code, label in (("zh", "中文"), ("en", "English")):
            act = QAction(label, self, checkable=True)
            act.setChecked(code == language())
            act.triggered.connect(lambda _c=False, code=code: self.set_language(code))
            group.addAction(act)
            lang_menu.addAction(act)
            self.lang_actions[code] = act
        self.help = add_help_menu(self)

    def _update_actions(self) -> None:
        """Grey out what cannot apply to the case at hand, the tooltip saying why."""
        number = self._case_for_action()
        status = None
        if number is not None:
            try:
                status = self.wb.case(number).status
            except Exception:  # noqa: BLE001 - a case gone from under the list: treat as none
                number = None
        writes = (self.act_event, self.act_draft, self.act_archive, self.courtroom.act_record,
                  self.courtroom.act_transcribe)
        for a in (self.act_event, self.act_export, self.act_draft, self.act_archive,
                  *self.courtroom.actions):
            tip = self._tips.setdefault(a.objectName(), a.toolTip())
            why = None
            if number is None:
                why = tr("请先选择一个案件")
            elif status == "archived" and a in writes:
                why = tr("{number} 已归档，只读：不能{action}", number=number,
                         action=a.text().replace("…", ""))
            a.setEnabled(why is None)
            a.setToolTip(why or tip)

    def find_in_tab(self) -> None:
        """Ctrl+F: the search box of the page at hand (a queue's), else the case list's."""
        page = self.tabs.currentWidget()
        if page is not None and self.tabs.currentIndex() > 0 and hasattr(page, "focus_search"):
            page.focus_search()
        else:
            self.focus_search()

    def refresh_tab(self) -> None:
        """F5: the case list, and the page at hand if it is a queue or a court page."""
        page = self.tabs.currentWidget()
        if isinstance(page, (Dashboard, DeliveryQueueView, PreservationQueueView, UsersPage,
                             CourtFiguresPage)):
            page.refresh()
        self.refresh_cases()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_language(self, code: str) -> None:
        self.settings.set(SETTING_KEY, code)
        if code != language():
            show_message(self, tr("语言"), tr("界面语言将在重新启动后切换。")
                         + ("\nThe interface language changes when you restart." if code == "en"
                            else "\n界面语言将在重新启动后切换为中文。"))

    def new_case(self) -> NewCaseDialog:
        dlg = NewCaseDialog(self.wb, self.runner, self.data_dir, self)
        dlg.created.connect(self._case_created)
        self.active_dialog = dlg
        dlg.open()
        return dlg

    def _case_created(self, number: str) -> None:
        self.refresh_cases()
        self.open_case(number)
        self.statusBar().showMessage(tr("已新建案件 {number}", number=number), 5000)

    def record_event(self) -> RecordEventDialog | None:
        number = self._case_for_action()
        if number is None:
            self.statusBar().showMessage(tr("请先选择一个案件"), 5000)
            return None
        view = self.open_case(number)
        dlg = RecordEventDialog(self.wb, self.runner, self.data_dir, number, self)
        dlg.recorded.connect(view.on_event_recorded)
        self.active_dialog = dlg
        dlg.open()
        return dlg

    def draft_current(self) -> None:
        number = self._case_for_action()
        if number is None:
            self.statusBar().showMessage(tr("请先选择一个案件"), 5000)
            return
        self.open_drafting(number)

    def export_volume(self) -> None:
        number = self._case_for_action()
        if number is None:
            self.statusBar().showMessage(tr("请先选择一个案件"), 5000)
            return
        self.open_case(number).export_volume()

    def verify(self) -> None:
        """Verify the case in the current tab, or the whole data directory from the list."""
        view = self.current_case_view()
        if view is not None:
            view.verify()
            return
        data_dir = self.data_dir

        def work(progress, cancel):
            with Workbench(data_dir) as wb:
                return wb.verify(None, progress=progress, cancel=cancel)

        self.runner.submit(work, title=tr("正在校验全部案件…"),
                           on_done=lambda rep: show_verify_result(self, rep, None))

    # ---- lifecycle ---------------------------------------------------------------------------
    def build_demo_if_empty(self) -> bool:
        """On first start with an empty data directory, build the demo court in the background."""
        if not self.wb.is_empty():
            return False
        try:
            from workbench.demo import build_demo_court
        except ImportError:
            return False
        data_dir = self.data_dir

        def work(progress, cancel):
            with Workbench(data_dir) as wb:
                return build_demo_court(wb, progress=progress, cancel=cancel)

        def done(made: list[str]) -> None:
            self.refresh_cases()
            self.statusBar().showMessage(tr("演示法院已建立：{n} 件案件", n=len(made)), 8000)

        self.runner.submit(work, title=tr("首次启动：正在建立演示法院…"), on_done=done,
                           on_error=lambda _e: self.refresh_cases())
        return True

    def close_workbench(self) -> None:
        self.court.timer.stop()
        self.runner.shut_down(10000)
        self.wb.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.unsaved.may_close(self.tab_views()):
            event.ignore()
            return
        remember(self, self.settings)
        self.court.timer.stop()
        self.runner.cancel_all()
        super().closeEvent(event)


__all__ = ["MainWindow", "COLUMNS"]

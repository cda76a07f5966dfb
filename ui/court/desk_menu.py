"""法院 in the main window: the menu (connect, sync now, users and assignment, court-wide
figures, disconnect), the desk's court state in the status bar, and the periodic background sync.

Everything that touches the court store or the local replica runs in the task runner: the
desk's state comes from `workbench.court.sync.status` and each sync from `sync.sync`, each in a
worker with its own Workbench. At most one sync runs at a time. A background sync that fails is
said once in the status bar (the state label keeps it in its tooltip), never in a box; an
unreachable server only turns the label to 离线. When a sync brought entries down, the case list
and the open views of those cases are refreshed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenuBar, QMessageBox, QWidget

from workbench.court import desk
from workbench.store.court.pg import CourtError, CourtUnreachable
from workbench.court.sync import DeskStatus, SyncReport, status, sync
from workbench.errors import Cancelled, WorkbenchError
from workbench.service import Workbench
from workbench.settings import Settings

from ..i18n import core, tr
from ..task_runner import Task, TaskRunner, show_message
from .connect_dialog import ROLE_NAMES, ConnectDialog

SYNC_KEY = "court.sync_seconds"
# What the court menu's actions are bound to; none of them is taken elsewhere in the window
# (tests/ui/test_court_menus.py checks that no two actions share a key).
KEYS = {"connect": "Ctrl+Shift+O", "sync": "Ctrl+Shift+Y", "users": "Ctrl+Shift+U",
        "figures": "Ctrl+Shift+G"}


def court_name(dsn: str) -> str:
    """The court store's database name, which names the court (`kunshan`)."""
    if "://" in dsn:
        return urlsplit(dsn).path.lstrip("/") or urlsplit(dsn).hostname or dsn
    m = re.search(r"dbname=(\S+)", dsn)
    return m.group(1).strip("'") if m else dsn


@dataclass
class CourtHooks:
    open_tab: Callable[[type, str, Callable[[], QWidget]], QWidget]  # one tab per kind of page
    close_tabs: Callable[[type], None]
    cases_changed: Callable[[list[str]], None]   # entries came down for these cases
    status: Callable[[str], None]                 # a line in the status bar


def _sync_work(data_dir: Path) -> Callable[..., tuple[SyncReport, DeskStatus]]:
    def work(progress, cancel):
        with Workbench(data_dir) as wb:
            rep = sync(wb, progress=progress, cancel=cancel)
            return rep, status(wb, online=False)
    return work


class CourtDesk(QObject):
    """The court menu's actions and the desk's state; one per main window."""

    state_changed = Signal(object)   # DeskStatus
    synced = Signal(object)          # SyncReport, after every sync that finished

    def __init__(self, window: QMainWindow, data_dir: Path, runner: TaskRunner,
                 settings: Settings, hooks: CourtHooks) -> None:
        super().__init__(window)
        self.window, self.data_dir, self.runner = window, Path(data_dir), runner
        self.settings, self.hooks = settings, hooks
        self.desk: desk.DeskSettings | None = desk.load(self.data_dir)  # a small JSON file
        self.state: DeskStatus | None = None
        self.reachable: bool | None = None
        self.failure = ""            # the last sync failure, said once
        self.conflicts_seen: set[tuple] = set()
        self.sync_task: Task | None = None
        self.dialog: ConnectDialog | None = None
        self.ask_disconnect: Callable[[int], bool] = self._ask_disconnect
        self._status_seq = 0
        self._disconnecting = False
        self.label = QLabel()
        self.label.setObjectName("courtState")
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.sync_now(background=True))
        self._tips: dict[str, str] = {}
        self.act_connect = self._action("连接法院…", self.open_connect, KEYS["connect"], "courtConnect")
        self.act_sync = self._action("立即同步", lambda: self.sync_now(background=False),
                                     KEYS["sync"], "courtSync")
        self.act_users = self._action("用户与分配", self.open_users, KEYS["users"], "courtUsers")
        self.act_figures = self._action("全院统计", self.open_figures, KEYS["figures"],
                                        "courtFigures")
        self.act_disconnect = self._action("断开", self.disconnect, None, "courtDisconnect")
        self.actions = [self.act_connect, self.act_sync, self.act_users, self.act_figures,
                        self.act_disconnect]
        self._show_state()
        self.update_actions()
        self._schedule()

    # ---- actions and menu --------------------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], Any], keys: str | None, name: str) -> QAction:
        act = QAction(tr(text), self.window)
        act.setObjectName(name)
        tip = tr(text).replace("…", "")
        if keys:
            act.setShortcut(QKeySequence(keys))
            tip += f" ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        act.setToolTip(tip)
        self._tips[name] = tip
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def add_menu(self, bar: QMenuBar) -> None:
        menu = bar.addMenu(tr("法院(&O)"))
        menu.setObjectName("courtMenu")
        menu.addAction(self.act_connect)
        menu.addAction(self.act_sync)
        menu.addSeparator()
        menu.addAction(self.act_users)
        menu.addAction(self.act_figures)
        menu.addSeparator()
        menu.addAction(self.act_disconnect)
        self.menu = menu

    @property
    def connected(self) -> bool:
        return self.desk is not None

    def update_actions(self) -> None:
        """Grey out what cannot be done now, the tooltip saying why."""
        offline = tr("未连接法院库：请先“连接法院…”")
        busy = tr("正在与法院库同步，请稍候")
        role = self.desk.role if self.desk else ""
        why: dict[QAction, str | None] = {
            self.act_connect: busy if self.sync_task is not None else None,
            self.act_sync: offline if not self.connected else busy if self.sync_task else None,
            self.act_figures: offline if not self.connected else None,
            self.act_disconnect: offline if not self.connected else busy if self.sync_task else None,
            self.act_users: offline if not self.connected else None if role == "admin" else
            tr("只有管理员可以管理用户与分配案件（当前角色：{role}）",
               role=tr(ROLE_NAMES.get(role, role))),
        }
        for act, reason in why.items():
            act.setEnabled(reason is None)
            act.setToolTip(reason or self._tips[act.objectName()])

    # ---- the state in the status bar ---------------------------------------------------------
    def refresh_state(self, *, online: bool = False) -> None:
        """Recompute the desk's state (pending entries; with `online`, whether the court store
        answers) off the GUI thread."""
        if not self.connected:
            self.state = DeskStatus(False)
            self._show_state()
            return
        self._status_seq += 1
        seq, data_dir = self._status_seq, self.data_dir

        def work(progress, cancel):
            with Workbench(data_dir) as wb:
                return status(wb, online=online)

        def done(st: DeskStatus) -> None:
            if seq != self._status_seq:
                return  # a newer state was asked for meanwhile
            if st.reachable is not None:
                self.reachable = st.reachable
            self._set_state(st)

        self.runner.submit(work, on_done=done, on_error=lambda e: True)

    def _set_state(self, st: DeskStatus) -> None:
        self.state = st
        self._show_state()
        self.state_changed.emit(st)

    def _show_state(self) -> None:
        if not self.connected:
            self.label.setText(tr("未连接法院库"))
            self.label.setToolTip(tr("本机单独使用；“法院”菜单中可连接法院库"))
            return
        assert self.desk is not None
        who = f"{self.desk.user}@{court_name(self.desk.dsn)}"
        pending = sum(self.state.pending.values()) if self.state and self.state.connected else 0
        text = tr("离线 {who}", who=who) if self.reachable is False else tr("已连接 {who}", who=who)
        if pending:
            text += tr("，待同步 {n}", n=pending)
        if self.sync_task is not None:
            text += tr("，同步中…")
        elif self.failure:
            text += tr("，同步失败")
        self.label.setText(text)
        last = self.state.last_sync if self.state and self.state.last_sync else self.desk.last_sync
        tip = [tr("法院库 {dsn}，{role}", dsn=self.desk.dsn,
                  role=tr(ROLE_NAMES.get(self.desk.role, self.desk.role)))]
        tip.append(tr("上次同步 {at}", at=last[:19].replace("T", " ")) if last else tr("尚未同步"))
        if self.failure:
            tip.append(self.failure)
        self.label.setToolTip("\n".join(tip))

    # ---- sync --------------------------------------------------------------------------------
    def interval(self) -> int:
        return max(0, int(self.settings.get(SYNC_KEY)))

    def _schedule(self) -> None:
        seconds = self.interval()
        if self.connected and seconds > 0:
            self.timer.start(seconds * 1000)
        else:
            self.timer.stop()

    def sync_now(self, *, background: bool = False) -> Task | None:
        """Push this desk's entries and pull the others'. A background sync (the timer) stays
        quiet unless it fails in a new way; at most one sync runs at a time."""
        if not self.connected or self.sync_task is not None or self._disconnecting:
            return None
        title = None if background else tr("正在与法院库同步…")
        self.sync_task = self.runner.submit(
            _sync_work(self.data_dir), title=title,
            on_done=lambda result: self._synced(result, background),
            on_error=lambda e: self._sync_failed(e, background))
        if self.sync_task is not None and self.sync_task.finished:  # a synchronous runner
            self.sync_task = None
        self.update_actions()
        self._show_state()
        return self.sync_task

    def _end_sync(self) -> None:
        self.sync_task = None
        self.update_actions()

    def _synced(self, result: tuple[SyncReport, DeskStatus], background: bool) -> None:
        rep, st = result
        self._end_sync()
        self.desk = desk.load(self.data_dir) or self.desk
        self.reachable = True
        changed = [c.number for c in rep.cases if c.how in ("appended", "rebuilt") and not c.error]
        problems = rep.errors
        new_conflicts = [c for c in rep.conflicts
                         if (c.case_number, c.seq, c.action) not in self.conflicts_seen]
        self.conflicts_seen.update((c.case_number, c.seq, c.action) for c in rep.conflicts)
        failure = "；".join(core(p) for p in problems)
        if failure and failure != self.failure:
            self.hooks.status(tr("同步未完成：{error}", error=failure))
        self.failure = failure
        self._set_state(st)
        if changed:
            self.hooks.cases_changed(changed)
        if new_conflicts:
            lines = "\n".join(tr("{number} {action}（{on}）：{reason}", number=c.case_number,
                                  action=c.action, on=c.at[:10], reason=core(c.reason))
                               for c in new_conflicts)
            text = tr("{n} 条改动未能合并到法院库，已保留待处理：", n=len(new_conflicts)) + "\n" + lines
            if background:
                self.hooks.status(text.replace("\n", " "))
            else:
                show_message(self.window, tr("同步"), text, QMessageBox.Icon.Warning)
        elif not background and not failure:
            pulled = sum(c.pulled for c in rep.cases)
            self.hooks.status(tr("同步完成：{cases} 件案件，收到 {pulled} 条改动",
                                 cases=len(rep.cases), pulled=pulled))
        self.synced.emit(rep)

    def _sync_failed(self, error: BaseException, background: bool) -> bool:
        self._end_sync()
        if isinstance(error, Cancelled):
            self._show_state()
            return False  # the runner says 操作已取消
        if isinstance(error, CourtUnreachable):
            self.reachable = False  # offline is normal for a laptop: no message in the background
            message = tr("法院库连接不上，离线工作；网络恢复后自动同步")
            if not background:
                self.hooks.status(message)
            self.refresh_state()
            return True
        if isinstance(error, CourtError):
            self.reachable = True  # the server answered, and refused
        text = core(error) if isinstance(error, WorkbenchError) else f"{type(error).__name__}: {error}"
        if background:
            if text != self.failure:
                self.hooks.status(tr("后台同步失败：{error}", error=text))
        else:
            show_message(self.window, tr("同步"), tr("同步失败：{error}", error=text),
                         QMessageBox.Icon.Warning)
        self.failure = text
        self._show_state()
        return True

    # ---- connect, pages, disconnect ----------------------------------------------------------
    def open_connect(self) -> ConnectDialog:
        dlg = ConnectDialog(self.data_dir, self.runner, self.window)
        dlg.setObjectName("courtConnectDialog")
        dlg.connected.connect(lambda _user: self._connected())
        self.dialog = dlg
        dlg.open()
        return dlg

    def _connected(self) -> None:
        self.desk = desk.load(self.data_dir)
        self.reachable, self.failure = True, ""
        self.update_actions()
        self._schedule()
        self._show_state()
        self.hooks.status(tr("已连接法院库：{user}", user=self.desk.user if self.desk else ""))
        self.sync_now(background=True)  # bring this user's cases down at once

    def open_users(self) -> QWidget:
        from .users_page import UsersPage

        def make() -> QWidget:
            page = UsersPage(self.data_dir, self.runner)
            page.changed.connect(lambda: self.sync_now(background=True))
            page.refresh()
            return page
        return self.hooks.open_tab(UsersPage, tr("用户与分配"), make)

    def open_figures(self) -> QWidget:
        from .figures_page import CourtFiguresPage

        def make() -> QWidget:
            page = CourtFiguresPage(self.data_dir, self.runner)
            page.refresh()
            return page
        return self.hooks.open_tab(CourtFiguresPage, tr("全院统计"), make)

    def _ask_disconnect(self, pending: int) -> bool:
        text = tr("断开后本机单独使用，保存的密码将被删除。")
        if pending:
            text += "\n" + tr("还有 {n} 条改动未同步到法院库；它们留在本机，重新连接后再同步。",
                              n=pending)
        answer = QMessageBox.question(self.window, tr("断开法院库"), text)
        return answer == QMessageBox.StandardButton.Yes

    def disconnect(self) -> None:
        if not self.connected or self.sync_task is not None:
            return
        pending = sum(self.state.pending.values()) if self.state and self.state.connected else 0
        if not self.ask_disconnect(pending):
            return
        self.timer.stop()
        self._disconnecting = True
        data_dir = self.data_dir

        def done(_s: object) -> None:
            from .figures_page import CourtFiguresPage
            from .users_page import UsersPage
            self._disconnecting = False
            self.desk, self.state, self.reachable, self.failure = None, DeskStatus(False), None, ""
            for page in (UsersPage, CourtFiguresPage):
                self.hooks.close_tabs(page)
            self.update_actions()
            self._show_state()
            self.state_changed.emit(self.state)
            self.hooks.status(tr("已断开法院库，保存的密码已删除"))

        def failed(_e: BaseException) -> bool:
            self._disconnecting = False
            self._schedule()
            return False

        # The keyring may be a D-Bus call away: not on the GUI thread.
        self.runner.submit(lambda progress, cancel: desk.forget(data_dir), on_done=done,
                           on_error=failed)

"""队列 in the main window: the service (送达) and preservation (保全) queues, each opened as a
tab like the dashboard, refreshed when opened and with F5."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenuBar, QWidget

from .delivery_view import DeliveryQueueView
from .i18n import tr
from .preservation_view import PreservationQueueView
from .task_runner import TaskRunner

OpenTab = Callable[[type, str, Callable[[], QWidget]], QWidget]
KEYS = {"service": "Ctrl+Shift+S", "preservation": "Ctrl+Shift+P"}


class QueueMenu:
    def __init__(self, window: QMainWindow, data_dir: Path, runner: TaskRunner,
                 open_tab: OpenTab) -> None:
        self.window, self.data_dir, self.runner, self.open_tab = window, Path(data_dir), runner, open_tab
        self.act_service = self._action("送达队列", self.open_service, KEYS["service"],
                                        "serviceQueue")
        self.act_preservation = self._action("保全队列", self.open_preservation,
                                             KEYS["preservation"], "preservationQueue")
        self.actions = [self.act_service, self.act_preservation]

    def _action(self, text: str, slot: Callable[[], object], keys: str, name: str) -> QAction:
        act = QAction(tr(text), self.window)
        act.setObjectName(name)
        act.setShortcut(QKeySequence(keys))
        act.setToolTip(f"{tr(text)} ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def add_menu(self, bar: QMenuBar) -> None:
        self.menu = bar.addMenu(tr("队列(&Q)"))
        self.menu.setObjectName("queueMenu")
        for a in self.actions:
            self.menu.addAction(a)

    def open_service(self) -> DeliveryQueueView:
        def make() -> QWidget:
            view = DeliveryQueueView(self.data_dir, self.runner)
            view.refresh()
            return view
        return self.open_tab(DeliveryQueueView, tr("送达队列"), make)  # type: ignore[return-value]

    def open_preservation(self) -> PreservationQueueView:
        def make() -> QWidget:
            view = PreservationQueueView(self.data_dir, self.runner)
            view.refresh()
            return view
        return self.open_tab(PreservationQueueView, tr("保全队列"), make)  # type: ignore[return-value]

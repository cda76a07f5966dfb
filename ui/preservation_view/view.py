"""The preservation queue view: matters with their state, fee, the next expiry and alerts
(coloured), a filter for those needing action, and the count of measures expiring this week."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel,
                               QLineEdit, QVBoxLayout, QWidget)

from models.queues import MATTER_COLUMNS, QueueModel
from workbench.preservation.matters import STATUS

from ..i18n import language, tr
from ..queue_table import filtered_table, standalone_keys, status_combo
from ..task_runner import TaskRunner



def load_matters(data_dir: Path, status: str | None, today: date) -> tuple[list[dict], dict]:
    from workbench.preservation import matters
    from workbench.service import Workbench
    with Workbench(data_dir) as wb:
        return ([m.as_dict(today) for m in matters.list_matters(wb, status=status)],
                matters.figures(wb, today))


class PreservationQueueView(QWidget):
    refreshed = Signal(int)

    def __init__(self, data_dir: Path, runner: TaskRunner, *,
                 today: date | None = None) -> None:
        super().__init__()
        self.data_dir, self.runner, self.today = Path(data_dir), runner, today or date.today()
        self.rows: list[dict] = []
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.status_combo = status_combo(STATUS)
        self.alerts_only = QCheckBox(tr("只看需处理的"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("案号、申请人或被申请人"))
        for w in (self.status_combo, self.alerts_only, self.search):
            bar.addWidget(w)
        lay.addLayout(bar)
        self.model = QueueModel(MATTER_COLUMNS, language())
        self.proxy, self.table = filtered_table(self.model, self)
        lay.addWidget(self.table)
        self.figures_label = QLabel("")
        self.figures_label.setObjectName("preservation_figures")
        lay.addWidget(self.figures_label)
        self.status_combo.currentIndexChanged.connect(lambda *_: self.refresh())
        self.alerts_only.toggled.connect(lambda *_: self._fill())
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.shortcuts = standalone_keys(self)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        status = self.status_combo.currentData() or None
        self.runner.submit(lambda progress, cancel: load_matters(self.data_dir, status, self.today),
                           title=tr("保全队列"), on_done=self._show)

    def _show(self, result: tuple[list[dict], dict]) -> None:
        self.rows, fig = result
        self.figures_label.setText(tr("本周期满的措施 {n} 项；待处理提醒 {alerts} 项",
                                      n=fig["expiring"], alerts=fig["alerts"]))
        self._fill()

    def _fill(self) -> None:
        rows = [r for r in self.rows if r["alerts"]] if self.alerts_only.isChecked() else self.rows
        self.model.set_rows(rows)
        self.refreshed.emit(len(rows))

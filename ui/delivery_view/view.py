"""The service queue view: tasks with filters (state, method, any text), the figures (success
rate by method, average days to effective service) and the day's mail list for the EMS labels.

Reading runs off the GUI thread through `run_task(fn, on_done, on_error)`; `fn` opens its own
Workbench, as the task runner requires.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from models.queues import TASK_COLUMNS, QueueModel
from workbench.delivery.queue import STATUS

from ..i18n import language, tr
from ..queue_table import filtered_table, standalone_keys, status_combo
from ..task_runner import TaskRunner

AskPath = Callable[[QWidget, str], str | None]


def _ask_save_path(parent: QWidget, default: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, tr("导出邮寄清单"), default, "CSV (*.csv)")
    return path or None


def load_queue(data_dir: Path, status: str | None, method: str | None) -> tuple[list[dict], dict]:
    from workbench.delivery import queue
    from workbench.service import Workbench
    with Workbench(data_dir) as wb:
        return ([t.as_dict() for t in queue.list_tasks(wb, status=status, method=method)],
                queue.figures(wb))


def mail_list(rows: list[dict], on: date) -> list[list[str]]:
    """The letters posted on `on`: one line per EMS label."""
    out = []
    for t in rows:
        for a in t["attempts"]:
            if a["method"] == "post" and a["result"] == "mailed" and a["on"] == on:
                out.append([t["case_number"], t["recipient"], t["address"],
                            a["data"].get("ems_number", ""), t["document"]])
    return out


class DeliveryQueueView(QWidget):
    refreshed = Signal(int)
    exported = Signal(str)

    def __init__(self, data_dir: Path, runner: TaskRunner, *,
                 ask_save_path: AskPath = _ask_save_path) -> None:
        super().__init__()
        from workbench.delivery.rules import METHODS
        self.data_dir, self.runner, self._ask = Path(data_dir), runner, ask_save_path
        self.rows: list[dict] = []
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.status_combo = status_combo(STATUS)
        self.method_combo = QComboBox()
        self.method_combo.addItem(tr("全部方式"), "")
        for m in METHODS.values():
            self.method_combo.addItem(m.zh if language() == "zh" else m.en, m.key)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("案号、受送达人或文书"))
        self.mail_date = QDateEdit(date.today())
        self.mail_date.setCalendarPopup(True)
        self.export_button = QPushButton(tr("导出当日邮寄清单"))
        for w in (self.status_combo, self.method_combo, self.search, self.mail_date,
                  self.export_button):
            bar.addWidget(w)
        lay.addLayout(bar)
        self.model = QueueModel(TASK_COLUMNS, language())
        self.proxy, self.table = filtered_table(self.model, self)
        lay.addWidget(self.table)
        self.figures_label = QLabel("")
        self.figures_label.setObjectName("delivery_figures")
        lay.addWidget(self.figures_label)
        self.status_combo.currentIndexChanged.connect(lambda *_: self.refresh())
        self.method_combo.currentIndexChanged.connect(lambda *_: self.refresh())
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.export_button.clicked.connect(self.export_mail_list)
        self.shortcuts = standalone_keys(self)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        status = self.status_combo.currentData() or None
        method = self.method_combo.currentData() or None
        self.runner.submit(lambda progress, cancel: load_queue(self.data_dir, status, method),
                           title=tr("送达队列"), on_done=self._show)

    def _show(self, result: tuple[list[dict], dict]) -> None:
        self.rows, fig = result
        self.model.set_rows(self.rows)
        parts = [f"{tr('成功率')} " + ("，" if language() == "zh" else ", ").join(
            f"{self.method_combo.itemText(self.method_combo.findData(k))} {v['rate']:.0%}"
            for k, v in fig["by_method"].items())]
        avg = fig["average_days_to_effective"]
        parts.append(tr("平均 {days} 日生效", days="—" if avg is None else avg))
        self.figures_label.setText(("　" if language() == "zh" else "; ").join(parts))
        self.refreshed.emit(len(self.rows))

    def export_mail_list(self) -> None:
        on = self.mail_date.date().toPython()
        path = self._ask(self, f"邮寄清单-{on}.csv")
        if not path:
            return
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow([tr("案号"), tr("受送达人"), tr("送达地址"), tr("邮件号"), tr("送达文书")])
            w.writerows(mail_list(self.rows, on))
        self.exported.emit(path)

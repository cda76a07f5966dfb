"""全院审判态势: the court-wide dashboard read from the court store — every judge's pending and
long-pending cases and cases concluded per month (what row-level security lets this user see)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from workbench.store.court.figures import CourtFigures, court_figures
from workbench.court.sync import open_court

from ..i18n import core, tr
from ..task_runner import TaskRunner


def _load(data_dir: Path) -> CourtFigures:
    _, conn = open_court(data_dir)
    with conn:
        return court_figures(conn)


class CourtFiguresPage(QWidget):
    def __init__(self, data_dir: Path, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir, self.runner = Path(data_dir), runner
        self.figures: CourtFigures | None = None
        self.summary = QLabel(tr("正在读取法院库…"))
        self.summary.setObjectName("courtSummary")
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("courtFigures")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.long = QLabel()
        self.long.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        refresh = QPushButton(tr("刷新"))
        refresh.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(refresh)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.long)
        lay.addLayout(buttons)

    def refresh(self) -> None:
        self.runner.run(lambda progress, cancel: _load(self.data_dir), on_done=self.show_figures,
                        on_error=self._failed)

    def show_figures(self, f: CourtFigures) -> None:
        self.figures = f
        months = f.months[-6:]
        heads = [tr("法官"), tr("未结"), tr("长期未结")] + [m[2:] for m in months] + [tr("12个月结案")]
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setRowCount(len(f.rows))
        for i, r in enumerate(f.rows):
            who = tr("{name}（{user}）", name=r.name, user=r.judge) if r.name and r.judge else (r.judge or tr("（未分案）"))
            cells = [who, r.pending, r.long_pending]
            cells += [r.concluded.get(m, 0) for m in months] + [sum(r.concluded.values())]
            for j, v in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(str(v)))
        self.summary.setText(tr("全院 {cases} 件；人均月结案 {rate}", cases=f.cases,
                                rate=f"{f.per_judge_per_month:.2f}"))
        self.long.setText(tr("长期未结案件：{cases}", cases="、".join(f.long_pending_cases[:20]) or "—"))

    def _failed(self, error: BaseException) -> bool:
        self.summary.setText(core(error))
        return True

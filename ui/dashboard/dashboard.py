"""The dashboard: a judge's or a division's pending, due-this-week, overdue and long-pending
cases, cases concluded per judge per month (the Qiandeng model's measure) as a bar chart, pending
cases by judge, and the figures as a table exportable to CSV.

Figures are computed off the GUI thread through the task runner the window passes in; `fn(progress, cancel)` opens its own Workbench, as the task runner requires.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCharts import (QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView,
                              QStackedBarSeries, QValueAxis)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFrame, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QSplitter, QTableView,
                               QVBoxLayout, QWidget)

from models.figures import FiguresModel
from workbench.tracking.figures import Figures

from ..i18n import language, tr
from ..task_runner import TaskRunner
from .queue_figures import QueueFiguresRow

AskPath = Callable[[QWidget, str], str | None]
CARDS = [("pending", "未结"), ("due_this_week", "本周到期"), ("overdue", "已超期"),
         ("long_pending", "长期未结"), ("per_judge_per_month", "人均月结案")]
CARD_COLORS = {"due_this_week": "#ad6800", "overdue": "#cf1322"}


def _ask_save_path(parent: QWidget, default: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, tr("导出统计数据"), default, "CSV (*.csv)")
    return path or None


class _Card(QFrame):
    def __init__(self, key: str, title: str) -> None:
        super().__init__()
        self.setObjectName(f"card_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        self.value = QLabel("—")
        self.value.setObjectName(f"figure_{key}")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if key in CARD_COLORS:
            self.value.setStyleSheet(f"color: {CARD_COLORS[key]}")
        caption = QLabel(tr(title))
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.value)
        lay.addWidget(caption)


class Dashboard(QWidget):
    refreshed = Signal(object)  # Figures
    exported = Signal(str)

    def __init__(self, data_dir: Path | str, runner: TaskRunner, parent: QWidget | None = None, *,
                 today: date | None = None, months: int = 12,
                 ask_save_path: AskPath = _ask_save_path) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.data_dir = Path(data_dir)
        self.runner = runner
        self.today = today
        self.months = months
        self.ask_save_path = ask_save_path
        self.figures: Figures | None = None
        self._filling = False

        self.judge_combo = QComboBox(objectName="dashJudge")
        self.division_combo = QComboBox(objectName="dashDivision")
        for combo, everyone in ((self.judge_combo, "全部法官"), (self.division_combo, "全部部门")):
            combo.addItem(tr(everyone), "")
            combo.currentIndexChanged.connect(self._filter_changed)
        self.refresh_button = QPushButton(tr("刷新"), objectName="dashRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(tr("导出 CSV"), objectName="dashExport")
        self.export_button.clicked.connect(self.export_csv)
        self.export_button.setEnabled(False)
        self.status = QLabel(objectName="dashStatus")
        bar = QHBoxLayout()
        for w in (QLabel(tr("承办法官")), self.judge_combo, QLabel(tr("部门")), self.division_combo):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.status)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.export_button)

        self.cards = {key: _Card(key, title) for key, title in CARDS}
        cards = QGridLayout()
        for i, key in enumerate(self.cards):
            cards.addWidget(self.cards[key], 0, i)

        self.concluded_chart = QChartView(objectName="concludedChart")
        self.pending_chart = QChartView(objectName="pendingChart")
        for view in (self.concluded_chart, self.pending_chart):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(260)
        self.model = FiguresModel(lang=language(), parent=self)
        self.table = QTableView(objectName="figuresTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.concluded_chart)
        charts.addWidget(self.pending_chart)
        charts.setSizes([700, 400])
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(charts)
        body.addWidget(self.table)
        body.setSizes([520, 240])
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addLayout(cards)
        self.queue_figures = QueueFiguresRow(self)
        lay.addWidget(self.queue_figures)
        lay.addWidget(body, 1)

    # ---- computing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute the figures for the chosen judge and division, in the background."""
        data_dir, today, months = self.data_dir, self.today, self.months
        judge = self.judge_combo.currentData() or ""
        division = self.division_combo.currentData() or ""

        def work(progress: Any, cancel: Any) -> tuple[Figures, list[str], list[str]]:
            from workbench.service import Workbench
            from workbench.tracking.figures import compute_figures, divisions
            with Workbench(data_dir) as wb:
                fig = compute_figures(wb, today, judge=judge, division=division, months=months,
                                      progress=progress, cancel=cancel)
                return fig, wb.judges(), divisions(wb)

        self.status.setText(tr("正在统计…"))
        self.refresh_button.setEnabled(False)
        self.runner.submit(work, title=tr("正在统计…"), on_done=self._show, on_error=self._failed)

    def _failed(self, error: BaseException) -> bool:
        self.refresh_button.setEnabled(True)
        self.status.setText(tr("统计失败"))
        return False  # let the task runner report it the one usual way

    def _show(self, result: tuple[Figures, list[str], list[str]]) -> None:
        fig, judges, divisions = result
        self._fill(self.judge_combo, judges)
        self._fill(self.division_combo, divisions)
        self.figures = fig
        self.model.set_figures(fig)
        t = fig.total
        values = {"pending": t.pending, "due_this_week": t.due_this_week, "overdue": t.overdue,
                  "long_pending": t.long_pending, "per_judge_per_month": fig.per_judge_per_month}
        for key, card in self.cards.items():
            card.value.setText(str(values[key]))
        self.cards["long_pending"].setToolTip(
            tr("立案满 {n} 个月仍未审结", n=fig.long_pending_months))
        self.concluded_chart.setChart(self._concluded_chart(fig))
        self.pending_chart.setChart(self._pending_chart(fig))
        self.status.setText(tr("统计日 {d}", d=fig.today.isoformat()))
        self.refresh_button.setEnabled(True)
        self.export_button.setEnabled(True)
        # The queues' figures (issue 13) follow, as a task of their own.
        self.queue_figures.refresh(self.data_dir, fig.today, self.runner)
        self.refreshed.emit(fig)

    def _fill(self, combo: QComboBox, items: list[str]) -> None:
        current = combo.currentData() or ""
        self._filling = True
        while combo.count() > 1:
            combo.removeItem(1)
        for item in items:
            combo.addItem(item, item)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        self._filling = False

    def _filter_changed(self, _index: int) -> None:
        if not self._filling:
            self.refresh()

    def set_filter(self, judge: str = "", division: str = "") -> None:
        """Choose a judge and a division (e.g. the signed-in judge's own) and recompute once."""
        self._filling = True
        for combo, value in ((self.judge_combo, judge), (self.division_combo, division)):
            if value and combo.findData(value) < 0:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self._filling = False
        self.refresh()

    # ---- charts ------------------------------------------------------------------------------
    def _concluded_chart(self, fig: Figures) -> QChart:
        sets = [(r.judge or tr("（未指定）"), [r.concluded.get(m, 0) for m in fig.months], None)
                for r in fig.rows]
        # 26/04: month labels short enough for twelve bars
        # Stacked: one bar a month, one segment a judge, so twelve months of a dozen judges are
        # twelve readable bars, not 144 hairlines.
        return _bar_chart(tr("各法官月结案数"), sets, [m[2:].replace("-", "/") for m in fig.months],
                          stacked=True)

    def _pending_chart(self, fig: Figures) -> QChart:
        sets = [(tr(title), [getattr(r, key) for r in fig.rows], color)
                for key, title, color in (("pending", "未结", None),
                                          ("overdue", "已超期", "#cf1322"),
                                          ("long_pending", "长期未结", "#722ed1"))]
        return _bar_chart(tr("各法官未结案件"), sets, [r.judge or tr("（未指定）") for r in fig.rows])

    # ---- export ------------------------------------------------------------------------------
    def export_csv(self) -> None:
        fig = self.figures
        if fig is None:
            return
        default = str(self.data_dir / "exports" / f"figures-{fig.today:%Y%m%d}.csv")
        path = self.ask_save_path(self, default)
        if not path:
            return

        def work(progress: Any, cancel: Any) -> str:
            from workbench.tracking.figures import write_figures_csv
            return str(write_figures_csv(fig, path))

        def done(written: str) -> None:
            self.status.setText(tr("已导出 {path}", path=written))
            self.exported.emit(written)

        self.runner.submit(work, title=tr("导出统计数据"), on_done=done)


def axis_top(top: int) -> tuple[int, int]:
    """The y axis's upper end and tick count for counts up to `top`: whole-number steps, at
    least 0–5, so a month of one or two judgments is not a bar the full height of a 0–1 axis."""
    top = max(int(top), 5)
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10 ** 9)
                if top / s <= 8)
    end = -(-top // step) * step
    return end, end // step + 1


def _bar_chart(title: str, sets: list[tuple[str, list[int], str | None]],
               categories: list[str], stacked: bool = False) -> QChart:
    """A bar chart of whole-number counts: one bar set per (label, values, colour)."""
    chart = QChart()
    chart.setTitle(title)
    series = QStackedBarSeries() if stacked else QBarSeries()
    series.setBarWidth(0.7)
    for label, values, color in sets:
        bar = QBarSet(label)
        bar.append([float(v) for v in values])
        if color:
            bar.setColor(color)
        series.append(bar)
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append(categories)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    if stacked:
        top = max([sum(col) for col in zip(*[values for _, values, _ in sets])] + [0])
    else:
        top = max([v for _, values, _ in sets for v in values] + [0])
    end, ticks = axis_top(top)
    axis_y = QValueAxis()
    axis_y.setRange(0, end)
    axis_y.setTickCount(ticks)
    axis_y.setLabelFormat("%d")
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart

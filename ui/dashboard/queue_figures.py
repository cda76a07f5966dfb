"""The dashboard's row of queue figures (issue 13): the service success rate (all attempts, and
by method in the tooltip), the average days from a document to its effective service, and the
preservation measures expiring within seven days. Computed off the GUI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..i18n import tr

if TYPE_CHECKING:
    from ..task_runner import TaskRunner

FIGURES = [("service_rate", "送达成功率"), ("days_to_service", "平均送达生效天数"),
           ("expiring_measures", "七日内期满的保全措施")]


def queue_figures(data_dir: Path, today: date) -> dict[str, Any]:
    from workbench.delivery import queue
    from workbench.preservation import matters
    from workbench.service import Workbench
    with Workbench(data_dir) as wb:
        return {"service": queue.figures(wb), "preservation": matters.figures(wb, today, 7)}


class QueueFiguresRow(QWidget):
    refreshed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.values: dict[str, QLabel] = {}
        for key, title in FIGURES:
            frame = QFrame(objectName=f"card_{key}")
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(frame)
            value = QLabel("—", objectName=f"figure_{key}")
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.6)
            font.setBold(True)
            value.setFont(font)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = QLabel(tr(title))
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            inner.addWidget(value)
            inner.addWidget(caption)
            lay.addWidget(frame)
            self.values[key] = value

    def refresh(self, data_dir: Path, today: date | None, runner: "TaskRunner") -> None:
        day = today or date.today()
        runner.submit(lambda progress, cancel: queue_figures(data_dir, day), on_done=self._show)

    def _show(self, fig: dict[str, Any]) -> None:
        by_method = fig["service"]["by_method"]
        attempts = sum(v["attempts"] for v in by_method.values())
        ok = sum(v["succeeded"] for v in by_method.values())
        self.values["service_rate"].setText(f"{ok / attempts:.0%}" if attempts else "—")
        self.values["service_rate"].setToolTip("\n".join(
            f"{k}: {v['succeeded']}/{v['attempts']}" for k, v in by_method.items()))
        avg = fig["service"]["average_days_to_effective"]
        self.values["days_to_service"].setText("—" if avg is None else str(avg))
        self.values["expiring_measures"].setText(str(fig["preservation"]["expiring"]))
        self.refreshed.emit(fig)

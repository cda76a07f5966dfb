"""Start-up: from launching the process to a usable main window (shown, the case list's first
page loaded, the event loop idle), on a data directory holding the demo court and on an empty one
(where the demo court is then built in the background). Each start is a fresh process.

Peer (issue 15): a bare PySide6 window with the same widget modules imported (QtWidgets, QtPdf,
QtPdfWidgets, QtCharts, QtMultimedia) and a table in it, started the same way in the same run.
Both run on Qt's offscreen platform, so a display server's start-up is not in either figure."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, ratio_line

CHILD = r'''
import sys, time
mode, data_dir = sys.argv[1], sys.argv[2]
from PySide6.QtCore import QTimer
if mode == "bare":
    from PySide6 import QtCharts, QtMultimedia, QtPdf, QtPdfWidgets  # noqa: F401 - the peer's imports
    from PySide6.QtGui import QStandardItemModel, QStandardItem
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
    app = QApplication(["bare"])
    w = QMainWindow()
    model = QStandardItemModel(200, 6)
    for r in range(200):
        model.setItem(r, 0, QStandardItem(f"（2026）苏0583民初{r}号"))
    table = QTableView()
    table.setModel(model)
    w.setCentralWidget(table)
    w.resize(1280, 720)
    w.show()
    ready = lambda: model.rowCount() > 0
else:
    # The real start path (ui.app.main), with the application made first so the probe can wait.
    from PySide6.QtWidgets import QApplication
    app = QApplication(["workbench"])

    def ready():
        from ui.main_window import MainWindow
        w = next((t for t in app.topLevelWidgets() if isinstance(t, MainWindow)), None)
        return w is not None and w.isVisible() and (w.model.rowCount() > 0 or w.runner.active)

def poll():
    if ready():
        print("READY", flush=True)
        import os
        os._exit(0)
    QTimer.singleShot(5, poll)
QTimer.singleShot(0, poll)
if mode == "bare":
    app.exec()
else:
    from ui.app import main
    main(["--data-dir", data_dir, "--lang", "zh"])
'''


def start(mode: str, data_dir: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(data_dir)], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    took = time.perf_counter() - t
    if "READY" not in out.stdout:
        raise SystemExit(f"{mode} did not start:\n{out.stderr[-2000:]}")
    return took


def best(mode: str, data_dir: Path | None, runs: int, fresh: bool = False) -> float:
    times = []
    for _ in range(runs):
        if fresh:
            d = Path(tempfile.mkdtemp(prefix="bench-startup-empty-"))
            try:
                times.append(start(mode, d))
            finally:
                shutil.rmtree(d, ignore_errors=True)
        else:
            times.append(start(mode, data_dir))
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from workbench.demo import build_demo_court
    from workbench.service import Workbench
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        demo = Path(tmp) / "demo"
        with Workbench(demo) as wb:
            build_demo_court(wb)
        start("workbench", demo)  # the first start compiles bytecode and fills the page cache
        start("bare", demo)
        bare = best("bare", demo, args.runs)
        ours = best("workbench", demo, args.runs)
        empty = best("workbench", None, args.runs, fresh=True)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; best of {args.runs}")
    print(ratio_line("start to a usable window, demo court", ours, "bare PySide6 window", bare))
    print(ratio_line("start to a usable window, empty data directory", empty,
                     "bare PySide6 window", bare))
    print(f"target (issue 15): under 2 s — demo court {'met' if ours < 2 else 'NOT met'}, "
          f"empty data directory {'met' if empty < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()

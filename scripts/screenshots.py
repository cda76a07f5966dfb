"""Screenshots of the real window under Xvfb + openbox, at a given screen size.

    xvfb-run -a -s "-screen 0 1280x720x24" sh -c 'openbox & sleep 1; \
        .venv/bin/python scripts/screenshots.py DATA_DIR OUT_DIR'

DATA_DIR is copied first (a demo court: `workbench demo`), so nothing in it changes. Each state
is captured with ImageMagick's `import -window root` (the whole screen, window frame included).
When DATA_DIR is connected to a court store (`workbench court connect`, as an administrator for
every page), the 法院 menu, the users-and-assignment page and the court-wide figures are taken
too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog


def start(source: str, out: str, lang: str) -> tuple[QApplication, Path, Path]:
    """The application in `lang` over a copy of `source`, and the folder the pictures go to."""
    work = Path(tempfile.mkdtemp(prefix="shots-")) / "data"
    shutil.copytree(source, work)
    shots = Path(out)
    shots.mkdir(parents=True, exist_ok=True)

    from ui.app import choose_cjk_font
    from ui.i18n import install_qt_translations, set_language

    app = QApplication(["workbench"])
    set_language(lang)
    install_qt_translations(app, lang)
    choose_cjk_font(app)
    return app, work, shots


def camera(app: QApplication, shots: Path):
    """settle(ms) lets the event loop run; snap(name) takes the whole screen to NAME-WxH.png."""
    size = app.primaryScreen().size()
    tag = f"{size.width()}x{size.height()}"

    def settle(ms: int) -> None:
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    def snap(name: str) -> None:
        settle(700)  # let every window paint before the picture
        target = shots / f"{name}-{tag}.png"
        subprocess.run(["import", "-window", "root", str(target)], check=True)
        print(target, flush=True)
    return settle, snap


def main(source: str, out: str, lang: str = "zh") -> int:
    app, work, shots = start(source, out, lang)
    from ui.main_window import MainWindow
    from workbench.service import Workbench

    with Workbench.open(work) as wb:
        number = next(r.number for r in wb.list_cases(limit=200) if r.status == "heard")
        inbox = work.parent / "inbox"
        inbox.mkdir()
        for e in wb.catalogue(number)[:3]:
            (inbox / f"{e.seq:02d}.pdf").write_bytes(wb.document_pdf(e.document_id))
    w = MainWindow(work)
    w.show()
    settle, snap = camera(app, shots)
    state: dict = {}

    def file_dialog() -> None:
        dlg = QFileDialog(w, "添加文件" if lang == "zh" else "Add files")
        dlg.setOption(QFileDialog.Option.DontUseNativeDialog)
        dlg.setDirectory(str(Path.home()))
        state["dialog"] = dlg
        dlg.show()

    def court_menu() -> None:
        bar = w.menuBar()
        menu = w.court.menu
        menu.popup(bar.mapToGlobal(bar.actionGeometry(menu.menuAction()).bottomLeft()))

    def intake() -> None:
        view = w.open_intake()
        view.load_paths(sorted(inbox.iterdir()))

    steps = [
        (1500, lambda: snap("main")),
        (0, lambda: w.open_case(number)),
        (1500, lambda: snap("case-view")),
        (0, intake),
        (6000, lambda: snap("intake")),
        (0, lambda: w.open_drafting(number)),
        (5000, lambda: snap("drafting")),
        (0, w.open_dashboard),
        (3000, lambda: snap("dashboard")),
        (0, lambda: w.courtroom.open_model_setup()),
        (800, lambda: snap("speech-models")),
        (0, lambda: w.courtroom.setup_dialog.close()),
        (0, lambda: w.help["shortcuts"].trigger()),
        (800, lambda: snap("help-shortcuts")),
        (0, lambda: w.help["shortcuts_dialog"].close()),
        (0, file_dialog),
        (1000, lambda: snap("file-dialog")),
        (0, lambda: state["dialog"].close()),
        (0, w.queues.open_service),
        (2000, lambda: snap("service-queue")),
        (0, w.queues.open_preservation),
        (2000, lambda: snap("preservation-queue")),
    ]
    if w.court.connected:
        steps += [
            (3000, court_menu),
            (500, lambda: snap("court-menu")),
            (0, lambda: w.court.menu.close()),
            (0, w.court.open_users),
            (2000, lambda: snap("court-users")),
            (0, w.court.open_figures),
            (2000, lambda: snap("court-figures")),
        ]
    steps += [
        (200, lambda: (w.unsaved.__setattr__("ask", lambda titles: "discard"), w.close(),
                       app.quit())),
    ]
    def run(i: int = 0) -> None:
        # One step at a time: each waits for the one before (a loaded machine paints late).
        if i < len(steps):
            wait, fn = steps[i]
            settle(wait)
            fn()
            QTimer.singleShot(50, lambda: run(i + 1))

    QTimer.singleShot(500, run)
    app.exec()
    w.close_workbench()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

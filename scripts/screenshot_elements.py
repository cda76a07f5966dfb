"""Screenshots of the drafting view's elements form and of a draft's sources, in the real window
under Xvfb + openbox, on the demo court's loan case whose filed answer disputes the sum:

    xvfb-run -a -s "-screen 0 1600x1000x24" sh -c 'openbox & sleep 1; \
        .venv/bin/python scripts/screenshot_elements.py DATA_DIR OUT_DIR [zh|en]'

DATA_DIR is copied first (a demo court: `workbench demo`), so nothing in it changes. Shots:
drafting-elements (the form: statuses, every reading side by side, the disputed rows marked)
and drafting-sources (the draft, the cursor in the 辩称, the answer's page shown on the left).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor


def disputed_case(wb) -> str:
    """The demo case whose file disagrees with itself (an answer that says 3000 was repaid)."""
    from workbench.drafting.casefile import read_case_file
    from workbench.drafting.extract import element_states
    for row in wb.list_cases(limit=200):
        case = wb.case(row.number)
        if case.cause != "民间借贷纠纷" or not any(e.kind == "answer_received" for e in wb.events(case.id)):
            continue
        if any(st.status == "disputed" for st in element_states(case, read_case_file(wb, case.id)).values()):
            return row.number
    raise SystemExit("no disputed case in this demo court")


def main(source: str, out: str, lang: str = "zh") -> int:
    from screenshots import camera, start
    app, work, shots = start(source, out, lang)
    from ui.main_window import MainWindow
    from workbench.service import Workbench

    with Workbench.open(work) as wb:
        number = disputed_case(wb)
    w = MainWindow(work)
    w.showMaximized()
    settle, snap = camera(app, shots)
    size = app.primaryScreen().size()
    state: dict = {}

    def open_form() -> None:
        view = state["view"] = w.open_drafting(number)
        view.splitter.setSizes([int(size.width() * 0.62), int(size.width() * 0.38)])
        view.left.setCurrentWidget(view.elements)

    def into_defence() -> None:
        view = state["view"]
        i = next(k for k, p in enumerate(view.paragraphs()) if p.section == "defence")
        block = view.editor.document().findBlockByNumber(view._block_of[i])
        cur = QTextCursor(block)
        cur.setPosition(block.position() + 12)
        view.editor.setTextCursor(cur)
        view.editor.setFocus()
        view.show_source_here()  # what a click on the sentence does

    steps = [
        (1500, open_form),
        (5000, lambda: snap("drafting-elements")),
        (0, lambda: state["view"].splitter.setSizes([int(size.width() * 0.45), int(size.width() * 0.55)])),
        (300, into_defence),
        (1500, lambda: snap("drafting-sources")),
        (200, lambda: (w.unsaved.__setattr__("ask", lambda titles: "discard"), w.close(), app.quit())),
    ]

    def run(i: int = 0) -> None:
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

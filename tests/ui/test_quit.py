"""Quitting is prompt (issue 15, item 9: Ctrl+Q took 2-3 s): with nothing running, and while the
demo court is being built in the background, the window closes and the workbench lets go of its
data directory within a second; the data directory opens again afterwards."""

from __future__ import annotations

import time

from workbench.service import Workbench


def _quit_seconds(w) -> float:
    t = time.perf_counter()
    w.act_quit.trigger()
    w.close_workbench()
    return time.perf_counter() - t


def test_quit_with_nothing_running(open_window, demo_dir, qtbot):
    w = open_window(demo_dir)
    qtbot.waitUntil(lambda: w.model.rowCount() > 0)
    assert _quit_seconds(w) < 1.0
    assert not w.isVisible()


def test_quit_while_the_demo_court_is_being_built(open_window, tmp_path, qtbot):
    data = tmp_path / "empty"
    w = open_window(data)
    assert w.build_demo_if_empty()
    qtbot.waitUntil(lambda: bool(w.runner.active))
    qtbot.wait(300)
    assert _quit_seconds(w) < 1.0
    assert not w.runner.active
    with Workbench(data) as wb:  # whatever the cancelled build left, the directory opens
        assert wb.verify().ok

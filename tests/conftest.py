"""Fixtures shared by every test: a fresh data directory that never touches the user's real one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    # No test may read or write the real data directory or settings.
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def example_doc() -> dict:
    return json.loads((DATA / "example_case.json").read_text(encoding="utf-8"))


@pytest.fixture
def example_path() -> Path:
    return DATA / "example_case.json"


@pytest.fixture
def wb(tmp_path):
    from workbench.service import Workbench
    w = Workbench.open(tmp_path / "data")
    yield w
    w.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A demo court built once per test session; tests copy it before changing anything."""
    from workbench.demo import build_demo_court
    from workbench.service import Workbench
    root = tmp_path_factory.mktemp("demo-template") / "data"
    with Workbench.open(root) as w:
        build_demo_court(w)
    return root


@pytest.fixture
def demo_dir(demo_template, tmp_path) -> Path:
    target = tmp_path / "demo-data"
    shutil.copytree(demo_template, target)
    return target


@pytest.fixture
def open_window(qtbot):
    """Factory: a shown MainWindow over a data directory, closed at the end of the test."""
    from ui.main_window import MainWindow
    from ui.task_runner import SyncRunner, TaskRunner

    made = []

    def make(data_dir: Path, synchronous: bool = False, runner=None) -> MainWindow:
        w = MainWindow(data_dir, runner=runner or (SyncRunner() if synchronous else TaskRunner()))
        # A modal prompt would hang a test: unless a test answers it, unsaved work is dropped.
        w.unsaved.ask = lambda titles: "discard"
        w.unsaved.ask_back = lambda titles: False
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        made.append(w)
        return w

    yield make
    for w in made:
        w.close_workbench()

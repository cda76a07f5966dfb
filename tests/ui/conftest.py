"""GUI test fixtures: offscreen Qt, a fresh data directory per test, never the user's settings.

The demo court is built once per session (through the core, ~7 s) and copied into each test's
own temporary directory, so tests can change it freely.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["WORKBENCH_LANG"] = "zh"

from ui import i18n  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("WORKBENCH_LANG", "zh")
    # Anything that falls back to the default data directory lands in tmp_path, not in $HOME.
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "default-data"))
    hooks = (sys.excepthook, threading.excepthook)
    i18n.set_language("zh")
    yield
    sys.excepthook, threading.excepthook = hooks
    close_message_boxes()
    i18n.set_language("zh")


def _court_store_fixtures():
    """tests/court/conftest.py's real throwaway PostgreSQL (pg_cluster, court_db, court), for
    the GUI tests that walk the court pages connected (test_one_language)."""
    import importlib.util
    path = Path(__file__).parents[1] / "court" / "conftest.py"
    spec = importlib.util.spec_from_file_location("court_store_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_court = _court_store_fixtures()
pg_cluster, court_db, court = _court.pg_cluster, _court.court_db, _court.court


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, empty data directory."""
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from workbench.demo import build_demo_court
    from workbench.service import Workbench

    d = tmp_path_factory.mktemp("demo-template") / "data"
    with Workbench.open(d) as wb:
        build_demo_court(wb)
    return d


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    d = tmp_path / "demo"
    shutil.copytree(demo_template, d)
    return d


@pytest.fixture
def window(open_window, demo_dir: Path):
    return open_window(demo_dir)


@pytest.fixture
def boxes():
    """The visible message boxes (their text is what the user reads)."""
    return message_boxes


def message_boxes() -> list:
    from PySide6.QtWidgets import QApplication, QMessageBox

    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


def close_message_boxes() -> None:
    for box in message_boxes():
        box.close()


def _type_chinese(widget, text: str) -> None:
    """Type text as a Chinese input method does: each character committed by the IME.
    (QTest.keyClicks only knows ASCII keys.)"""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        ev = QInputMethodEvent("", [])
        ev.setCommitString(ch)
        QApplication.sendEvent(widget, ev)
        QApplication.processEvents()


@pytest.fixture
def type_text():
    return _type_chinese

"""The main window's size: fitted to the screen it opens on, remembered per screen size.

A laptop at 1280×720 and an office monitor at 1920×1080 each get the size the user last left
on them; a screen never seen before gets the preferred size, shrunk to fit its work area.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

from workbench.settings import Settings

PREFERRED = QSize(1400, 860)
MINIMUM = QSize(960, 600)
KEY = "ui.window_geometry"


def screen_key(available: QRect) -> str:
    return f"{available.width()}x{available.height()}"


def fit(available: QRect, saved: list[int] | None = None) -> QRect:
    """Where the window goes on a screen whose work area is `available`."""
    if saved and len(saved) == 4:
        x, y, w, h = saved
    else:
        w, h = PREFERRED.width(), PREFERRED.height()
        x = y = None  # centred below
    w = max(min(w, available.width()), min(MINIMUM.width(), available.width()))
    h = max(min(h, available.height()), min(MINIMUM.height(), available.height()))
    if x is None or y is None:
        x = available.x() + (available.width() - w) // 2
        y = available.y() + (available.height() - h) // 2
    x = min(max(x, available.x()), available.x() + available.width() - w)
    y = min(max(y, available.y()), available.y() + available.height() - h)
    return QRect(x, y, w, h)


def place(window: QWidget, settings: Settings) -> QRect:
    """Give `window` the geometry remembered for its screen, or one that fits it."""
    screen = window.screen()
    available = screen.availableGeometry() if screen is not None else QRect(0, 0, 1400, 860)
    saved = settings.get(KEY).get(screen_key(available))
    rect = fit(available, saved)
    window.setMinimumSize(min(MINIMUM.width(), available.width()),
                          min(MINIMUM.height(), available.height()))
    window.setGeometry(rect)
    return rect


def remember(window: QWidget, settings: Settings) -> None:
    screen = window.screen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    g = window.geometry()
    table = settings.get(KEY)
    table[screen_key(screen.availableGeometry())] = [g.x(), g.y(), g.width(), g.height()]
    settings.set(KEY, table)

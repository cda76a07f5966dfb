"""Where Qt's file dialogs open: the folder last used (kept in the settings), else the user's
documents, never the program's own folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from workbench.settings import Settings


def start_folder(settings: Settings | None) -> str:
    last = settings.get("ui.last_folder") if settings is not None else ""
    if last and Path(last).is_dir():
        return last
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def remember_folder(settings: Settings | None, path: str | Path) -> None:
    """Keep the folder of `path` (or `path`, a folder) for the next dialog."""
    if settings is not None and path:
        p = Path(path)
        settings.set("ui.last_folder", str(p if p.is_dir() else p.parent))

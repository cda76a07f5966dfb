"""Unsaved work: drafts and hearing records are saved aside every few seconds into the data
directory (`autosave/`), restored after a crash, and the window asks before closing a tab or
quitting with changes not yet filed.

A view takes part by having `has_unsaved()`, `unsaved_title()`, `autosave_key()` and
`aside()` (a JSON-able dict). Writes are atomic, so a crash mid-write leaves the previous copy.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.files import atomic_write_bytes

from .i18n import tr

FOLDER = "autosave"


def key_for(kind: str, name: str) -> str:
    """A file-system-safe key: draft-2026-苏0583民初1234号."""
    return f"{kind}-" + re.sub(r"[（）()\\/:*?\"<>|\s]+", "-", name).strip("-")


class AutosaveStore:
    def __init__(self, data_dir: Path | str) -> None:
        self.root = Path(data_dir) / FOLDER

    def path(self, key: str) -> Path:
        return self.root / f"{key}.json"

    def write(self, key: str, payload: dict[str, Any]) -> Path:
        body = {**payload, "saved_at": datetime.now().isoformat(timespec="seconds")}
        return atomic_write_bytes(self.path(key), json.dumps(body, ensure_ascii=False).encode())

    def read(self, key: str) -> dict[str, Any] | None:
        try:
            return json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def discard(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def all(self) -> list[tuple[str, dict[str, Any]]]:
        out = []
        for p in sorted(self.root.glob("*.json")) if self.root.is_dir() else []:
            payload = self.read(p.stem)
            if payload is not None:
                out.append((p.stem, payload))
        return out


class Autosaver(QObject):
    """Every `seconds`, saves aside each view `views()` gives that has unsaved changes."""

    def __init__(self, store: AutosaveStore, views: Callable[[], list[Any]], seconds: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.views = store, views
        self.timer = QTimer(self, interval=max(1, seconds) * 1000)
        self.timer.timeout.connect(self.save_all)
        self.timer.start()

    def save_all(self) -> int:
        n = 0
        for view in self.views():
            if participates(view) and view.has_unsaved():
                self.store.write(view.autosave_key(), view.aside())
                n += 1
        return n


def participates(view: Any) -> bool:
    return all(hasattr(view, a) for a in ("has_unsaved", "unsaved_title", "autosave_key", "aside"))


def unsaved(views: list[Any]) -> list[Any]:
    return [v for v in views if participates(v) and v.has_unsaved()]


def ask_unsaved(parent: QWidget | None, titles: list[str]) -> str:
    """'keep' (saved aside, offered again next start), 'discard' or 'cancel'."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr("有未保存的更改"),
                      tr("以下内容尚未保存：") + "\n" + "\n".join(f"· {t}" for t in titles),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("unsavedPrompt")
    box.setInformativeText(tr("保留：草稿留在本机，下次打开时恢复。放弃：丢弃这些更改。"))
    keep = box.addButton(tr("保留并关闭"), QMessageBox.ButtonRole.AcceptRole)
    drop = box.addButton(tr("放弃更改"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    return "keep" if clicked is keep else "discard" if clicked is drop else "cancel"


def ask_restore(parent: QWidget | None, titles: list[str]) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, tr("恢复未保存的工作"),
                      tr("上次退出时以下内容尚未保存，是否恢复？") + "\n"
                      + "\n".join(f"· {t}" for t in titles),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName("restorePrompt")
    box.button(QMessageBox.StandardButton.Yes).setText(tr("恢复"))
    box.button(QMessageBox.StandardButton.No).setText(tr("丢弃"))
    return box.exec() == QMessageBox.StandardButton.Yes


def title_of(payload: dict[str, Any]) -> str:
    kind, name = payload.get("kind"), payload.get("case", "")
    label = tr("文书 {number}", number=name) if kind == "draft" else tr("笔录 {number}", number=name)
    return f"{label}（{payload.get('saved_at', '').replace('T', ' ')}）"


class UnsavedGuard(QObject):
    """The window's side of unsaved work: autosave its tabs, ask before a tab or the window
    closes, and offer what a crash left behind. `ask` and `ask_back` are the two prompts (tests
    replace them)."""

    def __init__(self, parent: QWidget, store: AutosaveStore, views: Callable[[], list[Any]],
                 seconds: int) -> None:
        super().__init__(parent)
        self.parent_widget, self.store, self.views = parent, store, views
        self.autosaver = Autosaver(store, views, seconds, self)
        self.ask: Callable[[list[str]], str] = lambda titles: ask_unsaved(parent, titles)
        self.ask_back: Callable[[list[str]], bool] = lambda titles: ask_restore(parent, titles)

    def may_close(self, views: list[Any]) -> bool:
        """True when these views may close: nothing unsaved, or the user chose keep/discard."""
        pending = unsaved(views)
        if not pending:
            return True
        answer = self.ask([v.unsaved_title() for v in pending])
        if answer == "cancel":
            return False
        for v in pending:
            if answer == "keep":
                self.store.write(v.autosave_key(), v.aside())
            else:
                self.store.discard(v.autosave_key())
        return True

    def left_behind(self) -> list[tuple[str, dict[str, Any]]]:
        return self.store.all()

    def offer_back(self, reopen: Callable[[dict[str, Any]], None]) -> int:
        """After a crash (or a kept close): ask, then reopen each piece with `reopen`."""
        found = self.left_behind()
        if not found:
            return 0
        if not self.ask_back([title_of(p) for _k, p in found]):
            for key, _p in found:
                self.store.discard(key)
            return 0
        for _key, payload in found:
            reopen(payload)
        return len(found)

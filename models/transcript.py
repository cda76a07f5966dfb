"""The hearing transcript as a table (time | role | text), with every change undoable.

Each change (edit a line, change a role, merge, split, replace) is a QUndoCommand holding the
utterances before and after, so undo and redo are exact whatever the change was; a transcript is
a few hundred lines, so a snapshot costs nothing. The row being played is remembered for the
view's follow-the-audio highlight.
"""

from __future__ import annotations

import copy
from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QUndoCommand, QUndoStack

from workbench.hearing.transcript import ROLES, Transcript, Utterance, join_words, role_label

Index = QModelIndex | QPersistentModelIndex
UtteranceRole = Qt.ItemDataRole.UserRole + 1
StartRole = Qt.ItemDataRole.UserRole + 2
COLUMNS = {"zh": ["时间", "角色", "发言内容"], "en": ["Time", "Role", "Text"]}
TIME, ROLE, TEXT = 0, 1, 2


def fmt_time(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:d}:{s % 3600 // 60:02d}:{s % 60:02d}"


class _Snapshot(QUndoCommand):
    def __init__(self, model: "TranscriptModel", before: list[Utterance],
                 after: list[Utterance], text: str) -> None:
        super().__init__(text)
        self.model, self.before, self.after = model, before, after

    def redo(self) -> None:
        self.model._set_utterances(copy.deepcopy(self.after))

    def undo(self) -> None:
        self.model._set_utterances(copy.deepcopy(self.before))


class TranscriptModel(QAbstractTableModel):
    changed = Signal()  # any change, done or undone: the record needs saving again

    def __init__(self, transcript: Transcript, lang: str = "zh", parent: Any = None) -> None:
        super().__init__(parent)
        self.transcript = transcript
        self.lang = lang
        self.undo_stack = QUndoStack(self)
        self.current_row = -1

    # -- the table -------------------------------------------------------------------------------
    @property
    def utterances(self) -> list[Utterance]:
        return self.transcript.utterances

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.utterances)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS.get(self.lang, COLUMNS["zh"])[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return f | Qt.ItemFlag.ItemIsEditable if index.column() in (ROLE, TEXT) else f

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.utterances):
            return None
        u = self.utterances[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == TIME:
                return fmt_time(u.start)
            if col == ROLE:
                if role == Qt.ItemDataRole.EditRole:
                    return u.role or ""
                return role_label(u.role, self.lang) or ("—" if u.channel is None else
                                                         f"#{u.channel + 1}")
            return u.text
        if role == Qt.ItemDataRole.BackgroundRole and index.row() == self.current_row:
            return QBrush(QColor("#fff3b0"))
        if role == Qt.ItemDataRole.ToolTipRole and col == TEXT and u.edited:
            return "已修改 / edited"
        if role == UtteranceRole:
            return u
        if role == StartRole:
            return u.start
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        if index.column() == TEXT:
            return self.set_text(index.row(), str(value))
        if index.column() == ROLE:
            self.set_roles([index.row()], str(value) or None)
            return True
        return False

    # -- changes (each one undoable) --------------------------------------------------------------
    def _set_utterances(self, utterances: list[Utterance]) -> None:
        if len(utterances) == len(self.utterances) and utterances:
            # Same rows: a plain data change keeps the selection and any open editor valid.
            self.transcript.utterances = utterances
            self.dataChanged.emit(self.index(0, 0), self.index(len(utterances) - 1, 2))
        else:
            self.beginResetModel()
            self.transcript.utterances = utterances
            self.current_row = min(self.current_row, len(utterances) - 1)
            self.endResetModel()
        self.changed.emit()

    def _change(self, after: list[Utterance], text: str) -> None:
        before = copy.deepcopy(self.utterances)
        self.undo_stack.push(_Snapshot(self, before, after, text))

    def set_text(self, row: int, text: str) -> bool:
        if self.utterances[row].text == text:
            return False
        after = copy.deepcopy(self.utterances)
        after[row].text, after[row].edited = text, True
        self._change(after, "修改发言 / edit text")
        return True

    def set_roles(self, rows: Sequence[int], role: str | None) -> None:
        """One role for many lines at once (a mono recording assigned in bulk)."""
        if role is not None and role not in ROLES and not role.startswith("channel"):
            role = next((k for k in ROLES if role_label(k) == role), role)
        after = copy.deepcopy(self.utterances)
        for r in rows:
            after[r].role = role
        self._change(after, "更改角色 / change role")

    def merge(self, row: int) -> None:
        """Join a line with the one after it (the recogniser cut one speech in two)."""
        if not 0 <= row < len(self.utterances) - 1:
            return
        after = copy.deepcopy(self.utterances)
        a, b = after[row], after.pop(row + 1)
        a.text = join_words([a.text, b.text], self.transcript.language)
        a.end, a.words, a.edited = b.end, a.words + b.words, True
        self._change(after, "合并 / merge")

    def split(self, row: int, position: int) -> None:
        """Cut a line in two at a character position (two speakers ran together)."""
        u = self.utterances[row]
        if not 0 < position < len(u.text):
            return
        after = copy.deepcopy(self.utterances)
        first = after[row]
        left, right = first.text[:position].rstrip(), first.text[position:].lstrip()
        # Words go to the side their share of the text falls on; times follow the words.
        k = round(len(first.words) * position / max(1, len(first.text)))
        second = Utterance(first.words[k].start if k < len(first.words) else
                           (first.start + first.end) / 2, first.end, right, first.role,
                           first.channel, first.words[k:], True)
        first.text, first.words, first.edited = left, first.words[:k], True
        first.end = first.words[-1].end if first.words else second.start
        after.insert(row + 1, second)
        self._change(after, "拆分 / split")

    def replace_all(self, find: str, replace: str) -> int:
        if not find:
            return 0
        after = copy.deepcopy(self.utterances)
        n = 0
        for u in after:
            if find in u.text:
                n += u.text.count(find)
                u.text, u.edited = u.text.replace(find, replace), True
        if n:
            self._change(after, f"替换 {n} 处 / replace {n}")
        return n

    def find(self, text: str, start: int = 0) -> int:
        """The first row from `start` on (wrapping) whose text contains `text`, or -1."""
        n = len(self.utterances)
        for k in range(n):
            r = (start + k) % n
            if text and text in self.utterances[r].text:
                return r
        return -1

    def set_current(self, row: int) -> None:
        if row == self.current_row:
            return
        old, self.current_row = self.current_row, row
        for r in (old, row):
            if 0 <= r < len(self.utterances):
                self.dataChanged.emit(self.index(r, 0), self.index(r, 2),
                                      [Qt.ItemDataRole.BackgroundRole])

"""The service (送达) and preservation (保全) queues as tables: one row per task or matter, from
the dicts the core gives (`Task.as_dict()`, `Matter.as_dict(today)`)."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from workbench.delivery.queue import STATUS as TASK_STATUS
from workbench.delivery.rules import METHODS
from workbench.errors import in_language
from workbench.preservation.matters import STATUS as MATTER_STATUS

from .deadlines import alert_brush

Index = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole + 40



def _last_attempt(t: dict, lang: str) -> str:
    if not t["attempts"]:
        return ""
    a = t["attempts"][-1]
    return f"{a['on']} {a['result_zh'] if lang == 'zh' else a['result']}"


def _alert(m: dict) -> str:
    order = ("lapsed", "red", "yellow")
    levels = [a["level"] for a in m["alerts"]]
    return next((lv for lv in order if lv in levels), "none")


# (key, Chinese header, English header, value(row, lang))
Column = tuple[str, str, str, Callable[[dict, str], Any]]
TASK_COLUMNS: list[Column] = [
    ("case", "案号", "Case", lambda t, _: t["case_number"]),
    ("document", "送达文书", "Document", lambda t, _: t["document"]),
    ("recipient", "受送达人", "Recipient", lambda t, _: t["recipient"]),
    ("address", "送达地址", "Address", lambda t, _: t["address"]),
    ("method", "送达方式", "Method", lambda t, lang: t["method_zh"] if lang == "zh"
     else METHODS[t["method"]].en),
    ("status", "状态", "State", lambda t, lang: TASK_STATUS[t["status"]].text(lang)),
    ("attempt", "最近一次送达", "Last attempt", _last_attempt),
    ("effective", "生效日期", "Effective", lambda t, _: str(t["effective_on"] or "")),
]
MATTER_COLUMNS: list[Column] = [
    ("case", "案号", "Case", lambda m, _: m["case_number"]),
    ("stage", "类型", "Kind", lambda m, lang: m["stage_zh"] if lang == "zh"
     else ("Pre-suit" if m["stage"] == "pre_suit" else "In suit")),
    ("applicant", "申请人", "Applicant", lambda m, _: m["applicant"]),
    ("respondent", "被申请人", "Respondent", lambda m, _: m["respondent"]),
    ("amount", "请求保全数额", "Amount", lambda m, _: m["amount"]),
    ("fee", "申请费", "Fee", lambda m, _: m["fee"]),
    ("status", "状态", "State", lambda m, lang: MATTER_STATUS[m["status"]].text(lang)),
    ("next", "最近期满", "Next expiry", lambda m, _: str(min(
        (x["expires_on"] for x in m["measures"] if x["status"] == "active"), default=""))),
    ("alert", "提醒", "Alert", lambda m, lang: ("；" if lang == "zh" else "; ").join(
        in_language(a["text"], lang) for a in m["alerts"])),
]


class QueueModel(QAbstractTableModel):
    def __init__(self, columns: list[Column], lang: str = "zh", parent: Any = None) -> None:
        super().__init__(parent)
        self._columns, self._lang = columns, lang
        self._rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, i: int) -> dict:
        return self._rows[i]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        _, zh, en, _ = self._columns[section]
        return zh if self._lang == "zh" else en

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self._columns[index.column()][3](r, self._lang))
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole text where the column cuts it (an alert, an address, a long name).
            text = str(self._columns[index.column()][3](r, self._lang))
            return text if len(text) > 12 else None
        if role == RowRole:
            return r
        if role == Qt.ItemDataRole.BackgroundRole:
            if "alerts" in r:
                level = _alert(r)
                return alert_brush("red" if level == "lapsed" else level)
            if r.get("status") == "failed":
                return alert_brush("yellow")
        return None

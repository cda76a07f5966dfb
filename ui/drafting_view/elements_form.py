"""The element form (要素表) of a case's cause: one field per element, each showing where its value
came from, checked as it is typed; what the judge changes here goes into the next draft."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from workbench.drafting.elements import SOURCES, Elements, parse_value, schema_for, validate
from workbench.errors import UserError

from ..i18n import core, tr


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


class ElementsForm(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("elementsForm")
        self.setWidgetResizable(True)
        self.fields: dict[str, QLineEdit] = {}
        self.case: Any = None
        self.cause = ""
        self.messages = QLabel()
        self.messages.setObjectName("elementIssues")
        self.messages.setWordWrap(True)
        self._build({})

    def _build(self, rows: dict[str, tuple[str, str, str, bool]]) -> None:
        inner = QWidget()
        lay = QVBoxLayout(inner)
        form = QFormLayout()
        self.fields = {}
        for key, (label, value, source, required) in rows.items():
            edit = QLineEdit(value)
            edit.setObjectName(f"element_{key}")
            edit.setToolTip(tr("来源：{s}", s=tr(SOURCES.get(source, source))) if source else tr("尚未填写"))
            edit.editingFinished.connect(self.revalidate)
            self.fields[key] = edit
            form.addRow(label + (" *" if required else ""), edit)
        lay.addLayout(form)
        self.messages = QLabel()
        self.messages.setObjectName("elementIssues")
        self.messages.setWordWrap(True)
        lay.addWidget(self.messages)
        lay.addStretch(1)
        self.setWidget(inner)

    def show_elements(self, case: Any, elements: Elements) -> None:
        self.case, self.cause = case, elements.cause
        schema = schema_for(elements.cause)
        self._build({f.key: (f.label, _text(elements.values.get(f.key)), elements.sources.get(f.key, ""),
                             f.required) for f in schema.fields})
        self._show_issues([core(i) for i in elements.issues])

    def values(self) -> dict[str, Any]:
        """The form's values as case-JSON element strings (lists as lists)."""
        if not self.cause:
            return {}
        out: dict[str, Any] = {}
        schema = schema_for(self.cause)
        for key, edit in self.fields.items():
            text = edit.text().strip()
            f = schema.field(key)
            if not text or f is None or f.type == "party":
                continue  # parties come from the case itself
            if f.type in ("list", "names"):
                out[key] = [s for s in text.replace("，", "、").split("、") if s]
            else:
                out[key] = text
        return out

    def revalidate(self) -> list[str]:
        if not self.cause:
            return []
        schema = schema_for(self.cause)
        typed: dict[str, Any] = {}
        problems: list[str] = []
        for key, edit in self.fields.items():
            f = schema.field(key)
            try:
                typed[key] = parse_value(f, edit.text()) if f is not None else None
                edit.setStyleSheet("")
            except UserError as e:
                edit.setStyleSheet("QLineEdit { background: #ffd6d6; }")
                problems.append(core(e))
        problems += [core(i) for i in validate(schema, typed, self.case)]
        self._show_issues(problems)
        return problems

    def _show_issues(self, issues: list[str]) -> None:
        self.messages.setText("\n".join(f"• {m}" for m in issues) if issues else tr("要素齐全，未发现问题"))

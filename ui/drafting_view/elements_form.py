"""The element form (要素表) of a case's cause: one row per element with its status (原告主张,
对方认可, 有争议, 已确认…), the value the draft will use, and every reading the file gives, side by
side — a click on one shows its page. Where the documents disagree the row is marked and left
empty: the judge decides, ticks 确认 and saves, and the confirmation goes through the service's
one write path (Workbench.confirm_elements)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QScrollArea, QToolButton, QVBoxLayout, QWidget)

from workbench.drafting.elements import (SOURCES, Elements, parse_value, payments_json,
                                         payments_text, schema_for, validate)
from workbench.errors import UserError

from ..i18n import core, language, tr

STATUS_TEXT = {"found": "已确认", "disputed": "有争议", "admitted": "对方认可", "claimed": "原告主张",
               "entered": "案件信息", "none": "未见记载"}
STATUS_COLOUR = {"found": "#1b7f3b", "disputed": "#b3261e", "admitted": "#2f5f9e", "claimed": "#6b5b00",
                 "entered": "#555555", "none": "#888888"}


def _text(value: Any, type_: str = "") -> str:
    if value is None:
        return ""
    if type_ == "payments" and isinstance(value, list):
        return payments_text(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


class ElementsForm(QScrollArea):
    source_clicked = Signal(dict)           # a source (extract.Source.to_json())
    confirm_requested = Signal(dict, dict)  # values, sources: for Workbench.confirm_elements

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("elementsForm")
        self.setWidgetResizable(True)
        self.fields: dict[str, QLineEdit] = {}
        self.status: dict[str, QLabel] = {}
        self.confirm: dict[str, QCheckBox] = {}
        self.readings: dict[str, list[QToolButton]] = {}
        self.states: dict[str, Any] = {}
        self.case: Any = None
        self.cause = ""
        self.messages = QLabel()
        self.btn_confirm = QPushButton(tr("确认所选要素"))
        self._build([])

    def _build(self, rows: list[tuple[Any, str, str, Any]]) -> None:
        inner = QWidget()
        lay = QVBoxLayout(inner)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        for col, head in enumerate((tr("要素"), tr("状态"), tr("采用的值"), tr("确认"), tr("卷宗中的记载"))):
            h = QLabel(f"<b>{head}</b>")
            grid.addWidget(h, 0, col)
        self.fields, self.status, self.confirm, self.readings = {}, {}, {}, {}
        for r, (spec, value, source, state) in enumerate(rows, 1):
            name = spec.label if language() == "zh" else spec.en
            grid.addWidget(QLabel(name + (" *" if spec.required else "")), r, 0)
            st = state.status if state is not None else ("entered" if value else "none")
            badge = QLabel(tr(STATUS_TEXT[st]))
            badge.setObjectName(f"status_{spec.key}")
            badge.setStyleSheet(f"color: {STATUS_COLOUR[st]}; font-weight: bold;")
            self.status[spec.key] = badge
            grid.addWidget(badge, r, 1)
            edit = QLineEdit(value)
            edit.setObjectName(f"element_{spec.key}")
            edit.setToolTip(tr("来源：{s}", s=tr(SOURCES.get(source, source))) if source else tr("尚未填写"))
            if st == "disputed":
                edit.setPlaceholderText(tr("有争议：请核对右侧各方记载后填写并确认"))
                edit.setStyleSheet("QLineEdit { border: 2px solid #b3261e; }")
            edit.editingFinished.connect(self.revalidate)
            edit.setProperty("initial", value)
            edit.setMinimumWidth(220)
            self.fields[spec.key] = edit
            grid.addWidget(edit, r, 2)
            tick = QCheckBox()
            tick.setObjectName(f"confirm_{spec.key}")
            tick.setChecked(st == "found")
            tick.setEnabled(spec.type != "party")
            tick.setToolTip(tr("勾选后点“确认所选要素”，记入案件"))
            self.confirm[spec.key] = tick
            grid.addWidget(tick, r, 3)
            grid.addWidget(self._readings(spec, state), r, 4)
        grid.setColumnStretch(4, 1)
        lay.addLayout(grid)
        self.btn_confirm = QPushButton(tr("确认所选要素"))
        self.btn_confirm.setObjectName("confirmElements")
        self.btn_confirm.clicked.connect(self.request_confirm)
        bar = QHBoxLayout()
        bar.addWidget(self.btn_confirm)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.messages = QLabel()
        self.messages.setObjectName("elementIssues")
        self.messages.setWordWrap(True)
        lay.addWidget(self.messages)
        lay.addStretch(1)
        self.setWidget(inner)

    def _readings(self, spec: Any, state: Any) -> QWidget:
        """Each distinct value the file gives, one line each, with the documents and pages that
        say it: two lines are two versions of the facts, side by side for the judge."""
        from workbench.drafting.extract import value_text
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        buttons: list[QToolButton] = []
        groups: list[tuple[str, list[Any]]] = []
        for r in (state.readings if state is not None else []):
            if r.source.document_id is None:
                continue
            said = value_text(spec, r.value) if r.value is not None else r.text
            for key, rs in groups:
                if key == said:
                    rs.append(r)
                    break
            else:
                groups.append((said, [r]))
        contested = state is not None and (state.status == "disputed" or state.contested)
        for said, rs in groups:
            line = QHBoxLayout()
            stance = rs[0].stance if rs[0].spec_less else ""
            shown = said if language() == "zh" else (rs[0].text or said)
            head = QLabel(tr("认可：{s}", s=shown) if stance == "admitted"
                          else tr("异议：{s}", s=shown) if stance == "disputed" else shown)
            head.setObjectName(f"value_{spec.key}")
            colour = STATUS_COLOUR["admitted"] if stance == "admitted" else \
                STATUS_COLOUR["disputed"] if contested else "#000000"
            head.setStyleSheet(f"font-weight: bold; color: {colour};")
            line.addWidget(head)
            for r in rs:
                where = (tr("{title}第{page}页", title=r.source.name, page=r.source.page) if language() == "zh"
                         else f"{r.source.title}, p. {r.source.page}")
                b = QToolButton()
                b.setText(where)
                b.setObjectName(f"reading_{spec.key}")
                b.setToolTip(r.source.quote or where)
                src = r.source.to_json()
                b.clicked.connect(lambda _=False, s=src: self.source_clicked.emit(s))
                buttons.append(b)
                line.addWidget(b)
            line.addStretch(1)
            col.addLayout(line)
        self.readings[spec.key] = buttons
        return box

    def show_elements(self, case: Any, elements: Elements, states: dict[str, Any] | None = None) -> None:
        self.case, self.cause, self.states = case, elements.cause, states or {}
        schema = schema_for(elements.cause)
        self._build([(f, _text(elements.values.get(f.key), f.type), elements.sources.get(f.key, ""),
                      self.states.get(f.key)) for f in schema.fields])
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
            if f.type == "payments":
                try:
                    out[key] = payments_json(parse_value(f, text))
                except UserError:
                    continue
            elif f.type in ("list", "names"):
                out[key] = [s for s in text.replace("，", "、").split("、") if s]
            else:
                out[key] = text
        return out

    def edited(self) -> dict[str, Any]:
        """The values the judge changed in the form since it was filled (for the next draft)."""
        changed = {k for k, e in self.fields.items() if e.text().strip() != (e.property("initial") or "").strip()}
        return {k: v for k, v in self.values().items() if k in changed}

    def request_confirm(self) -> None:
        """The ticked rows, as the judge has them, for the service to record."""
        if self.revalidate_fields():
            return
        values, sources = self.values(), {}
        chosen = {k: values.get(k) for k, tick in self.confirm.items() if tick.isChecked()}
        for key in chosen:
            st = self.states.get(key)
            sources[key] = [s.to_json() for s in st.sources] if st is not None else []
        if not chosen:
            self._show_issues([tr("请先勾选要确认的要素")])
            return
        self.confirm_requested.emit(chosen, sources)

    def revalidate_fields(self) -> list[str]:
        """Only the typing errors (a value that does not parse), for the rows to confirm."""
        schema = schema_for(self.cause) if self.cause else None
        bad = []
        for key, edit in self.fields.items():
            f = schema.field(key) if schema else None
            if f is None or not self.confirm[key].isChecked():
                continue
            try:
                parse_value(f, edit.text())
            except UserError as e:
                bad.append(core(e))
        if bad:
            self._show_issues(bad)
        return bad

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
                if self.states.get(key) is None or self.states[key].status != "disputed":
                    edit.setStyleSheet("")
            except UserError as e:
                edit.setStyleSheet("QLineEdit { background: #ffd6d6; }")
                problems.append(core(e))
        problems += [core(i) for i in validate(schema, typed, self.case)]
        self._show_issues(problems)
        return problems

    def _show_issues(self, issues: list[str]) -> None:
        self.messages.setText("\n".join(f"• {m}" for m in issues) if issues else tr("要素齐全，未发现问题"))

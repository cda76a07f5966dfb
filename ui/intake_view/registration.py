"""立案前扫描: the filing clerk chooses the scanned complaint and its attachments; the core
proposes the case (workbench/intake/registration.py, the same calls as `workbench case propose
… --register`); the view shows the complaint's page on the left and the proposal's fields on
the right. The field with the keyboard frames on the page where it was read; flagged fields are
red with the reason; Tab walks the form top to bottom, Ctrl+Enter registers, Esc cancels (asking
first when something was changed). Registering files the case, its 立案 and every scan in one
transaction, then the window opens the new case."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit,
                               QLineEdit, QMessageBox, QPushButton, QScrollArea, QSplitter,
                               QVBoxLayout, QWidget)

from workbench.cases.records import PARTY_KINDS, ROLES
from workbench.errors import Text, UserError
from workbench.intake.registration import Court, RegistrationProposal
from workbench.intake.routing import PROCEDURE_NAMES
from workbench.service import Workbench
from workbench.settings import Settings

from ..file_dialogs import remember_folder, start_folder
from ..i18n import core, tr
from ..task_runner import TaskRunner, show_message
from .source_page import SourcePageView

FLAG_STYLE = "border: 2px solid #c00000; background: #fff0f0;"
PERSON = (("sex", "性别"), ("born", "出生日期"), ("ethnicity", "民族"), ("address", "住所"),
          ("id_number", "公民身份号码"))
ORGANIZATION = (("address", "住所地"), ("credit_code", "统一社会信用代码"),
                ("representative.name", "法定代表人"), ("representative.title", "职务"))
_PARTY_KEY = re.compile(r"parties\[(\d+)\]\.(.+)")
_CLAIM_KEY = re.compile(r"claims\[(\d+)\]\.(\w+)")
_AGENT_KEY = re.compile(r"agents\[(\d+)\]\.(\w+)")


def _value(w: QWidget) -> str:
    if isinstance(w, QComboBox):
        return str(w.currentData() or "")
    return w.text().strip() if isinstance(w, QLineEdit) else ""


def _party_value(p: dict, sub: str) -> str:
    if sub.startswith("representative."):
        return str((p.get("representative") or {}).get(sub.split(".", 1)[1], ""))
    m = _AGENT_KEY.match(sub)
    if m:
        agents = p.get("agents") or []
        i = int(m.group(1))
        return str(agents[i].get(m.group(2), "")) if i < len(agents) else ""
    return str(p.get(sub, "") or "")


class RegistrationView(QWidget):
    registered = Signal(str)  # the new case's number
    closed = Signal()         # cancelled: the window closes the tab

    def __init__(self, wb: Workbench, runner: TaskRunner, parent: QWidget | None = None,
                 settings: Settings | None = None, court: Court | None = None) -> None:
        super().__init__(parent)
        self.wb, self.runner, self.settings, self.court = wb, runner, settings, court
        self.proposal: RegistrationProposal | None = None
        self.paths: list[str] = []
        self.fields: dict[str, QWidget] = {}
        self.original: dict[str, str] = {}
        self.flag_reasons: dict[str, str] = {}
        self.last_error: BaseException | None = None
        # Hooks a test replaces: the file dialog and the two questions.
        self.ask_files: Callable[[], list[str]] = self._ask_files
        self.ask_discard: Callable[[], bool] = self._ask_discard

        self.btn_choose = QPushButton(tr("选择扫描件…"), self, objectName="chooseScans")
        self.btn_choose.setToolTip(tr("选择起诉状及其附件的扫描件或 PDF"))
        self.btn_choose.clicked.connect(lambda: self.choose_scans())
        self.status = QLabel(self, objectName="registrationStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        top = QHBoxLayout()
        top.addWidget(self.btn_choose)
        # A data directory with no case yet does not know its court: asked here once, kept in
        # the settings (court.name / court.code / court.appeal_court).
        self.court_box = QWidget(self, objectName="courtBox")
        cb = QHBoxLayout(self.court_box)
        cb.setContentsMargins(0, 0, 0, 0)
        self.court_name = QLineEdit(self.court_box, objectName="courtName")
        self.court_name.setPlaceholderText(tr("本院名称，如 江苏省昆山市人民法院"))
        self.court_code = QLineEdit(self.court_box, objectName="courtCode")
        self.court_code.setPlaceholderText(tr("本院代字，如 苏0583"))
        self.court_code.setMaximumWidth(140)
        self.appeal_court = QLineEdit(self.court_box, objectName="appealCourt")
        self.appeal_court.setPlaceholderText(tr("上诉法院"))
        for w in (self.court_name, self.court_code, self.appeal_court):
            cb.addWidget(w)
        if settings is not None:
            self.court_name.setText(settings.get("court.name"))
            self.court_code.setText(settings.get("court.code"))
            self.appeal_court.setText(settings.get("court.appeal_court"))
        from workbench.intake.registration import court_of
        self.court_box.setVisible(court is None and court_of(wb) is None)
        top.addWidget(self.court_box, 2)
        top.addWidget(self.status, 1)

        self.page = SourcePageView(self)
        self.form_host = QWidget(self)
        self.form = QFormLayout(self.form_host)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form_scroll = QScrollArea(self)
        self.form_scroll.setWidget(self.form_host)
        self.form_scroll.setWidgetResizable(True)

        self.problems = QLabel(self, objectName="registrationProblems")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setStyleSheet("color: #c00000;")
        self.accept_flags = QCheckBox(tr("已逐项核对标红的项目，仍按此立案"), self, objectName="acceptFlags")
        self.btn_register = QPushButton(tr("立案（Ctrl+Enter）"), self, objectName="register")
        self.btn_register.clicked.connect(lambda: self.register())
        self.btn_cancel = QPushButton(tr("取消（Esc）"), self, objectName="cancelRegistration")
        self.btn_cancel.clicked.connect(lambda: self.cancel())
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_flags, 1)
        buttons.addWidget(self.btn_cancel)
        buttons.addWidget(self.btn_register)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.form_scroll, 1)
        rl.addWidget(self.problems)
        rl.addLayout(buttons)
        split = QSplitter(self)
        split.addWidget(self.page)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        self.keys = []  # not `shortcuts`: open_single turns those off
        for keys, slot in ((("Ctrl+Return", "Ctrl+Enter"), self.register), (("Esc",), self.cancel)):
            for k in keys:
                sc = QShortcut(QKeySequence(k), self, activated=slot)
                sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.keys.append(sc)
        self._show()

    # ---- choosing and reading ----------------------------------------------------------------
    def _ask_files(self) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(
            self, tr("选择扫描件"), start_folder(self.settings),
            tr("扫描件和 PDF") + " (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)")
        return paths

    def choose_scans(self) -> list[str]:
        paths = self.ask_files()
        if paths:
            remember_folder(self.settings, paths[0])
            self.load_paths(paths)
        return paths

    def load_paths(self, paths: list[str | Path]) -> None:
        """Read the scans in the background (progress, cancel) and show the proposal."""
        from workbench.intake.filing import build_pdf
        from workbench.intake.registration import propose_registration
        if self.court_box.isVisibleTo(self):
            court = self._typed_court()
            if court is None:
                return
            self.court = court
        data_dir, court, paths = self.wb.data_dir, self.court, [str(p) for p in paths]

        def work(progress, cancel):
            with Workbench(data_dir) as wb:
                prop = propose_registration(wb, paths, court=court, progress=progress, cancel=cancel)
                pdf = build_pdf(prop.complaint, prop.intake.files) if prop.complaint else None
                return prop, pdf

        def done(result: tuple[RegistrationProposal, bytes | None]) -> None:
            self.paths = paths
            self.set_proposal(*result)
        self.status.setText(tr("正在读取 {n} 个文件…", n=len(paths)))
        self.runner.submit(work, title=tr("读取起诉状"), on_done=done)

    def _typed_court(self) -> Court | None:
        name, code = self.court_name.text().strip(), self.court_code.text().strip()
        if not name or not re.fullmatch(r"[\u4e00-\u9fff]\d{2,4}", code):
            self.status.setText(tr("请先填写本院名称与代字（如 苏0583），再选择扫描件"))
            (self.court_name if not name else self.court_code).setFocus()
            return None
        appeal = self.appeal_court.text().strip()
        if self.settings is not None:
            self.settings.set("court.name", name)
            self.settings.set("court.code", code)
            self.settings.set("court.appeal_court", appeal)
        return Court(name, code, appeal)

    def set_proposal(self, prop: RegistrationProposal, pdf: bytes | None) -> None:
        self.proposal = prop
        if pdf:
            self.page.load(pdf)
        self._show()
        # Rows added to a shown form are shown only by a queued call: now, so the keyboard can go in.
        for w in self.form_host.findChildren(QWidget):
            if not w.isHidden() or w.parentWidget() is self.form_host:
                w.setVisible(True)
        first = next(iter(self.fields.values()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- the form ----------------------------------------------------------------------------
    def _clear_form(self) -> None:
        # Taken and deleted later, not removed: the field that has the key press (Ctrl+Enter)
        # is among them.
        while self.form.rowCount():
            row = self.form.takeRow(0)
            for item in (row.labelItem, row.fieldItem):
                w = item.widget() if item is not None else None
                if w is not None:
                    w.removeEventFilter(self)
                    w.hide()
                    w.deleteLater()
        self.fields.clear()
        self.original.clear()
        self.flag_reasons.clear()

    def _add(self, key: str, label: str, widget: QWidget, value: str) -> QWidget:
        widget.setObjectName(f"field:{key}")
        widget.setProperty("field", key)
        widget.installEventFilter(self)
        if isinstance(widget, QLineEdit):
            widget.setText(value)
        self.fields[key] = widget
        self.original[key] = _value(widget)
        self.form.addRow(label, widget)
        reason = self.flag_reasons.get(key)
        if reason:
            widget.setProperty("flagged", True)
            widget.setStyleSheet(FLAG_STYLE)
            widget.setToolTip(reason)
            note = QLabel("⚠ " + reason, objectName=f"flag:{key}")
            note.setWordWrap(True)
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setStyleSheet("color: #c00000;")
            self.form.addRow("", note)
        return widget

    def _heading(self, text: str) -> None:
        h = QLabel(text)
        h.setTextFormat(Qt.TextFormat.PlainText)
        h.setStyleSheet("font-weight: bold; margin-top: 8px;")
        self.form.addRow(h)

    def _show(self) -> None:
        self._clear_form()
        prop = self.proposal
        has = prop is not None and bool(prop.case)
        self.btn_register.setEnabled(has)
        self.accept_flags.setVisible(bool(prop and prop.flags))
        self.accept_flags.setChecked(False)
        if prop is None:
            self.status.setText(tr("选择起诉状及附件的扫描件：按起诉状提出立案建议，核对后立案。"))
            self.problems.setText("")
            return
        self.status.setText(tr("{n} 个文件，{d} 份文书", n=len(self.paths), d=len(prop.intake.documents)))
        self.problems.setText("\n".join(tr("不能立案：") + core(p) for p in prop.problems))
        for f in prop.flags:
            self.flag_reasons[f["field"]] = core(f)
        if not has:
            return
        c = prop.case
        self._add("case_number", tr("案号"), QLineEdit(), c.get("case_number") or "")
        self._add("cause", tr("案由"), QLineEdit(), c.get("cause") or "")
        proc = QComboBox()
        if prop.routing is None or prop.routing.procedure is None:
            proc.addItem(tr("（未确定）"), "")
        for key, name in PROCEDURE_NAMES.items():
            proc.addItem(core(name), key)
        proc.setCurrentIndex(max(0, proc.findData(c.get("procedure") or "")))
        self._add("procedure", tr("审理程序"), proc, "")
        if prop.routing is not None:
            why = QLabel("\n".join(core(r) for r in prop.routing.reasons), objectName="routingReason")
            why.setWordWrap(True)
            why.setTextFormat(Qt.TextFormat.PlainText)
            self.form.addRow(tr("分流理由"), why)
        self._add("procedure_reason", tr("改变程序的理由"), QLineEdit(), "")
        self.fields["procedure_reason"].setPlaceholderText(tr("不采纳建议的程序时必填，记入案件日志"))
        for i, p in enumerate(c.get("parties", [])):
            self._heading(f"{tr(ROLES.get(p['role'], p['role']))} {i + 1}")
            k = f"parties[{i}]"
            self._add(f"{k}.name", tr("姓名或名称"), QLineEdit(), p.get("name", ""))
            kind = QComboBox()
            for code, name in PARTY_KINDS.items():
                kind.addItem(tr(name), code)
            kind.setCurrentIndex(max(0, kind.findData(p.get("kind", "person"))))
            self._add(f"{k}.kind", tr("类型"), kind, "")
            for sub, label in (PERSON if p.get("kind") != "organization" else ORGANIZATION):
                self._add(f"{k}.{sub}", tr(label), QLineEdit(), _party_value(p, sub))
            for j, _a in enumerate(p.get("agents") or []):
                for sub, label in (("name", "委托诉讼代理人"), ("law_firm", "律师事务所")):
                    key = f"agents[{j}].{sub}"
                    self._add(f"{k}.{key}", tr(label), QLineEdit(), _party_value(p, key))
        self._heading(tr("诉讼请求"))
        for i, cl in enumerate(c.get("claims", [])):
            self._add(f"claims[{i}].text", tr("第 {n} 项", n=i + 1), QLineEdit(), cl.get("text", ""))
            self._add(f"claims[{i}].amount", tr("金额（元）"), QLineEdit(), cl.get("amount") or "")
        widgets = list(self.fields.values()) + [self.accept_flags, self.btn_register]
        for a, b in zip(widgets, widgets[1:]):
            QWidget.setTabOrder(a, b)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusIn and isinstance(obj, QWidget):
            key = obj.property("field")
            if key:
                self.focus_field(str(key))
        return super().eventFilter(obj, event)

    def focus_field(self, key: str) -> None:
        """Frame on the page where the field was read."""
        if self.proposal is None:
            return
        self.page.show_source(self.proposal.sources.get(key))
        w = self.fields.get(key)
        if w is not None:
            self.form_scroll.ensureWidgetVisible(w)

    # ---- edits ---------------------------------------------------------------------------------
    def changed_fields(self) -> list[str]:
        return [k for k, w in self.fields.items() if _value(w) != self.original.get(k)]

    def has_changes(self) -> bool:
        return bool(self.changed_fields())

    def edited_case(self) -> dict[str, Any]:
        """The proposal's case with the clerk's corrections."""
        assert self.proposal is not None
        case = copy.deepcopy(self.proposal.case)
        for key, w in self.fields.items():
            v = _value(w)
            if key in ("case_number", "cause"):
                case[key] = v or None
            m = _PARTY_KEY.match(key)
            if m:
                p = case["parties"][int(m.group(1))]
                sub = m.group(2)
                if sub.startswith("representative."):
                    rep = p.setdefault("representative", {"name": "", "title": ""})
                    rep[sub.split(".", 1)[1]] = v
                elif _AGENT_KEY.match(sub):
                    a = _AGENT_KEY.match(sub)
                    agent = p["agents"][int(a.group(1))]
                    agent.update({a.group(2): v}) if v else agent.pop(a.group(2), None)
                elif v:
                    p[sub] = v
                else:
                    p.pop(sub, None)
            m = _CLAIM_KEY.match(key)
            if m:
                cl = case["claims"][int(m.group(1))]
                if v:
                    cl[m.group(2)] = v
                else:
                    cl.pop(m.group(2), None)
        return case

    # ---- registering ---------------------------------------------------------------------------
    def register(self) -> bool:
        """The same core call as `--register`; the procedure changed needs its reason, and the
        flags need the checkbox. Returns whether the work was started."""
        from workbench.intake import registration, routing
        prop = self.proposal
        if prop is None or not prop.case:
            return False
        try:
            if prop.problems:
                raise UserError(Text("不能立案：" + "；".join(p.zh for p in prop.problems),
                                     "not registered: " + "; ".join(p.en for p in prop.problems)))
            if prop.flags and not self.accept_flags.isChecked():
                self.accept_flags.setFocus(Qt.FocusReason.OtherFocusReason)
                raise UserError(Text("标红的项目尚未核对：请逐项核对后勾选“已逐项核对”再立案",
                                     "the fields in red are not checked: check them, tick the box, "
                                     "then register"))
            procedure = _value(self.fields["procedure"]) or None
            reason = _value(self.fields["procedure_reason"])
            if prop.routing is not None:
                prop.routing.override = None
                if procedure and procedure != prop.routing.procedure:
                    try:
                        routing.override(prop.routing, procedure, reason)
                    except UserError:
                        self.fields["procedure_reason"].setFocus(Qt.FocusReason.OtherFocusReason)
                        raise
            case = self.edited_case()
            case["procedure"] = prop.routing.chosen if prop.routing is not None else procedure
        except UserError as e:
            self._refused(e)
            return False
        prop.case = case
        data_dir, accept = self.wb.data_dir, self.accept_flags.isChecked()

        def work(progress, cancel):
            with Workbench(data_dir) as wb:
                return registration.register(wb, prop, accept_flags=accept, progress=progress,
                                             cancel=cancel).number

        def done(number: str) -> None:
            self.proposal, self.paths = None, []
            self._show()
            self.registered.emit(number)

        def failed(e: BaseException) -> bool:
            if isinstance(e, UserError):
                self._refused(e)
                return True
            return False
        self.runner.submit(work, title=tr("立案"), on_done=done, on_error=failed)
        return True

    def _refused(self, e: UserError) -> None:
        self.last_error = e
        self.last_message = show_message(self, tr("未立案"), core(e), QMessageBox.Icon.Warning)

    # ---- cancelling ----------------------------------------------------------------------------
    def _ask_discard(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, tr("有未保存的更改"),
                          tr("立案建议已修改，尚未立案。放弃这些更改？"),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("unsavedPrompt")
        drop = box.addButton(tr("放弃更改"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is drop

    def confirm_close(self) -> bool:
        """May the view go? Yes when nothing was changed, else when the clerk says so."""
        return not self.has_changes() or self.ask_discard()

    def cancel(self) -> bool:
        """Esc: drop the proposal (asking first if it was edited) and close."""
        if not self.confirm_close():
            return False
        self.proposal, self.paths = None, []
        self._show()
        self.closed.emit()
        return True


def open_in(window: Any) -> RegistrationView:
    """The window's one 立案前扫描 tab: brought to the front, else made and the scans asked for.
    A registered case opens in its own tab; Esc closes this one."""
    view = window.open_single(RegistrationView, tr("立案前扫描"), lambda: RegistrationView(
        window.wb, window.runner, settings=window.settings))
    if not getattr(view, "_wired", False):
        view._wired = True

        def close() -> None:
            i = window.tabs.indexOf(view)
            if i > 0:
                window.tabs.removeTab(i)
                view.deleteLater()

        def registered(number: str) -> None:
            window.refresh_cases()
            window.open_case(number)
            window.statusBar().showMessage(tr("已立案 {number}", number=number), 5000)
            close()
        view.registered.connect(registered)
        view.closed.connect(close)
        if view.proposal is None:
            view.choose_scans()
    return view

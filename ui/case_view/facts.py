"""The 案件信息 and 时间线 panels on the right of a case view."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTextBrowser, QWidget

from models.timeline import TimelineModel
from workbench.cases.records import PARTY_KINDS, PROCEDURES, PROCEDURES_EN, ROLES, STATUSES, Case
from workbench.law.money import fmt_yuan

from ..i18n import language, tr

ROLES_EN = {"plaintiff": "Plaintiff", "defendant": "Defendant", "third_party": "Third party"}
PARTY_KINDS_EN = {"person": "natural person", "organization": "organization"}


def _row(label: str, value: str) -> str:
    return (f"<tr><td style='color:#555;padding-right:10px;white-space:nowrap'>{escape(label)}</td>"
            f"<td>{escape(value) if value else '—'}</td></tr>")


def status_label(status: str) -> str:
    zh, en = STATUSES.get(status, (status, status))
    return en if language() == "en" else zh


def case_html(case: Case) -> str:
    """The facts of a case as HTML, for a QTextBrowser."""
    en = language() == "en"
    procedure = (PROCEDURES_EN if en else PROCEDURES).get(case.procedure, case.procedure)
    rows = [
        _row(tr("法院"), case.court_name), _row(tr("上诉法院"), case.appeal_court),
        _row(tr("案号"), case.number), _row(tr("案由"), case.cause), _row(tr("程序"), procedure),
        _row(tr("立案日期"), case.filed_on.isoformat()), _row(tr("承办法官"), case.judge),
        _row(tr("书记员"), case.clerk), _row(tr("状态"), status_label(case.status)),
    ]
    parts = [f"<h3 style='margin-bottom:4px'>{escape(case.number)}</h3>",
             f"<table cellspacing='2'>{''.join(rows)}</table>",
             f"<h4>{escape(tr('当事人'))}</h4>"]
    for p in case.parties:
        role = (ROLES_EN if en else ROLES).get(p.role, p.role)
        kind = (PARTY_KINDS_EN if en else PARTY_KINDS).get(p.kind, p.kind)
        details = [kind]
        if p.sex:
            details.append(p.sex)
        if p.born:
            details.append(tr("{date} 出生", date=p.born.isoformat()))
        if p.ethnicity:
            details.append(p.ethnicity)
        colon, sep, lp, rp = (": ", ", ", " (", ")") if en else ("：", "，", "（", "）")
        lines = [f"<b>{escape(role)}{colon}{escape(p.name)}</b>{lp}{escape(sep.join(details))}{rp}"]
        if p.address:
            lines.append(escape(tr("住所：") + p.address))
        if p.id_number:
            lines.append(escape(tr("身份证号：") + p.id_number))
        if p.credit_code:
            lines.append(escape(tr("统一社会信用代码：") + p.credit_code))
        if p.representative:
            lines.append(escape(tr("法定代表人：") + p.representative.name
                                + (f"，{p.representative.title}" if p.representative.title else "")))
        for a in p.agents:
            lines.append(escape(tr("委托诉讼代理人：") + a.name + (f"，{a.title}" if a.title else "")))
        parts.append("<p style='margin:2px 0 8px 0'>" + "<br>".join(lines) + "</p>")
    parts.append(f"<h4>{escape(tr('诉讼请求'))}</h4><ol style='margin-top:0'>")
    for c in case.claims:
        amount = f"（{fmt_yuan(c.amount)}{tr('元')}）" if c.amount is not None else ""
        parts.append(f"<li>{escape(c.text)}{escape(amount)}</li>")
    parts.append("</ol>")
    if case.claim_total > 0:
        parts.append(f"<p>{escape(tr('标的额合计：{amount} 元', amount=fmt_yuan(case.claim_total)))}</p>")
    return "".join(parts)


class FactsPanel(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseFacts")
        self.setOpenLinks(False)

    def show_case(self, case: Case) -> None:
        self.setHtml(case_html(case))


class TimelinePanel(QTableView):
    def __init__(self, model: TimelineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setAlternatingRowColors(True)
        h = self.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        model.modelReset.connect(self.scrollToBottom)  # newest last, and in view

"""Procedural events a case goes through, the stage each one brings the case to, and the payload
fields each kind takes (declared once: the CLI's options, the GUI's event dialog and the
service's validation all read them from here)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from ..errors import Text, UserError


@dataclass(frozen=True)
class PayloadField:
    """One field of an event's payload (`events.data`)."""
    key: str
    type: str  # "date" (ISO text), "text", "long_text" or "months" (a positive whole number)
    zh: str
    en: str
    help: str  # the CLI option's help, both languages
    placeholder: str = ""  # hint shown in an empty GUI field (Chinese; the GUI translates it)
    required: bool = False
    invalid: str = ""  # the message when the value is missing or of the wrong type


HEARING_ON = PayloadField("hearing_on", "date", "开庭日期", "hearing date",
                          Text("开庭日期（送达传票时）", "hearing date for a summons"))
PLACE = PayloadField("place", "text", "开庭地点", "hearing place", Text("开庭地点", "hearing place"),
                     placeholder="默认：本院第一审判庭")
MONTHS = PayloadField("months", "months", "延长月数", "months of extension",
                      Text("延长审限的月数", "months of an extension"), required=True,
                      invalid=Text("延长审限须给出正整数月数（--months）", "an extension needs whole months"))
ANSWER_TEXT = PayloadField("text", "long_text", "答辩意见", "defence", Text("答辩状文字等",
                                                                        "text of an answer"),
                           placeholder="答辩意见（可不填）")

# Every payload field, in the order forms and the CLI show them.
PAYLOAD_FIELDS: tuple[PayloadField, ...] = (HEARING_ON, PLACE, MONTHS, ANSWER_TEXT)


@dataclass(frozen=True)
class EventKind:
    key: str
    zh: str
    en: str
    status: str | None  # the stage the case reaches; None leaves it as it was
    once: bool  # can happen only once in a first-instance case
    payload: tuple[PayloadField, ...] = ()  # the fields its `data` takes


_KINDS = [
    EventKind("filed", "立案", "filed", "filed", True),
    EventKind("accepted", "受理", "accepted", "accepted", True),
    EventKind("fee_notice", "通知交纳诉讼费", "fee notice", None, False),
    EventKind("complaint_served", "送达起诉状副本", "complaint served", "served", False),
    EventKind("answer_received", "收到答辩状", "answer received", None, False, (ANSWER_TEXT,)),
    EventKind("evidence_submitted", "提交证据", "evidence submitted", None, False),
    EventKind("summons_served", "送达传票", "summons served", None, False, (HEARING_ON, PLACE)),
    EventKind("hearing", "开庭审理", "hearing", "heard", False, (PLACE,)),
    EventKind("judgment_issued", "宣判", "judgment issued", "judged", True),
    EventKind("judgment_served", "送达判决书", "judgment served", "judgment_served", False),
    EventKind("appeal_filed", "提起上诉", "appeal filed", "appealed", False),
    EventKind("concluded", "结案", "concluded", "concluded", True),
    EventKind("archived", "归档", "archived", "archived", True),
    EventKind("suspended", "中止诉讼", "suspended", "suspended", False),
    EventKind("resumed", "恢复诉讼", "resumed", None, False),
    EventKind("extended", "延长审限", "trial period extended", None, False, (MONTHS,)),
]

EVENT_KINDS: dict[str, EventKind] = {k.key: k for k in _KINDS}


def check_payload(kind: str, data: dict[str, Any]) -> None:
    """Refuse (UserError) a payload whose declared fields are missing or of the wrong type.
    Keys the kind does not declare pass through untouched."""
    for f in EVENT_KINDS[kind].payload:
        value = data.get(f.key)
        if value is None or value == "":
            if f.required:
                raise UserError(f.invalid or Text(f"{EVENT_KINDS[kind].zh}须给出{f.zh}",
                                                  f"{kind} needs the {f.en}"),
                                field=f.key)
            continue
        if f.type == "months":
            ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
        elif f.type == "date":
            ok = isinstance(value, datetime.date) or isinstance(value, str) and _iso(value)
        else:
            ok = isinstance(value, str)
        if not ok:
            raise UserError(f.invalid or Text(f"{f.zh}有误：{value!r}", f"bad {f.en}: {value!r}"), field=f.key)


def _iso(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True

# Order of stages, so that a late-recorded earlier event does not move a case backwards.
STAGE_ORDER = ["filed", "accepted", "served", "heard", "judged", "judgment_served", "appealed",
               "concluded", "archived"]


def next_status(current: str, kind: str, before_suspension: str | None = None) -> str:
    """The case's stage after an event of `kind`."""
    ek = EVENT_KINDS[kind]
    if kind == "resumed":
        return before_suspension or current
    if ek.status is None:
        return current
    if ek.status == "suspended" or current == "suspended":
        return ek.status
    if STAGE_ORDER.index(ek.status) >= STAGE_ORDER.index(current):
        return ek.status
    return current

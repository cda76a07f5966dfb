"""Procedural events a case goes through, the stage each one brings the case to, and the payload
fields each kind takes (declared once: the CLI's options, the GUI's event dialog and the
service's validation all read them from here)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Iterable

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
# A note of what the defendant answered; the 答辩状 itself is the defendant's document and comes in
# as an attached file or through intake, never written by the court.
ANSWER_TEXT = PayloadField("text", "long_text", "答辩要旨", "gist of the answer",
                           Text("答辩要旨（记入事件；答辩状须作为附件收入）",
                                "gist of the answer (the answer itself is attached)"),
                           placeholder="答辩要旨（可不填；答辩状请作为附件收入）")
ORAL_COMPLAINT = PayloadField("oral_complaint", "long_text", "口诉笔录", "oral complaint",
                              Text("原告口头起诉时书记员记录的内容（生成口诉笔录）",
                                   "what the clerk wrote down of an oral complaint (files a 口诉笔录)"),
                              placeholder="原告口头起诉时由书记员记录；书面起诉状请作为附件收入")
OUTCOME = PayloadField("outcome", "text", "结案方式", "outcome",
                       Text("结案方式 judgment | mediation | withdrawal | ruling", "how the case ended"))

# Every payload field, in the order forms and the CLI show them.
PAYLOAD_FIELDS: tuple[PayloadField, ...] = (HEARING_ON, PLACE, MONTHS, ANSWER_TEXT, ORAL_COMPLAINT,
                                            OUTCOME)
OUTCOMES = ("judgment", "mediation", "withdrawal", "ruling")


@dataclass(frozen=True)
class EventKind:
    """One kind of procedural event, as the state machine knows it.

    `needs`: one of these kinds must have been recorded on or before this event's date (empty:
    nothing); `closed_by`: after any of these, this kind may no longer happen in this instance;
    `files`: the documents the court files for it (party documents are never generated: they come
    in through intake or as an attached file); `status`: the stage the case reaches."""
    key: str
    zh: str
    en: str
    status: str | None  # the stage the case reaches; None leaves it as it was
    once: bool  # can happen only once in a first-instance case
    payload: tuple[PayloadField, ...] = ()  # the fields its `data` takes
    needs: tuple[str, ...] = ()
    closed_by: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    sealed_only: bool = False  # recorded only by the one-click seal (archive), never by hand


# Once the judgment is pronounced the first-instance proceedings are over: what belongs before it
# can no longer be recorded (an appeal goes to the higher court with the file).
_BEFORE_JUDGMENT = ("judgment_issued", "appeal_filed", "concluded")

_KINDS = [
    EventKind("filed", "立案", "filed", "filed", True, (ORAL_COMPLAINT,),
              files=("口诉笔录（原告口头起诉时）",)),
    EventKind("accepted", "受理", "accepted", "accepted", True, closed_by=_BEFORE_JUDGMENT,
              files=("受理案件通知书", "交纳诉讼费用通知书")),
    EventKind("fee_notice", "通知交纳诉讼费", "fee notice", None, False, needs=("accepted",),
              closed_by=("concluded",)),
    EventKind("complaint_served", "送达起诉状副本", "complaint served", "served", False,
              needs=("accepted",), closed_by=_BEFORE_JUDGMENT,
              files=("应诉通知书", "举证通知书", "送达回证")),
    EventKind("answer_received", "收到答辩状", "answer received", None, False, (ANSWER_TEXT,),
              needs=("complaint_served",), closed_by=_BEFORE_JUDGMENT),
    EventKind("evidence_submitted", "提交证据", "evidence submitted", None, False,
              needs=("accepted",), closed_by=_BEFORE_JUDGMENT),
    EventKind("summons_served", "送达传票", "summons served", None, False, (HEARING_ON, PLACE),
              needs=("complaint_served",), closed_by=_BEFORE_JUDGMENT,
              files=("传票", "送达回证")),
    EventKind("hearing", "开庭审理", "hearing", "heard", False, (PLACE,),
              needs=("summons_served",), closed_by=_BEFORE_JUDGMENT),
    EventKind("judgment_issued", "宣判", "judgment issued", "judged", True,
              needs=("hearing",), closed_by=("concluded",), files=("宣判笔录",)),
    EventKind("judgment_served", "送达判决书", "judgment served", "judgment_served", False,
              needs=("judgment_issued",), closed_by=("concluded",), files=("送达回证",)),
    EventKind("appeal_filed", "提起上诉", "appeal filed", "appealed", False,
              needs=("judgment_issued", "judgment_served")),
    EventKind("concluded", "结案", "concluded", "concluded", True, (OUTCOME,),
              needs=("accepted",)),
    EventKind("archived", "归档", "archived", "archived", True, needs=("concluded",),
              sealed_only=True),
    EventKind("suspended", "中止诉讼", "suspended", "suspended", False, needs=("accepted",),
              closed_by=_BEFORE_JUDGMENT),
    EventKind("resumed", "恢复诉讼", "resumed", None, False, needs=("suspended",),
              closed_by=_BEFORE_JUDGMENT),
    EventKind("extended", "延长审限", "trial period extended", None, False, (MONTHS,),
              needs=("accepted",), closed_by=_BEFORE_JUDGMENT),
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


def status_after(kinds: Iterable[str]) -> str:
    """The case's stage after its events in order (kinds this version does not know, from a newer
    desk's log, change nothing)."""
    status, before = "filed", None
    for kind in kinds:
        if kind not in EVENT_KINDS:
            continue
        if kind == "suspended":
            before = status
        status = next_status(status, kind, before)
    return status


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


# ---- the order of events -------------------------------------------------------------------------
# The main line of a first-instance case, used to propose the next step.
MAIN_LINE = ("filed", "accepted", "complaint_served", "summons_served", "hearing",
             "judgment_issued", "judgment_served", "concluded")


@dataclass(frozen=True)
class Step:
    """An event as the state machine sees it: its kind, its date and its payload."""
    kind: str
    on: datetime.date
    data: dict[str, Any]


def _names(kinds: tuple[str, ...], sep: str = "或") -> str:
    return sep.join(f"「{EVENT_KINDS[k].zh}」" for k in kinds)


def _en(kinds: tuple[str, ...]) -> str:
    return " or ".join(EVENT_KINDS[k].en for k in kinds)


def _refusal(step: Step, done: dict[str, datetime.date], suspended: bool,
             procedure: str | None) -> Text | None:
    """Why `step` may not come after the events in `done` (kind → first date), or None."""
    ek = EVENT_KINDS[step.kind]
    if "archived" in done:
        return Text(f"案件已于 {done['archived']} 归档，只读", "the case is archived and read-only")
    closed = [k for k in ek.closed_by if k in done]
    if closed:
        return Text(f"{ek.zh}不能在{_names(tuple(closed), '、')}之后记录（{done[closed[0]]}）",
                    f"{ek.en} cannot be recorded after {_en(tuple(closed))}")
    if step.kind == "appeal_filed" and procedure == "small_claims":
        return Text("小额诉讼案件实行一审终审，不能提起上诉（民事诉讼法第一百六十五条）",
                    "a small-claims judgment is final: no appeal")
    if suspended and step.kind not in ("resumed", "extended"):
        return Text(f"案件已中止诉讼，须先记录「恢复诉讼」才能记录{ek.zh}",
                    f"the case is suspended: record 'resumed' before {ek.en}")
    if step.kind == "resumed" and not suspended:
        return Text("案件未中止诉讼，无须恢复", "the case is not suspended")
    if step.kind == "suspended" and suspended:
        return Text("案件已中止诉讼", "the case is already suspended")
    needs = ek.needs
    if step.kind == "concluded":
        outcome = step.data.get("outcome")
        if outcome is not None and outcome not in OUTCOMES:
            return Text(f"结案方式须为 {'、'.join(OUTCOMES)} 之一",
                        "the outcome must be one of " + ", ".join(OUTCOMES))
        if outcome == "judgment" or (outcome is None and "judgment_issued" in done):
            needs = ("judgment_served",)  # a judgment case ends when the judgment is served
    if needs and not any(k in done for k in needs):
        return Text(f"{ek.zh}须先有{_names(needs)}", f"{ek.en} needs {_en(needs)} first")
    return None


def order_problems(steps: list[Step], procedure: str | None = None) -> list[tuple[int, Text]]:
    """Replay `steps` (in date order, same-day events in the order given) through the state
    machine; each step that breaks the order gives (its index, the reason). A refused step still
    counts as having happened, so that one early fault does not hide the rest."""
    order = sorted(range(len(steps)), key=lambda i: steps[i].on)
    done: dict[str, datetime.date] = {}
    suspended = False
    out = []
    for i in order:
        step = steps[i]
        reason = _refusal(step, done, suspended, procedure)
        if reason is not None:
            out.append((i, reason))
        done.setdefault(step.kind, step.on)
        if step.kind == "suspended":
            suspended = True
        elif step.kind == "resumed":
            suspended = False
    return out


def check_order(recorded: list[Step], new: Step, procedure: str | None = None, *,
                sealing: bool = False) -> None:
    """Refuse (UserError) the event `new` if it does not fit after the `recorded` ones: its own
    prerequisites, or one of the later-dated events it would come before. Faults the recorded
    events already had (a file from before these rules) are not held against the new one."""
    ek = EVENT_KINDS[new.kind]
    if ek.sealed_only and not sealing:
        raise UserError(Text("归档只能通过一键归档完成（workbench archive CASE -o 包.zip）",
                             "a case is archived only by the one-click seal (workbench archive)"),
                        field="kind")
    before = {reason for _, reason in order_problems(recorded, procedure)}
    steps = list(recorded) + [new]
    for i, reason in order_problems(steps, procedure):
        if i == len(recorded):
            later = [s for s in recorded if s.on > new.on and s.kind in ek.needs]
            if later:
                k = EVENT_KINDS[later[0].kind]
                reason = Text(f"{reason.zh}（已记录的{k.zh}日期为 {later[0].on}，晚于 {new.on}）",
                              f"{reason.en} (the {k.en} recorded is dated {later[0].on}, after {new.on})")
            raise UserError(reason, field="kind")
        if reason not in before:
            k = EVENT_KINDS[steps[i].kind]
            raise UserError(Text(f"{new.on} 的{ek.zh}会排在已记录的{k.zh}（{steps[i].on}）之前，"
                                 f"使其不合程序：{reason.zh}",
                                 f"{ek.en} on {new.on} would come before the {k.en} recorded on "
                                 f"{steps[i].on} and break its order: {reason.en}"), field="on")


def allowed_next(recorded: list[Step], on: datetime.date, procedure: str | None = None) -> list[str]:
    """The event kinds a user may record next on `on` (never the seal), in declaration order."""
    out = []
    for kind, ek in EVENT_KINDS.items():
        if ek.sealed_only:
            continue
        if ek.once and any(s.kind == kind for s in recorded):
            continue
        try:
            check_order(recorded, Step(kind, on, {}), procedure)
        except UserError:
            continue
        out.append(kind)
    return out


def proposed_next(recorded: list[Step], on: datetime.date, procedure: str | None = None) -> str | None:
    """The step a user most likely records next: the first of the main line not yet recorded
    that may come now; else the first kind allowed; None when nothing may."""
    allowed = allowed_next(recorded, on, procedure)
    done = {s.kind for s in recorded}
    return next((k for k in MAIN_LINE if k in allowed and k not in done),
                allowed[0] if allowed else None)

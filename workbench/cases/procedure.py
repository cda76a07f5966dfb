"""Procedural events a case goes through, and the stage each one brings the case to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventKind:
    key: str
    zh: str
    en: str
    status: str | None  # the stage the case reaches; None leaves it as it was
    once: bool  # can happen only once in a first-instance case


_KINDS = [
    EventKind("filed", "立案", "filed", "filed", True),
    EventKind("accepted", "受理", "accepted", "accepted", True),
    EventKind("fee_notice", "通知交纳诉讼费", "fee notice", None, False),
    EventKind("complaint_served", "送达起诉状副本", "complaint served", "served", False),
    EventKind("answer_received", "收到答辩状", "answer received", None, False),
    EventKind("evidence_submitted", "提交证据", "evidence submitted", None, False),
    EventKind("summons_served", "送达传票", "summons served", None, False),
    EventKind("hearing", "开庭审理", "hearing", "heard", False),
    EventKind("judgment_issued", "宣判", "judgment issued", "judged", True),
    EventKind("judgment_served", "送达判决书", "judgment served", "judgment_served", False),
    EventKind("appeal_filed", "提起上诉", "appeal filed", "appealed", False),
    EventKind("concluded", "结案", "concluded", "concluded", True),
    EventKind("archived", "归档", "archived", "archived", True),
    EventKind("suspended", "中止诉讼", "suspended", "suspended", False),
    EventKind("resumed", "恢复诉讼", "resumed", None, False),
    EventKind("extended", "延长审限", "trial period extended", None, False),
]

EVENT_KINDS: dict[str, EventKind] = {k.key: k for k in _KINDS}

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

"""Which desk entries still apply on top of the court store's head: pure rules over a chain.

A desk that worked offline brings entries chained on an older head. Each is checked against the
state the server's chain has reached; one that applies is re-chained as the next entry (a new
segment, nothing rewritten); one that does not is reported with its reason and kept as a
conflict, never dropped. The rules are the procedure's own: an event that may happen once
(a judgment, the conclusion) cannot be recorded twice, nothing is added to an archived case, and
an entry whose document or event was refused is refused with it.

`state_of` is what the court store's `chain.push_case` takes as its `rules`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..cases.procedure import EVENT_KINDS, status_after
from ..errors import Text
from ..store.chain_entry import ChainEntry


@dataclass
class CaseState:
    """What a chain has established so far, as far as the rules need it."""
    created: bool = False
    procedure: str = ""
    events: list[tuple[str, int, str]] = field(default_factory=list)  # (on, id, kind)
    recorded: list[dict] = field(default_factory=list)
    event_ids: set[int] = field(default_factory=set)
    document_ids: set[int] = field(default_factory=set)
    meta: dict = field(default_factory=dict)

    @property
    def status(self) -> str:
        return status_after(kind for _, _, kind in sorted(self.events))

    @property
    def concluded_on(self) -> date | None:
        for on, _, kind in sorted(self.events):
            if kind == "concluded":
                try:
                    return date.fromisoformat(on)
                except ValueError:
                    return None
        return None

    def add(self, e: ChainEntry) -> None:
        p = e.data()
        if e.action == "case.created":
            self.created = True
            self.procedure = p.get("procedure", "")
            self.meta = p
        elif e.action == "event.recorded":
            self.events.append((str(p.get("on")), int(p.get("event_id") or 0), str(p.get("kind"))))
            self.recorded.append(p)
            if p.get("event_id") is not None:
                self.event_ids.add(p["event_id"])
        elif e.action == "document.filed" and p.get("document_id") is not None:
            self.document_ids.add(p["document_id"])

    def refuses(self, e: ChainEntry) -> str | None:
        """Why `e` cannot apply on this state, or None."""
        p = e.data()
        if e.action == "case.created":
            return Text("本案已在法院库中立案", "the case was already created on the court store") \
                if self.created else None
        if not self.created:
            return Text("法院库中尚无此案", "the case does not exist on the court store yet")
        if self.status == "archived":
            return Text("本案已归档，只读", "the case was archived meanwhile; it is read-only")
        if e.action == "event.recorded":
            kind = p.get("kind")
            ek = EVENT_KINDS.get(kind)
            same = [r for r in self.recorded if r.get("kind") == kind]
            if any(r.get("on") == p.get("on") and r.get("party") == p.get("party")
                   and r.get("data") == p.get("data") for r in same):
                return Text("同一事件已由他人记录", f"the same {kind} was recorded by another desk")
            if ek is not None and ek.once and same:
                return (Text(f"{ek.zh}已于 {same[0].get('on')} 由他人记录，不能重复",
                             f"{kind} was already recorded on {same[0].get('on')} by another desk"))
            if p.get("event_id") in self.event_ids:
                return Text("事件编号冲突", "event id already used")
            return None
        if e.action == "document.filed":
            ev = p.get("event_id")
            if ev is not None and ev not in self.event_ids:
                return Text("所属事件未被接受", "the event this document belongs to was refused")
            if p.get("document_id") in self.document_ids:
                return Text("文书编号冲突", "document id already used")
            return None
        if e.action in ("intake.pages", "hearing.record_filed"):
            if p.get("document_id") not in self.document_ids:
                return Text("所属文书未被接受", "the document these pages belong to was refused")
        return None


def state_of(entries: list[ChainEntry]) -> CaseState:
    s = CaseState()
    for e in entries:
        s.add(e)
    return s

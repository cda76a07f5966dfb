"""Elements from the file (要素提取): each element of the cause read from the complaint, the
answer, the evidence and the hearing record, with the document and page it came from, and
marked as the plaintiff's claim, admitted by the other side, disputed, or found (confirmed by the
judge). Where documents disagree, every reading is kept side by side; nothing is resolved here.

The rules are data (`resources/drafting/extraction.json`, "causes"): per cause, which kinds of
document to read and the pattern that finds a value there, or the defendant's words that admit or
dispute an element. An amount or date that does not read exactly is not a reading: the judge sees
the element as missing, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Iterator

from ..cases.records import Case
from ..errors import UserError
from ..law.amounts import AMOUNT_PATTERN, DATE_PATTERN, PartialDate, read_amount, read_date
from .casefile import CaseFile, FiledDocument, extraction_rules, utterances
from .filing import unwrap
from .elements import (SOURCES, CauseSchema, ElementIssue, Elements, FieldSpec, fill_elements,
                       parse_value, payments_text, schema_for)

__all__ = ["ElementState", "Reading", "Source", "Dispute", "STATUSES", "disputes", "element_states",
           "file_elements", "read_elements", "same_value", "value_text"]

STATUSES = ("found", "disputed", "admitted", "claimed", "entered", "none")


@dataclass(frozen=True)
class Source:
    """Where a reading stands: a document's page (and the sentence), or the case record."""
    document_id: int | None
    title: str
    name: str          # the kind's name (借条) or, for the record, 案件信息 / 诉讼请求 / 当事人
    side: str          # plaintiff | defendant | court | unknown
    page: int | None = None
    file_page: int | None = None
    quote: str = ""

    @property
    def label(self) -> str:
        """起诉状第1页 — how the form and the draft name it."""
        return self.name + (f"第{self.page}页" if self.page else "")

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "title": self.title, "name": self.name,
                "side": self.side, "page": self.page, "file_page": self.file_page,
                "quote": self.quote}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Source":
        return cls(d.get("document_id"), d.get("title", ""), d.get("name", ""), d.get("side", ""),
                   d.get("page"), d.get("file_page"), d.get("quote", ""))


@dataclass(frozen=True)
class Reading:
    """One value (or one stance) of one element, as one document states it."""
    key: str
    value: Any           # typed as the element's type; None for a stance alone
    source: Source
    stance: str          # claimed | asserted | admitted | disputed | entered
    text: str = ""       # the words as written (伍万元整)

    @property
    def spec_less(self) -> bool:
        """A stance alone (被告对借款事实无异议): no value to compare."""
        return self.value is None and self.stance in ("admitted", "disputed")


@dataclass
class ElementState:
    spec: FieldSpec
    readings: list[Reading] = field(default_factory=list)
    status: str = "none"
    value: Any = None                  # what a draft may state (None while disputed)
    confirmed: dict[str, Any] | None = None
    contested: bool = False            # the file disagrees on it (confirmed since, or not)

    @property
    def values(self) -> list[tuple[Any, list[Reading]]]:
        """The distinct values read, each with the readings that state it, in file order."""
        out: list[tuple[Any, list[Reading]]] = []
        for r in self.readings:
            if r.spec_less:
                continue
            for v, rs in out:
                if same_value(self.spec, v, r.value):
                    rs.append(r)
                    break
            else:
                out.append((r.value, [r]))
        return out

    @property
    def conflict(self) -> bool:
        return len(self.values) > 1

    @property
    def sources(self) -> list[Source]:
        if self.confirmed is not None:
            return [Source.from_json(s) for s in self.confirmed.get("sources", [])] or \
                [r.source for r in self.readings if r.source.document_id is not None]
        return [r.source for r in self.readings if r.source.document_id is not None]


@dataclass(frozen=True)
class Dispute:
    """An element on which the file disagrees: each side's readings, for the disputed points."""
    key: str
    label: str
    readings: list[Reading]

    @property
    def sources(self) -> list[Source]:
        return [r.source for r in self.readings if r.source.document_id is not None]


# -- reading the documents ---------------------------------------------------------------------
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace("{AMOUNT}", AMOUNT_PATTERN).replace("{DATE}", DATE_PATTERN))


def _sentence(text: str, start: int, end: int) -> str:
    a = max(text.rfind(ch, 0, start) for ch in "。；\n") + 1
    ends = [i for i in (text.find(ch, end) for ch in "。；\n") if i >= 0]
    return text[a:(min(ends) + 1 if ends else len(text))].strip()


@dataclass(frozen=True)
class _Passage:
    doc: FiledDocument
    kind: str     # the rule's "in" name: complaint, answer, iou…, hearing:plaintiff
    side: str
    page: int
    text: str
    raw: str = ""  # the page's lines as printed (a form's 事故地点：… line ends where it ends)


def _passages(file: CaseFile) -> Iterator[_Passage]:
    for doc in file.documents:
        if doc.kind == "hearing_record":
            for u in utterances(doc):
                if u.side in ("plaintiff", "defendant"):
                    yield _Passage(doc, f"hearing:{u.side}", u.side, u.page, u.text)
            continue
        for n, page in enumerate(doc.pages, 1):
            if page.strip():
                yield _Passage(doc, doc.kind, doc.side, n, unwrap(page), page)


def _typed(spec: FieldSpec, raw: str, scale: str | None = None) -> Any:
    """A matched value as the element's type; None when it does not read exactly."""
    if spec.type == "money":
        return read_amount(raw)
    if spec.type == "date":
        d = read_date(raw)
        return d if isinstance(d, date) else None
    if spec.type == "percent":
        try:
            v = Decimal(re.sub(r"[%％\s]", "", raw)) * Decimal(scale or 1)
        except ArithmeticError:
            return None
        return v.normalize() if v.is_finite() and v >= 0 else None
    if spec.type in ("names", "list"):
        return [raw.strip()]
    try:
        return parse_value(spec, raw.strip(" ，,：:"))
    except UserError:
        return None


def read_elements(case: Case, file: CaseFile) -> list[Reading]:
    """Every reading the cause's rules find in the file, in file order."""
    schema = schema_for(case.cause)
    rules = extraction_rules()["causes"].get(schema.cause, [])
    compiled = [(r, _compile(r["pattern"])) for r in rules]
    out: list[Reading] = []
    for psg in _passages(file):
        payments: dict[str, list[tuple[dict, Reading]]] = {}
        nothing_paid: dict[str, Reading] = {}
        for rule, rx in compiled:
            if psg.kind not in rule["in"]:
                continue
            text = psg.raw if rule.get("lines") and psg.raw else psg.text
            for m in rx.finditer(text):
                src = Source(psg.doc.id, psg.doc.title, psg.doc.name, psg.side, psg.page,
                             psg.doc.file_page(psg.page), _sentence(text, m.start(), m.end()))
                stance = rule.get("stance") or ("claimed" if psg.side == "plaintiff" else "asserted")
                if "keys" in rule:  # a stance on elements, no value
                    out += [Reading(k, None, src, stance, m[0]) for k in rule["keys"]]
                    continue
                spec = schema.field(rule["key"])
                if spec is None:
                    continue
                if spec.type == "payments":
                    if "value" in rule:
                        nothing_paid.setdefault(spec.key, Reading(spec.key, [], src, stance, m[0]))
                        continue
                    amount = read_amount(m["amount"] or "")
                    if amount is None:
                        continue
                    on = read_date(m["on"]) if m.groupdict().get("on") else None
                    payments.setdefault(spec.key, []).append(
                        ({"on": on, "amount": amount}, Reading(spec.key, None, src, stance, m[0])))
                    continue
                groups = rule.get("groups") or {"v": spec.key}
                for group, key in groups.items():
                    gspec = schema.field(key)
                    raw = m.groupdict().get(group)
                    if gspec is None or not raw:
                        continue
                    value = _typed(gspec, raw, rule.get("scale"))
                    if value is not None:
                        out.append(Reading(key, value, src, stance, raw))
        # All the payments one passage states are one reading (the defendant says: these);
        # "nothing was repaid" stands only where the passage names no payment.
        for key, found in payments.items():
            entries, first = [e for e, _ in found], found[0][1]
            out.append(Reading(key, entries, first.source, first.stance,
                               "；".join(r.text for _, r in found)))
        for key, r in nothing_paid.items():
            if key not in payments:
                out.append(r)
    seen: set[tuple] = set()
    unique = []
    for r in _with_totals(schema, out):  # a page saying 50000 twice is one reading
        k = (r.key, r.source.document_id, r.source.page, r.stance, str(r.value) if r.value is not None else r.text)
        if k not in seen:
            seen.add(k)
            unique.append(r)
    return unique


def _with_totals(schema: CauseSchema, readings: list[Reading]) -> list[Reading]:
    """Payments also read as their total (还款 3000 → 已还款金额 3000)."""
    out = list(readings)
    for r in readings:
        spec = schema.field(r.key)
        if spec is not None and spec.type == "payments" and spec.total and isinstance(r.value, list):
            total = sum((e["amount"] for e in r.value), Decimal(0)).quantize(Decimal("0.01"))
            out.append(Reading(spec.total, total, r.source, r.stance, r.text))
    return out


# -- comparing ---------------------------------------------------------------------------------
def _norm_text(s: Any) -> str:
    return re.sub(r"[\s，,。；;：:、（）()]", "", str(s))


def same_value(spec: FieldSpec, a: Any, b: Any) -> bool:
    if spec.type == "payments":
        def total(v: Any) -> Decimal:
            return sum((e["amount"] for e in v or []), Decimal(0))
        return total(a) == total(b)
    if spec.type in ("names", "list"):
        return sorted(map(_norm_text, a or [])) == sorted(map(_norm_text, b or []))
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    if spec.type == "text":
        return _norm_text(a) == _norm_text(b)
    return a == b


def value_text(spec: FieldSpec, v: Any) -> str:
    """A value as the form and the disputed points write it."""
    from ..law.numerals import arabic_date
    if v is None:
        return ""
    if spec.type == "payments":
        return payments_text(v) or "未还款"
    if isinstance(v, Decimal) and spec.type == "percent":
        return f"{format(v.normalize(), 'f')}%"
    if isinstance(v, Decimal):  # 50000元, 136420.30元: whole yuan bare, else to the fen
        return f"{v:.0f}元" if v == v.to_integral_value() else f"{v:.2f}元"
    if isinstance(v, date):
        return arabic_date(v)
    if isinstance(v, list):
        return "、".join(map(str, v))
    return str(v)


def _status(state: ElementState) -> str:
    if state.confirmed is not None:
        return "found"
    return _file_status(state)


def _file_status(state: ElementState) -> str:
    """The status the file alone gives (the judge's confirmation aside)."""
    if not state.readings:
        return "none"
    if state.conflict or any(r.stance == "disputed" for r in state.readings):
        return "disputed"
    valued = [r for r in state.readings if not r.spec_less]
    sides = {r.source.side for r in valued if r.stance != "entered"}
    admitted = any(r.stance == "admitted" for r in state.readings)
    if "defendant" in sides and "plaintiff" not in sides and not admitted:
        return "disputed"  # the defendant's word alone (已还3000元) against the claim
    if admitted or {"plaintiff", "defendant"} <= sides:
        return "admitted" if valued else "claimed"
    if sides:
        return "claimed"
    return "entered" if valued else "none"


def _typed_readings(case: Case, el: Elements) -> list[Reading]:
    """What the case record says (typed at registration, the parties, the claims) as readings."""
    out = []
    schema = schema_for(case.cause)
    for key, v in el.values.items():
        how = el.sources.get(key, "")
        if how in ("default", "hearing", "complaint") or schema.field(key) is None:
            continue
        side = "plaintiff" if how == "claims" else "court"
        out.append(Reading(key, v, Source(None, SOURCES.get(how, how), SOURCES.get(how, how), side),
                           "claimed" if how == "claims" else "entered"))
    return out


def element_states(case: Case, file: CaseFile | None, el: Elements | None = None) -> dict[str, ElementState]:
    """Each element of the cause: its readings, its status, and the value a draft may state."""
    schema = schema_for(case.cause)
    el = el or fill_elements(case)
    confirmed = case.extra.get("confirmed_elements") or {}
    readings = read_elements(case, file) if file is not None else []
    states = {f.key: ElementState(f) for f in schema.fields}
    for r in [*_typed_readings(case, el), *readings]:
        if r.key in states and not (r.source.document_id is None and r.key in confirmed):
            states[r.key].readings.append(r)
    for key, st in states.items():
        if key in confirmed:
            st.confirmed = confirmed[key]
            try:
                st.value = parse_value(st.spec, case.elements.get(key))
            except UserError:
                st.value = None
        st.status = _status(st)
        st.contested = _file_status(st) == "disputed"
        if st.status in ("found", "disputed"):
            continue
        values = st.values
        if values:
            st.value = values[0][0]
        elif el.get(key) is not None:
            st.value = el.get(key)  # a default (已还款 0) stated by nobody: usable, not a reading
    return states


def disputes(states: dict[str, ElementState]) -> list[Dispute]:
    """The elements the file disagrees on (found by the judge since, or still open), with every
    reading, in the schema's order: the disputed points of the case."""
    return [Dispute(k, st.spec.label, [r for r in st.readings if r.source.document_id is not None]
                    or st.readings)
            for k, st in states.items() if st.contested]


def file_elements(case: Case, file: CaseFile | None) -> tuple[Elements, dict[str, ElementState]]:
    """The elements a draft uses: confirmed first; then what the file and the record agree on;
    a disputed element is left out (the draft names it as a gap and a disputed point)."""
    complaint = file.complaint if file is not None else None
    hearing = file.hearing_record if file is not None else None
    el = fill_elements(case, "\n".join(complaint.pages) if complaint else None,
                       "\n".join(hearing.pages) if hearing else None)
    states = element_states(case, file, el)
    for key, st in states.items():
        if st.status == "disputed":
            el.values.pop(key, None)
            el.sources[key] = "disputed"
            if not any(o.spec.type == "payments" and o.spec.total == key and o.status == "disputed"
                       for o in states.values()):  # 已还款金额 is said with 还款情况
                el.issues.append(_disputed_issue(st))
        elif st.value is not None:
            if el.values.get(key) is None or st.status == "found" or el.sources.get(key) == "default":
                el.values[key] = st.value
                el.sources[key] = "found" if st.status == "found" else "file" if st.sources else el.sources.get(key, "")
        elif st.status == "found":
            el.values.pop(key, None)  # confirmed: there is none
        el.origins[key] = st.sources
    _evidence_from_file(case, file, el)
    spec_totals = [f for f in schema_for(case.cause).fields if f.type == "payments" and f.total]
    for f in spec_totals:
        if el.values.get(f.total) is None and el.values.get(f.key) and states[f.total].status != "disputed":
            el.values[f.total] = sum((e["amount"] for e in el.values[f.key]), Decimal(0))
    return el, states


def _disputed_issue(st: ElementState):
    shown = "；".join(f"{r.source.label}：{value_text(st.spec, r.value) or r.text}"
                     for r in st.readings if r.source.document_id is not None) or "各方陈述不一"
    return ElementIssue(st.spec.key, "warning", f"要素“{st.spec.label}”有争议，请在要素表中确认（{shown}）",
                        f"element {st.spec.en} is disputed: confirm it in the elements form")


_LIST_ROW = re.compile(r"^\s*\d{1,3}[\s.、．]+([^\s]{2,30})")


def _evidence_from_file(case: Case, file: CaseFile | None, el: Elements) -> None:
    """The evidence named in the file: each evidence document, and the rows of each evidence
    list (证据目录), added to what the record names, with where each stands."""
    spec = schema_for(case.cause).field("evidence")
    if spec is None or file is None:
        return
    names: list[str] = list(el.values.get("evidence") or [])
    sources: list[Source] = []
    for doc in file.documents:
        if doc.category != "evidence":
            continue
        if doc.kind == "evidence_list":
            for n, page in enumerate(doc.pages, 1):
                rows = [m[1] for m in map(_LIST_ROW.match, page.splitlines()) if m]
                names += [r for r in rows if r not in ("证据名称",)]
                if rows:
                    sources.append(Source(doc.id, doc.title, doc.name, doc.side, n, doc.file_page(n)))
        else:
            names.append(re.sub(r"[（(]示例材料[）)]|[（(][^）)]*[）)]$", "", doc.title).strip() or doc.name)
            sources.append(Source(doc.id, doc.title, doc.name, doc.side, 1, doc.file_page(1)))
    if names:
        el.values["evidence"] = list(dict.fromkeys(names))
        el.sources.setdefault("evidence", "file")
        el.origins["evidence"] = sources
        el.origins["evidence_or_materials"] = sources

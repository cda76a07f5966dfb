"""Case elements (要素) per cause of action: their schema, validation and filling from the file.

The schema of each cause is data (`resources/drafting/elements.json`): a court adds a field or a
complaint phrasing there, not here. Values come, strongest first, from the case's own `elements`
(typed by a clerk or imported), the parties and claims, the complaint's text and the hearing
record; each value remembers where it came from so the element form can show it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from ..cases.records import Case
from ..errors import Text, UserError
from ..resources import resource
from ..law.money import parse_amount

__all__ = ["CauseSchema", "ElementIssue", "Elements", "FieldSpec", "causes", "element_form",
           "InterestCap", "elements_to_json", "extract_from_text", "fill_elements", "hearing_statements",
           "interest_cap", "lpr_on",
           "parse_payments", "parse_value", "payments_json", "payments_text", "schema_for", "validate"]

SOURCES = {"case": "案件要素", "parties": "当事人", "claims": "诉讼请求", "complaint": "起诉状",
           "hearing": "庭审笔录", "default": "默认值", "file": "卷宗材料", "found": "法官确认",
           "disputed": "有争议"}


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    type: str
    en: str = ""
    required: bool = False
    role: str | None = None
    claim: str | None = None
    # Further claim kinds that count toward this element (a traffic case's 损失 claimed as
    # "damages" is the same total as one claimed as "principal").
    also_claims: tuple[str, ...] = ()
    default: str | None = None
    pattern: str | None = None
    patterns: tuple[str, ...] = ()
    total: str | None = None  # payments: the money element their amounts add up to


@dataclass(frozen=True)
class CauseSchema:
    cause: str
    key: str
    fields: tuple[FieldSpec, ...]
    rules: tuple[Mapping[str, Any], ...] = ()

    def field(self, key: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.key == key), None)

    def claim_field(self, kind: str) -> FieldSpec | None:
        """The element a claim of this kind sums into (principal, interest, damages…)."""
        return next((f for f in self.fields if f.claim and kind in (f.claim, *f.also_claims)), None)


@dataclass(frozen=True)
class ElementIssue:
    key: str
    severity: str  # error | warning
    zh: str
    en: str

    @property
    def message(self) -> str:
        return Text(f"{self.zh}", f"{self.en}")


@dataclass
class Elements:
    """Typed element values of one case, where each came from, unknown keys kept, and issues."""
    cause: str
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    issues: list[ElementIssue] = field(default_factory=list)
    # Where in the file each value stands (extract.Source per key), when read from the file.
    origins: dict[str, list[Any]] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        v = self.values.get(key)
        return default if v in (None, "", []) else v


@lru_cache(maxsize=4)
def _load(path: str, _mtime: int) -> dict[str, CauseSchema]:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    out = {}
    for cause, spec in raw["causes"].items():
        fields = tuple(
            FieldSpec(key=f["key"], label=f["label"], type=f["type"], en=f.get("en", f["key"]),
                      required=bool(f.get("required")), role=f.get("role"), claim=f.get("claim"),
                      also_claims=tuple(f.get("also_claims", ())), default=f.get("default"), pattern=f.get("pattern"),
                      patterns=tuple(f.get("patterns", ())), total=f.get("total"))
            for f in spec["fields"])
        out[cause] = CauseSchema(cause, spec["key"], fields, tuple(spec.get("rules", ())))
    return out


def causes() -> dict[str, CauseSchema]:
    """Every cause of action the drafting module knows, by its Chinese name."""
    path = resource("drafting", "elements.json")
    return _load(str(path), path.stat().st_mtime_ns)


def schema_for(cause: str) -> CauseSchema:
    known = causes()
    if cause in known:
        return known[cause]
    for s in known.values():  # 民间借贷 for 民间借贷纠纷, or the schema key
        if cause in (s.key, s.cause.removesuffix("纠纷")):
            return s
    raise UserError(Text(f"案由“{cause}”暂无要素模板；可用：{'、'.join(known)}",
                         f"no element schema for cause {cause!r}"), field="cause")


def element_form(cause: str) -> list[dict[str, Any]]:
    """The fields of the element form for a cause, in order, as plain dicts for a view."""
    return [{"key": f.key, "label": f.label, "en": f.en, "type": f.type, "required": f.required,
             "role": f.role, "claim": f.claim} for f in schema_for(cause).fields]


# -- values ------------------------------------------------------------------------------------
_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def parse_value(spec: FieldSpec, raw: Any) -> Any:
    """A raw value (JSON string, form text, regex match) as its type; UserError names the field."""
    if raw is None or raw == "" or raw == []:
        return None
    where = f"{spec.label}（{spec.key}）"
    try:
        if spec.type == "money":
            if isinstance(raw, Decimal):
                return raw
            return parse_amount(str(raw).replace("，", ","))
        if spec.type == "percent":
            d = Decimal(str(raw).strip().rstrip("%％"))
            if not d.is_finite() or d < 0:
                raise InvalidOperation
            return d
        if spec.type == "date":
            if isinstance(raw, date):
                return raw
            s = str(raw).strip()
            m = _CN_DATE.fullmatch(s)
            return date(int(m[1]), int(m[2]), int(m[3])) if m else date.fromisoformat(s)
        if spec.type == "payments":
            return parse_payments(raw)
        if spec.type in ("list", "names"):
            items = raw if isinstance(raw, list) else re.split(r"[、，,；;\n]+", str(raw))
            return [str(x).strip() for x in items if str(x).strip()]
        text = str(raw).strip()
        if spec.pattern and not re.search(spec.pattern, text):
            raise ValueError
        return text
    except (InvalidOperation, ValueError, UserError):
        raise UserError(Text(f"要素 {where} 的值不正确：{raw!r}",
                             f"element {spec.key}: invalid value {raw!r} for type {spec.type}"), field=spec.key) from None


def parse_payments(raw: Any) -> list[dict[str, Any]]:
    """Payments as case JSON or a form has them — [{"on": "2026-03-05", "amount": "3000"}] or
    "2026年3月 3000元；2026年5月1日 2000元" — as [{"on": date | PartialDate | None, "amount":
    Decimal}]. ValueError when an entry has no readable amount."""
    from ..law.amounts import AMOUNT_PATTERN, DATE_PATTERN, read_amount, read_date

    if isinstance(raw, str):
        items: list[Any] = []
        for part in re.split(r"[；;\n]+", raw):
            if not part.strip():
                continue
            d = re.search(DATE_PATTERN, part)
            a = re.search(AMOUNT_PATTERN, part) or re.search(r"[0-9][0-9,.]*", part[d.end():] if d else part)
            items.append({"on": d[0] if d else None, "amount": a[0] if a else ""})
    elif isinstance(raw, list):
        items = raw
    else:
        raise ValueError
    out = []
    for item in items:
        if not isinstance(item, dict):
            raise ValueError
        amount = item.get("amount")
        amount = amount if isinstance(amount, Decimal) else read_amount(str(amount or ""))
        if amount is None:
            raise ValueError
        on = item.get("on")
        if isinstance(on, str):
            on = read_date(on) if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", on) else date.fromisoformat(on)
        out.append({"on": on, "amount": amount})
    return out


def payments_text(entries: list[dict[str, Any]]) -> str:
    """2026年3月 3000元；2026年5月1日 2000元 — how the form and the draft write payments."""
    from ..law.numerals import arabic_date
    return "；".join(" ".join(x for x in (
        (arabic_date(e["on"]) if isinstance(e["on"], date) else str(e["on"])) if e.get("on") else "",
        f"{format(e['amount'].normalize(), 'f')}元") if x) for e in entries)


def _lpr_table() -> list[tuple[date, Decimal]]:
    path = resource("drafting", "lpr.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return sorted((date.fromisoformat(d), Decimal(r)) for d, r in raw["one_year"])


def lpr_on(on: date) -> Decimal | None:
    """The one-year LPR in force on a date (None before the first published figure)."""
    found = None
    for start, rate in _lpr_table():
        if start <= on:
            found = rate
    return found


# 民间借贷规定（2020 第二次修正）第三十一条: in a case filed from 2020-08-20 on a contract made
# before that day, interest up to 2020-08-19 follows the interpretation of the time if the lender
# asks, and interest from 2020-08-20 follows this one's standard *at filing*.
TRANSITION = date(2020, 8, 20)
# The cap of the interpretation of the time (2015 规定 第二十六条: 年利率24%). That text is not in
# the fetched official library (LawRefBook/Laws holds the 2020 texts only): kept here as a figure,
# never cited as an article.
OLD_RULES_CAP = Decimal("24")


@dataclass(frozen=True)
class InterestCap:
    """The protected annual rate (%) for each stretch of a loan's interest.

    `rate` caps interest from max(contract, 2020-08-20): 4 × the LPR of `lpr_on`, which is the
    contract's date (第二十五条) or, for a contract before 2020-08-20, the filing date (第三十一条).
    `old_until`/`old_rate`: the stretch up to 2020-08-19 under the rules of the time, when the
    lender asked for them. `old_rules_only`: a case filed before 2020-08-20 (the old rules entirely).
    """
    rate: Decimal
    lpr_on: date | None
    at_filing: bool
    old_until: date | None = None
    old_rate: Decimal | None = None
    old_rules_only: bool = False

    def allowed(self, agreed: Decimal, lent_on: date | None, until: date) -> Decimal:
        """The factor (≤ 1) by which interest claimed at `agreed` over lent_on..until shrinks,
        the interest accruing evenly over the days."""
        def part(cap: Decimal) -> Decimal:
            return min(agreed, cap) / agreed
        if self.old_until is None or self.old_rate is None or lent_on is None or until <= lent_on:
            return part(self.rate)
        total = (until - lent_on).days
        before = max(0, min((self.old_until - lent_on).days + 1, total))
        return (part(self.old_rate) * before + part(self.rate) * (total - before)) / total


def interest_cap(case: Case, contract_on: date | None, times: int = 4,
                 old_rules_requested: bool = False) -> InterestCap | None:
    """The caps of 民间借贷规定 第二十五条 and 第三十一条 for a loan made on `contract_on`."""
    if case.filed_on < TRANSITION:
        return InterestCap(OLD_RULES_CAP, None, False, old_rules_only=True)
    on = contract_on or case.filed_on
    before = on < TRANSITION
    lpr = lpr_on(case.filed_on if before else on)
    if lpr is None:
        return None
    old = before and old_rules_requested
    return InterestCap(lpr * times, case.filed_on if before else on, before,
                       date(2020, 8, 19) if old else None, OLD_RULES_CAP if old else None)


def rate_cap(case: Case, contract_on: date | None, times: int = 4) -> tuple[Decimal, date] | None:
    """(4 × LPR, the LPR's date) capping interest from 2020-08-20: at contract formation
    (第二十五条), or at filing for a contract made before 2020-08-20 (第三十一条)."""
    cap = interest_cap(case, contract_on, times)
    if cap is None or cap.lpr_on is None:
        return None
    return cap.rate, cap.lpr_on


# -- filling -----------------------------------------------------------------------------------
def extract_from_text(schema: CauseSchema, text: str) -> dict[str, Any]:
    """Element values found in a complaint's text by the schema's patterns (first match wins)."""
    out: dict[str, Any] = {}
    for f in schema.fields:
        for pat in f.patterns:
            m = re.search(pat, text)
            if not m:
                continue
            try:
                out[f.key] = parse_value(f, m.group("v"))
            except UserError:
                continue
            break
    return out


_SPEAKER = re.compile(r"^\s*(被告|被告代理人|被告委托诉讼代理人)[^：:]{0,20}[：:]\s*(.+)$", re.M)


def hearing_statements(hearing_text: str) -> list[str]:
    """What the defendant's side said at the hearing, in order (lines '被告：…' of the record)."""
    return [m.group(2).strip() for m in _SPEAKER.finditer(hearing_text or "")
            if m.group(2).strip() and not m.group(2).startswith("（")]


def fill_elements(case: Case, complaint_text: str | None = None,
                  hearing_text: str | None = None) -> Elements:
    """Every element of the case's cause, from the strongest source that has it, validated."""
    schema = schema_for(case.cause)
    el = Elements(schema.cause)
    from_text = extract_from_text(schema, complaint_text) if complaint_text else {}
    claims: dict[str, Decimal] = {}
    for c in case.claims:
        if c.amount is not None:
            claims[c.kind] = claims.get(c.kind, Decimal(0)) + c.amount
    known = {f.key for f in schema.fields}
    el.extra = {k: v for k, v in case.elements.items() if k not in known}
    for f in schema.fields:
        value, source = None, ""
        if case.elements.get(f.key) not in (None, "", []):
            try:
                value, source = parse_value(f, case.elements[f.key]), "case"
            except UserError as e:
                el.issues.append(ElementIssue(f.key, "error", e.text("zh"),
                                              f"invalid value for {f.key}: {e.text('en')}"))
        if value is None and f.type == "party":
            names = [p.name for p in case.by_role(f.role or "")]
            if f.key == "insurer":  # an insurer is a defendant whose name says so
                names = [n for n in names if "保险" in n]
            value, source = ("、".join(names) or None), "parties"
        kinds = [k for k in (f.claim, *f.also_claims) if k and k in claims] if f.claim else []
        if value is None and kinds:
            value, source = sum((claims[k] for k in kinds), Decimal(0)), "claims"
        if value is None and f.key in from_text:
            value, source = from_text[f.key], "complaint"
        if value is None and f.default is not None:
            value, source = parse_value(f, f.default), "default"
        if value is not None:
            el.values[f.key] = value
            el.sources[f.key] = source
    # A guarantor sued beside the borrower is a defendant but not the borrower.
    named = {n for f in schema.fields if f.type == "names" for n in el.values.get(f.key) or []}
    for f in schema.fields:
        if f.type == "party" and el.sources.get(f.key) == "parties" and named:
            rest = [n for n in str(el.values[f.key]).split("、") if n not in named]
            el.values[f.key] = "、".join(rest) or el.values[f.key]
    if hearing_text and not (case.hearing and case.hearing.defendant_answer):
        said = hearing_statements(hearing_text)
        if said:
            el.values["hearing_defence"] = "".join(s if s.endswith("。") else s + "。" for s in said)
            el.sources["hearing_defence"] = "hearing"
    el.issues += validate(schema, el.values, case)
    return el


# -- validation --------------------------------------------------------------------------------
def validate(schema: CauseSchema, values: Mapping[str, Any], case: Case | None = None) -> list[ElementIssue]:
    """Missing required elements, parties that are not the case's, and the cause's own rules."""
    issues: list[ElementIssue] = []
    for f in schema.fields:
        v = values.get(f.key)
        if f.required and v in (None, "", []):
            issues.append(ElementIssue(f.key, "error", f"缺少必填要素：{f.label}",
                                       f"required element missing: {f.en}"))
        if case is not None and v and f.type in ("party", "names"):
            names = v if isinstance(v, list) else re.split(r"[、，,]", str(v))
            allowed = {p.name for p in case.by_role(f.role)} if f.role else {p.name for p in case.parties}
            for n in names:
                if n and n not in allowed:
                    issues.append(ElementIssue(f.key, "error", f"{f.label}“{n}”不是本案的当事人",
                                               f"{f.en} {n!r} is not a party of the case in that role"))
    for rule in schema.rules:
        issues += _rule(rule, schema, values, case)
    return issues


def _label(schema: CauseSchema, key: str) -> str:
    f = schema.field(key)
    return f.label if f else key


def _rule(rule: Mapping[str, Any], schema: CauseSchema, v: Mapping[str, Any],
          case: Case | None) -> list[ElementIssue]:
    kind = rule["kind"]
    if kind == "order":
        a, b = v.get(rule["before"]), v.get(rule["after"])
        if a and b and b < a:
            return [ElementIssue(rule["after"], "error",
                                 f"{_label(schema, rule['after'])}早于{_label(schema, rule['before'])}",
                                 f"{rule['after']} is before {rule['before']}")]
    elif kind == "not_more":
        a, b = v.get(rule["small"]), v.get(rule["large"])
        if a is not None and b is not None and a > b:
            return [ElementIssue(rule["small"], "error",
                                 f"{_label(schema, rule['small'])}超过{_label(schema, rule['large'])}",
                                 f"{rule['small']} exceeds {rule['large']}")]
    elif kind == "balance":
        t, m, e = v.get(rule["total"]), v.get(rule["minus"]), v.get(rule["equals"])
        if t is not None and m is not None and e is not None and t - m != e:
            return [ElementIssue(rule["equals"], "warning",
                                 f"{_label(schema, rule['total'])}{t}元减{_label(schema, rule['minus'])}{m}元"
                                 f"不等于{_label(schema, rule['equals'])}{e}元",
                                 f"{rule['total']} − {rule['minus']} ≠ {rule['equals']}")]
    elif kind == "sum":
        parts = [v.get(k) for k in rule["parts"] if v.get(k) is not None]
        total = v.get(rule["equals"])
        if parts and total is not None and sum(parts, Decimal(0)) != total:
            return [ElementIssue(rule["equals"], "warning",
                                 f"各分项之和{sum(parts, Decimal(0))}元不等于{_label(schema, rule['equals'])}{total}元",
                                 f"the items add up to {sum(parts, Decimal(0))}, not {total}")]
    elif kind == "range":
        x = v.get(rule["key"])
        if x is not None and not Decimal(rule["min"]) <= x <= Decimal(rule["max"]):
            return [ElementIssue(rule["key"], "error", f"{_label(schema, rule['key'])}应在"
                                 f"{rule['min']}至{rule['max']}之间", f"{rule['key']} out of range")]
    elif kind == "rate_cap" and case is not None:
        rate = v.get(rule["rate"])
        cap = rate_cap(case, v.get(rule["on"]), int(rule.get("times", 4)))
        if rate is not None and cap is not None and rate > cap[0]:
            return [ElementIssue(rule["rate"], "warning",
                                 f"约定年利率{rate}%超过{cap[1]}一年期LPR的{rule.get('times', 4)}倍"
                                 f"（{cap[0]}%），超过部分不予支持",
                                 f"agreed rate {rate}% exceeds {rule.get('times', 4)}×LPR ({cap[0]}%)")]
    return []


def payments_json(entries: list[dict[str, Any]]) -> list[dict[str, str | None]]:
    return [{"on": (e["on"].isoformat() if isinstance(e["on"], date) else str(e["on"]))
             if e.get("on") else None, "amount": f"{e['amount']:.2f}"} for e in entries]


def elements_to_json(el: Elements) -> dict[str, Any]:
    """Values as case-JSON strings (amounts as decimal strings, dates ISO), unknown keys kept."""
    schema = schema_for(el.cause)
    out: dict[str, Any] = dict(el.extra)
    for k, v in el.values.items():
        f = schema.field(k)
        if f is not None and f.type == "payments" and isinstance(v, list):
            out[k] = payments_json(v)
        elif isinstance(v, Decimal):
            out[k] = f"{v:.2f}" if f is not None and f.type == "money" else format(v, "f")
        elif isinstance(v, date):
            out[k] = v.isoformat()
        else:
            out[k] = v
    return out

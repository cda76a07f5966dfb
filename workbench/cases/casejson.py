"""The case description JSON (shared/domain/case-json.md): strict reading, faithful writing.

Reading rejects a malformed file with a message naming the field (e.g. `parties[1].role`), before
anything is written; unknown keys are kept, not dropped.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import CaseJsonError, CaseNumberError, Text, in_language
from ..law.case_numbers import parse_case_number
from ..law.id_numbers import birth_date, id_number_problem
from .procedure import EVENT_KINDS
from .records import CLAIM_KINDS, PARTY_KINDS, PROCEDURES, ROLES, Agent, Case, Claim, Hearing, Party

_PARTY_KEYS = {"role", "kind", "name", "sex", "born", "ethnicity", "address", "id_number",
               "credit_code", "representative", "agents"}
_TOP_KEYS = {"case_number", "court", "cause", "procedure", "filed_on", "judge", "clerk", "parties",
             "claims", "elements", "hearing", "events"}


# Limits (README, "Case JSON limits"): a real case description is a few kilobytes.
MAX_BYTES = 1 << 20          # 1 MiB per file
MAX_DEPTH = 16               # objects and arrays nested
MAX_STRING = 20_000          # characters in one string
MAX_ITEMS = {"parties": 100, "claims": 50, "events": 500}
MAX_INT = 2 ** 53            # integers exact in JSON everywhere
MAX_NODES = 100_000          # values in the whole document


def _limit(why_zh: str, why_en: str) -> CaseJsonError:
    return CaseJsonError(Text(f"案件 JSON 超出限制：{why_zh}", f"case JSON over a limit: {why_en}"))


def check_shape(doc: Any) -> None:
    """Depth, string length, number range and size of a parsed document (iterative: a deeply
    nested file must not exhaust the stack)."""
    stack = [(doc, 1)]
    nodes = 0
    while stack:
        v, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise _limit(f"值超过 {MAX_NODES} 个", f"more than {MAX_NODES} values")
        if isinstance(v, (dict, list)):
            if depth > MAX_DEPTH:
                raise _limit(f"嵌套超过 {MAX_DEPTH} 层", f"nested deeper than {MAX_DEPTH} levels")
            items = v.values() if isinstance(v, dict) else v
            stack.extend((x, depth + 1) for x in items)
            if isinstance(v, dict):
                stack.extend((k, depth + 1) for k in v)
        elif isinstance(v, str):
            if len(v) > MAX_STRING:
                raise _limit(f"字符串超过 {MAX_STRING} 个字符", f"a string longer than {MAX_STRING} characters")
        elif isinstance(v, bool) or v is None:
            pass
        elif isinstance(v, int):
            if abs(v) > MAX_INT:
                raise _limit(f"整数 {str(v)[:20]}… 超出范围", "an integer out of range (|n| > 2^53)")
        elif isinstance(v, float):
            if v != v or v in (float("inf"), float("-inf")):
                raise _limit("数值超出范围（如 1e400）", "a number out of range (e.g. 1e400)")
    if isinstance(doc, dict):
        for key, most in MAX_ITEMS.items():
            if isinstance(doc.get(key), list) and len(doc[key]) > most:
                raise _limit(f"{key} 超过 {most} 项", f"more than {most} {key}")


def _no_constant(name: str) -> Any:
    raise _limit(f"不允许 {name}", f"{name} is not a JSON number")


def _float(text: str) -> float:
    v = float(text)
    if v in (float("inf"), float("-inf")):
        raise _limit(f"数值 {text[:20]} 超出范围", f"the number {text[:20]} is out of range")
    return v


def _int(text: str) -> int:
    if len(text.lstrip("-")) > 16:
        raise _limit(f"整数 {text[:20]}… 超出范围", "an integer out of range (|n| > 2^53)")
    return int(text)


def _fail(field: str, why: str) -> CaseJsonError:
    # each half of the message takes its own half of `why` (a Text formatted whole is bilingual)
    return CaseJsonError(Text(f"案件 JSON 字段 {field} 有误：{in_language(why, 'zh')}",
                              f"case JSON field {field}: {in_language(why, 'en')}"), field=field)


def _str(obj: dict, key: str, path: str, *, required: bool = True) -> str | None:
    if key not in obj or obj[key] is None:
        if required:
            raise _fail(f"{path}{key}", Text("缺少此字段", "missing"))
        return None
    v = obj[key]
    if not isinstance(v, str):
        raise _fail(f"{path}{key}", Text(f"应为字符串，实为 {type(v).__name__}", "must be a string"))
    if required and not v.strip():
        raise _fail(f"{path}{key}", Text("不能为空", "must not be empty"))
    return v.strip()


def _date(obj: dict, key: str, path: str, *, required: bool = True) -> date | None:
    s = _str(obj, key, path, required=required)
    if s is None:
        return None
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise _fail(f"{path}{key}", Text(f"日期应为 YYYY-MM-DD，实为 {s!r}", "date must be YYYY-MM-DD")) from None


def parse_amount_field(value: Any, field: str) -> Decimal:
    if isinstance(value, float) or isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _fail(field, Text('金额应为十进制字符串，如 "80000.00"', "amount must be a decimal string"))
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        raise _fail(field, Text(f"不是金额：{value!r}", "not an amount")) from None
    if not d.is_finite() or d < 0:
        raise _fail(field, Text(f"金额不能为负数或非数：{value!r}",
                                f"amount must be a non-negative number: {value!r}"))
    if d.as_tuple().exponent < -2:  # type: ignore[operator]
        raise _fail(field, Text(f"金额最多两位小数：{value!r}", f"at most two decimals: {value!r}"))
    return d


def _agent(v: Any, field: str) -> Agent:
    if not isinstance(v, dict):
        raise _fail(field, Text("应为对象", "must be an object"))
    return Agent(name=_str(v, "name", f"{field}.") or "", title=_str(v, "title", f"{field}.", required=False) or "")


def _party(v: Any, i: int) -> Party:
    path = f"parties[{i}]."
    if not isinstance(v, dict):
        raise _fail(f"parties[{i}]", Text("应为对象", "must be an object"))
    role = _str(v, "role", path)
    if role not in ROLES:
        raise _fail(f"{path}role", f"应为 {'|'.join(ROLES)}，实为 {role!r}")
    kind = _str(v, "kind", path)
    if kind not in PARTY_KINDS:
        raise _fail(f"{path}kind", f"应为 {'|'.join(PARTY_KINDS)}，实为 {kind!r}")
    agents = v.get("agents") or []
    if not isinstance(agents, list):
        raise _fail(f"{path}agents", Text("应为数组", "must be a list"))
    rep = v.get("representative")
    born = _date(v, "born", path, required=False)
    id_number = _str(v, "id_number", path, required=False)
    if id_number and kind == "person":
        problem = id_number_problem(id_number)
        if problem is not None:
            raise _fail(f"{path}id_number", Text(f"公民身份号码{problem[0]}", f"ID number: {problem[1]}"))
        if born is not None and birth_date(id_number) != born:
            raise _fail(f"{path}id_number", Text(f"号码中的出生日期 {birth_date(id_number)} 与 born {born} 不符",
                             f"the birth date in the ID number ({birth_date(id_number)}) contradicts born ({born})"))
    if born is not None and born > date.today():
        raise _fail(f"{path}born", Text(f"出生日期 {born} 在将来", f"born in the future: {born}"))
    return Party(
        role=role, kind=kind, name=_str(v, "name", path) or "",
        sex=_str(v, "sex", path, required=False), born=born,
        ethnicity=_str(v, "ethnicity", path, required=False),
        address=_str(v, "address", path, required=False),
        id_number=id_number,
        credit_code=_str(v, "credit_code", path, required=False),
        representative=_agent(rep, f"{path}representative") if rep is not None else None,
        agents=[_agent(a, f"{path}agents[{j}]") for j, a in enumerate(agents)],
        extra={k: x for k, x in v.items() if k not in _PARTY_KEYS},
    )


def _claim(v: Any, i: int) -> Claim:
    path = f"claims[{i}]."
    if not isinstance(v, dict):
        raise _fail(f"claims[{i}]", Text("应为对象", "must be an object"))
    kind = _str(v, "kind", path)
    if kind not in CLAIM_KINDS:
        raise _fail(f"{path}kind", f"应为 {'|'.join(CLAIM_KINDS)}，实为 {kind!r}")
    amount = v.get("amount")
    return Claim(kind=kind, text=_str(v, "text", path) or "",
                 amount=None if amount is None else parse_amount_field(amount, f"{path}amount"))


def _hearing(v: Any) -> Hearing | None:
    if v is None:
        return None
    if not isinstance(v, dict):
        raise _fail("hearing", Text("应为对象或 null", "must be an object or null"))
    present = v.get("present", [])
    if not isinstance(present, list) or any(p not in ROLES for p in present):
        raise _fail("hearing.present", Text(f"应为角色数组（{'|'.join(ROLES)}）", "must list roles"))
    public = v.get("public", True)
    if not isinstance(public, bool):
        raise _fail("hearing.public", Text("应为 true 或 false", "must be a boolean"))
    return Hearing(held_on=_date(v, "held_on", "hearing.", required=False), public=public,
                   present=list(present),
                   defendant_answer=_str(v, "defendant_answer", "hearing.", required=False))


def parse_event(v: Any, i: int) -> dict:
    path = f"events[{i}]."
    if not isinstance(v, dict):
        raise _fail(f"events[{i}]", Text("应为对象", "must be an object"))
    kind = _str(v, "kind", path)
    if kind not in EVENT_KINDS:
        raise _fail(f"{path}kind", Text(f"未知的事件类型 {kind!r}", "unknown event kind"))
    ev = {"kind": kind, "on": _date(v, "on", path), "party": _str(v, "party", path, required=False)}
    data = {k: x for k, x in v.items() if k not in ("kind", "on", "party")}
    if kind == "extended":
        months = v.get("months")
        if not isinstance(months, int) or isinstance(months, bool) or months <= 0:
            raise _fail(f"{path}months", Text("延长审限须给出正整数月数", "extension needs whole months"))
    ev["data"] = data
    return ev


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _check_elements(elements: dict) -> None:
    """Element values are free-form, but a date must exist (no 2026-02-30) and no amount, rate or
    count is negative."""
    for key, value in elements.items():
        if not isinstance(value, str):
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
                raise _fail(f"elements.{key}", Text(f"不能为负数：{value}", f"must not be negative: {value}"))
            continue
        text = value.strip()
        if _ISO_DAY.fullmatch(text):
            try:
                date.fromisoformat(text)
            except ValueError:
                raise _fail(f"elements.{key}", Text(f"日期不存在：{text}", f"no such date: {text}")) from None
            continue
        try:
            number = Decimal(text)
        except InvalidOperation:
            continue
        if number.is_finite() and number < 0:
            raise _fail(f"elements.{key}", Text(f"不能为负数：{text}", f"must not be negative: {text}"))


def case_from_json(doc: Any) -> tuple[Case, list[dict]]:
    """Validate a case description; return the case and its events (not yet applied)."""
    if not isinstance(doc, dict):
        raise _fail("(top level)", Text("应为 JSON 对象", "must be a JSON object"))
    check_shape(doc)
    raw_number = _str(doc, "case_number", "")
    try:
        number = parse_case_number(raw_number or "").canonical
    except CaseNumberError as e:
        raise CaseJsonError(Text(f"案件 JSON 字段 case_number 有误：{e}", f"field case_number: {e}"),
                            field="case_number") from None
    court = doc.get("court")
    if not isinstance(court, dict):
        raise _fail("court", Text("缺少法院信息 {name, appeal_court}", "missing or not an object"))
    procedure = _str(doc, "procedure", "")
    if procedure not in PROCEDURES:
        raise _fail("procedure", f"应为 {'|'.join(PROCEDURES)}，实为 {procedure!r}")
    for key in ("parties", "claims", "events"):
        if key in doc and not isinstance(doc[key], list):
            raise _fail(key, Text("应为数组", "must be a list"))
    parties = [_party(p, i) for i, p in enumerate(doc.get("parties") or [])]
    for role in ("plaintiff", "defendant"):
        if not any(p.role == role for p in parties):
            raise _fail("parties", Text(f"至少需要一名{ROLES[role]}", f"needs at least one {role}"))
    names = [p.name for p in parties]
    if len(set(names)) != len(names):
        raise _fail("parties", Text("当事人姓名重复", "duplicate party names"))
    elements = doc.get("elements") or {}
    if not isinstance(elements, dict):
        raise _fail("elements", Text("应为对象", "must be an object"))
    _check_elements(elements)
    case = Case(
        number=number,
        court_name=_str(court, "name", "court.") or "",
        appeal_court=_str(court, "appeal_court", "court.", required=False) or "",
        cause=_str(doc, "cause", "") or "",
        procedure=procedure,
        filed_on=_date(doc, "filed_on", ""),  # type: ignore[arg-type]
        judge=_str(doc, "judge", "", required=False) or "",
        clerk=_str(doc, "clerk", "", required=False) or "",
        parties=parties,
        claims=[_claim(c, i) for i, c in enumerate(doc.get("claims") or [])],
        elements=dict(elements),
        hearing=_hearing(doc.get("hearing")),
        extra={k: v for k, v in doc.items() if k not in _TOP_KEYS},
    )
    court_extra = {k: v for k, v in court.items() if k not in ("name", "appeal_court")}
    if court_extra:
        case.extra["court"] = court_extra
    today = date.today()
    if case.filed_on > today:
        raise _fail("filed_on", Text(f"立案日期 {case.filed_on} 在将来", f"filed in the future: {case.filed_on}"))
    if case.filed_on.year != parse_case_number(number).year:
        raise _fail("filed_on", Text(f"立案年度 {case.filed_on.year} 与案号年度 {parse_case_number(number).year} 不符",
                         f"the filing year {case.filed_on.year} differs from the case number's year "
                         f"{parse_case_number(number).year}"))
    events = [parse_event(e, i) for i, e in enumerate(doc.get("events") or [])]
    for i, ev in enumerate(events):
        if ev["on"] > today:
            raise _fail(f"events[{i}].on", Text(f"事件日期 {ev['on']} 在将来", f"the event is dated in the future: {ev['on']}"))
        if ev["on"] < case.filed_on:
            raise _fail(f"events[{i}].on", Text(f"早于立案日期 {case.filed_on}",
                                                "before the filing date"))
        if ev["party"] and ev["party"] not in names:
            raise _fail(f"events[{i}].party", Text(f"不是本案当事人：{ev['party']}",
                                                   "not a party of the case"))
    return case, events


def load_case_file(path: Path) -> tuple[Case, list[dict]]:
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise _limit(f"文件 {size} 字节，超过 {MAX_BYTES} 字节", f"the file is {size} bytes, more than "
                         f"{MAX_BYTES}")
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CaseJsonError(Text(f"文件不存在：{path}", f"no such file: {path}"), field=None) from None
    except UnicodeDecodeError:
        raise CaseJsonError(Text(f"{path}: 不是 UTF-8 文本", f"{path}: not UTF-8 text"), field=None) from None
    try:
        doc = json.loads(text, parse_constant=_no_constant, parse_float=_float, parse_int=_int)
    except RecursionError:
        raise _limit(f"嵌套超过 {MAX_DEPTH} 层", f"nested deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as e:
        raise CaseJsonError(
            Text(f"{path}: JSON 语法错误，第 {e.lineno} 行第 {e.colno} 列：{e.msg}",
                 f"{path}: JSON syntax error"),
            field=None) from None
    return case_from_json(doc)


def _party_json(p: Party) -> dict:
    out: dict[str, Any] = {"role": p.role, "kind": p.kind, "name": p.name}
    for key in ("sex", "ethnicity", "address", "id_number", "credit_code"):
        if getattr(p, key):
            out[key] = getattr(p, key)
    if p.born:
        out["born"] = p.born.isoformat()
    if p.representative:
        out["representative"] = {"name": p.representative.name, "title": p.representative.title}
    if p.agents:
        out["agents"] = [{"name": a.name, "title": a.title} for a in p.agents]
    out.update(p.extra)
    return out


def case_to_json(case: Case, events: list[dict] | None = None) -> dict:
    """The case in the interchange form; `events` are dicts with kind, on (date), party, data."""
    court: dict[str, Any] = {"name": case.court_name, "appeal_court": case.appeal_court}
    court.update(case.extra.get("court", {}))
    doc: dict[str, Any] = {
        "case_number": case.number, "court": court, "cause": case.cause,
        "procedure": case.procedure, "filed_on": case.filed_on.isoformat(),
        "judge": case.judge, "clerk": case.clerk,
        "parties": [_party_json(p) for p in case.parties],
        "claims": [
            {"kind": c.kind, **({"amount": f"{c.amount:.2f}"} if c.amount is not None else {}),
             "text": c.text} for c in case.claims
        ],
        "elements": case.elements,
    }
    if case.hearing is not None:
        h = case.hearing
        doc["hearing"] = {"held_on": h.held_on.isoformat() if h.held_on else None,
                          "public": h.public, "present": h.present,
                          "defendant_answer": h.defendant_answer}
    if events is not None:
        doc["events"] = [
            {"kind": e["kind"], "on": e["on"].isoformat(),
             **({"party": e["party"]} if e.get("party") else {}), **e.get("data", {})}
            for e in events
        ]
    doc.update({k: v for k, v in case.extra.items() if k != "court"})
    return doc
